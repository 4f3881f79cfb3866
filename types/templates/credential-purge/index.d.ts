// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/** Generic credentials that hold Teams classic and Office ADAL tokens. */
export declare const DEFAULT_CREDENTIAL_TARGETS: readonly string[];
/**
 * Account and device single sign-on, and OneDrive: deleting these signs the user out of Windows-level
 * SSO or OneDrive, so they are never touched unless a target names them explicitly.
 */
export declare const PROTECTED_CREDENTIAL_TARGETS: readonly string[];
/**
 * Protected patterns that no target names explicitly. A target names a protected pattern when its
 * literal prefix starts with the protected one's (so `MicrosoftAccount:target=SSO_POP_User*` names
 * `MicrosoftAccount:*`, while `*` or `Microsoft*` name nothing).
 */
export declare function stillProtected(targets: readonly string[]): string[];
/**
 * The CredEnumerateW filters ('prefix*', the API's only form) that cover every target, so the probe
 * reads only those entries and never the user's whole credential set (enumerating it all is what
 * credential-theft tools do, and what EDR products watch for). A target that starts with a wildcard
 * has no prefix: then the whole set is read ([]).
 */
export declare function enumerationFilters(targets: readonly string[]): string[];
export declare const credentialPurge: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * When the purge may run. Required, because tokens in Credential Manager are the normal state of
     * every signed-in Office user: purging whenever they exist would sign the whole fleet out on every
     * schedule. Use a symptom, e.g. `diagnosis.finds('os')`.
     */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol.js").Trigger[] | import("../../compiler/protocol.js").Trigger, true>;
    /** Wildcard patterns (PowerShell `-like`, case-insensitive) matched against credential target names. */
    readonly targets: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /** Patterns of targets that are never removed, even when a target pattern matches them. */
    readonly exclude: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /** List what would be removed without removing anything. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** Processes stopped before the purge, so they do not write the tokens back (e.g. `['Teams', 'ms-teams']`). */
    readonly stopProcesses: import("../../compiler/declare/option.js").Option<readonly string[], false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "user";
    readonly is64Bit: boolean;
}, false>;
