/**
 * Which scenarios `remc test` runs for one remediation, and with what steps and invariants: each
 * template scenario of its templates where it applies to the checks the remediation declares (the
 * others listed as not applicable, with why), its own scenarios, and the runs in Constrained Language
 * Mode.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type {
  CheckInfo,
  RemediationInfo,
  RemediationScenario,
  ScenarioInvariant,
  StepExpectation,
  TemplateScenario,
  TemplateScenarioModule,
} from '../declare/scenario-spec.ts';
import { UNIVERSAL_INVARIANTS } from '../declare/universal-invariants.ts';
import type { RemediationModel } from '../lower/model.ts';
import { remediationInfo, usedTemplates } from './remediation-info.ts';
import type { NotApplicable } from './results.ts';
import type { ScriptForm, StepScript } from './scenario.ts';
import { describeLoadError, remediationScenarioFile, type ScenarioModules } from './scenario-modules.ts';

/** The simulated clock of every scenario's first step, unless a remediation scenario says otherwise. */
export const SCENARIO_START = '2026-11-25T12:00:00Z';
/** Intune runs the remediation right after the detection; the post-detection right after that. */
const REMEDIATE_AFTER_MINUTES = 5;

/** How a run in Constrained Language Mode is named: `template scenario t/"name" under Constrained Language Mode`. */
const UNDER_CLM = ' under Constrained Language Mode';

/** Invariants with the checks they are about: universal ones see every check. */
export interface BoundInvariant {
  readonly invariant: ScenarioInvariant;
  readonly checks: readonly CheckInfo[];
}

export interface StepPlan {
  readonly label: string;
  readonly run: StepScript;
  readonly at: string;
  readonly change?: string;
  readonly host32Bit?: boolean;
  readonly constrainedLanguage?: boolean;
  readonly expect?: StepExpectation;
  /**
   * A detection that only confirms a symptom (the remediation's `confirmRuns`): held to the universal
   * invariants, not to the template's, which speak of the detection that decides.
   */
  readonly confirming?: boolean;
}

export interface ScenarioRun {
  /** How problems name it: `template scenario credential-purge/"no logon session"`. */
  readonly title: string;
  readonly setup: string;
  readonly steps: readonly StepPlan[];
  readonly invariants: readonly BoundInvariant[];
}

/** The scenarios a remediation runs, and the template scenarios it leaves out as not about any of its checks. */
export interface ScenarioPlan {
  readonly template: ScenarioRun[];
  readonly own: ScenarioRun[];
  /** Each used template's first applicable scenario, and the first own scenario of a remediation with custom checks, every step in Constrained Language Mode. */
  readonly clm: ScenarioRun[];
  readonly notApplicable: NotApplicable[];
  readonly problems: { template: string[]; own: string[] };
}

/** What every scenario of one remediation is planned from. */
interface PlanContext {
  readonly model: RemediationModel;
  readonly remediation: RemediationInfo;
  /** The folder names of the templates it uses, in the order of its checks. */
  readonly names: readonly string[];
  /** Each template's scenarios.ts that loaded. */
  readonly modules: ReadonlyMap<string, TemplateScenarioModule>;
  /** The universal invariants (about every check) and each template's own (about its checks). */
  readonly common: readonly BoundInvariant[];
  /** The detections that only confirm a symptom, before the one that decides. */
  readonly confirming: readonly StepPlan[];
  /** A template scenario's steps. */
  readonly steps: readonly StepPlan[];
  readonly filter: (name: string) => boolean;
  readonly form: ScriptForm;
  /** Plan the runs in Constrained Language Mode. */
  readonly clm: boolean;
}

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

/**
 * The scenarios of a remediation: its templates' (run for every remediation that uses them, each where
 * it applies to the checks the remediation declares) and its own; and the runs in Constrained
 * Language Mode (`clm`).
 */
export async function planScenarios(root: string, model: RemediationModel, from: ScenarioModules, filter: (name: string) => boolean, form: ScriptForm, clm: boolean): Promise<ScenarioPlan> {
  const problems = { template: [] as string[], own: [] as string[] };
  const modules = await loadTemplateModules(model, from, problems.template);
  const ctx = planContext(model, modules, filter, form, clm);
  const template = planTemplateScenarios(ctx, problems.template);
  const own = await planOwnScenarios(root, ctx, from, problems.own);
  return { template: template.runs, own: own.runs, clm: [...template.clm, ...own.clm], notApplicable: template.notApplicable, problems };
}

