/**
 * The build targets and the exports for RMM tools and repository layouts, built from the project's
 * own fixtures (test/fixtures-exports) through the real CLI: what each target writes, the hazards the
 * reference names for each tool (Tactical's `{{...}}` snippets and upserts by guid, Datto's BOM,
 * N-able's exit codes and script limit, NinjaOne's environment variables, ImmyBot's inverted test,
 * IntuneCD's name matching), and every wrapper parsed by PowerShell and run once with the seam faked.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArtifacts } from '../compiler/emit/artifacts.ts';
import { remediationGuid } from '../compiler/emit/exports/ids.ts';
import { compile } from '../compiler/pipeline.ts';
import { parsePowerShellFiles } from '../compiler/proof/parse.ts';
import { runPwsh } from '../compiler/proof/pwsh.ts';
import { Scenario } from '../compiler/proof/scenario.ts';
import { checkWindowsPowerShell51 } from '../compiler/ps/compat/index.ts';
import { TARGETS } from '../compiler/declare/targets.ts';
import { describePowerShell } from './support/powershell.ts';
import { remc as run } from './support/remc.ts';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures-exports');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-exports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every target but those a fixture cannot take: N-able (tested apart) and IntuneCD (no detect-only remediations). */
const RMM = 'intune,combined,tactical,datto,ninjaone,immybot,community';

const remc = (args: string[], cwd = root, env: Record<string, string> = {}) => run(args, { cwd, env });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file));

/**
 * The bytes IntuneCD sends for a script file, read as its code reads it: almenscorner/IntuneCD
 * src/IntuneCD/update/Intune/ProactiveRemediation.py calls BaseUpdateModule.load_script_file, which is
 * `open(path, "r", encoding="utf-8").read()` (Python text mode: universal newlines turn CRLF and a lone
 * CR into LF; a BOM stays as U+FEFF), then IntuneCDBase.encode_base64: `base64.b64encode(data.encode("utf-8"))`.
 */
function intuneCdUpload(file: string): Buffer {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(file)).replace(/\r\n|\r/g, '\n');
  return Buffer.from(text, 'utf8');
}

/** Generous: these tests start several builds, and a busy machine makes each one slow. A limit here only catches a hang. */
const CLI_TIMEOUT_MS = 300_000;

let out: string;
beforeAll(async () => {
  out = path.join(scratch, 'all');
  const built = await remc(['build', '--project', fixtures, '--out', out, '--target', RMM]);
  if (built.code !== 0) throw new Error(`the export build failed: ${built.stderr}`);
});

