/**
 * `remc test` in Constrained Language Mode: each used template's first applicable scenario, and the
 * first own scenario of a remediation with custom checks, run once more with every step in that mode.
 * A check that needs FullLanguage must be skipped saying so; one that does not must never be refused,
 * and when PowerShell refuses it (a method of an object whose type no reading of the code sees), the
 * run fails naming the check, its template, the refusal and the hint. Each project here is written to
 * test/.out (inside the package, so its `import ... from 'remc'` resolves).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { clmLine } from '../compiler/proof/clm-runs.ts';
import { type RemediationTestResult } from '../compiler/proof/results.ts';
import { runTests } from '../compiler/proof/test-command.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
mkdirSync(path.join(root, 'test', '.out'), { recursive: true });
const projects = mkdtempSync(path.join(root, 'test', '.out', 'clm-'));
afterAll(() => rmSync(projects, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(projects, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function clmCheck(result: RemediationTestResult) {
  const found = result.checks.find((c) => c.kind === 'clm');
  if (!found) throw new Error(`no CLM check: ${JSON.stringify(result.checks)}`);
  return found;
}

const declaration = (id: string, checks: string, imports = "import { customCheck, defineRemediation } from 'remc';") => `${imports}

export default defineRemediation({
  id: '${id}',
  displayName: '${id}',
  description: 'A remediation of the Constrained Language Mode tests.',
  publisher: 'remc tests',
  runAs: 'system',
  checks: [${checks}],
});
`;

/** Two registry settings, read and set through faked cmdlets: nothing Constrained Language Mode refuses. */
const SETTINGS = {
  'remediations/settings.probe.ps1': `function Test-ContosoSetting {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $value = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Contoso' -Name $Config.ValueName -ErrorAction Stop
    $on = [int] $value.($Config.ValueName) -eq 1
    $summary = '{0} off' -f $Config.ValueName
    if ($on) { $summary = '{0} on' -f $Config.ValueName }
    @{ InDesiredState = $on; Summary = $summary }
}
`,
  'remediations/settings.fix.ps1': `function Repair-ContosoSetting {
    param($Config, $Context, $Probe)
    Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Contoso' -Name $Config.ValueName -Value 1 -ErrorAction Stop
    @{ Summary = ('turned {0} on' -f $Config.ValueName); Changed = 1 }
}
`,
  'remediations/settings.fakes.ps1': `function Reset-FakeContoso {
    param([int] $AgentEnabled = 1, [int] $Telemetry = 1)
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $global:RemcFakeState.Contoso = @{ AgentEnabled = $AgentEnabled; Telemetry = $Telemetry }
}
function Get-FakeContosoItemProperty {
    param([string] $Path, [string] $Name)
    [pscustomobject] @{ $Name = $global:RemcFakeState.Contoso[$Name] }
}
function Set-FakeContosoItemProperty {
    param([string] $Path, [string] $Name, $Value)
    $global:RemcFakeState.Contoso[$Name] = [int] $Value
}
Set-Alias -Name Get-ItemProperty -Value Get-FakeContosoItemProperty
Set-Alias -Name Set-ItemProperty -Value Set-FakeContosoItemProperty
`,
  'remediations/settings.scenarios.ts': `import type { RemediationScenario } from 'remc';

export const scenarios: RemediationScenario[] = [
  {
    name: 'both settings off: both turned on',
    setup: 'Reset-FakeContoso -AgentEnabled 0 -Telemetry 0',
    steps: [
      { run: 'detect', expect: { exitCode: 1 } },
      { run: 'remediate', at: 5, expect: { exitCode: 0, lastLine: ['agent: fixed: turned AgentEnabled on', 'telemetry: fixed: turned Telemetry on'] } },
      { run: 'detect', expect: { exitCode: 0 } },
    ],
  },
  { name: 'both settings on', setup: 'Reset-FakeContoso', steps: [{ run: 'detect', expect: { exitCode: 0 } }] },
];
`,
};

const setting = (name: string, value: string, extra = '') =>
  `customCheck({ name: '${name}', probe: './settings.probe.ps1', fix: './settings.fix.ps1', fakes: './settings.fakes.ps1', runAs: 'system', config: { valueName: '${value}' }${extra} })`;

