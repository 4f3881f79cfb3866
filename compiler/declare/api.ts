/**
 * The declaration API: what a file in remediations/ calls. Everything here is plain data plus types;
 * the compiler validates and lowers it later, so a declaration never throws for a mistake in its
 * options: every problem is reported together, with its file and line.
 */
import type { AllOfTrigger, CauseTrigger, DriftTrigger, FindingTrigger, Cause, ScheduleTrigger, SingleTrigger, Trigger } from '../protocol.ts';
import type { RemediationOption, RemediationOptions, RemediationValue, RequiredRemediationOption } from './remediation-options.ts';
import { callSites, type RawSite } from './site.ts';
import { type Check, type Diagnosis, type Host, type RunAs, type RunsOn } from './template.ts';

export type { AllOfTrigger, Cause, CauseTrigger, DriftTrigger, FindingTrigger, ScheduleTrigger, SingleTrigger, Trigger };
// What an assignment is written as (compiler/declare/assignments.ts).
export type { Assignment, AssignmentExclusion, AssignmentFilter, AssignmentInclusion, AssignmentSchedule, AssignmentTarget } from './assignments.ts';
// The check values templates make (compiler/declare/template.ts), as declarations use them.
export { callSites, type Check, type Diagnosis, type Host, type RawSite, type RunAs, type RunsOn };

/** A trigger that fires when the check's own probe finds drift. */
export function onDrift(): DriftTrigger {
  return { kind: 'drift' };
}

/**
 * A trigger that fires when another check of the remediation finds its symptom (its probe reports it
 * out of its desired state), e.g. `onFinding(crashes)` with `const crashes = eventSignal({...})`.
 * Like a diagnosis' causes, a finding seen during the cool-down waits.
 */
export function onFinding(check: Check<any>): FindingTrigger {
  return { kind: 'finding', check: check.name };
}

/**
 * A trigger that fires on every detection, with no symptom: an action kept on a schedule, such as
 * `commandFix({ path: '%SystemRoot%\\System32\\ipconfig.exe', arguments: ['/flushdns'], trigger: onSchedule() })`.
 * The remediation's `coolDownHours` spaces the runs (at most one per cool-down; detection says when the
 * next is due and exits 0 until then), so the assignment's schedule and the cool-down together set how
 * often it runs. A run that worked is APPLIED and does not count toward `maxFixes`; one that failed does.
 */
export function onSchedule(): ScheduleTrigger {
  return { kind: 'schedule' };
}

/**
 * A trigger that fires only when every one of `parts` fires in the same run, e.g. a cleanup of a cache
 * only when the disk is low and the cache holds something to remove:
 * `allOf(onFinding(space), onDrift())`. A list of triggers (`[a, b]`) fires when any one does; `allOf`
 * is the other way to combine them. Its parts are single triggers (not another `allOf`), at least two,
 * and at least one reads another check (an `allOf` of `onDrift()` alone is `onDrift()`).
 */
export function allOf(first: SingleTrigger, second: SingleTrigger, ...more: readonly SingleTrigger[]): AllOfTrigger {
  // The build checks the parts again (REMC070, REMC071): a YAML or untyped declaration passes no types.
  return { kind: 'all', parts: [first, second, ...more].filter((p) => p !== undefined) };
}

/**
 * The options whose type follows the remediation's host: `runAs` and `runAs64Bit` say it, and each
 * check must admit it (a user-only check in a SYSTEM remediation is a type error).
 */
interface HostTypedProps<R extends RunAs, B extends boolean> {
  readonly runAs: R;
  readonly runAs64Bit: B;
  readonly checks: readonly Check<{ readonly runAs: NoInfer<R>; readonly is64Bit: NoInfer<B> }>[];
}
type PropType<K extends RemediationOption, R extends RunAs, B extends boolean> = K extends keyof HostTypedProps<RunAs, boolean> ? HostTypedProps<R, B>[K] : RemediationValue<K>;

/**
 * The options of {@link defineRemediation}: one property per option of the table
 * (compiler/declare/remediation-options.ts), with its doc; the required ones must be given.
 */
export type RemediationProps<R extends RunAs, B extends boolean> = {
  readonly [K in keyof Pick<RemediationOptions, Exclude<RemediationOption, RequiredRemediationOption>>]?: PropType<K, R, B>;
} & {
  readonly [K in keyof Pick<RemediationOptions, RequiredRemediationOption>]-?: PropType<K, R, B>;
};

/** A declared remediation, as `export default` of a file in remediations/. */
export interface Remediation {
  readonly kind: 'remc.remediation';
  readonly props: Readonly<Record<string, unknown>>;
  readonly site: readonly RawSite[];
}

/**
 * Declares a remediation: an Intune detection/remediation pair compiled from its checks.
 *
 * ```ts
 * export default defineRemediation({
 *   id: 'broker-plugin', displayName: 'Repair WAM broker', description: '...', publisher: 'IT',
 *   runAs: 'user', checks: [brokerPluginRegistration()],
 * });
 * ```
 */
export function defineRemediation<R extends RunAs, B extends boolean = true>(props: RemediationProps<R, B>): Remediation {
  return { kind: 'remc.remediation', props: props as unknown as Record<string, unknown>, site: callSites(defineRemediation) };
}
