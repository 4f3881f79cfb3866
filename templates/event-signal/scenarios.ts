/**
 * Scenarios of event-signal, run by `remc test` for every remediation that uses it. A template scenario
 * cannot know the declared log, ids, threshold or window, so the setups use the fake's `-MatchingAt`
 * (events that match whatever the check asks for, at fixed times) and the invariants read the declared
 * `MinCount` and `WindowHours` to say what the signal must conclude; and the fixes acting on it
 * (`onFinding(signal)`) must be due exactly when it finds its symptom, run in the remediation, and the
 * evidence from before that fix must not count again.
 */
import { added, checkOutcome, fixRan, type CheckInfo, type InvariantContext, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** Every log exists and is readable, and holds no matching event: no signal finds its symptom. */
export const neutralSetup = 'Reset-RemcFakeEventSignal';

interface Query {
  readonly LogName: string;
  readonly StartTime: string;
  readonly MaxEvents: number;
}

function num(config: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const value = Number(config[key]);
  return Number.isFinite(value) ? value : fallback;
}

/** A time from the fakes' JSON state: ISO 8601, or the "\/Date(ms)\/" form of older serializers. */
function timeOf(value: unknown): number {
  const text = String(value);
  const legacy = /Date\((-?\d+)/.exec(text);
  return legacy ? Number(legacy[1]) : Date.parse(text);
}

/** `-MatchingAt` for events this many minutes before the scenario's clock. */
function matchingAt(minutesAgo: readonly number[]): string {
  return `Reset-RemcFakeEventSignal -MatchingAt @(${minutesAgo.map((m) => `$ScenarioNow.AddMinutes(-${m})`).join(', ')})`;
}

/** Checks of the remediation whose fix runs on this check's finding. */
function actingOn(ctx: InvariantContext, k: CheckInfo): CheckInfo[] {
  return ctx.remediation.checks.filter((c) => c.hasFix && c.triggers.some((t) => t.kind === 'finding' && t.check === k.name));
}

function describe(step: StepView, name: string): string {
  return JSON.stringify(checkOutcome(step, name) ?? '(no outcome)');
}

/** Whether the step's script changed the marker, i.e. a remediation ran a fix and stamped it. */
function stamped(step: StepView): boolean {
  return step.script === 'remediate' && step.markerAfter !== undefined && step.markerAfter !== step.markerBefore;
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'reads only the declared log, never further back than the window, and enough events to reach the threshold',
    check: ({ step, checks }) => {
      const now = timeOf(step.at);
      for (const q of added<Query>(step, 'EventSignalQueries')) {
        const mine = checks.filter((k) => String(k.config['Log']).toLowerCase() === String(q.LogName).toLowerCase());
        if (mine.length === 0) return `read the log '${q.LogName}', which no signal declares`;
        const hours = Math.max(...mine.map((k) => num(k.config, 'WindowHours', 24)));
        if (timeOf(q.StartTime) < now - hours * 3_600_000 - 1_000) return `read '${q.LogName}' from ${q.StartTime}, before its ${hours} h window`;
        const needed = Math.min(...mine.map((k) => num(k.config, 'MinCount', 3)));
        if (Number(q.MaxEvents) < needed) return `read at most ${q.MaxEvents} events of '${q.LogName}', fewer than the threshold ${needed}`;
      }
      return undefined;
    },
  },
  {
    name: 'the signal is probed in every step',
    check: ({ step, checks }) => {
      for (const k of checks) if (!checkOutcome(step, k.name)) return `no outcome of ${k.name}: ${step.lastLine}`;
      return undefined;
    },
  },
];

/**
 * Matching events at `minutesAgo` (before the first step's clock): the signal finds its symptom when as
 * many of them as its MinCount fall in its window; the fixes acting on it are due in the detection and
 * run in the remediation; once a fix stamped the marker, the events from before it no longer count.
 */
function findsWhenEnough(minutesAgo: readonly number[]): ScenarioInvariant {
  return {
    name: `with events ${minutesAgo.join(', ')} minutes ago, the signal finds its symptom exactly when they reach its threshold in its window, and the fixes acting on it follow`,
    check: (ctx) => {
      const { step, checks, remediation, previous } = ctx;
      const first = previous[0] ?? step;
      const elapsed = (timeOf(step.at) - timeOf(first.at)) / 60_000;
      const afterFix = previous.some(stamped);
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o) return `no outcome of ${k.name}`;
        const window = num(k.config, 'WindowHours', 24) * 60;
        const inWindow = afterFix ? 0 : minutesAgo.filter((m) => m + elapsed <= window).length;
        const found = inWindow >= num(k.config, 'MinCount', 3);
        const expected = found ? 'drift' : 'ok';
        if (o.Probe.State !== expected) return `expected ${expected} with ${inWindow} events in the window, got ${describe(step, k.name)}`;
        if (!o.Probe.Summary.startsWith(`${inWindow} event`)) return `expected a count of ${inWindow}: ${o.Probe.Summary}`;
        if (afterFix && !o.Probe.Summary.includes('since the last fix at')) return `the window after a fix does not say so: ${o.Probe.Summary}`;
        if (remediation.detectOnly && found && step.exitCode !== 1) return `a detect-only remediation with a finding exits ${step.exitCode}`;
        for (const c of actingOn(ctx, k)) {
          const co = checkOutcome(step, c.name);
          if (step.label === 'detect' && found && co?.Fix !== 'due') return `${c.name} acts on ${k.name}, which found its symptom, but is not due: ${describe(step, c.name)}`;
          if (step.label === 'detect' && !found && co?.Fix === 'due' && co.Trigger === `${k.name}: found`) return `${c.name} is due on a finding of ${k.name} that is not there`;
          if (step.label === 'remediate' && found && !fixRan(step, c.name)) return `${c.name} did not run on the finding of ${k.name}: ${describe(step, c.name)}`;
          if (step.label === 'remediate' && !found && fixRan(step, c.name) && co?.Trigger === `${k.name}: found`) return `${c.name} ran on a finding of ${k.name} that is not there`;
        }
        // The probe after the fix reads from the new marker: the events that triggered it are history.
        if (stamped(step) && o.After && o.After.State !== 'ok') return `after the fix, ${k.name} still counts the old events: ${JSON.stringify(o.After)}`;
      }
      return undefined;
    },
  };
}

