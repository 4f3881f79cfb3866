// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const brokerPluginRegistration: import("../../compiler/declare/template.js").TemplateFactory<{
    /** When the re-registration may run (any of them). A missing or not-Ok registration is itself a symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
    /** The exact package name (matched with -eq, never as a wildcard). */
    readonly packageName: import("../../compiler/declare/option.js").Option<string, false>;
    /** The manifest to register; environment variables such as %SystemRoot% are expanded on the device. */
    readonly manifestPath: import("../../compiler/declare/option.js").Option<string, false>;
    /** How long the re-registration may take, in seconds; past it the fix stops waiting and fails. */
    readonly registerTimeoutSeconds: import("../../compiler/declare/option.js").Option<number, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "user";
    readonly is64Bit: true;
}, false>;
