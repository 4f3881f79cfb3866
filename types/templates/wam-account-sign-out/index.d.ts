// Generated from remc's sources by `npm run gen` (compiler/public-types.ts); do not edit.
/** The Office client id that Microsoft's sign-out script passes to FindAllAccountsAsync. */
export declare const OFFICE_CLIENT_ID = "d3590ed6-52b3-4102-aeff-aad2292ab01c";
export declare const wamAccountSignOut: import("../../compiler/template.js").TemplateFactory<{
    /**
     * When the sign-out may run. Required, because WAM accounts are the normal state of every signed-in
     * user: use a symptom, e.g. `diagnosis.finds('os')`.
     */
    readonly trigger: import("../../compiler/template.js").Option<readonly import("../../compiler/protocol.js").Trigger[] | import("../../compiler/protocol.js").Trigger, true>;
    /** The app whose accounts are signed out, by its client id. */
    readonly clientId: import("../../compiler/template.js").Option<string, false>;
    /** List the accounts that would be signed out, without signing out. */
    readonly reportOnly: import("../../compiler/template.js").Option<boolean, false>;
    /** How long each Web Account Manager call may take, in seconds. */
    readonly timeoutSeconds: import("../../compiler/template.js").Option<number, false>;
} & {
    readonly checkName: import("../../compiler/template.js").Option<string, false>;
}, {
    readonly runAs: "user";
    readonly is64Bit: boolean;
}, false>;
