/**
 * Scenarios of command-probe, run by `remc test` for every remediation that uses it. The fake program
 * (compiler/proof/harness/runtime-fakes.ps1, `Reset-RemcFakeProgram`) stands for whatever path a check
 * declares; the invariants read each check's `DesiredExitCodes` and `OutputMatches` to say what it must
 * conclude. A program that hangs or is missing is a probe error in every step (one that cannot be ended
 * leaves a process behind, which detection must not: the Pester test holds that case).
 */
import { programName } from '../../compiler/declare/program.ts';
import { added, checkOutcome, type CheckInfo, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** The program is there and exits 0 at once, printing "Ok.". */
export const neutralSetup = 'Reset-RemcFakeProgram';

interface Run {
  readonly Path: string;
}

function runsOf(step: StepView, k: CheckInfo): Run[] {
  return added<Run>(step, 'ProgramCalls').filter((r) => programName(r.Path) === programName(k.config['Path']));
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'each probe runs its program at most once (twice in a remediation: before and after the fixes)',
    check: ({ step, checks }) => {
      for (const k of checks) {
        const allowed = (step.script === 'remediate' ? 2 : 1) * checks.filter((o) => programName(o.config['Path']) === programName(k.config['Path'])).length;
        if (runsOf(step, k).length > allowed) return `${k.name}: ${runsOf(step, k).length} runs of ${programName(k.config['Path'])}`;
      }
      return undefined;
    },
  },
  {
    name: 'the files of its standard input and output are removed after each run',
    check: ({ step }) => (Number(step.state['ProgramFilesLeft'] ?? 0) === 0 ? undefined : `${String(step.state['ProgramFilesLeft'])} files left`),
  },
  {
    name: 'it never ends a process the program did not start (an older process whose parent id was reused, System)',
    check: ({ step }) => {
      const wrong = added<number>(step, 'ProgramStopCalls').filter((id) => id === 3100 || id === 4);
      return wrong.length > 0 ? `ended ${wrong.join(', ')}` : undefined;
    },
  },
];

/** With the program exiting `code` (its output `output`), each check is ok exactly when its codes and pattern say so. */
function judgedBy(code: number, output: readonly string[]): ScenarioInvariant {
  return {
    name: `the probe is ok exactly when ${code} is one of its desiredExitCodes (and its output pattern matches), and says the code`,
    check: ({ step, checks }) => {
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        if (!probe) return `no outcome of ${k.name}`;
        const desired = (k.config['DesiredExitCodes'] as number[] | undefined) ?? [0];
        const pattern = k.config['OutputMatches'];
        if (!probe.Summary.toLowerCase().startsWith(`${programName(k.config['Path'])} exited ${code}`)) return `${k.name}: ${JSON.stringify(probe)}`;
        if (!desired.includes(code)) {
          if (probe.State !== 'drift' || !probe.Summary.includes(', not ')) return `${k.name} should drift on ${code}: ${JSON.stringify(probe)}`;
        } else if (typeof pattern !== 'string') {
          if (probe.State !== 'ok') return `${k.name} should be ok on ${code}: ${JSON.stringify(probe)}`;
        } else if (probe.State === 'drift' && !probe.Summary.includes('output does not match')) {
          return `${k.name}: ${JSON.stringify(probe)}`;
        }
        const last = output[output.length - 1];
        if (last !== undefined && !probe.Summary.includes(last)) return `${k.name}: the summary lacks the last output line "${last}": ${probe.Summary}`;
      }
      return undefined;
    },
  };
}

/** Every step: each check's probe fails with an error that matches `error`, and the step exits 1. */
function failsWith(error: RegExp, stopped?: readonly number[]): ScenarioInvariant {
  return {
    name: `every probe is an error like ${String(error)} (never desired), and the step exits 1${stopped ? `; the program and what it started (${stopped.join(', ')}) are ended` : ''}`,
    check: ({ step, checks }) => {
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        if (probe?.State !== 'error' || !error.test(probe.Error ?? '')) return `${k.name}: ${JSON.stringify(probe)}`;
      }
      if (stopped) {
        const ended = added<number>(step, 'ProgramStopCalls');
        if (ended.slice(0, stopped.length).join(',') !== stopped.join(',')) return `ended ${ended.join(', ')}, expected ${stopped.join(', ')} first`;
      }
      return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
    },
  };
}

const HEALTHY = ['Deployment Image Servicing and Management tool', 'No component store corruption detected.', 'The operation completed successfully.'];

export const scenarios: TemplateScenario[] = [
  {
    name: 'the program exits 0 and says all is well',
    setup: `Reset-RemcFakeProgram -ExitCode 0 -Output @(${HEALTHY.map((l) => `'${l}'`).join(', ')})`,
    invariants: [judgedBy(0, HEALTHY)],
  },
  {
    name: 'the program exits 1 with an error on its standard error',
    setup: "Reset-RemcFakeProgram -ExitCode 1 -Output @() -ErrorOutput @('Error: 87', 'The parameter is incorrect.')",
    invariants: [judgedBy(1, [])],
  },
  {
    name: 'the program exits with an HRESULT (0x80070005, access denied)',
    setup: 'Reset-RemcFakeProgram -ExitCode -2147024891',
    invariants: [
      judgedBy(-2147024891, ['Ok.']),
      {
        name: 'the summary gives the code in hexadecimal too',
        check: ({ step, checks }) => (checks.every((k) => checkOutcome(step, k.name)?.Probe.Summary.includes('(0x80070005)')) ? undefined : step.lastLine),
      },
    ],
  },
  {
    name: 'the program hangs past its limit, with a child and a grandchild',
    setup: "Reset-RemcFakeProgram -Hangs -Output @('Scanning...')",
    invariants: [failsWith(/still running after \d+ s: ended it and the 2 processes it started; output: Scanning\.\.\.$/, [4242, 4300, 4301])],
  },
  {
    name: 'the program is not installed',
    setup: 'Reset-RemcFakeProgram -Missing',
    invariants: [
      failsWith(/ not found: [A-Z]:\\/),
      { name: 'nothing is started', check: ({ step }) => (added(step, 'ProgramCalls').length > 0 ? 'a program ran' : undefined) },
    ],
  },
];
