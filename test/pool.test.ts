/**
 * The pwsh worker pool (compiler/proof/pool.ts): a unit run on a worker must look like the same
 * script run by `pwsh -File` (exit code, stdout, stderr), leave nothing behind for the next unit on
 * that worker, and a unit that kills or hangs its worker is reported against that unit, with the
 * worker replaced. The flagship's scenario steps give the same result on every path (a process per
 * step, a unit per step, the steps as one unit).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PwshPool } from '../compiler/proof/pool.ts';
import { runPwsh } from '../compiler/proof/pwsh.ts';
import { Scenario } from '../compiler/proof/scenario.ts';
import { ORDINARY_CREDENTIALS } from '../templates/credential-purge/scenarios.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'remc-pool-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
}

/** pwsh colours its own console output (warnings, errors) with ANSI codes; the text is what is compared. */
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n');

describePowerShell('pwsh worker pool', () => {
  let pool: PwshPool;
  beforeAll(() => {
    pool = new PwshPool({ size: 1 });
  });
  afterAll(() => pool.close());

  const cases: Record<string, string> = {
    'exit with a code, output, a warning, Write-Host and an error': [
      'param([string] $Name, [switch] $Flag)',
      '"hello $Name $Flag"',
      "Write-Warning 'careful'",
      "Write-Host 'to the host'",
      "Write-Information 'not shown by default'",
      "Write-Error 'it went wrong'",
      '@{ a = 1 }.Count',
      'exit 7',
    ].join('\n'),
    'no exit: 0': "param([string] $Name, [switch] $Flag)\n'done'\n",
    'a terminating error: exit 1 and the message on stderr': "param([string] $Name, [switch] $Flag)\n$ErrorActionPreference = 'Stop'\n'before'\nGet-Item -LiteralPath '/no/such/file/remc'\n'after'\n",
    'exit inside a function ends the script': "param([string] $Name, [switch] $Flag)\nfunction Stop-Now { exit 3 }\n'one'\nStop-Now\n'never'\n",
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`runs a script as pwsh -File does: ${name}`, async () => {
      const file = script(`${name.replace(/\W+/g, '-')}.ps1`, text);
      const alone = await runPwsh({ file }, { args: ['-Name', 'x', '-Flag'], cwd: work });
      const pooled = await pool.run({ file, named: { Name: 'x', Flag: true }, cwd: work });
      expect(pooled.crashed).toBeUndefined();
      expect(pooled.exitCode).toBe(alone.exitCode);
      expect(plain(pooled.stdout)).toBe(plain(alone.stdout));
      expect(pooled.stderr === '').toBe(alone.stderr === '');
      // pwsh adds the script position to a terminating error; the message itself must be the same.
      for (const line of plain(pooled.stderr).split('\n').filter(Boolean)) expect(plain(alone.stderr)).toContain(line.replace(/^[\w-]+: /, ''));
    });
  }

  it('gives each unit a fresh runspace and puts the environment and directory back', async () => {
    const leave = script('leave.ps1', [
      '$global:RemcLeak = 1',
      'function global:Get-RemcLeak { 1 }',
      'Set-Alias -Name remc-leak -Value Get-Date -Scope Global',
      '$global:ErrorActionPreference = "Stop"',
      '$env:REMC_POOL_LEAK = "1"',
      '$env:REMC_POOL_GIVEN = "changed"',
      'New-Module -Name RemcLeak -ScriptBlock { function Get-RemcModuleLeak { 1 } } | Import-Module -Global',
      'Set-Location -LiteralPath ([IO.Path]::GetTempPath())',
      '[Environment]::CurrentDirectory = [IO.Path]::GetTempPath()',
      '$seen = @($global:RemcLeak, [bool](Get-Command Get-RemcLeak -ErrorAction SilentlyContinue), [bool](Get-Alias remc-leak -ErrorAction SilentlyContinue), $env:REMC_POOL_LEAK)',
      '"seen: $($seen -join ",")"',
    ].join('\n'));
    const look = script('look.ps1', [
      '$seen = @(',
      '  [bool](Get-Variable RemcLeak -Scope Global -ErrorAction SilentlyContinue),',
      '  [bool](Get-Command Get-RemcLeak -ErrorAction SilentlyContinue),',
      '  [bool](Get-Alias remc-leak -ErrorAction SilentlyContinue),',
      '  [bool](Get-Command Get-RemcModuleLeak -ErrorAction SilentlyContinue),',
      '  $ErrorActionPreference,',
      '  [bool]$env:REMC_POOL_LEAK,',
      '  [bool]$env:REMC_POOL_GIVEN,',
      '  (Get-Location).Path,',
      '  [Environment]::CurrentDirectory',
      ')',
      '"seen: $($seen -join ",")"',
    ].join('\n'));
    const first = await pool.run({ file: leave, env: { REMC_POOL_GIVEN: 'given' }, cwd: work });
    // The leaking unit sees its own state (so the probe below can see state at all).
    expect(first.stdout.trim()).toBe('seen: 1,True,True,1');
    const second = await pool.run({ file: look, cwd: work });
    expect(second.pid).toBe(first.pid); // the same worker process
    expect(second.stdout.trim()).toBe(`seen: False,False,False,False,Continue,False,False,${work},${work}`);
  });

  it("runs a unit of steps one after another in one runspace, each with its own parameters, environment and exit code, and nothing of a step's left for the next", async () => {
    const file = script('step.ps1', [
      'param([string] $Name, [switch] $Lock)',
      '$seen = @($ExecutionContext.SessionState.LanguageMode, [bool](Get-Command Get-RemcStepLocal -ErrorAction SilentlyContinue), [bool]$env:REMC_STEP_LEAK, $env:REMC_STEP_NAME, [Environment]::CurrentDirectory)',
      'function Get-RemcStepLocal { 1 }',
      '$env:REMC_STEP_LEAK = "1"',
      '[Environment]::CurrentDirectory = [IO.Path]::GetTempPath()',
      '"$Name $($seen -join ",")"',
      "if ($Lock) { $ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage' }",
      'exit $Name.Length',
    ].join('\n'));
    const results = await pool.runSteps({ file, cwd: work }, [
      { named: { Name: 'a', Lock: true }, env: { REMC_STEP_NAME: 'one' } },
      { named: { Name: 'bb' }, env: { REMC_STEP_NAME: 'two' } },
      { named: { Name: 'ccc' } },
    ]);
    expect(results.map((r) => [r.crashed, r.exitCode, r.stdout.trim()])).toEqual([
      [undefined, 1, `a FullLanguage,False,False,one,${work}`],
      // The step before locked the runspace in Constrained Language Mode and set a variable: both put back.
      [undefined, 2, `bb FullLanguage,False,False,two,${work}`],
      [undefined, 3, `ccc FullLanguage,False,False,,${work}`],
    ]);
    expect(new Set(results.map((r) => r.pid)).size).toBe(1);
  });

  it('reports a unit of steps that kills its worker against every step, and runs the next unit on a new worker', async () => {
    const file = script('step-crash.ps1', "param([string] $Name)\nif ($Name -eq 'die') { [Environment]::Exit(5) }\n$Name\n");
    const results = await pool.runSteps({ file, cwd: work }, [{ named: { Name: 'fine' } }, { named: { Name: 'die' } }]);
    expect(results).toHaveLength(2);
    for (const r of results) expect(r.crashed).toMatch(/the pwsh worker exited \(code 5\) while running this unit; the worker was replaced/);
    const next = await pool.run({ file, named: { Name: 'after' }, cwd: work });
    expect(next.stdout.trim()).toBe('after');
  });

  it('gives a unit to a free worker that ran its like before, and never keeps a unit waiting for one', async () => {
    const two = new PwshPool({ size: 2 });
    try {
      // The first two wait for each other (a hang limit of minutes, no timing): they run on two workers.
      const file = script('affinity.ps1', [
        'param([string] $Name, [string] $Mark = "", [string] $Wait = "")',
        'if ($Mark) { [IO.File]::WriteAllText($Mark, $Name) }',
        '$until = [DateTime]::UtcNow.AddMinutes(5)',
        'while ($Wait -and -not [IO.File]::Exists($Wait) -and [DateTime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 50 }',
        '$Name',
      ].join('\n'));
      const unit = (name: string, named: Record<string, string> = {}) => two.run({ file, named: { Name: name, ...named }, cwd: work, affinity: name.slice(0, 1) });
      const [markA, markB] = [path.join(work, 'affinity-a'), path.join(work, 'affinity-b')];
      const [a, b] = await Promise.all([unit('a1', { Mark: markA, Wait: markB }), unit('b1', { Mark: markB, Wait: markA })]);
      expect(a!.pid).not.toBe(b!.pid);
      // One at a time, with both workers free: each unit goes to the worker that ran its like.
      const later: string[] = [];
      for (const name of ['b2', 'a2', 'a3', 'b3']) {
        const r = await unit(name);
        later.push(`${r.stdout.trim()}:${r.pid === a!.pid ? 'A' : r.pid === b!.pid ? 'B' : '?'}`);
      }
      expect(later).toEqual(['b2:B', 'a2:A', 'a3:A', 'b3:B']);
      // Four of one kind at once: the other worker takes some rather than wait.
      const only = await Promise.all(['a4', 'a5', 'a6', 'a7'].map((name) => unit(name)));
      expect(new Set(only.map((r) => r.pid))).toEqual(new Set([a!.pid, b!.pid]));
    } finally {
      await two.close();
    }
  });

  it('gives each unit the core modules afresh, whatever the unit before did to them', async () => {
    const remove = script('remove-core.ps1', "Remove-Module Microsoft.PowerShell.Utility -Force\n$PSModuleAutoloadingPreference = 'None'\n[bool](Get-Module Microsoft.PowerShell.Utility)\n");
    const use = script('use-core.ps1', "$PSModuleAutoloadingPreference = 'None'\n(Get-Module Microsoft.PowerShell.Utility, Microsoft.PowerShell.Management | Sort-Object Name).Name -join ','\n@{ a = 1 } | ConvertTo-Json -Compress\n");
    expect((await pool.run({ file: remove, cwd: work })).stdout.trim()).toBe('False');
    const after = await pool.run({ file: use, cwd: work });
    expect(after.stderr).toBe('');
    expect(after.stdout.trim().split(/\r?\n/)).toEqual(['Microsoft.PowerShell.Management,Microsoft.PowerShell.Utility', '{"a":1}']);
  });

  it('gives a script that writes straight to the console that output, not the protocol', async () => {
    const file = script('raw.ps1', "[Console]::Out.WriteLine('raw line')\n[Console]::Error.WriteLine('raw error')\n'piped'\nexit 0\n");
    const r = await pool.run({ file, cwd: work });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split(/\r?\n/).filter(Boolean).sort()).toEqual(['piped', 'raw line']);
    expect(r.stderr).toContain('raw error');
  });

  it('reports a unit that kills its worker against that unit, and replaces the worker', async () => {
    const ok = script('ok.ps1', "'fine'\n");
    const before = await pool.run({ file: ok, cwd: work });
    const crash = await pool.run({ file: script('crash.ps1', "'going'\n[Environment]::Exit(5)\n"), cwd: work });
    expect(crash.crashed).toMatch(/^the pwsh worker exited \(code 5\) while running this unit; the worker was replaced$/);
    expect(crash.exitCode).toBeNull();
    const after = await pool.run({ file: ok, cwd: work });
    expect(after.crashed).toBeUndefined();
    expect(after.stdout.trim()).toBe('fine');
    expect(after.pid).not.toBe(before.pid);
  });

  it('times out a hung unit, kills its worker and runs the next unit on a new one', async () => {
    const hang = await pool.run({ file: script('hang.ps1', 'Start-Sleep -Seconds 3600\n'), cwd: work, timeoutMs: 3000 });
    expect(hang.timedOut).toBe(true);
    expect(hang.crashed).toBe('timed out after 3000 ms; the worker was killed and replaced');
    const next = await pool.run({ file: script('next.ps1', "'next'\nexit 0\n"), cwd: work });
    expect(next.exitCode).toBe(0);
    expect(next.stdout.trim()).toBe('next');
    expect(next.pid).not.toBe(hang.pid);
  });

  it('runs the flagship\'s scenario steps with the same result as a pwsh process per step, one at a time or as one unit of steps, in Constrained Language Mode too', async () => {
    const fakes = ['sign-in-diagnostics', 'broker-plugin-registration', 'credential-purge'].map((t) => path.join(root, 'templates', t, 'fakes.ps1'));
    const events = [170, 120, 60, 10].map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}))`).join(', ');
    const manifest = '"$env:SystemRoot\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml"';
    const setup = [
      `Reset-RemcFakeSignInDiagnostics -AadEvent @(${events})`,
      `Reset-RemcFakeBrokerPluginRegistration -Package @(New-RemcFakeAppxPackage) -ExistingPath @(${manifest}) -RegisterHeals`,
      `Reset-RemcFakeCredentialPurge -Credential ${ORDINARY_CREDENTIALS} -Process @('ms-teams', 'OUTLOOK')`,
    ].join('\n');
    const scripts = path.join(root, 'dist', 'teams-signin-50058');
    // The flagship confirms an OS cause with a second detection (confirmRuns: 2).
    const steps = [['detect', '2026-11-25T12:00:00Z'], ['detect', '2026-11-25T13:00:00Z'], ['remediate', '2026-11-25T13:05:00Z'], ['detect', '2026-11-25T13:05:00Z']] as const;
    // Once as they are, once in Constrained Language Mode: the mode is the step runspace's, set by the
    // harness; the worker's own code, defined before, keeps reading the results in FullLanguage.
    // Three ways: a pwsh process per step, a pooled unit per step, and the scenario's steps as one unit
    // of steps (one runspace): each step's marker as the step left it is compared too.
    const runAll = async (how: 'alone' | 'pooled' | 'steps') => {
      const out = [];
      for (const constrainedLanguage of [false, true]) {
        const dir = path.join(work, how, constrainedLanguage ? 'clm' : 'full');
        const s = new Scenario({ scripts, fakes, setup, workDir: dir, ...(how !== 'alone' ? { pool } : {}) });
        const markers = s.markerFiles('teams-signin-50058');
        const marker = (kept: Readonly<Record<string, string | undefined>>) => markers.map((f) => kept[f]).find((t) => t !== undefined);
        const given = steps.map(([script, now]) => ({ script, now, ...(constrainedLanguage ? { constrainedLanguage } : {}) }));
        const results = how === 'steps' ? (await s.runAll(given, markers)).results : [];
        if (how !== 'steps') for (const step of given) results.push({ ...(await s.run(step.script, step.now, step)), kept: Object.fromEntries(markers.map((f) => [f, s.marker('teams-signin-50058')])) });
        expect(results).toHaveLength(steps.length);
        for (const r of results) out.push({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, state: r.state, outcome: r.outcome, marker: marker(r.kept) });
      }
      return out;
    };
    const alone = await runAll('alone');
    const pooled = await runAll('pooled');
    const stepped = await runAll('steps');
    // In Constrained Language Mode the purge (Add-Type) is skipped, saying so; the diagnosis and the broker run.
    expect(alone[5]!.outcome?.Checks.map((c) => `${c.Name}:${c.Probe.State}`)).toEqual(['diagnosis:drift', 'broker:ok', 'credentials:skipped']);
    expect(alone[5]!.stdout).toContain('credentials: SKIPPED not checked: needs FullLanguage, this host runs ConstrainedLanguage');
    // Each step kept the contract and wrote its outcome, so there is something to compare.
    for (const r of alone) {
      expect([0, 1]).toContain(r.exitCode);
      expect(r.stderr).toBe('');
      expect(r.outcome).toBeDefined();
    }
    expect(alone.map((r) => r.marker === undefined)).toEqual([false, false, false, false, false, false, false, false]);
    const withoutPaths = (v: unknown) => JSON.parse(['pooled', 'alone', 'steps'].reduce((text, how) => text.split(path.join(work, how)).join('<work>'), JSON.stringify(v)));
    expect(withoutPaths(pooled)).toEqual(withoutPaths(alone));
    expect(withoutPaths(stepped)).toEqual(withoutPaths(alone));
  });
});
