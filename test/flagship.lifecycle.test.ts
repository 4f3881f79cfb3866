/**
 * The flagship's generated scripts, run as Intune runs them (detect -> remediate -> detect), against
 * a simulated Windows whose only fakes are the templates' seams.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Scenario } from '../compiler/pester/scenario.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const scripts = path.join(root, 'dist', 'teams-signin-50058');
const work = mkdtempSync(path.join(tmpdir(), 'remc-flagship-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const NOW = '2026-11-25T12:00:00Z';
const LATER = '2026-11-25T12:05:00Z';
const MANIFEST = 'C:\\Windows\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml';

/** The tokens of an ordinary signed-in Office user, and entries that must never be touched. */
const CREDENTIALS = `@(
  New-RemcFakeCredential 'msteams_adalsso/adal_context_0'
  New-RemcFakeCredential 'msteams_adalsso/adal_context_1'
  New-RemcFakeCredential 'msteams_adalsso/adal_context_segments'
  New-RemcFakeCredential 'MicrosoftOffice16_Data:ADAL:3f2a6c1e-0000-4000-8000-000000000001'
  New-RemcFakeCredential 'MicrosoftOffice16_Data:ADALWAM:3f2a6c1e-0000-4000-8000-000000000002'
  New-RemcFakeCredential 'MicrosoftAccount:target=SSO_POP_Device'
  New-RemcFakeCredential 'MicrosoftAccount:target=SSO_POP_User:user=alice@contoso.com'
  New-RemcFakeCredential 'WindowsLive:target=virtualapp/didlogical'
  New-RemcFakeCredential 'OneDrive Cached Credential Business - Business1'
  New-RemcFakeCredential 'git:https://github.com'
  New-RemcFakeCredential -TargetName 'TERMSRV/host01' -Type 2
)`;

function setup(events: string, opts: { broker?: string } = {}): string {
  return [
    `Reset-RemcFakeSignInDiagnostics -AadEvent @(${events})`,
    `Reset-RemcFakeBrokerPluginRegistration -Package @(${opts.broker ?? 'New-RemcFakeAppxPackage'}) -ExistingPath @('${MANIFEST}') -RegisterHeals`,
    `Reset-RemcFakeCredentialPurge -Credential ${CREDENTIALS} -Process @('ms-teams', 'OUTLOOK')`,
  ].join('\n');
}

/** Silent sign-in failures of Teams at these minutes before the scenario's clock. */
function failures(...minutesAgo: number[]): string {
  return minutesAgo.map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}))`).join(', ');
}

function scenario(name: string, setupText: string): Scenario {
  return new Scenario({ scripts, templates: ['sign-in-diagnostics', 'broker-plugin-registration', 'credential-purge'], setup: setupText, workDir: path.join(work, name) });
}

function deleted(state: Record<string, unknown>): string[] {
  return ((state['Deleted'] as Array<{ TargetName: string }> | undefined) ?? []).map((d) => d.TargetName).sort();
}

describePowerShell('teams-signin-50058 lifecycle', () => {
  it('reports a healthy machine with ordinary tokens and one stray 50058 compliant, deleting nothing', async () => {
    const s = scenario('healthy', setup(failures(90)));
    const detect = await s.run('detect', NOW);
    expect(detect.stderr).toBe('');
    expect(detect.exitCode).toBe(0);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] OK \| diagnosis: /);
    expect(detect.lastLine).toContain('credentials: 5 matching credentials');
    expect(deleted(detect.state)).toEqual([]);
  });

  it('fixes an OS cause: detect 1, remediate 0 (purge and re-register), post-detect 0', async () => {
    const s = scenario('os-cause', setup(failures(170, 120, 60, 10)));
    const detect = await s.run('detect', NOW);
    expect(detect.stderr).toBe('');
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| diagnosis: OS cause: 4 silent sign-in failures/);
    expect(deleted(detect.state)).toEqual([]);

    const remediate = await s.run('remediate', LATER);
    expect(remediate.stderr).toBe('');
    expect(remediate.exitCode).toBe(0);
    expect(remediate.lastLine).toMatch(/^\[teams-signin-50058\] FIXED/);
    expect(deleted(remediate.state)).toEqual([
      'MicrosoftOffice16_Data:ADAL:3f2a6c1e-0000-4000-8000-000000000001',
      'MicrosoftOffice16_Data:ADALWAM:3f2a6c1e-0000-4000-8000-000000000002',
      'msteams_adalsso/adal_context_0',
      'msteams_adalsso/adal_context_1',
      'msteams_adalsso/adal_context_segments',
    ]);
    expect(remediate.state['Processes']).toEqual(['OUTLOOK']);
    expect(remediate.state['Registered']).toEqual([MANIFEST]);

    const after = await s.run('detect', LATER);
    expect(after.stderr).toBe('');
    expect(after.exitCode).toBe(0);
  });

  it('re-registers a missing broker even without sign-in failures', async () => {
    const s = scenario('broker-missing', setup('', { broker: '' }));
    const detect = await s.run('detect', NOW);
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toContain('broker: BrokerPlugin not registered for this user -> fix due (drift)');
    const remediate = await s.run('remediate', LATER);
    expect(remediate.exitCode).toBe(0);
    expect(deleted(remediate.state)).toEqual([]);
    expect((await s.run('detect', LATER)).exitCode).toBe(0);
  });

  it('changes nothing on a Conditional Access cause and says what to do', async () => {
    const s = scenario('policy', setup(`${failures(170, 120, 60, 10)}, (New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-5) -Code @('0xCAA2000C', 'AADSTS53003'))`));
    const detect = await s.run('detect', NOW);
    expect(detect.stderr).toBe('');
    expect(detect.exitCode).toBe(0);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] ACTION NEEDED \| diagnosis: .*compliant/);
    const remediate = await s.run('remediate', LATER);
    expect(remediate.exitCode).toBe(0);
    expect(deleted(remediate.state)).toEqual([]);
  });
});
