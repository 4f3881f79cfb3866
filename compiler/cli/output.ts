/** What the commands print alike: diagnostics, error counts, a remediation's one-line description, sizes. */
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { RemediationModel } from '../lower/model.ts';

export function printDiagnostics(list: readonly Diagnostic[]): void {
  for (const d of sortDiagnostics(list)) console.error(`${formatDiagnostic(d)}\n`);
}

/** "2 errors in 1 file". */
export function countErrors(list: readonly Diagnostic[]): string {
  const errors = list.filter((d) => d.severity === 'error');
  const files = new Set(errors.map((d) => d.location?.file).filter(Boolean));
  return `${errors.length} error${errors.length === 1 ? '' : 's'}${files.size > 0 ? ` in ${files.size} file${files.size === 1 ? '' : 's'}` : ''}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * One line per remediation. `FullLanguage:` names the checks Constrained Language Mode skips (read from
 * their code, or declared); `CLM by static check:` the custom checks (and project templates) whose code
 * holds nothing that mode refuses as far as reading it tells, which only running them there proves.
 */
export function describe(model: RemediationModel): string {
  const full = model.checks.filter((c) => c.requirements.needsFullLanguage).map((c) => c.name);
  const read = model.checks.filter((c) => !c.requirements.needsFullLanguage && !c.source.builtin).map((c) => c.name);
  return `${model.runAs}, ${model.runAs64Bit ? '64-bit' : '32-bit'}, ${plural(model.checks.length, 'check')}${model.detectOnly ? ', detect-only' : ''}${full.length > 0 ? `, FullLanguage: ${full.join(' ')}` : ''}${read.length > 0 ? `, CLM by static check: ${read.join(' ')}` : ''}`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Seconds since `started` (a performance.now() reading), as the summary lines print them. */
export function seconds(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(2);
}

/** A usage or option problem: `remc: <problem>` and exit code 1. */
export function usageProblem(problem: string): number {
  console.error(`remc: ${problem}`);
  return 1;
}
