// Runs Pester 5 under pwsh and returns every test, block and container outcome as typed data.
// The wrapper script walks Pester's result object and writes JSON: more exact than NUnit/JUnit XML
// (keeps the Describe/Context/It path, the failing file:line, and failures outside any It).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PwshPool } from './pool.ts';
import { DEFAULT_TIMEOUT_MS, runPwsh } from './pwsh.ts';
import { requireToolchain, type Toolchain } from './toolchain.ts';

export type PesterOutcome = 'Passed' | 'Failed' | 'Skipped' | 'NotRun' | 'Inconclusive';

/** Where an error was raised: the first stack frame outside Pester (for Should: the assertion line). */
export interface PesterErrorSite {
  message: string;
  file?: string;
  line?: number;
  /** Script stack trace without Pester's and the wrapper's own frames. */
  stackTrace?: string;
}

export interface PesterTest {
  /** The It name, with <placeholders> expanded. */
  name: string;
  /** Describe/Context names then the It name (expanded). */
  path: string[];
  /** path joined with '.', as Pester's Filter.FullName matches it. */
  fullName: string;
  file: string;
  /** Line of the It. */
  startLine: number;
  result: PesterOutcome;
  durationMs: number;
  /** For failed tests. A test failed by its block's BeforeAll gets that block's error. */
  error?: PesterErrorSite;
}

/** A failure outside any It: a file that does not parse or throws at discovery, a throwing BeforeAll/AfterAll, a path with no tests. */
export interface PesterFailure {
  kind: 'container' | 'block';
  file: string;
  /** Block path (empty for a container). */
  path: string[];
  error: PesterErrorSite;
}

export interface PesterContainerSpec {
  /** Test file, folder (its *.Tests.ps1 files) or wildcard. */
  path: string;
  /** Parameters for the file's param() block (New-PesterContainer -Data); JSON-serialisable. */
  data?: Readonly<Record<string, unknown>>;
}

export interface PesterRunOptions {
  /** Test files or folders, relative to cwd. Each gets `data` if given. */
  paths?: readonly string[];
  /** Container data applied to every entry of `paths`. */
  data?: Readonly<Record<string, unknown>>;
  /** Files with their own data, in addition to `paths`. */
  containers?: readonly PesterContainerSpec[];
  /** Pester Filter.FullName (-like patterns on the dot-joined path). */
  fullName?: readonly string[];
  tag?: readonly string[];
  excludeTag?: readonly string[];
  /** Pester's own console output (to stdout); default None. */
  verbosity?: 'None' | 'Normal' | 'Detailed' | 'Diagnostic';
  /** Default 10 minutes; the process tree is killed when exceeded. */
  timeoutMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  toolchain?: Toolchain;
  /** Run on a worker of this pool (a fresh runspace) instead of a pwsh process of its own. */
  pool?: PwshPool;
}

export interface PesterCounts {
  passed: number;
  failed: number;
  skipped: number;
  notRun: number;
  inconclusive: number;
}

export interface PesterRunResult {
  /** Every test passed or was skipped, no block/container failed, pwsh exited 0 in time. */
  ok: boolean;
  timedOut: boolean;
  /** 0 all passed, 1 some failure, 2 Pester/wrapper error, anything else a crash; null if killed. */
  exitCode: number | null;
  durationMs: number;
  tests: PesterTest[];
  failures: PesterFailure[];
  counts: PesterCounts;
  /** Set when the run itself went wrong: timeout, crash without results, Pester/wrapper error. */
  error?: string;
  stdout: string;
  stderr: string;
}

interface WrapperSpec {
  pesterModule: string;
  containers: { path: string; data?: Readonly<Record<string, unknown>> }[];
  fullName: readonly string[];
  tag: readonly string[];
  excludeTag: readonly string[];
  verbosity: string;
}

interface WrapperOutput {
  fatal?: string;
  tests?: PesterTest[];
  failures?: PesterFailure[];
}

