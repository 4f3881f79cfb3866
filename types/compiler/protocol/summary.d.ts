// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * Reading a script's output back: the last line Intune keeps, the summary line it is, and the part of
 * a detection's line that says what became of the last fix a symptom triggered.
 */
import type { ProofVerdict } from './records.js';
import { type Status } from './status.js';
/**
 * The part of a detection's summary line that says what became of the last fix a symptom triggered:
 * `fix of 2026-11-25T12:00Z: held - <evidence>`, `... not held - ...`, `... unknown - ...`, or
 * `... not yet proven (<n> h since; ...)` while pending. A check's own part never starts with `fix of `
 * (check names have no spaces).
 */
export declare function parseProofPart(part: string): {
    readonly fixedAt: string;
    readonly verdict: ProofVerdict;
    readonly evidence: string;
} | undefined;
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
export declare function parseSummaryLine(line: string): SummaryLine | undefined;
/** The last line of a script's output that is not blank (what Intune keeps), or ''. */
export declare function lastOutputLine(output: string): string;
