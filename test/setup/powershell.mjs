#!/usr/bin/env node
// Makes PowerShell 7 and Pester available for the PowerShell test suites and records them in
// <tools>/toolchain.json (read by compiler/pester/toolchain.ts). Plain Node, no dependencies.
//
//   node test/setup/powershell.mjs [--verify]
//
// pwsh:   $REMC_PWSH, else <tools>/pwsh/pwsh, else pwsh on PATH, else `dotnet tool install` (pinned).
// Pester: $REMC_PESTER, else <tools>/nuget/pester/<v>/tools/Pester.psd1, else `dotnet restore` of a
//         throw-away project with PackageDownload items (also fetches the .NET Framework 4.8 reference
//         assemblies used to compile C# the way Windows PowerShell 5.1 does).
// <tools> is $REMC_TOOLS_DIR or <repo>/.tools. When toolchain.json already describes a complete install
// the script only checks that the files still exist (no process is started); --verify re-probes.
// Without pwsh and dotnet it prints "POWERSHELL SUITES SKIPPED" and exits 0 (1 with REMC_REQUIRE_POWERSHELL=1).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PWSH_VERSION = '7.6.9';
const PESTER_VERSION = '5.9.1';
const NETFX48_VERSION = '1.0.3';
const SCHEMA = 1; // bump when toolchain.json's meaning changes, to force a re-probe

const started = performance.now();
const isWindows = process.platform === 'win32';
const exe = isWindows ? '.exe' : '';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tools = resolve(process.env.REMC_TOOLS_DIR || join(root, '.tools'));
const toolchainFile = join(tools, 'toolchain.json');
const required = process.env.REMC_REQUIRE_POWERSHELL === '1';
const verify = process.argv.includes('--verify');

const toolPwsh = join(tools, 'pwsh', `pwsh${exe}`);
const nugetDir = join(tools, 'nuget');
const defaultPester = join(nugetDir, 'pester', PESTER_VERSION, 'tools', 'Pester.psd1');
const netfx48RefDir = join(nugetDir, 'microsoft.netframework.referenceassemblies.net48', NETFX48_VERSION, 'build', '.NETFramework', 'v4.8');

const INSTALL_HELP =
  'install PowerShell 7 (https://learn.microsoft.com/powershell/scripting/install/installing-powershell, e.g. `apt-get install powershell` from packages.microsoft.com) ' +
  'or the .NET SDK 10+ (https://dotnet.microsoft.com/download; this script then installs pwsh and Pester under .tools/), ' +
  'or point REMC_PWSH at a pwsh executable; then rerun `node test/setup/powershell.mjs`';

function skip(reason) {
  const message = `POWERSHELL SUITES SKIPPED: ${reason}; ${INSTALL_HELP}`;
  if (required) {
    console.error(`${message} (REMC_REQUIRE_POWERSHELL=1: failing)`);
    process.exit(1);
  }
  console.warn(message);
  process.exit(0);
}

function fail(message) {
  console.error(`remc powershell setup FAILED: ${message}`);
  process.exit(1);
}

/** First executable called `name` on PATH (PATHEXT-aware on Windows), or undefined. */
function onPath(name) {
  const exts = isWindows ? (process.env.PATHEXT || '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext.toLowerCase());
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
    maxBuffer: 64 * 1024 * 1024,
    windowsHide: true,
    ...options,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`.trim();
  return { ok: result.status === 0 && !result.error, status: result.status, output };
}

/** Runs a command that must succeed; on failure prints its exact output and exits 1. */
function install(what, command, args, options) {
  const result = run(command, args, options);
  if (!result.ok) fail(`${what}: \`${[command, ...args].join(' ')}\` exited ${result.status ?? 'abnormally'}:\n${result.output}`);
}

/**
 * Starts pwsh once: its version and, if the module file exists, whether Pester imports (and its version).
 * A pwsh built for a .NET major version that is not installed fails to start; DOTNET_ROLL_FORWARD=Major
 * lets it run on a newer one, so on failure retry with it and keep it in toolchain.json's env.
 */
function probe(pwsh, pester, envCandidates) {
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
  let firstFailure;
  for (const extraEnv of envCandidates) {
    const result = run(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], {
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', ...extraEnv, REMC_PROBE_PESTER: pester ?? '' },
      timeout: 2 * 60 * 1000,
    });
    const line = result.output.split(/\r?\n/).find((l) => l.startsWith('REMC-PROBE '));
    if (result.ok && line) return { ...JSON.parse(line.slice('REMC-PROBE '.length)), env: extraEnv };
    firstFailure ??= `\`${pwsh}\` exited ${result.status ?? 'abnormally'}:\n${result.output}`;
  }
  fail(`cannot start pwsh: ${firstFailure}`);
}

