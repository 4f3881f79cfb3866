/**
 * The protocol's records and the words they are made of: the check rows the emitter writes into every
 * script, what probes and fixes answer, the marker a remediation keeps on a device, and the outcome of
 * one run. Each is a schema value (./schema.ts): the type, the validator and the JSON Schema from one.
 */
import { STATUSES } from './status.ts';
import { protocolType, s, type ProtocolType, type ProtocolValue, type TypeOf } from './schema.ts';

export const PROTOCOL_VERSION = 1;

/** What a diagnostic check can conclude about the cause of a problem. */
export const CAUSES = ['none', 'os', 'account', 'policy', 'network', 'device', 'unknown'] as const;
export type Cause = (typeof CAUSES)[number];

/** The fix runs when the check's own probe finds it out of its desired state. */
export interface DriftTrigger {
  readonly kind: 'drift';
}
/** The fix runs when a diagnosis of the same remediation reports one of `causes`. */
export interface CauseTrigger {
  readonly kind: 'cause';
  readonly check: string;
  readonly causes: readonly Cause[];
}
/** The fix runs when another check of the same remediation (a symptom source) finds its symptom. */
export interface FindingTrigger {
  readonly kind: 'finding';
  readonly check: string;
}
/**
 * The fix runs on every detection, with no symptom: an action kept on a schedule (flush the DNS cache,
 * restart a service nightly). The remediation's cool-down spaces the runs: after one, detection says
 * when the next is due (OK), and a run that worked does not count toward the limit of fixes.
 */
export interface ScheduleTrigger {
  readonly kind: 'schedule';
}
/** A trigger that fires on its own: one part of an {@link AllOfTrigger}. */
export type SingleTrigger = DriftTrigger | CauseTrigger | FindingTrigger;
/**
 * The fix runs when every part fires in the same run (`allOf(onFinding(space), onDrift())`). Parts are
 * single triggers, never another allOf; at least one reads another check.
 */
export interface AllOfTrigger {
  readonly kind: 'all';
  readonly parts: readonly SingleTrigger[];
}
/** When a fix may run: the one trigger union of declarations, model, scripts and scenarios. */
export type Trigger = SingleTrigger | AllOfTrigger | ScheduleTrigger;

/** The runtime's entry points, by script: the Intune pair, and the combined detect -> fix -> verify script. */
export const ENTRY_POINTS = { detect: 'Invoke-RemcDetection', remediate: 'Invoke-RemcRemediation', combined: 'Invoke-RemcCombined' } as const;
export type ScriptKind = keyof typeof ENTRY_POINTS;

/** The environment variable that asks a script to write its {@link RunOutcome} as JSON to a file (tests, RMM wrappers). */
export const OUTCOME_ENV = 'REMC_OUTCOME_PATH';

const partRow = s.record(
  'A trigger that fires on its own, as the runtime reads it.',
  { Kind: s.string(['drift', 'cause', 'finding']), Check: s.string(), Causes: s.array(s.string(CAUSES)) },
  ['Check', 'Causes'],
);

const triggerRow = s.record(
  'A trigger as the runtime reads it: a single one, or (Kind all) the Parts that must all fire.',
  { Kind: s.string(['drift', 'cause', 'finding', 'all', 'schedule']), Check: s.string(), Causes: s.array(s.string(CAUSES)), Parts: s.array(partRow) },
  ['Check', 'Causes', 'Parts'],
);

/** One check as the runtime receives it in `$RemcChecks`. */
export const CheckRow = protocolType(
  'CheckRow',
  s.record('One check as the generated script carries it.', {
    Name: s.string(),
    Probe: s.string(),
    Fix: s.nullable(s.string()),
    Triggers: s.array(triggerRow),
    NeedsFullLanguage: s.boolean(),
    Config: s.any(),
  }),
);
export type CheckRow = TypeOf<typeof CheckRow extends ProtocolType<infer T> ? { __t?: T } : never>;

/**
 * What a probe function returns (a hashtable). `Cause` only from diagnoses; `Advice` from diagnoses, and from
 * any probe whose drift is partly what its fix cannot repair (a value a policy decides). `Proof`: positive
 * evidence, seen since the last fix (the context's `Since`), that what its symptom said is healthy again
 * (for sign-ins: the primary refresh token renewed after the fix, no failure since); detection decides
 * with it that a fix the symptom triggered held. The absence of a symptom is not proof: leave it out.
 * `Waits`: its fix cannot act now and why (an app the user has open): a due fix is then held, the run
 * says HELD (exit 0), and the next run tries again. `Repairable = $false`: the drift is real but none of
 * it is what its fix can repair (a policy decides the value): the fix is not run, and the run says
 * ACTION NEEDED with the probe's `Advice`, as for a check without a fix. Left out, drift is repairable.
 */
export const ProbeResult = protocolType(
  'ProbeResult',
  s.record(
    "A probe's answer: is the check's state as desired, and why not.",
    { InDesiredState: s.boolean(), Summary: s.string(), Facts: s.any(), Cause: s.string(CAUSES), Advice: s.string(), Proof: s.string(), Waits: s.string(), Repairable: s.boolean() },
    ['Facts', 'Cause', 'Advice', 'Proof', 'Waits', 'Repairable'],
  ),
);

/**
 * What a fix function returns (a hashtable); a fix that fails throws instead. `ReportOnly`: it changed
 * nothing on purpose (a report-only option), so the run is never reported as fixed. `Waits`: it changed
 * nothing because it cannot act now, and why (an app that must be closed first): the fix is held, not
 * an attempt (no cool-down, nothing counted toward the limit), and the run says HELD (exit 0).
 */
