/**
 * The check protocol between remc's TypeScript and the PowerShell it emits, defined once.
 *
 * Each record is a schema value: the TypeScript type is inferred from it, `validate()` rejects unknown
 * and missing fields (as DSC v3's result types do), and `jsonSchema()` ships it as JSON Schema
 * (`docs/schema/*.schema.json`, kept current by a test). The emitter writes the check rows and the
 * probe-result keys from here; the runtime writes a {@link RunOutcome} when asked; the scenario
 * harness validates every outcome it reads against this module, so both sides are tested against it.
 */

// ---- a small schema language: enough for flat protocol records ----

type Schema =
  | { readonly kind: 'string'; readonly values?: readonly string[] }
  | { readonly kind: 'integer' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'any' }
  | { readonly kind: 'nullable'; readonly of: Schema }
  | { readonly kind: 'array'; readonly of: Schema }
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, Schema>>; readonly optional: readonly string[]; readonly doc: string };

const s = {
  string: <const V extends readonly string[]>(values?: V) => ({ kind: 'string', ...(values ? { values } : {}) }) as { kind: 'string'; values?: V; __t?: V extends readonly (infer E)[] ? E : string },
  integer: () => ({ kind: 'integer' }) as { kind: 'integer'; __t?: number },
  boolean: () => ({ kind: 'boolean' }) as { kind: 'boolean'; __t?: boolean },
  any: () => ({ kind: 'any' }) as { kind: 'any'; __t?: unknown },
  nullable: <S extends Schema>(of: S) => ({ kind: 'nullable', of }) as { kind: 'nullable'; of: S; __t?: TypeOf<S> | null },
  array: <S extends Schema>(of: S) => ({ kind: 'array', of }) as { kind: 'array'; of: S; __t?: TypeOf<S>[] },
  record: <F extends Record<string, Schema>, const Opt extends readonly (keyof F & string)[] = []>(doc: string, fields: F, optional?: Opt) =>
    ({ kind: 'record', doc, fields, optional: optional ?? [] }) as {
      kind: 'record';
      doc: string;
      fields: F;
      optional: Opt;
      __t?: { -readonly [K in Exclude<keyof F, Opt[number]>]: TypeOf<F[K]> } & { -readonly [K in Opt[number]]?: TypeOf<F[K]> };
    },
};

export type TypeOf<S> = S extends { __t?: infer T } ? T : never;

