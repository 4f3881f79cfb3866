/**
 * What the runs in Constrained Language Mode show of each check of a remediation, as AppLocker or WDAC
 * would run its scripts: a check that needs FullLanguage must be skipped saying so, and one that does
 * not must never be refused. Judged from the outcomes and output of the runs, and printed as a line
 * per check.
 */
import { checkOutcome, type CheckInfo, type RemediationInfo } from '../declare/scenario-spec.ts';
import type { ScenarioRun } from './plan.ts';
import type { ClmCheckResult } from './results.ts';
import type { ScenarioResult } from './run-scenario.ts';

/**
 * What PowerShell says when Constrained Language Mode refuses a script (about_Language_Modes): a
 * method of a type that is not a core type, a type it may not create or convert to, a property it
 * may not set, Add-Type. Any other "... in this language mode" refusal too.
 */
const CLM_REFUSALS: readonly RegExp[] = [
  /Method invocation is supported only on core types in this language mode/i,
  /Only core types are supported in this language mode/i,
  /Property setting is supported only on core types/i,
  /Cannot add type\. Definition of new types is not supported/i,
  /(not supported|not allowed) in this language mode/i,
];

/** The refusal in `text` (the line that holds it, at most 300 characters), or undefined. */
export function clmRefusal(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  for (const line of text.split(/\r?\n/)) {
    if (CLM_REFUSALS.some((pattern) => pattern.test(line))) return line.replace(/^[\s|]+/, '').trim().slice(0, 300);
  }
  return undefined;
}

/** How the runtime says a check needing FullLanguage was not run (the probe's summary, and its part of the last line after `SKIPPED `). */
export const CLM_SKIP_TEXT = 'not checked: needs FullLanguage, this host runs ConstrainedLanguage';

/**
 * What the runs in Constrained Language Mode show of each check, and what is wrong: a refusal of a
 * check that does not need FullLanguage; a check that needs it probed anyway, or skipped without
 * saying why; a script refused outside any check.
 */
export function judgeClm(remediation: RemediationInfo, runs: ReadonlyArray<{ readonly run: ScenarioRun; readonly result: ScenarioResult }>): { checks: ClmCheckResult[]; problems: string[] } {
  const problems: string[] = [];
  const origin = (c: CheckInfo) => (c.template === 'custom' ? 'a custom check' : `template ${c.template}`);
  // What the compiler's reading of the code (compiler/ps/clm/) cannot see: a method or property of an
  // object whose type only running shows. A custom check can say so; a template's need is read from its code.
  const hint = (c: CheckInfo) =>
    c.template === 'custom'
      ? `hint: ${c.name} needs FullLanguage, which no reading of its code shows: declare customCheck({ needsFullLanguage: true }), or use only what Constrained Language Mode allows`
      : `hint: ${c.name} needs FullLanguage, which the compiler does not read from the code of templates/${c.template} (a method or property of a type Constrained Language Mode does not allow): use only what that mode allows there`;
  const checks = remediation.checks.map((c): ClmCheckResult => {
    let refused: string | undefined;
    let skipped = false;
    let probed = false;
    for (const { run, result } of runs) {
      for (const step of result.steps) {
        const o = checkOutcome(step, c.name);
        if (!o) continue;
        const where = `${run.title}, ${step.label}`;
        const said = [o.Probe.Error, o.Probe.Summary, o.FixError, o.FixSummary, o.After?.Error, o.After?.Summary];
        const refusal = said.map(clmRefusal).find((r) => r !== undefined);
        if (refusal !== undefined && refused === undefined) {
          refused = `"${refusal}" (${where})`;
          problems.push(`${c.name} (${origin(c)}) was refused in Constrained Language Mode: "${refusal}" (${where}); ${hint(c)}`);
        }
        const states = [o.Probe.State, ...(o.After ? [o.After.State] : [])];
        if (states.includes('skipped') && (o.Probe.Summary.includes('needs FullLanguage') || o.After?.Summary.includes('needs FullLanguage'))) {
          skipped = true;
          if (!c.needsFullLanguage) problems.push(`${c.name} (${origin(c)}) does not need FullLanguage, but was skipped as if it did (${where}): ${o.Probe.Summary}`);
          else if (!step.lastLine.includes(`${c.name}: SKIPPED ${CLM_SKIP_TEXT}`) && step.lastLine.length < 2000) {
            problems.push(`${c.name} (${origin(c)}) needs FullLanguage: its part of the last line must say "SKIPPED ${CLM_SKIP_TEXT}" (${where}): ${step.lastLine}`);
          }
        }
        if (states.some((s) => s === 'ok' || s === 'drift' || s === 'error')) {
          probed = true;
          if (c.needsFullLanguage) problems.push(`${c.name} (${origin(c)}) needs FullLanguage, but was probed in Constrained Language Mode instead of skipped (${where}): ${o.Probe.State} ${o.Probe.Error ?? o.Probe.Summary}`);
        }
      }
    }
    const base = { check: c.name, template: c.template, needsFullLanguage: c.needsFullLanguage };
    if (refused !== undefined) return { ...base, result: 'refused', detail: refused };
    if (skipped) return { ...base, result: 'skipped' };
    if (probed) return { ...base, result: 'ran' };
    return { ...base, result: 'not probed' };
  });
  // A refusal outside every check (the generated script itself): the step wrote no outcome to blame a check by.
  for (const { run, result } of runs) {
    for (const step of result.steps) {
      if (step.outcomeProblems.length === 0) continue;
      const refusal = clmRefusal(step.stderr) ?? clmRefusal(step.stdout);
      if (refusal !== undefined) problems.push(`the script was refused in Constrained Language Mode outside any check: "${refusal}" (${run.title}, ${step.label})`);
    }
  }
  return { checks, problems: [...new Set(problems)] };
}

/** A check's CLM result as `remc test` prints it under the remediation: `broker: CLM: ran`. */
export function clmLine(c: ClmCheckResult): string {
  switch (c.result) {
    case 'ran':
      return `${c.check}: CLM: ran`;
    case 'skipped':
      return `${c.check}: CLM: skipped (needs FullLanguage)`;
    case 'refused':
      return `${c.check}: CLM: refused ${c.detail ?? ''}`.trimEnd();
    case 'not probed':
      return `${c.check}: CLM: not probed (nothing called for its fix in the scenarios run in Constrained Language Mode)`;
  }
}
