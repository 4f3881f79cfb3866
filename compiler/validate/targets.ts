/** The target rule: a declaration's `targets` (and `remc build --target`) name only the targets remc builds. */
import { closest, type SourceLocation } from '../diagnostics.ts';
import { isTargetName, TARGET_NAMES, targetDefinition, USER_CONTEXT_TARGETS } from '../declare/targets.ts';
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

/**
 * `userContextIn` (REMC058): only targets whose tool has a user context, and only for a user
 * remediation (a SYSTEM one runs as SYSTEM there anyway).
 */
export function checkUserContext(value: unknown, runAs: unknown, at: (index?: number) => SourceLocation, report: Report): void {
  if (!Array.isArray(value)) return;
  if (runAs === 'system' && value.length > 0) {
    report('REMC058', "userContextIn is for runAs: 'user'; this remediation runs as SYSTEM, as every tool runs scripts by default", at());
    return;
  }
  value.forEach((name: unknown, index) => {
    if (typeof name !== 'string' || USER_CONTEXT_TARGETS.includes(name as never)) return;
    const problem = unknownTarget(name);
    if (problem) report('REMC053', problem, at(index));
    else {
      const tool = targetDefinition(name as never);
      const why = tool.account === 'declared' ? `${tool.tool} runs the script as runAs says` : `${tool.tool} runs scripts as SYSTEM only`;
      report('REMC058', `${why}: no user context to opt into (userContextIn takes ${USER_CONTEXT_TARGETS.join(', ')})`, at(index));
    }
  });
}
