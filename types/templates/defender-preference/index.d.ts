// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * The supported preferences: the names of Set-MpPreference's parameters (and of MSFT_MpPreference's
 * properties). The values a name setting takes are given by name; Get-MpPreference's number for each is
 * in parentheses (Learn: "Set-MpPreference", "MSFT_MpPreference class").
 */
export interface DefenderSettings {
    /** Real-time protection off (`true`) or on (`false`). Protected by Tamper Protection. */
    readonly DisableRealtimeMonitoring?: boolean;
    /** Behavior monitoring off (`true`) or on (`false`). Protected by Tamper Protection. */
    readonly DisableBehaviorMonitoring?: boolean;
    /** Scanning of downloaded files and attachments (IOAV) off (`true`) or on (`false`). Protected by Tamper Protection. */
    readonly DisableIOAVProtection?: boolean;
    /** Scanning of scripts off (`true`) or on (`false`). */
    readonly DisableScriptScanning?: boolean;
    /** Potentially unwanted apps: `disabled` (0), `enabled` (1, blocked) or `audit` (2). */
    readonly PUAProtection?: 'disabled' | 'enabled' | 'audit';
    /** Cloud-delivered protection (MAPS): `disabled` (0), `basic` (1) or `advanced` (2). Turning it off is protected by Tamper Protection. */
    readonly MAPSReporting?: 'disabled' | 'basic' | 'advanced';
    /** Sample submission: `alwaysPrompt` (0), `sendSafeSamples` (1), `neverSend` (2) or `sendAllSamples` (3). */
    readonly SubmitSamplesConsent?: 'alwaysPrompt' | 'sendSafeSamples' | 'neverSend' | 'sendAllSamples';
    /** Cloud block level: `default` (0), `moderate` (1), `high` (2), `highPlus` (4) or `zeroTolerance` (6). */
    readonly CloudBlockLevel?: 'default' | 'moderate' | 'high' | 'highPlus' | 'zeroTolerance';
    /** Extra seconds a file is held for a cloud verdict: a whole number from 0 to 50. */
    readonly CloudExtendedTimeout?: number;
    /** Network protection: `disabled` (0), `enabled` (1) or `audit` (2). */
    readonly EnableNetworkProtection?: 'disabled' | 'enabled' | 'audit';
}
export declare const defenderPreference: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The preferences to keep, by Set-MpPreference's parameter names: DisableRealtimeMonitoring,
     * DisableBehaviorMonitoring, DisableIOAVProtection, DisableScriptScanning (true or false); PUAProtection
     * and EnableNetworkProtection ('disabled', 'enabled', 'audit'); MAPSReporting ('disabled', 'basic',
     * 'advanced'); SubmitSamplesConsent ('alwaysPrompt', 'sendSafeSamples', 'neverSend', 'sendAllSamples');
     * CloudBlockLevel ('default', 'moderate', 'high', 'highPlus', 'zeroTolerance'); CloudExtendedTimeout
     * (0 to 50 seconds). Any other name or value is an error (REMC120, REMC121).
     */
    readonly settings: import("../../compiler/declare/option.js").Option<DefenderSettings, true>;
    /** Say what the fix would change without changing anything. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** When the fix may run. A preference not as declared is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system";
    readonly is64Bit: true;
}, false>;
