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

/** One step of `runAll`: the script, the simulated time, and how it runs. */
export interface ScenarioStep extends RunOptions {
  readonly script: StepScript;
  readonly now: string;
}

/** A step's result with the text of each file `runAll` was asked to keep, as the step left it (undefined: none). */
export interface KeptStepResult extends StepResult {
  readonly kept: Readonly<Record<string, string | undefined>>;
}

interface PreparedStep {
  readonly named: Record<string, string | true>;
  readonly env: Record<string, string>;
  readonly outcomeFile: string;
  /** '' for a step run alone, `.<n>` for the n-th of `runAll`. */
  readonly view: string;
}

const HARNESS = path.join(REMC_ROOT, 'compiler', 'proof', 'harness', 'Invoke-RemcScenario.ps1');
/** A hang limit, not a speed: a step under a busy machine takes seconds, a hung one for ever. */
const STEP_TIMEOUT_MS = 300_000;

export class Scenario {
  private readonly stateFile: string;
  private readonly setupFile: string;

  constructor(private readonly options: ScenarioOptions) {
    mkdirSync(options.workDir, { recursive: true });
    this.stateFile = path.join(options.workDir, 'state.clixml');
    this.setupFile = path.join(options.workDir, 'setup.ps1');
    writeFileSync(this.setupFile, options.setup);
  }

  /** The files a remediation's marker may be (per user, or per machine for SYSTEM). */
  markerFiles(id: string): string[] {
    return ['LocalAppData', 'ProgramData'].map((base) => path.join(this.options.workDir, base, 'remc', `${id}.json`));
  }

  /** The text of a remediation's marker (per user, or per machine for SYSTEM), or undefined when there is none. */
  marker(id: string): string | undefined {
    return this.markerFiles(id).map(readText).find((text) => text !== undefined);
  }

  /**
   * Runs detect.ps1 or remediate.ps1 (or combined.ps1 in that mode) at the simulated time `now` (ISO
   * 8601, UTC): a scenario of one step. Throws when the step could not run.
   */
  async run(script: StepScript, now: string, opts: RunOptions = {}): Promise<StepResult> {
    const ran = await this.runAll([{ script, now, ...opts }]);
    if (ran.error !== undefined) throw new Error(ran.error);
    const { kept: _, ...result } = ran.results[0]!;
    return result;
  }

  /**
   * Runs a scenario's steps one after another, each result with the text of every `keep` file (the
   * markers) as the step left it. Given a pool, and no step on a 32-bit host, the steps go to one
   * worker as one unit and run in one runspace (its opening paid once; every step still loads the
   * fakes and the state afresh, as a process of its own would). Without a pool, or when a step runs on
   * a 32-bit host (its relaunch needs a real child), each step is a pwsh process of its own. Constrained
   * Language Mode is a runspace's: the worker's runspace takes it for the step and the worker's own
   * code keeps running in FullLanguage. A step that could not run ends the list, with why.
   */
  async runAll(steps: readonly ScenarioStep[], keep: readonly string[] = []): Promise<{ results: KeptStepResult[]; error?: string }> {
    const results: KeptStepResult[] = [];
    if (!this.options.pool || steps.some((s) => s.host32Bit)) {
      for (const step of steps) {
        try {
          const prepared = this.prepare(step, '');
          const args = Object.entries(prepared.named).flatMap(([k, v]) => (v === true ? [`-${k}`] : [`-${k}`, String(v)]));
          const ran = await runPwsh({ file: HARNESS }, { args, env: prepared.env, cwd: this.options.workDir, timeoutMs: STEP_TIMEOUT_MS });
          results.push({ ...this.collect(prepared, ran), kept: Object.fromEntries(keep.map((f) => [f, readText(f)])) });
        } catch (error) {
          return { results, error: error instanceof Error ? error.message : String(error) };
        }
      }
      return { results };
    }
    const prepared = steps.map((step, i) => this.prepare(step, `.${i}`, keep));
    const ran = await this.options.pool.runSteps(
      { file: HARNESS, cwd: this.options.workDir, timeoutMs: STEP_TIMEOUT_MS * steps.length, affinity: this.options.scripts },
      prepared.map((p) => ({ named: p.named, env: p.env })),
    );
    for (const [i, result] of ran.entries()) {
      if (result.crashed) return { results, error: `${result.crashed}${result.stderr.trim() ? `: ${result.stderr.trim()}` : ''}` };
      try {
        results.push({ ...this.collect(prepared[i]!, result), kept: Object.fromEntries(keep.map((f) => [f, readText(`${f}.${i}`)])) });
      } catch (error) {
        return { results, error: error instanceof Error ? error.message : String(error) };
      }
    }
    return { results };
  }

  /** A step's harness parameters and environment; `view` names the files it writes apart from other steps'. */
  private prepare(step: ScenarioStep, view: string, keep: readonly string[] = []): PreparedStep {
    const combined = this.options.form === 'combined';
    if (step.script === 'both' && !combined) throw new Error("Scenario: a 'both' step runs the combined script (form: 'combined')");
    const work = this.options.workDir;
    let systemRoot = this.options.systemRoot ?? 'C:\\Windows';
    if (step.host32Bit) {
      if (!path.isAbsolute(systemRoot)) systemRoot = path.join(work, 'Windows');
      this.writeFake64BitPowerShell(systemRoot, step.now);
    }
    const changeFile = path.join(work, `change${view}.ps1`);
    if (step.change !== undefined) writeFileSync(changeFile, step.change);
    const outcomeFile = path.join(work, `outcome${view}.json`);
    rmSync(outcomeFile, { force: true });
    const env: Record<string, string> = {
      LOCALAPPDATA: path.join(work, 'LocalAppData'),
      ProgramData: path.join(work, 'ProgramData'),
      SystemRoot: systemRoot,
      [OUTCOME_ENV]: outcomeFile,
      ...step.env,
    };
    const named: Record<string, string | true> = {
      Script: path.join(this.options.scripts, combined ? 'combined.ps1' : `${step.script}.ps1`),
      ...this.harnessNamed(step.now),
      ...(step.change !== undefined ? { Change: changeFile } : {}),
      ...(step.host32Bit ? { Host32Bit: true as const } : {}),
      ...(step.constrainedLanguage ? { ConstrainedLanguage: true as const } : {}),
      ...(combined ? { Mode: step.script } : {}),
      ...(view ? { View: view } : {}),
      ...(keep.length > 0 ? { Keep: keep.join(';') } : {}),
    };
    return { named, env, outcomeFile, view };
  }

  /** What a step wrote: its output, its outcome (checked against the protocol), the state after and before it. */
  private collect(step: PreparedStep, result: PwshResult): StepResult {
    const lines = result.stdout.split(/\r?\n/).filter((l) => l !== '');
    const outcome = readOutcome(step.outcomeFile);
    return {
      outcome: outcome.value,
      outcomeProblems: outcome.problems,
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      lastLine: lines[lines.length - 1] ?? '',
      state: readJson(`${this.stateFile}${step.view}.json`, result.stderr),
      before: readJson(`${this.stateFile}${step.view}.before.json`, result.stderr),
      env: step.env,
    };
  }

  private harnessNamed(now: string): Record<string, string> {
    return { StateFile: this.stateFile, Fakes: this.options.fakes.join(';'), Setup: this.setupFile, Now: now };
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
    const harness = [HARNESS, ...Object.entries(this.harnessNamed(now)).flatMap(([k, v]) => [`-${k}`, v])].map(quote).join(' ');
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

function readText(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
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
