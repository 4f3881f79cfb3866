// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const certificateExpiry: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The store, as PowerShell's certificate drive names it: `Cert:\LocalMachine\My` (the computer's
     * personal store) or `Cert:\CurrentUser\My` (the signed-in user's: needs `runAs: 'user'`). A store
     * the device does not have holds no certificates.
     */
    readonly store: import("../../compiler/declare/option.js").Option<string, true>;
    /** A certificate whose NotAfter is at most this many days away is a finding (one already expired too). */
    readonly withinDays: import("../../compiler/declare/option.js").Option<number, true>;
    /**
     * Only certificates whose issuer matches this PowerShell `-like` pattern (case-insensitive), e.g.
     * `*CN=Contoso Issuing CA*`. Left out, every issuer counts.
     */
    readonly issuer: import("../../compiler/declare/option.js").Option<string, false>;
    /** Only certificates whose subject matches this `-like` pattern, e.g. `CN=*.contoso.com`. Left out, every subject counts. */
    readonly subject: import("../../compiler/declare/option.js").Option<string, false>;
    /**
     * Only certificates of this certificate template: its OID (e.g. `1.3.6.1.4.1.311.21.8.1234.5678.1.2`,
     * matched against the Certificate Template Information extension every template since version 2
     * writes; `certutil -v -store My` shows it), or the name a version 1 template writes (e.g. `Machine`).
     */
    readonly certificateTemplate: import("../../compiler/declare/option.js").Option<string, false>;
    /**
     * Let the fix remove the certificates that have already expired (and that the filters match), from
     * `My` or `WebHosting` only, e.g. with `withinDays: 0` (the finding is then the expired ones).
     * Certificates that expire soon are never removed: when the finding holds only such (or expired
     * ones with a key it keeps), the fix fails saying they need renewal, and the cool-down and
     * `maxFixes` bound how often it says so.
     */
    readonly removeExpired: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * With `removeExpired`: remove expired certificates that have a private key too. The key itself is
     * never deleted. Left false, they are kept and named in the summary.
     */
    readonly removeWithPrivateKey: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** When the removal may run (only with `removeExpired: true`). The finding is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: import("../../compiler/declare/template.js").RunAs;
    readonly is64Bit: boolean;
}, false>;
