/**
 * `remc test`'s cache of passing proofs. A remediation whose every check passed is not proven again
 * while nothing its proof depends on has changed: its built scripts and declaration, the files of
 * every check it uses (a template's folder with the siblings its PowerShell names, a custom check's
 * .ps1 and fakes), the code of its scenarios and its templates' scenarios (each bundled with what it
 * imports), remc's own compiler and harness, pwsh and the platform, and the options that change what
 * runs. A failure is never cached: it is shown again on the next run. Entries live in
 * `.cache/remc-test/` of the project, each written whole or not at all.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RemediationModel } from '../lower/model.ts';
import { REMC_ROOT } from '../paths.ts';
import { filesUnder, hashFolder, writeEntry } from './cache-files.ts';
import type { RemediationTestResult } from './results.ts';
import { remediationScenarioFile, type ScenarioModules } from './scenario-modules.ts';
import type { Toolchain } from './toolchain.ts';

/** Bump when what a cached proof means changes (the result's shape, what the key leaves out). */
const PROOF_CACHE_VERSION = 1;

/** remc's own compiler (the emitter, the harness, the invariants) and its version: a change to any re-proves everything. */
function remcCode(): string {
  const h = createHash('sha256').update(readFileSync(path.join(REMC_ROOT, 'package.json')));
  for (const file of filesUnder(path.join(REMC_ROOT, 'compiler'))) h.update(`\0${path.relative(REMC_ROOT, file)}\0`).update(readFileSync(file));
  return h.digest('hex');
}

/** What changes the checks `remc test` makes of a remediation, beside its files. */
export interface ProofSettings {
  readonly toolchain: Toolchain;
  readonly form: string;
  readonly constrainedLanguage: boolean;
  readonly csharp: boolean;
  readonly scenarios: boolean;
}

/**
 * The key of each remediation's proof in one run: everything the result depends on (see the top of
 * this file), read as the run starts (remc's code once per run; the scenario modules as the run's
 * proof loads them, each bundled once).
 */
export function proofKeys(root: string, outDir: string, settings: ProofSettings, modules: ScenarioModules): (model: RemediationModel) => Promise<string> {
  const { toolchain, ...options } = settings;
  const common = `remc-proof-cache ${PROOF_CACHE_VERSION}\0${remcCode()}\0${process.platform} ${process.arch}\0${toolchain.pwshVersion}\0${process.env['REMC_DOTNET'] ?? 'dotnet'}\0${JSON.stringify(options)}\0`;
  return (model) => proofKey(common, root, outDir, model, modules);
}

async function proofKey(common: string, root: string, outDir: string, model: RemediationModel, modules: ScenarioModules): Promise<string> {
  const h = createHash('sha256').update(common);
  h.update(JSON.stringify(model)).update('\0');
  for (const file of filesUnder(path.join(outDir, model.id))) h.update(`${path.relative(outDir, file)}\0`).update(readFileSync(file)).update('\0');
  const folders = new Set<string>();
  const files = new Set<string>();
  for (const c of model.checks) {
    if (c.source.kind === 'template') folders.add(path.dirname(c.source.probe));
    else for (const f of [c.source.probe, c.source.fix, c.source.seam, c.source.native]) if (f !== undefined) files.add(f);
    if (c.source.fakes !== undefined) files.add(c.source.fakes);
  }
  for (const dir of [...folders].sort()) {
    hashFolder(h, dir);
    h.update(await modules.code(path.join(dir, 'scenarios.ts'))).update('\0');
  }
  for (const file of [...files].sort()) h.update(`${file}\0`).update(existsSync(file) ? readFileSync(file) : 'absent').update('\0');
  h.update(await modules.code(remediationScenarioFile(root, model)));
  return h.digest('hex');
}

interface CachedProof {
  readonly version: number;
  readonly result: RemediationTestResult;
}

const entryFile = (cacheDir: string, key: string) => path.join(cacheDir, 'proof', `${key}.json`);

/** The passing proof cached under `key` for remediation `id`, marked as cached; undefined when there is none. */
export function cachedProof(cacheDir: string, key: string, id: string): RemediationTestResult | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryFile(cacheDir, key), 'utf8')) as CachedProof;
    if (entry.version !== PROOF_CACHE_VERSION || entry.result.id !== id || !entry.result.ok || !Array.isArray(entry.result.checks)) return undefined;
    return { ...entry.result, cached: true };
  } catch {
    return undefined; // absent, or cut short: prove it again
  }
}

/** Keeps a proof whose every check passed and ran (a skipped check, a failure: proven again next time). */
export function keepProof(cacheDir: string, key: string, result: RemediationTestResult): void {
  if (!result.ok || result.checks.some((c) => c.skipped !== undefined)) return;
  const { cached: _, ...kept } = result;
  writeEntry(entryFile(cacheDir, key), { version: PROOF_CACHE_VERSION, result: kept } satisfies CachedProof);
}
