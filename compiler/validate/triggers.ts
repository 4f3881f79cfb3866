/**
 * The trigger rule: a trigger reads a check of the same remediation (REMC018), and the causes only of
 * a diagnosis (findings of any check go through onFinding()).
 */
import type { SourceLocation } from '../diagnostics.ts';
import type { Trigger } from '../protocol.ts';
import type { Report } from './problems.ts';

/** A check's triggers, and where they are declared. */
export interface DeclaredTriggers {
  readonly triggers: readonly Trigger[];
  readonly where: () => SourceLocation;
}

/** Each trigger against the remediation's checks: their names, and whether each is a diagnosis (has causes). */
export function checkTriggers(
  declared: readonly DeclaredTriggers[],
  kinds: ReadonlyMap<string, { readonly causes: boolean }>,
  report: Report,
  shared: ReadonlySet<string> = new Set(),
): void {
  for (const { triggers, where } of declared) {
    for (const t of triggers) {
      if (t.kind === 'drift') continue;
      const target = kinds.get(t.check);
      if (shared.has(t.check)) {
        report(
          'REMC017',
          `the trigger reads check "${t.check}", a name several checks derive from their options (the others got -2, -3...)`,
          where(),
          `Give the check the trigger means a checkName of its own, and read it by that name.`,
        );
      } else if (!target) {
        report('REMC018', `the trigger reads check "${t.check}", which is not a check of this remediation`, where());
      } else if (t.kind === 'cause' && !target.causes) {
        report('REMC018', `the trigger reads the causes of "${t.check}", which is not a diagnosis (use onFinding() for its findings)`, where());
      }
    }
  }
}