// Written to a temp file and run with -File. Runs only under pwsh 7 (ConvertFrom-Json -AsHashtable).
// No global $ErrorActionPreference: it would leak into the tests' scope; -ErrorAction Stop is used instead.
const WRAPPER = String.raw`
param([Parameter(Mandatory = $true)][string] $SpecFile, [Parameter(Mandatory = $true)][string] $ResultFile)

function Save-RemcResult($Value) {
    $json = ConvertTo-Json -InputObject $Value -Depth 12 -Compress
    [System.IO.File]::WriteAllText($ResultFile, $json, [System.Text.UTF8Encoding]::new($false))
}

function Test-RemcOwnFrame([string] $File) {
    return ($File -eq '<No file>') -or ($File -eq $PSCommandPath) -or $File.StartsWith($script:PesterDir)
}

function ConvertTo-RemcError($Records) {
    $records = @($Records | Where-Object { $null -ne $_ })
    if ($records.Count -eq 0) { return $null }
    $first = $records[0]
    $site = [ordered]@{ message = (@($records | ForEach-Object { $_.Exception.Message }) -join [Environment]::NewLine) }
    $frames = @(($first.ScriptStackTrace -split '\r?\n') | Where-Object {
        $_ -match '^at .*?, (?<file>.+): line (?<line>\d+)$' -and -not (Test-RemcOwnFrame $Matches.file) })
    if ($frames.Count -gt 0) { $site.stackTrace = $frames -join [Environment]::NewLine }
    try {
        $target = $first.TargetObject
        $exception = $first.Exception
        if ($target -is [System.Collections.IDictionary] -and $target['File'] -and $target['Line']) {
            # Should failures: Pester records the assertion's file and line here.
            $site.file = [string] $target['File']; $site.line = [int] $target['Line']
        } elseif ($exception -is [System.Management.Automation.ParseException] -and $exception.Errors.Count -gt 0) {
            $extent = $exception.Errors[0].Extent
            $site.file = $extent.File; $site.line = $extent.StartLineNumber
        } elseif ($frames.Count -gt 0 -and $frames[0] -match '^at .*?, (?<file>.+): line (?<line>\d+)$') {
            $site.file = $Matches.file; $site.line = [int] $Matches.line
        } elseif ($first.InvocationInfo -and $first.InvocationInfo.ScriptName -and -not (Test-RemcOwnFrame $first.InvocationInfo.ScriptName)) {
            $site.file = $first.InvocationInfo.ScriptName; $site.line = $first.InvocationInfo.ScriptLineNumber
        }
    } catch {
        # The location is a nicety; never lose the message over it.
    }
    return $site
}

function Get-RemcBlockPath($Block) {
    $names = [System.Collections.Generic.List[string]]::new()
    while ($null -ne $Block -and -not $Block.IsRoot) { $names.Insert(0, [string] $Block.ExpandedName); $Block = $Block.Parent }
    return $names.ToArray() # unrolled: callers wrap in @()
}

try {
    $spec = [System.IO.File]::ReadAllText($SpecFile) | ConvertFrom-Json -AsHashtable -ErrorAction Stop
    $pester = Import-Module -Name $spec.pesterModule -Force -PassThru -ErrorAction Stop
    $script:PesterDir = $pester.ModuleBase
    $failures = [System.Collections.Generic.List[object]]::new()
    $containers = [System.Collections.Generic.List[object]]::new()
    foreach ($c in $spec.containers) {
        $found = @(if ($null -ne $c.data) { New-PesterContainer -Path $c.path -Data $c.data -ErrorAction Stop } else { New-PesterContainer -Path $c.path -ErrorAction Stop })
        if ($found.Count -eq 0) {
            # Report instead of letting the path vanish (missing file, empty folder, typo).
            $failures.Add([ordered]@{ kind = 'container'; file = $c.path; path = @(); error = [ordered]@{ message = "no test files found at '$($c.path)'"; file = $c.path } })
        }
        foreach ($f in $found) { $containers.Add($f) }
    }
    $tests = [System.Collections.Generic.List[object]]::new()
    if ($containers.Count -gt 0) {
        # With no containers Pester would fall back to Run.Path '.', i.e. every test under the cwd.
        $config = New-PesterConfiguration
        $config.Run.Container = $containers.ToArray()
        $config.Run.PassThru = $true
        $config.Output.Verbosity = $spec.verbosity
        if ($spec.fullName.Count -gt 0) { $config.Filter.FullName = [string[]] $spec.fullName }
        if ($spec.tag.Count -gt 0) { $config.Filter.Tag = [string[]] $spec.tag }
        if ($spec.excludeTag.Count -gt 0) { $config.Filter.ExcludeTag = [string[]] $spec.excludeTag }
        $result = Invoke-Pester -Configuration $config
        if ($null -eq $result) { throw 'Invoke-Pester returned no result' }
        foreach ($t in $result.Tests) {
            $path = @(Get-RemcBlockPath $t.Block) + @([string] $t.ExpandedName)
            $item = [ordered]@{
                name = [string] $t.ExpandedName; path = $path; fullName = $path -join '.'
                file = [string] $t.ScriptBlock.File; startLine = [int] $t.StartLine
                result = [string] $t.Result; durationMs = [double] $t.Duration.TotalMilliseconds
            }
            $records = @($t.ErrorRecord)
            # A BeforeAll failure fails the tests without giving them an error: borrow the block's.
            $b = $t.Block
            while ($records.Count -eq 0 -and $t.Result -eq 'Failed' -and $null -ne $b) { $records = @($b.ErrorRecord); $b = $b.Parent }
            $err = ConvertTo-RemcError $records
            if ($null -ne $err) { $item.error = $err }
            $tests.Add($item)
        }
        foreach ($c in $result.Containers) {
            if (@($c.ErrorRecord).Count -gt 0) {
                $failures.Add([ordered]@{ kind = 'container'; file = [string] $c.Item; path = @(); error = (ConvertTo-RemcError $c.ErrorRecord) })
            }
        }
        foreach ($b in $result.FailedBlocks) {
            if (@($b.ErrorRecord).Count -gt 0) {
                $failures.Add([ordered]@{ kind = 'block'; file = [string] $b.ScriptBlock.File; path = @(Get-RemcBlockPath $b); error = (ConvertTo-RemcError $b.ErrorRecord) })
            }
        }
    }
    Save-RemcResult ([ordered]@{ tests = $tests.ToArray(); failures = $failures.ToArray() })
    $failed = ($failures.Count -gt 0) -or @($tests | Where-Object { $_.result -eq 'Failed' }).Count -gt 0
    exit ([int] $failed)
} catch {
    Save-RemcResult ([ordered]@{ fatal = ($_ | Out-String).Trim() + [Environment]::NewLine + $_.ScriptStackTrace })
    exit 2
}
`;

