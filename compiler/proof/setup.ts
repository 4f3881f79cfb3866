/**
 * `remc setup`: installs what `remc test` runs on (pinned PowerShell 7 and Pester, and the .NET
 * Framework 4.8 reference assemblies that compile C# as Windows PowerShell 5.1 does) into the toolchain
 * folder (compiler/proof/toolchain.ts: one per user, shared by all projects) and records it in its
 * toolchain.json. Everything comes through the .NET SDK: `dotnet tool install` for PowerShell and
 * `dotnet restore` of a throw-away project for the NuGet packages. A toolchain that is already complete
 * is only checked to exist (no process is started); `verify` starts pwsh again to prove it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { readToolchainFile, toolsDir, type SavedToolchain, type Toolchain } from './toolchain.ts';

export const PWSH_VERSION = '7.6.9';
export const PESTER_VERSION = '5.9.1';
export const NETFX48_VERSION = '1.0.3';
/** Bump when toolchain.json's meaning changes, to force a re-probe. */
const SCHEMA = 1;

export const DOTNET_MISSING =
  'the .NET SDK is missing (`dotnet` is not on PATH); remc setup installs PowerShell and Pester with it. ' +
  'Install the .NET SDK 10 or later from https://dotnet.microsoft.com/download, open a new terminal so that PATH has `dotnet`, and run `remc setup` again. ' +
  'Or point REMC_PWSH and REMC_PESTER at a pwsh executable and a Pester.psd1 you already have.';

export interface SetupOptions {
  /** Start pwsh to prove a complete toolchain (default: check only that its files exist). */
  readonly verify?: boolean;
  /** One line per step. */
  readonly log?: (line: string) => void;
}

export interface SetupResult {
  readonly ok: boolean;
  /** The toolchain folder. */
  readonly dir: string;
  readonly toolchain?: Toolchain;
  /** What this run installed, e.g. "PowerShell 7.6.9". */
  readonly installed: readonly string[];
  readonly error?: string;
}

class SetupError extends Error {}

/** First executable called `name` on PATH (PATHEXT-aware on Windows), or undefined. */
function onPath(name: string): string | undefined {
  const isWindows = process.platform === 'win32';
  const exts = isWindows ? (process.env['PATHEXT'] || '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (process.env['PATH'] || '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext.toLowerCase());
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): { ok: boolean; status: number | null; output: string } {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 10 * 60 * 1000,
    maxBuffer: 64 * 1024 * 1024,
    windowsHide: true,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`.trim();
  return { ok: result.status === 0 && !result.error, status: result.status, output };
}

/** Runs a step that must succeed; on failure the error carries the command's exact output. */
function install(what: string, command: string, args: readonly string[], cwd: string): void {
  const result = run(command, args, { cwd });
  if (!result.ok) throw new SetupError(`${what}: \`${[command, ...args].join(' ')}\` exited ${result.status ?? 'abnormally'}:\n${result.output}`);
}

interface Probe {
  readonly pwshVersion: string;
  readonly pesterVersion: string | null;
  readonly pesterError: string | null;
  readonly env: Record<string, string>;
}

/**
 * Starts pwsh once: its version and, if the module file exists, whether Pester imports (and its version).
 * A pwsh built for a .NET major version that is not installed fails to start; DOTNET_ROLL_FORWARD=Major
 * lets it run on a newer one, so on failure retry with it and keep it in toolchain.json's env.
 */
function probe(pwsh: string, pester: string, envCandidates: readonly Record<string, string>[]): Probe {
  const script = [
    "$ErrorActionPreference = 'Stop'",
    '$o = [ordered]@{ pwshVersion = $PSVersionTable.PSVersion.ToString(); pesterVersion = $null; pesterError = $null }',
    '$p = $env:REMC_PROBE_PESTER',
    'if ($p -and (Test-Path -LiteralPath $p)) {',
    '  try { $o.pesterVersion = (Import-Module -Name $p -Force -PassThru -ErrorAction Stop).Version.ToString() }',
    '  catch { $o.pesterError = $_.Exception.Message }',
    '}',
    "'REMC-PROBE ' + ($o | ConvertTo-Json -Compress)",
  ].join('\n');
  let firstFailure: string | undefined;
  for (const extraEnv of envCandidates) {
    const result = run(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], {
      cwd: tmpdir(),
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', ...extraEnv, REMC_PROBE_PESTER: pester },
      timeoutMs: 2 * 60 * 1000,
    });
    const line = result.output.split(/\r?\n/).find((l) => l.startsWith('REMC-PROBE '));
    if (result.ok && line) return { ...(JSON.parse(line.slice('REMC-PROBE '.length)) as Omit<Probe, 'env'>), env: extraEnv };
    firstFailure ??= `\`${pwsh}\` exited ${result.status ?? 'abnormally'}:\n${result.output}`;
  }
  throw new SetupError(`cannot start pwsh: ${firstFailure}`);
}

