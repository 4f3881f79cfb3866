/**
 * Reading a script's output back: the last line Intune keeps, the summary line it is, and the part of
 * a detection's line that says what became of the last fix a symptom triggered.
 */
import type { ProofVerdict } from './records.ts';
import { STATUS_WORDS, type Status } from './status.ts';

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