function readSaved() {
  try {
    return JSON.parse(readFileSync(toolchainFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function rel(path) {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') ? r : path;
}

// ---- 1. which pwsh -------------------------------------------------------------------------------
const dotnet = onPath('dotnet');
let pwsh;
let pwshSource;
if (process.env.REMC_PWSH) {
  const candidate = resolve(process.env.REMC_PWSH);
  if (existsSync(candidate) && statSync(candidate).isFile()) {
    pwsh = candidate;
    pwshSource = 'REMC_PWSH';
  } else {
    console.warn(`remc: REMC_PWSH=${process.env.REMC_PWSH} is not a file; ignoring it`);
  }
}
if (!pwsh && existsSync(toolPwsh)) [pwsh, pwshSource] = [toolPwsh, rel(dirname(toolPwsh))];
if (!pwsh) {
  const found = onPath('pwsh');
  if (found) [pwsh, pwshSource] = [found, 'PATH'];
}
const pester = process.env.REMC_PESTER ? resolve(process.env.REMC_PESTER) : defaultPester;

// ---- 2. warm path: toolchain.json already describes exactly this -----------------------------------
const saved = readSaved();
if (
  !verify &&
  saved?.schema === SCHEMA &&
  pwsh && saved.pwsh === pwsh && existsSync(pwsh) &&
  saved.pesterModule === pester && existsSync(pester) &&
  (saved.netfx48RefDir ? existsSync(saved.netfx48RefDir) : !dotnet)
) {
  console.log(
    `remc: PowerShell ${saved.pwshVersion} (${pwshSource}) and Pester ${saved.pesterVersion} ready ` +
      `[${rel(toolchainFile)}, ${Math.round(performance.now() - started)} ms]`,
  );
  process.exit(0);
}

// ---- 3. cold path ----------------------------------------------------------------------------------
if (!pwsh && !dotnet) skip('neither pwsh nor dotnet found on PATH');
const installed = [];
mkdirSync(tools, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'remc-setup-')); // outside the repo: no Directory.Build.*, global.json
process.on('exit', () => rmSync(scratch, { recursive: true, force: true })); // fail()/skip() exit directly
if (!pwsh) {
  // Pinned: 7.6.9 targets .NET 10, the SDK on our machines.
  install('installing PowerShell', dotnet, ['tool', 'install', '--tool-path', join(tools, 'pwsh'), 'PowerShell', '--version', PWSH_VERSION], { cwd: scratch });
  if (!existsSync(toolPwsh)) fail(`dotnet tool install succeeded but ${toolPwsh} does not exist`);
  [pwsh, pwshSource] = [toolPwsh, `dotnet tool, ${rel(dirname(toolPwsh))}`];
  installed.push(`PowerShell ${PWSH_VERSION}`);
}

// The tool shim finds the runtime through DOTNET_ROOT when dotnet is not in its default location.
const envCandidates = [{}];
if (dotnet && !process.env.DOTNET_ROOT) envCandidates.push({ DOTNET_ROOT: dirname(realpathSync(dotnet)) });
envCandidates.push(...envCandidates.map((env) => ({ ...env, DOTNET_ROLL_FORWARD: 'Major' })));
let found = probe(pwsh, pester, envCandidates);

const needPester = !found.pesterVersion;
const needNetfx = !existsSync(netfx48RefDir);
if (needPester && pester !== defaultPester) fail(`REMC_PESTER=${pester} does not import: ${found.pesterError ?? 'file not found'}`);
if (needPester || needNetfx) {
  if (!dotnet) {
    if (needPester) skip(`pwsh found (${pwsh}) but Pester ${PESTER_VERSION} is not installed and dotnet (used to fetch it) is not on PATH`);
    console.warn('remc: dotnet not on PATH; the .NET Framework 4.8 reference assemblies are not installed (C# compile tests will skip)');
  } else {
    // PackageDownload fetches packages without referencing them; the project itself is never built.
    const sdkMajor = (run(dotnet, ['--version'], { cwd: scratch }).output.match(/^(\d+)\./m) ?? [])[1] ?? '8';
    writeFileSync(
      join(scratch, 'fetch.csproj'),
      `<Project Sdk="Microsoft.NET.Sdk">
<PropertyGroup><TargetFramework>net${sdkMajor}.0</TargetFramework></PropertyGroup>
<ItemGroup>
  <PackageDownload Include="Pester" Version="[${PESTER_VERSION}]" />
  <PackageDownload Include="Microsoft.NETFramework.ReferenceAssemblies.net48" Version="[${NETFX48_VERSION}]" />
</ItemGroup>
</Project>
`,
    );
    install('restoring Pester and the .NET Framework 4.8 reference assemblies', dotnet, ['restore', join(scratch, 'fetch.csproj'), '--packages', nugetDir], { cwd: scratch });
    if (needPester) {
      found = probe(pwsh, pester, [found.env]);
      if (!found.pesterVersion) fail(`Pester restored but does not import from ${pester}: ${found.pesterError ?? 'file not found'}`);
      installed.push(`Pester ${found.pesterVersion}`);
    }
    if (needNetfx) {
      if (!existsSync(netfx48RefDir)) fail(`restore succeeded but ${netfx48RefDir} does not exist`);
      installed.push('.NET Framework 4.8 reference assemblies');
    }
  }
}
if (found.pesterVersion !== PESTER_VERSION) console.warn(`remc: Pester ${found.pesterVersion} at ${pester} is not the pinned ${PESTER_VERSION}`);

const toolchain = {
  schema: SCHEMA,
  pwsh,
  pwshVersion: found.pwshVersion,
  pesterModule: pester,
  pesterVersion: found.pesterVersion,
  netfx48RefDir: existsSync(netfx48RefDir) ? netfx48RefDir : null,
  env: found.env,
};
// Write-then-rename so a concurrent reader never sees half a file.
writeFileSync(`${toolchainFile}.${process.pid}.tmp`, `${JSON.stringify(toolchain, null, 2)}\n`);
renameSync(`${toolchainFile}.${process.pid}.tmp`, toolchainFile);
const envNote = Object.keys(found.env).length ? `, env ${Object.entries(found.env).map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
console.log(
  `remc: ${installed.length ? `installed ${installed.join(', ')}; ` : ''}PowerShell ${found.pwshVersion} (${pwshSource}) and ` +
    `Pester ${found.pesterVersion} ready${envNote} [${rel(toolchainFile)}, ${Math.round(performance.now() - started)} ms]`,
);
