/**
 * The trigger rule: a trigger reads a check of the same remediation (REMC018), and the causes only of
 * a diagnosis (findings of any check go through onFinding()). An `allOf` has two parts or more
 * (REMC070), each a single trigger (no `allOf` inside another: it would be one `allOf` with all the
 * parts), none repeated, and at least one reading another check (REMC071); each part is held to the
 * same rule as a trigger of its own.
 */
import type { SourceLocation } from '../diagnostics.ts';
import type { Trigger } from '../protocol.ts';
import type { Report } from './problems.ts';

/** A check's triggers, and where they are declared. */
export interface DeclaredTriggers {
  readonly triggers: readonly Trigger[];
  readonly where: () => SourceLocation;
}

type Kinds = ReadonlyMap<string, { readonly causes: boolean }>;

/** Each trigger against the remediation's checks: their names, and whether each is a diagnosis (has causes). */
export function checkTriggers(declared: readonly DeclaredTriggers[], kinds: Kinds, report: Report, shared: ReadonlySet<string> = new Set()): void {
  for (const { triggers, where } of declared) {
    for (const t of triggers) {
      if (t.kind === 'all') checkAllOf(t.parts, kinds, report, where, shared);
      else checkSingle(t, kinds, report, where, '', shared);
    }
  }
}

function checkSingle(t: Trigger, kinds: Kinds, report: Report, where: () => SourceLocation, within = '', shared: ReadonlySet<string> = new Set()): void {
  if (t.kind === 'drift' || t.kind === 'all' || t.kind === 'schedule') return;
  const target = kinds.get(t.check);
  if (shared.has(t.check)) {
    report(
      'REMC017',
      `the trigger${within} reads check "${t.check}", a name several checks derive from their options (the others got -2, -3...)`,
      where(),
      'Give the check the trigger means a checkName of its own, and read it by that name.',
    );
  } else if (!target) {
    report('REMC018', `the trigger${within} reads check "${t.check}", which is not a check of this remediation`, where());
  } else if (t.kind === 'cause' && !target.causes) {
    report('REMC018', `the trigger${within} reads the causes of "${t.check}", which is not a diagnosis (use onFinding() for its findings)`, where());
  }
}

/** A part as the declaration writes it, to compare parts and to name them in messages. */
function partKey(t: unknown): string {
  if (typeof t !== 'object' || t === null) return JSON.stringify(t) ?? String(t);
  const p = t as { kind?: unknown; check?: unknown; causes?: unknown };
  if (p.kind === 'drift') return 'onDrift()';
  if (p.kind === 'finding') return `onFinding(${String(p.check)})`;
  if (p.kind === 'cause') return `${String(p.check)}.finds(${Array.isArray(p.causes) ? p.causes.map((c) => `'${String(c)}'`).join(', ') : ''})`;
  if (p.kind === 'all') return 'allOf(...)';
  if (p.kind === 'schedule') return 'onSchedule()';
  return JSON.stringify(t);
}

function checkAllOf(parts: unknown, kinds: Kinds, report: Report, where: () => SourceLocation, shared: ReadonlySet<string>): void {
  const list: readonly unknown[] = Array.isArray(parts) ? parts : [];
  if (list.length < 2) {
    report('REMC070', `allOf() names ${list.length === 0 ? 'no trigger' : 'one trigger'}; it fires when all its parts do, so it needs two or more`, where());
    return;
  }
  const seen = new Set<string>();
  for (const part of list) {
    const kind = typeof part === 'object' && part !== null ? (part as { kind?: unknown }).kind : undefined;
    const key = partKey(part);
    if (kind === 'all') report('REMC071', 'allOf() holds another allOf(); its parts would all have to fire too', where());
    else if (kind === 'schedule') report('REMC071', 'allOf() holds onSchedule(), which fires on every run: it adds nothing to the other parts', where());
    else if (kind !== 'drift' && kind !== 'cause' && kind !== 'finding') report('REMC071', `allOf() holds ${key}, which is not a trigger`, where());
    else if (seen.has(key)) report('REMC071', `allOf() names ${key} twice`, where());
    else checkSingle(part as Trigger, kinds, report, where, ` ${key} in allOf()`, shared);
    seen.add(key);
  }
  if (list.every((p) => typeof p === 'object' && p !== null && (p as { kind?: unknown }).kind === 'drift')) {
    report('REMC071', 'allOf() reads no other check: every part is onDrift()', where());
  }
}
