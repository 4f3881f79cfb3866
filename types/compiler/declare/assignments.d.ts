// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
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
/** The keys of an assignment, its schedule and its filter, and the formats of a time and a date. */
export declare const TARGET_KEYS: readonly ['group', 'allDevices', 'allUsers'];
export declare const ASSIGNMENT_KEYS: readonly ["group", "allDevices", "allUsers", "exclude", "filter", "schedule"];
export declare const SCHEDULE_KINDS: readonly ['daily', 'hourly', 'once'];
export declare const SCHEDULE_KEYS: readonly ["daily", "hourly", "once", "everyDays", "useUtc"];
export declare const FILTER_KEYS: readonly ['name', 'mode'];
export declare const FILTER_MODES: readonly ['include', 'exclude'];
export declare const TIME: RegExp;
export declare const DATE_TIME: RegExp;
/** The JSON Schema of `assignments` (YAML editors); the rules themselves are compiler/validate/assignments.ts. */
export declare function assignmentsSchema(): Record<string, unknown>;
