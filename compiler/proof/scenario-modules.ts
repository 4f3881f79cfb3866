/**
 * The scenario modules `remc test` runs: a template's `scenarios.ts` and a remediation's own
 * `<id>.scenarios.ts`, each loaded as remc loads any user's module (compiler/load/module.ts: bundled,
 * so `remc` and relative imports resolve wherever the project lives, then evaluated in memory); what
 * is wrong with one, said with its file and position.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as esbuild from 'esbuild';
import type { RemediationScenario, TemplateScenarioModule } from '../declare/scenario-spec.ts';
import { bundleModule, evaluateBundle } from '../load/module.ts';
import type { RemediationModel } from '../lower/model.ts';
import type { CheckSource } from '../validate/check-source.ts';

/** Why a scenario module did not load: esbuild's errors with their positions, or what it threw. */
export function describeLoadError(file: string, error: unknown): string {
  const messages = (error as { errors?: esbuild.Message[] }).errors;
  if (messages && messages.length > 0) {
    return messages.map((m) => `${m.location ? `${path.relative(process.cwd(), path.resolve(m.location.file))}:${m.location.line}:${m.location.column + 1}: ` : `${file}: `}${m.text}`).join('; ');
  }
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The scenario modules of one `remc test` run, each bundled once: the proof cache keys on a module's
 * code (compiler/proof/proof-cache.ts) and the plan runs that same code, and a template's module is
 * evaluated once, whatever number of remediations use the template.
 */
export class ScenarioModules {
  private readonly bundles = new Map<string, Promise<string>>();
  private readonly templates = new Map<string, Promise<TemplateScenarioModule | string>>();

  /** The module bundled with what it imports; rejects as esbuild does when it does not bundle. */
  private bundle(file: string): Promise<string> {
    let found = this.bundles.get(file);
    if (!found) this.bundles.set(file, (found = bundleModule(file)));
    return found;
  }

  /** What a proof depends on of a module: its code with what it imports, why it does not bundle, or `none` when there is no file. */
  code(file: string): Promise<string> {
    return existsSync(file) ? this.bundle(file).catch((error: unknown) => `does not bundle: ${String(error)}`) : Promise.resolve('none');
  }

  /** A template folder's scenarios.ts, or why it cannot be used (a string). */
  template(source: CheckSource): Promise<TemplateScenarioModule | string> {
    const file = path.join(path.dirname(source.probe), 'scenarios.ts');
    let found = this.templates.get(file);
    if (!found) this.templates.set(file, (found = this.loadTemplate(file, source.origin)));
    return found;
  }

  private async loadTemplate(file: string, origin: string): Promise<TemplateScenarioModule | string> {
    if (!existsSync(file)) return { neutralSetup: '', invariants: [], scenarios: [] };
    try {
      const mod = evaluateBundle(await this.bundle(file), file, file);
      const problem = shapeProblem(mod, { neutralSetup: 'string', invariants: 'array', scenarios: 'array' });
      return problem ? `${origin}/scenarios.ts: ${problem}` : (mod as unknown as TemplateScenarioModule);
    } catch (error) {
      return describeLoadError(`${origin}/scenarios.ts`, error);
    }
  }

  /** A remediation's own scenarios as its module exports them; throws when it does not load or exports none. */
  async remediation(file: string): Promise<RemediationScenario[]> {
    const mod = evaluateBundle(await this.bundle(file), file, file);
    if (!Array.isArray(mod['scenarios'])) throw new Error('must export scenarios (an array of RemediationScenario)');
    return mod['scenarios'] as RemediationScenario[];
  }
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
