/**
 * `remc test` itself: the command on the flagship (as users run it), and the checks it is made of,
 * each shown to fail for the damage it exists to catch: a script PowerShell cannot parse, a
 * PowerShell 7-only operator, and a fix that claims success without converging. And what it proved:
 * a custom check without scenarios is unproven (and fails the run under --strict); its scenarios prove it.
 * And what it keeps: a passing proof, taken from the cache while nothing it depends on changes.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unprovenLines } from '../compiler/proof/coverage.ts';
import { type RemediationTestResult, type TestReport } from '../compiler/proof/results.ts';
import { PwshPool } from '../compiler/proof/pool.ts';
import { runTests, type TestOptions } from '../compiler/proof/test-command.ts';
import { describePowerShell } from './support/powershell.ts';
import { remc as run } from './support/remc.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-test-command-'));
// Projects go inside the package (git-ignored test/.out), where their `import ... from 'remc'` resolves.
mkdirSync(path.join(root, 'test', '.out'), { recursive: true });
const projects = mkdtempSync(path.join(root, 'test', '.out', 'test-command-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(projects, { recursive: true, force: true });
});

/** A project with the custom check of examples/ (defender-realtime): its declaration, probe, fix and fakes, and these scenarios. */
function defenderProject(name: string, scenarios?: string): string {
  const dir = path.join(projects, name);
  mkdirSync(path.join(dir, 'remediations'), { recursive: true });
  for (const f of ['defender-realtime.ts', 'defender-realtime.probe.ps1', 'defender-realtime.fix.ps1', 'defender-realtime.fakes.ps1']) {
    copyFileSync(path.join(root, 'examples', 'remediations', f), path.join(dir, 'remediations', f));
  }
  if (scenarios !== undefined) writeFileSync(path.join(dir, 'remediations', 'defender-realtime.scenarios.ts'), scenarios);
  return dir;
}

const remc = (args: string[], env: Record<string, string | undefined> = {}) => run(args, { env });

