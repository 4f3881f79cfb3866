/**
 * The corpus of bad declarations: each folder under test/fixtures/ is a project, and expected.txt
 * holds exactly what `remc build` prints on stderr for it (`remc check` where the project has a
 * tsconfig.json, so type errors are covered too). UPDATE_GOLDEN=1 rewrites them after a deliberate
 * change. Every run must fail with exit 1, name file:line:column with a code frame, and never show
 * a stack trace of remc's own. What the template folders make (the list of their factories) is written
 * in a golden as a placeholder, so a new template folder changes no golden.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES_DIR, loadTemplateFactories, templateFolders } from '../compiler/load/registry.ts';
import { remc as run } from './support/remc.ts';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures');
const projects = readdirSync(fixtures).filter((name) => existsSync(path.join(fixtures, name, 'remediations')));

const remc = (args: string[], cwd: string) => run(args, { cwd });

/** The check factories 'remc' exports, as a message lists them: each template folder's, and customCheck. */
const factories = ['customCheck'];
for (const folder of templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin')) factories.push(...(await loadTemplateFactories(folder)).keys());
/** Placeholders a golden holds for what the template folders make. */
const DERIVED: ReadonlyArray<readonly [string, string]> = [['{the built-in factories}', factories.sort().join(', ')]];
const fromGolden = (text: string) => DERIVED.reduce((t, [placeholder, value]) => t.replaceAll(placeholder, value), text);
const toGolden = (text: string) => DERIVED.reduce((t, [placeholder, value]) => t.replaceAll(value, placeholder), text);

describe('bad declarations', () => {
  it('has a corpus of at least 30 projects', () => {
    expect(projects.length).toBeGreaterThanOrEqual(30);
  });

  describe.concurrent.each(projects)('%s', (name) => {
    it('fails with exactly the expected diagnostics and writes nothing', async () => {
      const project = path.join(fixtures, name);
      const command = existsSync(path.join(project, 'tsconfig.json')) ? 'check' : 'build';
      const result = await remc([command], project);
      expect(result.code).toBe(1);
      expect(existsSync(path.join(project, 'dist'))).toBe(false);
      expect(result.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
      const expectedFile = path.join(project, 'expected.txt');
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(expectedFile)) writeFileSync(expectedFile, toGolden(result.stderr));
      expect(result.stderr).toBe(fromGolden(readFileSync(expectedFile, 'utf8')));
      if (name !== 'empty-project') expect(result.stderr).toMatch(/^remediations\/.+:\d+:\d+ - error REMC\d{3}: .+\n\n +\d+ \| .*\n +\| +\^/m);
    });
  });
});
