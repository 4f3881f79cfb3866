// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/** The Office client id that Microsoft's sign-out script passes to FindAllAccountsAsync. */
export declare const OFFICE_CLIENT_ID = "d3590ed6-52b3-4102-aeff-aad2292ab01c";
/**
 * The processes (as Get-Process names them) of the Microsoft 365 desktop apps that sign in as Office:
 * while one of them runs, no Office account is signed out.
 */
export declare const OFFICE_APP_PROCESSES: readonly string[];
export declare const wamAccountSignOut: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * When the sign-out may run: a symptom whose evidence names the failing tenants, e.g.
     * `diagnosis.finds('os')` of `signInDiagnostics()`. Required, because WAM accounts are the normal
     * state of every signed-in user; `onDrift()` is refused, because it carries no evidence.
     */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol.js").Trigger[] | import("../../compiler/protocol.js").Trigger, true>;
    /** The app whose accounts are signed out, by its client id. */
    readonly clientId: import("../../compiler/declare/option.js").Option<string, false>;
    /**
     * Exact process names (as Get-Process shows them, without `.exe`) of the app whose accounts these
     * are: while one runs in the user's session, the fix signs nobody out and says it waits. Required
     * with another `clientId`.
     */
    readonly appProcesses: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /** List the accounts that would be signed out, without signing out. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** How long each Web Account Manager call may take, in seconds. */
    readonly timeoutSeconds: import("../../compiler/declare/option.js").Option<number, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "user";
    readonly is64Bit: boolean;
}, false>;
