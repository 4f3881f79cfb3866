/**
 * registryValue as the compiler sees it: the secret's digest (pinned to the same vectors as the
 * template's Pester tests, so compiler and probe agree), a secret that reaches no built file but
 * remediate.ps1, names derived for checks without checkName, and the rules and warnings of HKU paths,
 * detect-only checks, key checks and credentials.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../compiler/diagnostics.ts';
import { compile } from '../compiler/pipeline.ts';
import { unprovenLines } from '../compiler/proof/coverage.ts';
import { describeChecks } from '../compiler/proof/results.ts';
import { runTests } from '../compiler/proof/test-command.ts';
import { secretDigest } from '../templates/registry-value/digest.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
// Projects go inside the package (git-ignored test/.out), where their `import ... from 'remc'` resolves.
mkdirSync(path.join(root, 'test', '.out'), { recursive: true });
const projects = mkdtempSync(path.join(root, 'test', '.out', 'registry-value-'));
afterAll(() => rmSync(projects, { recursive: true, force: true }));

let count = 0;
/** A project of one remediation whose checks are `checks` (TypeScript), run as `runAs`; extra files beside it. */
function project(checks: string, runAs = 'system', files: Record<string, string> = {}): string {
  const dir = path.join(projects, `p${++count}`);
  mkdirSync(path.join(dir, 'remediations'), { recursive: true });
  const text = [
    "import { customCheck, defineRemediation, onDrift, registryValue } from 'remc';",
    "const winlogon = 'HKLM:\\\\SOFTWARE\\\\Microsoft\\\\Windows NT\\\\CurrentVersion\\\\Winlogon';",
    'export default defineRemediation({',
    `  id: 'r${count}', displayName: 'R', description: 'R.', publisher: 'T', runAs: '${runAs}',`,
    `  checks: [${checks}],`,
    '});',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'remediations', `r${count}.ts`), text);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, 'remediations', name), content);
  return dir;
}

const SECRET = 'Kiosk-Example-Pa55';

describe('the digest of a secret', () => {
  it('is PBKDF2-SHA256 over the typed data, salted with the path and name: the vectors the Pester tests pin', () => {
    expect(secretDigest('HKLM:\\SOFTWARE\\Contoso', 'Setting', 'String', 'P@ssw0rd!')).toBe('a49ae637229f75568acd5a97f98308e5b6540f5631e608e5a779ea9d89189043');
    expect(secretDigest('HKLM:\\SOFTWARE\\Contoso', 'Setting', 'DWord', 4294967295)).toBe('8864c794c72edf53e9e581a2d06ff77cd2a55ffc74dec13adface00fb22778c3');
    expect(secretDigest('HKLM:\\SOFTWARE\\Contoso', 'Setting', 'MultiString', ['a', 'b'])).toBe('ef633c0e1639bd8fab8fcf3a6b846ee75d4d5b75005f8c4148a64f9fc635d7ed');
    expect(secretDigest('HKLM:\\SOFTWARE\\Contoso', 'Setting', 'Binary', [1, 255, 60])).toBe('b455fd479a6e2b5c177f4412ab7661cfc5a0104fbca1512ea363ae2763a5e8e2');
    // Another value with the same data has another digest (the salt is its path and name).
    expect(secretDigest('HKLM:\\SOFTWARE\\Contoso', 'Other', 'String', 'P@ssw0rd!')).not.toBe(secretDigest('HKLM:\\SOFTWARE\\Contoso', 'Setting', 'String', 'P@ssw0rd!'));
  });
});

describe('a secret value in the build output', () => {
  it('is in no file but remediate.ps1 (every target), and the build warns once that remediate.ps1 carries it', async () => {
    const dir = project(
      `registryValue({ path: winlogon, name: 'AutoAdminLogon', value: '1' }), registryValue({ path: winlogon, name: 'DefaultPassword', value: '${SECRET}', secret: true })`,
    );
    const result = await compile(dir);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning REMC080']);
    expect(formatDiagnostic(result.diagnostics[0]!)).toMatch(/remediate\.ps1 must carry it/);
    // Its code frame masks the secret: no build log holds it.
    expect(formatDiagnostic(result.diagnostics[0]!)).not.toContain(SECRET);
    expect(formatDiagnostic(result.diagnostics[0]!)).toContain("value: '********', secret: true");
    const holding = [...result.artifacts].filter(([, bytes]) => bytes.toString('utf8').includes(SECRET)).map(([name]) => name);
    expect(holding).toEqual([`r${count}/remediate.ps1`]);
    // detect.ps1 carries the digest instead, and the README says only that it is secret.
    expect(result.artifacts.get(`r${count}/detect.ps1`)!.toString('utf8')).toContain(`ValueDigest = '${secretDigest('HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon', 'DefaultPassword', 'String', SECRET)}'`);
    expect(result.artifacts.get(`r${count}/README.md`)!.toString('utf8')).toContain('| `value` | (secret: only remediate.ps1 carries it) |');
  });

  it('reaches, with every target built, only the scripts that remediate', async () => {
    const dir = project(`registryValue({ path: winlogon, name: 'DefaultPassword', value: '${SECRET}', secret: true })`);
    const all = ['intune', 'combined', 'tactical', 'datto', 'n-able', 'ninjaone', 'immybot', 'intunecd', 'community'] as const;
    const result = await compile(dir, { targets: [...all] });
    const holding = [...result.artifacts].filter(([, bytes]) => bytes.toString('utf8').includes(SECRET)).map(([name]) => name);
    // Each is a script that can remediate, or a tool's file that holds one: no detection script, no
    // README, no index, no Graph or IntuneCD metadata (the Datto monitor is the combined script too).
    const id = `r${count}`;
    expect(holding).toEqual([
      `${id}/remediate.ps1`,
      `${id}/combined.ps1`,
      'tactical/scripts/Win_Remc_R2.ps1'.replace('R2', `R${count}`),
      `tactical/api/${id}.json`,
      `datto/${id}/monitor.ps1`,
      `datto/${id}/component.ps1`,
      `n-able/${id}.ps1`,
      `ninjaone/${id}.ps1`,
      `immybot/${id}.ps1`,
      expect.stringMatching(/^intunecd\/Proactive Remediations\/Script Data\/R_remediationScript__[0-9a-f-]+\.ps1$/),
      `community/${id}/Remediation.ps1`,
    ]);
  });
});

