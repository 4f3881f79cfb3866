/**
 * The check protocol has one definition (compiler/protocol.ts); these tests hold both sides to it:
 * the TypeScript validators reject what the protocol does not say, the emitted scripts carry its
 * names, and the files derived from it and from the template folders are current.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../compiler/dev/gen.ts';
import { CheckRow, ENTRY_POINTS, FixResult, ProbeResult, RunOutcome } from '../compiler/protocol.ts';
import { describeChecks } from '../compiler/proof/results.ts';
import { runTests } from '../compiler/proof/test-command.ts';
import { templateFolders } from '../compiler/load/registry.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');

const okOutcome = {
  Protocol: 1,
  Remediation: 'x',
  Script: 'detect',
  Status: 'OK',
  ExitCode: 0,
  Summary: '[x] OK | a: fine',
  Checks: [
    {
      Name: 'a',
      Probe: { State: 'ok', Summary: 'fine', Cause: null, Advice: null, Error: null },
      Trigger: null,
      Held: null,
      Fix: 'none',
      FixSummary: null,
      FixError: null,
      After: null,
    },
  ],
};

describe('the protocol types', () => {
  it('accept a well-formed outcome', () => {
    expect(RunOutcome.validate(okOutcome)).toEqual({ ok: true, value: okOutcome });
  });

  it.each([
    ['an unknown field', { ...okOutcome, Extra: 1 }, 'RunOutcome.Extra: unknown field'],
    ['a missing field', { ...okOutcome, Status: undefined }, 'RunOutcome.Status: missing'],
    ['an unknown probe state', { ...okOutcome, Checks: [{ ...okOutcome.Checks[0], Probe: { ...okOutcome.Checks[0]!.Probe, State: 'fine' } }] }, 'RunOutcome.Checks[0].Probe.State: expected one of ok, drift, error, skipped, idle, got "fine"'],
    ['an unknown cause', { ...okOutcome, Checks: [{ ...okOutcome.Checks[0], Probe: { ...okOutcome.Checks[0]!.Probe, Cause: 'OS' } }] }, 'RunOutcome.Checks[0].Probe.Cause: expected one of none, os, account, policy, network, device, unknown, got "OS"'],
    ['a fix result the protocol does not know', { ...okOutcome, Checks: [{ ...okOutcome.Checks[0], Fix: 'done' }] }, 'RunOutcome.Checks[0].Fix: expected one of none, due, held, confirming, escalated, fixed, reported, failed, got "done"'],
    ['a string exit code', { ...okOutcome, ExitCode: '0' }, 'RunOutcome.ExitCode: expected a whole number, got "0"'],
  ])('reject %s', (_name, value, problem) => {
    const result = RunOutcome.validate(value);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toContain(problem);
  });

  it('probe and fix results name their fields once, for both sides', () => {
    expect(ProbeResult.fields).toEqual(['InDesiredState', 'Summary', 'Facts', 'Cause', 'Advice', 'Proof', 'Waits', 'Repairable']);
    expect(FixResult.fields).toEqual(['Summary', 'Changed', 'ReportOnly', 'Waits', 'Facts']);
    expect(ProbeResult.validate({ InDesiredState: true, Summary: 's', Detail: 1 })).toEqual({ ok: false, problems: ['ProbeResult.Detail: unknown field'] });
  });

  it("the emitted flagship carries the protocol's entry point, probe keys and check-row fields", () => {
    const text = readFileSync(path.join(root, 'dist', 'teams-signin-50058', 'remediate.ps1'), 'utf8');
    expect(text).toContain(`= ${ENTRY_POINTS.remediate} -Remediation $RemcRemediation`);
    expect(text).toContain(`ProbeKeys = @('InDesiredState', 'Summary', 'Facts', 'Cause', 'Advice', 'Proof', 'Waits', 'Repairable')`);
    expect(text).toContain(`FixKeys = @('Summary', 'Changed', 'ReportOnly', 'Waits', 'Facts')`);
    expect(CheckRow.fields).toEqual(['Name', 'Probe', 'Fix', 'Triggers', 'NeedsFullLanguage', 'Config']);
  });
});

const generated = await generatedFiles();

describe('derived files are current (npm run gen)', () => {
  it.each([...generated].map(([file, text]) => [file, text] as const))('%s', (file, text) => {
    expect(readFileSync(path.join(root, file), 'utf8'), `${file} is stale: run npm run gen`).toBe(text);
  });

  it('the public exports list every built-in template folder', () => {
    const barrel = readFileSync(path.join(root, 'templates', 'index.ts'), 'utf8');
    for (const t of templateFolders(path.join(root, 'templates'), 'builtin')) expect(barrel).toContain(`./${t.name}/index.ts`);
  });
});

describePowerShell('the runtime holds probes and fixes to the protocol', () => {
  it('reports a probe or fix that answers with an unknown key as an error, naming the key (test/fixtures-run/protocol-keys)', async () => {
    const report = await runTests({ root: path.join(root, 'test', 'fixtures-run', 'protocol-keys'), pester: false });
    expect(report.remediations.map((r) => [r.id, r.ok, r.checks.flatMap((c) => c.problems)])).toEqual([['protocol-keys', true, []]]);
    expect(describeChecks(report.remediations[0]!)).toMatch(/scenarios 1\/1/);
  });
});
