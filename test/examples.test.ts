/**
 * The examples the README points to (examples/): the everyday remediations, the opt-in WAM sign-out, a custom check and a
 * template of the project's own, built and proven as a user's project would be, with `remc test`.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { compile } from '../compiler/pipeline.ts';
import { unprovenLines } from '../compiler/proof/coverage.ts';
import { describeChecks, resultWord } from '../compiler/proof/results.ts';
import { runTests } from '../compiler/proof/test-command.ts';
import { describePowerShell } from './support/powershell.ts';

const project = path.resolve(import.meta.dirname, '..', 'examples');

it('builds every example, each from the template the README names', async () => {
  const result = await compile(project);
  // The one warning: the kiosk's remediate.ps1 carries its secret password (REMC080).
  expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.location?.file}`)).toEqual(['warning REMC080 remediations/kiosk-autologon.ts']);
  const uses = Object.fromEntries(result.remediations.map((m) => [m.id, m.checks.map((c) => `${c.source.kind}:${c.source.name}`)]));
  expect(uses).toEqual({
    'agent-config': ['template:file-state', 'template:command-fix'],
    'bitlocker-status': ['template:bitlocker-status'],
    'contoso-proxy': ['template:machine-environment'],
    'defender-realtime': ['custom:defender'],
    'dns-cache-flush': ['template:command-fix'],
    'low-disk-cache': ['template:disk-space', 'template:folder-size', 'template:path-cleanup'],
    'kiosk-autologon': ['template:registry-value', 'template:registry-value', 'template:registry-value'],
    'netfx3': ['template:windows-feature'],
    'new-teams-cache': ['template:path-cleanup'],
    'numlock-sign-in': ['template:registry-value'],
    'office-wam-sign-out': ['template:sign-in-diagnostics', 'template:wam-account-sign-out'],
    'print-spooler': ['template:service-state'],
    'stale-proxy-override': ['template:registry-value'],
    'teams-signin-report-only': ['template:sign-in-diagnostics', 'template:broker-plugin-registration', 'template:credential-purge'],
    'user-temp-files': ['template:path-cleanup', 'template:path-cleanup'],
    'windows-update-cache': ['template:disk-space', 'template:path-cleanup'],
  });
  // The project's own template comes from its folder, not from remc's.
  const own = result.remediations.find((m) => m.id === 'contoso-proxy')!.checks[0]!.source;
  expect(own.origin).toBe('templates/machine-environment');
  expect(result.remediations.find((m) => m.id === 'bitlocker-status')!.detectOnly).toBe(true);
});

describePowerShell('the examples under remc test', () => {
  it('proves every example: parse, 5.1, scenarios, and the templates\' Pester tests', async () => {
    // No cache: every template's Pester tests run here, whatever an earlier run left in examples/.cache.
    const report = await runTests({ root: project, cache: false });
    const lines = report.remediations.map((r) => `${r.id}: ${r.ok ? 'ok' : 'FAILED'} ${describeChecks(r)}\n${r.checks.flatMap((c) => c.problems).join('\n')}`);
    expect(report.diagnostics.filter((d) => d.severity === 'error'), JSON.stringify(report.diagnostics)).toEqual([]);
    expect(report.remediations.filter((r) => !r.ok).map((r) => r.id), lines.join('\n')).toEqual([]);
    expect(report.remediations).toHaveLength(16);
    expect(report.pester?.problems ?? [], (report.pester?.problems ?? []).join('\n')).toEqual([]);
    expect(report.ok).toBe(true);
    // The kiosk's secret password appears nowhere in what remc test reports.
    expect(JSON.stringify(report)).not.toContain('Kiosk-Example-Pa55');
    // The custom check's own scenarios ran, and its probe and fix files were parsed.
    const defender = report.remediations.find((r) => r.id === 'defender-realtime')!;
    expect(describeChecks(defender)).toBe('parse 4/4, 5.1 compat 2/2, template scenarios 0/0, scenarios 6/6, CLM 1/1');
    // Every check of every example is proven (remc test --strict passes): each trigger fired, each fix
    // ran, each check without a fix seen out of and in its desired state.
    expect(report.remediations.filter((r) => resultWord(r) !== 'ok').map((r) => `${r.id}: ${unprovenLines(r.coverage).join(', ')}`)).toEqual([]);
    expect(defender.coverage?.checks).toEqual([expect.objectContaining({ check: 'defender', proven: true, triggers: [{ trigger: 'drift', fired: true }], fixRan: true })]);
  });
});