describe('check names', () => {
  it('come from the value names without checkName, made unique; an explicit checkName still wins', async () => {
    const dir = project(
      [
        "registryValue({ path: winlogon, name: 'AutoAdminLogon', value: '1' })",
        "registryValue({ path: winlogon, name: 'DefaultUserName', value: 'kiosk' })",
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Policies\\\\A', name: 'Enabled', type: 'DWord', value: 1 })",
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Policies\\\\B', name: 'Enabled', type: 'DWord', value: 1 })",
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Policies\\\\C', name: 'Enabled', type: 'DWord', value: 0, checkName: 'Enabled' })",
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso\\\\Agent' })",
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: '', value: 'x' })",
      ].join(', '),
    );
    const result = await compile(dir);
    expect(result.diagnostics).toEqual([]);
    expect(result.remediations[0]!.checks.map((c) => c.name)).toEqual(['AutoAdminLogon', 'DefaultUserName', 'Enabled-2', 'Enabled-3', 'Enabled', 'Agent-key', 'Contoso-default']);
  });

  it('refuses a trigger that reads a name several checks derive', async () => {
    const dir = project(
      [
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\A', name: 'Flag' })",
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\B', name: 'Flag' })",
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\C', name: 'Fixed', value: 'x', trigger: { kind: 'finding', check: 'Flag' } })",
      ].join(', '),
    );
    const result = await compile(dir);
    expect(result.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      'REMC017: the trigger reads check "Flag", a name several checks derive from their options (the others got -2, -3...)',
    ]);
  });
});

