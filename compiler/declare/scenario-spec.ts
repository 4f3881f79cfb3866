/**
 * The scenario format `remc test` runs, and the invariants every generated pair must keep.
 *
 * - A template's scenarios live with the template (`templates/<t>/scenarios.ts`): setups written with
 *   that template's Reset-* fakes, and invariants. They run for EVERY remediation that uses the
 *   template (detect -> remediate -> detect), the remediation's other templates set up with their
 *   neutral (ordinary, healthy) setup. What a template scenario may expect depends on how the
 *   remediation triggers the template's fix, so it states invariants ("if the purge ran, ..."),
 *   which read the remediation's checks, rather than fixed outcomes.
 * - A remediation's own scenarios live beside its declaration (`remediations/<id>.scenarios.ts`):
 *   any number of steps, each with exact expectations.
 * Every step of both kinds is also held to the universal invariants below.
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
  /** PowerShell that sets this template's fakes up with its Reset-* functions; sees $ScenarioNow. */
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
 * it (not yet probed when it is decided). A check whose fix only symptoms of earlier checks trigger is
 * probed only when its fix would run now; otherwise its probe is `idle`.
 */
export function alwaysProbed(check: CheckInfo, remediation: RemediationInfo): boolean {
  if (!check.hasFix) return true;
  const before = remediation.checks.slice(0, Math.max(0, remediation.checks.findIndex((c) => c.name === check.name))).map((c) => c.name);
  return check.triggers.some((t) => t.kind === 'drift' || !before.includes(t.check));
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

// ---- the universal invariants ----

/** Keys of the fakes' state that record what was asked (logs), not what the machine is. */
const OBSERVATIONS = /(Queries|Calls|Readings|Filters)$|^(Now|Host32Bit|Relaunches)$/;

/** JSON with object keys sorted: a hashtable's key order changes when the state is saved and read back. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function world(state: FakeState): string {
  return canonical(Object.fromEntries(Object.entries(state).filter(([k]) => !OBSERVATIONS.test(k))));
}

/** The marker's text without its Sightings, so a detection's count of them compares as no change. */
function withoutSightings(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  try {
    // What detection decides is left out too: the verdict on the last fix's proof, and NotHeld (checked by proofProblem).
    const { Sightings: _, NotHeld: _n, Proof, LastFixUtc, ...rest } = JSON.parse(marker) as Record<string, unknown>;
    if (Proof && typeof Proof === 'object') {
      const { Verdict: _v, Evidence: _e, DecidedUtcTicks: _d, ...kept } = Proof as Record<string, unknown>;
      rest['Proof'] = kept;
    }
    // A marker that holds only sightings is, to this comparison, no marker at all.
    if (LastFixUtc === null && Object.values(rest).every((v) => v === null || (Array.isArray(v) && v.length === 0) || typeof v === 'number')) return undefined;
    return canonical({ LastFixUtc, ...rest });
  } catch {
    return marker;
  }
}

/**
 * What detection may do to the proof of the last fix: decide a pending one once (held, not held,
 * unknown), never change a decided one, and add that fix's time to NotHeld exactly when it did not hold.
 */
function proofProblem(before: string | undefined, after: string | undefined): string | undefined {
  if (before === undefined || after === undefined) return undefined;
  try {
    type Proofed = { Proof?: { FixUtcTicks?: string; Verdict?: string } | null; NotHeld?: string[] };
    const b = JSON.parse(before) as Proofed;
    const a = JSON.parse(after) as Proofed;
    const was = b.Proof?.Verdict;
    const now = a.Proof?.Verdict;
    if (was !== undefined && was !== 'pending' && now !== was) return `detection changed a decided proof (${was}) to ${now}`;
    const added = (a.NotHeld ?? []).filter((t, i) => (b.NotHeld ?? [])[i] !== t);
    const expected = was === 'pending' && now === 'not held' ? [a.Proof!.FixUtcTicks] : [];
    if (added.join() !== expected.join()) return `detection added ${JSON.stringify(added)} to NotHeld (the proof went from ${was} to ${now})`;
    return undefined;
  } catch {
    return undefined;
  }
}

/** .NET ticks of the Unix epoch: the marker keeps its times as ticks (100 ns since 0001-01-01). */
const EPOCH_TICKS = 621_355_968_000_000_000n;

/**
 * The marker as a run at `at` leaves it when it holds a time from the future (state.ps1's
 * Read-RemcState): such a time counts as now (a clock that went back must neither hold fixes for years
 * nor forget their count), and the clamped marker is written back.
 */
function clampedTo(marker: string | undefined, at: string): string | undefined {
  if (marker === undefined) return undefined;
  try {
    const m = JSON.parse(marker) as Record<string, unknown>;
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) return marker;
    const now = BigInt(ms) * 10_000n + EPOCH_TICKS;
    const ticks = (v: unknown): bigint | undefined => (typeof v === 'string' && /^[0-9]{1,18}$/.test(v) ? BigInt(v) : undefined);
    const last = ticks(m['LastFixUtcTicks']);
    if (last === undefined || last <= 0n) return marker;
    const attempts = (Array.isArray(m['Attempts']) ? m['Attempts'] : []).map(ticks).filter((t): t is bigint => t !== undefined && t > 0n);
    if (last <= now && attempts.every((t) => t <= now)) return marker;
    const fix = last > now ? now : last;
    m['LastFixUtcTicks'] = fix.toString();
    if (last > now) m['LastFixUtc'] = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    m['Attempts'] = attempts.map((t) => (t > now ? now : t)).filter((t) => t <= fix).map(String);
    return JSON.stringify(m);
  } catch {
    return marker;
  }
}

