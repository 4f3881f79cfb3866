/** The target rule: a declaration's `targets` (and `remc build --target`) name only the targets remc builds. */
import { closest, type SourceLocation } from '../diagnostics.ts';
import { isTargetName, TARGET_NAMES } from '../declare/targets.ts';
import type { Report } from './problems.ts';

/** What is wrong with a target name (with the nearest known one), or undefined when it is a target. */
export function unknownTarget(name: string): string | undefined {
  if (isTargetName(name)) return undefined;
  const close = closest(name, TARGET_NAMES);
  return `unknown target '${name}'${close ? `; did you mean '${close}'?` : ''} (targets: ${TARGET_NAMES.join(', ')})`;
}

/** Each unknown name of the declaration's `targets` (REMC053) at its own location. */
export function checkTargets(value: unknown, at: (index: number) => SourceLocation, report: Report): void {
  if (!Array.isArray(value)) return;
  value.forEach((name: unknown, index) => {
    if (typeof name !== 'string') return; // the option's own check reported it
    const problem = unknownTarget(name);
    if (problem) report('REMC053', problem, at(index));
  });
}
