/**
 * Whether a check needs FullLanguage is read from its PowerShell (compiler/validate/language-mode.ts), not
 * declared: each built-in template's answer is the one its code calls for (and no template declares
 * one); a custom check whose code holds what Constrained Language Mode refuses must say
 * `needsFullLanguage: true` or the build stops with REMC028 at its declaration; and the README and
 * `remc list` say only what is known: derived and proven by remc's tests for its templates, a static
 * check only for a custom check.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../compiler/pipeline.ts';
import { languageNeed } from '../compiler/validate/language-mode.ts';
import { clmLine } from '../compiler/proof/clm-runs.ts';
import { runTests } from '../compiler/proof/test-command.ts';
import { BUILTIN_TEMPLATES_DIR, loadTemplateFactories, templateFolders } from '../compiler/load/registry.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-language-mode-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The built-in templates whose code needs FullLanguage: credential-purge compiles C# (native.cs) with
 * Add-Type, registry-value opens RegistryKey through its static methods, wam-account-sign-out loads
 * WinRT with Add-Type, local-group-member maps names and SIDs with SecurityIdentifier and NTAccount
 * (New-Object of types that mode does not allow) and reads ADSI's COM members. Every other template folder runs in Constrained Language Mode (path-cleanup,
 * appx-registration, appx-removal, service-state, event-signal and bitlocker-status since their code was made to:
 * cmdlets, $env: lookups, [decimal] and a pattern with Parse instead of [System.IO.File],
 * [Environment], [math] and TryParse with [ref]), and so must a new one unless it is named here.
 */
const NEED_FULL_LANGUAGE: readonly string[] = ['credential-purge', 'local-group-member', 'registry-value', 'wam-account-sign-out'];

const folders = templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin');
/** What each template folder's code needs: true for those named above. */
const NEEDS_FULL_LANGUAGE: Readonly<Record<string, boolean>> = Object.fromEntries(folders.map((f) => [f.name, NEED_FULL_LANGUAGE.includes(f.name)]));
const needOf = (name: string) => {
  const folder = folders.find((f) => f.name === name)!;
  return languageNeed({ kind: 'template', origin: `templates/${name}`, probe: folder.probe!, fix: folder.fix, seam: folder.seam, native: folder.native });
};

describe('the built-in templates', () => {
  it('each needs FullLanguage exactly when its code does', () => {
    expect(NEED_FULL_LANGUAGE.filter((name) => !folders.some((f) => f.name === name)), 'named above, but no such folder').toEqual([]);
    expect(Object.fromEntries(folders.map((f) => [f.name, needOf(f.name).needsFullLanguage]))).toEqual(NEEDS_FULL_LANGUAGE);
  });

  it('name the first construct that needs it', () => {
    const first = (name: string) => {
      const f = needOf(name).findings[0]!;
      return `${f.file}:${f.line} ${f.construct}`;
    };
    expect(first('credential-purge')).toBe('templates/credential-purge/native.cs:1 native.cs');
    expect(first('registry-value')).toBe('templates/registry-value/seam.ps1:13 [Microsoft.Win32.RegistryKey]::OpenBaseKey(...)');
    expect(first('wam-account-sign-out')).toBe('templates/wam-account-sign-out/seam.ps1:5 Add-Type');
    expect(first('local-group-member')).toBe('templates/local-group-member/seam.ps1:18 New-Object System.Security.Principal.SecurityIdentifier');
  });

  it('none declares it: the spec carries only what the compiler cannot read from the code', async () => {
    for (const folder of folders) {
      for (const [, factory] of await loadTemplateFactories(folder)) {
        expect(Object.keys(factory.spec.requirements).sort(), folder.name).toEqual(['needs64Bit', 'needsAdmin', 'needsUserSession', 'runAs']);
      }
    }
  });

  it("give each check of a build the template's answer (the flagship: only the credential purge)", async () => {
    const { remediations, diagnostics } = await compile(root);
    expect(diagnostics).toEqual([]);
    const flagship = remediations.find((m) => m.id === 'teams-signin-50058')!;
    expect(flagship.checks.map((c) => [c.name, c.requirements.needsFullLanguage])).toEqual([
      ['diagnosis', false],
      ['broker', false],
      ['credentials', true],
    ]);
  });
});

