/**
 * `remc test`: builds the project into a temporary folder, then proves each remediation's generated
 * pair: every .ps1 parsed by PowerShell's own parser, the Windows PowerShell 5.1 compatibility check
 * (and C# 5 for every native.cs its templates carry), every scenario of its templates and its own
 * scenarios run against the simulated Windows; plus the templates' own Pester tests. The pwsh work
 * goes to a pool of long-lived workers (compiler/proof/pool.ts); a template's passing Pester result is
 * cached by the hash of what it depends on, so an unchanged template is not run again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type * as esbuild from 'esbuild';
import { build } from '../pipeline.ts';
import { hasErrors, type Diagnostic } from '../diagnostics.ts';
import { psConfig } from '../emit/emit.ts';
import { loadModule } from '../load/module.ts';
import { projectTemplates, type TemplateFolder } from '../load/registry.ts';
import { HELPERS_ENV, pesterEnv, writeTemplateDefaults } from './template-defaults.ts';
import type { CheckSource, RemediationModel } from '../lower/model.ts';
import { REMC_ROOT } from '../paths.ts';
import { checkWindowsPowerShell51 } from '../ps/compat.ts';
import { compileCSharp5 } from './csharp.ts';
import { parsePowerShellFiles } from './parse.ts';
import { PwshPool } from './pool.ts';
import { formatPesterFailures, runPester, type PesterRunResult } from './runner.ts';
import { Scenario, type ScriptForm, type StepResult, type StepScript } from './scenario.ts';
import {
  checkOutcome,
  type CheckInfo,
  type InvariantContext,
  type RemediationInfo,
  type RemediationScenario,
  type ScenarioInvariant,
  type StepExpectation,
  type StepView,
  type TemplateScenarioModule,
} from '../declare/scenario-spec.ts';
import { UNIVERSAL_INVARIANTS } from '../declare/universal-invariants.ts';
import { locateToolchain, SETUP_HINT, type Toolchain } from './toolchain.ts';
import { computeCoverage, type RemediationCoverage } from './coverage.ts';
import type { RunOutcome } from '../protocol.ts';
import type { SignOptions } from '../write/sign.ts';

export interface TestOptions {
  /** The project folder (holds remediations/). */
  readonly root: string;
  /** Only these remediations (all when empty). */
  readonly ids?: readonly string[];
  /** Build into this folder (relative to root) and keep it; default a temporary folder, removed afterwards. */
  readonly out?: string;
  /** Run the templates' own Pester tests. @default true */
  readonly pester?: boolean;
  /** Run the scenarios (template and remediation). @default true */
  readonly scenarios?: boolean;
  /** Compile the templates' native.cs as C# 5 (needs the .NET SDK). @default true */
  readonly csharp?: boolean;
  /** Only scenarios whose name passes (both kinds). */
  readonly scenarioFilter?: (name: string) => boolean;
  /** Called after the build, before any check (tests use it to damage the output on purpose). */
  readonly afterBuild?: (outDir: string) => void | Promise<void>;
  /** Called as each remediation's result is known. */
  readonly onResult?: (result: RemediationTestResult) => void;
  /** Scenarios run side by side. @default twice the pool's workers */
  readonly concurrency?: number;
  /**
   * pwsh workers (long-lived, a fresh runspace per unit). 0: no pool, a pwsh process per unit (the
   * slower path, kept to compare against). @default available parallelism
   */
  readonly workers?: number;
  /** Use this pool instead of starting one (it is left open). */
  readonly pool?: PwshPool;
  /**
   * Reuse a template's passing Pester result while its content (its folder, its default config, the
   * test helpers, pwsh and Pester versions) is unchanged. @default true
   */
  readonly cache?: boolean;
  /** Where cached Pester results live. @default <root>/.cache/remc-test */
  readonly cacheDir?: string;
  readonly toolchain?: Toolchain;
  /** Sign the scripts as `remc build` would with this certificate, and prove the signed scripts. */
  readonly sign?: SignOptions;
  /**
   * `combined`: also build each remediation's combined script, prove it (parse, 5.1) beside the pair,
   * and run every scenario against it instead of the pair: each step as `combined.ps1 -Mode <step>`,
   * plus, for each template scenario, one run of the default mode (detect -> remediate -> detect in
   * one script) followed by a detection. @default 'pair'
   */
  readonly form?: ScriptForm;
  /**
   * A check the scenarios did not prove (compiler/proof/coverage.ts) fails the run (`report.ok` false).
   * Without it an unproven check is reported and the run's result is what the checks say. @default false
   */
  readonly strict?: boolean;
  /**
   * Run each template's first applicable scenario once more in Constrained Language Mode (every step),
   * and, for a remediation with custom checks, its first own scenario: a check that needs FullLanguage
   * must be skipped saying so, and one that does not must never be refused. @default true
   */
  readonly constrainedLanguage?: boolean;
}

