/**
 * Template scenarios follow the declaration: a correct declaration with any supported trigger passes
 * `remc test`. test/fixtures-triggers/ holds one remediation per template whose scenarios assumed a
 * trigger: a broker, a Store registration, a registry value, a scheduled task and a service that only
 * another check's finding or the diagnosis' OS cause triggers (their probe stays idle without it, so a
 * scenario that reads the probe in every step is not about them); a purge on the account cause and a
 * WAM sign-out on the device cause (once their fix ran, the diagnosis no longer concludes that cause;
 * the purge's and the sign-out's scenarios of a failing fix set up the OS cause, so they are not about
 * them); and a cleanup that allOf(onFinding(space), onDrift()) triggers, with scenarios of its own. A
 * scenario that is not about any check of a remediation is listed as not applicable: never run, never
 * counted as passed, never proof.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unprovenLines } from '../compiler/proof/coverage.ts';
import { junitReport } from '../compiler/proof/report.ts';
import { describeChecks, type RemediationTestResult, type TestReport } from '../compiler/proof/results.ts';
import { runTests } from '../compiler/proof/test-command.ts';
import { describePowerShell } from './support/powershell.ts';
import { remc as run } from './support/remc.ts';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures-triggers');

/** The reason a scenario that reads the probe in every step gives for a check it is not about. */
const IDLE = 'its probe runs only when a symptom of another check calls for its fix (no drift trigger), and this scenario sets up no such symptom';
const NOT_ON_OS_CAUSE = 'its fix is triggered neither by its own drift nor by the os cause of sign-in-diagnostics, the symptom this scenario sets up';

const remc = (args: string[]) => run(args);

function templateScenarios(r: RemediationTestResult) {
  const found = r.checks.find((c) => c.kind === 'template scenarios');
  if (!found) throw new Error(`no template scenarios for ${r.id}`);
  return found;
}

