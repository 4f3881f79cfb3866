/**
 * The scenario format `remc test` runs, and the helpers templates write their invariants with.
 *
 * - A template's scenarios live with the template (`templates/<t>/scenarios.ts`): setups written with
 *   that template's Reset-* fakes, and invariants. They run for EVERY remediation that uses the
 *   template (detect -> remediate -> detect), the remediation's other templates set up with their
 *   neutral (ordinary, healthy) setup. What a template scenario may expect depends on how the
 *   remediation triggers the template's fix, so it states invariants ("if the purge ran, ..."),
 *   which read the remediation's checks, rather than fixed outcomes.
 * - A remediation's own scenarios live beside its declaration (`remediations/<id>.scenarios.ts`):
 *   any number of steps, each with exact expectations.
 * Every step of both kinds is also held to the universal invariants, which every generated pair must
 * keep (compiler/declare/universal-invariants.ts).
 */
import type { Cause, CheckOutcome, RunOutcome, Trigger } from '../protocol.ts';

export type { Cause, CheckOutcome, RunOutcome };

/** The fakes' scenario state as JSON ($global:RemcFakeState): what was deleted, registered, asked. */
export type FakeState = Readonly<Record<string, unknown>>;

/** One run of detect.ps1 or remediate.ps1, as an invariant sees it. */
export interface StepView {
  /** 'detect', 'remediate', 'detect again' for template scenarios; 'step N (detect)' for a remediation's. */
  readonly label: string;
  readonly script: 'detect' | 'remediate';
  /** The simulated clock, ISO 8601 UTC. */
  readonly at: string;
  /** Whether a `change` ran before this step (the world moved on since the previous step). */
  readonly changed: boolean;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly lastLine: string;
  /** What the script reported of every check (the runtime's JSON outcome, validated against the protocol). */
  readonly outcome: RunOutcome;
  /** What is wrong with the outcome the script wrote (missing, not JSON, fields the protocol does not have). */
  readonly outcomeProblems: readonly string[];
  /** The fakes' state just before the script ran, and after. */
  readonly before: FakeState;
  readonly state: FakeState;
  /** The remediation's marker file before and after the step (undefined when there is none). */
  readonly markerBefore: string | undefined;
  readonly markerAfter: string | undefined;
  /** The environment the step ran with (SystemRoot, LOCALAPPDATA, ProgramData). */
  readonly env: Readonly<Record<string, string>>;
}

export type TriggerInfo = Trigger;

/** One check of the remediation under test, as the generated scripts carry it. */
export interface CheckInfo {
  readonly name: string;
  readonly template: string;
  /** The `$Config` hashtable (PascalCase keys), with every default resolved. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly triggers: readonly TriggerInfo[];
  readonly hasFix: boolean;
  /**
   * The check needs FullLanguage (its requirements: read from its code, or declared by a custom check):
   * in Constrained Language Mode the runtime skips it and says so, rather than let PowerShell refuse it.
   */
  readonly needsFullLanguage: boolean;
}

export interface RemediationInfo {
  readonly id: string;
  readonly runAs: 'user' | 'system';
  readonly coolDownHours: number;
  readonly detectOnly: boolean;
  readonly checks: readonly CheckInfo[];
}

export interface InvariantContext {
  readonly remediation: RemediationInfo;
  /** The remediation's checks made by the template that owns the invariant (every check for universal ones). */
  readonly checks: readonly CheckInfo[];
  readonly step: StepView;
  /** The scenario's earlier steps, in order. */
  readonly previous: readonly StepView[];
}

export interface ScenarioInvariant {
  /** What holds, as a sentence: "protected entries are never deleted". */
  readonly name: string;
  /** What is wrong in this step, or nothing when the invariant holds. */
  check(ctx: InvariantContext): string | undefined | void;
}

/**
 * Which of a remediation's checks a template scenario is about. A scenario is written for some
 * declarations (a drift trigger, a probe that runs in every step, a cause its `others` set up); for a
 * check of another declaration it would prove nothing, or expect what that declaration rightly never
 * does. `remc test` runs the scenario only when it applies to some check of the template (its own
 * invariants then see only those checks), and otherwise lists it as not applicable, with the reason:
 * never as passed, and never as proof of anything (compiler/proof/coverage.ts reads only the steps
 * that ran).
 */
export interface ScenarioApplicability {
  /** Whether the scenario is about this check (a check of the scenario's template). */
  readonly check: (check: CheckInfo, remediation: RemediationInfo) => boolean;
  /**
   * Why it is not about a check it leaves out, as a phrase that follows the check's name: "its probe
   * runs only when a symptom calls for its fix (no drift trigger)".
   */
  readonly reason: string;
}

