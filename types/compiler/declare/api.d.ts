// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * The declaration API: what a file in remediations/ calls. Everything here is plain data plus types;
 * the compiler validates and lowers it later, so a declaration never throws for a mistake in its
 * options: every problem is reported together, with its file and line.
 */
import type { CauseTrigger, DriftTrigger, FindingTrigger, Cause, Trigger } from '../protocol.js';
import type { TargetName } from './targets.js';
import { callSites, type Check, type Diagnosis, type Host, type RawSite, type RunAs, type RunsOn } from './template.js';
export type { Cause, CauseTrigger, DriftTrigger, FindingTrigger, Trigger };
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
 * When Intune runs the detection (and the remediation it calls for) on the devices of an assignment:
 * Graph's `runSchedule`. Exactly one of `daily`, `hourly` and `once`. Times are the device's local time
 * unless `useUtc` is set.
 *
 * Graph documents 1 to 23 as the valid values of every schedule's `interval`
 * (deviceHealthScriptRunSchedule), so `everyDays` and `hourly` take 1 to 23: for a daily schedule the
 * admin center may accept more, but remc keeps to the documented range.
 */
export type AssignmentSchedule = {
    /** Every day (every `everyDays` days) at this time: `'HH:MM'`, 00:00 to 23:59 (deviceHealthScriptDailySchedule). */
    readonly daily: string;
    /**
     * Run every this many days, a whole number from 1 to 23 (Graph's `interval`).
     * @default 1
     */
    readonly everyDays?: number;
    /**
     * `daily` is UTC rather than the device's local time.
     * @default false
     */
    readonly useUtc?: boolean;
    readonly hourly?: never;
    readonly once?: never;
} | {
    /** Every this many hours, a whole number from 1 to 23 (deviceHealthScriptHourlySchedule). */
    readonly hourly: number;
    readonly daily?: never;
    readonly once?: never;
    readonly everyDays?: never;
    readonly useUtc?: never;
} | {
    /** Once, at this date and time: `'YYYY-MM-DDTHH:MM'`, a real calendar date (deviceHealthScriptRunOnceSchedule). */
    readonly once: string;
    /**
     * `once` is UTC rather than the device's local time.
     * @default false
     */
    readonly useUtc?: boolean;
    readonly daily?: never;
    readonly hourly?: never;
    readonly everyDays?: never;
};
/** Who an assignment is for: exactly one of `group`, `allDevices` and `allUsers`. */
export type AssignmentTarget = {
    /**
     * An Entra ID group, by its display name (not empty, at most 256 characters); `remc publish` looks
     * its id up. Two assignments of one group (names compared case-insensitively) are an error.
     */
    readonly group: string;
    readonly allDevices?: never;
    readonly allUsers?: never;
} | {
    /** Every device Intune manages (Graph's allDevicesAssignmentTarget). */
    readonly allDevices: true;
    readonly group?: never;
    readonly allUsers?: never;
} | {
    /** Every licensed user, on their devices (Graph's allLicensedUsersAssignmentTarget). */
    readonly allUsers: true;
    readonly group?: never;
    readonly allDevices?: never;
};
/** An Intune assignment filter, by its name, and whether the devices it matches are included or excluded. */
export interface AssignmentFilter {
    /** The filter's name in Intune (not empty); `remc publish` looks its id up. */
    readonly name: string;
    /** `'include'`: only the devices the filter matches run it; `'exclude'`: those devices do not. */
    readonly mode: 'include' | 'exclude';
}
/** What an assignment that includes its target says besides the target. */
export interface AssignmentInclusion {
    /**
     * `true` excludes a group instead (see {@link AssignmentExclusion}).
     * @default false
     */
    readonly exclude?: false;
    /** An assignment filter by its name in Intune, and whether it includes or excludes the devices it matches. */
    readonly filter?: AssignmentFilter;
    /** When the detection runs on the devices of this target; required for every target that is not an exclusion. */
    readonly schedule: AssignmentSchedule;
}
/**
 * An excluded group: its members never run the remediation, even when another assignment includes them
 * (Graph's exclusionGroupAssignmentTarget, which exists for groups only: all devices and all users
 * cannot be excluded). It has no schedule, as it runs nothing, and no filter: the Graph type inherits the
 * filter fields, but whether Intune honours a filter on an exclusion is documented nowhere, so remc
 * refuses one rather than publish an exclusion that may not mean what it says.
 */