export const FixResult = protocolType(
  'FixResult',
  s.record("A fix's answer: what it changed.", { Summary: s.string(), Changed: s.integer(), ReportOnly: s.boolean(), Waits: s.string(), Facts: s.any() }, ['Changed', 'ReportOnly', 'Waits', 'Facts']),
);

/**
 * Detections that confirm a symptom count as consecutive when at most this many hours apart: a daily
 * schedule with a day's slack; a device that was off for a weekend starts counting again.
 */
export const CONFIRM_WITHIN_HOURS = 48;

/**
 * The verdict on a fix a symptom triggered (a drift fix is proven by the probe that reads its state back):
 * `pending` until detection sees its symptom again (`not held`), or positive evidence from every source
 * since the fix (`held`), or neither within the limit's window (`unknown`).
 */
export const PROOF_VERDICTS = ['pending', 'held', 'not held', 'unknown'] as const;
export type ProofVerdict = (typeof PROOF_VERDICTS)[number];

/** A symptom seen by consecutive detections, waiting for `confirmRuns` of them before its fix runs. */
const sighting = s.record('A symptom seen by consecutive detections.', {
  /** The symptom, as the check and what it found: 'diagnosis: os cause', 'signal: found'. */
  Key: s.string(),
  Count: s.integer(),
  LastUtcTicks: s.string(),
});

const proof = s.record('The proof a fix a symptom triggered awaits, and the verdict detection reached.', {
  FixUtcTicks: s.string(),
  /** 'check=symptom' for each fix awaiting proof: 'purge=diagnosis: os cause'. */
  Checks: s.array(s.string()),
  Verdict: s.string(PROOF_VERDICTS),
  Evidence: s.nullable(s.string()),
  DecidedUtcTicks: s.nullable(s.string()),
});

/**
 * The marker a remediation keeps on the device (per user under %LOCALAPPDATA%\remc\<id>.json, per
 * machine under %ProgramData% for SYSTEM): the last fix (null before the first), what it fixed, the
 * times of the recent fixes that count against the remediation's limit, and the symptoms waiting for
 * confirmation. Ticks are strings: Windows PowerShell 5.1's JSON has no 64-bit integers it reads back
 * exactly. It is written only when one of these changes, so a healthy device never writes it.
 */
export const Marker = protocolType(
  'Marker',
  s.record('What a remediation remembers between runs on one device.', {
    Protocol: s.integer(),
    LastFixUtc: s.nullable(s.string()),
    LastFixUtcTicks: s.nullable(s.string()),
    Fixed: s.array(s.string()),
    Attempts: s.array(s.string()),
    Sightings: s.array(sighting),
    /** The times of fixes detection proved did not hold: each counts once more toward the limit. */
    NotHeld: s.array(s.string()),
    /** What the last fix, when a symptom triggered it, awaits or got: the verdict detection reached. */
    Proof: s.nullable(proof),
  }, ['NotHeld', 'Proof']),
);

/**
 * How one check's probe ended. `skipped`: a requirement the host lacks (e.g. Constrained Language Mode);
 * `idle`: not probed because its fix could not run now (no symptom triggers it), so a healthy device
 * never runs the probes of fixes it does not need (enumerating credentials, for one).
 */
export const PROBE_STATES = ['ok', 'drift', 'error', 'skipped', 'idle'] as const;
/**
 * What became of a check's fix in this run. `held`: due, but waiting (for the cool-down, or for what the
 * probe or the fix says it needs first, e.g. an app closed); `confirming`: a
 * symptom seen, waiting for the next detection to see it again (`confirmRuns`); `escalated`: due, but the
 * remediation reached its limit of fixes and stopped fixing until a person looks.
 */
export const FIX_RESULTS = ['none', 'due', 'held', 'confirming', 'escalated', 'fixed', 'reported', 'failed'] as const;

const probeOutcome = s.record(
  "A probe's outcome in one run.",
  { State: s.string(PROBE_STATES), Summary: s.string(), Cause: s.nullable(s.string(CAUSES)), Advice: s.nullable(s.string()), Error: s.nullable(s.string()) },
);

const checkOutcome = s.record('One check in one run.', {
  Name: s.string(),
  Probe: probeOutcome,
  /** The trigger that fired, as the symptom it saw ('drift', 'diagnosis: os cause', 'signal: found'), or null. */
  Trigger: s.nullable(s.string()),
  /** Why a due fix waits (cool-down), or null. */
  Held: s.nullable(s.string()),
  Fix: s.string(FIX_RESULTS),
  FixSummary: s.nullable(s.string()),
  FixError: s.nullable(s.string()),
  /** The probe after the fixes (remediation only). */
  After: s.nullable(probeOutcome),
});

/** The machine-readable outcome of one run of detect.ps1 or remediate.ps1. */
export const RunOutcome = protocolType(
  'RunOutcome',
  s.record('The outcome of one run of a generated script.', {
    Protocol: s.integer(),
    Remediation: s.string(),
    Script: s.string(['detect', 'remediate']),
    Status: s.string([...new Set([...STATUSES.detect, ...STATUSES.remediate])]),
    ExitCode: s.integer(),
    Summary: s.string(),
    Checks: s.array(checkOutcome),
  }),
);
export type RunOutcome = ProtocolValue<typeof RunOutcome>;
export type CheckOutcome = RunOutcome['Checks'][number];

/** Every protocol record, for the shipped JSON Schemas. */
export const PROTOCOL_TYPES: readonly ProtocolType<unknown>[] = [CheckRow, ProbeResult, FixResult, RunOutcome, Marker];