/** The scenarios.ts of each template the remediation uses, by folder name; one that does not load is a problem. */
async function loadTemplateModules(model: RemediationModel, from: ScenarioModules, problems: string[]): Promise<Map<string, TemplateScenarioModule>> {
  const modules = new Map<string, TemplateScenarioModule>();
  for (const t of usedTemplates(model)) {
    const mod = await from.template(t);
    if (typeof mod === 'string') problems.push(`cannot load the scenarios: ${mod}`);
    else modules.set(t.name, mod);
  }
  return modules;
}

/** What the remediation's scenarios are planned from: its checks, its templates' modules, the invariants, the steps. */
function planContext(model: RemediationModel, modules: ReadonlyMap<string, TemplateScenarioModule>, filter: (name: string) => boolean, form: ScriptForm, clm: boolean): PlanContext {
  const remediation = remediationInfo(model);
  const names = usedTemplates(model).map((t) => t.name);
  const common: BoundInvariant[] = [
    ...UNIVERSAL_INVARIANTS.map((invariant) => ({ invariant, checks: remediation.checks })),
    ...names.flatMap((t) => (modules.get(t)?.invariants ?? []).map((invariant) => ({ invariant, checks: checksOf(remediation, t) }))),
  ];
  const confirming = confirmingSteps(model);
  return { model, remediation, names, modules, common, confirming, steps: templateSteps(model, confirming), filter, form, clm };
}

/** The remediation's checks made by the template `t`. */
function checksOf(remediation: RemediationInfo, t: string): CheckInfo[] {
  return remediation.checks.filter((c) => c.template === t);
}

/** A symptom's fix waits for confirmRuns consecutive detections: the earlier ones run first. */
function confirmingSteps(model: RemediationModel): StepPlan[] {
  return Array.from({ length: model.detectOnly ? 0 : model.confirmRuns - 1 }, (_, i): StepPlan => ({
    label: `confirming detect ${i + 1} of ${model.confirmRuns - 1}`,
    run: 'detect',
    at: SCENARIO_START,
    confirming: true,
  }));
}

/** Intune's sequence: detect, remediate, detect again (a detect-only remediation only detects). */
function templateSteps(model: RemediationModel, confirming: readonly StepPlan[]): StepPlan[] {
  const after = addMinutes(SCENARIO_START, REMEDIATE_AFTER_MINUTES);
  return model.detectOnly
    ? [{ label: 'detect', run: 'detect', at: SCENARIO_START }]
    : [
        ...confirming,
        { label: 'detect', run: 'detect', at: SCENARIO_START },
        { label: 'remediate', run: 'remediate', at: after },
        { label: 'detect again', run: 'detect', at: after },
      ];
}

/**
 * The steps again, each in Constrained Language Mode, without their exact expectations (they speak of
 * a FullLanguage host). A step in Constrained Language Mode runs in a 64-bit host: the simulated
 * relaunch of a 32-bit one would start its child in FullLanguage, and prove nothing of the checks there.
 */
function inClm(list: readonly StepPlan[]): StepPlan[] {
  return list.map(({ expect: _, host32Bit: __, ...step }) => ({ ...step, label: step.label.replace(', 32-bit host', ''), constrainedLanguage: true }));
}

interface TemplatePlan {
  readonly runs: ScenarioRun[];
  readonly clm: ScenarioRun[];
  readonly notApplicable: NotApplicable[];
}

/** The runs of the templates' scenarios, and of each template's first applicable one in Constrained Language Mode. */
function planTemplateScenarios(ctx: PlanContext, problems: string[]): TemplatePlan {
  const plan: TemplatePlan = { runs: [], clm: [], notApplicable: [] };
  for (const t of ctx.names) {
    let clmPlanned = false;
    for (const s of ctx.modules.get(t)?.scenarios ?? []) {
      if (!ctx.filter(s.name)) continue;
      const planned = templateScenarioRun(ctx, t, s);
      if ('problem' in planned) {
        problems.push(planned.problem);
        continue;
      }
      if ('notApplicable' in planned) {
        plan.notApplicable.push(planned.notApplicable);
        continue;
      }
      const run = planned.run;
      plan.runs.push(run);
      // The combined script's default mode: the whole sequence in one run, then Intune's check of it.
      if (ctx.form === 'combined' && !ctx.model.detectOnly) {
        plan.runs.push({
          ...run,
          title: `${run.title} in one run`,
          steps: [...ctx.confirming, { label: '-Mode both', run: 'both', at: SCENARIO_START }, { label: 'detect again', run: 'detect', at: SCENARIO_START }],
        });
      }
      // Once per template: its first applicable scenario in Constrained Language Mode, held to the
      // universal and the templates' invariants (its own speak of a FullLanguage host).
      if (ctx.clm && !clmPlanned) {
        plan.clm.push({ title: `${run.title}${UNDER_CLM}`, setup: run.setup, steps: inClm(ctx.steps), invariants: ctx.common });
        clmPlanned = true;
      }
    }
  }
  return plan;
}