export type CheckKind = 'parse' | 'compat' | 'csharp' | 'template scenarios' | 'scenarios' | 'clm';

/** A template scenario `remc test` did not run for a remediation: none of its checks is what it is about. */
export interface NotApplicable {
  /** `template scenario broker-plugin-registration/"Get-AppxPackage fails"` */
  readonly scenario: string;
  /** Why, per check: `broker: its probe runs only when ...`. */
  readonly reason: string;
}

export interface CheckResult {
  readonly kind: CheckKind;
  /** How the CLI names it: "parse", "5.1 compat", "C# 5", "template scenarios", "scenarios". */
  readonly label: string;
  readonly passed: number;
  readonly total: number;
  /** One line each: `file:line:column: message`, or `scenario, step: invariant: what is wrong`. */
  readonly problems: readonly string[];
  /** Why the check did not run (then it neither passes nor fails). */
  readonly skipped?: string;
  /** Scenarios left out because they are not about any check the remediation declares: not run, not counted, never passed. */
  readonly notApplicable?: readonly NotApplicable[];
}

/**
 * What one check of a remediation did in the runs `remc test` made in Constrained Language Mode:
 * `ran` (probed, and fixed when due, without a refusal), `skipped` (it needs FullLanguage and said so,
 * as it must), `refused` (PowerShell refused what it does: `detail` says what and where), or
 * `not probed` (idle in every step: nothing called for its fix in those runs).
 */
export interface ClmCheckResult {
  readonly check: string;
  /** The template's folder name, or 'custom'. */
  readonly template: string;
  readonly needsFullLanguage: boolean;
  readonly result: 'ran' | 'skipped' | 'refused' | 'not probed';
  readonly detail?: string;
}

export interface RemediationTestResult {
  readonly id: string;
  /** Every check passed (parse, 5.1, C# 5, the scenarios); what they proved is `coverage`. */
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
  /**
   * What the scenario steps' outcomes proved of each check of the remediation (absent when the
   * scenarios were not run): a check whose triggers never fired, whose fix never ran, or (without a
   * fix) that was never seen both out of and in its desired state is unproven.
   */
  readonly coverage?: RemediationCoverage;
  /** Each check under Constrained Language Mode (absent when no scenario ran in it). */
  readonly clm?: readonly ClmCheckResult[];
  readonly durationMs: number;
}

export interface PesterSummary {
  readonly ok: boolean;
  readonly passed: number;
  /** Skipped by Pester on this host (tests of the real seam that need Windows): never counted as passed. */
  readonly skipped: number;
  readonly total: number;
  readonly problems: readonly string[];
  readonly durationMs: number;
  /** Templates whose Pester tests ran (or came from the cache). */
  readonly templates: number;
  /** Of those, how many came from the cache (unchanged since a passing run). */
  readonly cached: number;
}

export interface TestReport {
  /** Everything passed (and, with `strict`, every check is proven). */
  readonly ok: boolean;
  /** Whether an unproven check fails the run (--strict). */
  readonly strict?: boolean;
  /** The build's diagnostics (the checks do not run when it fails). */
  readonly diagnostics: readonly Diagnostic[];
  /** Why nothing was tested: no pwsh, an unknown id. */
  readonly error?: string;
  readonly remediations: readonly RemediationTestResult[];
  readonly pester?: PesterSummary;
  readonly durationMs: number;
}

/** The simulated clock of every scenario's first step, unless a remediation scenario says otherwise. */
export const SCENARIO_START = '2026-11-25T12:00:00Z';
/** Intune runs the remediation right after the detection; the post-detection right after that. */
const REMEDIATE_AFTER_MINUTES = 5;

// ---- loading scenario modules ----

/**
 * Loads a scenario module (TypeScript) as remc loads any user's module (compiler/load/module.ts):
 * bundled like the declarations, so `remc` and relative imports resolve wherever the project lives,
 * then evaluated in memory.
 */
export function loadScenarioModule(file: string): Promise<Record<string, unknown>> {
  return loadModule(file);
}

function describeLoadError(file: string, error: unknown): string {
  const messages = (error as { errors?: esbuild.Message[] }).errors;
  if (messages && messages.length > 0) {
    return messages.map((m) => `${m.location ? `${path.relative(process.cwd(), path.resolve(m.location.file))}:${m.location.line}:${m.location.column + 1}: ` : `${file}: `}${m.text}`).join('; ');
  }
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}

const templateModules = new Map<string, Promise<TemplateScenarioModule | string>>();

/** A template folder's scenarios.ts, or why it cannot be used (a string). */
function templateScenarioModule(source: CheckSource): Promise<TemplateScenarioModule | string> {
  const file = path.join(path.dirname(source.probe), 'scenarios.ts');
  let found = templateModules.get(file);
  if (!found) {
    found = (async () => {
      if (!existsSync(file)) return { neutralSetup: '', invariants: [], scenarios: [] };
      try {
        const mod = await loadScenarioModule(file);
        const problem = shapeProblem(mod, { neutralSetup: 'string', invariants: 'array', scenarios: 'array' });
        return problem ? `${source.origin}/scenarios.ts: ${problem}` : (mod as unknown as TemplateScenarioModule);
      } catch (error) {
        return describeLoadError(`${source.origin}/scenarios.ts`, error);
      }
    })();
    templateModules.set(file, found);
  }
  return found;
}

