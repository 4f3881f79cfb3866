/**
 * A new template is one folder: in a copy of the repository, a template folder is added (index.ts,
 * probe.ps1, seam.ps1, fakes.ps1, scenarios.ts and a Pester test, nothing else anywhere), `npm run gen`
 * runs once, and then a second run changes nothing, tsc type-checks a declaration that imports the new
 * factory from 'remc', `remc build` builds it and `remc test` proves it (its scenarios and its Pester
 * test run). Slow (a copy, two gens, tsc, a build and a test run): the limits only catch a hang.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolsDir } from '../compiler/proof/toolchain.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-new-template-'));
const copy = path.join(scratch, 'remc');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The new template: detect-only, a marker file must exist. Written as a template author writes one. */
const TEMPLATE: Readonly<Record<string, string>> = {
  'index.ts': `/**
 * markerFile: a detect-only check that a marker file exists.
 */
import { defineTemplate, option } from '../../compiler/declare/template.ts';

export const markerFile = defineTemplate({
  title: 'Marker file',
  summary: 'Detect-only: reports whether the declared marker file exists.',
  defaultName: 'marker',
  options: {
    /** The file that must exist, e.g. \`C:\\\\ProgramData\\\\Contoso\\\\marker.txt\`. */
    path: option.string({ required: true }),
  },
});
`,
  'probe.ps1': `function Test-RemcMarkerFile {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $present = Test-RemcMarkerPath -Path $Config.Path
    $summary = 'marker present'
    if (-not $present) { $summary = 'marker missing' }
    @{ InDesiredState = $present; Summary = $summary; Facts = @{ Present = $present } }
}
`,
  'seam.ps1': `function Test-RemcMarkerPath {
    param([string] $Path)
    [bool](Test-Path -LiteralPath $Path)
}
`,
  'fakes.ps1': `# Fakes of the marker-file seam (tests only).

function Reset-RemcFakeMarkerFile {
    param([string[]] $Present = @())
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $global:RemcFakeState.MarkerFiles = @($Present)
}

function Test-RemcFakeMarkerPath {
    param([string] $Path)
    return (@($global:RemcFakeState.MarkerFiles) -contains $Path)
}

Set-Alias -Name Test-RemcMarkerPath -Value Test-RemcFakeMarkerPath
`,
  'scenarios.ts': `import { checkOutcome, type ScenarioInvariant, type TemplateScenario } from 'remc';

/** A machine without the marker. */
export const neutralSetup = 'Reset-RemcFakeMarkerFile';

export const invariants: ScenarioInvariant[] = [];

/** Every step reports \`state\`, and a detect-only remediation exits 1 on drift. */
function reports(state: 'ok' | 'drift', summary: string): ScenarioInvariant {
  return {
    name: \`the check reports \${state}: \${summary}\`,
    check: ({ step, checks, remediation }) => {
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        if (probe?.State !== state || probe.Summary !== summary) return JSON.stringify(probe);
      }
      const exit = state === 'drift' && remediation.detectOnly ? 1 : 0;
      return step.exitCode === exit ? undefined : \`exit \${step.exitCode}: \${step.lastLine}\`;
    },
  };
}

export const scenarios: TemplateScenario[] = [
  {
    name: 'the marker is there',
    setup: "Reset-RemcFakeMarkerFile -Present @('C:\\\\ProgramData\\\\Contoso\\\\marker.txt')",
    invariants: [reports('ok', 'marker present')],
  },
  {
    name: 'the marker is missing',
    setup: 'Reset-RemcFakeMarkerFile',
    invariants: [reports('drift', 'marker missing')],
  },
];
`,
  'MarkerFile.Tests.ps1': `BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . $env:REMC_TEST_HELPERS
    $script:Context = @{ RemediationId = 'test'; Mode = 'detect'; Now = [datetime]::UtcNow; Since = $null }
    function New-TestConfig { New-RemcTestConfig -Template 'marker-file' -Override @{ Path = 'C:\\m.txt' } }
}

Describe 'Test-RemcMarkerFile' {
    It 'is in desired state when the marker is there' {
        Reset-RemcFakeMarkerFile -Present @('C:\\m.txt')
        (Test-RemcMarkerFile -Config (New-TestConfig) -Context $script:Context).InDesiredState | Should -BeTrue
    }

    It 'drifts when it is missing' {
        Reset-RemcFakeMarkerFile
        (Test-RemcMarkerFile -Config (New-TestConfig) -Context $script:Context).Summary | Should -Be 'marker missing'
    }
}
`,
};