/** A scenario of a template, run for every remediation that uses it: detect -> remediate -> detect. */
export interface TemplateScenario {
  readonly name: string;
  /**
   * The checks of the template the scenario is about, from their declaration (triggers, options).
   * @default every check of the template
   */
  readonly appliesTo?: ScenarioApplicability;
  /**
   * PowerShell that sets this template's fakes up with its Reset-* functions; sees $ScenarioNow, and
   * $ScenarioChecks (the check rows as the remediation script carries them, secrets included).
   */
  readonly setup: string;
  /**
   * Setups of other templates' fakes for this scenario, by template folder name, used instead of
   * their neutral setup when the remediation uses that template.
   */
  readonly others?: Readonly<Record<string, string>>;
  /** Checked after each step, besides the universal and the template's own invariants. */
  readonly invariants?: readonly ScenarioInvariant[];
}

/** What `templates/<t>/scenarios.ts` exports. */
export interface TemplateScenarioModule {
  /** Sets this template's fakes up as an ordinary, healthy machine, for other templates' scenarios. */
  readonly neutralSetup: string;
  /** Checked after every step of every scenario of a remediation that uses this template. */
  readonly invariants: readonly ScenarioInvariant[];
  readonly scenarios: readonly TemplateScenario[];
}

/** What a step of a remediation scenario must show. */
export interface StepExpectation {
  readonly exitCode?: 0 | 1;
  /** Each RegExp must match the last line, each string must occur in it. */
  readonly lastLine?: RegExp | string | readonly (RegExp | string)[];
  /** Each key's value must equal (deeply) the fakes' state value after the step, e.g. { Registered: [...] }. */
  readonly state?: Readonly<Record<string, unknown>>;
  /** Anything else: return what is wrong. */
  readonly check?: (step: StepView) => string | undefined | void;
}

export interface ScenarioStep {
  readonly run: 'detect' | 'remediate';
  /** Minutes after the scenario's start. @default the previous step's (0 for the first) */
  readonly at?: number;
  /** PowerShell run before this step: the world moving on (new events, tokens written back). Sees $ScenarioNow and $RemcFakeState. */
  readonly change?: string;
  /** Run in a simulated 32-bit host on 64-bit Windows (the script relaunches itself through Sysnative). */
  readonly host32Bit?: boolean;
  /** Run the script in Constrained Language Mode, as AppLocker or WDAC run an unsigned script. */
  readonly constrainedLanguage?: boolean;
  readonly expect?: StepExpectation;
}

/** A scenario of one remediation, with exact expectations: `remediations/<id>.scenarios.ts` exports `scenarios`. */
export interface RemediationScenario {
  readonly name: string;
  /**
   * PowerShell that sets the fakes up (every template's Reset-* functions are loaded; each template
   * starts from its neutral setup, so name only what differs); sees $ScenarioNow.
   */
  readonly setup: string;
  /** The clock of the first step. @default '2026-11-25T12:00:00Z' */
  readonly start?: string;
  readonly steps: readonly ScenarioStep[];
}

// ---- helpers for writing invariants ----

/** What happened to one check in a step (from the run's JSON outcome), or undefined when it has no such check. */
export function checkOutcome(step: StepView, check: string): CheckOutcome | undefined {
  return step.outcome.Checks.find((c) => c.Name === check);
}

/** A check's outcome on one line, for an invariant's message: what its probe saw and what became of its fix. */
export function describeOutcome(o: CheckOutcome | undefined): string {
  if (!o) return '(no outcome for the check)';
  const probe = `probe ${o.Probe.State} "${o.Probe.Summary}"${o.Probe.Advice ? ` advice "${o.Probe.Advice}"` : ''}${o.Probe.Error ? ` error "${o.Probe.Error}"` : ''}`;
  return `${probe}, fix ${o.Fix}${o.FixSummary ? ` "${o.FixSummary}"` : ''}${o.FixError ? ` error "${o.FixError}"` : ''}`;
}

/**
 * The per-check invariants of a template's scenarios. `read` turns a check into what the template
 * knows of its declaration, `tag` names that in messages. The function returned makes one invariant:
 * `expect` holds, in every step, for each check that `applies` selects (told what was declared, the
 * check, and the fakes' state before the scenario's first step); `expect` is told the step, the
 * check's outcome, what was declared and the check.
 */
export function checkInvariants<D>(read: (k: CheckInfo) => D, tag: (d: D) => string = () => '') {
  return (
    name: string,
    applies: (d: D, k: CheckInfo, first: FakeState) => boolean,
    expect: (step: StepView, o: CheckOutcome | undefined, d: D, k: CheckInfo) => string | undefined,
  ): ScenarioInvariant => ({
    name,
    check: ({ step, checks, previous }) => {
      const first = previous[0]?.before ?? step.before;
      for (const k of checks) {
        const d = read(k);
        if (!applies(d, k, first)) continue;
        const o = checkOutcome(step, k.name);
        const wrong = expect(step, o, d, k);
        const what = tag(d);
        if (wrong) return `${k.name} (${what ? `${what}, ` : ''}${step.label}): ${wrong}: ${describeOutcome(o)}`;
      }
      return undefined;
    },
  });
}

