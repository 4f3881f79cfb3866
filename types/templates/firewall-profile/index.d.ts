// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const firewallProfile: import("../../compiler/declare/template.js").TemplateFactory<{
    /** The network profiles to keep as declared: `domain`, `private` and `public` (the firewall's three). */
    readonly profiles: import("../../compiler/declare/option.js").Option<readonly ("domain" | "private" | "public")[], false>;
    /**
     * Whether the firewall must be on (`true`) or off (`false`) on those profiles. Off is for devices
     * where another firewall is in force (REMC110 warns).
     */
    readonly enabled: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * The action for inbound connections no rule matches: `block` (Windows' default) or `allow` (REMC111
     * warns). Left out, the default inbound action is not checked.
     */
    readonly defaultInboundAction: import("../../compiler/declare/option.js").Option<"allow" | "block", false>;
    /** Say what the fix would change without changing anything. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** When the fix may run. A profile not as declared is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system";
    readonly is64Bit: true;
}, false>;
