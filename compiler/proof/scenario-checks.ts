/**
 * What `remc test` proves of a remediation by running its scenarios: the planned runs (its templates',
 * its own, those in Constrained Language Mode) side by side against its scripts, each kind's problems
 * as a check, what their outcomes proved of each check (compiler/proof/coverage.ts), and the runs in
 * Constrained Language Mode judged per check.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RemediationModel } from '../lower/model.ts';
import { judgeClm } from './clm-runs.ts';
import { computeCoverage, type RemediationCoverage } from './coverage.ts';
import { planScenarios, type ScenarioRun } from './plan.ts';
import type { PwshPool } from './pool.ts';
import { remediationInfo } from './remediation-info.ts';
import { countsOf, type CheckResult, type ClmCheckResult, type NotApplicable } from './results.ts';
import { limit, runScenario, type ScenarioResult } from './run-scenario.ts';
import type { ScriptForm } from './scenario.ts';
import type { ScenarioModules } from './scenario-modules.ts';

/** Where and how the scenarios of every remediation run. */
export interface ScenarioContext {
  /** The project folder. */
  readonly root: string;
  /** Where the scripts were built (a folder per remediation). */
  readonly outDir: string;
  /** Scratch space: a folder per remediation, one per scenario under it. */
  readonly workDir: string;
  readonly pool: PwshPool | undefined;
  readonly form: ScriptForm;
  readonly filter: (name: string) => boolean;
  /** Scenarios run side by side. */
  readonly concurrency: number;
  /** Also run the scenarios planned in Constrained Language Mode. */
  readonly constrainedLanguage: boolean;
  /** The run's scenario modules, each bundled once. */
  readonly modules: ScenarioModules;
}

export interface ScenarioProof {
  /** `template scenarios`, then `scenarios` (when it has any) and `CLM` (when any ran in it). */
  readonly checks: CheckResult[];
  readonly coverage: RemediationCoverage;
  readonly clm?: ClmCheckResult[];
}

/** Runs a remediation's scenarios (none when its scripts do not parse: `runnable` false) and says what they proved. */
export async function proveScenarios(ctx: ScenarioContext, model: RemediationModel, runnable: boolean): Promise<ScenarioProof> {
  const plan = await planScenarios(ctx.root, model, ctx.modules, ctx.filter, ctx.form, ctx.constrainedLanguage);
  const work = path.join(ctx.workDir, model.id);
  mkdirSync(work, { recursive: true });
  const notRun = ['not run: the scripts do not parse'];
  const runs = [...plan.template, ...plan.own, ...plan.clm];
  const ran: ScenarioResult[] = runnable
    ? await limit(runs, ctx.concurrency, (r) => runScenario(r, model, path.join(ctx.outDir, model.id), path.join(work, hash(r.title)), ctx.pool, ctx.form))
    : runs.map(() => ({ problems: notRun, outcomes: [], steps: [] }));
  const templateRan = ran.slice(0, plan.template.length);
  const ownRan = ran.slice(plan.template.length, plan.template.length + plan.own.length);
  const clmRan = ran.slice(plan.template.length + plan.own.length);
  // What the scenarios proved: never a scenario left out as not applicable (it did not run), nor
  // the runs in Constrained Language Mode (they repeat a scenario on a host that may skip checks).
  const coverage = computeCoverage(remediationInfo(model).checks, [...templateRan, ...ownRan].flatMap((r) => r.outcomes));
  const said = { runnable, notRun };
  const checks = [scenarioCheck('template scenarios', plan.problems.template, templateRan.map((r) => r.problems), said, plan.notApplicable)];
  if (plan.own.length > 0 || plan.problems.own.length > 0) checks.push(scenarioCheck('scenarios', plan.problems.own, ownRan.map((r) => r.problems), said));
  if (plan.clm.length === 0) return { checks, coverage };
  const clm = clmCheck(model, plan.clm, clmRan, said);
  checks.push(clm.check);
  return { checks, coverage, ...(clm.checks ? { clm: clm.checks } : {}) };
}

/** Whether the scenarios ran, and what a check says of them when they did not. */
interface Ran {
  readonly runnable: boolean;
  readonly notRun: string[];
}

/** One kind of scenarios as a check: the modules that did not load count as failed, beside each run that failed. */
function scenarioCheck(kind: 'template scenarios' | 'scenarios', loadProblems: string[], runs: string[][], said: Ran, notApplicable: NotApplicable[] = []): CheckResult {
  const problems = [...loadProblems, ...(said.runnable ? runs.flat() : runs.length > 0 ? said.notRun : [])];
  const counted = countsOf(kind, kind, runs.length + loadProblems.length, problems, runs.filter((p) => p.length > 0).length + loadProblems.length);
  return notApplicable.length > 0 ? { ...counted, notApplicable } : counted;
}

/** The runs in Constrained Language Mode as a check (a run fails with what the judgment found in it), and each check's result. */
function clmCheck(model: RemediationModel, runs: readonly ScenarioRun[], ran: readonly ScenarioResult[], said: Ran): { check: CheckResult; checks?: ClmCheckResult[] } {
  const judged = said.runnable ? judgeClm(remediationInfo(model), runs.map((run, i) => ({ run, result: ran[i]! }))) : { checks: [], problems: [] };
  const problems = said.runnable ? [...judged.problems, ...ran.flatMap((r) => r.problems)] : said.notRun;
  const failedRuns = said.runnable ? runs.filter((run, i) => ran[i]!.problems.length > 0 || judged.problems.some((p) => p.includes(`(${run.title}, `))).length : runs.length;
  const check = countsOf('clm', 'CLM', runs.length, problems, Math.max(failedRuns, problems.length > 0 ? 1 : 0));
  return said.runnable ? { check, checks: judged.checks } : { check };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
