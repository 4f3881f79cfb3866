/**
 * `remc test`: a line per remediation as its proof finishes (and what the scenarios did not prove), the
 * templates' Pester line and a summary; with `--reporter`, the JUnit or JSON report on stdout for CI.
 */
import { hasErrors } from '../diagnostics.ts';
import { unprovenLines } from '../proof/coverage.ts';
import { jsonReport, junitReport, REPORTERS } from '../proof/report.ts';
import { clmLine } from '../proof/clm-runs.ts';
import { describeChecks, notApplicableLines, resultWord, type RemediationTestResult, type TestReport } from '../proof/results.ts';
import { runTests, type TestOptions } from '../proof/test-command.ts';
import { signOptions, value, type Args } from './args.ts';
import { countErrors, plural, printDiagnostics, usageProblem } from './output.ts';

function printTestResult(result: RemediationTestResult, log: (line: string) => void = console.log): void {
  const when = result.cached ? 'unchanged since a passing run, taken from the cache (--no-cache proves it again)' : `in ${(result.durationMs / 1000).toFixed(1)} s`;
  log(`  ${result.id.padEnd(32)} ${resultWord(result).padEnd(8)} ${describeChecks(result)} ${when}`);
  for (const check of result.checks) for (const problem of check.problems) console.error(`    ${check.label}: ${problem}`);
  // What the scenarios did not prove, what did not apply, and each check in Constrained Language Mode:
  // on the line's own stream (results, not errors).
  for (const line of unprovenLines(result.coverage)) log(`    unproven: ${line}`);
  for (const line of notApplicableLines(result)) log(`    ${line}`);
  for (const c of result.clm ?? []) log(`    ${clmLine(c)}`);
}

/** "Tested 7 remediations: 5 passed, 2 unproven, 0 failed in 40.1 s" (unproven only when there are any). */
function testSummary(report: TestReport): string {
  const failed = report.remediations.filter((r) => resultWord(r) === 'FAILED').length;
  const unproven = report.remediations.filter((r) => resultWord(r) === 'unproven').length;
  const passed = report.remediations.length - failed - unproven;
  const strictly = unproven > 0 && report.strict ? '; --strict: unproven checks fail the run' : '';
  return `Tested ${plural(report.remediations.length, 'remediation')}: ${passed} passed, ${unproven > 0 ? `${unproven} unproven, ` : ''}${failed} failed in ${(report.durationMs / 1000).toFixed(2)} s${report.pester && !report.pester.ok ? '; the templates\' Pester tests failed' : ''}${strictly}.`;
}

/** The options `remc test` passes to runTests, or what is wrong with them. */
function testOptions(args: Args): Omit<TestOptions, 'root'> | string {
  const out = value(args, '--out');
  const workers = value(args, '--workers');
  if (workers !== undefined && !/^[1-9]\d{0,2}$/.test(workers)) return `--workers must be a whole number from 1 (got '${workers}')`;
  const sign = signOptions(args);
  if (typeof sign === 'string') return sign;
  return {
    ...(sign ? { sign } : {}),
    ids: args.positionals,
    ...(out !== undefined ? { out } : {}),
    ...(args.flags.has('--no-cache') ? { cache: false } : {}),
    ...(workers !== undefined ? { workers: Number(workers) } : {}),
    ...(args.flags.has('--combined') ? { form: 'combined' as const } : {}),
    ...(args.flags.has('--strict') ? { strict: true } : {}),
  };
}

/** `remc test --reporter junit|json`: the report on stdout for CI, the usual lines on stderr. */
async function runTestWithReporter(root: string, args: Args, reporter: string): Promise<number> {
  if (!(REPORTERS as readonly string[]).includes(reporter)) return usageProblem(`--reporter must be one of ${REPORTERS.join(', ')} (got '${reporter}')`);
  const options = testOptions(args);
  if (typeof options === 'string') return usageProblem(options);
  const report = await runTests({ root, ...options, onResult: (r) => printTestResult(r, console.error) });
  if (report.error) console.error(`remc test: ${report.error}`);
  if (hasErrors(report.diagnostics)) printDiagnostics(report.diagnostics);
  process.stdout.write(reporter === 'junit' ? junitReport(report) : jsonReport(report));
  return report.ok ? 0 : 1;
}

/** The templates' Pester tests: one line like a remediation's, its problems, and what came from the cache. */
function printPester(pester: NonNullable<TestReport['pester']>): void {
  const p = pester;
  console.log(`  ${'templates (Pester)'.padEnd(32)} ${(p.ok ? 'ok' : 'FAILED').padEnd(8)} ${p.passed}/${plural(p.total, 'test')} passed${p.skipped > 0 ? `, ${p.skipped} skipped (they need Windows)` : ''} in ${(p.durationMs / 1000).toFixed(1)} s`);
  for (const problem of p.problems) console.error(`    Pester: ${problem}`);
  if (p.cached > 0) console.log(`    ${p.cached} of ${plural(p.templates, 'template')} unchanged since a passing run, taken from the cache (--no-cache runs them)`);
}

export async function runTest(root: string, args: Args): Promise<number> {
  const reporter = value(args, '--reporter');
  if (reporter !== undefined) return runTestWithReporter(root, args, reporter);
  const options = testOptions(args);
  if (typeof options === 'string') return usageProblem(options);
  const report = await runTests({ root, ...options, onResult: (r) => printTestResult(r) });
  if (report.error) {
    console.error(`remc test: ${report.error}`);
    return 1;
  }
  if (hasErrors(report.diagnostics)) {
    printDiagnostics(report.diagnostics);
    console.error(`Test failed: the build has ${countErrors(report.diagnostics)}.`);
    return 1;
  }
  if (report.pester) printPester(report.pester);
  console.log(testSummary(report));
  return report.ok ? 0 : 1;
}
