/**
 * `remc test`'s cache of passing proofs. A remediation whose every check passed is not proven again
 * while nothing its proof depends on has changed: its built scripts and declaration, the files of
 * every check it uses (a template's folder with the siblings its PowerShell names, a custom check's
 * .ps1 and fakes), the code of its scenarios and its templates' scenarios (each bundled with what it
 * imports), remc's own compiler and harness, pwsh and the platform, and the options that change what
 * runs. A failure is never cached: it is shown again on the next run. Entries live in
 * `.cache/remc-test/` of the project, each written whole or not at all.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleModule } from '../load/module.ts';
import type { RemediationModel } from '../lower/model.ts';
import { REMC_ROOT } from '../paths.ts';
import type { RemediationTestResult } from './results.ts';
import { remediationScenarioFile } from './scenario-modules.ts';
import type { Toolchain } from './toolchain.ts';

/** Bump when what a cached proof means changes (the result's shape, what the key leaves out). */
const PROOF_CACHE_VERSION = 1;

/** Every file under `dir`, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * The sibling folders a template's PowerShell names as `../<folder>` (appx-registration's tests read
 * broker-plugin-registration's files): their content is part of its result too.
 */
export function siblingsNamed(dir: string): string[] {
  const found = new Set<string>();
  for (const file of filesUnder(dir).filter((f) => f.endsWith('.ps1'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.\.[\\/]([A-Za-z0-9_][A-Za-z0-9._-]*)/g)) {
      const sibling = path.join(path.dirname(dir), m[1]!);
      if (sibling !== dir && existsSync(sibling) && statSync(sibling).isDirectory()) found.add(sibling);
    }
  }
  return [...found].sort();
}

/** Adds a template folder, and the siblings it names, file by file (names relative to its parent). */
export function hashFolder(h: Hash, dir: string): void {
  for (const d of [dir, ...siblingsNamed(dir)]) {
    for (const file of filesUnder(d)) h.update(`${path.relative(path.dirname(dir), file)}\0`).update(readFileSync(file)).update('\0');
  }
}

/** Writes `value` as JSON to `file`, whole or not at all (another run may read it at the same time). */
export function writeEntry(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const staged = `${file}.${process.pid}.tmp`;
  writeFileSync(staged, `${JSON.stringify(value)}\n`);
  renameSync(staged, file);
}

/** remc's own compiler (the emitter, the harness, the invariants) and its version: a change to any re-proves everything. */
function remcCode(): string {
  const h = createHash('sha256').update(readFileSync(path.join(REMC_ROOT, 'package.json')));
  for (const file of filesUnder(path.join(REMC_ROOT, 'compiler'))) h.update(`\0${path.relative(REMC_ROOT, file)}\0`).update(readFileSync(file));
  return h.digest('hex');
}

/** A scenarios module's code with what it imports; a module that does not bundle keys on its error. */
function scenarioCode(file: string): Promise<string> {
  return existsSync(file) ? bundleModule(file).catch((error: unknown) => `does not bundle: ${String(error)}`) : Promise.resolve('none');
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
 * this file), read as the run starts (remc's code and each templates' scenarios once per run).
 */
export function proofKeys(root: string, outDir: string, settings: ProofSettings): (model: RemediationModel) => Promise<string> {
  const { toolchain, ...options } = settings;
  const common = `remc-proof-cache ${PROOF_CACHE_VERSION}\0${remcCode()}\0${process.platform} ${process.arch}\0${toolchain.pwshVersion}\0${process.env['REMC_DOTNET'] ?? 'dotnet'}\0${JSON.stringify(options)}\0`;
  const templateScenarios = new Map<string, Promise<string>>();
  const templateCode = (dir: string) => {
    const file = path.join(dir, 'scenarios.ts');
    if (!templateScenarios.has(file)) templateScenarios.set(file, scenarioCode(file));
    return templateScenarios.get(file)!;
  };
  return (model) => proofKey(common, root, outDir, model, templateCode);
}

async function proofKey(common: string, root: string, outDir: string, model: RemediationModel, templateCode: (dir: string) => Promise<string>): Promise<string> {
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
    h.update(await templateCode(dir)).update('\0');
  }
  for (const file of [...files].sort()) h.update(`${file}\0`).update(existsSync(file) ? readFileSync(file) : 'absent').update('\0');
  h.update(await scenarioCode(remediationScenarioFile(root, model)));
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
