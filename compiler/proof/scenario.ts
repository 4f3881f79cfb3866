/**
 * Lifecycle simulation: runs a remediation's generated scripts, byte for byte, each in its own pwsh
 * process or, given a pool, in a fresh runspace of a long-lived pwsh worker (compiler/proof/pool.ts;
 * no profile, the file as the script, stdout / stderr / exit code apart), against a simulated Windows. Only the seam of Windows-facing commands is faked (see docs/check-protocol.md);
 * the scenario state lives in a file, so it carries across detect -> remediate -> detect.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REMC_ROOT } from '../paths.ts';
import { OUTCOME_ENV, RunOutcome } from '../protocol.ts';
import type { PwshPool } from './pool.ts';
import { runPwsh, type PwshResult } from './pwsh.ts';
import { requireToolchain } from './toolchain.ts';

export interface ScenarioOptions {
  /** Folder holding detect.ps1 / remediate.ps1 (dist/<id>). */
  readonly scripts: string;
  /** The fakes files loaded before each step (templates' fakes.ps1, custom checks' fakes). */
  readonly fakes: readonly string[];
  /** PowerShell that sets the scenario up with the fakes' Reset-* functions; sees $ScenarioNow. */
  readonly setup: string;
  /** A folder of its own for this scenario's state, marker and environment. */
  readonly workDir: string;
  /**
   * `%SystemRoot%` for every step (the broker's manifest path expands it). A 32-bit step needs a real
   * folder here, where the fake 64-bit powershell.exe is written; a step without one uses
   * `<workDir>/Windows` for that step only.
   * @default 'C:\\Windows'
   */
  readonly systemRoot?: string;
  /**
   * Run the steps on these long-lived workers (each step in a fresh runspace) instead of a pwsh
   * process each. A 32-bit step still gets a process of its own: its relaunch starts a real child.
   */
  readonly pool?: PwshPool;
  /**
   * `combined`: every step runs `combined.ps1 -Mode <step>` (detect, remediate, or both: detect ->
   * remediate -> detect in one run) instead of detect.ps1 / remediate.ps1.
   * @default 'pair'
   */
  readonly form?: ScriptForm;
}

/** Which generated scripts a scenario runs: the Intune pair, or the combined script in the mode of each step. */
export type ScriptForm = 'pair' | 'combined';
/** What a step runs: a script of the pair, or (combined form only) both in one run. */
export type StepScript = 'detect' | 'remediate' | 'both';

export interface RunOptions {
  /** Simulate Intune's 32-bit host on 64-bit Windows: the script relaunches itself through Sysnative. */
  readonly host32Bit?: boolean;
  /** Run the script in Constrained Language Mode (AppLocker / WDAC on the device). */
  readonly constrainedLanguage?: boolean;
  /** PowerShell run before this step's script, e.g. new events or tokens an app wrote back; sees $ScenarioNow and $RemcFakeState. */
  readonly change?: string;
  readonly env?: Record<string, string>;
}

export interface StepResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The last line of output: what Intune keeps. */
  readonly lastLine: string;
  /**
   * The run's outcome as the script wrote it (REMC_OUTCOME_PATH), validated against the protocol;
   * undefined when it wrote none, with the reason in `outcomeProblems`.
   */
  readonly outcome: RunOutcome | undefined;
  readonly outcomeProblems: readonly string[];
  /** The fakes' state after the step (what was deleted, registered, ...). */
  readonly state: Record<string, unknown>;
  /** The fakes' state just before the script ran (after the setup or this step's change). */
  readonly before: Record<string, unknown>;
  /** The environment the step ran with (LOCALAPPDATA, ProgramData, SystemRoot and the caller's). */
  readonly env: Readonly<Record<string, string>>;
}

const HARNESS = path.join(REMC_ROOT, 'compiler', 'proof', 'harness', 'Invoke-RemcScenario.ps1');

export class Scenario {
  private readonly stateFile: string;
  private readonly setupFile: string;

  constructor(private readonly options: ScenarioOptions) {
    mkdirSync(options.workDir, { recursive: true });
    this.stateFile = path.join(options.workDir, 'state.clixml');
    this.setupFile = path.join(options.workDir, 'setup.ps1');
    writeFileSync(this.setupFile, options.setup);
  }

  /** The text of a remediation's marker (per user, or per machine for SYSTEM), or undefined when there is none. */
  marker(id: string): string | undefined {
    for (const base of ['LocalAppData', 'ProgramData']) {
      const file = path.join(this.options.workDir, base, 'remc', `${id}.json`);
      if (existsSync(file)) return readFileSync(file, 'utf8');
    }
    return undefined;
  }