describePowerShell('remc test: template scenarios follow the declared triggers', () => {
  it('passes every trigger fixture under --strict, and lists each scenario that is not about its checks, with why', async () => {
    const r = await remc(['test', '--project', fixtures, '--strict', '--reporter', 'json']);
    const report = JSON.parse(r.stdout) as TestReport;
    const problems = report.remediations.flatMap((x) => x.checks.flatMap((c) => c.problems.map((p) => `${x.id} ${c.label}: ${p}`)));
    expect(problems).toEqual([]);
    expect(report.remediations.flatMap((x) => unprovenLines(x.coverage).map((l) => `${x.id}: ${l}`))).toEqual([]);
    expect(report.ok).toBe(true);
    expect(r.code).toBe(0);

    const byId = new Map(report.remediations.map((x) => [x.id, x]));
    const notApplicable = (id: string) => (templateScenarios(byId.get(id)!).notApplicable ?? []).map((n) => `${n.scenario}: ${n.reason}`);
    // The known failure: a broker only onFinding(crashes) triggers is idle without the finding, so the
    // scenario of a probe error is not about it; the others are (they read what its fix does, if it runs).
    expect(notApplicable('broker-on-finding')).toEqual([`template scenario broker-plugin-registration/"Get-AppxPackage fails": broker: ${IDLE}`]);
    // Named after its value (SafeMode); the scenario of an unloaded user hive is about HKU:\S-1-... paths only.
    expect(notApplicable('registry-on-finding')).toEqual([
      `template scenario registry-value/"a user's hive is not loaded (the user is not signed in)": SafeMode: its path is not in a user's hive below HKU, or its probe waits for another check's symptom`,
      `template scenario registry-value/"reading is denied everywhere": SafeMode: ${IDLE}; or it keeps its value for every user (forEachUser)`,
      // The forEachUser scenarios are about a check that keeps its value for every user, with a drift trigger.
      `template scenario registry-value/"forEachUser: three users, the value differs for carol, who is not signed in (her NTUSER.DAT is loaded for the run)": SafeMode: it does not keep its value for every user (forEachUser), or has no drift trigger`,
      `template scenario registry-value/"forEachUser: three users (two signed in, one not), the value differs for one signed-in user; system, temporary and backup profiles skipped": SafeMode: it does not keep its value for every user (forEachUser), or has no drift trigger`,
      `template scenario registry-value/"forEachUser: a user's NTUSER.DAT cannot be loaded (locked or missing)": SafeMode: it does not keep its value for every user (forEachUser), or its probe waits for another check's symptom`,
    ]);
    const names = (id: string, template: string, reason: string, check: string) =>
      notApplicable(id).map((line) => {
        const m = new RegExp(`^template scenario ${template}/"(.+)": ${check}: (.+)$`).exec(line);
        expect(m?.[2], line).toBe(reason);
        return m![1];
      });
    expect(names('appx-on-cause', 'appx-registration', IDLE, 'appx')).toHaveLength(5);
    // The folder-match scenarios are not about a check that names one task, whatever its triggers.
    const FOLDER_ONLY = "names one task (this scenario sets up a folder match's tasks), or its probe runs only when a symptom of another check calls for its fix";
    const taskLines = notApplicable('task-on-finding');
    expect(taskLines.filter((l) => l.endsWith(`: task: ${IDLE}`))).toHaveLength(6);
    expect(taskLines.filter((l) => !l.endsWith(`: task: ${IDLE}`)).map((l) => l.slice(l.indexOf('": task: ') + '": task: '.length))).toEqual([FOLDER_ONLY, FOLDER_ONLY]);
    expect(names('service-on-finding', 'service-state', IDLE, 'service')).toHaveLength(8);
    expect(names('purge-on-account', 'credential-purge', NOT_ON_OS_CAUSE, 'credentials')).toEqual([
      'no logon session (SYSTEM or a network logon)',
      'the credential API fails',
      'a deletion fails (access denied) after an OS cause',
    ]);
    expect(names('wam-on-device', 'wam-account-sign-out', NOT_ON_OS_CAUSE, 'wam')).toHaveLength(6);
    // Not applicable is never passed: counted apart on the line, never in passed/total.
    const broker = byId.get('broker-on-finding')!;
    expect(describeChecks(broker)).toMatch(/^parse 2\/2, 5\.1 compat 2\/2, template scenarios (\d+)\/\1 \(1 not applicable\), CLM (\d+)\/\2$/);
    // The finding trigger is exercised by the scenarios remc test runs: event-signal's make the finding
    // fire, and the broker's fix run on it.
    expect(broker.coverage?.checks).toEqual([
      { check: 'crashes', hasFix: false, proven: true, triggers: [], seenOut: true, seenIn: true, missing: [] },
      { check: 'broker', hasFix: true, proven: true, triggers: [{ trigger: 'finding:crashes', fired: true }], fixRan: true, missing: [] },
    ]);
    for (const id of ['registry-on-finding', 'task-on-finding', 'service-on-finding']) {
      expect(byId.get(id)!.coverage?.checks[1]?.triggers, id).toEqual([{ trigger: 'finding:crashes', fired: true }]);
    }
    // The human lines (on stderr with a reporter): the count on the line, the scenario and why under it.
    expect(r.stderr).toMatch(/^ {2}broker-on-finding +ok +parse 2\/2, 5\.1 compat 2\/2, template scenarios (\d+)\/\1 \(1 not applicable\), CLM (\d+)\/\2 in [\d.]+ s$/m);
    expect(r.stderr).toContain(`\n    not applicable: template scenario broker-plugin-registration/"Get-AppxPackage fails": broker: ${IDLE}\n`);
  });

  it('proves a fix that allOf(onFinding(space), onDrift()) triggers: it runs only when both parts fire', async () => {
    // cleanup-on-all-of.scenarios.ts: both fire (it runs), only one (low space, nothing to clean; files,
    // plenty of space: not due, the cleanup not even enumerated), and the drive unreadable (not decided).
    const report = await runTests({ root: fixtures, ids: ['cleanup-on-all-of'], pester: false, csharp: false });
    const result = report.remediations[0]!;
    expect(result.checks.flatMap((c) => c.problems)).toEqual([]);
    expect(result.checks.find((c) => c.kind === 'scenarios')).toMatchObject({ passed: 4, total: 4 });
    expect(result.coverage?.checks[1]).toEqual({ check: 'cleanup', hasFix: true, proven: true, triggers: [{ trigger: 'allOf(finding:space + drift)', fired: true }], fixRan: true, missing: [] });
    expect(result.ok).toBe(true);
  });

  it('counts a scenario that is not applicable neither as passed nor as proof', async () => {
    const report = await runTests({ root: fixtures, ids: ['broker-on-finding'], pester: false, csharp: false, scenarioFilter: (name) => name === 'Get-AppxPackage fails' });
    const result = report.remediations[0]!;
    const scenarios = templateScenarios(result);
    expect({ passed: scenarios.passed, total: scenarios.total, problems: scenarios.problems }).toEqual({ passed: 0, total: 0, problems: [] });
    expect(scenarios.notApplicable).toEqual([{ scenario: 'template scenario broker-plugin-registration/"Get-AppxPackage fails"', reason: `broker: ${IDLE}` }]);
    // No step ran: nothing is proven by it, and nothing ran in Constrained Language Mode either.
    expect(result.coverage?.steps).toBe(0);
    expect(unprovenLines(result.coverage)).toEqual(['crashes: never seen out of its desired state; never seen in its desired state', 'broker: trigger finding:crashes never fired; fix never ran']);
    expect(result.checks.map((c) => c.label)).toEqual(['parse', '5.1 compat', 'template scenarios']);
  });

  it('runs a scenario for the checks it is about: a broker with a drift trigger still meets the probe error', async () => {
    // The flagship's broker (onDrift and the OS cause) is probed in every run: the scenario applies to it.
    const report = await runTests({ root, pester: false, csharp: false, constrainedLanguage: false, scenarioFilter: (name) => name === 'Get-AppxPackage fails' });
    const scenarios = templateScenarios(report.remediations[0]!);
    expect({ passed: scenarios.passed, total: scenarios.total, problems: scenarios.problems, notApplicable: scenarios.notApplicable }).toEqual({ passed: 1, total: 1, problems: [], notApplicable: undefined });
  });
}, { concurrent: true });

