/**
 * YAML declarations (`remediations/*.remc.yaml`): the same remediation in YAML and in TypeScript builds
 * the same scripts; bad YAML gets diagnostics at the YAML's file:line:column with a code frame (a golden
 * corpus under test/fixtures-yaml/, like test/fixtures); the generated JSON Schema covers every template.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../compiler/pipeline.ts';
import { BUILTIN_TEMPLATES_DIR, loadTemplateFactories, templateFolders } from '../compiler/load/registry.ts';
import { remc as run } from './support/remc.ts';

const root = path.resolve(import.meta.dirname, '..');
const corpus = path.join(root, 'test', 'fixtures-yaml');
const projects = readdirSync(corpus).filter((name) => existsSync(path.join(corpus, name, 'remediations')));
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const remc = (args: string[], cwd: string) => run(args, { cwd });

/** A project in a temporary folder holding `files` (target name -> source path) under remediations/. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'remc-yaml-'));
  temps.push(dir);
  mkdirSync(path.join(dir, 'remediations'));
  for (const [name, from] of Object.entries(files)) copyFileSync(from, path.join(dir, 'remediations', name));
  return dir;
}

const sha256 = (text: string) => createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
const equivalent = path.join(corpus, 'equivalent');
const examples = path.join(root, 'examples', 'remediations');
const defenderFiles = Object.fromEntries(['probe', 'fix', 'fakes'].map((k) => [`defender-realtime.${k}.ps1`, path.join(examples, `defender-realtime.${k}.ps1`)]));

const pairs = [
  { id: 'teams-signin-50058', ts: path.join(root, 'remediations', 'teams-signin-50058.ts'), extra: {} },
  { id: 'print-spooler', ts: path.join(examples, 'print-spooler.ts'), extra: {} },
  { id: 'defender-realtime', ts: path.join(examples, 'defender-realtime.ts'), extra: defenderFiles },
  { id: 'low-disk-cache', ts: path.join(examples, 'low-disk-cache.ts'), extra: {} },
  { id: 'dns-cache-flush', ts: path.join(examples, 'dns-cache-flush.ts'), extra: {} },
];

describe('a YAML and a TypeScript declaration of the same remediation', () => {
  it.each(pairs)('$id: the same detect.ps1 and remediate.ps1, but for the header naming each its own source', async ({ id, ts, extra }) => {
    const yamlFile = path.join(equivalent, `${id}.remc.yaml`);
    const fromTs = await compile(project({ [`${id}.ts`]: ts, ...extra }));
    const fromYaml = await compile(project({ [`${id}.remc.yaml`]: yamlFile, ...extra }));
    expect(fromTs.diagnostics).toEqual([]);
    expect(fromYaml.diagnostics).toEqual([]);
    const tsSource = `from remediations/${id}.ts (sha256 ${sha256(readFileSync(ts, 'utf8'))})`;
    const yamlSource = `from remediations/${id}.remc.yaml (sha256 ${sha256(readFileSync(yamlFile, 'utf8'))})`;
    const scripts = [...fromTs.artifacts.keys()].filter((f) => f.endsWith('.ps1'));
    expect(scripts).toEqual([`${id}/detect.ps1`, `${id}/remediate.ps1`]);
    for (const file of scripts) {
      const a = fromTs.artifacts.get(file)!.toString('latin1');
      const b = fromYaml.artifacts.get(file)!.toString('latin1');
      // The header is the only place a source is named: each build names its own file and hash.
      expect(a.split('\r\n')[0]).toContain(tsSource);
      expect(b.split('\r\n')[0]).toContain(yamlSource);
      expect(Buffer.from(a.replace(tsSource, yamlSource), 'latin1').equals(fromYaml.artifacts.get(file)!)).toBe(true);
    }
    // The Graph payload differs only where it carries the scripts (base64 of the above).
    const payload = (c: typeof fromTs) => {
      const { detectionScriptContent: _d, remediationScriptContent: _r, ...rest } = JSON.parse(c.artifacts.get(`${id}/remediation.json`)!.toString('utf8'));
      return rest;
    };
    expect(payload(fromYaml)).toEqual(payload(fromTs));
    expect(fromYaml.remediations[0]!.checks.map((c) => c.triggers)).toEqual(fromTs.remediations[0]!.checks.map((c) => c.triggers));
  });

  it('a YAML trigger that names a diagnosis builds the cause trigger, and each check its own options', async () => {
    const compiled = await compile(project({ 'teams-signin-50058.remc.yaml': path.join(equivalent, 'teams-signin-50058.remc.yaml') }));
    const [diagnosis, broker, purge] = compiled.remediations[0]!.checks;
    expect(diagnosis!.triggers).toEqual([]);
    expect(broker!.triggers).toEqual([{ kind: 'drift' }, { kind: 'cause', check: 'diagnosis', causes: ['os'] }]);
    expect(purge!.triggers).toEqual([{ kind: 'cause', check: 'diagnosis', causes: ['os'] }]);
    expect(purge!.config['stopProcesses']).toEqual(['Teams', 'ms-teams']);
  });

  it('a project may hold both kinds; a duplicate id across them is reported at the later file', async () => {
    const dir = project({
      'a-teams.ts': path.join(root, 'remediations', 'teams-signin-50058.ts'),
      'b-teams.remc.yaml': path.join(equivalent, 'teams-signin-50058.remc.yaml'),
      'print-spooler.remc.yaml': path.join(equivalent, 'print-spooler.remc.yaml'),
    });
    const compiled = await compile(dir);
    expect(compiled.files).toEqual(['remediations/a-teams.ts', 'remediations/b-teams.remc.yaml', 'remediations/print-spooler.remc.yaml']);
    expect(compiled.diagnostics.map((d) => `${d.code} ${d.location?.file}:${d.location?.line}`)).toEqual(['REMC010 remediations/b-teams.remc.yaml:4']);
  });
});

describe('bad YAML declarations', () => {
  it('has a corpus of at least 10 projects', () => {
    expect(projects.length).toBeGreaterThanOrEqual(10);
  });

  describe.concurrent.each(projects.filter((p) => p !== 'equivalent'))('%s', (name) => {
    it('fails with exactly the expected diagnostics, at the YAML line, and writes nothing', async () => {
      const dir = path.join(corpus, name);
      const result = await remc(['build'], dir);
      expect(result.code).toBe(1);
      expect(existsSync(path.join(dir, 'dist'))).toBe(false);
      expect(result.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
      const expectedFile = path.join(dir, 'expected.txt');
      if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(expectedFile, result.stderr);
      expect(result.stderr).toBe(readFileSync(expectedFile, 'utf8'));
      expect(result.stderr).toMatch(/^remediations\/.+\.remc\.yaml:\d+:\d+ - error REMC\d{3}: .+\n\n +\d+ \| .*\n +\| +\^/m);
    });
  });
});

describe('the JSON Schema for editors (docs/schema/remc-declaration.schema.json)', () => {
  const schema = JSON.parse(readFileSync(path.join(root, 'docs', 'schema', 'remc-declaration.schema.json'), 'utf8'));
  const items = schema.properties.checks.items;
  const branch = (factory: string) => items.allOf.find((b: { if: { properties: { template: { const: string } } } }) => b.if.properties.template.const === factory)?.then;

  it('has a branch for every built-in factory, with exactly its spec options and required ones', async () => {
    for (const folder of templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin')) {
      for (const [factory, { spec }] of await loadTemplateFactories(folder)) {
        const then = branch(factory);
        expect(then, factory).toBeDefined();
        expect(Object.keys(then.properties).sort()).toEqual(['template', ...Object.keys(spec.options)].sort());
        expect(then.required.sort()).toEqual(['template', ...Object.entries(spec.options).filter(([, o]) => o.required).map(([k]) => k)].sort());
        expect(then.additionalProperties).toBe(false);
      }
    }
    expect(items.properties.template.enum).toContain('customCheck');
  });

  it('allows every key the equivalent YAML declarations use, and writes trigger defaults as YAML', () => {
    for (const file of readdirSync(equivalent)) {
      const doc = parse(readFileSync(path.join(equivalent, file), 'utf8')) as { checks: Array<Record<string, unknown>> } & Record<string, unknown>;
      for (const key of Object.keys(doc)) expect(Object.keys(schema.properties), `${file}: ${key}`).toContain(key);
      for (const check of doc.checks) {
        for (const key of Object.keys(check)) expect(Object.keys(branch(check['template'] as string).properties), `${file}: ${key}`).toContain(key);
      }
    }
    expect(branch('serviceState').properties.trigger.default).toEqual(['drift']);
  });
});
