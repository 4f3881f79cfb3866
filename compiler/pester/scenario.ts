/**
 * Lifecycle simulation: runs a remediation's generated scripts, byte for byte, each in its own pwsh
 * process (no profile, the file as the script, stdout / stderr / exit code apart), against a
 * simulated Windows. Only the seam of Windows-facing commands is faked (see docs/check-protocol.md);
 * the scenario state lives in a file, so it carries across detect -> remediate -> detect.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REMC_ROOT } from '../paths.ts';
import { runPwsh } from './pwsh.ts';

export interface ScenarioOptions {
  /** Folder holding detect.ps1 / remediate.ps1 (dist/<id>). */
  readonly scripts: string;
  /** Templates whose fakes.ps1 is loaded (folder names under templates/). */
  readonly templates: readonly string[];
  /** PowerShell that sets the scenario up with the fakes' Reset-* functions; sees $ScenarioNow. */
  readonly setup: string;
  /** A folder of its own for this scenario's state, marker and environment. */
  readonly workDir: string;
}

export interface StepResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The last line of output: what Intune keeps. */
  readonly lastLine: string;
  /** The fakes' state after the step (what was deleted, registered, ...). */
  readonly state: Record<string, unknown>;
}

const HARNESS = path.join(REMC_ROOT, 'compiler', 'pester', 'harness', 'Invoke-RemcScenario.ps1');

export class Scenario {
  private readonly stateFile: string;
  private readonly setupFile: string;

  constructor(private readonly options: ScenarioOptions) {
    mkdirSync(options.workDir, { recursive: true });
    this.stateFile = path.join(options.workDir, 'state.clixml');
    this.setupFile = path.join(options.workDir, 'setup.ps1');
    writeFileSync(this.setupFile, options.setup);
  }

  /** Runs detect.ps1 or remediate.ps1 at the simulated time `now` (ISO 8601, UTC). */
  async run(script: 'detect' | 'remediate', now: string, opts: { host32Bit?: boolean; env?: Record<string, string> } = {}): Promise<StepResult> {
    const fakes = this.options.templates.map((t) => path.join(REMC_ROOT, 'templates', t, 'fakes.ps1')).join(';');
    const work = this.options.workDir;
    const result = await runPwsh(
      { file: HARNESS },
      {
        args: [
          '-Script', path.join(this.options.scripts, `${script}.ps1`),
          '-StateFile', this.stateFile,
          '-Fakes', fakes,
          '-Setup', this.setupFile,
          '-Now', now,
          ...(opts.host32Bit ? ['-Host32Bit'] : []),
        ],
        env: {
          LOCALAPPDATA: path.join(work, 'LocalAppData'),
          ProgramData: path.join(work, 'ProgramData'),
          SystemRoot: 'C:\\Windows',
          ...opts.env,
        },
        cwd: work,
        timeoutMs: 120_000,
      },
    );
    const lines = result.stdout.split(/\r?\n/).filter((l) => l !== '');
    return {
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      lastLine: lines[lines.length - 1] ?? '',
      state: JSON.parse(readFileSync(`${this.stateFile}.json`, 'utf8')) as Record<string, unknown>,
    };
  }
}