/** A probe that calls a method of System.Diagnostics.Process: Constrained Language Mode refuses it, and no reading of the text can type $agent. */
const RESPONDING = (needsFullLanguage: boolean) => ({
  'remediations/responding.ts': declaration(
    'responding',
    `customCheck({ name: 'responding', probe: './responding.probe.ps1', fakes: './responding.fakes.ps1', runAs: 'system'${needsFullLanguage ? ', needsFullLanguage: true' : ''} })`,
  ),
  'remediations/responding.probe.ps1': `function Test-ContosoResponding {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $agent = Get-Process -Name 'ContosoAgent' -ErrorAction Stop
    $agent.Refresh()
    $ok = [bool] $agent.Responding
    $summary = 'the agent does not respond'
    if ($ok) { $summary = 'the agent responds' }
    @{ InDesiredState = $ok; Summary = $summary }
}
`,
  'remediations/responding.fakes.ps1': `function Reset-FakeContosoProcess {
    param([bool] $Responding = $true)
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $global:RemcFakeState.Responding = $Responding
}
function Get-FakeContosoProcess {
    param([string] $Name)
    # A real Process object (this pwsh), whose Responding the scenario decides.
    Add-Member -InputObject ([System.Diagnostics.Process]::GetCurrentProcess()) -MemberType NoteProperty -Name Responding -Value ([bool] $global:RemcFakeState.Responding) -Force -PassThru
}
Set-Alias -Name Get-Process -Value Get-FakeContosoProcess
`,
  'remediations/responding.scenarios.ts': `import type { RemediationScenario } from 'remc';

export const scenarios: RemediationScenario[] = [
  {
    name: 'the agent stops responding, then responds again',
    setup: 'Reset-FakeContosoProcess -Responding $false',
    steps: [
      { run: 'detect', expect: { exitCode: 1 } },
      { run: 'detect', at: 60, change: '$RemcFakeState.Responding = $true', expect: { exitCode: 0 } },
    ],
  },
];
`,
});

const REFUSAL = '"Cannot invoke method. Method invocation is supported only on core types in this language mode."';

