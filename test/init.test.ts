/**
 * `remc init`: the scaffold builds, type-checks and (with PowerShell) passes `remc test` as it stands,
 * in TypeScript and in YAML; its tsconfig makes a mistake a type error; and it never replaces a file.
 * The scaffolded project gets 'remc' from this checkout through a node_modules link,
 * as `npm install` of the file: dependency it names would.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-init-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const fresh = () => path.join(scratch, `p${++counter}`);

function remc(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return run(process.execPath, [path.join(root, 'bin', 'remc.mjs'), ...args], cwd);
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file under `dir` with its text: what "nothing was written" compares. */
function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[path.relative(dir, path.join(e.parentPath, e.name))] = readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

/** What `npm install` would put in node_modules for the scaffold's devDependencies: remc alone. */
function linkDependencies(dir: string): void {
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(root, path.join(dir, 'node_modules', 'remc'), 'dir');
}

async function scaffold(args: string[] = []): Promise<string> {
  const dir = fresh();
  const result = await remc(['init', dir, ...args], scratch);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  linkDependencies(dir);
  return dir;
}

describe('remc init', () => {
  it('writes package.json with the scripts, tsconfig.json, .gitignore and one example', async () => {
    const dir = fresh();
    const result = await remc(['init', dir], scratch);
    expect(result.code).toBe(0);
    expect(Object.keys(snapshot(dir)).sort()).toEqual(['.github/workflows/remc.yml', '.gitignore', 'package.json', 'remediations/print-spooler.ts', 'tsconfig.json']);
    // The CI workflow is the example remc ships (test/ci-workflow.test.ts proves it).
    expect(readFileSync(path.join(dir, '.github', 'workflows', 'remc.yml'), 'utf8')).toBe(readFileSync(path.join(root, 'examples', '.github', 'workflows', 'remc.yml'), 'utf8'));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(manifest.scripts).toEqual({ build: 'remc build', check: 'remc check', test: 'remc test' });
    expect(manifest.devDependencies.remc).toBe(`file:${path.relative(dir, root)}`);
    expect(manifest.remc.owner).toMatch(new RegExp(`^${manifest.name}-[0-9a-f]{6}$`));
    // Another scaffold gets another key: two repositories never claim each other's scripts.
    const second = fresh();
    await remc(['init', second], scratch);
    expect(JSON.parse(readFileSync(path.join(second, 'package.json'), 'utf8')).remc.owner).not.toBe(manifest.remc.owner);
    const gitignore = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    expect(gitignore).toMatch(/^node_modules\/$/m);
    expect(gitignore).toMatch(/^# dist\/$/m); // committed by default, one line to ignore it
  });

  it('builds and type-checks as scaffolded (TypeScript)', async () => {
    const dir = await scaffold();
    const built = await remc(['build'], dir);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(readdirSync(path.join(dir, 'dist', 'print-spooler')).sort()).toEqual(['README.md', 'detect.ps1', 'remediate.ps1', 'remediation.json']);
    const checked = await remc(['check'], dir);
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('print-spooler');
  });

  it("its tsconfig turns a mistake into a type error at the declaration's line", async () => {
    const dir = await scaffold();
    const file = path.join(dir, 'remediations', 'print-spooler.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("status: 'running'", "status: 'runing'"));
    // What the editor shows: tsc with the scaffold's tsconfig.json.
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const types = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], dir);
    expect(types.stdout).toMatch(/^remediations\/print-spooler\.ts\(11,\d+\): error TS2820: Type '"runing"' is not assignable to type '"running" \| "stopped"'/m);
    // remc check says it once, in remc's words, where tsc and remc's rules both see it.
    const checked = await remc(['check'], dir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/^remediations\/print-spooler\.ts:11:44 - error REMC014: serviceState\(\{ status \}\): expected 'running' or 'stopped', got string "runing"$/m);
    expect(checked.stderr).toContain('Check failed: 1 error in 1 file.');
  });

  it("without a tsconfig.json, remc check type-checks with remc's own settings", async () => {
    const dir = await scaffold();
    rmSync(path.join(dir, 'tsconfig.json'));
    const file = path.join(dir, 'remediations', 'print-spooler.ts');
    // An error only under remc's settings (noUncheckedIndexedAccess), not under tsc's defaults.
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nexport const first: string = ['Spooler'][0];\n`);
    const checked = await remc(['check'], dir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/^remediations\/print-spooler\.ts:14:14 - error REMC004: TS2322: Type 'string \| undefined' is not assignable to type 'string'\./m);
    expect(checked.stderr).toContain('Check failed: 1 error in 1 file.');
  });

  it('builds and checks as scaffolded with --yaml', async () => {
    const dir = await scaffold(['--yaml']);
    expect(existsSync(path.join(dir, 'remediations', 'print-spooler.remc.yaml'))).toBe(true);
    // The schema the example names is where an installed remc has it.
    const modeline = readFileSync(path.join(dir, 'remediations', 'print-spooler.remc.yaml'), 'utf8').split('\n')[0]!;
    expect(existsSync(path.join(dir, 'remediations', modeline.replace('# yaml-language-server: $schema=', '')))).toBe(true);
    const built = await remc(['build'], dir);
    expect(built.code).toBe(0);
    const checked = await remc(['check'], dir);
    expect(checked.code).toBe(0);
  });

  it('refuses to run twice, naming the files, and changes nothing', async () => {
    const dir = await scaffold();
    const before = snapshot(dir);
    const again = await remc(['init', dir], scratch);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has tsconfig\.json, \.gitignore, remediations\/print-spooler\.ts, \.github\/workflows\/remc\.yml; remc init never replaces files/);
    expect(again.stderr).toContain('nothing was written');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses when a single file it would write exists, and writes none of the others', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(path.join(dir, '.gitignore'), 'mine\n');
    const result = await remc(['init'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('remc init: . already has .gitignore; remc init never replaces files, so nothing was written\n');
    expect(snapshot(dir)).toEqual({ '.gitignore': 'mine\n' });
  });

  it('adds its scripts to the package.json that npm install or npm init made, keeping the rest; a different script is a conflict', async () => {
    const dir = fresh();
    mkdirSync(dir);
    const manifest = { dependencies: { remc: 'file:remc-0.1.0.tgz' } };
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
    const result = await remc(['init'], dir);
    expect(result.code).toBe(0);
    const written = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    // The owner key remc publish marks the repository's scripts with: its folder's name and a random suffix.
    expect(written).toEqual({ ...manifest, scripts: { build: 'remc build', check: 'remc check', test: 'remc test' }, remc: { owner: expect.stringMatching(/^[a-z0-9._-]+-[0-9a-f]{6}$/) } });
    expect(result.stdout).toContain('package.json: added remc.owner');

    // What `npm init -y` writes: its placeholder test script gives way to remc's, the rest is kept.
    const npmInit = fresh();
    mkdirSync(npmInit);
    const placeholder = { name: 'fleet-fixes', version: '1.0.0', main: 'index.js', scripts: { test: 'echo "Error: no test specified" && exit 1' }, keywords: [], license: 'ISC' };
    writeFileSync(path.join(npmInit, 'package.json'), JSON.stringify(placeholder, null, 2));
    const merged = await remc(['init'], npmInit);
    expect(merged.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(npmInit, 'package.json'), 'utf8'))).toEqual({
      ...placeholder,
      scripts: { test: 'remc test', build: 'remc build', check: 'remc check' },
      remc: { owner: expect.stringMatching(/^fleet-fixes-[0-9a-f]{6}$/) },
    });
    expect(merged.stdout).toContain('package.json: replaced npm\'s placeholder script test with "remc test"');

    const other = fresh();
    mkdirSync(other);
    writeFileSync(path.join(other, 'package.json'), JSON.stringify({ scripts: { test: 'jest' } }));
    const refused = await remc(['init'], other);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('package.json script "test" ("jest")');
    expect(snapshot(other)).toEqual({ 'package.json': JSON.stringify({ scripts: { test: 'jest' } }) });
  });
});

describePowerShell('remc init: the example passes remc test', () => {
  it('remc test proves the scaffolded example', async () => {
    const dir = await scaffold();
    const tested = await remc(['test'], dir);
    expect(tested.stderr).toBe('');
    expect(tested.stdout).toMatch(/print-spooler +ok +parse 2\/2, 5\.1 compat 2\/2, template scenarios \d+\/\d+/);
    expect(tested.code).toBe(0);
  }, 300_000);
});