/** Replaces `from` (which must occur) in a generated script of the build under test. */
function damage(outDir: string, file: string, from: string, to: string): void {
  const target = path.join(outDir, 'teams-signin-50058', file);
  const text = readFileSync(target, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  writeFileSync(target, text.replace(from, to));
}

function check(report: TestReport, kind: string): RemediationTestResult['checks'][number] {
  const found = report.remediations[0]?.checks.find((c) => c.kind === kind);
  if (!found) throw new Error(`no ${kind} check in ${JSON.stringify(report.remediations)}`);
  return found;
}

describe('remc test without PowerShell', () => {
  it('says pwsh is missing and how to install it, and exits 1', async () => {
    const empty = path.join(scratch, 'no-tools');
    const r = await remc(['test'], { REMC_CACHE: empty, REMC_PWSH: undefined, REMC_PESTER: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^remc test: pwsh not found: .*run `remc setup` \(it needs the \.NET SDK\)/);
    expect(r.stdout).toBe('');
  });

  it('has help, and refuses arguments other commands do not take', async () => {
    const help = await remc(['test', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: remc test [ids...] [--project DIR] [--out DIR]');
    expect(help.stdout).toMatch(/^ {2}--strict +an unproven check fails the run \(exit 1\)/m);
    expect(help.stdout).toContain('unproven: <check>: <what is missing>');
    const bad = await remc(['build', 'teams-signin-50058']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unexpected argument 'teams-signin-50058' for 'remc build'");
  });
});

describePowerShell('remc test', () => {
  it('passes the flagship: a line per remediation, the Pester line and the summary, exit 0', async () => {
    // --no-cache: proven now, whatever an earlier run of this checkout left in .cache/.
    const r = await remc(['test', '--no-cache']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Each of its three templates' first scenario ran once more in Constrained Language Mode.
    expect(r.stdout).toMatch(/^ {2}teams-signin-50058 +ok +parse 2\/2, 5\.1 compat 2\/2, C# 5 1\/1, template scenarios (\d+)\/\1, scenarios (\d+)\/\2, CLM 3\/3 in [\d.]+ s$/m);
    // Every check of the flagship is proven: each trigger fired and each fix ran, the diagnosis seen with and without a cause.
    expect(r.stdout).not.toContain('unproven');
    expect(r.stdout).not.toContain('not applicable');
    // The purge needs FullLanguage (Add-Type): skipped there, saying so; the diagnosis and the broker run.
    expect(r.stdout).toContain('\n    diagnosis: CLM: ran\n    broker: CLM: ran\n    credentials: CLM: skipped (needs FullLanguage)\n');
    expect(r.stdout).toMatch(/^ {2}templates \(Pester\) +ok +(\d+)\/\1 tests passed in [\d.]+ s$/m);
    expect(r.stdout).toMatch(/^Tested 1 remediation: 1 passed, 0 failed in [\d.]+ s\.$/m);
  });

  it('fails on an unknown id, naming the ones there are', async () => {
    const r = await remc(['test', 'no-such-remediation']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("remc test: no remediation 'no-such-remediation' in");
    expect(r.stderr).toContain('(there are: teams-signin-50058)');
  });

  it('fails the parse proof on a script PowerShell cannot parse, naming file:line and the parser message', async () => {
    const report = await runTests({
      root,
      pester: false,
      csharp: false,
      afterBuild: (out) => damage(out, 'detect.ps1', 'function Get-RemcUtcNow {\r\n  [DateTime]::UtcNow\r\n}\r\n', 'function Get-RemcUtcNow {\r\n  [DateTime]::UtcNow\r\n'),
    });
    expect(report.ok).toBe(false);
    const parse = check(report, 'parse');
    expect(parse.passed).toBe(1);
    // The parser names the line of the function whose closing brace is gone.
    const line = readFileSync(path.join(root, 'dist', 'teams-signin-50058', 'detect.ps1'), 'utf8').split('\r\n').indexOf('function Get-RemcUtcNow {') + 1;
    expect(line).toBeGreaterThan(0);
    expect(parse.problems).toEqual([expect.stringMatching(new RegExp(`^teams-signin-50058/detect\\.ps1:${line}:\\d+: Missing closing '}' in statement block or type definition\\.$`))]);
    // The scenarios do not run on a script that does not parse: they fail for that reason.
    const scenarios = check(report, 'template scenarios');
    expect(scenarios.passed).toBe(0);
    expect(scenarios.problems).toEqual(['not run: the scripts do not parse']);
  });

  it('fails the 5.1 check on a PowerShell 7-only operator that pwsh itself runs', async () => {
    const report = await runTests({
      root,
      pester: false,
      scenarios: false,
      csharp: false,
      afterBuild: (out) => damage(out, 'remediate.ps1', '  $name = [string]$Config.PackageName\r\n', "  $name = $Config.PackageName ?? 'Microsoft.AAD.BrokerPlugin'\r\n"),
    });
    expect(report.ok).toBe(false);
    expect(check(report, 'parse').problems).toEqual([]);
    const compat = check(report, 'compat');
    expect(compat.passed).toBe(1);
    expect(compat.problems).toEqual([expect.stringMatching(/^teams-signin-50058\/remediate\.ps1:\d+:\d+: syntax: .*\?\?/)]);
  });

  it('fails the scenarios on a fix that reports success without converging', async () => {
    const report = await runTests({
      root,
      pester: false,
      csharp: false,
      scenarioFilter: (name) => name.startsWith('OS cause'),
      afterBuild: (out) =>
        damage(out, 'remediate.ps1', '  $outcome = Remove-RemcCredentialSelection -Credential $selected\r\n', "  $outcome = @{ Removed = @($selected | ForEach-Object { [string]$_.TargetName }); Failed = 0; FirstError = '' }\r\n"),
    });
    expect(report.ok).toBe(false);
    expect(check(report, 'parse').problems).toEqual([]);
    expect(check(report, 'compat').problems).toEqual([]);
    const template = check(report, 'template scenarios');
    expect(template.total).toBe(1);
    expect(template.problems).toContainEqual(
      expect.stringMatching(/^template scenario sign-in-diagnostics\/"OS cause: repeated silent sign-in failures", remediate: a purge that reports success leaves none of its entries behind: credentials says it removed them, but 5 remain: 'msteams_adalsso\/adal_context_0'/),
    );
    const own = check(report, 'scenarios');
    expect(own.total).toBe(1);
    expect(own.problems).toContainEqual(expect.stringMatching(/^scenario "OS cause: .*", step 3 \(remediate\): state Deleted is \[\], expected/));
  });
}, { concurrent: true });

describePowerShell('remc test: what the scenarios proved', () => {
  it('reports a custom check without scenarios as unproven, naming what never happened; the exit code is 0 unless --strict', async () => {
    const project = defenderProject('without-scenarios');
    const r = await remc(['test', '--project', project]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ {2}defender-realtime +unproven +parse 4\/4, 5\.1 compat 2\/2, template scenarios 0\/0 in [\d.]+ s$/m);
    expect(r.stdout).toMatch(/^ {4}unproven: defender: trigger drift never fired; fix never ran$/m);
    expect(r.stdout).toMatch(/^Tested 1 remediation: 0 passed, 1 unproven, 0 failed in [\d.]+ s\.$/m);
    expect(r.code).toBe(0);

    const strict = await remc(['test', '--project', project, '--strict']);
    expect(strict.stdout).toMatch(/^ {4}unproven: defender: trigger drift never fired; fix never ran$/m);
    expect(strict.stdout).toMatch(/^Tested 1 remediation: 0 passed, 1 unproven, 0 failed in [\d.]+ s; --strict: unproven checks fail the run\.$/m);
    expect(strict.code).toBe(1);

    // The reporters carry it: JSON a coverage per remediation, JUnit a testcase per check (a failure under --strict).
    const json = await remc(['test', '--project', project, '--reporter', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { ok: boolean; strict: boolean; remediations: { id: string; ok: boolean; coverage: unknown }[] };
    expect(report.ok).toBe(true);
    expect(report.remediations[0]!.coverage).toEqual({
      proven: false,
      steps: 0,
      checks: [{ check: 'defender', hasFix: true, proven: false, triggers: [{ trigger: 'drift', fired: false }], fixRan: false, missing: ['trigger drift never fired', 'fix never ran'] }],
    });
    expect(json.stderr).toMatch(/^ {4}unproven: defender: trigger drift never fired; fix never ran$/m);
    const junit = await remc(['test', '--project', project, '--reporter', 'junit', '--strict']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toContain('<testcase classname="defender-realtime" name="coverage: defender" time="0.000">\n      <failure message="unproven: trigger drift never fired; fix never ran">');
  });

  it("proves a cleanup whose trigger is another check's finding from the template scenarios alone (eventSignal + onFinding)", async () => {
    const project = path.join(projects, 'on-finding');
    mkdirSync(path.join(project, 'remediations'), { recursive: true });
    writeFileSync(
      path.join(project, 'remediations', 'crash-cleanup.ts'),
      `import { defineRemediation, eventSignal, onFinding, pathCleanup } from 'remc';

const crashes = eventSignal({ checkName: 'crashes', log: 'Application', provider: 'Application Error', ids: [1000], minCount: 3 });

export default defineRemediation({
  id: 'crash-cleanup',
  displayName: 'Clear the new Teams cache after repeated crashes',
  description: 'Clears the new Teams cache when Teams keeps crashing.',
  publisher: 'Contoso IT',
  runAs: 'user',
  checks: [crashes, pathCleanup({ preset: 'new-teams-cache', trigger: onFinding(crashes) })],
});
`,
    );
    // The signal's scenarios: one where it finds its symptom (the cleanup's trigger fires, its fix runs), one where it does not.
    const wanted = ['the symptom repeats: four matching events in the last three hours', 'one matching event half an hour ago'];
    const report = await runTests({ root: project, pester: false, csharp: false, strict: true, scenarioFilter: (name) => wanted.includes(name) });
    const result = report.remediations[0]!;
    expect(result.checks.flatMap((c) => c.problems)).toEqual([]);
    expect(result.checks.find((c) => c.kind === 'template scenarios')?.total).toBe(2);
    expect(result.coverage?.checks).toEqual([
      { check: 'crashes', hasFix: false, proven: true, triggers: [], seenOut: true, seenIn: true, missing: [] },
      { check: 'cleanup', hasFix: true, proven: true, triggers: [{ trigger: 'finding:crashes', fired: true }], fixRan: true, missing: [] },
    ]);
    expect(report.ok).toBe(true);
    // Without the scenario in which the signal finds its symptom, nothing fires the cleanup: unproven, and --strict fails.
    const quiet = await runTests({ root: project, pester: false, csharp: false, strict: true, scenarioFilter: (name) => name === wanted[1] });
    expect(unprovenLines(quiet.remediations[0]!.coverage)).toEqual(['crashes: never seen out of its desired state', 'cleanup: trigger finding:crashes never fired; fix never ran']);
    expect(quiet.remediations[0]!.ok).toBe(true);
    expect(quiet.ok).toBe(false);
  });

  it("proves the custom check with its scenarios: the drift seen, the fix run; --strict passes", async () => {
    const project = defenderProject(
      'with-scenarios',
      `import type { RemediationScenario } from 'remc';

export const scenarios: RemediationScenario[] = [
  {
    name: 'real-time protection is off: turned back on',
    setup: 'Reset-FakeDefender -RealTime $false',
    steps: [
      { run: 'detect', expect: { exitCode: 1 } },
      { run: 'remediate', at: 5, expect: { exitCode: 0, lastLine: 'defender: fixed: turned real-time protection on' } },
      { run: 'detect', expect: { exitCode: 0 } },
    ],
  },
];
`,
    );
    const r = await remc(['test', '--project', project, '--strict']);
    expect(r.stderr).toBe('');
    // Its first scenario ran once more in Constrained Language Mode, where the check keeps to what that mode allows.
    expect(r.stdout).toMatch(/^ {2}defender-realtime +ok +parse 4\/4, 5\.1 compat 2\/2, template scenarios 0\/0, scenarios 1\/1, CLM 1\/1 in [\d.]+ s$/m);
    expect(r.stdout).toMatch(/^ {4}defender: CLM: ran$/m);
    expect(r.stdout).not.toContain('unproven');
    expect(r.stdout).toMatch(/^Tested 1 remediation: 1 passed, 0 failed in [\d.]+ s\.$/m);
    expect(r.code).toBe(0);
  });
}, { concurrent: true });

describePowerShell('remc test: a passing proof is kept while nothing it depends on changes', () => {
  const examples = path.join(root, 'examples', 'remediations');
  const ownScenarios = readFileSync(path.join(examples, 'defender-realtime.scenarios.ts'), 'utf8');

  it('takes an unchanged remediation from the cache without running PowerShell, and proves it again after any change', async () => {
    const project = defenderProject('cached', ownScenarios);
    const pool = new PwshPool({ size: 1 });
    let units = 0;
    const { run: one, runSteps: steps } = pool;
    pool.run = (unit) => (units++, one.call(pool, unit));
    pool.runSteps = (unit, s) => (units++, steps.call(pool, unit, s));
    const prove = (extra: Partial<TestOptions> = {}) => runTests({ root: project, pester: false, csharp: false, pool, ...extra });
    const ran = async (extra: Partial<TestOptions> = {}) => {
      units = 0;
      const report = await prove(extra);
      return { report, result: report.remediations[0]!, units };
    };
    try {
      const first = await ran();
      expect(first.report.ok).toBe(true);
      expect(first.result.cached).toBeUndefined();
      expect(first.units).toBeGreaterThan(0);
      expect(readdirSync(path.join(project, '.cache', 'remc-test', 'proof'))).toHaveLength(1);

      // Unchanged: the same result, said to come from the cache, and not a single pwsh unit.
      const second = await ran();
      expect(second.result).toEqual({ ...first.result, cached: true });
      expect(second.units).toBe(0);
      // The cache off, or scenarios filtered (a partial proof): proven again, and the filtered one is not kept.
      expect((await ran({ cache: false })).result.cached).toBeUndefined();
      expect((await ran({ scenarioFilter: (n) => n.startsWith('real-time protection is off') })).units).toBeGreaterThan(0);
      // Another option that changes what runs (no Constrained Language Mode runs): a proof of its own.
      expect((await ran({ constrainedLanguage: false })).result.cached).toBeUndefined();
      expect((await ran({ constrainedLanguage: false })).result.cached).toBe(true);

      // A change to the remediation's own scenarios, its custom check's fakes, or its declaration: proven again.
      const file = (name: string) => path.join(project, 'remediations', name);
      const edits: [string, (text: string) => string][] = [
        ['defender-realtime.scenarios.ts', (t) => t.replace("'real-time protection is on: nothing to do'", "'real-time protection is on: nothing at all to do'")],
        ['defender-realtime.fakes.ps1', (t) => `${t}\n# a line more\n`],
        ['defender-realtime.probe.ps1', (t) => `${t}\n# a line more\n`],
      ];
      for (const [name, edit] of edits) {
        writeFileSync(file(name), edit(readFileSync(file(name), 'utf8')));
        const after = await ran();
        expect(after.result.cached, name).toBeUndefined();
        expect(after.units, name).toBeGreaterThan(0);
        expect((await ran()).result.cached, name).toBe(true);
      }

      // A failure is never kept: damaged the same way twice, it is proven (and fails) both times.
      const breakIt = (outDir: string) => writeFileSync(path.join(outDir, 'defender-realtime', 'detect.ps1'), `${readFileSync(path.join(outDir, 'defender-realtime', 'detect.ps1'), 'utf8')}\n}\n`);
      for (let i = 0; i < 2; i++) {
        const broken = await ran({ afterBuild: breakIt });
        expect(broken.report.ok).toBe(false);
        expect(broken.result.cached).toBeUndefined();
      }
    } finally {
      await pool.close();
    }
  });

  it('says so on the line of a cached remediation', async () => {
    const project = defenderProject('cached-cli', ownScenarios);
    const first = await remc(['test', '--project', project]);
    expect(first.stdout).toMatch(/^ {2}defender-realtime +ok +parse .* in [\d.]+ s$/m);
    const second = await remc(['test', '--project', project]);
    expect(second.stdout).toMatch(/^ {2}defender-realtime +ok +parse 4\/4, 5\.1 compat 2\/2, .* unchanged since a passing run, taken from the cache \(--no-cache proves it again\)$/m);
    expect(second.code).toBe(0);
    const json = JSON.parse((await remc(['test', '--project', project, '--reporter', 'json'])).stdout) as TestReport;
    expect(json.remediations[0]).toMatchObject({ id: 'defender-realtime', ok: true, cached: true });
    expect((await remc(['test', '--project', project, '--no-cache'])).stdout).toMatch(/^ {2}defender-realtime +ok +parse .* in [\d.]+ s$/m);
  });
}, { concurrent: true });
