/**
 * `remc test`'s Pester cache and its CI reporters. The cache runs a template's Pester tests once per
 * content: a second run takes them from the cache, a change to the template runs that template again,
 * a failing template is never cached, and `cache: false` (--no-cache) runs everything. The JUnit
 * report is read back with a real XML parser (.NET's, in pwsh).
 */
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PwshPool } from '../compiler/proof/pool.ts';
import { runPwsh } from '../compiler/proof/pwsh.ts';
import { jsonReport, junitReport } from '../compiler/proof/report.ts';
import { type TestReport } from '../compiler/proof/results.ts';
import { runTests } from '../compiler/proof/test-command.ts';
import { describePowerShell } from './support/powershell.ts';
import { remc as run } from './support/remc.ts';

const root = path.resolve(import.meta.dirname, '..');
// Inside the package (git-ignored): a project's own template imports 'remc', which resolves from here.
mkdirSync(path.join(root, 'test', '.out'), { recursive: true });
const scratch = mkdtempSync(path.join(root, 'test', '.out', 'reporters-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A report made by hand: one remediation with a failing check, failing Pester, text XML must escape. */
const HAND_MADE: TestReport = {
  ok: false,
  diagnostics: [],
  remediations: [
    {
      id: 'a&b',
      ok: false,
      durationMs: 1500,
      checks: [
        { kind: 'parse', label: 'parse', passed: 2, total: 2, problems: [] },
        { kind: 'scenarios', label: 'scenarios', passed: 1, total: 2, problems: ['scenario "x <y>", step 1: expected exit 0, got 1 \u0001'] },
      ],
    },
  ],
  pester: { ok: false, passed: 3, skipped: 1, total: 5, problems: ['test T.a: failed'], durationMs: 2000, templates: 2, cached: 1 },
  durationMs: 4000,
};

describe('remc test reporters', () => {
  it('counts tests and failures in JUnit and escapes what XML cannot hold', () => {
    const text = junitReport(HAND_MADE);
    expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="remc test" tests="3" failures="2" errors="0" skipped="0" time="4\.000">/);
    expect(text).toContain('<testsuite name="a&amp;b" tests="2" failures="1" errors="0" skipped="0" time="1.500">');
    expect(text).toContain('scenario &quot;x &lt;y&gt;&quot;, step 1: expected exit 0, got 1 \ufffd</failure>');
    expect(text).not.toMatch(/[\u0000-\u0008]/);
  });

  it('has a coverage testcase per check: passed when proven, skipped with what is missing when not, a failure under --strict', () => {
    const covered = (strict: boolean): TestReport => ({
      ok: !strict,
      strict,
      diagnostics: [],
      remediations: [
        {
          id: 'r',
          ok: true,
          durationMs: 1000,
          checks: [{ kind: 'parse', label: 'parse', passed: 2, total: 2, problems: [] }],
          coverage: {
            proven: false,
            steps: 3,
            checks: [
              { check: 'signal', hasFix: false, proven: true, triggers: [], seenOut: true, seenIn: true, missing: [] },
              { check: 'cleanup', hasFix: true, proven: false, triggers: [{ trigger: 'finding:signal', fired: false }], fixRan: false, missing: ['trigger finding:signal never fired', 'fix never ran'] },
            ],
          },
        },
      ],
      durationMs: 1000,
    });
    const lenient = junitReport(covered(false));
    expect(lenient).toContain('<testsuite name="r" tests="3" failures="0" errors="0" skipped="1" time="1.000">');
    expect(lenient).toContain('<testcase classname="r" name="coverage: signal" time="0.000"/>');
    expect(lenient).toContain('<testcase classname="r" name="coverage: cleanup" time="0.000">\n      <skipped message="unproven: trigger finding:signal never fired; fix never ran"/>');
    const strict = junitReport(covered(true));
    expect(strict).toContain('<testsuite name="r" tests="3" failures="1" errors="0" skipped="0" time="1.000">');
    expect(strict).toContain('<failure message="unproven: trigger finding:signal never fired; fix never ran">unproven: trigger finding:signal never fired; fix never ran</failure>');
    const back = JSON.parse(jsonReport(covered(true))) as TestReport;
    expect(back.strict).toBe(true);
    expect(back.remediations[0]!.coverage).toEqual(covered(true).remediations[0]!.coverage);
  });

  it('marks a remediation taken from the proof cache, with no time of this run', () => {
    const proven = HAND_MADE.remediations[0]!;
    const report: TestReport = { ok: true, diagnostics: [], remediations: [{ ...proven, id: 'kept', ok: true, cached: true, checks: [proven.checks[0]!] }, { ...proven, id: 'ran', ok: true, checks: [proven.checks[0]!] }], durationMs: 300 };
    const text = junitReport(report);
    expect(text).toContain('<testsuite name="kept" tests="1" failures="0" errors="0" skipped="0" time="0.000">\n    <properties>\n      <property name="remc.cached" value="unchanged since a passing run, taken from the cache"/>\n    </properties>\n    <testcase classname="kept" name="parse (2/2)" time="0.000"/>');
    expect(text).toContain('<testsuite name="ran" tests="1" failures="0" errors="0" skipped="0" time="1.500">\n    <testcase');
    expect(text.match(/remc\.cached/g)).toHaveLength(1);
  });

  it('writes JSON that reads back to the report', () => {
    const back = JSON.parse(jsonReport(HAND_MADE)) as TestReport;
    expect(back.remediations).toEqual(HAND_MADE.remediations);
    expect(back.pester).toEqual(HAND_MADE.pester);
    expect(back.ok).toBe(false);
  });
});

const remc = (args: string[]) => run(args);

describePowerShell('remc test: Pester cache and JUnit', () => {
  const project = path.join(scratch, 'project');
  const cacheDir = path.join(scratch, 'cache');
  const own = path.join(project, 'templates', 'machine-environment', 'MachineEnvironment.Tests.ps1');
  let pool: PwshPool;
  beforeAll(() => {
    cpSync(path.join(root, 'examples'), project, { recursive: true });
    pool = new PwshPool({ size: 2 });
  });
  afterAll(() => pool.close());
  // A project's own template and a built-in one; no scenarios or C#: this is about the Pester part.
  const run = (cache = true) => runTests({ root: project, ids: ['contoso-proxy', 'print-spooler'], scenarios: false, csharp: false, cache, cacheDir, pool });

  it('runs a template once per content, reruns a changed or failing one, and runs all with the cache off', async () => {
    const first = await run();
    expect(first.pester).toMatchObject({ ok: true, templates: 2, cached: 0 });
    expect(first.pester!.total).toBeGreaterThan(0);
    expect(first.pester!.passed + first.pester!.skipped).toBe(first.pester!.total);
    expect(readdirSync(path.join(cacheDir, 'pester'))).toHaveLength(2);

    const second = await run();
    expect(second.pester).toMatchObject({ ok: true, templates: 2, cached: 2, passed: first.pester!.passed, skipped: first.pester!.skipped, total: first.pester!.total });

    const off = await run(false);
    expect(off.pester).toMatchObject({ ok: true, templates: 2, cached: 0, total: first.pester!.total });

    // A new test in the project's template: that template runs again, the built-in one does not.
    appendFileSync(own, "\nDescribe 'added by the cache test' {\n    It 'passes' { 1 | Should -Be 1 }\n}\n");
    const changed = await run();
    expect(changed.pester).toMatchObject({ ok: true, templates: 2, cached: 1, total: first.pester!.total + 1 });

    // A folder beside it that its tests read as ../<folder> is part of its content too.
    const shared = path.join(project, 'templates', 'shared-data');
    mkdirSync(shared, { recursive: true });
    writeFileSync(path.join(shared, 'value.txt'), 'one');
    appendFileSync(own, "\nDescribe 'reads a sibling folder' {\n    It 'finds it' { Test-Path (Join-Path $PSScriptRoot '../shared-data/value.txt') | Should -BeTrue }\n}\n");
    expect((await run()).pester).toMatchObject({ ok: true, cached: 1 });
    expect((await run()).pester).toMatchObject({ ok: true, cached: 2 });
    writeFileSync(path.join(shared, 'value.txt'), 'two');
    expect((await run()).pester).toMatchObject({ ok: true, cached: 1 });

    // A failing template is reported, and not cached: the next run runs it again and fails again.
    appendFileSync(own, "\nDescribe 'failing on purpose' {\n    It 'fails' { 1 | Should -Be 2 }\n}\n");
    for (let i = 0; i < 2; i++) {
      const failing = await run();
      expect(failing.ok).toBe(false);
      expect(failing.pester).toMatchObject({ ok: false, templates: 2, cached: 1 });
      expect(failing.pester!.problems).toContainEqual(expect.stringMatching(/^test failing on purpose\.fails: Expected 2, but got 1\./));
    }
  });

  it('writes JUnit XML to stdout with --reporter junit, and exits as without it', async () => {
    const r = await remc(['test', '--project', project, 'print-spooler', '--reporter', 'junit', '--workers', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^ {2}print-spooler +ok +parse 2\/2, .* in [\d.]+ s$/m);
    const file = path.join(scratch, 'junit.xml');
    writeFileSync(file, r.stdout);
    const read = await runPwsh(
      "param($File)\n$x = [xml][IO.File]::ReadAllText($File)\n'{0} {1} {2}' -f $x.testsuites.tests, $x.testsuites.failures, (@($x.testsuites.testsuite | ForEach-Object { $_.name }) -join '|')\n",
      { args: [file] },
    );
    expect(read.stderr).toBe('');
    expect(read.stdout.trim()).toMatch(/^(\d+) 0 print-spooler\|templates \(Pester\)$/);
    const bad = await remc(['test', '--project', project, '--reporter', 'tap']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--reporter must be one of junit, json (got 'tap')");
    expect(existsSync(path.join(project, '.cache', 'remc-test'))).toBe(true); // the CLI's cache lives in the project
  });
});
