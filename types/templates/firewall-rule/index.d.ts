// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const firewallRule: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The rule's Name, as `Get-NetFirewallRule` lists it in `Name` (e.g. `RemoteDesktop-UserMode-In-TCP`,
     * `FPS-SMB-In-TCP`), not its DisplayName. Matched exactly, no wildcards. Give `name` or `group`.
     */
    readonly name: import("../../compiler/declare/option.js").Option<string, false>;
    /**
     * The rules' Group, as `Get-NetFirewallRule` lists it in `Group` (e.g. `@FirewallAPI.dll,-28752` for
     * Remote Desktop), not its DisplayGroup: every rule of the group is kept. Give `name` or `group`.
     */
    readonly group: import("../../compiler/declare/option.js").Option<string, false>;
    /** Whether the rules must be enabled (`true`) or disabled (`false`). A rule Windows does not have counts as disabled. */
    readonly enabled: import("../../compiler/declare/option.js").Option<boolean, true>;
    /** Say what the fix would change without changing anything. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** When the fix may run. A rule not as declared is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system";
    readonly is64Bit: true;
}, false>;
