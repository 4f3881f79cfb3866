// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/** A package this template refuses to remove: its name (or a prefix ending in '.'), why, and where that is said. */
interface Refused {
    readonly name: string;
    readonly prefix?: true;
    readonly why: string;
}
/**
 * Kept short and sourced. "System app" means listed under "System apps" ("integral to the OS", not
 * uninstallable through the UI) in Microsoft Learn, "Understand the different apps included in Windows
 * 10" (windows/application-management/apps-in-windows-10); "framework" means listed there as a framework
 * package (IsFramework), which other apps load at run time.
 */
export declare const REFUSED_PACKAGES: readonly Refused[];
/** The refused entry that covers a package name, compared without case as Windows compares them. */
export declare function refusedPackage(name: string): Refused | undefined;
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
export {};