/** Problems of `value` against `schema`, each with its JSON path. */
function check(schema: Schema, value: unknown, at: string, out: string[]): void {
  switch (schema.kind) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') out.push(`${at}: expected a string, got ${JSON.stringify(value)}`);
      else if (schema.values && !schema.values.includes(value)) out.push(`${at}: expected one of ${schema.values.join(', ')}, got "${value}"`);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) out.push(`${at}: expected a whole number, got ${JSON.stringify(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${at}: expected true or false, got ${JSON.stringify(value)}`);
      return;
    case 'nullable':
      if (value !== null) check(schema.of, value, at, out);
      return;
    case 'array':
      if (!Array.isArray(value)) out.push(`${at}: expected an array, got ${JSON.stringify(value)}`);
      else value.forEach((v, i) => check(schema.of, v, `${at}[${i}]`, out));
      return;
    case 'record': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.push(`${at}: expected an object, got ${JSON.stringify(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) if (!(key in schema.fields)) out.push(`${at}.${key}: unknown field`);
      for (const [key, field] of Object.entries(schema.fields)) {
        if (record[key] === undefined) {
          if (!schema.optional.includes(key)) out.push(`${at}.${key}: missing`);
        } else check(field, record[key], `${at}.${key}`, out);
      }
    }
  }
}

function toJsonSchema(schema: Schema): Record<string, unknown> {
  switch (schema.kind) {
    case 'any':
      return {};
    case 'string':
      return schema.values ? { type: 'string', enum: [...schema.values] } : { type: 'string' };
    case 'integer':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'nullable':
      return { anyOf: [toJsonSchema(schema.of), { type: 'null' }] };
    case 'array':
      return { type: 'array', items: toJsonSchema(schema.of) };
    case 'record':
      return {
        type: 'object',
        description: schema.doc,
        additionalProperties: false,
        required: Object.keys(schema.fields).filter((k) => !schema.optional.includes(k)),
        properties: Object.fromEntries(Object.entries(schema.fields).map(([k, v]) => [k, toJsonSchema(v)])),
      };
  }
}

/** A protocol record: its schema, a validator that rejects unknown fields, and its JSON Schema. */
export interface ProtocolType<T> {
  readonly name: string;
  /** The record's field names, as both sides spell them. */
  readonly fields: readonly string[];
  validate(value: unknown): { ok: true; value: T } | { ok: false; problems: string[] };
  jsonSchema(): Record<string, unknown>;
}

function protocolType<S extends Schema & { kind: 'record' }>(name: string, schema: S): ProtocolType<TypeOf<S>> {
  return {
    name,
    fields: Object.keys(schema.fields),
    validate(value) {
      const problems: string[] = [];
      check(schema, value, name, problems);
      return problems.length === 0 ? { ok: true, value: value as TypeOf<S> } : { ok: false, problems };
    },
    jsonSchema: () => ({ $schema: 'http://json-schema.org/draft-07/schema#', title: name, ...toJsonSchema(schema) }),
  };
}

// ---- the protocol ----

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
/** When a fix may run: the one trigger union of declarations, model, scripts and scenarios. */
export type Trigger = DriftTrigger | CauseTrigger | FindingTrigger;

/** The runtime's entry points, by script: the Intune pair, and the combined detect -> fix -> verify script. */
export const ENTRY_POINTS = { detect: 'Invoke-RemcDetection', remediate: 'Invoke-RemcRemediation', combined: 'Invoke-RemcCombined' } as const;
export type ScriptKind = keyof typeof ENTRY_POINTS;

/** The environment variable that asks a script to write its {@link RunOutcome} as JSON to a file (tests, RMM wrappers). */
export const OUTCOME_ENV = 'REMC_OUTCOME_PATH';

const triggerRow = s.record(
  'A trigger as the runtime reads it.',
  { Kind: s.string(['drift', 'cause', 'finding']), Check: s.string(), Causes: s.array(s.string(CAUSES)) },
  ['Check', 'Causes'],
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
 * What a probe function returns (a hashtable). `Cause` and `Advice` only from diagnoses. `Proof`: positive
 * evidence, seen since the last fix (the context's `Since`), that what its symptom said is healthy again
 * (for sign-ins: the primary refresh token renewed after the fix, no failure since); detection decides
 * with it that a fix the symptom triggered held. The absence of a symptom is not proof: leave it out.
 * `Waits`: its fix cannot act now and why (an app the user has open): a due fix is then held, the run
 * says HELD (exit 0), and the next run tries again.
 */
export const ProbeResult = protocolType(
  'ProbeResult',
  s.record(
    "A probe's answer: is the check's state as desired, and why not.",
    { InDesiredState: s.boolean(), Summary: s.string(), Facts: s.any(), Cause: s.string(CAUSES), Advice: s.string(), Proof: s.string(), Waits: s.string() },
    ['Facts', 'Cause', 'Advice', 'Proof', 'Waits'],
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
  Verdict: s.string(['pending', 'held', 'not held', 'unknown']),
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
 * The verdict on a fix a symptom triggered (a drift fix is proven by the probe that reads its state back):
 * `pending` until detection sees its symptom again (`not held`), or positive evidence from every source
 * since the fix (`held`), or neither within the limit's window (`unknown`).
 */
export const PROOF_VERDICTS = ['pending', 'held', 'not held', 'unknown'] as const;
export type ProofVerdict = (typeof PROOF_VERDICTS)[number];

/**
 * The part of a detection's summary line that says what became of the last fix a symptom triggered:
 * `fix of 2026-11-25T12:00Z: held - <evidence>`, `... not held - ...`, `... unknown - ...`, or
 * `... not yet proven (<n> h since; ...)` while pending. A check's own part never starts with `fix of `
 * (check names have no spaces).
 */
export function parseProofPart(part: string): { readonly fixedAt: string; readonly verdict: ProofVerdict; readonly evidence: string } | undefined {
  const m = /^fix of (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z): (?:(held|not held|unknown) - (.*)|not yet proven( .*)?)$/.exec(part);
  if (!m) return undefined;
  return m[2] ? { fixedAt: m[1]!, verdict: m[2] as ProofVerdict, evidence: m[3]! } : { fixedAt: m[1]!, verdict: 'pending', evidence: (m[4] ?? '').trim() };
}

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

/**
 * The head of the summary line and the outcome's `Status`, per script, **in rank order**: when several
 * hold in one run, the first of the list is the word (the runtime picks it with Select-RemcStatus from
 * this very list, which the emitter writes into every script). The last word of each list holds when
 * none of the others does. Detection: ERROR (a probe failed), FIX DUE, ESCALATE (the limit of fixes is
 * reached), ISSUE FOUND (detect-only), ACTION NEEDED (a check without a fix found a problem no fix here
 * addresses: exit 1, the advice says what a person must do), HELD (a fix waits for the cool-down),
 * CONFIRMING (a symptom seen once; its fix waits for the next detection), ABNORMAL (something abnormal
 * was seen that no fix here is for and no person needs to act on yet, e.g. an unexplained or network
 * cause: exit 0, the line says what), UNPROVEN (the last fix a symptom triggered is not yet proven to
 * have held), SKIPPED (checks this host cannot run were not checked), OK (every check ran and saw nothing
 * abnormal). Remediation: ERROR, FAILED, PROBE ERROR, ESCALATE, NOT CONVERGED, REPORTED ONLY, ACTION
 * NEEDED, APPLIED (a fix a symptom triggered ran; the next detections prove it or not), FIXED (every
 * fix's own state read back as desired), HELD, CONFIRMING, SKIPPED, NOTHING TO FIX. Whatever the word, every
 * check that did not run is named in the line and counted (`not run: <n> of <m> checks`).
 */
export const STATUSES = {
  detect: ['ERROR', 'FIX DUE', 'ESCALATE', 'ISSUE FOUND', 'ACTION NEEDED', 'HELD', 'CONFIRMING', 'ABNORMAL', 'UNPROVEN', 'SKIPPED', 'OK'],
  remediate: ['ERROR', 'FAILED', 'PROBE ERROR', 'ESCALATE', 'NOT CONVERGED', 'REPORTED ONLY', 'ACTION NEEDED', 'APPLIED', 'FIXED', 'HELD', 'CONFIRMING', 'SKIPPED', 'NOTHING TO FIX'],
} as const;

type StatusMeanings<K extends keyof typeof STATUSES> = { readonly [S in (typeof STATUSES)[K][number]]: { readonly exitCode: 0 | 1; readonly meaning: string } };

/**
 * What each status tells an admin, with the exit code it goes with (compiler/ps/runtime/detect.ps1 and
 * remediate.ps1 decide them); the generated README of every remediation prints them. A status added to
 * STATUSES without a meaning here is a type error.
 */
export const STATUS_MEANINGS: { readonly detect: StatusMeanings<'detect'>; readonly remediate: StatusMeanings<'remediate'> } = {
  detect: {
    OK: { exitCode: 0, meaning: 'Every check ran, is in its desired state, and saw nothing abnormal.' },
    'FIX DUE': { exitCode: 1, meaning: 'A fix is due (its trigger fired, outside the cool-down): Intune runs remediate.ps1.' },
    'ISSUE FOUND': { exitCode: 1, meaning: 'A detect-only remediation found a check out of its desired state.' },
    'ACTION NEEDED': { exitCode: 1, meaning: 'A check found a problem no fix of this remediation answers (a device cause, a policy block): the advice says who must do what.' },
    HELD: { exitCode: 0, meaning: 'A fix is due but waits: for the cool-down (the line says when it ends), or for what it needs first (the line says what, e.g. an app to be closed).' },
    CONFIRMING: { exitCode: 0, meaning: 'A symptom was seen; its fix waits for the next detection to see it again (confirmRuns).' },
    UNPROVEN: { exitCode: 0, meaning: 'Nothing is due; the last fix a symptom triggered is not yet proven to have held (its symptom not seen again, no evidence of success yet). The line says since when; it becomes OK with "held", or FIX DUE with "not held".' },
    ABNORMAL: { exitCode: 0, meaning: 'Something abnormal was seen that no fix here is for and no person needs to act on yet (an unexplained or a network cause); the line says what. Nothing is due.' },
    SKIPPED: { exitCode: 0, meaning: 'Nothing is due, but checks this device cannot run (e.g. in Constrained Language Mode) were not checked.' },
    ESCALATE: { exitCode: 1, meaning: 'The limit of fixes is reached: a fix that does not hold needs a person, not another run.' },
    ERROR: { exitCode: 1, meaning: 'A probe failed; the line says which and why.' },
  },
  remediate: {
    FIXED: { exitCode: 0, meaning: 'Every due fix worked, and the probe afterwards reads each fixed state back as desired.' },
    APPLIED: { exitCode: 0, meaning: 'The due fixes ran without error, but a symptom triggered them, and the probe right after cannot tell whether they helped: the next detections decide (held, not held) and say so.' },
    'NOTHING TO FIX': { exitCode: 0, meaning: 'No fix was due when remediate.ps1 probed again.' },
    'ACTION NEEDED': { exitCode: 0, meaning: 'Nothing to fix here; a person must act (the advice says what), and the next detection still says so.' },
    'REPORTED ONLY': { exitCode: 1, meaning: 'Report-only fixes changed nothing and say what they would have done.' },
    HELD: { exitCode: 0, meaning: 'A due fix waits: for the cool-down, or for what it needs first (the line says what); it changed nothing and counts as no attempt.' },
    CONFIRMING: { exitCode: 0, meaning: 'The symptom is not yet confirmed by enough detections; nothing was fixed.' },
    SKIPPED: { exitCode: 0, meaning: 'Nothing was due among the checks this device can run.' },
    ESCALATE: { exitCode: 1, meaning: 'The limit of fixes is reached; nothing was fixed.' },
    'NOT CONVERGED': { exitCode: 1, meaning: 'The fixes ran, but the probe afterwards still finds a fix due.' },
    FAILED: { exitCode: 1, meaning: 'A fix failed; the line says which and why.' },
    'PROBE ERROR': { exitCode: 1, meaning: 'A probe failed, so nothing was fixed on that check.' },
    ERROR: { exitCode: 1, meaning: 'The script failed before it could decide; the line says why.' },
  },
};

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
export type ProtocolValue<P> = P extends ProtocolType<infer T> ? T : never;

/** Every protocol record, for the shipped JSON Schemas. */
export const PROTOCOL_TYPES: readonly ProtocolType<unknown>[] = [CheckRow, ProbeResult, FixResult, RunOutcome, Marker];

/** Every status word a summary line can start with, longest first (so 'NOT CONVERGED' wins over a prefix). */
export const STATUS_WORDS: readonly Status[] = [...new Set<Status>([...STATUSES.detect, ...STATUSES.remediate])].sort((a, b) => b.length - a.length);
export type Status = (typeof STATUSES)[keyof typeof STATUSES][number];

/** A summary line, read back: what the runtime's `Format-RemcSummary` printed (compiler/ps/runtime/common.ps1). */
export interface SummaryLine {
  readonly remediation: string;
  readonly status: Status;
  /** The parts after the head, one per check or note, in the order printed. */
  readonly parts: readonly string[];
}

/**
 * The one parser of the summary line the runtime prints as the last line of every run:
 * `[<id>] <STATUS>` then ` | <part>` per check, printable ASCII, at most 2,048 characters. Anything
 * else (a truncated line, an error text, another script's output) is undefined: never guessed.
 */
export function parseSummaryLine(line: string): SummaryLine | undefined {
  const text = line.replace(/\r?\n$/, '');
  if (text.length > 2048 || !/^[\x20-\x7E]*$/.test(text)) return undefined;
  const head = /^\[([a-z0-9]+(?:-[a-z0-9]+)*)\] /.exec(text);
  if (!head) return undefined;
  const rest = text.slice(head[0].length);
  const status = STATUS_WORDS.find((word) => rest === word || rest.startsWith(`${word} | `));
  if (status === undefined) return undefined;
  const tail = rest.slice(status.length);
  return { remediation: head[1]!, status, parts: tail === '' ? [] : tail.slice(3).split(' | ') };
}

/** The last line of a script's output that is not blank (what Intune keeps), or ''. */
export function lastOutputLine(output: string): string {
  const lines = output.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? '';
}
