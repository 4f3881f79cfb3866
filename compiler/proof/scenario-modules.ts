/**
 * The scenario modules `remc test` runs: a template's `scenarios.ts` (loaded once per run, whatever
 * number of remediations use the template) and a remediation's own `<id>.scenarios.ts`, each loaded
 * as remc loads any user's module (compiler/load/module.ts: bundled, so `remc` and relative imports
 * resolve wherever the project lives, then evaluated in memory); what is wrong with one, said with its
 * file and position.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as esbuild from 'esbuild';
import type { RemediationScenario, TemplateScenarioModule } from '../declare/scenario-spec.ts';
import { loadModule } from '../load/module.ts';
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

const templateModules = new Map<string, Promise<TemplateScenarioModule | string>>();

/** A template folder's scenarios.ts, or why it cannot be used (a string). */
export function templateScenarioModule(source: CheckSource): Promise<TemplateScenarioModule | string> {
  const file = path.join(path.dirname(source.probe), 'scenarios.ts');
  let found = templateModules.get(file);
  if (!found) {
    found = (async () => {
      if (!existsSync(file)) return { neutralSetup: '', invariants: [], scenarios: [] };
      try {
        const mod = await loadModule(file);
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

/** A remediation's own scenarios as its module exports them; throws when it does not load or exports none. */
export async function loadRemediationScenarios(file: string): Promise<RemediationScenario[]> {
  const mod = await loadModule(file);
  if (!Array.isArray(mod['scenarios'])) throw new Error('must export scenarios (an array of RemediationScenario)');
  return mod['scenarios'] as RemediationScenario[];
}
