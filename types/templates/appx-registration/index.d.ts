// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const appxRegistration: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The package's exact name (its identity Name, as `Get-AppxPackage` shows it in `Name`, e.g.
     * `Microsoft.WindowsStore`), not its family or full name. Matched with -eq, never as a wildcard.
     */
    readonly packageName: import("../../compiler/declare/option.js").Option<string, true>;
    /**
     * The AppxManifest.xml to register when the package is not registered for the user at all, e.g.
     * `%SystemRoot%\SystemApps\Contoso.App_8wekyb3d8bbwe\AppxManifest.xml`; environment variables are
     * expanded on the device. Leave it out and a missing package is reported, not repaired. A package that
     * is registered but not Ok is always registered again from its own install location.
     */
    readonly manifest: import("../../compiler/declare/option.js").Option<string, false>;
    /**
     * How long the registration may take, in seconds. Add-AppxPackage has no limit of its own: after this
     * the fix stops waiting and fails (Windows may still finish the registration; the next run checks).
     */
    readonly timeoutSeconds: import("../../compiler/declare/option.js").Option<number, false>;
    /** When the registration may run. A missing or not-Ok registration is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "user";
    readonly is64Bit: true;
}, false>;
