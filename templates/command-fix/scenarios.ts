/**
 * Scenarios of command-fix, run by `remc test` for every remediation that uses it. A program fix runs
 * on another check's symptom or on schedule; these scenarios set a symptom up where they can, a run of
 * matching events for the event signals it acts on (`others`), and hold each fix that ran to what the fake program did
 * (compiler/proof/harness/runtime-fakes.ps1). Detection never runs the program.
 */
import { added, checkOutcome, fixRan, type CheckInfo, type RemediationInfo, type ScenarioApplicability, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';
import { programName } from '../../compiler/declare/program.ts';

/** The program is there and exits 0 at once, printing "Ok.". */
export const neutralSetup = 'Reset-RemcFakeProgram';

/** Twelve matching events in the last two hours: an event signal with minCount up to 12 finds its symptom. */
const EVENTS = 12;
const SYMPTOM = `Reset-RemcFakeEventSignal -MatchingAt @(${Array.from({ length: EVENTS }, (_, i) => `$ScenarioNow.AddMinutes(-${(i + 1) * 10})`).join(', ')})`;

/** The checks these scenarios are about: those a finding of an event signal (minCount up to 12) triggers. */
const ON_EVENTS: ScenarioApplicability = {
  check: (check: CheckInfo, remediation: RemediationInfo) =>
    check.triggers.some((t) => t.kind === 'finding' && remediation.checks.some((c) => c.name === t.check && c.template === 'event-signal' && Number(c.config['MinCount'] ?? 3) <= EVENTS)),
  reason: `its fix is not triggered by an event signal that ${EVENTS} events in two hours fire, the symptom this scenario sets up`,
};

/** The checks onSchedule() triggers: their fix runs with no symptom, once per cool-down. */
const ON_SCHEDULE: ScenarioApplicability = {
  check: (check: CheckInfo) => check.triggers.some((t) => t.kind === 'schedule'),
  reason: 'its fix is not run on schedule (onSchedule())',
};

/**
 * On schedule: the first detection says the run is due (exit 1), the remediation runs the program,
 * and the detection after it, in the cool-down, is not a problem: exit 0, saying when the next run is.
 */
const PACED: ScenarioInvariant = {
  name: 'on schedule, the run is due, then the detection after it exits 0 and says when the next run is',
  check: ({ step, checks }) => {
    for (const k of checks) {
      const o = checkOutcome(step, k.name);
      if (step.label === 'detect' && (o?.Fix !== 'due' || o.Trigger !== 'schedule' || step.exitCode !== 1)) return `${k.name}: not due on schedule, exit ${step.exitCode}: ${JSON.stringify(o)}`;
      if (step.label === 'remediate' && fixRan(step, k.name) && !/"Attempts":\[\]/.test(step.markerAfter ?? '')) return `a scheduled run that worked counts toward the limit: ${step.markerAfter}`;
      if (step.label === 'detect again') {
        if (o?.Fix !== 'none' || step.exitCode !== 0) return `${k.name}: exit ${step.exitCode} after the scheduled run: ${JSON.stringify(o)}`;
        if (!new RegExp(`${k.name}: [^|]* -> next run after \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ`).test(step.lastLine)) return `the line does not say when the next run is: ${step.lastLine}`;
      }
    }
    return undefined;
  },
};

interface Run {
  readonly Path: string;
}

function runsOf(step: StepView, k: CheckInfo): Run[] {
  return added<Run>(step, 'ProgramCalls').filter((r) => programName(r.Path) === programName(k.config['Path']));
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection never runs the program, and a remediation runs it only as the fix, once',
    check: ({ step, checks, remediation }) => {
      // A command probe of the same program runs it in detection too: its runs are not this fix's.
      const probed = new Set(remediation.checks.filter((c) => c.template === 'command-probe').map((c) => programName(c.config['Path'])));
      for (const k of checks) {
        if (probed.has(programName(k.config['Path']))) continue;
        const runs = runsOf(step, k).length;
        if (step.script === 'detect' && runs > 0) return `${k.name}: detection ran ${programName(k.config['Path'])}`;
        if (step.script === 'remediate' && runs > (fixRan(step, k.name) ? 1 : 0)) return `${k.name}: ${runs} runs, fix ${checkOutcome(step, k.name)?.Fix ?? 'none'}`;
      }
      return undefined;
    },
  },
  {
    name: 'the files of its standard input and output are removed after each run',
    check: ({ step }) => (Number(step.state['ProgramFilesLeft'] ?? 0) === 0 ? undefined : `${String(step.state['ProgramFilesLeft'])} files left`),
  },
  {
    name: 'a fix that worked is a symptom\'s fix: APPLIED, awaiting proof, never FIXED by its own probe',
    check: ({ step, checks }) => {
      for (const k of checks) {
        if (checkOutcome(step, k.name)?.Fix === 'fixed' && step.outcome.Status === 'FIXED') return `${k.name} made the run FIXED`;
      }
      return undefined;
    },
  },
];

