/**
 * `remc test --reporter junit|json`: the test report in a form CI reads. JUnit XML has a <testsuite>
 * per remediation with a <testcase> per check (parse, 5.1 compat, C# 5, the scenarios), one for the
 * templates' Pester tests, and one for the build when it failed; a check's problems are its <failure>.
 * What the scenarios proved (compiler/proof/coverage.ts) is a <testcase> "coverage: <check>" per
 * check of the remediation: passed when proven; when unproven, <skipped> with what is missing, or a
 * <failure> under --strict (then it fails the run). A template scenario left out as not applicable is
 * a <testcase> of its own, <skipped> with why; each check in Constrained Language Mode is a testcase
 * "CLM: <check>" (a <failure> when PowerShell refused it). A remediation taken from the proof cache
 * has the property remc.cached and the time 0 (it ran nothing in this run). JSON carries the report
 * as it is: each remediation's `coverage` ({ proven, steps, checks: [{ check, hasFix, proven, triggers,
 * fixRan, seenOut, seenIn, missing }] }), `cached` and `strict`.
 */
import { formatDiagnostic, sortDiagnostics } from '../diagnostics.ts';
import type { CheckCoverage } from './coverage.ts';
import type { CheckResult, ClmCheckResult, TestReport } from './results.ts';

export type Reporter = 'junit' | 'json';
export const REPORTERS: readonly Reporter[] = ['junit', 'json'];

/** XML 1.0 text: the five entities escaped, characters XML cannot hold at all replaced. */
function xml(text: string): string {
  return text
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

interface Case {
  readonly name: string;
  readonly timeMs?: number;
  readonly failure?: { readonly message: string; readonly text: string };
  readonly skipped?: string;
}

/** `cached`: the suite's result was taken from the cache, proven by an earlier run (its time is none of this run's). */
function suite(name: string, timeMs: number, cases: readonly Case[], cached = false): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const body = cases.map((c) => {
    const open = `    <testcase classname="${xml(name)}" name="${xml(c.name)}" time="${seconds(c.timeMs ?? 0)}"`;
    if (c.failure) return `${open}>\n      <failure message="${xml(c.failure.message)}">${xml(c.failure.text)}</failure>\n    </testcase>`;
    if (c.skipped !== undefined) return `${open}>\n      <skipped message="${xml(c.skipped)}"/>\n    </testcase>`;
    return `${open}/>`;
  });
  const properties = cached ? ['    <properties>', '      <property name="remc.cached" value="unchanged since a passing run, taken from the cache"/>', '    </properties>'] : [];
  const time = cached ? 0 : timeMs;
  return [`  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">`, ...properties, ...body, '  </testsuite>'].join('\n');
}

function checkCase(check: CheckResult): Case {
  const name = `${check.label} (${check.passed}/${check.total})`;
  if (check.skipped !== undefined) return { name, skipped: check.skipped };
  if (check.problems.length > 0) return { name, failure: { message: `${check.total - check.passed} of ${check.total} failed`, text: check.problems.join('\n') } };
  return { name };
}

/** A scenario left out as not about any check of the remediation: skipped, never passed. */
function notApplicableCases(check: CheckResult): Case[] {
  return (check.notApplicable ?? []).map((n) => ({ name: n.scenario, skipped: `not applicable: ${n.reason}` }));
}

/** A check in Constrained Language Mode: passed when it ran, or was skipped as needing FullLanguage; a failure when refused. */
function clmCase(c: ClmCheckResult): Case {
  const name = `CLM: ${c.check}`;
  if (c.result === 'refused') return { name, failure: { message: `refused in Constrained Language Mode ${c.detail ?? ''}`.trim(), text: c.detail ?? '' } };
  if (c.result === 'skipped') return { name, skipped: 'needs FullLanguage: skipped in Constrained Language Mode, as it must be' };
  if (c.result === 'not probed') return { name, skipped: 'not probed in Constrained Language Mode (nothing called for its fix)' };
  return { name };
}

function coverageCase(check: CheckCoverage, strict: boolean): Case {
  const name = `coverage: ${check.check}`;
  if (check.proven) return { name };
  const message = `unproven: ${check.missing.join('; ')}`;
  return strict ? { name, failure: { message, text: message } } : { name, skipped: message };
}

export function junitReport(report: TestReport): string {
  const suites: string[] = [];
  if (report.error !== undefined) suites.push(suite('remc test', report.durationMs, [{ name: 'run', failure: { message: report.error, text: report.error } }]));
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const text = sortDiagnostics(errors).map(formatDiagnostic).join('\n\n');
    suites.push(suite('build', report.durationMs, [{ name: 'build', failure: { message: `the build has ${errors.length} error${errors.length === 1 ? '' : 's'}`, text } }]));
  }
  for (const r of report.remediations) {
    const cases = [...r.checks.flatMap((c) => [checkCase(c), ...notApplicableCases(c)]), ...(r.coverage?.checks ?? []).map((c) => coverageCase(c, report.strict === true)), ...(r.clm ?? []).map(clmCase)];
    suites.push(suite(r.id, r.durationMs, cases, r.cached === true));
  }
  if (report.pester) {
    const p = report.pester;
    const name = `Pester (${p.passed}/${p.total} passed, ${p.skipped} skipped, ${p.cached}/${p.templates} templates cached)`;
    suites.push(suite('templates (Pester)', p.durationMs, [p.ok ? { name, timeMs: p.durationMs } : { name, timeMs: p.durationMs, failure: { message: 'the templates\' Pester tests failed', text: p.problems.join('\n') } }]));
  }
  const count = (attr: string) => suites.reduce((n, s) => n + Number(new RegExp(`^  <testsuite [^>]*${attr}="(\\d+)"`).exec(s)?.[1] ?? 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="remc test" tests="${count('tests')}" failures="${count('failures')}" errors="0" skipped="${count('skipped')}" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

export function jsonReport(report: TestReport): string {
  const { diagnostics, ...rest } = report;
  return `${JSON.stringify({ ...rest, diagnostics: sortDiagnostics(diagnostics).map((d) => ({ severity: d.severity, code: d.code, text: formatDiagnostic(d) })) }, null, 2)}\n`;
}
