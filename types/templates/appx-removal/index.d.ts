// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const appxRemoval: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The package's exact name (its identity Name, as `Get-AppxPackage` shows it in `Name`, e.g.
     * `Microsoft.BingNews`), not its family or full name. Matched with -eq, never as a wildcard; the
     * provisioned entry is the one whose DisplayName is this name.
     */
    readonly packageName: import("../../compiler/declare/option.js").Option<string, true>;
    /**
     * Also remove the package's provisioned entry (`Remove-AppxProvisionedPackage -Online`), so that
     * profiles created later do not get it. Set false to remove it only from the users who have it; the
     * probe then does not read the provisioned list.
     */
    readonly deprovision: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * How long the fix waits for the removal, in seconds. Remove-AppxPackage has no limit of its own:
     * after this the fix stops waiting and fails (Windows may still finish; the next run reads the result).
     */
    readonly timeoutSeconds: import("../../compiler/declare/option.js").Option<number, false>;
    /** When the removal may run. The package being installed or provisioned is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system";
    readonly is64Bit: true;
}, false>;