function shapeProblem(mod: Record<string, unknown>, shape: Record<string, 'string' | 'array'>): string | undefined {
  for (const [key, kind] of Object.entries(shape)) {
    const value = mod[key];
    if (kind === 'array' ? !Array.isArray(value) : typeof value !== kind) return `must export ${key} (${kind === 'array' ? 'an array' : 'a string'})`;
  }
  return undefined;
}

/** The file of a remediation's own scenarios: beside its declaration, `<id>.scenarios.ts`. */
export function remediationScenarioFile(root: string, model: RemediationModel): string {
  return path.join(root, model.source.file.replace(/(\.remc\.ya?ml|\.ts)$/, '.scenarios.ts'));
}

// ---- running scenarios ----

function info(model: RemediationModel): RemediationInfo {
  return {
    id: model.id,
    runAs: model.runAs,
    coolDownHours: model.coolDownHours,
    detectOnly: model.detectOnly,
    checks: model.checks.map((c) => ({
      name: c.name,
      template: c.source.kind === 'template' ? c.source.name : 'custom',
      config: psConfig(c.config) as Record<string, unknown>,
      triggers: c.triggers,
      hasFix: c.hasFix,
      needsFullLanguage: c.requirements.needsFullLanguage,
    })),
  };
}

/** The template sources a remediation uses, each once (by folder name). */
function usedTemplates(model: RemediationModel): CheckSource[] {
  const seen = new Map<string, CheckSource>();
  for (const c of model.checks) if (c.source.kind === 'template' && !seen.has(c.source.name)) seen.set(c.source.name, c.source);
  return [...seen.values()];
}

/** Every fakes file the remediation's scenarios load: its templates' and its custom checks'. */
function fakesOf(model: RemediationModel): string[] {
  return [...new Set(model.checks.map((c) => c.source.fakes).filter((f): f is string => f !== undefined))];
}

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

/** Invariants with the checks they are about: universal ones see every check. */
interface BoundInvariant {
  readonly invariant: ScenarioInvariant;
  readonly checks: readonly CheckInfo[];
}