describe('targets', { timeout: CLI_TIMEOUT_MS }, () => {
  it('builds only the declaration\'s targets by default: intune everywhere, tactical where declared', async () => {
    const dir = path.join(scratch, 'default');
    const r = await remc(['build', '--project', fixtures, '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = filesUnder(dir);
    expect(files.filter((f) => f.startsWith('tactical/'))).toEqual(['tactical/api/spooler.json', 'tactical/community_scripts.json', 'tactical/scripts/Win_Remc_Spooler.ps1']);
    expect(files.filter((f) => f.endsWith('combined.ps1'))).toEqual([]);
    expect(files).toContain('store-app/remediate.ps1');
    // The index lists the exports only for a remediation that has them: intune-only entries keep their old shape.
    const index = JSON.parse(read(dir, 'index.json').toString()) as { remediations: Array<Record<string, unknown>> };
    const byId = new Map(index.remediations.map((e) => [e['id'], e]));
    expect(byId.get('store-app')!['exports']).toBeUndefined();
    expect(byId.get('spooler')!['targets']).toEqual(['intune', 'tactical']);
    expect(Object.keys(byId.get('spooler')!['exports'] as object)).toEqual(['tactical/scripts/Win_Remc_Spooler.ps1', 'tactical/api/spooler.json']);
  });

  it('--target replaces the declarations\' targets, and the output is byte-identical from run to run', async () => {
    const again = path.join(scratch, 'again');
    const r = await remc(['build', '--project', fixtures, '--out', again, '--target', RMM.split(',').reverse().join(',')], root, { TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8' });
    expect(r.code).toBe(0);
    expect(filesUnder(again)).toEqual(filesUnder(out));
    for (const f of filesUnder(out)) expect(read(again, f).equals(read(out, f)), f).toBe(true);
    expect(filesUnder(out).some((f) => f.startsWith('intunecd/'))).toBe(false);
    expect(filesUnder(out)).toContain('spooler/combined.ps1');
  });

  it('refuses an unknown --target with REMC053 and the nearest name, writing nothing', async () => {
    const dir = path.join(scratch, 'unknown');
    const r = await remc(['build', '--project', fixtures, '--out', dir, '--target', 'intune,tactcal,nable']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error REMC053: --target: unknown target 'tactcal'; did you mean 'tactical'?");
    expect(r.stderr).toContain("error REMC053: --target: unknown target 'nable'; did you mean 'n-able'?");
    expect(existsSync(dir)).toBe(false);
  });

  it('lists every target with a line of help in remc build --help', async () => {
    const r = await remc(['build', '--help']);
    expect(r.code).toBe(0);
    for (const t of TARGETS) expect(r.stdout).toContain(`${t.name.padEnd(10)} ${t.help}`);
  });

  it('takes targets in a YAML declaration too', async () => {
    const project = path.join(scratch, 'yaml');
    mkdirSync(path.join(project, 'remediations'), { recursive: true });
    writeFileSync(
      path.join(project, 'remediations', 'spooler.remc.yaml'),
      ['id: spooler', 'displayName: Print Spooler running', 'description: Starts it.', 'publisher: Contoso IT', 'runAs: system', 'targets: [combined, ninjaone]', 'checks:', '  - template: serviceState', '    name: Spooler', '    status: running', ''].join('\n'),
    );
    const r = await remc(['build', '--project', project]);
    expect(r.stderr).toBe('');
    expect(filesUnder(path.join(project, 'dist'))).toEqual(['README.md', 'index.json', 'ninjaone/spooler.ps1', 'spooler/combined.ps1']);
    writeFileSync(path.join(project, 'remediations', 'spooler.remc.yaml'), readFileSync(path.join(project, 'remediations', 'spooler.remc.yaml'), 'utf8').replace('ninjaone]', 'ninja-one]'));
    const bad = await remc(['build', '--project', project]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^remediations\/spooler\.remc\.yaml:6:\d+ - error REMC053: unknown target 'ninja-one'; did you mean 'ninjaone'\?/m);
  });
});

describe('remc build --watch with targets', { timeout: CLI_TIMEOUT_MS }, () => {
  it('writes the exports and the whole-build files, and a rebuild leaves what remc build --check expects', async () => {
    const project = path.join(scratch, 'watch');
    mkdirSync(path.join(project, 'remediations'), { recursive: true });
    for (const f of ['spooler.ts', 'store-app.ts']) writeFileSync(path.join(project, 'remediations', f), readFileSync(path.join(fixtures, 'remediations', f)));
    const lines: string[] = [];
    const until = async (pattern: RegExp) => {
      const deadline = Date.now() + 120_000;
      while (!lines.some((l) => pattern.test(l))) {
        if (Date.now() > deadline) throw new Error(`no line matching ${pattern}; got:\n${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const { watch } = await import('../compiler/cli/watch.ts');
    const watcher = await watch({ root: project, outDir: path.join(project, 'dist'), log: (l) => lines.push(l), targets: ['intune', 'tactical', 'datto'] });
    try {
      await until(/^built 2 declarations/);
      expect(filesUnder(path.join(project, 'dist'))).toContain('tactical/community_scripts.json');
      const file = path.join(project, 'remediations', 'store-app.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Re-registers the Microsoft Store', 'Registers the Microsoft Store again'));
      await until(/^rebuilt remediations\/store-app\.ts: wrote store-app/);
      expect(read(path.join(project, 'dist'), 'tactical/community_scripts.json').toString()).toContain('Registers the Microsoft Store again');
      const check = await remc(['build', '--project', project, '--check', '--target', 'intune,tactical,datto']);
      // store-app runs as the user, and Datto runs scripts as SYSTEM only: that pair is skipped, by watch and build alike.
      expect(check.stderr.split('\n').filter((l) => / - (warning|error) /.test(l))).toEqual([expect.stringContaining('warning REMC057: target datto: "store-app" runs as the signed-in user')]);
      expect(check.code).toBe(0);
    } finally {
      watcher.close();
    }
  });
});

describe('Tactical RMM', { timeout: CLI_TIMEOUT_MS }, () => {
  const tactical = () => path.join(out, 'tactical');
  const catalog = () => JSON.parse(read(tactical(), 'community_scripts.json').toString()) as Array<Record<string, unknown>>;

  it('writes community_scripts.json valid against the schema of the documented fields (ajv)', () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'compiler', 'emit', 'exports', 'tactical-community-scripts.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    const ok = validate(catalog());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The schema is not a formality: a spaced file name, a wrong shell and a missing guid fail it.
    const broken = [{ ...catalog()[0], filename: 'Win Remc.ps1', shell: 'cmd', guid: undefined }];
    expect(validate(JSON.parse(JSON.stringify(broken)))).toBe(false);
    expect((validate.errors ?? []).map((e: { instancePath: string; params: Record<string, unknown> }) => e.instancePath || e.params['missingProperty'])).toEqual(expect.arrayContaining(['/0/filename', '/0/shell']));
  });

  it('keys each script by a guid made from the remediation id, stable across builds and unique', () => {
    const entries = catalog();
    expect(entries.map((e) => e['guid'])).toEqual(entries.map((e) => remediationGuid(String(e['filename']).replace(/^Win_Remc_|\.ps1$/g, '').replace(/[A-Z]/g, (c, i: number) => `${i > 0 ? '-' : ''}${c.toLowerCase()}`))));
    // Fixed for ever: a changed guid would make every Tactical server import a duplicate.
    // RFC 4122 version 5 of "spooler" in remc's namespace (Python: uuid.uuid5(UUID('5f0f5a8e-6d1b-4c5e-9a47-0b7c1e2d3a49'), 'spooler')).
    expect(remediationGuid('spooler')).toBe('9ca42634-5a0e-56be-944a-d0050914fd2f');
    expect(new Set(entries.map((e) => e['guid'])).size).toBe(entries.length);
  });

  it('sets run_as_user where a user remediation opts into it (userContextIn), a timeout that casts to int, and lists exactly the files in scripts/', () => {
    const entries = new Map(catalog().map((e) => [e['filename'], e]));
    expect(entries.get('Win_Remc_StoreApp.ps1')!['run_as_user']).toBe(true);
    expect(entries.get('Win_Remc_Spooler.ps1')!['run_as_user']).toBe(false);
    for (const e of entries.values()) {
      expect(Number.isInteger(e['default_timeout'])).toBe(true);
      expect(e['supported_platforms']).toEqual(['windows']);
      expect(e['shell']).toBe('powershell');
    }
    expect(readdirSync(path.join(tactical(), 'scripts')).sort()).toEqual([...entries.keys()].sort());
    for (const name of entries.keys()) expect(read(tactical(), `scripts/${name}`).equals(read(out, `${String(name).replace(/^Win_Remc_|\.ps1$/g, '').replace(/[A-Z]/g, (c, i: number) => `${i > 0 ? '-' : ''}${c.toLowerCase()}`)}/combined.ps1`))).toBe(true);
  });

  it('writes the REST body of each script (the way for a private library), with the script as its body', () => {
    const body = JSON.parse(read(tactical(), 'api/spooler.json').toString()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['args', 'category', 'default_timeout', 'description', 'env_vars', 'filename', 'name', 'run_as_user', 'script_body', 'shell', 'supported_platforms', 'syntax']);
    expect(body['script_body']).toBe(read(tactical(), 'scripts/Win_Remc_Spooler.ps1').toString('ascii'));
  });

  it('never writes {{ or }} into a script body, while the data that held them reaches the device intact', async () => {
    for (const f of filesUnder(out).filter((f) => f.endsWith('.ps1'))) expect(read(out, f).toString('latin1'), f).not.toMatch(/\{\{|\}\}/);
    const script = read(tactical(), 'scripts/Win_Remc_PlaceholderData.ps1').toString('ascii');
    // The check rows as the script declares them (a literal of several lines, up to the blank line after it).
    const lines = script.split('\r\n');
    const start = lines.findIndex((l) => l.startsWith('$RemcChecks = '));
    const rows = lines.slice(start, lines.indexOf('', start)).join('\n');
    if (!(await import('./support/powershell.ts')).toolchain) return;
    const r = await runPwsh(`${rows}\n$RemcChecks[0].Config.Path\n$RemcChecks[0].Config.Value`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split(/\r?\n/)).toEqual(['HKCU:\\Software\\Contoso\\{{Tenant}}', 'Hello {{user}} }}{{']);
  });
});

describe('layouts', { timeout: CLI_TIMEOUT_MS }, () => {
  it('IntuneCD: <name>__<guid>.yaml as Graph keeps the script, and Script Data/ with the decoded scripts', async () => {
    const dir = path.join(scratch, 'intunecd');
    const r = await remc(['build', '--project', fixtures, '--out', dir, '--target', 'intunecd', '--strict-targets']);
    // bitlocker is detect-only: IntuneCD would send an empty detection script; --strict-targets makes that fail the build.
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^remediations\/bitlocker\.ts:3:16 - error REMC055: target intunecd: "bitlocker" is detect-only.*\n\n +3 \| export default defineRemediation\(\{\n/m);
    expect(existsSync(dir)).toBe(false);
    const project = path.join(scratch, 'intunecd-project');
    mkdirSync(path.join(project, 'remediations'), { recursive: true });
    for (const f of ['spooler.ts', 'placeholder-data.ts']) writeFileSync(path.join(project, 'remediations', f), readFileSync(path.join(fixtures, 'remediations', f)));
    expect((await remc(['build', '--project', project, '--target', 'intune,intunecd'])).code).toBe(0);
    const dist = path.join(project, 'dist');
    const guid = remediationGuid('placeholder-data');
    const base = 'intunecd/Proactive Remediations';
    expect(filesUnder(dist).filter((f) => f.startsWith('intunecd/'))).toEqual([
      `${base}/Print Spooler running__${remediationGuid('spooler')}.yaml`,
      `${base}/Script Data/Print Spooler running_detectionScript__${remediationGuid('spooler')}.ps1`,
      `${base}/Script Data/Print Spooler running_remediationScript__${remediationGuid('spooler')}.ps1`,
      `${base}/Script Data/Template marker {{agent.hostname}}_detectionScript__${guid}.ps1`,
      `${base}/Script Data/Template marker {{agent.hostname}}_remediationScript__${guid}.ps1`,
      `${base}/Template marker {{agent.hostname}}__${guid}.yaml`,
    ].sort());
    const doc = parseYaml(read(dist, `${base}/Print Spooler running__${remediationGuid('spooler')}.yaml`).toString()) as Record<string, unknown>;
    const { ['@odata.type']: type, ...graph } = JSON.parse(read(dist, 'spooler/remediation.json').toString()) as Record<string, unknown>;
    expect(type).toBe('#microsoft.graph.deviceHealthScript');
    // The Graph body, but with the scripts as IntuneCD sends them (LF line ends; the next test proves it).
    const lf = (b64: unknown) => Buffer.from(Buffer.from(String(b64), 'base64').toString('ascii').replaceAll('\r\n', '\n'), 'ascii').toString('base64');
    expect(doc).toEqual({ ...graph, detectionScriptContent: lf(graph['detectionScriptContent']), remediationScriptContent: lf(graph['remediationScriptContent']) });
    const detect = read(dist, `${base}/Script Data/Print Spooler running_detectionScript__${remediationGuid('spooler')}.ps1`);
    expect(detect.toString('ascii')).toBe(read(dist, 'spooler/detect.ps1').toString('ascii').replaceAll('\r\n', '\n'));
    // IntuneCD finds a remediation's scripts by the text after "__": no suffix may contain another.
    const suffixes = ['spooler', 'placeholder-data'].map(remediationGuid);
    expect(suffixes.some((a) => suffixes.some((b) => a !== b && a.includes(b)))).toBe(false);
  });

  it('IntuneCD uploads what remc wrote, byte for byte: its own read of the files gives the same bytes, and the YAML the same base64', async () => {
    const project = path.join(scratch, 'intunecd-project');
    const base = path.join(project, 'dist', 'intunecd', 'Proactive Remediations');
    const yamls = readdirSync(base).filter((f) => f.endsWith('.yaml'));
    expect(yamls.length).toBe(2);
    for (const yaml of yamls) {
      const repo = parseYaml(readFileSync(path.join(base, yaml), 'utf8')) as Record<string, unknown>;
      for (const [kind, key] of [['detectionScript', 'detectionScriptContent'], ['remediationScript', 'remediationScriptContent']] as const) {
        const file = path.join(base, 'Script Data', yaml.replace(/__(.*)\.yaml$/, `_${kind}__$1.ps1`));
        const written = readFileSync(file);
        const sent = intuneCdUpload(file);
        expect(sent.equals(written), file).toBe(true);
        expect(repo[key], `${yaml} ${key}`).toBe(sent.toString('base64'));
        expect(written.includes(0x0d)).toBe(false);
      }
    }
  });

  it('refuses signing with the IntuneCD target (REMC067): the signature over CRLF bytes would not cover what IntuneCD sends', async () => {
    const compiled = await compile(path.join(scratch, 'intunecd-project'), { targets: ['intune', 'intunecd'] });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const signed: string[] = [];
    const built = buildArtifacts(compiled.remediations, (file, bytes) => {
      signed.push(file);
      return bytes;
    });
    expect(built.diagnostics.map((d) => d.code)).toEqual(['REMC067', 'REMC067']);
    expect(built.diagnostics[0]!.message).toMatch(/is built for IntuneCD and signed: IntuneCD sends the scripts with LF line ends/);
    expect(signed).toEqual([]);
    const intuneOnly = buildArtifacts((await compile(path.join(scratch, 'intunecd-project'), { targets: ['intune'] })).remediations, (_file, bytes) => bytes);
    expect(intuneOnly.diagnostics).toEqual([]);
  });

  it('community: Detection.ps1, Remediation.ps1 and a JSON of the settings per remediation', () => {
    expect(filesUnder(path.join(out, 'community', 'store-app'))).toEqual(['Detection.ps1', 'Remediation.ps1', 'store-app.json']);
    expect(filesUnder(path.join(out, 'community', 'bitlocker'))).toEqual(['Detection.ps1', 'bitlocker.json']);
    expect(read(out, 'community/store-app/Detection.ps1').equals(read(out, 'store-app/detect.ps1'))).toBe(true);
    const settings = JSON.parse(read(out, 'community/store-app/store-app.json').toString()) as Record<string, unknown>;
    expect(settings).toMatchObject({ id: 'store-app', runAsAccount: 'user', runAs32Bit: false, enforceSignatureCheck: false, detectOnly: false });
  });
});

/** A project of its own under the scratch folder, its declarations given as file name -> text. */
function project(name: string, declarations: Record<string, string>): string {
  const dir = path.join(scratch, name);
  mkdirSync(path.join(dir, 'remediations'), { recursive: true });
  for (const [file, text] of Object.entries(declarations)) writeFileSync(path.join(dir, 'remediations', file), text);
  return dir;
}

const fixture = (file: string) => readFileSync(path.join(fixtures, 'remediations', file), 'utf8');

describe('N-able', { timeout: CLI_TIMEOUT_MS }, () => {
  it("skips a script over N-able's 65,535 characters with REMC054, naming remediation and target; --strict-targets makes it an error", async () => {
    // A SYSTEM remediation of several templates: too long for N-able.
    const dir = project('nable-long', {
      'machine.ts': [
        "import { bitLockerStatus, defineRemediation, scheduledTask, serviceState } from 'remc';",
        'export default defineRemediation({',
        "  id: 'machine', displayName: 'Machine', description: 'Services, a task, BitLocker.', publisher: 'Contoso IT', runAs: 'system',",
        "  checks: [serviceState({ name: 'Spooler', status: 'running' }), scheduledTask({ path: '\\\\Microsoft\\\\Windows\\\\Defrag\\\\', name: 'ScheduledDefrag', enabled: true }), bitLockerStatus()],",
        '});',
        '',
      ].join('\n'),
      'spooler.ts': fixture('spooler.ts'),
    });
    const strict = await remc(['build', '--project', dir, '--target', 'n-able', '--strict-targets']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^remediations\/machine\.ts:2:16 - error REMC054: target n-able: the n-able script of "machine" is \d{5,} characters; N-able accepts at most 65535\n\n +2 \| export default defineRemediation/m);
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    const r = await remc(['build', '--project', dir, '--target', 'n-able']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/ - warning REMC054: target n-able: the n-able script of "machine" is \d{5,} characters; N-able accepts at most 65535; not built for n-able, the rest is\n/);
    expect(filesUnder(path.join(dir, 'dist'))).toEqual(['README.md', 'index.json', 'n-able/spooler.ps1']);
    const index = JSON.parse(read(path.join(dir, 'dist'), 'index.json').toString()) as { remediations: Array<Record<string, unknown>> };
    expect(index.remediations.find((e) => e['id'] === 'machine')!['skipped']).toEqual([{ target: 'n-able', code: 'REMC054', reason: expect.stringMatching(/^the n-able script of "machine" is \d+ characters/) }]);
    expect(read(path.join(dir, 'dist'), 'README.md').toString()).toMatch(/## Not built for these targets[\s\S]*\| `machine` \| n-able \| REMC054: the n-able script of "machine" is \d+ characters/);
  });
});

describe('run-as per tool', { timeout: CLI_TIMEOUT_MS }, () => {
  it('skips a user remediation for a tool that runs scripts as SYSTEM (REMC057, naming tool and account), builds the rest, and says so in dist/', async () => {
    const dir = path.join(scratch, 'run-as');
    const r = await remc(['build', '--project', fixtures, '--out', dir, '--target', 'datto,ninjaone,tactical']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning REMC057: target datto: "store-app" runs as the signed-in user, and Datto RMM runs scripts as SYSTEM only; not built for datto, the rest is');
    // A tool with a user context names it; store-app opts into NinjaOne's, teams-cache does not.
    expect(r.stderr).toContain(`warning REMC057: target ninjaone: "teams-cache" runs as the signed-in user, and NinjaOne runs scripts as SYSTEM unless set to the signed-in user (Run As "Current Logged-on User"), which userContextIn does not name 'ninjaone' for`);
    expect(r.stderr).not.toContain('target ninjaone: "store-app"');
    const files = filesUnder(dir);
    expect(files.filter((f) => f.startsWith('datto/')).map((f) => f.split('/')[1])).toEqual(['bitlocker', 'bitlocker', 'defrag-task', 'defrag-task', 'spooler', 'spooler']);
    expect(files).toContain('ninjaone/store-app.ps1');
    expect(files).not.toContain('ninjaone/teams-cache.ps1');
    expect(files).not.toContain('tactical/scripts/Win_Remc_TeamsCache.ps1');
    const index = JSON.parse(read(dir, 'index.json').toString()) as { remediations: Array<Record<string, unknown>> };
    const skipped = (id: string) => (index.remediations.find((e) => e['id'] === id)!['skipped'] as Array<{ target: string; code: string }> | undefined)?.map((s) => `${s.target} ${s.code}`);
    expect(skipped('store-app')).toEqual(['datto REMC057']);
    expect(skipped('teams-cache')).toEqual(['tactical REMC057', 'datto REMC057', 'ninjaone REMC057']);
    expect(skipped('spooler')).toBeUndefined();
    // The export states the user context it was built for: the help of the NinjaOne script, Tactical's run_as_user.
    const help = read(dir, 'ninjaone/store-app.ps1').toString().replace(/\s+/g, ' ');
    expect(help).toContain('NinjaOne: run it as the signed-in user (Run As "Current Logged-on User"); as SYSTEM it checks nothing and says WRONG ACCOUNT.');
    const tactical = JSON.parse(read(dir, 'tactical/community_scripts.json').toString()) as Array<Record<string, unknown>>;
    expect(tactical.find((e) => e['filename'] === 'Win_Remc_StoreApp.ps1')!['run_as_user']).toBe(true);
    expect(JSON.parse(read(dir, 'tactical/api/store-app.json').toString())['run_as_user']).toBe(true);
    const strict = await remc(['build', '--project', fixtures, '--out', path.join(scratch, 'run-as-strict'), '--target', 'datto', '--strict-targets']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^remediations\/store-app\.ts:\d+:\d+ - error REMC057: target datto: "store-app" runs as the signed-in user, and Datto RMM runs scripts as SYSTEM only\n/m);
    expect(existsSync(path.join(scratch, 'run-as-strict'))).toBe(false);
  });

  it('takes userContextIn only for a user remediation and a tool that has a user context (REMC058)', async () => {
    const spooler = fixture('spooler.ts');
    const dir = project('user-context', {
      'spooler.ts': spooler.replace("targets: ['intune', 'tactical'],", "targets: ['intune', 'tactical'],\n  userContextIn: ['tactical'],"),
      'store-app.ts': fixture('store-app.ts').replace("userContextIn: ['tactical', 'ninjaone', 'immybot']", "userContextIn: ['datto', 'ninjaone']"),
    });
    const r = await remc(['build', '--project', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^remediations\/spooler\.ts:\d+:\d+ - error REMC058: userContextIn is for runAs: 'user'; this remediation runs as SYSTEM/m);
    expect(r.stderr).toMatch(/^remediations\/store-app\.ts:\d+:\d+ - error REMC058: Datto RMM runs scripts as SYSTEM only: no user context to opt into \(userContextIn takes tactical, ninjaone, immybot\)/m);
  });

  it('--target intune,ninjaone,tactical,intunecd with a detect-only declaration builds the rest; --strict-targets fails and writes nothing', async () => {
    const dir = project('issue-case', { 'spooler.ts': fixture('spooler.ts'), 'bitlocker.ts': fixture('bitlocker.ts') });
    const targets = ['--target', 'intune,ninjaone,tactical,intunecd'];
    const strict = await remc(['build', '--project', dir, ...targets, '--strict-targets']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/error REMC055: target intunecd: "bitlocker" is detect-only/);
    expect(strict.stderr).toContain('Build failed: 1 error in 1 file;');
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    const r = await remc(['build', '--project', dir, ...targets]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^remediations\/bitlocker\.ts:3:16 - warning REMC055: target intunecd: "bitlocker" is detect-only, .*; not built for intunecd, the rest is$/m);
    const files = filesUnder(path.join(dir, 'dist'));
    expect(files).toEqual(expect.arrayContaining(['bitlocker/detect.ps1', 'ninjaone/bitlocker.ps1', 'tactical/scripts/Win_Remc_Bitlocker.ps1', 'spooler/remediate.ps1', 'ninjaone/spooler.ps1']));
    expect(files.filter((f) => f.startsWith('intunecd/') && f.includes(remediationGuid('bitlocker')))).toEqual([]);
    expect(files.filter((f) => f.startsWith('intunecd/') && f.includes(remediationGuid('spooler')))).toHaveLength(3);
  });
});

describePowerShell('every wrapper script, in PowerShell', () => {
  let nable: string;
  beforeAll(async () => {
    // Only the remediations small enough for N-able (the cache reset with its crash signal is not: REMC054).
    const project = path.join(scratch, 'nable-project');
    mkdirSync(path.join(project, 'remediations'), { recursive: true });
    writeFileSync(path.join(project, 'remediations', 'spooler.ts'), readFileSync(path.join(fixtures, 'remediations', 'spooler.ts')));
    nable = path.join(project, 'dist');
    const r = await remc(['build', '--project', project, '--target', 'n-able']);
    if (r.code !== 0) throw new Error(r.stderr);
  });

  it('parses every generated script with the real parser and passes the Windows PowerShell 5.1 check', async () => {
    const scripts = [...filesUnder(out).map((f) => path.join(out, f)), ...filesUnder(nable).map((f) => path.join(nable, f))].filter((f) => f.endsWith('.ps1'));
    expect(scripts.length).toBeGreaterThan(40);
    const parsed = await parsePowerShellFiles(scripts);
    expect(parsed.filter((p) => p.errors.length > 0).map((p) => `${p.file}: ${p.errors[0]!.message}`)).toEqual([]);
    for (const file of scripts) {
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      expect(checkWindowsPowerShell51({ path: file, text }), file).toEqual([]);
    }
  });

  /**
   * The account a tool runs the script as, in the shape Get-RemcIdentity returns from
   * WindowsIdentity.GetCurrent() (Microsoft Learn, WindowsIdentity.User, .Name, .IsSystem: SYSTEM is
   * S-1-5-18, NT AUTHORITY\SYSTEM). Every tool here runs scripts as SYSTEM unless set otherwise.
   */
  const IDENTITIES = {
    system: "@{ Sid = 'S-1-5-18'; Name = 'NT AUTHORITY\\SYSTEM'; IsSystem = $true }",
    user: "@{ Sid = 'S-1-5-21-1111111111-2222222222-3333333333-1001'; Name = 'CONTOSO\\alice'; IsSystem = $false }",
  };

  /**
   * Runs a wrapper once, as its tool runs it (as SYSTEM unless `identity` says otherwise), against a
   * simulated Windows: by default `spooler`'s, whose Print Spooler is stopped (only the seam faked).
   */
  async function runWrapper(script: string, opts: { mode?: string; env?: Record<string, string>; before?: string; identity?: keyof typeof IDENTITIES; fakes?: string; setup?: string; onStart?: 'crash' } = {}) {
    const work = mkdtempSync(path.join(scratch, 'run-'));
    const setup = path.join(work, 'setup.ps1');
    const onStart = opts.onStart ? ` -OnStart '${opts.onStart}'` : '';
    writeFileSync(setup, `${opts.setup ?? `Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -StartMode 'Auto'${onStart})`}\n$global:RemcFakeState.Identity = ${IDENTITIES[opts.identity ?? 'system']}`);
    const change = path.join(work, 'change.ps1');
    writeFileSync(change, opts.before ?? '');
    // The harness is called from a command that prints its exit code: Windows keeps 32 bits of it
    // (N-able's 1001), a Linux process exit only 8. What the script throws (ImmyBot's set after a
    // failed fix) is printed in its place.
    const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
    const fakes = path.join(root, 'templates', opts.fakes ?? 'service-state', 'fakes.ps1');
    const args = ['-Script', script, '-StateFile', path.join(work, 'state.clixml'), '-Fakes', fakes, '-Setup', setup, '-Now', '2026-11-25T12:00:00Z', '-Change', change, ...(opts.mode ? ['-Mode', opts.mode] : [])];
    const harness = path.join(root, 'compiler', 'proof', 'harness', 'Invoke-RemcScenario.ps1');
    const call = `& ${quote(harness)} ${args.map((a) => (a.startsWith('-') ? a : quote(a))).join(' ')}`;
    const r = await runPwsh(`try {\n${call}\n"remc-exit=$LASTEXITCODE"\n} catch { "remc-thrown=$($_.Exception.Message)" }`, {
      env: { ProgramData: path.join(work, 'ProgramData'), LOCALAPPDATA: path.join(work, 'LocalAppData'), SystemRoot: 'C:\\Windows', ...opts.env },
      cwd: work,
    });
    const state = JSON.parse(readFileSync(path.join(work, 'state.clixml.json'), 'utf8')) as unknown;
    const all = r.stdout.split(/\r?\n/).filter(Boolean);
    const end = all.findIndex((l) => l.startsWith('remc-exit=') || l.startsWith('remc-thrown='));
    const exit = /^remc-exit=(-?\d+)$/.exec(all[end] ?? '');
    const thrown = end >= 0 && !exit ? all.slice(end).join('\n').slice('remc-thrown='.length) : undefined;
    if (!exit && thrown === undefined) throw new Error(`the harness printed no exit code: ${r.stdout}${r.stderr}`);
    const lines = all.slice(0, end);
    return { stderr: r.stderr, exitCode: exit ? Number(exit[1]) : undefined, thrown, lines, started: JSON.stringify(state).includes('"State":"Running"') };
  }

  it('Datto monitor: the result between its markers, the lines as diagnostic, exit 1 to alert, nothing changed; written with a UTF-8 BOM', async () => {
    const file = path.join(out, 'datto', 'spooler', 'monitor.ps1');
    expect([...read(out, 'datto/spooler/monitor.ps1').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const r = await runWrapper(file);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    expect(r.lines[0]).toBe('<-Start Result->');
    expect(r.lines[1]).toMatch(/^Status=\[spooler\] FIX DUE \| /);
    expect(r.lines.slice(2, 4)).toEqual(['<-End Result->', '<-Start Diagnostic->']);
    expect(r.lines[r.lines.length - 1]).toBe('<-End Diagnostic->');
    expect(r.started).toBe(false);
  });

  it('Datto monitor from a 32-bit agent: relaunched in 64-bit, the child reports plainly and the parent prints the markers', async () => {
    // The Scenario harness runs a file named detect.ps1 with a simulated 32-bit host: give it the monitor under that name.
    const dir = mkdtempSync(path.join(scratch, 'datto32-'));
    writeFileSync(path.join(dir, 'detect.ps1'), read(out, 'datto/spooler/monitor.ps1'));
    const scenario = new Scenario({
      scripts: dir,
      fakes: [path.join(root, 'templates', 'service-state', 'fakes.ps1')],
      // Datto's agent runs components as SYSTEM.
      setup: `Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -StartMode 'Auto')\n$global:RemcFakeState.Identity = ${IDENTITIES.system}`,
      workDir: path.join(dir, 'work'),
      systemRoot: path.join(dir, 'Windows'),
    });
    const r = await scenario.run('detect', '2026-11-25T12:00:00Z', { host32Bit: true });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.split(/\r?\n/).filter(Boolean);
    expect(lines.slice(0, 3)).toEqual(['<-Start Result->', expect.stringMatching(/^Status=\[spooler\] FIX DUE \| /), '<-End Result->']);
    expect(lines[lines.length - 1]).toBe('<-End Diagnostic->');
    expect((r.state['Relaunches'] as unknown[] | undefined)?.length).toBe(1);
  });

  it('Datto component: detect, fix and verify in one run, exit 0 (the component variable Mode=detect makes it a check)', async () => {
    const fixed = await runWrapper(path.join(out, 'datto', 'spooler', 'component.ps1'));
    expect(fixed.stderr).toBe('');
    expect(fixed.exitCode).toBe(0);
    expect(fixed.lines[0]).toMatch(/^\[spooler\] FIX DUE \| /);
    expect(fixed.lines[fixed.lines.length - 1]).toMatch(/^\[spooler\] FIXED \| /);
    expect(fixed.started).toBe(true);
    const checked = await runWrapper(path.join(out, 'datto', 'spooler', 'component.ps1'), { env: { Mode: 'detect' } });
    expect(checked.exitCode).toBe(1);
    expect(checked.started).toBe(false);
  });

  it('N-able: exit 1001 with the summary as output when a fix is due, 0 after fixing it', async () => {
    const file = path.join(nable, 'n-able', 'spooler.ps1');
    const due = await runWrapper(file, { mode: 'detect' });
    expect(due.stderr).toBe('');
    expect(due.exitCode).toBe(1001);
    expect(due.lines).toEqual([expect.stringMatching(/^\[spooler\] FIX DUE \| /)]);
    const fixed = await runWrapper(file);
    expect(fixed.exitCode).toBe(0);
    expect(fixed.started).toBe(true);
  });

  it('NinjaOne: the mode from the script variable ($env:mode)', async () => {
    const file = path.join(out, 'ninjaone', 'spooler.ps1');
    const checked = await runWrapper(file, { env: { mode: 'detect' } });
    expect(checked.stderr).toBe('');
    expect(checked.exitCode).toBe(1);
    expect(checked.started).toBe(false);
    const fixed = await runWrapper(file, { env: { mode: 'both' } });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.started).toBe(true);
    const typo = await runWrapper(file, { env: { mode: 'remedy' } });
    expect(typo.exitCode).toBe(1);
    expect(typo.lines[typo.lines.length - 1]).toBe("[spooler] ERROR | unknown mode 'remedy': use detect, remediate or both");
    expect(typo.started).toBe(false);
  });

  it("ImmyBot: test outputs only $false while a fix is due (ImmyBot's compliant = $true), set fixes it", async () => {
    const file = path.join(out, 'immybot', 'spooler.ps1');
    const test = await runWrapper(file, { before: "$Method = 'test'" });
    expect(test.stderr).toBe('');
    expect(test.lines).toEqual(['False']);
    expect(test.started).toBe(false);
    const set = await runWrapper(file, { before: "$Method = 'set'" });
    expect(set.stderr).toBe('');
    expect(set.lines).toEqual([expect.stringMatching(/^\[spooler\] FIXED \| /)]);
    expect(set.started).toBe(true);
  });

  it('ImmyBot: set throws the summary when the fix fails (the service crashes on start), so ImmyBot shows the failure at once', async () => {
    const failed = await runWrapper(path.join(out, 'immybot', 'spooler.ps1'), { before: "$Method = 'set'", onStart: 'crash' });
    expect(failed.stderr).toBe('');
    expect(failed.lines).toEqual([]);
    expect(failed.thrown).toMatch(/^\[spooler\] FAILED \| service: FIX FAILED: Spooler started, then stopped/);
    // get and test never throw: they report.
    const test = await runWrapper(path.join(out, 'immybot', 'spooler.ps1'), { before: "$Method = 'test'", onStart: 'crash' });
    expect(test.stderr).toBe('');
    expect(test.lines).toEqual(['False']);
  });

  it('ImmyBot: the script states the context ImmyBot must run it in (System for a system remediation, User for a user one)', () => {
    expect(read(out, 'immybot/spooler.ps1').toString()).toContain('ImmyBot context: System (');
    expect(read(out, 'immybot/store-app.ps1').toString()).toContain('ImmyBot context: User (');
  });

  it('answers only as the declared account: a user remediation run as SYSTEM, or a SYSTEM one run as a user, says WRONG ACCOUNT, exits 1 and changes nothing', async () => {
    // store-app opts into NinjaOne's user context; run as SYSTEM (NinjaOne's default) it must not check SYSTEM's packages.
    const appx = { fakes: 'appx-registration', setup: 'Reset-RemcFakeAppxRegistration', env: { mode: 'both' } };
    const outcome = path.join(scratch, 'wrong-account.json');
    const asSystem = await runWrapper(path.join(out, 'ninjaone', 'store-app.ps1'), { ...appx, identity: 'system', env: { mode: 'both', REMC_OUTCOME_PATH: outcome } });
    expect(asSystem.stderr).toBe('');
    expect(asSystem.exitCode).toBe(1);
    expect(asSystem.lines).toEqual(['[store-app] WRONG ACCOUNT | runs as SYSTEM, declared runAs user: nothing checked']);
    expect(JSON.parse(readFileSync(outcome, 'utf8').replace(/^\uFEFF/, ''))).toMatchObject({ Remediation: 'store-app', Status: 'WRONG ACCOUNT', ExitCode: 1, Checks: [] });
    const asUser = await runWrapper(path.join(out, 'ninjaone', 'store-app.ps1'), { ...appx, identity: 'user' });
    expect(asUser.stderr).toBe('');
    expect(asUser.lines.join('\n')).not.toContain('WRONG ACCOUNT');
    expect(asUser.lines[asUser.lines.length - 1]).toMatch(/^\[store-app\] /);
    // spooler runs as SYSTEM: a tool set to run it as the logged-on user gets the refusal in its own form, and the spooler stays stopped.
    const component = await runWrapper(path.join(out, 'datto', 'spooler', 'component.ps1'), { identity: 'user' });
    expect(component.exitCode).toBe(1);
    expect(component.lines).toEqual(['[spooler] WRONG ACCOUNT | runs as a user, declared runAs system: nothing checked']);
    expect(component.started).toBe(false);
    const monitor = await runWrapper(path.join(out, 'datto', 'spooler', 'monitor.ps1'), { identity: 'user' });
    expect(monitor.lines.slice(0, 3)).toEqual(['<-Start Result->', 'Status=[spooler] WRONG ACCOUNT | runs as a user, declared runAs system: nothing checked', '<-End Result->']);
    expect(monitor.exitCode).toBe(1);
    const nableRun = await runWrapper(path.join(nable, 'n-able', 'spooler.ps1'), { identity: 'user' });
    expect(nableRun.exitCode).toBe(1001);
    expect(nableRun.started).toBe(false);
    const immy = await runWrapper(path.join(out, 'immybot', 'spooler.ps1'), { identity: 'user', before: "$Method = 'test'" });
    expect(immy.lines).toEqual(['False']);
  });

  it('Tactical: the listed script is the combined one; -Mode both fixes and exits 0', async () => {
    const r = await runWrapper(path.join(out, 'tactical', 'scripts', 'Win_Remc_Spooler.ps1'), { mode: 'both' });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.lines[r.lines.length - 1]).toMatch(/^\[spooler\] FIXED \| /);
    // A wrong -Mode is the summary line and exit 1, never a binding error on stderr, never a fix.
    const typo = await runWrapper(path.join(out, 'tactical', 'scripts', 'Win_Remc_Spooler.ps1'), { mode: 'fix' });
    expect(typo.stderr).toBe('');
    expect(typo.exitCode).toBe(1);
    expect(typo.lines).toEqual(["[spooler] ERROR | unknown mode 'fix': use detect, remediate or both"]);
    expect(typo.started).toBe(false);
  });
});
