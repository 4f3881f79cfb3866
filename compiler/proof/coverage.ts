/**
 * What `remc test` proved of each check, from the outcomes its scenario steps wrote (never from the
 * summary line): a scenario that passes but never made a fix run proves nothing about that fix.
 *
 * The rule, over every step of every scenario of one remediation (its templates' and its own):
 * - a check with a fix is proven when each trigger it declares fired in some step (the outcome's
 *   `Trigger` names it) and its fix ran in some remediation step (`Fix` fixed, reported or failed);
 * - a check without a fix (detect-only, a diagnosis, a symptom source) is proven when some step saw it
 *   out of its desired state (`State` drift, or a `Cause` other than none) and some step saw it in it
 *   (`State` ok with no cause other than none).
 * A check that is not proven is unproven, with what was missing.
 */
import type { RunOutcome, Trigger } from '../protocol.ts';

/** A check as coverage needs it: its name, whether it has a fix, and its declared triggers. */
export interface CoverageCheck {
  readonly name: string;
  readonly hasFix: boolean;
  readonly triggers: readonly Trigger[];
}

export interface TriggerCoverage {
  /** The trigger as people name it: 'drift', 'diagnosis:os', 'finding:signal'. */
  readonly trigger: string;
  /** Whether some step's outcome says this trigger fired. */
  readonly fired: boolean;
}

export interface CheckCoverage {
  readonly check: string;
  readonly hasFix: boolean;
  readonly proven: boolean;
  /** A check with a fix: each declared trigger and whether it fired (empty for a check without a fix). */
  readonly triggers: readonly TriggerCoverage[];
  /** A check with a fix: whether its fix ran in some remediation step (fixed, reported or failed). */
  readonly fixRan?: boolean;
  /** A check without a fix: whether some step saw it out of its desired state (drift, or a cause). */
  readonly seenOut?: boolean;
  /** A check without a fix: whether some step saw it in its desired state. */
  readonly seenIn?: boolean;
  /** What was never seen, one phrase each: "trigger finding:signal never fired", "fix never ran". */
  readonly missing: readonly string[];
}

export interface RemediationCoverage {
  /** Every check proven. */
  readonly proven: boolean;
  /** The steps whose outcomes it was computed from. */
  readonly steps: number;
  readonly checks: readonly CheckCoverage[];
}

/** 'drift', '<diagnosis>:<cause>[,<cause>...]', 'finding:<check>'. */
export function triggerLabel(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'drift':
      return 'drift';
    case 'cause':
      return `${trigger.check}:${trigger.causes.join(',')}`;
    case 'finding':
      return `finding:${trigger.check}`;
    case 'all':
      return `allOf(${trigger.parts.map(triggerLabel).join(' + ')})`;
    case 'schedule':
      return 'schedule';
  }
}

/**
 * The `Trigger` values of an outcome that mean this trigger fired. The runtime writes the symptom it
 * fired on ('drift', 'diagnosis: os cause', 'signal: found'); the short forms ('diagnosis:os',
 * 'finding:signal') are accepted too, so either spelling of the protocol counts.
 */
function firedAs(trigger: Trigger): readonly string[] {
  switch (trigger.kind) {
    case 'drift':
      return ['drift'];
    case 'cause':
      return trigger.causes.flatMap((cause) => [`${trigger.check}: ${cause} cause`, `${trigger.check}:${cause}`]);
    case 'finding':
      return [`${trigger.check}: found`, `finding:${trigger.check}`];
    case 'schedule':
      return ['schedule'];
    case 'all':
      return [];
  }
}

/**
 * Whether an outcome's `Trigger` says this trigger fired. An allOf fires as its parts' symptoms joined
 * with ' + ', in any order (the runtime names the parts that read other checks first, drift last).
 */
function fired(trigger: Trigger, said: string): boolean {
  if (trigger.kind !== 'all') return firedAs(trigger).includes(said);
  const seen = said.split(' + ');
  return seen.length === trigger.parts.length && trigger.parts.every((p) => seen.some((s) => firedAs(p).includes(s)));
}

const RAN = new Set(['fixed', 'reported', 'failed']);

/** What the outcomes of a remediation's scenario steps prove of each of its checks. */
export function computeCoverage(checks: readonly CoverageCheck[], outcomes: readonly RunOutcome[]): RemediationCoverage {
  const result = checks.map((check): CheckCoverage => {
    const seen = outcomes.flatMap((o) => o.Checks.filter((c) => c.Name === check.name).map((c) => ({ script: o.Script, c })));
    if (check.hasFix) {
      const triggers = check.triggers.map((t) => {
        return { trigger: triggerLabel(t), fired: seen.some(({ c }) => c.Trigger !== null && fired(t, c.Trigger)) };
      });
      const fixRan = seen.some(({ script, c }) => script === 'remediate' && RAN.has(c.Fix));
      const missing = [...triggers.filter((t) => !t.fired).map((t) => `trigger ${t.trigger} never fired`), ...(fixRan ? [] : ['fix never ran'])];
      return { check: check.name, hasFix: true, proven: missing.length === 0, triggers, fixRan, missing };
    }
    const caused = (cause: string | null) => cause !== null && cause !== 'none';
    const seenOut = seen.some(({ c }) => c.Probe.State === 'drift' || caused(c.Probe.Cause));
    const seenIn = seen.some(({ c }) => c.Probe.State === 'ok' && !caused(c.Probe.Cause));
    const missing = [...(seenOut ? [] : ['never seen out of its desired state']), ...(seenIn ? [] : ['never seen in its desired state'])];
    return { check: check.name, hasFix: false, proven: missing.length === 0, triggers: [], seenOut, seenIn, missing };
  });
  return { proven: result.every((c) => c.proven), steps: outcomes.length, checks: result };
}

/** The unproven checks of a coverage, as `<check>: <what is missing>` (empty when all are proven or there is none). */
export function unprovenLines(coverage: RemediationCoverage | undefined): string[] {
  return (coverage?.checks ?? []).filter((c) => !c.proven).map((c) => `${c.check}: ${c.missing.join('; ')}`);
}
