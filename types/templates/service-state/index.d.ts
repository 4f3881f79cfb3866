// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const serviceState: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The service's short name as the service control manager knows it, e.g. `Spooler` (not its display
     * name "Print Spooler"): `Get-Service` shows it in the Name column. Matched exactly, case-insensitively.
     */
    readonly name: import("../../compiler/declare/option.js").Option<string, true>;
    /** The status the service must have. Pending states (starting, stopping) are not yet either. */
    readonly status: import("../../compiler/declare/option.js").Option<"running" | "stopped", false>;
    /**
     * The start type the service must have. Left out, the start type is not managed and never changed
     * (a disabled service that must run is then ACTION NEEDED, never enabled on its own).
     * `automatic-delayed` is "Automatic (Delayed Start)".
     */
    readonly startType: import("../../compiler/declare/option.js").Option<"automatic" | "automatic-delayed" | "disabled" | "manual", false>;
    /**
     * A machine without the service counts as in its desired state (the summary still says it is not
     * installed). Use it when the assignment includes machines that do not have the service; otherwise a
     * missing service is drift the fix cannot repair (it never installs services): the run says ACTION
     * NEEDED with advice, and the fix does not run.
     */
    readonly allowMissing: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * How long the fix waits, in seconds, for the service to reach its status (and for a pending
     * start or stop to finish first) before it gives up and reports the failure.
     */
    readonly timeoutSeconds: import("../../compiler/declare/option.js").Option<number, false>;
    /** Say what the fix would change without changing anything. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** When the fix may run. A service in the wrong state is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system";
    readonly is64Bit: boolean;
}, false>;
