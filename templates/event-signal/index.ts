/**
 * eventSignal: a detect-only symptom source. It counts the events of one event log (optionally of one
 * provider and a minimum level) whose ids are in `ids`, in the last `windowHours` and never before the
 * last fix of the remediation, and finds its symptom (is out of its desired state) when there are at
 * least `minCount`. Another check acts on it with `onFinding(signal)`, so any fix can be made to run only
 * on a symptom:
 *
 * ```ts
 * const crashes = eventSignal({ checkName: 'crashes', log: 'Application', provider: 'Application Error', ids: [1000] });
 * checks: [crashes, serviceState({ name: 'Spooler', trigger: onFinding(crashes) })],
 * ```
 *
 * It reads the log with `Get-WinEvent -LogName <log> -FilterXPath <query> -MaxEvents <n>` (locale-independent:
 * ids, levels, provider and time are matched in the query, never in message text), at most
 * max(100, minCount) events, newest first.
 *
 * A log that does not exist on the device, or that the account may not read (the Security log needs an
 * administrator), is a probe error, not "no events": unknown means do nothing and say so. The runtime
 * then reports the error and never runs a fix on it.
 */
import type { Check } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type DeclaredRequirements } from '../../compiler/declare/template.ts';

/** The ids one signal may list: each is one term of the event log query, which allows about 20. */
export const MAX_EVENT_IDS = 10;

/** The event log levels, most severe first, as the option names them. */
export const EVENT_LEVELS = ['critical', 'error', 'warning', 'information'] as const;

function checkIds(value: unknown): string | undefined {
  if (!Array.isArray(value)) return `expected an array of event ids, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'must list at least one event id';
  if (value.length > MAX_EVENT_IDS) return `lists ${value.length} ids; at most ${MAX_EVENT_IDS} fit one event log query (declare a second eventSignal for the rest)`;
  const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535);
  if (bad >= 0) return `item ${bad} (${JSON.stringify(value[bad])}) is not an event id (a whole number from 0 to 65535)`;
  return undefined;
}

/** The logs that only administrators may read, whatever the device. */
function adminOnly(log: string): boolean {
  return log.trim().toLowerCase() === 'security';
}

const factory = defineTemplate({
  title: 'Event signal',
  summary:
    'Detect-only symptom source: counts events of one log with the given ids (optionally one provider, a minimum level) in the last ' +
    'windowHours and since the last fix, and finds its symptom at minCount or more; use onFinding(signal) as the trigger of a fix.',
  defaultName: 'signal',
  options: {
    /**
     * The event log (channel) to read, exactly as Event Viewer's "Log Name" shows it, e.g. `Application`,
     * `System` or `Microsoft-Windows-AAD/Operational`. No wildcards. The Security log needs the remediation
     * to run as system.
     */
    log: option.string({ required: true, pattern: /^[^*?[\]]+$/, patternText: 'is not a log name (no wildcards: *, ?, [ or ])' }),
    /**
     * Only events of this provider ("Source" in Event Viewer), e.g. `Application Error`; matched exactly.
     * Left out, every provider of the log counts.
     */
    provider: option.string({ nonEmpty: true, pattern: /^[^'"]+$/, patternText: 'is not a provider name (no quotes)', defaultText: 'every provider' }),
    /** The event ids that count (whole numbers from 0 to 65535, at most 10), e.g. `[1000, 1002]`. */
    ids: option.custom<readonly number[], true>(
      `an array of 1 to ${MAX_EVENT_IDS} event ids (whole numbers from 0 to 65535)`,
      { type: 'array', minItems: 1, maxItems: MAX_EVENT_IDS, items: { type: 'integer', minimum: 0, maximum: 65535 } },
      checkIds,
      { required: true },
    ),
    /**
     * How many matching events make the symptom. One event is often noise (an app crashes once a week
     * on a healthy machine); a repeat is a symptom.
     */
    minCount: option.number({ min: 1, max: 1000, integer: true, default: 3 }),
    /** How far back events count, in hours; never before the last fix of the remediation on the device. */
    windowHours: option.number({ min: 1, max: 720, integer: true, default: 24 }),
    /**
     * The least severe level that counts: `'error'` counts errors and critical events, `'warning'` also
     * warnings, `'information'` everything but verbose. Left out, every level counts.
     */
    level: option.oneOf(EVENT_LEVELS, { defaultText: 'every level' }),
  },
  // The Security log answers administrators only: SYSTEM under Intune.
  requirementsOf: (props): Partial<DeclaredRequirements> => (adminOnly(props.log) ? { runAs: ['system'], needsAdmin: true } : {}),
});

/** The props of a signal on the Security log, which only SYSTEM may read under Intune. */
type SecurityLogProps = Parameters<typeof factory>[0] & { readonly log: 'Security' };

/**
 * Counts events of one log with the given ids and finds its symptom at `minCount` or more. On the
 * Security log the check needs `runAs: 'system'` (a type error in a user remediation).
 */
export const eventSignal: ((props: SecurityLogProps) => Check<{ readonly runAs: 'system'; readonly is64Bit: boolean }>) & typeof factory = factory;
