// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * The limits a declaration is held to, stated once: the option table's text lengths, the check name,
 * the group name and the script size the build checks, and a schedule's interval.
 */
/**
 * Text limits. Graph documents none for displayName and description (unconfirmed), so these are
 * conservative values that the Intune portal accepts; the script limit is Intune's documented 200 KB.
 */
export declare const LIMITS: {
    readonly id: 64;
    readonly displayName: 200;
    readonly description: 1500;
    readonly publisher: 200;
    readonly version: 50;
    readonly checkName: 40;
    readonly scriptBytes: number;
    /** An Entra ID group's display name (its documented limit). */
    readonly groupName: 256;
};
/**
 * The range of a schedule's interval (every N hours, every N days): Graph documents "Valid values 1 to
 * 23" for deviceHealthScriptRunSchedule.interval, which the hourly and daily schedules inherit.
 */
export declare const SCHEDULE_INTERVAL: {
    readonly min: 1;
    readonly max: 23;
};
