// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * The declaration API: what a file in remediations/ calls. Everything here is plain data plus types;
 * the compiler validates and lowers it later, so a declaration never throws for a mistake in its
 * options: every problem is reported together, with its file and line.
 */
import type { AllOfTrigger, CauseTrigger, DriftTrigger, FindingTrigger, Cause, ScheduleTrigger, SingleTrigger, Trigger } from '../protocol.js';
import type { RemediationOption, RemediationOptions, RemediationValue, RequiredRemediationOption } from './remediation-options.js';
import { callSites, type RawSite } from './site.js';
import { type Check, type Diagnosis, type Host, type RunAs, type RunsOn } from './template.js';
export type { AllOfTrigger, Cause, CauseTrigger, DriftTrigger, FindingTrigger, ScheduleTrigger, SingleTrigger, Trigger };
export type { Assignment, AssignmentExclusion, AssignmentFilter, AssignmentInclusion, AssignmentSchedule, AssignmentTarget } from './assignments.js';
export { callSites, type Check, type Diagnosis, type Host, type RawSite, type RunAs, type RunsOn };
/** A trigger that fires when the check's own probe finds drift. */
export declare function onDrift(): DriftTrigger;
/**
 * A trigger that fires when another check of the remediation finds its symptom (its probe reports it
 * out of its desired state), e.g. `onFinding(crashes)` with `const crashes = eventSignal({...})`.
 * Like a diagnosis' causes, a finding seen during the cool-down waits.
 */
export declare function onFinding(check: Check<any>): FindingTrigger;
/**
 * A trigger that fires on every detection, with no symptom: an action kept on a schedule, such as
 * `commandFix({ path: '%SystemRoot%\\System32\\ipconfig.exe', arguments: ['/flushdns'], trigger: onSchedule() })`.
 * The remediation's `coolDownHours` spaces the runs (at most one per cool-down; detection says when the
 * next is due and exits 0 until then), so the assignment's schedule and the cool-down together set how
 * often it runs. A run that worked is APPLIED and does not count toward `maxFixes`; one that failed does.
 */
export declare function onSchedule(): ScheduleTrigger;
/**
 * A trigger that fires only when every one of `parts` fires in the same run, e.g. a cleanup of a cache
 * only when the disk is low and the cache holds something to remove:
 * `allOf(onFinding(space), onDrift())`. A list of triggers (`[a, b]`) fires when any one does; `allOf`
 * is the other way to combine them. Its parts are single triggers (not another `allOf`), at least two,
 * and at least one reads another check (an `allOf` of `onDrift()` alone is `onDrift()`).
 */
export declare function allOf(first: SingleTrigger, second: SingleTrigger, ...more: readonly SingleTrigger[]): AllOfTrigger;
/**
 * The options whose type follows the remediation's host: `runAs` and `runAs64Bit` say it, and each
 * check must admit it (a user-only check in a SYSTEM remediation is a type error).
 */
interface HostTypedProps<R extends RunAs, B extends boolean> {
    readonly runAs: R;
    readonly runAs64Bit: B;
    readonly checks: readonly Check<{
        readonly runAs: NoInfer<R>;
        readonly is64Bit: NoInfer<B>;
    }>[];
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
export declare function defineRemediation<R extends RunAs, B extends boolean = true>(props: RemediationProps<R, B>): Remediation;