/** Whether two paths name one existing file (through links). */
function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** A path as the user would type it: relative to the current folder when inside it, ~ for the home folder. */
function shown(p: string): string {
  const relative = path.relative(process.cwd(), p);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative;
  const home = homedir();
  return p === home || p.startsWith(home + path.sep) ? `~${p.slice(home.length)}` : p;
}

/** Where the toolchain folder keeps each part. */
interface ToolPaths {
  readonly dir: string;
  readonly toolPwsh: string;
  readonly nugetDir: string;
  readonly defaultPester: string;
  readonly netfx48RefDir: string;
  readonly toolchainFile: string;
}

function toolPaths(dir: string): ToolPaths {
  const exe = process.platform === 'win32' ? '.exe' : '';
  const nugetDir = path.join(dir, 'nuget');
  return {
    dir,
    toolPwsh: path.join(dir, 'pwsh', `pwsh${exe}`),
    nugetDir,
    defaultPester: path.join(nugetDir, 'pester', PESTER_VERSION, 'tools', 'Pester.psd1'),
    netfx48RefDir: path.join(nugetDir, 'microsoft.netframework.referenceassemblies.net48', NETFX48_VERSION, 'build', '.NETFramework', 'v4.8'),
    toolchainFile: path.join(dir, 'toolchain.json'),
  };
}

/** What this run works with: pwsh (undefined until installed) and where it comes from, Pester, the reference assemblies, dotnet. */
interface Tools {
  readonly pwsh: string | undefined;
  readonly pwshSource: string;
  readonly pester: string;
  readonly netfx48RefDir: string;
  readonly dotnet: string | undefined;
}

/**
 * The tools REMC_PWSH, REMC_PESTER and REMC_DOTNET name, else the toolchain folder's (and dotnet from
 * PATH). The folder may be reached through a link: where toolchain.json's paths stand for the same
 * files, they are kept as it records them.
 */
function chooseTools(paths: ToolPaths, saved: SavedToolchain): Tools {
  let pwsh: string | undefined;
  let pwshSource = shown(path.dirname(paths.toolPwsh));
  const envPwsh = process.env['REMC_PWSH'];
  if (envPwsh) {
    if (!existsSync(envPwsh) || !statSync(envPwsh).isFile()) throw new SetupError(`REMC_PWSH=${envPwsh} is not a file`);
    [pwsh, pwshSource] = [path.resolve(envPwsh), 'REMC_PWSH'];
  } else if (existsSync(paths.toolPwsh)) {
    pwsh = paths.toolPwsh;
  }
  let pester = process.env['REMC_PESTER'] ? path.resolve(process.env['REMC_PESTER']) : paths.defaultPester;
  const dotnet = process.env['REMC_DOTNET'] ?? onPath('dotnet');
  let netfx48RefDir = paths.netfx48RefDir;
  if (pwsh && saved.pwsh && sameFile(saved.pwsh, pwsh)) pwsh = saved.pwsh;
  if (saved.netfx48RefDir && sameFile(saved.netfx48RefDir, netfx48RefDir)) netfx48RefDir = saved.netfx48RefDir;
  if (saved.pesterModule && sameFile(saved.pesterModule, pester)) pester = saved.pesterModule;
  return { pwsh, pwshSource, pester, netfx48RefDir, dotnet };
}