/** A project of one remediation with one custom check, its probe (and declaration options) given. */
function customProject(name: string, probe: string, options = ''): string {
  const dir = path.join(scratch, name);
  mkdirSync(path.join(dir, 'remediations'), { recursive: true });
  writeFileSync(
    path.join(dir, 'remediations', 'quota.ts'),
    [
      "import { customCheck, defineRemediation } from 'remc';",
      '',
      'export default defineRemediation({',
      "  id: 'disk-quota', displayName: 'Disk quota', description: 'Reports free space.', publisher: 'IT', runAs: 'system',",
      "  checks: [customCheck({ name: 'quota', probe: './quota.probe.ps1', runAs: 'system'" + options + ' })],',
      '});',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'remediations', 'quota.probe.ps1'), probe);
  return dir;
}

const REFUSED_PROBE = [
  'function Test-DiskQuota {',
  '    param($Config, $Context)',
  '    $free = [math]::Round((Get-PSDrive -Name C).Free / 1GB)',
  "    return @{ InDesiredState = ($free -ge 10); Summary = ('{0} GB free' -f $free); Facts = @{ Free = $free } }",
  '}',
  '',
].join('\n');
const CLEAN_PROBE = REFUSED_PROBE.replace('[math]::Round((Get-PSDrive -Name C).Free / 1GB)', '[int]((Get-PSDrive -Name C).Free / 1GB)');
const MESSAGE = "custom check 'quota' needs FullLanguage: remediations/quota.probe.ps1:3 `[math]::Round(...)`: Constrained Language Mode refuses method calls on [System.Math]";

describe('a custom check', () => {
  it('whose code CLM refuses, with needsFullLanguage left out: REMC028 at the customCheck call, the construct as a note', async () => {
    const { diagnostics, remediations } = await compile(customProject('absent', REFUSED_PROBE));
    expect(remediations).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d!.code).toBe('REMC028');
    expect(d!.message).toBe(`${MESSAGE}, but it does not declare needsFullLanguage: true`);
    expect(d!.location).toMatchObject({ file: 'remediations/quota.ts', line: 5, column: 12 });
    expect(d!.notes).toEqual([
      {
        message: '`[math]::Round(...)`: Constrained Language Mode refuses method calls on [System.Math]',
        location: { file: 'remediations/quota.probe.ps1', line: 3, column: 13, lineText: '    $free = [math]::Round((Get-PSDrive -Name C).Free / 1GB)' },
      },
    ]);
    expect(d!.hint).toContain('declare needsFullLanguage: true');
  });

  it('whose code CLM refuses, declaring needsFullLanguage: false: REMC028 at that option', async () => {
    const { diagnostics } = await compile(customProject('false', REFUSED_PROBE, ', needsFullLanguage: false'));
    expect(diagnostics.map((d) => [d.code, d.message, d.location?.line, d.location?.column])).toEqual([
      ['REMC028', `${MESSAGE}, but it declares needsFullLanguage: false`, 5, 86],
    ]);
  });

  it('declaring needsFullLanguage: true: built, and skipped in Constrained Language Mode', async () => {
    const { diagnostics, remediations, artifacts } = await compile(customProject('true', REFUSED_PROBE, ', needsFullLanguage: true'));
    expect(diagnostics).toEqual([]);
    expect(remediations[0]!.checks[0]!.requirements.needsFullLanguage).toBe(true);
    const readme = artifacts.get('disk-quota/README.md')!.toString('utf8');
    expect(readme).toContain('In Constrained Language Mode (AppLocker, WDAC) `quota` cannot run: it is skipped and the line says SKIPPED.');
    expect(readme).not.toContain('Every check also runs');
  });

  it('may declare true what no reading sees (a method call on an object), and is taken at its word', async () => {
    const probe = CLEAN_PROBE.replace("$free = [int]", "$null = (Get-Item -LiteralPath 'C:\\').GetFiles()\n    $free = [int]");
    const { diagnostics, remediations } = await compile(customProject('opt-in', probe, ', needsFullLanguage: true'));
    expect(diagnostics).toEqual([]);
    expect(remediations[0]!.checks[0]!.requirements.needsFullLanguage).toBe(true);
  });

  it("whose code CLM does not refuse: built; the README says that only a static check says so, and what running proves", async () => {
    const project = customProject('clean', CLEAN_PROBE);
    const { diagnostics, remediations, artifacts } = await compile(project);
    expect(diagnostics).toEqual([]);
    expect(remediations[0]!.checks[0]!.requirements.needsFullLanguage).toBe(false);
    const readme = artifacts.get('disk-quota/README.md')!.toString('utf8');
    expect(readme).toContain(
      "`quota`: remc's static check finds nothing in its code that Constrained Language Mode refuses; only running it in that mode proves its method calls on objects (`remc test` does).",
    );
    expect(readme).not.toContain('Every check also runs');
    expect(readme).not.toContain('`quota` cannot run');
    const list = spawnSync(process.execPath, [path.join(root, 'bin', 'remc.mjs'), 'list'], { cwd: project, encoding: 'utf8' });
    expect(list.stdout).toBe('disk-quota\tsystem, 64-bit, 1 check, detect-only, CLM by static check: quota\tquota:quota\tremediations/quota.ts\n');
  });
});

