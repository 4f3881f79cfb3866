/**
 * defenderPreference: keeps the commonest Microsoft Defender Antivirus preferences as declared, the ones
 * admins otherwise set by hand with `Set-MpPreference`, e.g.
 * `defenderPreference({ settings: { DisableRealtimeMonitoring: false, PUAProtection: 'enabled' } })`.
 * The probe reads `Get-MpComputerStatus` (is Defender the active antivirus, is Tamper Protection on) and
 * `Get-MpPreference` (MSFT_MpPreference, root/Microsoft/Windows/Defender), comparing the numbers and
 * booleans it returns with the declared values; the fix runs `Set-MpPreference -<Setting> <value>` for
 * each setting not as declared and reads every value back.
 *
 * Why it is safe:
 * - It writes only declared settings that read otherwise, one `Set-MpPreference` call each, once a run.
 * - It never says fixed on a write that did not take: Tamper Protection ignores or refuses a change to
 *   the settings it protects, and a Group Policy or Intune policy wins over a local value (Get-MpPreference
 *   shows the policy's value). The fix reads every value back and fails, naming the setting, when one is
 *   still not as declared. A policy cannot be told apart beforehand: only that read-back shows it.
 * - When Tamper Protection is on (IsTamperProtected) and all the drift is in settings it protects, the
 *   fix does not run: the run says ACTION NEEDED, with advice to change it where Tamper Protection allows.
 * - When Defender is not the active antivirus (passive mode, EDR block mode, another antivirus, or the
 *   cmdlets fail with 0x800106BA), the probe reports an error with that reason, never drift.
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

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

type Rule = { readonly kind: 'bool' } | { readonly kind: 'names'; readonly values: Readonly<Record<string, number>> } | { readonly kind: 'range'; readonly min: number; readonly max: number };

const ON_OFF = { disabled: 0, enabled: 1, audit: 2 } as const;

/** Each supported preference, in the order the probe reports them. */
const RULES: Readonly<Record<keyof DefenderSettings, Rule>> = {
  DisableRealtimeMonitoring: { kind: 'bool' },
  DisableBehaviorMonitoring: { kind: 'bool' },
  DisableIOAVProtection: { kind: 'bool' },
  DisableScriptScanning: { kind: 'bool' },
  PUAProtection: { kind: 'names', values: ON_OFF },
  MAPSReporting: { kind: 'names', values: { disabled: 0, basic: 1, advanced: 2 } },
  SubmitSamplesConsent: { kind: 'names', values: { alwaysPrompt: 0, sendSafeSamples: 1, neverSend: 2, sendAllSamples: 3 } },
  CloudBlockLevel: { kind: 'names', values: { default: 0, moderate: 1, high: 2, highPlus: 4, zeroTolerance: 6 } },
  CloudExtendedTimeout: { kind: 'range', min: 0, max: 50 },
  EnableNetworkProtection: { kind: 'names', values: ON_OFF },
};
const NAMES = Object.keys(RULES) as (keyof DefenderSettings)[];

function allowed(rule: Rule): string {
  if (rule.kind === 'bool') return 'true or false';
  if (rule.kind === 'range') return `a whole number from ${rule.min} to ${rule.max}`;
  return Object.keys(rule.values).map((v) => `'${v}'`).join(', ');
}

/** What is wrong with one declared value, or undefined. */
function valueProblem(rule: Rule, value: unknown): boolean {
  if (rule.kind === 'bool') return typeof value !== 'boolean';
  if (rule.kind === 'range') return typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max;
  return typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(rule.values, value);
}

/** The number (or boolean) Get-MpPreference returns for a declared value. */
function valueOf(rule: Rule, value: unknown): number | boolean {
  if (rule.kind === 'names') return rule.values[String(value)]!;
  return value as number | boolean;
}

const settingsSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: Object.fromEntries(
    NAMES.map((n) => {
      const rule = RULES[n];
      if (rule.kind === 'bool') return [n, { type: 'boolean' }];
      if (rule.kind === 'range') return [n, { type: 'integer', minimum: rule.min, maximum: rule.max }];
      return [n, { enum: Object.keys(rule.values) }];
    }),
  ),
};