/** In the remediation, each fix that ran ended as `fix` with a summary or error like `text`; and with the symptom, it ran. */
function fixEnds(fix: 'fixed' | 'failed', text: (k: CheckInfo) => RegExp): ScenarioInvariant {
  return {
    name: `with the symptom, the remediation runs the program once and the fix is ${fix}, saying the exit code and the last output`,
    check: ({ step, checks }) => {
      if (step.label !== 'remediate') return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o || !fixRan(step, k.name)) {
          if (o?.Fix === 'held' || o?.Fix === 'confirming' || o?.Fix === 'escalated') continue;
          return `${k.name} did not run on the symptom: ${JSON.stringify(o)}`;
        }
        const said = fix === 'fixed' ? o.FixSummary : o.FixError;
        if (o.Fix !== fix || !text(k).test(said ?? '')) return `${k.name}: ${JSON.stringify(o)}`;
        if (fix === 'failed' && step.exitCode !== 1) return `exit ${step.exitCode} after a failed fix`;
      }
      return undefined;
    },
  };
}

const codes = (k: CheckInfo): number[] => (k.config['SuccessExitCodes'] as number[] | undefined) ?? [0];
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exited = (k: CheckInfo, code: number): string => `^${escape(programName(k.config['Path']))} exited ${code}`;

export const scenarios: TemplateScenario[] = [
  {
    name: 'on schedule; the program exits 0',
    appliesTo: ON_SCHEDULE,
    setup: "Reset-RemcFakeProgram -ExitCode 0 -Output @('Windows IP Configuration', 'Successfully flushed the DNS Resolver Cache.')",
    invariants: [fixEnds('fixed', (k) => new RegExp(`${exited(k, 0)}; output: .*Successfully flushed the DNS Resolver Cache\\.$`, 'i')), PACED],
  },
  {
    name: 'on schedule; the program exits 1',
    appliesTo: ON_SCHEDULE,
    setup: "Reset-RemcFakeProgram -ExitCode 1 -Output @() -ErrorOutput @('Could not flush the DNS Resolver Cache: Function failed during execution.')",
    invariants: [
      {
        name: 'a scheduled run that fails is FAILED, exit 1, and counts toward the limit of fixes',
        check: (ctx) => {
          const failing = ctx.checks.filter((k) => !codes(k).includes(1));
          const wrong = fixEnds('failed', (k) => new RegExp(`${exited(k, 1)}, not [-0-9/]+; errors: Could not flush`, 'i')).check({ ...ctx, checks: failing });
          if (wrong) return wrong;
          if (ctx.step.label === 'remediate' && failing.length > 0 && !/"Attempts":\["\d+"\]/.test(ctx.step.markerAfter ?? '')) return `the failed run is not counted: ${ctx.step.markerAfter}`;
          return undefined;
        },
      },
    ],
  },
  {
    name: 'the symptom is seen; the program exits 0',
    appliesTo: ON_EVENTS,
    setup: "Reset-RemcFakeProgram -ExitCode 0 -Output @('Sucessfully reset the Winsock Catalog.', 'You must restart the computer in order to complete the reset.')",
    others: { 'event-signal': SYMPTOM },
    invariants: [
      fixEnds('fixed', (k) => new RegExp(`${exited(k, 0)}; output: .*You must restart the computer in order to complete the reset\\.$`, 'i')),
    ],
  },
  {
    name: 'the symptom is seen; the program exits 1603 (a fatal error during installation)',
    appliesTo: ON_EVENTS,
    setup: "Reset-RemcFakeProgram -ExitCode 1603 -Output @() -ErrorOutput @('MainEngineThread is returning 1603')",
    others: { 'event-signal': SYMPTOM },
    invariants: [
      {
        name: 'a fix whose success codes lack 1603 fails, with the code and the error output',
        check: (ctx) =>
          fixEnds('failed', (k) => new RegExp(`${exited(k, 1603)}, not [-0-9/]+; errors: MainEngineThread is returning 1603$`, 'i')).check({
            ...ctx,
            checks: ctx.checks.filter((k) => !codes(k).includes(1603)),
          }),
      },
    ],
  },
  {
    name: 'the symptom is seen; the program hangs past its limit, with a child and a grandchild',
    appliesTo: ON_EVENTS,
    setup: "Reset-RemcFakeProgram -Hangs -Output @('Repairing...')",
    others: { 'event-signal': SYMPTOM },
    invariants: [
      fixEnds('failed', (k) => new RegExp(`^${escape(programName(k.config['Path']))} still running after ${Number(k.config['TimeoutSeconds'])} s: ended it and the 2 processes it started; output: Repairing\\.\\.\\.$`, 'i')),
      {
        name: 'the program and what it started are ended, nothing else',
        check: ({ step }) => {
          const ended = added<number>(step, 'ProgramStopCalls');
          if (step.label !== 'remediate' || ended.length === 0) return undefined;
          return ended.join(',') === [4242, 4300, 4301].join(',') ? undefined : `ended ${ended.join(', ')}`;
        },
      },
    ],
  },
  {
    name: 'the symptom is seen; the program is not installed',
    appliesTo: ON_EVENTS,
    setup: 'Reset-RemcFakeProgram -Missing',
    others: { 'event-signal': SYMPTOM },
    invariants: [
      {
        name: 'its probe is an error naming the missing program, no fix runs on it, and nothing is started',
        check: ({ step, checks }) => {
          if (added(step, 'ProgramCalls').length > 0) return 'a program ran';
          for (const k of checks) {
            const o = checkOutcome(step, k.name);
            if (!o || o.Probe.State === 'idle') continue;
            if (o.Probe.State !== 'error' || !/ not found: [A-Z]:\\/.test(o.Probe.Error ?? '')) return `${k.name}: ${JSON.stringify(o)}`;
            if (fixRan(step, k.name)) return `${k.name}: the fix ran`;
          }
          return undefined;
        },
      },
    ],
  },
];
