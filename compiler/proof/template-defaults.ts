/**
 * The templates' Pester tests build their `$Config` from the template's spec, not from a copy: before
 * Pester runs, each template folder's default config (every option's default, through the same
 * PascalCase naming and literal encoder the emitter uses) is written as `<name>.ps1` into a folder that
 * `New-RemcTestConfig` (compiler/proof/harness/template-rules.ps1) reads through REMC_TEMPLATE_DEFAULTS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { psConfig } from '../emit/names.ts';
import { REMC_ROOT } from '../paths.ts';
import { psValue } from '../ps/literal.ts';
import { loadTemplateFactories, type TemplateFolder } from '../load/registry.ts';

export const DEFAULTS_ENV = 'REMC_TEMPLATE_DEFAULTS';

/**
 * Names the helpers' file for a project's own template tests: `. $env:REMC_TEST_HELPERS` gives them
 * New-RemcTestConfig and Get-RemcScriptViolation wherever remc is installed.
 */
export const HELPERS_ENV = 'REMC_TEST_HELPERS';
export const HELPERS_FILE = path.join(REMC_ROOT, 'compiler', 'proof', 'harness', 'template-rules.ps1');

/** The environment the templates' Pester tests run with. */
export function pesterEnv(defaultsDir: string): Record<string, string> {
  return { [DEFAULTS_ENV]: defaultsDir, [HELPERS_ENV]: HELPERS_FILE };
}

/** Writes `<dir>/<template>.ps1` for each folder; returns the problems (a folder without a factory, a config that throws). */
export async function writeTemplateDefaults(folders: readonly TemplateFolder[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const problems: string[] = [];
  for (const folder of folders) {
    let factories;
    try {
      factories = await loadTemplateFactories(folder);
    } catch (error) {
      problems.push(`${folder.name}: cannot load index.ts: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const spec = [...factories.values()].map((f) => f.spec).find((s) => s.name === folder.name);
    if (!spec) {
      problems.push(`${folder.name}: index.ts exports no factory made by defineTemplate with name '${folder.name}'`);
      continue;
    }
    try {
      writeFileSync(path.join(dir, `${folder.name}.ps1`), `${psValue(psConfig(spec.config({})))}\r\n`);
    } catch (error) {
      problems.push(`${folder.name}: its config of the defaults throws: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}