/** A settings object; its names and values are checked by `validate`, each problem with its own code. */
const settingsOption = option.custom<DefenderSettings, true>('an object of Defender preferences', settingsSchema, (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : `expected an object of Defender preferences, got ${Array.isArray(value) ? 'an array' : typeof value}`,
  { required: true },
);

const WEAKENS: readonly (keyof DefenderSettings)[] = ['DisableRealtimeMonitoring', 'DisableBehaviorMonitoring', 'DisableIOAVProtection', 'DisableScriptScanning'];

export const defenderPreference = defineTemplate({
  title: 'Microsoft Defender Antivirus preferences',
  summary:
    'Keeps the commonest Microsoft Defender Antivirus preferences (real-time, behavior, IOAV and script scanning, PUA, MAPS, sample submission, cloud block level and timeout, network protection) as declared with Set-MpPreference, ' +
    'reading each back: a write Tamper Protection or a policy undoes is reported as not fixed; when Defender is not the active antivirus the check reports an error.',
  example: "defenderPreference({ settings: { DisableRealtimeMonitoring: false, PUAProtection: 'enabled', MAPSReporting: 'advanced', CloudBlockLevel: 'high' } })",
  defaultName: 'defender',
  // Set-MpPreference needs administrative rights (SYSTEM under Intune). A 64-bit host: the Defender module
  // and its MSFT_MpPreference provider are those of the 64-bit Windows, as for firewallProfile.
  requirements: { runAs: ['system'], needsAdmin: true, needs64Bit: true },
  options: {
    /**
     * The preferences to keep, by Set-MpPreference's parameter names: DisableRealtimeMonitoring,
     * DisableBehaviorMonitoring, DisableIOAVProtection, DisableScriptScanning (true or false); PUAProtection
     * and EnableNetworkProtection ('disabled', 'enabled', 'audit'); MAPSReporting ('disabled', 'basic',
     * 'advanced'); SubmitSamplesConsent ('alwaysPrompt', 'sendSafeSamples', 'neverSend', 'sendAllSamples');
     * CloudBlockLevel ('default', 'moderate', 'high', 'highPlus', 'zeroTolerance'); CloudExtendedTimeout
     * (0 to 50 seconds). Any other name or value is an error (REMC120, REMC121).
     */
    settings: settingsOption,
    /** Say what the fix would change without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /** When the fix may run. A preference not as declared is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (p) => {
    // (The test harness builds a config of the defaults alone: no settings.)
    const declared: DefenderSettings = p.settings ?? {};
    return {
      // In the order of RULES; Value is what Get-MpPreference returns, Label the declared word.
      settings: NAMES.filter((n) => declared[n] !== undefined).map((n) => ({ Name: n, Value: valueOf(RULES[n], declared[n]), Label: String(declared[n]) })),
      reportOnly: p.reportOnly,
    };
  },
  validate: (p) => {
    const problems: OptionProblem[] = [];
    const declared = Object.entries((p.settings ?? {}) as Readonly<Record<string, unknown>>);
    if (declared.length === 0) {
      problems.push({ option: 'settings', code: 'REMC122', message: 'settings names no preference', hint: `Name at least one of ${NAMES.join(', ')}.` });
    }
    for (const [name, value] of declared) {
      const rule = (RULES as Readonly<Record<string, Rule>>)[name];
      if (!rule) {
        problems.push({ option: 'settings', code: 'REMC120', message: `settings: '${name}' is not a supported Defender preference`, hint: `Supported: ${NAMES.join(', ')}. Set other preferences with a policy (Intune, Group Policy).` });
        continue;
      }
      if (valueProblem(rule, value)) {
        problems.push({ option: 'settings', code: 'REMC121', message: `settings.${name} cannot be ${JSON.stringify(value)}`, hint: `${name} takes ${allowed(rule)}.` });
      }
    }
    const off = WEAKENS.filter((n) => p.settings?.[n] === true);
    if (off.length > 0) {
      problems.push({
        option: 'settings',
        code: 'REMC123',
        severity: 'warning',
        message: `settings turn Microsoft Defender Antivirus protection off: ${off.join(', ')}`,
        hint: 'Declare false (Defender\'s default), unless another antivirus protects these devices.',
      });
    }
    return problems;
  },
});
