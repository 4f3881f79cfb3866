/**
 * How remc loads a user's TypeScript module (the declarations, a template's or a remediation's
 * scenarios): esbuild bundles it with what it imports into one CommonJS module in memory, `remc`
 * resolved to this compiler's entry so the project needs no installed copy of it, and the bundle runs
 * as a function compiled from exactly its text. Nothing is written to disk.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileFunction } from 'node:vm';
import * as esbuild from 'esbuild';
import { REMC_ROOT } from '../paths.ts';

/** What `import ... from 'remc'` resolves to in a user's module. */
export const REMC_INDEX = path.join(REMC_ROOT, 'compiler', 'index.ts');

/** The esbuild options every bundle of a user's module shares (a caller adds its entry and outputs). */
export const USER_MODULE_BUILD = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  write: false,
  logLevel: 'silent',
  alias: { remc: REMC_INDEX },
} as const satisfies esbuild.BuildOptions;

/**
 * Runs a bundle (CommonJS) as a function compiled from exactly its text, so stack positions match
 * its source map whatever runs remc (a test runner that rewrites `import()` would shift them), and
 * nothing is written to disk. `filename` is what stack frames show; `requireFrom` is the file its
 * `require` resolves from.
 */
export function evaluateBundle(code: string, filename: string, requireFrom: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const run = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename });
  run(module.exports, createRequire(requireFrom), module, filename, path.dirname(filename));
  return module.exports;
}

/**
 * The exports of one module, bundled and evaluated in memory. Throws esbuild's failure (its `errors`
 * carry positions) when the module does not bundle, or what the module threw while it ran.
 */
export async function loadModule(file: string): Promise<Record<string, unknown>> {
  return evaluateBundle(await bundleModule(file), file, file);
}

/** One module bundled with what it imports, as loadModule runs it: its whole code, as text. Throws as loadModule does. */
export async function bundleModule(file: string): Promise<string> {
  const result = await esbuild.build({ ...USER_MODULE_BUILD, entryPoints: [file] });
  return result.outputFiles[0]?.text ?? '';
}