interface StepPlan {
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

interface ScenarioRun {
  /** How problems name it: `template scenario credential-purge/"no logon session"`. */
  readonly title: string;
  readonly setup: string;
  readonly steps: readonly StepPlan[];
  readonly invariants: readonly BoundInvariant[];
}

/** The scenario's steps, each as the invariants saw it (confirming detections included). */
interface ScenarioResult {
  readonly problems: string[];
  readonly outcomes: RunOutcome[];
  readonly steps: StepView[];
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

/** Runs one scenario; returns its problems (empty when it passed) and the outcome each step wrote (when valid). */
async function runScenario(run: ScenarioRun, model: RemediationModel, scripts: string, workDir: string, pool: PwshPool | undefined, form: ScriptForm): Promise<ScenarioResult> {
  const remediation = info(model);
  const scenario = new Scenario({ scripts, fakes: fakesOf(model), setup: run.setup, workDir, form, ...(pool ? { pool } : {}) });
  const previous: StepView[] = [];
  const problems: string[] = [];
  const outcomes: RunOutcome[] = [];
  const steps: StepView[] = [];
  for (const plan of run.steps) {
    const markerBefore = scenario.marker(model.id);
    let result: StepResult;
    try {
      result = await scenario.run(plan.run, plan.at, {
        ...(plan.change !== undefined ? { change: plan.change } : {}),
        ...(plan.host32Bit ? { host32Bit: true } : {}),
        ...(plan.constrainedLanguage ? { constrainedLanguage: true } : {}),
      });
    } catch (error) {
      problems.push(`${run.title}, ${plan.label}: the step did not run: ${error instanceof Error ? error.message : String(error)}`);
      break;
    }
    if (result.outcome) outcomes.push(result.outcome);
    const step = toView(plan, result, markerBefore, scenario.marker(model.id));
    steps.push(step);
    for (const { invariant, checks } of run.invariants) {
      if (plan.confirming && !UNIVERSAL_INVARIANTS.includes(invariant)) continue;
      const ctx: InvariantContext = { remediation, checks, step, previous };
      let problem: string | undefined | void;
      try {
        problem = invariant.check(ctx);
      } catch (error) {
        problem = `the invariant threw: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (problem) problems.push(`${run.title}, ${plan.label}: ${invariant.name}: ${problem}`);
    }
    if (plan.expect) for (const p of expectationProblems(plan.expect, step)) problems.push(`${run.title}, ${plan.label}: ${p}`);
    if (!plan.confirming) previous.push(step);
  }
  return { problems, outcomes, steps };
}

async function limit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The scenarios a remediation runs, and the template scenarios it leaves out as not about any of its checks. */
interface ScenarioPlan {
  readonly template: ScenarioRun[];
  readonly own: ScenarioRun[];
  /** Each used template's first applicable scenario, and the first own scenario of a remediation with custom checks, every step in Constrained Language Mode. */
  readonly clm: ScenarioRun[];
  readonly notApplicable: NotApplicable[];
  readonly problems: { template: string[]; own: string[] };
}

/** How a run in Constrained Language Mode is named: `template scenario t/"name" under Constrained Language Mode`. */
const UNDER_CLM = ' under Constrained Language Mode';

/**
 * The scenarios of a remediation: its templates' (run for every remediation that uses them, each where
 * it applies to the checks the remediation declares) and its own; and the runs in Constrained
 * Language Mode (`clm`).
 */
async function planScenarios(root: string, model: RemediationModel, filter: (name: string) => boolean, form: ScriptForm, clm: boolean): Promise<ScenarioPlan> {
  const templates = usedTemplates(model);
  const remediation = info(model);
  const all = remediation.checks;
  const modules = new Map<string, TemplateScenarioModule>();
  const problems = { template: [] as string[], own: [] as string[] };
  for (const t of templates) {
    const mod = await templateScenarioModule(t);
    if (typeof mod === 'string') problems.template.push(`cannot load the scenarios: ${mod}`);
    else modules.set(t.name, mod);
  }
  const names = templates.map((t) => t.name);
  const neutral = (except?: string) => names.filter((t) => t !== except).map((t) => modules.get(t)?.neutralSetup ?? '').filter(Boolean);
  const checksOf = (t: string) => all.filter((c) => c.template === t);
  const common: BoundInvariant[] = [
    ...UNIVERSAL_INVARIANTS.map((invariant) => ({ invariant, checks: all })),
    ...names.flatMap((t) => (modules.get(t)?.invariants ?? []).map((invariant) => ({ invariant, checks: checksOf(t) }))),
  ];
  const start = SCENARIO_START;
  const after = addMinutes(start, REMEDIATE_AFTER_MINUTES);
  // A symptom's fix waits for confirmRuns consecutive detections: the earlier ones run first.
  const confirming = Array.from({ length: model.detectOnly ? 0 : model.confirmRuns - 1 }, (_, i): StepPlan => ({
    label: `confirming detect ${i + 1} of ${model.confirmRuns - 1}`,
    run: 'detect',
    at: start,
    confirming: true,
  }));
  const steps: StepPlan[] = model.detectOnly
    ? [{ label: 'detect', run: 'detect', at: start }]
    : [
        ...confirming,
        { label: 'detect', run: 'detect', at: start },
        { label: 'remediate', run: 'remediate', at: after },
        { label: 'detect again', run: 'detect', at: after },
      ];
  // A step in Constrained Language Mode runs in a 64-bit host: the simulated relaunch of a 32-bit one
  // would start its child in FullLanguage, and prove nothing of the checks there.
  const inClm = (list: readonly StepPlan[]): StepPlan[] => list.map(({ expect: _, host32Bit: __, ...step }) => ({ ...step, label: step.label.replace(', 32-bit host', ''), constrainedLanguage: true }));
  const template: ScenarioRun[] = [];
  const clmRuns: ScenarioRun[] = [];
  const notApplicable: NotApplicable[] = [];
  for (const t of names) {
    let clmPlanned = false;
    for (const s of modules.get(t)?.scenarios ?? []) {
      if (!filter(s.name)) continue;
      const title = `template scenario ${t}/"${s.name}"`;
      // The checks the scenario is about, from what the remediation declares; it runs only for them.
      const mine = checksOf(t);
      let about: CheckInfo[];
      try {
        about = s.appliesTo ? mine.filter((c) => s.appliesTo!.check(c, remediation)) : mine;
      } catch (error) {
        problems.template.push(`${title}: its appliesTo threw: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (about.length === 0) {
        notApplicable.push({ scenario: title, reason: mine.map((c) => `${c.name}: ${s.appliesTo?.reason ?? 'not applicable'}`).join('; ') });
        continue;
      }
      const others = names.filter((o) => o !== t).map((o) => s.others?.[o] ?? modules.get(o)?.neutralSetup ?? '');
      const run = {
        title,
        setup: [...others, s.setup].filter(Boolean).join('\n'),
        steps,
        invariants: [...common, ...(s.invariants ?? []).map((invariant) => ({ invariant, checks: about }))],
      };
      template.push(run);
      // The combined script's default mode: the whole sequence in one run, then Intune's check of it.
      if (form === 'combined' && !model.detectOnly) {
        template.push({
          ...run,
          title: `${run.title} in one run`,
          steps: [
            ...confirming,
            { label: '-Mode both', run: 'both', at: start },
            { label: 'detect again', run: 'detect', at: start },
          ],
        });
      }
      // Once per template: its first applicable scenario in Constrained Language Mode, held to the
      // universal and the templates' invariants (its own speak of a FullLanguage host).
      if (clm && !clmPlanned) {
        clmRuns.push({ title: `${title}${UNDER_CLM}`, setup: run.setup, steps: inClm(steps), invariants: common });
        clmPlanned = true;
      }
    }
  }
  const own: ScenarioRun[] = [];
  const file = remediationScenarioFile(root, model);
  if (existsSync(file)) {
    const shown = path.relative(root, file).split(path.sep).join('/');
    try {
      const mod = await loadScenarioModule(file);
      if (!Array.isArray(mod['scenarios'])) throw new Error('must export scenarios (an array of RemediationScenario)');
      for (const s of mod['scenarios'] as RemediationScenario[]) {
        if (!filter(s.name)) continue;
        const first = s.start ?? start;
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
        const run = { title: `scenario "${s.name}"`, setup: [...neutral(), s.setup].join('\n'), steps, invariants: common };
        own.push(run);
        // No template scenario knows a custom check: its remediation's first scenario runs once more in
        // Constrained Language Mode, without the exact expectations, which speak of a FullLanguage host.
        if (clm && own.length === 1 && model.checks.some((c) => c.source.kind === 'custom')) {
          clmRuns.push({ ...run, title: `${run.title}${UNDER_CLM}`, steps: inClm(steps) });
        }
      }
    } catch (error) {
      problems.own.push(`cannot load the scenarios: ${describeLoadError(shown, error)}`);
    }
  }
  return { template, own, clm: clmRuns, notApplicable, problems };
}

// ---- Constrained Language Mode ----

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
function judgeClm(remediation: RemediationInfo, runs: ReadonlyArray<{ readonly run: ScenarioRun; readonly result: ScenarioResult }>): { checks: ClmCheckResult[]; problems: string[] } {
  const problems: string[] = [];
  const origin = (c: CheckInfo) => (c.template === 'custom' ? 'a custom check' : `template ${c.template}`);
  // What the compiler's reading of the code (compiler/ps/clm.ts) cannot see: a method or property of an
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

// ---- the command ----

function countsOf(kind: CheckKind, label: string, total: number, problems: string[], failedItems?: number): CheckResult {
  const failed = Math.min(total, failedItems ?? (problems.length > 0 ? 1 : 0));
  return { kind, label, passed: total - failed, total, problems };
}

export async function runTests(options: TestOptions): Promise<TestReport> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const toolchain = options.toolchain ?? locateToolchain();
  if (!toolchain) {
    return { ok: false, diagnostics: [], error: `pwsh not found: remc test runs the generated scripts in PowerShell 7 with Pester; ${SETUP_HINT}`, remediations: [], durationMs: elapsed() };
  }
  const kept = options.out !== undefined;
  const scratch = mkdtempSync(path.join(tmpdir(), 'remc-test-'));
  const outDir = kept ? path.resolve(options.root, options.out!) : path.join(scratch, 'out');
  // Started on first use (a failed build needs no pwsh).
  let ownPool: PwshPool | undefined;
  const getPool = () => (options.workers === 0 ? undefined : (options.pool ?? (ownPool ??= new PwshPool({ toolchain, ...(options.workers !== undefined ? { size: options.workers } : {}) }))));
  try {
    const form = options.form ?? 'pair';
    // What is proven is the Intune pair (and the combined script with --combined), whatever the declarations' targets.
    // Unsigned scripts run the same as signed ones (the signature is a comment): testing needs no certificate.
    const report = await build({ root: options.root, out: outDir, sign: options.sign, forDevices: false, targets: form === 'combined' ? ['intune', 'combined'] : ['intune'] });
    if (hasErrors(report.diagnostics)) return { ok: false, diagnostics: report.diagnostics, remediations: [], durationMs: elapsed() };
    const wanted = options.ids ?? [];
    const unknown = wanted.filter((id) => !report.remediations.some((m) => m.id === id));
    if (unknown.length > 0) {
      return { ok: false, diagnostics: report.diagnostics, error: `no remediation ${unknown.map((id) => `'${id}'`).join(', ')} in ${path.join(options.root, 'remediations')} (there are: ${report.remediations.map((m) => m.id).join(', ')})`, remediations: [], durationMs: elapsed() };
    }
    const models = report.remediations.filter((m) => wanted.length === 0 || wanted.includes(m.id));
    await options.afterBuild?.(outDir);

    // The templates' own Pester tests run beside the remediations' checks.
    const available = projectTemplates(options.root);
    const tested = [...new Set(models.flatMap(usedTemplates).map((t) => t.name))].sort().flatMap((name) => available.get(name) ?? []);
    const pool = getPool();
    const cacheDir = options.cache === false ? undefined : path.resolve(options.root, options.cacheDir ?? path.join('.cache', 'remc-test'));
    const pester = options.pester === false || tested.length === 0 ? undefined : runTemplatePester(tested, toolchain, path.join(scratch, 'template-defaults'), pool, cacheDir);

    // One parser process for every emitted script.
    const scriptsOf = (m: RemediationModel) => ['detect.ps1', 'remediate.ps1', 'combined.ps1'].filter((f) => existsSync(path.join(outDir, m.id, f)));
    // A custom check's own files are parsed too, so an error names the .ps1 the admin wrote.
    const customFiles = (m: RemediationModel) => [...new Set(m.checks.flatMap((c) => (c.source.kind === 'custom' ? [c.source.probe, ...(c.source.fix ? [c.source.fix] : [])] : [])))];
    const parsed = await parsePowerShellFiles([...models.flatMap((m) => scriptsOf(m).map((f) => path.join(outDir, m.id, f))), ...new Set(models.flatMap(customFiles))], { toolchain, ...(pool ? { pool } : {}) });
    const parseErrors = new Map(parsed.map((r) => [path.resolve(r.file), r.errors]));

    const csharpCache = new Map<string, Promise<string[]>>();
    // More scenarios than workers: a worker is not left idle while Node checks a step's invariants.
    const concurrency = options.concurrency ?? (pool ? pool.size * 2 : Math.min(4, availableParallelism()));
    const filter = options.scenarioFilter ?? (() => true);

    const results: RemediationTestResult[] = [];
    for (const model of models) {
      const began = performance.now();
      const checks: CheckResult[] = [];
      const files = scriptsOf(model);

      // 1. Parse proof.
      const parseProblems: string[] = [];
      let unparsed = 0;
      for (const f of files) {
        const errors = parseErrors.get(path.resolve(outDir, model.id, f)) ?? [];
        if (errors.length > 0) unparsed++;
        for (const e of errors) parseProblems.push(`${model.id}/${f}:${e.line}:${e.column}: ${e.message}`);
      }
      for (const f of customFiles(model)) {
        const errors = parseErrors.get(path.resolve(f)) ?? [];
        if (errors.length > 0) unparsed++;
        for (const e of errors) parseProblems.push(`${path.relative(options.root, f).split(path.sep).join('/')}:${e.line}:${e.column}: ${e.message}`);
      }
      checks.push(countsOf('parse', 'parse', files.length + customFiles(model).length, parseProblems, unparsed));

      // 2. Windows PowerShell 5.1: the scripts, and the C# their templates compile with Add-Type.
      {
        const problems: string[] = [];
        let failed = 0;
        for (const f of files) {
          const found = checkWindowsPowerShell51({ path: `${model.id}/${f}`, text: readFileSync(path.join(outDir, model.id, f), 'utf8') });
          if (found.length > 0) failed++;
          for (const p of found) problems.push(`${model.id}/${f}:${p.line}:${p.column}: ${p.rule}: ${p.message}`);
        }
        checks.push(countsOf('compat', '5.1 compat', files.length, problems, failed));
      }
      const natives = usedTemplates(model).filter((t) => t.native !== undefined);
      if (natives.length > 0 && options.csharp !== false) {
        const problems: string[] = [];
        let failed = 0;
        for (const t of natives) {
          let found = csharpCache.get(t.native!);
          if (!found) {
            const name = `${t.origin}/native.cs`;
            const text = readFileSync(t.native!, 'utf8');
            found = compileCSharp5([{ name, text }]).then(
              (r) => (r.ok ? [] : r.errors.length > 0 ? r.errors.map((e) => `${e.file || name}:${e.line}:${e.column}: ${e.code}: ${e.message}`) : [`${name}: ${r.output.trim().split(/\r?\n/)[0] ?? 'did not compile'}`]),
              (error: unknown) => [`${name}: cannot compile: ${error instanceof Error ? error.message : String(error)}`],
            );
            csharpCache.set(t.native!, found);
          }
          const list = await found;
          if (list.length > 0) failed++;
          problems.push(...list);
        }
        checks.push(countsOf('csharp', 'C# 5', natives.length, problems, failed));
      }

      // 3. Scenarios: the templates', then the remediation's own; what their outcomes proved of each check;
      // then the runs in Constrained Language Mode.
      let coverage: RemediationCoverage | undefined;
      let clm: ClmCheckResult[] | undefined;
      if (options.scenarios !== false) {
        const plan = await planScenarios(options.root, model, filter, form, options.constrainedLanguage !== false);
        const runnable = unparsed === 0;
        const work = path.join(scratch, 'scenarios', model.id);
        mkdirSync(work, { recursive: true });
        const notRun = ['not run: the scripts do not parse'];
        const runs = [...plan.template, ...plan.own, ...plan.clm];
        const ran: ScenarioResult[] = runnable
          ? await limit(runs, concurrency, (r) => runScenario(r, model, path.join(outDir, model.id), path.join(work, hash(r.title)), pool, form))
          : runs.map(() => ({ problems: notRun, outcomes: [], steps: [] }));
        const templateProblems = ran.slice(0, plan.template.length).map((r) => r.problems);
        const ownProblems = ran.slice(plan.template.length, plan.template.length + plan.own.length).map((r) => r.problems);
        const clmRan = ran.slice(plan.template.length + plan.own.length);
        // What the scenarios proved: never a scenario left out as not applicable (it did not run), nor
        // the runs in Constrained Language Mode (they repeat a scenario on a host that may skip checks).
        coverage = computeCoverage(info(model).checks, ran.slice(0, plan.template.length + plan.own.length).flatMap((r) => r.outcomes));
        const collect = (kind: 'template scenarios' | 'scenarios', loadProblems: string[], runs: string[][], notApplicable: NotApplicable[] = []) => {
          const problems = [...loadProblems, ...(runnable ? runs.flat() : runs.length > 0 ? notRun : [])];
          const counted = countsOf(kind, kind, runs.length + loadProblems.length, problems, runs.filter((p) => p.length > 0).length + loadProblems.length);
          checks.push(notApplicable.length > 0 ? { ...counted, notApplicable } : counted);
        };
        collect('template scenarios', plan.problems.template, templateProblems, plan.notApplicable);
        if (plan.own.length > 0 || plan.problems.own.length > 0) collect('scenarios', plan.problems.own, ownProblems);
        if (plan.clm.length > 0) {
          const judged = runnable ? judgeClm(info(model), plan.clm.map((run, i) => ({ run, result: clmRan[i]! }))) : { checks: [], problems: [] };
          const problems = runnable ? [...judged.problems, ...clmRan.flatMap((r) => r.problems)] : notRun;
          const failedRuns = runnable ? plan.clm.filter((run, i) => clmRan[i]!.problems.length > 0 || judged.problems.some((p) => p.includes(`(${run.title}, `))).length : plan.clm.length;
          checks.push(countsOf('clm', 'CLM', plan.clm.length, problems, Math.max(failedRuns, problems.length > 0 ? 1 : 0)));
          if (runnable) clm = judged.checks;
        }
      }

      const result: RemediationTestResult = {
        id: model.id,
        ok: checks.every((c) => c.problems.length === 0),
        checks,
        ...(coverage ? { coverage } : {}),
        ...(clm ? { clm } : {}),
        durationMs: Math.round(performance.now() - began),
      };
      results.push(result);
      options.onResult?.(result);
    }

    const pesterSummary = pester ? await pester : undefined;
    const strict = options.strict === true;
    const ok = results.every((r) => r.ok && (!strict || (r.coverage?.proven ?? true))) && (pesterSummary?.ok ?? true);
    return { ok, strict, diagnostics: report.diagnostics, remediations: results, ...(pesterSummary ? { pester: pesterSummary } : {}), durationMs: elapsed() };
  } finally {
    await ownPool?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** Bump when what a cached Pester result means changes (the runner, the summary's shape). */
const PESTER_CACHE_VERSION = 1;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * The sibling folders a template's PowerShell names as `../<folder>` (appx-registration's tests read
 * broker-plugin-registration's files): their content is part of its result too.
 */
function siblingsNamed(folder: TemplateFolder): string[] {
  const found = new Set<string>();
  for (const file of filesUnder(folder.dir).filter((f) => f.endsWith('.ps1'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.\.[\\/]([A-Za-z0-9_][A-Za-z0-9._-]*)/g)) {
      const dir = path.join(path.dirname(folder.dir), m[1]!);
      if (dir !== folder.dir && existsSync(dir) && statSync(dir).isDirectory()) found.add(dir);
    }
  }
  return [...found].sort();
}

/** What a template's Pester result depends on: its files and the siblings it reads, its default config, the helpers, pwsh and Pester. */
function templateKey(folder: TemplateFolder, defaultsDir: string, toolchain: Toolchain): string {
  const h = createHash('sha256');
  h.update(`remc-pester-cache ${PESTER_CACHE_VERSION}\0${toolchain.pwshVersion}\0${toolchain.pesterVersion}\0`);
  for (const dir of [folder.dir, ...siblingsNamed(folder)]) {
    for (const file of filesUnder(dir)) h.update(`${path.relative(path.dirname(folder.dir), file)}\0`).update(readFileSync(file)).update('\0');
  }
  const defaults = path.join(defaultsDir, `${folder.name}.ps1`);
  h.update(existsSync(defaults) ? readFileSync(defaults) : 'no defaults').update('\0');
  h.update(readFileSync(pesterEnv(defaultsDir)[HELPERS_ENV]!));
  return h.digest('hex');
}

interface CachedPester {
  readonly template: string;
  readonly passed: number;
  readonly skipped: number;
  readonly total: number;
}

function readCached(file: string, template: string): CachedPester | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as CachedPester;
    const ok = value.template === template && [value.passed, value.skipped, value.total].every((n) => Number.isInteger(n) && n >= 0) && value.passed + value.skipped === value.total;
    return ok ? value : undefined;
  } catch {
    return undefined; // absent, or cut short: run the tests again
  }
}

/** The part of a Pester run that belongs to one template folder. */
function resultOf(result: PesterRunResult, folder: TemplateFolder): { ok: boolean; passed: number; skipped: number; total: number } {
  const inside = (file: string | undefined) => file !== undefined && path.resolve(file).startsWith(path.resolve(folder.dir) + path.sep);
  const tests = result.tests.filter((t) => inside(t.file));
  const passed = tests.filter((t) => t.result === 'Passed').length;
  const skipped = tests.filter((t) => t.result === 'Skipped').length;
  const ok = result.error === undefined && tests.length > 0 && passed + skipped === tests.length && !result.failures.some((f) => inside(f.file));
  return { ok, passed, skipped, total: tests.length };
}

async function runTemplatePester(folders: readonly TemplateFolder[], toolchain: Toolchain, defaultsDir: string, pool: PwshPool | undefined, cacheDir: string | undefined): Promise<PesterSummary> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const defaultsProblems = await writeTemplateDefaults(folders, defaultsDir);
    const keys = new Map(folders.map((f) => [f.name, templateKey(f, defaultsDir, toolchain)]));
    const cacheFile = (f: TemplateFolder) => path.join(cacheDir!, 'pester', `${keys.get(f.name)}.json`);
    const hits = new Map<string, CachedPester>();
    if (cacheDir !== undefined) {
      for (const f of folders) {
        const hit = readCached(cacheFile(f), f.name);
        if (hit) hits.set(f.name, hit);
      }
    }
    const toRun = folders.filter((f) => !hits.has(f.name));
    let passed = 0;
    let skipped = 0;
    let total = 0;
    for (const hit of hits.values()) {
      passed += hit.passed;
      skipped += hit.skipped;
      total += hit.total;
    }
    const problems = [...defaultsProblems];
    let ok = defaultsProblems.length === 0;
    if (toRun.length > 0) {
      const result = await runPester({ paths: toRun.map((f) => f.dir), cwd: REMC_ROOT, toolchain, env: pesterEnv(defaultsDir), ...(pool ? { pool } : {}) });
      problems.push(...formatPesterFailures(result).split('\n').filter(Boolean));
      passed += result.counts.passed;
      skipped += result.counts.skipped;
      total += result.tests.length;
      ok &&= result.ok;
      // Only a passing template is cached: a failure is shown again on the next run.
      if (cacheDir !== undefined && defaultsProblems.length === 0) {
        for (const f of toRun) {
          const mine = resultOf(result, f);
          if (!mine.ok) continue;
          const file = cacheFile(f);
          mkdirSync(path.dirname(file), { recursive: true });
          const staged = `${file}.${process.pid}.tmp`;
          writeFileSync(staged, `${JSON.stringify({ template: f.name, passed: mine.passed, skipped: mine.skipped, total: mine.total } satisfies CachedPester)}\n`);
          renameSync(staged, file); // whole or absent: another run may read it at the same time
        }
      }
    }
    return { ok, passed, skipped, total, problems, durationMs: elapsed(), templates: folders.length, cached: hits.size };
  } catch (error) {
    return { ok: false, passed: 0, skipped: 0, total: 0, problems: [`cannot run Pester: ${error instanceof Error ? error.message : String(error)}`], durationMs: elapsed(), templates: folders.length, cached: 0 };
  }
}

/** "parse 2/2, 5.1 compat 2/2, C# 5 1/1, template scenarios 13/13 (1 not applicable), scenarios 2/2, CLM 3/3" */
export function describeChecks(result: RemediationTestResult): string {
  return result.checks
    .map((c) => (c.skipped ? `${c.label} skipped` : `${c.label} ${c.passed}/${c.total}${c.notApplicable?.length ? ` (${c.notApplicable.length} not applicable)` : ''}`))
    .join(', ');
}

/** The lines under a remediation's line that say what did not run and why: `not applicable: <scenario>: <check>: <why>`. */
export function notApplicableLines(result: RemediationTestResult): string[] {
  return result.checks.flatMap((c) => (c.notApplicable ?? []).map((n) => `not applicable: ${n.scenario}: ${n.reason}`));
}

/**
 * The word of a remediation's line: FAILED when a check failed; `unproven` when everything passed but
 * the scenarios did not prove every check (see compiler/proof/coverage.ts); `ok` only when both hold.
 */
export function resultWord(result: RemediationTestResult): 'ok' | 'unproven' | 'FAILED' {
  if (!result.ok) return 'FAILED';
  return result.coverage && !result.coverage.proven ? 'unproven' : 'ok';
}
