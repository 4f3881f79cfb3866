// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * eventSignal: a detect-only symptom source. It counts the events of one event log (optionally of one
 * provider and a minimum level) whose ids are in `ids`, in the last `windowHours` and never before the
 * last fix of the remediation, and finds its symptom (is out of its desired state) when there are at
 * least `minCount`. Another check acts on it with `onFinding(signal)`, so any fix can be made to run only
 * on a symptom:
 *
 * ```ts
 * const crashes = eventSignal({ checkName: 'crashes', log: 'Application', provider: 'Application Error', ids: [1000] });
 * checks: [crashes, serviceState({ name: 'Spooler', trigger: onFinding(crashes) })],
 * ```
 *
 * It reads the log with `Get-WinEvent -LogName <log> -FilterXPath <query> -MaxEvents <n>` (locale-independent:
 * ids, levels, provider and time are matched in the query, never in message text), at most
 * max(100, minCount) events, newest first.
 *
 * A log that does not exist on the device, or that the account may not read (the Security log needs an
 * administrator), is a probe error, not "no events": unknown means do nothing and say so. The runtime
 * then reports the error and never runs a fix on it.
 */
import type { Check } from '../../compiler/declare/api.js';
/** The ids one signal may list: each is one term of the event log query, which allows about 20. */
export declare const MAX_EVENT_IDS = 10;
/** The event log levels, most severe first, as the option names them. */
export declare const EVENT_LEVELS: readonly ['critical', 'error', 'warning', 'information'];
declare const factory: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The event log (channel) to read, exactly as Event Viewer's "Log Name" shows it, e.g. `Application`,
     * `System` or `Microsoft-Windows-AAD/Operational`. No wildcards. The Security log needs the remediation
     * to run as system.
     */
    readonly log: import("../../compiler/declare/option.js").Option<string, true>;
    /**
     * Only events of this provider ("Source" in Event Viewer), e.g. `Application Error`; matched exactly.
     * Left out, every provider of the log counts.
     */
    readonly provider: import("../../compiler/declare/option.js").Option<string, false>;
    /** The event ids that count (whole numbers from 0 to 65535, at most 10), e.g. `[1000, 1002]`. */
    readonly ids: import("../../compiler/declare/option.js").Option<readonly number[], true>;
    /**
     * How many matching events make the symptom. One event is often noise (an app crashes once a week
     * on a healthy machine); a repeat is a symptom.
     */
    readonly minCount: import("../../compiler/declare/option.js").Option<number, false>;
    /** How far back events count, in hours; never before the last fix of the remediation on the device. */
    readonly windowHours: import("../../compiler/declare/option.js").Option<number, false>;
    /**
     * The least severe level that counts: `'error'` counts errors and critical events, `'warning'` also
     * warnings, `'information'` everything but verbose. Left out, every level counts.
     */
    readonly level: import("../../compiler/declare/option.js").Option<"critical" | "error" | "information" | "warning", false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: import("../../compiler/declare/template.js").RunAs;
    readonly is64Bit: boolean;
}, false>;
/** The props of a signal on the Security log, which only SYSTEM may read under Intune. */
type SecurityLogProps = Parameters<typeof factory>[0] & {
    readonly log: 'Security';
};
/**
 * Counts events of one log with the given ids and finds its symptom at `minCount` or more. On the
 * Security log the check needs `runAs: 'system'` (a type error in a user remediation).
 */
export declare const eventSignal: ((props: SecurityLogProps) => Check<{
    readonly runAs: 'system';
    readonly is64Bit: boolean;
}>) & typeof factory;
export {};