const DECLARATION = `import { defineRemediation, markerFile } from 'remc';

export default defineRemediation({
  id: 'contoso-marker',
  displayName: 'Contoso marker',
  description: 'Reports whether the Contoso marker file exists.',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [markerFile({ path: 'C:\\\\ProgramData\\\\Contoso\\\\marker.txt' })],
});
`;

/** Runs a node script of the copy (its own bin/), in the copy. */
function node(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  const r = spawnSync(process.execPath, args, { cwd: copy, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

const gen = () => node([path.join('bin', 'run-ts.mjs'), path.join('compiler', 'dev', 'gen.ts')]);

/** Every file of the copy (node_modules aside) with the hash of its content. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(copy, { recursive: true, withFileTypes: true })) {
    const file = path.relative(copy, path.join(entry.parentPath, entry.name));
    if (!entry.isFile() || file.split(path.sep)[0] === 'node_modules') continue;
    files.set(file, createHash('sha256').update(readFileSync(path.join(copy, file))).digest('hex'));
  }
  return files;
}

let firstGen: ReturnType<typeof node>;

beforeAll(() => {
  // The repository as a checkout holds it (its files, not what is ignored), and its dependencies.
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  expect(listed.status, listed.stderr).toBe(0);
  for (const file of listed.stdout.split('\0')) {
    if (file === '' || file === 'node_modules' || !existsSync(path.join(root, file))) continue;
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(copy, file));
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'junction');
  const folder = path.join(copy, 'templates', 'marker-file');
  mkdirSync(folder);
  for (const [name, text] of Object.entries(TEMPLATE)) writeFileSync(path.join(folder, name), text);
  writeFileSync(path.join(copy, 'remediations', 'contoso-marker.ts'), DECLARATION);
  firstGen = gen();
}, 600_000);

describe('a new template folder, after one npm run gen', { timeout: 600_000 }, () => {
  it('is in everything gen writes, and a second run changes nothing', () => {
    expect(firstGen.code, firstGen.out).toBe(0);
    expect(readFileSync(path.join(copy, 'templates', 'index.ts'), 'utf8')).toContain("export * from './marker-file/index.ts';");
    expect(readFileSync(path.join(copy, 'types', 'templates', 'index.d.ts'), 'utf8')).toContain("export * from './marker-file/index.js';");
    expect(readFileSync(path.join(copy, 'types', 'templates', 'marker-file', 'index.d.ts'), 'utf8')).toContain('export declare const markerFile');
    expect(readFileSync(path.join(copy, 'docs', 'templates.md'), 'utf8')).toContain('## `markerFile()`: Marker file');
    expect(readFileSync(path.join(copy, 'README.md'), 'utf8')).toContain('| `markerFile(props)` | `marker-file` | Detect-only: reports whether the declared marker file exists. | user or system |');
    const before = snapshot();
    const second = gen();
    expect(second.code, second.out).toBe(0);
    const after = snapshot();
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
    expect(changed, 'files the second npm run gen changed').toEqual([]);
  });

  it("type-checks: the factory comes from 'remc', with its props", () => {
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = node([tsc, '-p', 'tsconfig.json', '--pretty', 'false']);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('builds a declaration that uses it', () => {
    const r = node([path.join('bin', 'remc.mjs'), 'build', '--out', path.join(scratch, 'dist')]);
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(path.join(scratch, 'dist', 'contoso-marker', 'detect.ps1'), 'utf8')).toContain('function Test-RemcMarkerFile');
  });
});

describePowerShell('a new template folder under remc test', () => {
  it('is proven: its scenarios run against the declaration, and its Pester test passes', () => {
    // The toolchain `remc setup` installed for this checkout; the copy has none of its own.
    const r = node([path.join('bin', 'remc.mjs'), 'test', 'contoso-marker', '--no-cache', '--workers', '2'], { REMC_CACHE: toolsDir() });
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toMatch(/^ {2}contoso-marker +ok +parse 1\/1, 5\.1 compat 1\/1, template scenarios 2\/2, CLM 1\/1 in [\d.]+ s$/m);
    expect(r.stdout).toMatch(/^ {2}templates \(Pester\) +ok +2\/2 tests passed/m);
  });
});
