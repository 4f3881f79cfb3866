/**
 * The templates' own Pester tests (templates/<t>/*.Tests.ps1) as ordinary vitest tests: one Pester
 * run over templates/ when this file loads, then one vitest test per Pester test, failing with
 * Pester's message and the failing file:line.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { pesterEnv, writeTemplateDefaults } from '../compiler/proof/template-defaults.ts';
import { templateFolders } from '../compiler/load/registry.ts';
import { formatPesterFailures, runPester, type PesterRunResult, type PesterTest } from '../compiler/proof/runner.ts';
import { describePowerShell, toolchain } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
// Each template's default config comes from its spec (New-RemcTestConfig reads these files).
const defaultsDir = mkdtempSync(path.join(tmpdir(), 'remc-template-defaults-'));
const defaultsProblems = toolchain ? await writeTemplateDefaults(templateFolders(path.join(root, 'templates'), 'builtin'), defaultsDir) : [];
const run: PesterRunResult | undefined = toolchain
  ? await runPester({ paths: ['templates'], cwd: root, toolchain, env: pesterEnv(defaultsDir) })
  : undefined;
afterAll(() => rmSync(defaultsDir, { recursive: true, force: true }));

function title(t: PesterTest): string {
  return `${path.relative(path.join(root, 'templates'), t.file).split(path.sep).join('/')} > ${t.path.join(' > ')}`;
}

function why(t: PesterTest): string {
  const e = t.error;
  if (!e) return `${t.result} (line ${t.startLine})`;
  return `${e.message}${e.file ? ` (${path.relative(root, e.file)}${e.line !== undefined ? `:${e.line}` : ''})` : ''}`;
}

describePowerShell('templates (Pester)', () => {
  it("writes every template's default config from its spec", () => {
    expect(defaultsProblems).toEqual([]);
  });

  it('runs every template test file without a failure outside the tests', () => {
    expect(run!.error, run!.error).toBeUndefined();
    expect(run!.failures, formatPesterFailures(run!)).toEqual([]);
    const expected = readdirSync(path.join(root, 'templates'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.Tests.ps1'));
    const ran = new Set(run!.tests.map((t) => path.relative(path.join(root, 'templates'), t.file)));
    expect(expected.length).toBeGreaterThan(0);
    expect([...ran].sort()).toEqual(expected.sort());
  });

  if (run && run.tests.length > 0) {
    const ran = run.tests.filter((t) => t.result !== 'Skipped');
    it.each(ran.map((t) => [title(t), t] as const))('%s', (_name, t) => {
      expect(t.result, why(t)).toBe('Passed');
    });
    // Tests that need real Windows (the real seam against the fakes) are skipped by Pester here, and
    // reported as skipped, never as passed.
    const skipped = run.tests.filter((t) => t.result === 'Skipped');
    if (skipped.length > 0) it.skip.each(skipped.map((t) => [title(t)] as const))('%s (skipped by Pester on this host)', () => {});
  }
});