/**
 * Drift none of which the check's fix may repair (its probe said `Repairable = $false`: a policy decides
 * it, a service or task it never creates is missing), for a check whose drift triggers its fix: in every
 * step the fix never runs, the advice is like `advice` (what a person must do), no run says it is
 * healthy (OK, FIXED, NOTHING TO FIX), and detection exits 1 (ACTION NEEDED). For checkInvariants'
 * `expect`: undefined when it holds, else what is wrong.
 */
export function actionNeeded(advice: RegExp): (step: StepView, o: CheckOutcome | undefined) => string | undefined {
  return (step, o) => {
    if (!o) return 'no outcome';
    if (o.Probe.State !== 'drift' || o.Fix !== 'none') return 'expected drift and no fix';
    if (!advice.test(o.Probe.Advice ?? '')) return `expected advice like ${String(advice)}`;
    if (step.script === 'detect' && step.exitCode !== 1) return 'expected detection to exit 1: a person must act';
    if (['OK', 'FIXED', 'NOTHING TO FIX'].includes(step.outcome.Status)) return `expected ACTION NEEDED, not ${step.outcome.Status}`;
    return undefined;
  };
}

/** Whether the remediation ran this check's fix in this step (fixed, reported only, or failed). */
export function fixRan(step: StepView, check: string): boolean {
  const fix = checkOutcome(step, check)?.Fix;
  return fix === 'fixed' || fix === 'reported' || fix === 'failed';
}

/** PowerShell's `-like`: case-insensitive, `*`, `?` and `[...]`. */
export function psLike(text: string, pattern: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${pattern.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i').test(text);
}

/** A list in the fakes' state (JSON arrays; a missing key is empty). */
export function stateList<T = unknown>(state: FakeState, key: string): T[] {
  const value = state[key];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as T[]) : [value as T];
}

/** Items of `key` in the step's state that were not there before it (by position: the logs only grow). */
export function added<T = unknown>(step: StepView, key: string): T[] {
  return stateList<T>(step.state, key).slice(stateList(step.before, key).length);
}

/**
 * Whether the runtime probes this check in every run, whatever the other checks find
 * (Test-RemcProbeNeeded): it has no fix, or a drift trigger, or a trigger on a check that comes after
 * it (not yet probed when it is decided), an allOf's part included. A check whose fix only symptoms of earlier checks trigger is
 * probed only when its fix would run now; otherwise its probe is `idle`.
 */
export function alwaysProbed(check: CheckInfo, remediation: RemediationInfo): boolean {
  if (!check.hasFix) return true;
  const before = remediation.checks.slice(0, Math.max(0, remediation.checks.findIndex((c) => c.name === check.name))).map((c) => c.name);
  // An allOf's drift part alone does not: the runtime probes the check when the other parts would fire.
  return check.triggers.some((t) =>
    t.kind === 'all' ? t.parts.some((p) => p.kind !== 'drift' && !before.includes(p.check)) : t.kind === 'drift' || t.kind === 'schedule' || !before.includes(t.check),
  );
}

/**
 * For a scenario whose invariants read what the check's probe saw in every step (a probe error, the
 * drift it starts from): it is about the checks that are probed in every run.
 */
export const PROBED_IN_EVERY_RUN: ScenarioApplicability = {
  check: alwaysProbed,
  reason: 'its probe runs only when a symptom of another check calls for its fix (no drift trigger), and this scenario sets up no such symptom',
};

/**
 * For a scenario whose `others` make a diagnosis of the template `diagnosis` (a folder name such as
 * 'sign-in-diagnostics') conclude `cause`: it is about the checks that cause of such a diagnosis
 * triggers, and those the runtime probes in every run; not about a check only another symptom triggers.
 */
export function triggeredByCause(diagnosis: string, cause: Cause): ScenarioApplicability {
  return {
    check: (check, remediation) =>
      alwaysProbed(check, remediation) ||
      check.triggers.some((t) => t.kind === 'cause' && t.causes.includes(cause) && remediation.checks.some((c) => c.name === t.check && c.template === diagnosis)),
    reason: `its fix is triggered neither by its own drift nor by the ${cause} cause of ${diagnosis}, the symptom this scenario sets up`,
  };
}

/** Checks whose fix the diagnosis `diagnosis` can trigger only through causes (no drift trigger). */
export function causeOnlyChecks(remediation: RemediationInfo, diagnosis: string): CheckInfo[] {
  return remediation.checks.filter(
    (c) => c.hasFix && c.triggers.length > 0 && c.triggers.every((t) => t.kind === 'cause' && t.check === diagnosis),
  );
}