describe('the README says only what is known', () => {
  const project = path.join(scratch, 'templates-only');
  mkdirSync(path.join(project, 'remediations'), { recursive: true });
  cpSync(path.join(root, 'remediations'), path.join(project, 'remediations'), { recursive: true });
  writeFileSync(
    path.join(project, 'remediations', 'spooler.ts'),
    "import { defineRemediation, serviceState } from 'remc';\nexport default defineRemediation({ id: 'spooler', displayName: 'Spooler', description: 'Keeps the Print Spooler running.', publisher: 'IT', runAs: 'system', checks: [serviceState({ name: 'Spooler', status: 'running' })] });\n",
  );

  it('every check runs in Constrained Language Mode only where all are templates whose code needs no FullLanguage', async () => {
    const { artifacts, diagnostics } = await compile(project);
    expect(diagnostics).toEqual([]);
    expect(artifacts.get('spooler/README.md')!.toString('utf8')).toContain(
      "Every check also runs in Constrained Language Mode (AppLocker, WDAC): remc's templates, whose code holds nothing that mode refuses, and remc's own tests run them in it.",
    );
    const flagship = artifacts.get('teams-signin-50058/README.md')!.toString('utf8');
    expect(flagship).toContain('In Constrained Language Mode (AppLocker, WDAC) `credentials` cannot run: it is skipped and the line says SKIPPED.');
    expect(flagship).toContain("`diagnosis`, `broker` run in Constrained Language Mode too: remc's templates, whose code holds nothing that mode refuses, and remc's own tests run them in it.");
    expect(flagship).not.toContain('Every check also runs');
  });
});

/**
 * The README says remc's own tests run its templates in Constrained Language Mode: `remc test` runs each
 * template's first scenario once more in that mode, where a check must run (or, needing FullLanguage,
 * be skipped saying so) and never be refused. The examples (test/examples.test.ts) cover most templates;
 * the rest are declared here, and together they must cover every built-in template.
 */