/** Every step fails the signal's probe with `error` (a prefix), exits 1, and no fix acts on it. */
function failsWith(error: string): ScenarioInvariant {
  return {
    name: `every step reports "${error}..." as a probe error, exits 1, and no fix acts on it`,
    check: (ctx) => {
      const { step, checks } = ctx;
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        const expected = error.replace('<log>', String(k.config['Log']));
        if (probe?.State !== 'error' || !probe.Error?.startsWith(expected)) return `expected the error "${expected}...", got ${describe(step, k.name)}`;
        for (const c of actingOn(ctx, k)) {
          if (fixRan(step, c.name) || checkOutcome(step, c.name)?.Fix === 'due') return `${c.name} acted on a signal that could not be read: ${describe(step, c.name)}`;
        }
      }
      return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
    },
  };
}

const REPEATED = [170, 120, 50, 10] as const;
const ONCE = [30] as const;
/** Just over 30 days ago: before the longest window (720 h) a signal may declare. */
const LONG_AGO = [43_300, 43_320, 43_340, 43_360] as const;

export const scenarios: TemplateScenario[] = [
  {
    name: 'the symptom repeats: four matching events in the last three hours',
    setup: matchingAt(REPEATED),
    invariants: [findsWhenEnough(REPEATED)],
  },
  {
    name: 'one matching event half an hour ago',
    setup: matchingAt(ONCE),
    invariants: [findsWhenEnough(ONCE)],
  },
  {
    name: 'the matching events are older than any window',
    setup: matchingAt(LONG_AGO),
    invariants: [findsWhenEnough(LONG_AGO)],
  },
  {
    name: 'the log does not exist on the device',
    setup: "Reset-RemcFakeEventSignal -MatchingAt @($ScenarioNow.AddMinutes(-10)) -MissingLog '*'",
    invariants: [failsWith("event log '<log>' not found on this device")],
  },
  {
    name: 'the account may not read the log',
    setup: "Reset-RemcFakeEventSignal -MatchingAt @($ScenarioNow.AddMinutes(-10)) -DeniedLog '*'",
    invariants: [failsWith("cannot read event log '<log>': access denied")],
  },
];
