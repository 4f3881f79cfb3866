/**
 * One `remc test` of this repository's remediations, for bench/run.ts to time as a whole process:
 * `node bin/run-ts.mjs bench/test-run.ts <workers> <cache: on|off> <cacheDir>`. workers 0 runs every
 * unit in a pwsh process of its own (the path before the worker pool). Exits 1 when the run failed, so
 * a broken tree is never timed as a fast one.
 */
import { REMC_ROOT } from '../compiler/paths.ts';
import { runTests } from '../compiler/pester/test-command.ts';

const [workers = '2', cache = 'on', cacheDir = '.cache/remc-test'] = process.argv.slice(2);
const report = await runTests({ root: REMC_ROOT, workers: Number(workers), cache: cache === 'on', cacheDir });
if (!report.ok) {
  console.error(JSON.stringify(report.remediations.flatMap((r) => r.checks.flatMap((c) => c.problems)).concat(report.pester?.problems ?? []).slice(0, 5)));
  process.exit(1);
}