function countOutcomes(tests: readonly PesterTest[]): PesterCounts {
  const counts: PesterCounts = { passed: 0, failed: 0, skipped: 0, notRun: 0, inconclusive: 0 };
  for (const t of tests) {
    if (t.result === 'Passed') counts.passed++;
    else if (t.result === 'Failed') counts.failed++;
    else if (t.result === 'Skipped') counts.skipped++;
    else if (t.result === 'NotRun') counts.notRun++;
    else counts.inconclusive++;
  }
  return counts;
}

function readOutput(file: string): WrapperOutput | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as WrapperOutput;
  } catch {
    return undefined; // absent (crash, timeout, `exit` inside a test) or cut short
  }
}

/** Runs Pester 5 on the given files/folders. Throws only when pwsh is not installed or cannot start. */
export async function runPester(options: PesterRunOptions): Promise<PesterRunResult> {
  const toolchain = options.toolchain ?? requireToolchain();
  const cwd = resolve(options.cwd ?? process.cwd());
  const containers = [
    ...(options.paths ?? []).map((path) => ({ path, ...(options.data ? { data: options.data } : {}) })),
    ...(options.containers ?? []),
  ].map((c) => ({ ...c, path: resolve(cwd, c.path) }));
  if (containers.length === 0) throw new Error('runPester: no paths or containers given');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const dir = mkdtempSync(join(tmpdir(), 'remc-pester-'));
  try {
    const spec: WrapperSpec = {
      pesterModule: toolchain.pesterModule,
      containers,
      fullName: options.fullName ?? [],
      tag: options.tag ?? [],
      excludeTag: options.excludeTag ?? [],
      verbosity: options.verbosity ?? 'None',
    };
    const specFile = join(dir, 'spec.json');
    const resultFile = join(dir, 'result.json');
    const wrapperFile = join(dir, 'run-pester.ps1');
    writeFileSync(specFile, JSON.stringify(spec));
    writeFileSync(wrapperFile, WRAPPER);
    const run = options.pool
      ? await options.pool.run({ file: wrapperFile, positional: [specFile, resultFile], cwd, timeoutMs, ...(options.env ? { env: options.env } : {}) })
      : await runPwsh({ file: wrapperFile }, { args: [specFile, resultFile], cwd, timeoutMs, toolchain, ...(options.env ? { env: options.env } : {}) });

    const output = readOutput(resultFile);
    const tests = output?.tests ?? [];
    const failures = output?.failures ?? [];
    let error: string | undefined;
    if (run.timedOut) error = `timed out after ${timeoutMs} ms; the pwsh process tree was killed`;
    else if (output?.fatal !== undefined) error = `Pester run failed: ${output.fatal}`;
    else if (output === undefined) {
      const how = "crashed" in run && typeof run.crashed === "string" ? `crashed (${run.crashed})` : run.exitCode === null ? `was killed by ${run.signal ?? 'a signal'}` : `exited ${run.exitCode}`;
      error = `pwsh ${how} without writing a Pester result${run.stderr.trim() ? `: ${run.stderr.trim()}` : ''}`;
    }
    const counts = countOutcomes(tests);
    const result: PesterRunResult = {
      ok: error === undefined && run.exitCode === 0 && counts.failed === 0 && failures.length === 0,
      timedOut: run.timedOut,
      exitCode: run.exitCode,
      durationMs: run.durationMs,
      tests,
      failures,
      counts,
      stdout: run.stdout,
      stderr: run.stderr,
    };
    if (error !== undefined) result.error = error;
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per failure, for assertion messages and CLI output. */
export function formatPesterFailures(result: PesterRunResult): string {
  const where = (e: PesterErrorSite) => (e.file ? ` (${e.file}${e.line !== undefined ? `:${e.line}` : ''})` : '');
  const lines: string[] = [];
  if (result.error) lines.push(`run: ${result.error}`);
  for (const f of result.failures) lines.push(`${f.kind} ${[f.file, ...f.path].join(' > ')}: ${f.error.message}${where(f.error)}`);
  for (const t of result.tests) {
    if (t.result === 'Failed') lines.push(`test ${t.fullName}: ${t.error?.message ?? 'failed'}${t.error ? where(t.error) : ''}`);
  }
  return lines.join('\n');
}
