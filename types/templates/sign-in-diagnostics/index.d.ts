// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/** Client ids whose silent sign-in failures count: Teams desktop, Microsoft 365 desktop, Office. */
export declare const DEFAULT_CLIENT_IDS: readonly string[];
export declare const signInDiagnostics: import("../../compiler/declare/template.js").TemplateFactory<{
    /** How far back the AAD log is read, in hours (never before the last fix). */
    readonly windowHours: import("../../compiler/declare/option.js").Option<number, false>;
    /**
     * Silent sign-in failures (AADSTS50058 or 0xCAA2000C) needed for an OS cause: one alone is normal.
     * Retries within ten minutes of the one before count once (a burst is one failure).
     */
    readonly minFailures: import("../../compiler/declare/option.js").Option<number, false>;
    /** The failures must spread over at least this many minutes (one burst of retries is not a symptom). */
    readonly minSpreadMinutes: import("../../compiler/declare/option.js").Option<number, false>;
    /** The latest failure must be this recent, in hours. */
    readonly recentHours: import("../../compiler/declare/option.js").Option<number, false>;
    /** Application (client) ids whose failures count; an empty list counts every client. */
    readonly clientIds: import("../../compiler/declare/option.js").Option<readonly string[], false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "user";
    readonly is64Bit: true;
}, true>;