/**
 * One template scenario for this remediation: its run, bound to the checks it is about (from what the
 * remediation declares; it runs only for them), or why it does not run.
 */
function templateScenarioRun(ctx: PlanContext, t: string, s: TemplateScenario): { run: ScenarioRun } | { notApplicable: NotApplicable } | { problem: string } {
  const title = `template scenario ${t}/"${s.name}"`;
  const mine = checksOf(ctx.remediation, t);
  let about: CheckInfo[];
  try {
    about = s.appliesTo ? mine.filter((c) => s.appliesTo!.check(c, ctx.remediation)) : mine;
  } catch (error) {
    return { problem: `${title}: its appliesTo threw: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (about.length === 0) {
    return { notApplicable: { scenario: title, reason: mine.map((c) => `${c.name}: ${s.appliesTo?.reason ?? 'not applicable'}`).join('; ') } };
  }
  // The remediation's other templates: as the scenario sets them up, else in their neutral setup.
  const others = ctx.names.filter((o) => o !== t).map((o) => s.others?.[o] ?? ctx.modules.get(o)?.neutralSetup ?? '');
  return {
    run: {
      title,
      setup: [...others, s.setup].filter(Boolean).join('\n'),
      steps: ctx.steps,
      invariants: [...ctx.common, ...(s.invariants ?? []).map((invariant) => ({ invariant, checks: about }))],
    },
  };
}

/**
 * The runs of the remediation's own scenarios (`<id>.scenarios.ts`, when it has one) and, for a
 * remediation with custom checks, of its first one in Constrained Language Mode.
 */
async function planOwnScenarios(root: string, ctx: PlanContext, from: ScenarioModules, problems: string[]): Promise<{ runs: ScenarioRun[]; clm: ScenarioRun[] }> {
  const runs: ScenarioRun[] = [];
  const clm: ScenarioRun[] = [];
  const file = remediationScenarioFile(root, ctx.model);
  if (!existsSync(file)) return { runs, clm };
  const shown = path.relative(root, file).split(path.sep).join('/');
  try {
    for (const s of await from.remediation(file)) {
      if (!ctx.filter(s.name)) continue;
      const run = ownScenarioRun(ctx, s);
      runs.push(run);
      // No template scenario knows a custom check: its remediation's first scenario runs once more in
      // Constrained Language Mode, without the exact expectations, which speak of a FullLanguage host.
      if (ctx.clm && runs.length === 1 && ctx.model.checks.some((c) => c.source.kind === 'custom')) {
        clm.push({ ...run, title: `${run.title}${UNDER_CLM}`, steps: inClm(run.steps) });
      }
    }
  } catch (error) {
    problems.push(`cannot load the scenarios: ${describeLoadError(shown, error)}`);
  }
  return { runs, clm };
}

/** A remediation scenario's run: its steps at their minutes after its start, every template in its neutral setup first. */
function ownScenarioRun(ctx: PlanContext, s: RemediationScenario): ScenarioRun {
  const first = s.start ?? SCENARIO_START;
  let minutes = 0;
  const steps = s.steps.map((step, i): StepPlan => {
    minutes = step.at ?? minutes;
    return {
      label: `step ${i + 1} (${step.run}${step.host32Bit ? ', 32-bit host' : ''}${step.constrainedLanguage ? ', Constrained Language Mode' : ''})`,
      run: step.run,
      at: addMinutes(first, minutes),
      ...(step.change !== undefined ? { change: step.change } : {}),
      ...(step.host32Bit ? { host32Bit: true } : {}),
      ...(step.constrainedLanguage ? { constrainedLanguage: true } : {}),
      ...(step.expect ? { expect: step.expect } : {}),
    };
  });
  const neutral = ctx.names.map((t) => ctx.modules.get(t)?.neutralSetup ?? '').filter(Boolean);
  return { title: `scenario "${s.name}"`, setup: [...neutral, s.setup].join('\n'), steps, invariants: ctx.common };
}