export const UNIVERSAL_INVARIANTS: readonly ScenarioInvariant[] = [
  {
    name: 'exits 0 or 1',
    check: ({ step }) => (step.exitCode === 0 || step.exitCode === 1 ? undefined : `exit code ${step.exitCode}`),
  },
  {
    name: 'writes nothing on stderr',
    check: ({ step }) => (step.stderr === '' ? undefined : `stderr: ${step.stderr.trim().split(/\r?\n/).slice(0, 3).join(' / ')}`),
  },
  {
    name: 'ends with one summary line of at most 2,048 printable ASCII characters naming the remediation',
    check: ({ step, remediation }) => {
      const line = step.lastLine;
      if (line.length > 2048) return `the last line is ${line.length} characters long`;
      if (!/^[\x20-\x7e]+$/.test(line)) return `the last line is empty or not printable ASCII: ${JSON.stringify(line.slice(0, 200))}`;
      if (!line.startsWith(`[${remediation.id}] `)) return `the last line does not start with [${remediation.id}]: ${line.slice(0, 200)}`;
      return undefined;
    },
  },
  {
    name: 'writes an outcome that keeps the check protocol and agrees with its exit code and last line',
    check: ({ step, remediation }) => {
      if (step.outcomeProblems.length > 0) return step.outcomeProblems.slice(0, 3).join('; ');
      const o = step.outcome;
      if (o.ExitCode !== step.exitCode) return `the outcome says exit ${o.ExitCode}, the script exited ${step.exitCode}`;
      if (o.Summary !== step.lastLine) return `the outcome's summary differs from the last line: ${o.Summary.slice(0, 200)}`;
      if (o.Remediation !== remediation.id || o.Script !== step.script) return `the outcome is of ${o.Remediation} ${o.Script}`;
      const names = o.Checks.map((c) => c.Name).join(',');
      if (o.Status !== 'ERROR' && names !== remediation.checks.map((c) => c.name).join(',')) return `the outcome reports the checks ${names}`;
      const ran = o.Checks.filter((c) => c.Fix === 'fixed' || c.Fix === 'reported' || c.Fix === 'failed');
      if (step.script === 'detect' && ran.length > 0) return `detection reports fixes: ${ran.map((c) => c.Name).join(', ')}`;
      return undefined;
    },
  },
  {
    name: 'detection changes nothing',
    check: ({ step }) => {
      if (step.script !== 'detect') return undefined;
      // Detection may keep its count of symptoms awaiting confirmation, and count a time from the future
      // as now, and nothing else of the marker.
      const marker = withoutSightings(step.markerAfter);
      if (marker !== withoutSightings(step.markerBefore) && marker !== withoutSightings(clampedTo(step.markerBefore, step.at))) return 'detection changed the marker beyond its sightings';
      const proof = proofProblem(step.markerBefore, step.markerAfter);
      if (proof) return proof;
      const before = world(step.before);
      const after = world(step.state);
      if (before === after) return undefined;
      const keys = new Set([...Object.keys(step.before), ...Object.keys(step.state)]);
      const changed = [...keys].filter((k) => !OBSERVATIONS.test(k) && canonical(step.before[k]) !== canonical(step.state[k]));
      return `detection changed the simulated machine: ${changed.join(', ')}`;
    },
  },
  {
    name: 'a remediation that exits 0 leaves nothing for the next detection',
    check: ({ step, previous }) => {
      const last = previous[previous.length - 1];
      if (step.script !== 'detect' || step.changed || !last || last.script !== 'remediate' || last.exitCode !== 0 || last.at !== step.at) return undefined;
      if (step.exitCode === 0) return undefined;
      // A problem no fix answers: the remediation said so (ACTION NEEDED) and the detection keeps saying it.
      if (step.outcome.Status === 'ACTION NEEDED' && last.outcome.Status === 'ACTION NEEDED') return undefined;
      return `the remediation exited 0, but the detection after it exits ${step.exitCode}: ${step.lastLine}`;
    },
  },
];