/** Warm: toolchain.json already describes exactly these tools, and their files are there. */
function isComplete(saved: SavedToolchain, tools: Tools): boolean {
  return (
    saved.schema === SCHEMA &&
    tools.pwsh !== undefined &&
    saved.pwsh === tools.pwsh &&
    saved.pesterModule === tools.pester &&
    existsSync(tools.pester) &&
    (saved.netfx48RefDir ? existsSync(saved.netfx48RefDir) : !tools.dotnet)
  );
}

/** How an install step reports: a line per step, the time so far, what it installed, its scratch folder. */
interface Step {
  readonly log: (line: string) => void;
  readonly ms: () => string;
  readonly installed: string[];
  readonly scratch: string;
}

/** Installs the pinned PowerShell into the toolchain folder (dotnet tool install); returns its pwsh. */
function installPwsh(paths: ToolPaths, dotnet: string | undefined, step: Step): string {
  if (!dotnet) throw new SetupError(DOTNET_MISSING);
  step.log(`  PowerShell ${PWSH_VERSION}: installing (dotnet tool install)`);
  install(`installing PowerShell ${PWSH_VERSION}`, dotnet, ['tool', 'install', '--tool-path', path.join(paths.dir, 'pwsh'), 'PowerShell', '--version', PWSH_VERSION], step.scratch);
  if (!existsSync(paths.toolPwsh)) throw new SetupError(`dotnet tool install succeeded but ${paths.toolPwsh} does not exist`);
  step.installed.push(`PowerShell ${PWSH_VERSION}`);
  step.log(`  PowerShell ${PWSH_VERSION}: installed [${step.ms()}]`);
  return paths.toolPwsh;
}

/** The environments pwsh is tried with, in order (see `probe`). */
function envCandidates(dotnet: string | undefined): Record<string, string>[] {
  // The tool shim finds the runtime through DOTNET_ROOT when dotnet is not in its default location.
  const candidates: Record<string, string>[] = [{}];
  if (dotnet && !process.env['DOTNET_ROOT']) candidates.push({ DOTNET_ROOT: path.dirname(realpathSync(dotnet)) });
  candidates.push(...candidates.map((env) => ({ ...env, DOTNET_ROLL_FORWARD: 'Major' })));
  return candidates;
}

/**
 * Restores Pester and the .NET Framework 4.8 reference assemblies (dotnet restore) when either is
 * missing, and proves Pester imports; returns what pwsh says then.
 */
function restorePackages(paths: ToolPaths, tools: Tools & { pwsh: string }, found: Probe, step: Step): Probe {
  const needPester = !found.pesterVersion;
  const needNetfx = !existsSync(tools.netfx48RefDir);
  if (needPester && tools.pester !== paths.defaultPester) throw new SetupError(`REMC_PESTER=${tools.pester} does not import: ${found.pesterError ?? 'file not found'}`);
  if (!needPester && !needNetfx) return found;
  if (!tools.dotnet) throw new SetupError(DOTNET_MISSING);
  step.log(`  ${[needPester ? `Pester ${PESTER_VERSION}` : '', needNetfx ? `.NET Framework 4.8 reference assemblies ${NETFX48_VERSION}` : ''].filter(Boolean).join(' and ')}: restoring (dotnet restore)`);
  // PackageDownload fetches packages without referencing them; the project itself is never built.
  const sdkMajor = /^(\d+)\./m.exec(run(tools.dotnet, ['--version'], { cwd: step.scratch }).output)?.[1] ?? '8';
  writeFileSync(
    path.join(step.scratch, 'fetch.csproj'),
    `<Project Sdk="Microsoft.NET.Sdk">
<PropertyGroup><TargetFramework>net${sdkMajor}.0</TargetFramework></PropertyGroup>
<ItemGroup>
  <PackageDownload Include="Pester" Version="[${PESTER_VERSION}]" />
  <PackageDownload Include="Microsoft.NETFramework.ReferenceAssemblies.net48" Version="[${NETFX48_VERSION}]" />
</ItemGroup>
</Project>
`,
  );
  install('restoring Pester and the .NET Framework 4.8 reference assemblies', tools.dotnet, ['restore', path.join(step.scratch, 'fetch.csproj'), '--packages', paths.nugetDir], step.scratch);
  if (needPester) {
    found = probe(tools.pwsh, tools.pester, [found.env]);
    if (!found.pesterVersion) throw new SetupError(`Pester restored but does not import from ${tools.pester}: ${found.pesterError ?? 'file not found'}`);
    step.installed.push(`Pester ${found.pesterVersion}`);
  }
  if (needNetfx) {
    if (!existsSync(tools.netfx48RefDir)) throw new SetupError(`dotnet restore succeeded but ${tools.netfx48RefDir} does not exist`);
    step.installed.push('.NET Framework 4.8 reference assemblies');
  }
  step.log(`  ${step.installed.filter((i) => !i.startsWith('PowerShell')).join(' and ')}: installed [${step.ms()}]`);
  return found;
}