describe('the rules of registryValue', () => {
  it.each([
    ['an HKU path in a user remediation', "registryValue({ path: 'HKU:\\\\.DEFAULT\\\\Control Panel\\\\Keyboard', name: 'InitialKeyboardIndicators', value: '2' })", 'user', /REMC015/],
    ['an HKU hive that is not one', "registryValue({ path: 'HKU:\\\\Software\\\\Contoso', name: 'X', value: '2' })", 'system', /REMC025: registryValue\(\): "Software" is not a hive HKEY_USERS holds/],
    ['a trigger on a check for any data', "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'Id', trigger: onDrift() })", 'system', /REMC090: registryValue\(\) fixes only with the data to write/],
    ['deleting a key right below its hive', "registryValue({ path: 'HKLM:\\\\SOFTWARE', ensure: 'absent' })", 'system', /REMC025: registryValue\(\): deleting HKLM:\\SOFTWARE is refused/],
    ['value on a key check', "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', value: 'x' })", 'system', /REMC025: registryValue\(\): is given, but no name/],
    ['bits with value', "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'A', value: 1, type: 'DWord', bits: { set: 1 } })", 'system', /REMC025: registryValue\(\): and value are both given/],
    ['bits set and cleared at once', "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'A', bits: { set: 3, clear: 2 } })", 'system', /REMC014: .*set and clear share the bits 0x2/],
    ['a secret without a value', "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'A', ensure: 'absent', secret: true })", 'system', /REMC025: registryValue\(\): is true, but no value is written/],
    ['forEachUser in a user remediation', "registryValue({ path: 'HKCU:\\\\Software\\\\Contoso', name: 'A', type: 'DWord', value: 0, forEachUser: true })", 'user', /forEachUser reaches every user's hive from SYSTEM, but this remediation runs as the user/],
    ['forEachUser outside HKCU', "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'A', type: 'DWord', value: 0, forEachUser: true })", 'system', /REMC025: registryValue\(\): is true, but the path is in HKLM: forEachUser keeps an HKCU value/],
    ['forEachUser on a key check', "registryValue({ path: 'HKCU:\\\\Software\\\\Contoso', forEachUser: true })", 'system', /REMC025: registryValue\(\): is true, but no name is given/],
  ])('reports %s', async (_case, checks, runAs, expected) => {
    const result = await compile(project(checks, runAs));
    expect(result.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n')).toMatch(expected);
  });

  it('accepts forEachUser on an HKCU value in a SYSTEM remediation', async () => {
    const result = await compile(project("registryValue({ path: 'HKCU:\\\\Software\\\\Contoso\\\\App', name: 'Telemetry', type: 'DWord', value: 0, forEachUser: true })"));
    expect(result.diagnostics).toEqual([]);
    expect(result.remediations[0]!.checks[0]!.config).toMatchObject({ path: 'HKCU:\\Software\\Contoso\\App', forEachUser: true });
  });

  it('makes a check for any data detect-only, and a bit check a fix', async () => {
    const result = await compile(
      project("registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'Id' }), registryValue({ path: 'HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\SecureBoot', name: 'AvailableUpdates', bits: { set: 0x40 } })"),
    );
    expect(result.diagnostics).toEqual([]);
    const [any, bits] = result.remediations[0]!.checks;
    expect(any!.hasFix).toBe(false);
    expect(any!.triggers).toEqual([]);
    expect(bits!.hasFix).toBe(true);
    expect(bits!.config).toMatchObject({ type: 'DWord', value: null, bits: { set: 0x40, clear: 0 } });
  });
});

describe('credential-like literals (REMC081)', () => {
  it('warns of a value named like a credential, and of a key-shaped string, not of ordinary data', async () => {
    const result = await compile(
      project(
        [
          "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'ApiToken', value: 'abc123' })",
          "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'Conn', value: 'Server=db;Database=x;Password=hunter2;' })",
          "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'Key', value: 'AKIAABCDEFGHIJKLMNOP' })",
          "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'Enabled', type: 'DWord', value: 1 })",
        ].join(', '),
      ),
    );
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.location?.line}: ${d.message}`)).toEqual([
      'warning REMC081 5: registryValue(): value looks like a credential (it is the value of name "ApiToken"); every device the remediation is assigned to can read it in the scripts',
      'warning REMC081 5: registryValue(): value looks like a credential (it looks like a connection string with a password); every device the remediation is assigned to can read it in the scripts',
      'warning REMC081 5: registryValue(): value looks like a credential (it looks like an AWS access key id); every device the remediation is assigned to can read it in the scripts',
    ]);
  });

  it("warns of a literal password in a custom check's PowerShell, at its line", async () => {
    const probe = [
      'function Test-Vpn {',
      '    param($Config, $Context)',
      "    $password = 'hunter2'",
      "    @{ InDesiredState = $true; Summary = 'ok' }",
      '}',
      '',
    ].join('\n');
    const dir = project("customCheck({ name: 'vpn', probe: './vpn.probe.ps1', runAs: 'system' })", 'system', { 'vpn.probe.ps1': probe });
    const result = await compile(dir);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.location?.file}:${d.location?.line}`)).toEqual(['warning REMC081 remediations/vpn.probe.ps1:3']);
    // The examples' custom check holds none.
    const examples = await compile(path.join(root, 'examples'));
    expect(examples.diagnostics.filter((d) => d.code === 'REMC081')).toEqual([]);
    expect(readFileSync(path.join(root, 'examples', 'remediations', 'defender-realtime.probe.ps1'), 'utf8')).not.toBe('');
  });
});

describePowerShell('registryValue under remc test', () => {
  it('proves key checks, bit checks and a check for any data through the template scenarios', async () => {
    const dir = project(
      [
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso\\\\Agent' })",
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso\\\\Legacy', ensure: 'absent' })",
        "registryValue({ path: 'HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\SecureBoot', name: 'AvailableUpdates', bits: { set: 0x40, clear: 0x1 } })",
        "registryValue({ path: 'HKLM:\\\\SOFTWARE\\\\Contoso', name: 'InstallId' })",
        "registryValue({ path: 'HKU:\\\\S-1-5-21-1-2-3-1001\\\\Software\\\\Contoso', name: 'Banner', value: 'on' })",
      ].join(', '),
    );
    const report = await runTests({ root: dir, cache: false, pester: false });
    const lines = report.remediations.map((r) => `${r.id}: ${describeChecks(r)}\n${r.checks.flatMap((c) => c.problems).join('\n')}`);
    expect(report.remediations.filter((r) => !r.ok).map((r) => r.id), lines.join('\n')).toEqual([]);
    const r = report.remediations[0]!;
    expect(unprovenLines(r.coverage)).toEqual([]);
    // Every scenario ran, the unloaded user hive too (about the HKU check only: the others fixed meanwhile).
    // The forEachUser scenarios are not about these checks (3 not applicable).
    expect(describeChecks(r)).toMatch(/template scenarios 8\/8 \(3 not applicable\),/);
  });
});
