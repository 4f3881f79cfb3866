/**
 * What validation collects: the problems of one remediation, each once, and the small readers every
 * rule shares (where a path of the declaration is, how a wrong value reads in a message).
 */
import type { RawSite } from '../declare/site.ts';
import { diagnostic, type Diagnostic, type DiagnosticCode, type Note, type SourceLocation } from '../diagnostics.ts';

/** Collects the problems of one remediation, and apart from them its warnings (which fail nothing). */
export class Problems {
  readonly list: Diagnostic[] = [];
  /** What builds but is worth saying (a template rule's warning); never stops the declaration. */
  readonly warnings: Diagnostic[] = [];
  readonly warn = (code: DiagnosticCode, message: string, where: SourceLocation, hint?: string): void => {
    const same = this.warnings.some((d) => d.code === code && d.message === message && d.location?.file === where.file && d.location.line === where.line);
    if (!same) this.warnings.push(diagnostic(code, message, where, hint, 'warning'));
  };
  readonly add = (code: DiagnosticCode, message: string, where: SourceLocation, hint?: string, notes?: readonly Note[]): void => {
    // Two checks may share a file: its problem is reported once.
    const same = this.list.some((d) => d.code === code && d.message === message && d.location?.file === where.file && d.location.line === where.line);
    if (!same) this.list.push(diagnostic(code, message, where, hint, 'error', notes));
  };
}

export type Report = Problems['add'];

/** Locates a path below a node of the declaration (its options by default), else the node itself. */
export type At = (path?: readonly (string | number)[], sites?: readonly RawSite[]) => SourceLocation;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A wrong value as a message shows it. */
export function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'an object' : (JSON.stringify(value) ?? String(value));
}
