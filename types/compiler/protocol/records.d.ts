// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
import { type ProtocolType, type ProtocolValue, type TypeOf } from './schema.js';
export declare const PROTOCOL_VERSION = 1;
/** What a diagnostic check can conclude about the cause of a problem. */
export declare const CAUSES: readonly ['none', 'os', 'account', 'policy', 'network', 'device', 'unknown'];
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
export declare const ENTRY_POINTS: {
    readonly detect: 'Invoke-RemcDetection';
    readonly remediate: 'Invoke-RemcRemediation';
    readonly combined: 'Invoke-RemcCombined';
};
export type ScriptKind = keyof typeof ENTRY_POINTS;
/** The environment variable that asks a script to write its {@link RunOutcome} as JSON to a file (tests, RMM wrappers). */
export declare const OUTCOME_ENV = "REMC_OUTCOME_PATH";
/** One check as the runtime receives it in `$RemcChecks`. */
export declare const CheckRow: ProtocolType<{
    Config: unknown;
    Fix: string | null;
    Name: string;
    NeedsFullLanguage: boolean;
    Probe: string;
    Triggers: ({
        Kind: "all" | "cause" | "drift" | "finding" | "schedule";
    } & {
        Causes?: ("account" | "device" | "network" | "none" | "os" | "policy" | "unknown")[];
        Check?: string;
        Parts?: ({
            Kind: "cause" | "drift" | "finding";
        } & {
            Causes?: ("account" | "device" | "network" | "none" | "os" | "policy" | "unknown")[];
            Check?: string;
        })[];
    })[];
} & {}>;
export type CheckRow = TypeOf<typeof CheckRow extends ProtocolType<infer T> ? {
    __t?: T;
} : never>;
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
export declare const ProbeResult: ProtocolType<{
    InDesiredState: boolean;
    Summary: string;
} & {
    Advice?: string;
    Cause?: "account" | "device" | "network" | "none" | "os" | "policy" | "unknown";
    Facts?: unknown;
    Proof?: string;
    Repairable?: boolean;
    Waits?: string;
}>;
/**
 * What a fix function returns (a hashtable); a fix that fails throws instead. `ReportOnly`: it changed
 * nothing on purpose (a report-only option), so the run is never reported as fixed. `Waits`: it changed
 * nothing because it cannot act now, and why (an app that must be closed first): the fix is held, not
 * an attempt (no cool-down, nothing counted toward the limit), and the run says HELD (exit 0).
 */
export declare const FixResult: ProtocolType<{
    Summary: string;
} & {
    Changed?: number;
    Facts?: unknown;
    ReportOnly?: boolean;
    Waits?: string;
}>;
/**
 * Detections that confirm a symptom count as consecutive when at most this many hours apart: a daily
 * schedule with a day's slack; a device that was off for a weekend starts counting again.
 */
export declare const CONFIRM_WITHIN_HOURS = 48;
/**
 * The verdict on a fix a symptom triggered (a drift fix is proven by the probe that reads its state back):
 * `pending` until detection sees its symptom again (`not held`), or positive evidence from every source
 * since the fix (`held`), or neither within the limit's window (`unknown`).
 */
export declare const PROOF_VERDICTS: readonly ['pending', 'held', 'not held', 'unknown'];
export type ProofVerdict = (typeof PROOF_VERDICTS)[number];
/**
 * The marker a remediation keeps on the device (per user under %LOCALAPPDATA%\remc\<id>.json, per
 * machine under %ProgramData% for SYSTEM): the last fix (null before the first), what it fixed, the
 * times of the recent fixes that count against the remediation's limit, and the symptoms waiting for
 * confirmation. Ticks are strings: Windows PowerShell 5.1's JSON has no 64-bit integers it reads back
 * exactly. It is written only when one of these changes, so a healthy device never writes it.
 */
export declare const Marker: ProtocolType<{
    Attempts: string[];
    Fixed: string[];
    LastFixUtc: string | null;
    LastFixUtcTicks: string | null;
    Protocol: number;
    Sightings: ({
        Count: number;
        Key: string;
        LastUtcTicks: string;
    } & {})[];
} & {
    NotHeld?: string[];
    Proof?: ({
        Checks: string[];
        DecidedUtcTicks: string | null;
        Evidence: string | null;
        FixUtcTicks: string;
        Verdict: "held" | "not held" | "pending" | "unknown";
    } & {}) | null;
}>;
/**
 * How one check's probe ended. `skipped`: a requirement the host lacks (e.g. Constrained Language Mode);
 * `idle`: not probed because its fix could not run now (no symptom triggers it), so a healthy device
 * never runs the probes of fixes it does not need (enumerating credentials, for one).
 */
export declare const PROBE_STATES: readonly ['ok', 'drift', 'error', 'skipped', 'idle'];
/**
 * What became of a check's fix in this run. `held`: due, but waiting (for the cool-down, or for what the
 * probe or the fix says it needs first, e.g. an app closed); `confirming`: a
 * symptom seen, waiting for the next detection to see it again (`confirmRuns`); `escalated`: due, but the
 * remediation reached its limit of fixes and stopped fixing until a person looks.
 */
export declare const FIX_RESULTS: readonly ['none', 'due', 'held', 'confirming', 'escalated', 'fixed', 'reported', 'failed'];
/** The machine-readable outcome of one run of detect.ps1 or remediate.ps1. */
export declare const RunOutcome: ProtocolType<{
    Checks: ({
        After: ({
            Advice: string | null;
            Cause: "account" | "device" | "network" | "none" | "os" | "policy" | "unknown" | null;
            Error: string | null;
            State: "drift" | "error" | "idle" | "ok" | "skipped";
            Summary: string;
        } & {}) | null;
        Fix: "confirming" | "due" | "escalated" | "failed" | "fixed" | "held" | "none" | "reported";
        FixError: string | null;
        FixSummary: string | null;
        Held: string | null;
        Name: string;
        Probe: {
            Advice: string | null;
            Cause: "account" | "device" | "network" | "none" | "os" | "policy" | "unknown" | null;
            Error: string | null;
            State: "drift" | "error" | "idle" | "ok" | "skipped";
            Summary: string;
        } & {};
        Trigger: string | null;
    } & {})[];
    ExitCode: number;
    Protocol: number;
    Remediation: string;
    Script: "detect" | "remediate";
    Status: "ABNORMAL" | "ACTION NEEDED" | "APPLIED" | "CONFIRMING" | "ERROR" | "ESCALATE" | "FAILED" | "FIX DUE" | "FIXED" | "HELD" | "ISSUE FOUND" | "NOT CONVERGED" | "NOTHING TO FIX" | "OK" | "PROBE ERROR" | "REPORTED ONLY" | "SKIPPED" | "UNPROVEN" | "WRONG ACCOUNT";
    Summary: string;
} & {}>;
export type RunOutcome = ProtocolValue<typeof RunOutcome>;
export type CheckOutcome = RunOutcome['Checks'][number];
/** Every protocol record, for the shipped JSON Schemas. */
export declare const PROTOCOL_TYPES: readonly ProtocolType<unknown>[];
