/**
 * `remc test`: builds the project into a temporary folder, then proves each remediation's generated
 * pair: every .ps1 parsed by PowerShell's own parser, the Windows PowerShell 5.1 compatibility check
 * and C# 5 for every native.cs its templates carry (compiler/proof/script-checks.ts); every scenario
 * of its templates and its own scenarios run against the simulated Windows
 * (compiler/proof/scenario-checks.ts); plus the templates' own Pester tests, cached while unchanged
 * (compiler/proof/template-pester.ts). A remediation that passed is not proven again while nothing
 * its proof depends on has changed (compiler/proof/proof-cache.ts). The pwsh work goes to a pool of long-lived workers
 * (compiler/proof/pool.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics.ts';
import { projectTemplates, type TemplateFolder } from '../load/registry.ts';
import type { RemediationModel } from '../lower/model.ts';
import { build } from '../pipeline.ts';
import type { SignOptions } from '../emit/sign.ts';
import { PwshPool } from './pool.ts';
import { limit } from './run-scenario.ts';
import { usedTemplates } from './remediation-info.ts';
import type { CheckResult, PesterSummary, RemediationTestResult, TestReport } from './results.ts';
import type { ScriptForm } from './scenario.ts';
import { ScenarioModules } from './scenario-modules.ts';
import { proveScenarios, type ScenarioContext } from './scenario-checks.ts';
import { compatCheck, csharpCheck, parseCheck, parseScripts, scriptsOf, type ParseErrors } from './script-checks.ts';
import { cachedProof, keepProof, proofKeys } from './proof-cache.ts';
import { runTemplatePester } from './template-pester.ts';
import { locateToolchain, SETUP_HINT, type Toolchain } from './toolchain.ts';


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
   * test helpers, pwsh and Pester versions) is unchanged, and a remediation's passing proof while
   * nothing it depends on has changed (compiler/proof/proof-cache.ts). @default true
   */
  readonly cache?: boolean;
  /** Where cached results live. @default <root>/.cache/remc-test */
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

/** What proving each remediation shares: where it was built, the parser's findings, the C# compiled so far. */
interface ProofContext extends ScenarioContext {
  readonly parseErrors: ParseErrors;
  readonly csharpCache: Map<string, Promise<string[]>>;
  readonly csharp: boolean;
  readonly scenarios: boolean;
}

