// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const localGroupMember: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The local group: the English name of a built-in group (`Administrators`, `Users`, `Guests`,
     * `Power Users`, `Remote Desktop Users`, `Hyper-V Administrators`, `Remote Management Users`,
     * `Event Log Readers`, ...: the list below), which is turned into its well-known SID, or a SID
     * (`S-1-5-32-544`; a group of the device's own accounts, `S-1-5-21-...`). The device finds the
     * group by that SID, whatever its language calls it.
     */
    readonly group: import("../../compiler/declare/option.js").Option<string, true>;
    /**
     * The accounts, each a SID (`S-1-12-1-...` for an Entra user or group, `S-1-5-21-...`) or a name
     * with its domain (`CONTOSO\Helpdesk`, `AzureAD\jane@contoso.com`, `.\support` for an account of
     * the device itself). A name is resolved to its SID on the device; one it cannot resolve is an
     * error for that member (reported, never guessed). Entra accounts and groups are best given by
     * SID: a device resolves `AzureAD\` names only for users it knows.
     */
    readonly members: import("../../compiler/declare/option.js").Option<readonly string[], true>;
    /** `present`: every member is in the group (added when missing). `absent`: none is (removed when there). */
    readonly ensure: import("../../compiler/declare/option.js").Option<"absent" | "present", true>;
    /**
     * Dangerous, off by default: with `ensure: 'present'`, the group must hold no member but the
     * declared ones and the device's built-in Administrator account (RID 500, always kept), and the fix
     * removes every other member, orphaned SIDs included. On an Entra-joined device that includes the
     * Global Administrator and Device Local Administrator role SIDs, on a domain-joined one Domain
     * Admins, unless declared. It removes nobody while any declared member is not in the group (not
     * resolved, or not added), so the declared members keep the group's rights; and nobody when more
     * than `maxRemovals` members would go. The fix's summary names whom it removed.
     */
    readonly exclusive: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * With `exclusive`: the most members one run may remove. When more would go, the fix removes none
     * and fails naming them, so a wrong declaration cannot strip a fleet's administrators; raise it only
     * after reading that list.
     */
    readonly maxRemovals: import("../../compiler/declare/option.js").Option<number, false>;
    /** Say what the fix would add or remove without changing anything. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** When the fix may run. A membership other than declared is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system";
    readonly is64Bit: boolean;
}, false>;