const NOT_IN_EXAMPLES: Readonly<Record<string, string>> = {
  'appx-registration': "import { appxRegistration, defineRemediation } from 'remc';\nexport default defineRemediation({ id: 'clm-appx', displayName: 'Contoso app', description: 'Keeps the Contoso app registered.', publisher: 'IT', runAs: 'user', checks: [appxRegistration({ packageName: 'Contoso.App', manifest: '%SystemRoot%\\\\SystemApps\\\\Contoso.App_8wekyb3d8bbwe\\\\AppxManifest.xml' })] });\n",
  'appx-removal': "import { appxRemoval, defineRemediation } from 'remc';\nexport default defineRemediation({ id: 'clm-appx-removal', displayName: 'Microsoft News removed', description: 'Keeps Microsoft News removed.', publisher: 'IT', runAs: 'system', checks: [appxRemoval({ packageName: 'Microsoft.BingNews' })] });\n",
  'certificate-expiry': "import { certificateExpiry, defineRemediation } from 'remc';\nexport default defineRemediation({ id: 'clm-certificates', displayName: 'Expired certificates', description: 'Removes expired certificates without a key.', publisher: 'IT', runAs: 'system', checks: [certificateExpiry({ store: 'Cert:\\\\LocalMachine\\\\My', withinDays: 0, removeExpired: true })] });\n",
  'defender-preference': "import { defenderPreference, defineRemediation } from 'remc';\nexport default defineRemediation({ id: 'clm-defender', displayName: 'Defender', description: 'Keeps real-time protection and PUA protection on.', publisher: 'IT', runAs: 'system', checks: [defenderPreference({ settings: { DisableRealtimeMonitoring: false, PUAProtection: 'enabled' } })] });\n",
  'event-signal': "import { defineRemediation, eventSignal } from 'remc';\nexport default defineRemediation({ id: 'clm-events', displayName: 'Crashes', description: 'Reports repeated app crashes.', publisher: 'IT', runAs: 'system', checks: [eventSignal({ log: 'Application', provider: 'Application Error', ids: [1000], minCount: 3 })] });\n",
  'command-fix': "import { commandFix, defineRemediation, eventSignal, onFinding } from 'remc';\nconst drift = eventSignal({ log: 'System', provider: 'Microsoft-Windows-Time-Service', ids: [36], minCount: 3 });\nexport default defineRemediation({ id: 'clm-command-fix', displayName: 'Time resync', description: 'Resynchronizes the clock when the time service keeps failing.', publisher: 'IT', runAs: 'system', checks: [drift, commandFix({ path: '%SystemRoot%\\\\System32\\\\w32tm.exe', arguments: ['/resync'], timeoutSeconds: 60, trigger: onFinding(drift) })] });\n",
  'command-probe': "import { commandProbe, defineRemediation } from 'remc';\nexport default defineRemediation({ id: 'clm-command-probe', displayName: 'Time service', description: 'Reports whether the time service answers.', publisher: 'IT', runAs: 'system', checks: [commandProbe({ path: '%SystemRoot%\\\\System32\\\\w32tm.exe', arguments: ['/query', '/status'], timeoutSeconds: 30 })] });\n",
  'local-group-member': "import { defineRemediation, localGroupMember } from 'remc';\nexport default defineRemediation({ id: 'clm-local-group', displayName: 'Local administrators', description: 'Keeps the helpdesk group a local administrator.', publisher: 'IT', runAs: 'system', checks: [localGroupMember({ group: 'Administrators', members: ['CONTOSO\\\\Helpdesk'], ensure: 'present' })] });\n",
  'firewall-profile': "import { defineRemediation, firewallProfile } from 'remc';\nexport default defineRemediation({ id: 'clm-firewall', displayName: 'Firewall', description: 'Keeps Windows Defender Firewall on.', publisher: 'IT', runAs: 'system', checks: [firewallProfile({})] });\n",
  'firewall-rule': "import { defineRemediation, firewallRule } from 'remc';\nexport default defineRemediation({ id: 'clm-firewall-rule', displayName: 'Remote Desktop', description: 'Keeps the Remote Desktop rules off.', publisher: 'IT', runAs: 'system', checks: [firewallRule({ group: '@FirewallAPI.dll,-28752', enabled: false })] });\n",
  'scheduled-task': "import { defineRemediation, scheduledTask } from 'remc';\nexport default defineRemediation({ id: 'clm-task', displayName: 'Backup task', description: 'Keeps the backup task enabled.', publisher: 'IT', runAs: 'system', checks: [scheduledTask({ path: '\\\\Contoso\\\\', name: 'Backup', enabled: true })] });\n",
  'windows-feature': "import { defineRemediation, windowsFeature } from 'remc';\nexport default defineRemediation({ id: 'clm-feature', displayName: '.NET 3.5', description: 'Keeps .NET Framework 3.5 enabled.', publisher: 'IT', runAs: 'system', checks: [windowsFeature({ name: 'NetFx3', state: 'enabled' })] });\n",
};

describePowerShell("every built-in template in Constrained Language Mode (remc's own tests)", () => {
  it('the examples and the declarations here use every built-in template', async () => {
    const { remediations } = await compile(path.join(root, 'examples'));
    const used = new Set(remediations.flatMap((m) => m.checks.filter((c) => c.source.builtin).map((c) => c.source.name)));
    for (const name of Object.keys(NOT_IN_EXAMPLES)) used.add(name);
    expect([...used].sort()).toEqual(folders.map((f) => f.name).sort());
  });

  it('runs those the examples do not use, or skips them saying so, exactly as their code calls for', async () => {
    const project = path.join(scratch, 'clm-templates');
    mkdirSync(path.join(project, 'remediations'), { recursive: true });
    for (const [name, text] of Object.entries(NOT_IN_EXAMPLES)) writeFileSync(path.join(project, 'remediations', `${name}.ts`), text);
    const report = await runTests({ root: project, pester: false, csharp: false, cache: false });
    expect(report.diagnostics).toEqual([]);
    // A check another one acts on (command-fix's event signal) is listed once per remediation it is in;
    // each line without the check's name (a template may name its checks after their options).
    const lines = [...new Set(report.remediations.flatMap((r) => (r.clm ?? []).map((c) => `${c.template}: ${clmLine(c).slice(c.check.length + 2)}`)))];
    expect(report.remediations.filter((r) => !r.ok).map((r) => r.id), lines.join('\n')).toEqual([]);
    expect(lines.sort()).toEqual(
      Object.keys(NOT_IN_EXAMPLES)
        .sort()
        .map((name) => `${name}: CLM: ${NEEDS_FULL_LANGUAGE[name] ? 'skipped (needs FullLanguage)' : 'ran'}`),
    );
  }, 900_000);
});
