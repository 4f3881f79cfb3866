// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const windowsFeature: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The feature's name as `Get-WindowsOptionalFeature -Online` lists it in `FeatureName`, e.g.
     * `NetFx3`, `SMB1Protocol` or `Microsoft-Windows-Subsystem-Linux` (not its display name). No
     * wildcards.
     */
    readonly name: import("../../compiler/declare/option.js").Option<string, true>;
    /** The state the feature must have. A feature waiting for a restart (EnablePending, DisablePending) has neither yet. */
    readonly state: import("../../compiler/declare/option.js").Option<"disabled" | "enabled", true>;
    /**
     * Where enabling finds the feature's files when Windows does not have them, e.g.
     * `\\fileserver\media\sources\sxs` (the `sources\sxs` folder of the Windows media of the same
     * version and language) or `C:\sxs`: an absolute path, used as written. Under SYSTEM a share is
     * reached as the device's computer account, so it must grant that account read access. Left out,
     * Windows looks where its policy says (Windows Update, or a WSUS server, which usually has no .NET
     * 3.5 payload: error 0x800F0954).
     */
    readonly source: import("../../compiler/declare/option.js").Option<string, false>;
    /** Enabling must not contact Windows Update (DISM's `-LimitAccess`): only `source` and the local store are used. */
    readonly limitAccess: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * How long the fix waits for DISM, in seconds. DISM has no limit of its own: after this the fix stops
     * waiting and fails (Windows may still finish the change; the next run reads the result).
     */
    readonly timeoutSeconds: import("../../compiler/declare/option.js").Option<number, false>;
    /** Say what the fix would change without changing anything. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** When the fix may run. A feature in the wrong state is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system";
    readonly is64Bit: true;
}, false>;