describePowerShell('remc test in Constrained Language Mode', () => {
  it('runs a check that keeps to Constrained Language Mode, and skips one that needs FullLanguage saying so', async () => {
    const dir = project('settings', {
      ...SETTINGS,
      'remediations/settings.ts': declaration('settings', `${setting('agent', 'AgentEnabled')}, ${setting('telemetry', 'Telemetry', ', needsFullLanguage: true')}`),
    });
    const report = await runTests({ root: dir, pester: false, csharp: false });
    const result = report.remediations[0]!;
    expect(result.checks.flatMap((c) => c.problems)).toEqual([]);
    expect(report.ok).toBe(true);
    // One run: the first of its own scenarios (two), as it has custom checks and no template.
    expect(clmCheck(result)).toMatchObject({ label: 'CLM', passed: 1, total: 1 });
    expect(result.clm).toEqual([
      { check: 'agent', template: 'custom', needsFullLanguage: false, result: 'ran' },
      { check: 'telemetry', template: 'custom', needsFullLanguage: true, result: 'skipped' },
    ]);
    expect(result.clm!.map(clmLine)).toEqual(['agent: CLM: ran', 'telemetry: CLM: skipped (needs FullLanguage)']);
    // Without the runs in Constrained Language Mode there is no CLM check and no line per check.
    const without = await runTests({ root: dir, pester: false, csharp: false, constrainedLanguage: false });
    expect(without.remediations[0]!.checks.map((c) => c.label)).toEqual(['parse', '5.1 compat', 'template scenarios', 'scenarios']);
    expect(without.remediations[0]!.clm).toBeUndefined();
  });

  it('fails a custom check PowerShell refuses in Constrained Language Mode, naming the check, the refusal and the hint; declared needsFullLanguage, it is skipped', async () => {
    const refused = await runTests({ root: project('responding', RESPONDING(false)), pester: false, csharp: false });
    const result = refused.remediations[0]!;
    expect(refused.ok).toBe(false);
    expect(result.ok).toBe(false);
    // In FullLanguage the check works: only the run in Constrained Language Mode fails.
    expect(result.checks.filter((c) => c.problems.length > 0).map((c) => c.label)).toEqual(['CLM']);
    expect(clmCheck(result).problems).toEqual([
      `responding (a custom check) was refused in Constrained Language Mode: ${REFUSAL} (scenario "the agent stops responding, then responds again" under Constrained Language Mode, step 1 (detect)); ` +
        'hint: responding needs FullLanguage, which no reading of its code shows: declare customCheck({ needsFullLanguage: true }), or use only what Constrained Language Mode allows',
    ]);
    expect(result.clm).toEqual([
      { check: 'responding', template: 'custom', needsFullLanguage: false, result: 'refused', detail: `${REFUSAL} (scenario "the agent stops responding, then responds again" under Constrained Language Mode, step 1 (detect))` },
    ]);
    expect(clmLine(result.clm![0]!)).toBe(`responding: CLM: refused ${REFUSAL} (scenario "the agent stops responding, then responds again" under Constrained Language Mode, step 1 (detect))`);

    const declared = await runTests({ root: project('responding-declared', RESPONDING(true)), pester: false, csharp: false });
    expect(declared.remediations[0]!.checks.flatMap((c) => c.problems)).toEqual([]);
    expect(declared.remediations[0]!.clm).toEqual([{ check: 'responding', template: 'custom', needsFullLanguage: true, result: 'skipped' }]);
    expect(declared.ok).toBe(true);
  });

  it("fails a template's check PowerShell refuses in Constrained Language Mode, naming the check, its template, the refusal and the hint", async () => {
    const dir = project('agent-template', {
      'templates/contoso-agent/index.ts': `import { defineTemplate, option } from 'remc';

/** A project template: the Contoso agent process must respond (detect-only). */
export const contosoAgent = defineTemplate({
  title: 'Contoso agent responding',
  summary: 'Reports a Contoso agent process that no longer responds.',
  defaultName: 'agent',
  requirements: { runAs: ['system'] },
  options: {
    /** The agent's process name. */
    processName: option.string({ default: 'ContosoAgent' }),
  },
});
`,
      'templates/contoso-agent/seam.ps1': `function Get-RemcContosoAgent {
    param([string] $Name)
    Get-Process -Name $Name -ErrorAction Stop
}
`,
      'templates/contoso-agent/probe.ps1': RESPONDING(false)['remediations/responding.probe.ps1'].replace('Test-ContosoResponding', 'Test-RemcContosoAgent').replace("Get-Process -Name 'ContosoAgent' -ErrorAction Stop", 'Get-RemcContosoAgent -Name $Config.ProcessName'),
      'templates/contoso-agent/fakes.ps1': RESPONDING(false)['remediations/responding.fakes.ps1'].replace('Set-Alias -Name Get-Process', 'Set-Alias -Name Get-RemcContosoAgent'),
      'templates/contoso-agent/scenarios.ts': `import { checkOutcome, type ScenarioInvariant, type TemplateScenario } from 'remc';

export const neutralSetup = 'Reset-FakeContosoProcess';
export const invariants: ScenarioInvariant[] = [];
export const scenarios: TemplateScenario[] = [
  {
    name: 'the agent does not respond',
    setup: 'Reset-FakeContosoProcess -Responding $false',
    invariants: [{ name: 'the probe sees it', check: ({ step, checks }) => (checks.every((k) => checkOutcome(step, k.name)?.Probe.State === 'drift') ? undefined : step.lastLine) }],
  },
  { name: 'the agent responds', setup: 'Reset-FakeContosoProcess' },
];
`,
      'remediations/agent.ts': declaration('agent', 'contosoAgent()', "import { defineRemediation } from 'remc';\nimport { contosoAgent } from '../templates/contoso-agent/index.ts';"),
    });
    const report = await runTests({ root: dir, pester: false, csharp: false });
    const result = report.remediations[0]!;
    expect(report.ok).toBe(false);
    expect(result.checks.filter((c) => c.problems.length > 0).map((c) => c.label)).toEqual(['CLM']);
    // One run for the one template (its first scenario), not one per scenario.
    expect(clmCheck(result)).toMatchObject({ passed: 0, total: 1 });
    expect(clmCheck(result).problems).toEqual([
      `agent (template contoso-agent) was refused in Constrained Language Mode: ${REFUSAL} (template scenario contoso-agent/"the agent does not respond" under Constrained Language Mode, detect); ` +
        'hint: agent needs FullLanguage, which the compiler does not read from the code of templates/contoso-agent (a method or property of a type Constrained Language Mode does not allow): use only what that mode allows there',
    ]);
    expect(result.clm?.map(clmLine)).toEqual([`agent: CLM: refused ${REFUSAL} (template scenario contoso-agent/"the agent does not respond" under Constrained Language Mode, detect)`]);
  });
}, { concurrent: true });
