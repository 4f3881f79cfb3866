/**
 * Runs one planned scenario against the simulated Windows (compiler/proof/scenario.ts), step by step,
 * and holds each step to its invariants and, in a remediation's own scenario, to its expectations.
 */
import { checkRow } from '../emit/declared.ts';
import { psValue, type PsValue } from '../ps/literal.ts';
import type { InvariantContext, StepExpectation, StepView } from '../declare/scenario-spec.ts';
import { UNIVERSAL_INVARIANTS } from '../declare/universal-invariants.ts';
import type { RemediationModel } from '../lower/model.ts';
import type { RunOutcome } from '../protocol.ts';
import type { ScenarioRun, StepPlan } from './plan.ts';
import type { PwshPool } from './pool.ts';
import { fakesOf, remediationInfo } from './remediation-info.ts';
import { Scenario, type ScriptForm, type StepResult } from './scenario.ts';

/** The scenario's steps, each as the invariants saw it (confirming detections included). */
export interface ScenarioResult {
  readonly problems: string[];
  readonly outcomes: RunOutcome[];
  readonly steps: StepView[];
}

/** Runs one scenario; returns its problems (empty when it passed) and the outcome each step wrote (when valid). */
export async function runScenario(run: ScenarioRun, model: RemediationModel, scripts: string, workDir: string, pool: PwshPool | undefined, form: ScriptForm): Promise<ScenarioResult> {
  const remediation = remediationInfo(model);
  const scenario = new Scenario({ scripts, fakes: fakesOf(model), setup: `${declaredChecks(model)}\n${run.setup}`, workDir, form, ...(pool ? { pool } : {}) });
  const previous: StepView[] = [];
  const problems: string[] = [];
  const outcomes: RunOutcome[] = [];
  const steps: StepView[] = [];
  const markers = scenario.markerFiles(model.id);
  const markerOf = (kept: Readonly<Record<string, string | undefined>>) => markers.map((f) => kept[f]).find((t) => t !== undefined);
  let markerBefore = scenario.marker(model.id);
  const ran = await scenario.runAll(
    run.steps.map((plan) => ({
      script: plan.run,
      now: plan.at,
      ...(plan.change !== undefined ? { change: plan.change } : {}),
      ...(plan.host32Bit ? { host32Bit: true } : {}),
      ...(plan.constrainedLanguage ? { constrainedLanguage: true } : {}),
    })),
    markers,
  );
  for (const [i, result] of ran.results.entries()) {
    const plan = run.steps[i]!;
    if (result.outcome) outcomes.push(result.outcome);
    const markerAfter = markerOf(result.kept);
    const step = toView(plan, result, markerBefore, markerAfter);
    markerBefore = markerAfter;
    steps.push(step);
    for (const p of invariantProblems(run, plan, { remediation, step, previous })) problems.push(`${run.title}, ${plan.label}: ${p}`);
    if (plan.expect) for (const p of expectationProblems(plan.expect, step)) problems.push(`${run.title}, ${plan.label}: ${p}`);
    if (!plan.confirming) previous.push(step);
  }
  if (ran.error !== undefined) problems.push(`${run.title}, ${run.steps[ran.results.length]?.label ?? 'a step'}: the step did not run: ${ran.error}`);
  return { problems, outcomes, steps };
}

/**
 * `$ScenarioChecks`, which a setup sees: the checks as the remediation script carries them (its
 * `$RemcChecks`), for fakes that make the world as declared while detection does not carry all of it
 * (a secret's data: registry-value's fakes).
 */
function declaredChecks(model: RemediationModel): string {
  return `$ScenarioChecks = ${psValue(model.checks.map((c) => checkRow(c, 'remediate')) as unknown as PsValue)}`;
}

/**
 * What the step breaks of the scenario's invariants, each as `<invariant>: <what is wrong>`: a
 * confirming detection is held to the universal ones only.
 */
function invariantProblems(run: ScenarioRun, plan: StepPlan, seen: Omit<InvariantContext, 'checks'>): string[] {
  const problems: string[] = [];
  for (const { invariant, checks } of run.invariants) {
    if (plan.confirming && !UNIVERSAL_INVARIANTS.includes(invariant)) continue;
    const ctx: InvariantContext = { remediation: seen.remediation, checks, step: seen.step, previous: seen.previous };
    let problem: string | undefined | void;
    try {
      problem = invariant.check(ctx);
    } catch (error) {
      problem = `the invariant threw: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (problem) problems.push(`${invariant.name}: ${problem}`);
  }
  return problems;
}

function toView(plan: StepPlan, result: StepResult, markerBefore: string | undefined, markerAfter: string | undefined): StepView {
  // A run of both modes is seen as the step that decided its result ('detect' when nothing was due,
  // else 'remediate'), so the templates' invariants judge it as they judge that step of the pair.
  const script = plan.run === 'both' ? (result.outcome?.Script ?? 'detect') : plan.run;
  return {
    label: plan.run === 'both' ? script : plan.label,
    script,
    at: plan.at,
    changed: plan.change !== undefined,
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    lastLine: result.lastLine,
    outcome: result.outcome ?? { Protocol: 0, Remediation: '', Script: plan.run === 'both' ? 'detect' : plan.run, Status: 'ERROR', ExitCode: result.exitCode ?? -1, Summary: result.lastLine, Checks: [] },
    outcomeProblems: result.outcomeProblems,
    before: result.before,
    state: result.state,
    markerBefore,
    markerAfter,
    env: result.env,
  };
}

function expectationProblems(expect: StepExpectation, step: StepView): string[] {
  const problems: string[] = [];
  if (expect.exitCode !== undefined && step.exitCode !== expect.exitCode) problems.push(`expected exit ${expect.exitCode}, got ${step.exitCode}: ${step.lastLine}`);
  const patterns = expect.lastLine === undefined ? [] : Array.isArray(expect.lastLine) ? expect.lastLine : [expect.lastLine];
  for (const p of patterns as (RegExp | string)[]) {
    const ok = typeof p === 'string' ? step.lastLine.includes(p) : p.test(step.lastLine);
    if (!ok) problems.push(`the last line ${typeof p === 'string' ? `does not contain ${JSON.stringify(p)}` : `does not match ${String(p)}`}: ${step.lastLine}`);
  }
  for (const [key, value] of Object.entries(expect.state ?? {})) {
    const actual = step.state[key] ?? [];
    if (!deepEqual(actual, value)) problems.push(`state ${key} is ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`);
  }
  if (expect.check) {
    const problem = expect.check(step);
    if (problem) problems.push(problem);
  }
  return problems;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? a : [a];
    const y = Array.isArray(b) ? b : [b];
    return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/**
 * Runs `work` on every item, at most `limit` at a time; the results in the items' order. `onDone` sees
 * each result in that order too, as soon as it and those before it are done.
 */
export async function limit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>, onDone?: (result: R) => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const done: boolean[] = new Array(items.length).fill(false);
  let next = 0;
  let told = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
      done[i] = true;
      // told moves in the loop header: `onDone?.(results[told++])` skips its argument when there is no onDone
      for (; told < items.length && done[told]; told++) onDone?.(results[told]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
