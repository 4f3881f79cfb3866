/**
 * Builds in bounded memory: `remc build` writes each file into the staging folder as it is made and
 * compares with the existing output file by file, and a large project is loaded in slices. These
 * tests hold the promises that make that safe: the output equals the in-memory build whatever path
 * the writer takes, a failure part-way leaves the output whole, and slicing changes no result.
 * Projects come from the project's own generator (bench/synthetic.ts).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateProject } from '../bench/synthetic.ts';
import { build, compile } from '../compiler/pipeline.ts';
import { findDeclarationFiles, loadDeclarations } from '../compiler/load/load.ts';
import { compareTrees, isClean, readTree } from '../compiler/write/write.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-stream-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A synthetic project of `count` declarations, built once into dist/. */
async function builtProject(name: string, count: number): Promise<{ project: string; dist: string; ids: string[] }> {
  const project = path.join(scratch, name);
  const ids = generateProject(project, { count, seed: 11 });
  expect((await build({ root: project })).written).toBe(true);
  return { project, dist: path.join(project, 'dist'), ids };
}

/** dist/ holds exactly what an in-memory build of the project gives, byte for byte. */
async function expectCurrent(project: string): Promise<void> {
  const expected = (await compile(project)).artifacts;
  const actual = await readTree(path.join(project, 'dist'));
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, bytes] of expected) expect(actual.get(name)!.equals(bytes), name).toBe(true);
}

function stagingLeft(project: string): string[] {
  return readdirSync(project).filter((name) => name.includes('.remc-'));
}

describe('the streamed output', () => {
  it('equals the in-memory build, and a second build writes nothing', async () => {
    const { project } = await builtProject('fresh', 60);
    await expectCurrent(project);
    expect((await build({ root: project })).written).toBe(false);
    expect(stagingLeft(project)).toEqual([]);
  });

  it('carries over the files that did not change when only the last remediation did', async () => {
    const { project, ids } = await builtProject('last-changed', 60);
    const last = path.join(project, 'remediations', `${ids.at(-1)}.ts`);
    writeFileSync(last, readFileSync(last, 'utf8').replace("publisher: 'Contoso IT", "publisher: 'Fabrikam IT"));
    const report = await build({ root: project });
    expect(report.diagnostics).toEqual([]);
    expect(report.written).toBe(true);
    expect(readFileSync(path.join(project, 'dist', ids.at(-1)!, 'detect.ps1'), 'utf8')).toContain('Fabrikam IT');
    await expectCurrent(project);
    expect(stagingLeft(project)).toEqual([]);
  });

  it('puts back a file deleted by hand and drops a stray one', async () => {
    const { project, dist, ids } = await builtProject('hand-edited', 40);
    unlinkSync(path.join(dist, ids[7]!, 'remediation.json'));
    writeFileSync(path.join(dist, 'stray.txt'), 'x');
    const check = await build({ root: project, check: true });
    expect(check.drift).toEqual({ missing: [`${ids[7]}/remediation.json`], changed: [], extra: ['stray.txt'] });
    expect(existsSync(path.join(dist, 'stray.txt'))).toBe(true);
    expect((await build({ root: project })).written).toBe(true);
    await expectCurrent(project);
  });

  it('removes a stray file even when every file it writes is unchanged', async () => {
    const { project, dist } = await builtProject('stray-only', 40);
    writeFileSync(path.join(dist, 'notes.txt'), 'left by hand');
    expect((await build({ root: project })).written).toBe(true);
    expect(existsSync(path.join(dist, 'notes.txt'))).toBe(false);
    await expectCurrent(project);
  });

  it('leaves dist/ whole and no staging behind when an error comes after files were staged', async () => {
    const { project, dist } = await builtProject('late-error', 80);
    const before = await readTree(dist);
    // Changed publishers make every file differ, so the writer stages from the first file on; the
    // custom check with PowerShell 7 syntax (REMC023) sorts last and fails only when its scripts are made.
    for (const file of readdirSync(path.join(project, 'remediations'))) {
      const p = path.join(project, 'remediations', file);
      writeFileSync(p, readFileSync(p, 'utf8').replace("publisher: 'Contoso IT", "publisher: 'Fabrikam IT"));
    }
    const fixture = path.join(root, 'test', 'fixtures', 'custom-check-ps7', 'remediations');
    cpSync(path.join(fixture, 'bitlocker.probe.ps1'), path.join(project, 'remediations', 'bitlocker.probe.ps1'));
    cpSync(path.join(fixture, 'bitlocker.ts'), path.join(project, 'remediations', 'zz-bitlocker.ts'));
    const report = await build({ root: project });
    expect(report.written).toBe(false);
    expect(new Set(report.diagnostics.map((d) => d.code))).toEqual(new Set(['REMC023']));
    expect(report.diagnostics[0]!.location?.file).toBe('remediations/bitlocker.probe.ps1');
    expect(isClean(compareTrees(await readTree(dist), before))).toBe(true);
    expect(stagingLeft(project)).toEqual([]);
  });
});

describe('loading a large project in slices', () => {
  const project = path.join(scratch, 'sliced');
  const count = 1003; // three slices of at most 500

  it('loads every declaration, in order, and locates an error in a later slice', async () => {
    generateProject(project, { count, seed: 13 });
    // Sorts after every generated file, so it lands in the second slice.
    writeFileSync(
      path.join(project, 'remediations', 'zz-throws.ts'),
      "import { brokerPluginRegistration, defineRemediation } from 'remc';\n\nconst config = JSON.parse('{ \"id\": ');\n\nexport default defineRemediation({ ...config, runAs: 'user', checks: [brokerPluginRegistration()] });\n",
    );
    const files = await findDeclarationFiles(project);
    const loaded = await loadDeclarations(project, files);
    expect(loaded.declarations.map((d) => d.file)).toEqual(files.filter((f) => f !== 'remediations/zz-throws.ts'));
    expect(loaded.inputs.size).toBe(files.length);
    expect(loaded.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line, d.location?.column])).toEqual([['REMC002', 'remediations/zz-throws.ts', 3, 21]]);
    // A call site recorded in the second slice maps back to its own file, not to one of the first.
    const second = loaded.declarations.at(-1)!;
    const site = (second.value as { site: Parameters<typeof second.locator.locate>[0] }).site;
    expect(second.locator.locate(site)?.file).toBe(second.file);
  });

  it('fails as a whole, with every syntax error, when one slice cannot be bundled', async () => {
    writeFileSync(path.join(project, 'remediations', 'aa-broken.ts'), "export default {\n");
    writeFileSync(path.join(project, 'remediations', 'zz-throws.ts'), "export default ]\n");
    const loaded = await loadDeclarations(project, await findDeclarationFiles(project));
    expect(loaded.declarations).toEqual([]);
    expect(loaded.diagnostics.map((d) => [d.code, d.location?.file])).toEqual([
      ['REMC001', 'remediations/aa-broken.ts'],
      ['REMC001', 'remediations/zz-throws.ts'],
    ]);
  });
});
