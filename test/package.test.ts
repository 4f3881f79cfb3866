/**
 * The published package, as an admin gets it: `npm pack` of a copy of this checkout (so the checkout
 * never holds the packed CLI bundle), `npm install` of the tarball into an empty folder, then the
 * README's commands there, for a TypeScript and for a YAML declaration; and the admin's repository as
 * the README tells it: a folder made by `npm init -y`, the tarball committed under vendor/ and installed
 * from there offline (npm's cache warmed by one install before), then the CI example's own commands.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { toolsDir } from '../compiler/proof/toolchain.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, shell: process.platform === 'win32' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Fails with the command's own output when it did not exit 0. */
function ok(result: Run, what: string): Run {
  expect(result.code, `${what} exited ${result.code}:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/** Not packed: what a checkout has beside its sources (dependencies, toolchain, build output, caches). */
const NOT_COPIED = new Set(['node_modules', '.tools', '.git', 'lib', '.cache', 'dist', 'coverage']);

let tarball: string;
let entries: string[];

beforeAll(async () => {
  const source = path.join(scratch, 'remc');
  cpSync(root, source, { recursive: true, filter: (from) => path.dirname(from) !== root || !NOT_COPIED.has(path.basename(from)) });
  // prepack bundles the CLI with esbuild from the checkout's dependencies.
  symlinkSync(path.join(root, 'node_modules'), path.join(source, 'node_modules'), 'dir');
  const packed = ok(await run('npm', ['pack', '--silent', '--pack-destination', scratch], source), 'npm pack');
  tarball = path.join(scratch, packed.stdout.trim().split('\n').pop()!);
  // postpack removed the bundle again: a checkout never runs a stale one.
  expect(existsSync(path.join(source, 'lib'))).toBe(false);
  const listed = ok(await run('tar', ['-tzf', tarball], scratch), 'tar -tzf');
  entries = listed.stdout.trim().split('\n').map((e) => e.replace(/^package\//, '')).sort();
}, 300_000);

/**
 * `npm install <tarball>` into an empty folder. npm takes the dependencies from its cache and asks the
 * registry only for what the cache lacks.
 */
async function install(name: string): Promise<string> {
  const dir = path.join(scratch, name);
  mkdirSync(dir);
  ok(await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], dir), 'npm install <tarball>');
  return dir;
}

describe('npm pack', () => {
  it('holds the compiler, its bundle, the templates, the runtime, the 5.1 data with its licence and the types', () => {
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/remc.mjs',
      'lib/cli.mjs',
      'compiler/index.ts',
      'compiler/ps/runtime/detect.ps1',
      'compiler/proof/harness/Invoke-RemcWorker.ps1',
      'compiler/ps/data/windows-powershell-5.1/commands.json',
      'compiler/ps/data/windows-powershell-5.1/LICENSE',
      'templates/index.ts',
      'templates/service-state/probe.ps1',
      'types/compiler/index.d.ts',
      'docs/schema/remc-declaration.schema.json',
      'docs/check-protocol.md',
    ]) {
      expect(entries, `${needed} is missing from the package`).toContain(needed);
    }
  });

  it('holds no tests, fixtures, build output, benchmark or build-time scripts; of the examples, what the README shows', () => {
    // Of the examples: the CI workflow that `remc init` copies into a new project, and the declarations
    // and template the README points to (never their build output).
    const shipped = (e: string) => e === 'examples/.github/workflows/remc.yml' || /^examples\/(remediations|templates)\//.test(e);
    const unwanted = entries.filter(
      (e) => (/^(test|dist|bench|examples|remediations|\.ci|\.tools|node_modules)\//.test(e) && !shipped(e)) || /\.test\.ts$/.test(e) || e.startsWith('compiler/dev/'),
    );
    expect(unwanted).toEqual([]);
    expect(entries).toContain('examples/.github/workflows/remc.yml');
    // Every examples/ file or folder the README links to is in the package, so its links hold in node_modules/remc.
    const linked = [...readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/\]\((examples\/[^)#\s]+)\)/g)].map((m) => m[1]!);
    expect(linked.length).toBeGreaterThan(0);
    for (const link of linked) expect(entries.some((e) => e === link || (link.endsWith('/') && e.startsWith(link))), `${link} is not in the package`).toBe(true);
  });

  it('is publishable: not private, with engines, bin and typed exports', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.engines.node).toMatch(/^>=20/);
    expect(manifest.bin).toEqual({ remc: './bin/remc.mjs' });
    expect(manifest.exports['.'].types).toBe('./types/compiler/index.d.ts');
    expect(entries).toContain(manifest.exports['.'].types.replace(/^\.\//, ''));
  });
});

describe('installed from the tarball into an empty folder', { timeout: 600_000 }, () => {
  it('remc init, build and check succeed (TypeScript)', async () => {
    const dir = await install('app-ts');
    const npx = (...args: string[]) => run('npx', ['--no-install', 'remc', ...args], dir);
    ok(await npx('init'), 'npx remc init');
    const built = ok(await npx('build'), 'npx remc build');
    expect(built.stdout).toMatch(/^ {2}print-spooler +system, 64-bit, 1 check/m);
    expect(readdirSync(path.join(dir, 'dist', 'print-spooler')).sort()).toEqual(['README.md', 'detect.ps1', 'remediate.ps1', 'remediation.json']);
    const checked = ok(await npx('check'), 'npx remc check');
    expect(checked.stdout).toMatch(/^ {2}print-spooler +ok$/m);
    expect(checked.stderr).toBe('');

    // The types come from remc's declarations alone: no remc source, no @types/node. With the library
    // check on, remc's .d.ts files are checked too, and must hold without Node's types.
    const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    ok(await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--skipLibCheck', 'false'], dir), 'tsc --skipLibCheck false');
    const listed = ok(await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFilesOnly'], dir), 'tsc --listFilesOnly');
    const fromRemc = listed.stdout.split('\n').map((f) => f.trim()).filter((f) => f.includes('node_modules/remc/'));
    expect(fromRemc).toContain(path.join(dir, 'node_modules', 'remc', 'types', 'compiler', 'index.d.ts').split(path.sep).join('/'));
    expect(fromRemc.filter((f) => !/node_modules\/remc\/types\/.*\.d\.ts$/.test(f))).toEqual([]);
    expect(listed.stdout).not.toContain('@types/node');

    // A misspelt option fails the check, named in the user's file.
    const declaration = path.join(dir, 'remediations', 'print-spooler.ts');
    writeFileSync(declaration, readFileSync(declaration, 'utf8').replace("status: 'running'", "statsu: 'running'"));
    const failed = await npx('check');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^remediations\/print-spooler\.ts:\d+:\d+ - error REMC\d+: .*'statsu'/m);
  });

  it('remc init --yaml, build and check succeed (YAML)', async () => {
    const dir = await install('app-yaml');
    const npx = (...args: string[]) => run('npx', ['--no-install', 'remc', ...args], dir);
    ok(await npx('init', '--yaml'), 'npx remc init --yaml');
    // The schema the example names for editors is in the package.
    const example = readFileSync(path.join(dir, 'remediations', 'print-spooler.remc.yaml'), 'utf8');
    const schema = /\$schema=(\S+)/.exec(example)![1]!;
    expect(readFileSync(path.resolve(dir, 'remediations', schema), 'utf8')).toContain('"$schema"');
    ok(await npx('build'), 'npx remc build');
    expect(readdirSync(path.join(dir, 'dist', 'print-spooler')).sort()).toEqual(['README.md', 'detect.ps1', 'remediate.ps1', 'remediation.json']);
    ok(await npx('check'), 'npx remc check');
  });
});

describePowerShell('installed from the tarball, the README path with PowerShell', () => {
  // The toolchain this checkout already has stands for the per-user cache: `remc setup` finds it
  // complete (test/setup.test.ts installs into an empty one).
  const env = { REMC_CACHE: toolsDir() };

  it.each([
    ['TypeScript', []],
    ['YAML', ['--yaml']],
  ])('npm install, remc init, setup, build, test and check succeed (%s)', async (kind, initArgs) => {
    const dir = await install(`app-readme-${kind.toLowerCase()}`);
    const npx = async (...args: string[]) => ok(await run('npx', ['--no-install', 'remc', ...args], dir, env), `npx remc ${args.join(' ')}`);
    await npx('init', ...initArgs);
    expect((await npx('setup')).stdout).toMatch(/^remc setup: PowerShell 7\.6\.9 \(.+\) and Pester 5\.9\.1 ready in /);
    await npx('build');
    const tested = await npx('test');
    expect(tested.stdout).toMatch(/^ {2}print-spooler +ok /m);
    expect(tested.stdout).toMatch(/^Tested 1 remediation: 1 passed, 0 failed in /m);
    await npx('check');
  });
});

/** The one-line commands of the CI example's steps (npm and npx remc), in order; the multi-line ones need secrets. */
function ciCommands(): string[] {
  const workflow = parseYaml(readFileSync(path.join(root, 'examples', '.github', 'workflows', 'remc.yml'), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
  return Object.values(workflow.jobs)
    .flatMap((job) => job.steps.map((step) => step.run?.trim() ?? ''))
    .filter((run) => run !== '' && !run.includes('\n') && /^(npm|npx remc) /.test(run));
}

describePowerShell("the admin's repository: npm init -y, the tarball under vendor/, the CI example's commands", () => {
  const env = { REMC_CACHE: toolsDir() };

  it('installs offline from vendor/ by a relative path, and CI (npm ci, then the workflow\'s remc commands) passes there', async () => {
    // One install (registry allowed) warms npm's cache, as any earlier install on the machine would.
    await install('warm-cache');
    const dir = path.join(scratch, 'admin-repo');
    mkdirSync(path.join(dir, 'vendor'), { recursive: true });
    ok(await run('npm', ['init', '-y'], dir), 'npm init -y');
    cpSync(tarball, path.join(dir, 'vendor', path.basename(tarball)));
    ok(await run('npm', ['install', '--offline', '--no-audit', '--no-fund', `./vendor/${path.basename(tarball)}`], dir), 'npm install --offline ./vendor/<tarball>');
    // The path npm writes is relative and inside the repository, so a clone in CI installs the same file.
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(manifest.dependencies.remc).toBe(`file:vendor/${path.basename(tarball)}`);
    const npx = async (...args: string[]) => ok(await run('npx', ['--no-install', 'remc', ...args], dir, env), `npx remc ${args.join(' ')}`);
    await npx('init');
    await npx('build');

    // CI: a fresh clone (no node_modules), then exactly the commands of examples/.github/workflows/remc.yml.
    rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
    const commands = ciCommands();
    expect(commands).toEqual(['npm ci', 'npx remc setup', 'npx remc test --strict', 'npx remc build --check --strict-targets']);
    for (const command of commands) {
      const [tool, ...args] = command.split(' ');
      ok(await run(tool!, args, dir, { ...env, REMC_REQUIRE_POWERSHELL: '1' }), command);
    }
    // Three installs and a whole CI run: a limit only against a hang, on a busy machine.
  }, 2_700_000);
});