  /** Runs detect.ps1 or remediate.ps1 (or combined.ps1 in that mode) at the simulated time `now` (ISO 8601, UTC). */
  async run(script: StepScript, now: string, opts: RunOptions = {}): Promise<StepResult> {
    const combined = this.options.form === 'combined';
    if (script === 'both' && !combined) throw new Error("Scenario: a 'both' step runs the combined script (form: 'combined')");
    const work = this.options.workDir;
    let systemRoot = this.options.systemRoot ?? 'C:\\Windows';
    if (opts.host32Bit) {
      if (!path.isAbsolute(systemRoot)) systemRoot = path.join(work, 'Windows');
      this.writeFake64BitPowerShell(systemRoot, now);
    }
    const changeFile = path.join(work, 'change.ps1');
    if (opts.change !== undefined) writeFileSync(changeFile, opts.change);
    const outcomeFile = path.join(work, 'outcome.json');
    rmSync(outcomeFile, { force: true });
    const env: Record<string, string> = {
      LOCALAPPDATA: path.join(work, 'LocalAppData'),
      ProgramData: path.join(work, 'ProgramData'),
      SystemRoot: systemRoot,
      [OUTCOME_ENV]: outcomeFile,
      ...opts.env,
    };
    const scriptFile = path.join(this.options.scripts, combined ? 'combined.ps1' : `${script}.ps1`);
    let result: PwshResult;
    // A 32-bit host needs a real child process: that step runs in a process of its own. Constrained
    // Language Mode is a runspace's: the worker's fresh runspace takes it, and is thrown away after the
    // step (the worker's own code, defined in FullLanguage, keeps running in FullLanguage).
    if (this.options.pool && !opts.host32Bit) {
      const fakes = this.options.fakes.join(';');
      const named = {
        Script: scriptFile,
        StateFile: this.stateFile,
        Fakes: fakes,
        Setup: this.setupFile,
        Now: now,
        ...(opts.change !== undefined ? { Change: changeFile } : {}),
        ...(opts.constrainedLanguage ? { ConstrainedLanguage: true } : {}),
        ...(combined ? { Mode: script } : {}),
      };
      const ran = await this.options.pool.run({ file: HARNESS, named, env, cwd: work, timeoutMs: 120_000 });
      if (ran.crashed) throw new Error(`${ran.crashed}${ran.stderr.trim() ? `: ${ran.stderr.trim()}` : ''}`);
      result = ran;
    } else {
      result = await runPwsh(
        { file: HARNESS },
        {
          args: [
            '-Script', scriptFile,
            ...this.harnessArgs(now),
            ...(opts.change !== undefined ? ['-Change', changeFile] : []),
            ...(opts.host32Bit ? ['-Host32Bit'] : []),
            ...(opts.constrainedLanguage ? ['-ConstrainedLanguage'] : []),
            ...(combined ? ['-Mode', script] : []),
          ],
          env,
          cwd: work,
          timeoutMs: 120_000,
        },
      );
    }
    const lines = result.stdout.split(/\r?\n/).filter((l) => l !== '');
    const outcome = readOutcome(outcomeFile);
    return {
      outcome: outcome.value,
      outcomeProblems: outcome.problems,
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      lastLine: lines[lines.length - 1] ?? '',
      state: readJson(`${this.stateFile}.json`, result.stderr),
      before: readJson(`${this.stateFile}.before.json`, result.stderr),
      env,
    };
  }

  private harnessArgs(now: string): string[] {
    const fakes = this.options.fakes.join(';');
    return ['-StateFile', this.stateFile, '-Fakes', fakes, '-Setup', this.setupFile, '-Now', now];
  }

  /**
   * `<systemRoot>/Sysnative/WindowsPowerShell/v1.0/powershell.exe`, the path the relaunch runs (pwsh on
   * Linux resolves the backslashes of `Join-Path $env:SystemRoot 'Sysnative\...'` to slashes): a shell
   * script that starts this harness again in the real pwsh, a 64-bit host with the same fakes and state,
   * and tells it what arguments it got.
   */
  private writeFake64BitPowerShell(systemRoot: string, now: string): void {
    if (process.platform === 'win32') throw new Error('Scenario: the 32-bit host is simulated with a shell script; run it on Linux or macOS');
    const dir = path.join(systemRoot, 'Sysnative', 'WindowsPowerShell', 'v1.0');
    mkdirSync(dir, { recursive: true });
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const harness = [HARNESS, ...this.harnessArgs(now)].map(quote).join(' ');
    const text = [
      '#!/bin/sh',
      '# Fake 64-bit Windows PowerShell for a simulated 32-bit Intune host (written by compiler/proof/scenario.ts).',
      'script=""',
      'prev=""',
      'for arg in "$@"; do',
      '  if [ "$prev" = "-File" ]; then script="$arg"; fi',
      '  prev="$arg"',
      'done',
      `exec ${quote(requireToolchain().pwsh)} -NoLogo -NoProfile -NonInteractive -File ${harness} -Script "$script" -RelaunchedWith "$*"`,
      '',
    ].join('\n');
    const exe = path.join(dir, 'powershell.exe');
    writeFileSync(exe, text);
    chmodSync(exe, 0o755);
  }
}

function readJson(file: string, stderr: string): Record<string, unknown> {
  if (!existsSync(file)) throw new Error(`the scenario harness wrote no state (${path.basename(file)})${stderr ? `: ${stderr.trim()}` : ''}`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** The outcome file, checked against the protocol: unknown or missing fields are problems, never ignored. */
function readOutcome(file: string): { value: RunOutcome | undefined; problems: string[] } {
  if (!existsSync(file)) return { value: undefined, problems: ['the script wrote no outcome'] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return { value: undefined, problems: [`the outcome is not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const checked = RunOutcome.validate(parsed);
  return checked.ok ? { value: checked.value, problems: [] } : { value: undefined, problems: checked.problems };
}
