/**
 * One `remc test` of a project, for bench/run.ts to time as a whole process:
 * `node bin/run-ts.mjs bench/test-run.ts <workers> <cache: on|pester|off> <cacheDir> [root]` (root:
 * this repository's remediations by default; `pester`: the cached proofs are removed first, as after an
 * edit to every remediation, the templates' Pester results kept). workers 0 runs every unit in a pwsh process of its own (the
 * path before the worker pool). Exits 1 when the run failed, so a broken tree is never timed as a
 * fast one. With BENCH_STATS set, writes there what the run did: remediations, scenarios, and the
 * units the pool ran with their summed time on a worker, in all and per harness script.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REMC_ROOT } from '../compiler/paths.ts';
import { PwshPool } from '../compiler/proof/pool.ts';
import { runTests } from '../compiler/proof/test-command.ts';

const [workers = '2', cache = 'on', cacheDir = '.cache/remc-test', root = REMC_ROOT] = process.argv.slice(2);
let units = 0;
let unitMs = 0;
/** Per harness script (scenario step, parse, Pester): units and their summed time on a worker. */
const byScript: Record<string, { units: number; ms: number }> = {};
const pool = Number(workers) > 0 ? new PwshPool({ size: Number(workers) }) : undefined;
if (pool) {
  const run = pool.run.bind(pool);
  pool.run = async (unit) => {
    const result = await run(unit);
    units++;
    unitMs += result.durationMs;
    const kind = (byScript[path.basename(unit.file)] ??= { units: 0, ms: 0 });
    kind.units++;
    kind.ms += result.durationMs;
    return result;
  };
  // A scenario's steps go as one unit: counted once, its time once (every step's result carries the unit's).
  const runSteps = pool.runSteps.bind(pool);
  pool.runSteps = async (unit, steps) => {
    const results = await runSteps(unit, steps);
    const ms = results[0]?.durationMs ?? 0;
    units++;
    unitMs += ms;
    const kind = (byScript[`${path.basename(unit.file)} (a scenario's steps)`] ??= { units: 0, ms: 0 });
    kind.units++;
    kind.ms += ms;
    return results;
  };
}
if (cache === 'pester') rmSync(path.join(cacheDir, 'proof'), { recursive: true, force: true });
try {
  const report = await runTests({ root, workers: Number(workers), cache: cache !== 'off', cacheDir, ...(pool ? { pool } : {}) });
  if (!report.ok) {
    console.error(JSON.stringify(report.remediations.flatMap((r) => r.checks.flatMap((c) => c.problems)).concat(report.pester?.problems ?? [], report.error ?? []).slice(0, 5)));
    process.exitCode = 1;
  }
  const scenarios = report.remediations.flatMap((r) => r.checks).filter((c) => c.kind === 'template scenarios' || c.kind === 'scenarios').reduce((n, c) => n + c.total, 0);
  const stats = process.env['BENCH_STATS'];
  if (stats) writeFileSync(stats, JSON.stringify({ remediations: report.remediations.length, cached: report.remediations.filter((r) => r.cached).length, scenarios, units, unitMs, byScript, pesterCached: report.pester?.cached ?? 0 }));
} finally {
  await pool?.close();
}