/** Writes toolchain.json when it changed: written then renamed, so a concurrent reader never sees half a file. */
function writeToolchainFile(file: string, record: object): void {
  const text = `${JSON.stringify(record, null, 2)}\n`;
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

export async function setup(options: SetupOptions = {}): Promise<SetupResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const paths = toolPaths(toolsDir());
  const { dir } = paths;
  const installed: string[] = [];
  const ms = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  let scratch: string | undefined;
  try {
    const saved = readToolchainFile(paths.toolchainFile);
    const tools = chooseTools(paths, saved);
    if (isComplete(saved, tools) && !options.verify) {
      log(`remc setup: PowerShell ${saved.pwshVersion} (${tools.pwshSource}) and Pester ${saved.pesterVersion} ready in ${shown(dir)} [${Math.round(performance.now() - started)} ms]`);
      return { ok: true, dir, installed, toolchain: toolchainOf(saved) };
    }

    log(`remc setup: toolchain folder ${shown(dir)}`);
    mkdirSync(dir, { recursive: true });
    // Outside any project: no Directory.Build.* or global.json of the user's changes what dotnet does.
    scratch = mkdtempSync(path.join(tmpdir(), 'remc-setup-'));
    const step: Step = { log, ms, installed, scratch };
    const pwsh = tools.pwsh ?? installPwsh(paths, tools.dotnet, step);
    const candidates = envCandidates(tools.dotnet);
    log(`  PowerShell: starting ${shown(pwsh)}`);
    let found = probe(pwsh, tools.pester, candidates);
    log(`  PowerShell ${found.pwshVersion}: starts${Object.keys(found.env).length > 0 ? ` with ${Object.entries(found.env).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''} [${ms()}]`);
    found = restorePackages(paths, { ...tools, pwsh }, found, step);
    if (found.pesterVersion !== PESTER_VERSION) log(`  note: Pester ${found.pesterVersion} at ${tools.pester} is not the pinned ${PESTER_VERSION}`);

    const record = {
      schema: SCHEMA,
      pwsh,
      pwshVersion: found.pwshVersion,
      pesterModule: tools.pester,
      pesterVersion: found.pesterVersion,
      netfx48RefDir: existsSync(tools.netfx48RefDir) ? tools.netfx48RefDir : null,
      env: found.env,
    };
    writeToolchainFile(paths.toolchainFile, record);
    log(`remc setup: ${installed.length > 0 ? `installed ${installed.join(', ')}; ` : ''}PowerShell ${found.pwshVersion} and Pester ${found.pesterVersion} ready in ${shown(dir)} [${ms()}]`);
    return { ok: true, dir, installed, toolchain: toolchainOf({ ...record, pesterVersion: found.pesterVersion ?? 'unknown', netfx48RefDir: record.netfx48RefDir ?? undefined }) };
  } catch (error) {
    if (error instanceof SetupError) return { ok: false, dir, installed, error: error.message };
    throw error;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

function toolchainOf(saved: { pwsh?: string; pwshVersion?: string; pesterModule?: string; pesterVersion?: string; netfx48RefDir?: string | undefined; env?: Record<string, string> }): Toolchain {
  return {
    pwsh: saved.pwsh!,
    pwshVersion: saved.pwshVersion ?? 'unknown',
    pesterModule: saved.pesterModule!,
    pesterVersion: saved.pesterVersion ?? 'unknown',
    ...(saved.netfx48RefDir ? { netfx48RefDir: saved.netfx48RefDir } : {}),
    env: saved.env ?? {},
  };
}
