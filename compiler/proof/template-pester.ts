/**
 * The templates' own Pester tests, as `remc test` runs them beside the remediations' checks: one run
 * for every template a tested remediation uses, with each template's default config written for its
 * tests. A template's passing result is cached by the hash of what it depends on (its folder and the
 * siblings it reads, its default config, the test helpers, pwsh and Pester), so an unchanged template
 * is not run again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TemplateFolder } from '../load/registry.ts';
import { REMC_ROOT } from '../paths.ts';
import { hashFolder, writeEntry } from './cache-files.ts';
import type { PwshPool } from './pool.ts';
import type { PesterSummary } from './results.ts';
import { formatPesterFailures, runPester, type PesterRunResult } from './runner.ts';
import { HELPERS_ENV, pesterEnv, writeTemplateDefaults } from './template-defaults.ts';
import type { Toolchain } from './toolchain.ts';

/** Bump when what a cached Pester result means changes (the runner, the summary's shape). */
const PESTER_CACHE_VERSION = 1;

/** The data the helpers read (compiler/proof/harness/template-rules.ps1): a change to any of it re-runs every template. */
const HELPER_DATA = [
  ['refused-commands.json'],
  ['template-rules.json'],
  ['windows-powershell-5.1', 'commands.json'],
].map((parts) => path.join(REMC_ROOT, 'compiler', 'ps', 'data', ...parts));

/** What a template's Pester result depends on: its files and the siblings it reads, its default config, the helpers and their data, pwsh and Pester. */
function templateKey(folder: TemplateFolder, defaultsDir: string, toolchain: Toolchain): string {
  const h = createHash('sha256');
  h.update(`remc-pester-cache ${PESTER_CACHE_VERSION}\0${toolchain.pwshVersion}\0${toolchain.pesterVersion}\0`);
  hashFolder(h, folder.dir);
  const defaults = path.join(defaultsDir, `${folder.name}.ps1`);
  h.update(existsSync(defaults) ? readFileSync(defaults) : 'no defaults').update('\0');
  h.update(readFileSync(pesterEnv(defaultsDir)[HELPERS_ENV]!));
  for (const file of HELPER_DATA) h.update('\0').update(readFileSync(file));
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

/** Runs the Pester tests of `folders` (those unchanged since they passed come from `cacheDir`), as one summary. */
export async function runTemplatePester(folders: readonly TemplateFolder[], toolchain: Toolchain, defaultsDir: string, pool: PwshPool | undefined, cacheDir: string | undefined): Promise<PesterSummary> {
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
          writeEntry(cacheFile(f), { template: f.name, passed: mine.passed, skipped: mine.skipped, total: mine.total } satisfies CachedPester);
        }
      }
    }
    return { ok, passed, skipped, total, problems, durationMs: elapsed(), templates: folders.length, cached: hits.size };
  } catch (error) {
    return { ok: false, passed: 0, skipped: 0, total: 0, problems: [`cannot run Pester: ${error instanceof Error ? error.message : String(error)}`], durationMs: elapsed(), templates: folders.length, cached: 0 };
  }
}