export async function runTests(options: TestOptions): Promise<TestReport> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const toolchain = options.toolchain ?? locateToolchain();
  if (!toolchain) {
    return { ok: false, diagnostics: [], error: `pwsh not found: remc test runs the generated scripts in PowerShell 7 with Pester; ${SETUP_HINT}`, remediations: [], durationMs: elapsed() };
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'remc-test-'));
  const outDir = options.out !== undefined ? path.resolve(options.root, options.out) : path.join(scratch, 'out');
  // Started on first use (a failed build needs no pwsh).
  let ownPool: PwshPool | undefined;
  const getPool = () => (options.workers === 0 ? undefined : (options.pool ?? (ownPool ??= new PwshPool({ toolchain, ...(options.workers !== undefined ? { size: options.workers } : {}) }))));
  try {
    const built = await buildForTest(options, outDir);
    if ('failed' in built) return { ...built.failed, durationMs: elapsed() };
    const { models, diagnostics } = built;
    await options.afterBuild?.(outDir);

    // The templates' own Pester tests run beside the remediations' checks.
    const tested = testedTemplates(options.root, models);
    const pool = getPool();
    const pester = startTemplatePester(options, tested, toolchain, path.join(scratch, 'template-defaults'), pool);

    // A remediation unchanged since it passed is taken from the cache; the others are proven.
    const modules = new ScenarioModules();
    const proofs = await cachedProofs(options, models, { outDir, toolchain, modules });
    const ctx = await proofContext(options, models.filter((m) => !proofs.hits.has(m.id)), { outDir, workDir: path.join(scratch, 'scenarios'), toolchain, pool, modules });
    // As many remediations at a time as workers, so each worker mostly runs the scripts of one (the
    // pool's affinity): a script's first run on a worker, when PowerShell compiles it, is paid once.
    // Each result is told in the remediations' order, as soon as it and those before it are done.
    const results = await limit(models, pool?.size ?? 1, async (model) => proofs.hits.get(model.id) ?? proofs.keep(model, await proveRemediation(ctx, model)), options.onResult);

    const pesterSummary = pester ? await pester : undefined;
    const strict = options.strict === true;
    const ok = results.every((r) => r.ok && (!strict || (r.coverage?.proven ?? true))) && (pesterSummary?.ok ?? true);
    return { ok, strict, diagnostics, remediations: results, ...(pesterSummary ? { pester: pesterSummary } : {}), durationMs: elapsed() };
  } finally {
    await ownPool?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Builds the project into `outDir` and picks the remediations asked for; or why nothing is tested. */
async function buildForTest(options: TestOptions, outDir: string): Promise<{ models: RemediationModel[]; diagnostics: readonly Diagnostic[] } | { failed: Omit<TestReport, 'durationMs'> }> {
  const form = options.form ?? 'pair';
  // What is proven is the Intune pair (and the combined script with --combined), whatever the declarations' targets.
  // Unsigned scripts run the same as signed ones (the signature is a comment): testing needs no certificate.
  const report = await build({ root: options.root, out: outDir, sign: options.sign, forDevices: false, targets: form === 'combined' ? ['intune', 'combined'] : ['intune'] });
  if (hasErrors(report.diagnostics)) return { failed: { ok: false, diagnostics: report.diagnostics, remediations: [] } };
  const wanted = options.ids ?? [];
  const unknown = wanted.filter((id) => !report.remediations.some((m) => m.id === id));
  if (unknown.length > 0) {
    const error = `no remediation ${unknown.map((id) => `'${id}'`).join(', ')} in ${path.join(options.root, 'remediations')} (there are: ${report.remediations.map((m) => m.id).join(', ')})`;
    return { failed: { ok: false, diagnostics: report.diagnostics, error, remediations: [] } };
  }
  return { models: report.remediations.filter((m) => wanted.length === 0 || wanted.includes(m.id)), diagnostics: report.diagnostics };
}

/** The template folders (of the project, or built in) the remediations use, by name. */
function testedTemplates(root: string, models: readonly RemediationModel[]): TemplateFolder[] {
  const available = projectTemplates(root);
  return [...new Set(models.flatMap(usedTemplates).map((t) => t.name))].sort().flatMap((name) => available.get(name) ?? []);
}

/** Where passing results are kept, or undefined when the cache is off. */
function cacheDirOf(options: TestOptions): string | undefined {
  return options.cache === false ? undefined : path.resolve(options.root, options.cacheDir ?? path.join('.cache', 'remc-test'));
}

/**
 * The remediations whose passing proof is in the cache, and `keep`, which caches a new passing one.
 * Nothing is cached when the cache is off or a filter leaves scenarios out (that proof is partial).
 */
async function cachedProofs(options: TestOptions, models: readonly RemediationModel[], where: { outDir: string; toolchain: Toolchain; modules: ScenarioModules }) {
  const { outDir, toolchain, modules } = where;
  const cacheDir = cacheDirOf(options);
  const hits = new Map<string, RemediationTestResult>();
  const keys = new Map<string, string>();
  if (cacheDir !== undefined && options.scenarioFilter === undefined) {
    const settings = { toolchain, form: options.form ?? 'pair', constrainedLanguage: options.constrainedLanguage !== false, csharp: options.csharp !== false, scenarios: options.scenarios !== false };
    const keyOf = proofKeys(options.root, outDir, settings, modules);
    for (const model of models) {
      const key = await keyOf(model);
      keys.set(model.id, key);
      const hit = cachedProof(cacheDir, key, model.id);
      if (hit) hits.set(model.id, hit);
    }
  }
  const keep = (model: RemediationModel, result: RemediationTestResult) => {
    const key = keys.get(model.id);
    if (cacheDir !== undefined && key !== undefined) keepProof(cacheDir, key, result);
    return result;
  };
  return { hits, keep };
}

/** The templates' Pester run, started (not awaited), unless it is turned off or there is none to run. */
function startTemplatePester(options: TestOptions, tested: readonly TemplateFolder[], toolchain: Toolchain, defaultsDir: string, pool: PwshPool | undefined): Promise<PesterSummary> | undefined {
  const cacheDir = cacheDirOf(options);
  return options.pester === false || tested.length === 0 ? undefined : runTemplatePester(tested, toolchain, defaultsDir, pool, cacheDir);
}

/** Parses every script once, and settles how the remediations are proven. */
async function proofContext(
  options: TestOptions,
  models: readonly RemediationModel[],
  where: { outDir: string; workDir: string; toolchain: Toolchain; pool: PwshPool | undefined; modules: ScenarioModules },
): Promise<ProofContext> {
  const { outDir, workDir, toolchain, pool, modules } = where;
  const parseErrors = await parseScripts(outDir, models, toolchain, pool);
  return {
    root: options.root,
    outDir,
    workDir,
    pool,
    form: options.form ?? 'pair',
    filter: options.scenarioFilter ?? (() => true),
    // More scenarios than workers: a worker is not left idle while Node checks a step's invariants.
    concurrency: options.concurrency ?? (pool ? pool.size * 2 : Math.min(4, availableParallelism())),
    constrainedLanguage: options.constrainedLanguage !== false,
    modules,
    parseErrors,
    csharpCache: new Map(),
    csharp: options.csharp !== false,
    scenarios: options.scenarios !== false,
  };
}

/** Every check of one remediation: parse, 5.1 compat, C# 5, then its scenarios (with what they proved). */
async function proveRemediation(ctx: ProofContext, model: RemediationModel): Promise<RemediationTestResult> {
  const began = performance.now();
  const files = scriptsOf(ctx.outDir, model);
  // 1. Parse proof.
  const parsed = parseCheck(ctx.root, ctx.outDir, model, files, ctx.parseErrors);
  const checks: CheckResult[] = [parsed.check];
  // 2. Windows PowerShell 5.1: the scripts, and the C# their templates compile with Add-Type.
  checks.push(compatCheck(ctx.outDir, model, files));
  const csharp = ctx.csharp ? await csharpCheck(model, ctx.csharpCache) : undefined;
  if (csharp) checks.push(csharp);
  // 3. Scenarios: the templates', then the remediation's own; what their outcomes proved of each check;
  // then the runs in Constrained Language Mode. None runs when the scripts do not parse.
  const scenarios = ctx.scenarios ? await proveScenarios(ctx, model, parsed.unparsed === 0) : undefined;
  if (scenarios) checks.push(...scenarios.checks);
  return {
    id: model.id,
    ok: checks.every((c) => c.problems.length === 0),
    checks,
    ...(scenarios ? { coverage: scenarios.coverage } : {}),
    ...(scenarios?.clm ? { clm: scenarios.clm } : {}),
    durationMs: Math.round(performance.now() - began),
  };
}