export interface AssignmentExclusion {
    /** Exclude this group (only with `group`; no schedule, no filter). */
    readonly exclude: true;
    readonly filter?: never;
    readonly schedule?: never;
}
/**
 * One Intune assignment of the remediation (a deviceHealthScriptAssignment that `remc publish` creates):
 * a target, and when it runs there, e.g. `{ group: 'Pilot devices', schedule: { daily: '02:00' } }`;
 * or a group it excludes, `{ group: 'Kiosks', exclude: true }`.
 */
export type Assignment = (Extract<AssignmentTarget, {
    readonly group: string;
}> & (AssignmentInclusion | AssignmentExclusion)) | (Exclude<AssignmentTarget, {
    readonly group: string;
}> & AssignmentInclusion);
/** The options of {@link defineRemediation}. */
export interface RemediationProps<R extends RunAs, B extends boolean> {
    /**
     * Stable identifier: names the `dist/<id>/` folder and identifies the remediation in the index.
     * Lowercase letters, digits and single hyphens, at most 64 characters.
     */
    readonly id: string;
    /** The name admins see in Intune (`displayName`). */
    readonly displayName: string;
    /** What the remediation detects and fixes; becomes the Intune description and the scripts' help. */
    readonly description: string;
    /** Who maintains it (`publisher` in Intune). */
    readonly publisher: string;
    /**
     * Version of the declaration, written into the scripts' header and the index.
     * @default '1.0.0'
     */
    readonly version?: string;
    /** `'user'` runs as the signed-in user; `'system'` as SYSTEM (Intune's `runAsAccount`). */
    readonly runAs: R;
    /**
     * Run in 64-bit PowerShell (Intune's `runAs32Bit: false`); a 32-bit start relaunches itself in 64-bit.
     * @default true
     */
    readonly runAs64Bit?: B;
    /**
     * Intune's "Enforce script signature check": the device only runs the scripts if they are signed
     * by a trusted publisher.
     * @default false
     */
    readonly enforceSignatureCheck?: boolean;
    /**
     * After the remediation ran a fix, no fix runs again for this many hours on the same machine (per
     * user for `runAs: 'user'`), and symptom evidence older than the fix is ignored. 0 turns it off.
     * @default 24
     */
    readonly coolDownHours?: number;
    /**
     * The limit on repeats: after this many fixes within `fixWindowHours` on the same machine (per user for
     * `runAs: 'user'`), the remediation stops fixing and reports ESCALATE with what it saw: a fix that does
     * not hold needs a person, not another run.
     * @default 3
     */
    readonly maxFixes?: number;
    /**
     * The window, in hours, in which `maxFixes` counts fixes.
     * @default 168 (a week)
     */
    readonly fixWindowHours?: number;
    /**
     * A symptom (a cause or finding that triggers a fix) must be seen by this many consecutive detections,
     * at most 48 hours apart, before its fix runs; until then detection says CONFIRMING and exits 0. One
     * bad hour is not a broken machine. Drift (observable state) is fixed at once.
     * @default 1
     */
    readonly confirmRuns?: number;
    /**
     * The time, in seconds, the probes of one run may take together (Intune runs one script at a time, so
     * a slow one delays every other): a probe that would start after it is spent is skipped, and says so.
     * @default 120
     */
    readonly probeBudgetSeconds?: number;
    /**
     * What `remc build` makes of the remediation: `'intune'` (the detect/remediate pair and the Graph
     * body), `'combined'` (one detect -> fix -> verify script), the RMM exports `'tactical'`, `'datto'`,
     * `'n-able'`, `'ninjaone'`, `'immybot'`, and the repository layouts `'intunecd'` and `'community'`.
     * `remc build --target` replaces this list for one build.
     * @default ['intune']
     */
    readonly targets?: readonly TargetName[];
    /**
     * Where Intune runs it: the groups (or all devices, all users) `remc publish` assigns it to, each with
     * its schedule, e.g. `[{ group: 'Pilot devices', schedule: { daily: '02:00' } }]`; `[]` assigns it to
     * nothing. Left out, publish creates the script without assignments and leaves those of a published
     * one as they are. The build output does not carry them. A detect-only remediation may be assigned too.
     * @default (not set: the assignments are not the declaration's)
     */
    readonly assignments?: readonly Assignment[];
    /** The checks, probed in this order; at least one. */
    readonly checks: readonly Check<{
        readonly runAs: NoInfer<R>;
        readonly is64Bit: NoInfer<B>;
    }>[];
}
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
