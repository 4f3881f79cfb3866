/**
 * The combined script (detect -> fix -> verify in one .ps1) keeps the same lifecycle as the Intune
 * pair: every scenario of every template, and the flagship's own scenarios, run against it through
 * the same harness (`form: 'combined'`: each step as `combined.ps1 -Mode detect|remediate`, plus one
 * run of the default mode per template scenario, followed by a detection). Parse proof and the 5.1
 * check cover it too. The templates the flagship does not use are covered by test/fixtures-exports.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES_DIR, templateFolders } from '../compiler/load/registry.ts';
import { compile } from '../compiler/pipeline.ts';
import { PwshPool } from '../compiler/proof/pool.ts';
import { type TestReport } from '../compiler/proof/results.ts';
import { runTests } from '../compiler/proof/test-command.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures-exports');
/** One remediation for each built-in template the exports fixtures leave out. */
const more = path.join(root, 'test', 'fixtures-combined');

function problems(report: TestReport): string[] {
  return [
    ...(report.error ? [report.error] : []),
    ...report.diagnostics.map((d) => `${d.code} ${d.message}`),
    ...report.remediations.flatMap((r) => r.checks.flatMap((c) => c.problems.map((p) => `${r.id} ${c.label}: ${p}`))),
  ];
}

function counts(report: TestReport, label: string): Record<string, string> {
  return Object.fromEntries(report.remediations.map((r) => {
    const c = r.checks.find((k) => k.label === label);
    return [r.id, c ? `${c.passed}/${c.total}` : 'none'];
  }));
}

describePowerShell('the combined script', () => {
  let pool: PwshPool;
  beforeAll(() => {
    pool = new PwshPool({ size: 2 });
  });
  afterAll(() => pool.close());

  it('passes every template scenario, in each mode and in one run, for the templates the flagship does not use', async () => {
    const report = await runTests({ root: fixtures, form: 'combined', pester: false, csharp: false, cache: false, pool });
    expect(problems(report)).toEqual([]);
    expect(report.ok).toBe(true);
    // The combined script was parsed and checked beside the pair (3 scripts; 2 for a detect-only one),
    // for every remediation of the fixtures.
    const { remediations } = await compile(fixtures);
    expect(counts(report, 'parse')).toEqual(Object.fromEntries(remediations.map((m) => [m.id, m.detectOnly ? '2/2' : '3/3'])));
    for (const r of report.remediations) expect(r.checks.find((c) => c.label === 'template scenarios')!.total).toBeGreaterThan(4);
  });

  it("passes the flagship's template scenarios and its own scenarios (32-bit host and Constrained Language Mode included)", async () => {
    const report = await runTests({ root, form: 'combined', pester: false, csharp: false, cache: false, pool });
    expect(problems(report)).toEqual([]);
    expect(report.ok).toBe(true);
    const flagship = report.remediations[0]!;
    expect(flagship.checks.map((c) => c.label)).toEqual(['parse', '5.1 compat', 'template scenarios', 'scenarios', 'CLM']);
    expect(flagship.checks.find((c) => c.label === 'scenarios')!.total).toBeGreaterThan(5);
  });

  it('passes every template scenario of the templates neither the flagship nor the exports fixtures use', async () => {
    const report = await runTests({ root: more, form: 'combined', pester: false, csharp: false, cache: false, pool });
    expect(problems(report)).toEqual([]);
    expect(report.ok).toBe(true);
    for (const r of report.remediations) expect(r.checks.find((c) => c.label === 'template scenarios')!.total).toBeGreaterThan(2);
  });

  it('covers every built-in template between the three projects', async () => {
    const used = new Set<string>();
    for (const project of [root, fixtures, more]) {
      for (const m of (await compile(project)).remediations) for (const c of m.checks) if (c.source.kind === 'template') used.add(c.source.name);
    }
    const folders = templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin').map((f) => f.name);
    expect(folders.filter((f) => !used.has(f)), 'templates whose scenarios never ran against the combined script').toEqual([]);
  });

  it('is what remc test --combined runs, through the CLI', async () => {
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'bin', 'remc.mjs'), 'test', 'spooler', '--combined', '--workers', '2', '--project', fixtures], { cwd: root });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Three scripts (the pair and combined.ps1); each template scenario twice (steps by mode, and in one run).
    // And the first template scenario once more in Constrained Language Mode.
    expect(r.stdout).toMatch(/^ {2}spooler +ok +parse 3\/3, 5\.1 compat 3\/3, template scenarios (\d*[02468])\/\1, CLM 1\/1 in [\d.]+ s$/m);
  });

  it('fails the scenarios when the combined script does not remediate in remediate mode', async () => {
    const report = await runTests({
      root: fixtures,
      ids: ['spooler'],
      form: 'combined',
      pester: false,
      csharp: false,
      cache: false,
      pool,
      scenarioFilter: (name) => name === 'every declared service is stopped (start type manual)',
      afterBuild: (out) => {
        const file = path.join(out, 'spooler', 'combined.ps1');
        const text = readFileSync(file, 'utf8');
        const from = '$result = Invoke-RemcRemediation -Remediation $Remediation -Checks $Checks -State $state';
        if (!text.includes(from)) throw new Error('combined.ps1 has no remediate step');
        writeFileSync(file, text.replace(from, '$result = Invoke-RemcDetection -Remediation $Remediation -Checks $Checks -State $state'));
      },
    });
    expect(report.ok).toBe(false);
    const scenarios = report.remediations[0]!.checks.find((c) => c.label === 'template scenarios')!;
    expect(scenarios.total).toBeGreaterThan(0);
    expect(scenarios.problems.join('\n')).toMatch(/, remediate: /);
  });
});