describe('remc test reporters: what was not applicable, and Constrained Language Mode', () => {
  it('gives a scenario that is not applicable a skipped testcase of its own, and each check in Constrained Language Mode a testcase', () => {
    const report: TestReport = {
      ok: false,
      diagnostics: [],
      remediations: [
        {
          id: 'r',
          ok: false,
          durationMs: 1000,
          checks: [
            { kind: 'template scenarios', label: 'template scenarios', passed: 3, total: 3, problems: [], notApplicable: [{ scenario: 'template scenario t/"probe fails"', reason: 'k: its probe runs only when ...' }] },
            { kind: 'clm', label: 'CLM', passed: 0, total: 1, problems: ['k (template t) was refused in Constrained Language Mode: "Cannot invoke method."'] },
          ],
          clm: [
            { check: 'signal', template: 'event-signal', needsFullLanguage: false, result: 'ran' },
            { check: 'purge', template: 'credential-purge', needsFullLanguage: true, result: 'skipped' },
            { check: 'k', template: 't', needsFullLanguage: false, result: 'refused', detail: '"Cannot invoke method." (template scenario t/"x" under Constrained Language Mode, detect)' },
          ],
        },
      ],
      durationMs: 1000,
    };
    const text = junitReport(report);
    expect(text).toContain('<testsuite name="r" tests="6" failures="2" errors="0" skipped="2" time="1.000">');
    expect(text).toContain('<testcase classname="r" name="template scenarios (3/3)" time="0.000"/>');
    expect(text).toContain('<testcase classname="r" name="template scenario t/&quot;probe fails&quot;" time="0.000">\n      <skipped message="not applicable: k: its probe runs only when ..."/>');
    expect(text).toContain('<testcase classname="r" name="CLM: signal" time="0.000"/>');
    expect(text).toContain('<testcase classname="r" name="CLM: purge" time="0.000">\n      <skipped message="needs FullLanguage: skipped in Constrained Language Mode, as it must be"/>');
    expect(text).toContain('<testcase classname="r" name="CLM: k" time="0.000">\n      <failure message="refused in Constrained Language Mode &quot;Cannot invoke method.&quot;');
  });
});
