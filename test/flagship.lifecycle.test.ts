/**
 * The flagship's generated scripts, run as Intune runs them (detect -> remediate -> detect), against
 * a simulated Windows whose only fakes are the templates' seams. Every step of every scenario goes
 * through step(), which holds the output contract: nothing on stderr, exit 0 or 1, and a last line of
 * at most 2,048 characters that names the remediation.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../compiler/pipeline.ts';
import { deviceStatus } from '../compiler/publish/status.ts';
import { Scenario, type RunOptions, type StepResult } from '../compiler/proof/scenario.ts';
import { describePowerShell } from './support/powershell.ts';
import { ORDINARY_CREDENTIALS } from '../templates/credential-purge/scenarios.ts';
import { neutralSetup as WAM_NEUTRAL } from '../templates/wam-account-sign-out/scenarios.ts';

const root = path.resolve(import.meta.dirname, '..');
const scripts = path.join(root, 'dist', 'teams-signin-50058');
const work = mkdtempSync(path.join(tmpdir(), 'remc-flagship-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const START = Date.parse('2026-11-25T12:00:00Z');
/** The simulated clock, `minutes` after the scenarios' start. */
function at(minutes: number): string {
  return new Date(START + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}
const NOW = at(0);
const LATER = at(5);
const MANIFEST = 'C:\\Windows\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml';
// The wam-account-sign-out fakes too, though the flagship has no such check: they record that Web
// Account Manager is never asked (an OS cause signs nobody out).
const FAKES = ['sign-in-diagnostics', 'broker-plugin-registration', 'credential-purge', 'wam-account-sign-out'].map((t) => path.join(root, 'templates', t, 'fakes.ps1'));

/** The tokens of an ordinary signed-in Office user, and entries that must never be touched. */
const CREDENTIALS = ORDINARY_CREDENTIALS;
const PURGED = [
  'MicrosoftOffice16_Data:ADAL:3f2a6c1e-0000-4000-8000-000000000001',
  'MicrosoftOffice16_Data:ADALWAM:3f2a6c1e-0000-4000-8000-000000000002',
  'msteams_adalsso/adal_context_0',
  'msteams_adalsso/adal_context_1',
  'msteams_adalsso/adal_context_segments',
];

interface SetupOptions {
  /** Extra arguments for Reset-RemcFakeSignInDiagnostics (e.g. -LogUnavailable). */
  readonly log?: string;
  /** The broker's packages (PowerShell); default one healthy registration. */
  readonly broker?: string;
  /** Extra arguments for Reset-RemcFakeBrokerPluginRegistration. */
  readonly brokerArgs?: string;
  /** The credential set (PowerShell array); default CREDENTIALS. */
  readonly credentials?: string;
  /** Extra arguments for Reset-RemcFakeCredentialPurge. */
  readonly credentialArgs?: string;
}

function setup(events: string, opts: SetupOptions = {}): string {
  // %SystemRoot% is expanded on the device: name the manifest the way the step's SystemRoot will.
  const manifest = '"$env:SystemRoot\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml"';
  return [
    `Reset-RemcFakeSignInDiagnostics -AadEvent @(${events}) ${opts.log ?? ''}`,
    `Reset-RemcFakeBrokerPluginRegistration -Package @(${opts.broker ?? 'New-RemcFakeAppxPackage'}) -ExistingPath @(${manifest}) -RegisterHeals ${opts.brokerArgs ?? ''}`,
    `Reset-RemcFakeCredentialPurge -Credential ${opts.credentials ?? CREDENTIALS} -Process @('ms-teams', 'OUTLOOK') ${opts.credentialArgs ?? ''}`,
    WAM_NEUTRAL,
  ].join('\n');
}

/** Silent sign-in failures of Teams at these minutes before the step's clock. */
function failures(...minutesAgo: number[]): string {
  return minutesAgo.map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}))`).join(', ');
}

/** The same failures, their text naming the client in another form (New-RemcFakeAadEvent -TextForm; samples/README.md). */
function failuresIn(form: 'Request' | 'Unknown', ...minutesAgo: number[]): string {
  return minutesAgo.map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}) -TextForm '${form}')`).join(', ');
}

/** PowerShell for a step's `change`: these failures (minutes after the scenarios' start) appear in the log. */
function newFailures(...minutesAfterStart: number[]): string {
  const start = `[datetime]::Parse('${NOW}', [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal)`;
  const events = minutesAfterStart.map((m) => `(New-RemcFakeAadEvent -Time $start.AddMinutes(${m}))`).join(', ');
  return `$start = ${start}\n$RemcFakeState.AadEvents = @($RemcFakeState.AadEvents) + @(${events})`;
}

/** PowerShell for a step's `change`: Teams signed in again and wrote fresh tokens. */
const TOKENS_WRITTEN_BACK = [
  "$null = $RemcFakeState.Credentials.Add((New-RemcFakeCredential 'msteams_adalsso/adal_context_0'))",
  "$null = $RemcFakeState.Credentials.Add((New-RemcFakeCredential 'msteams_adalsso/adal_context_1'))",
  "$null = $RemcFakeState.Processes.Add('ms-teams')",
].join('\n');

function scenario(name: string, setupText: string, opts: { scripts?: string; systemRoot?: string } = {}): Scenario {
  return new Scenario({
    scripts: opts.scripts ?? scripts,
    fakes: FAKES,
    setup: setupText,
    workDir: path.join(work, name),
    ...(opts.systemRoot ? { systemRoot: opts.systemRoot } : {}),
  });
}

/**
 * Runs one step and checks what every step must keep, whatever the scenario: nothing on stderr (a
 * remediation with stderr is a script error in Intune), exit 0 or 1, one summary line last, at most
 * 2,048 printable ASCII characters, naming the remediation.
 */
async function step(s: Scenario, script: 'detect' | 'remediate', now: string, opts: RunOptions = {}, id = 'teams-signin-50058'): Promise<StepResult> {
  const r = await s.run(script, now, opts);
  const what = `${script} at ${now}: ${r.lastLine}`;
  expect(r.stderr, what).toBe('');
  expect([0, 1], what).toContain(r.exitCode);
  expect(r.lastLine.length, what).toBeLessThanOrEqual(2048);
  expect(r.lastLine, what).toMatch(/^[\x20-\x7e]+$/);
  expect(r.lastLine.startsWith(`[${id}] `), what).toBe(true);
  return r;
}

/**
 * The first detection of a symptom: the flagship declares `confirmRuns: 2`, so its fixes wait for the
 * next detection, and the purge is not even probed (nothing enumerated, nothing changed).
 */
async function confirm(s: Scenario, now: string, opts: RunOptions = {}): Promise<StepResult> {
  const r = await step(s, 'detect', now, opts);
  expect(r.exitCode, r.lastLine).toBe(0);
  expect(r.lastLine).toMatch(/^\[teams-signin-50058\] CONFIRMING \| .*-> waits: seen by 1 of 2 consecutive detections \(diagnosis: os cause\)/);
  expect(r.outcome?.Checks.find((c) => c.Name === 'credentials')?.Probe.State).toBe('idle');
  return r;
}

function deleted(state: Record<string, unknown>): string[] {
  return ((state['Deleted'] as Array<{ TargetName: string }> | undefined) ?? []).map((d) => d.TargetName).sort();
}

/** What the credential fakes were asked to do besides enumerating: deletions and process stops. */
function credentialChanges(state: Record<string, unknown>): string[] {
  return ((state['Calls'] as string[] | undefined) ?? []).filter((c) => c !== 'enumerate');
}

function registered(state: Record<string, unknown>): string[] {
  return (state['Registered'] as string[] | undefined) ?? [];
}

/** Writes a marker into a scenario's per-user state folder, as a clock that went back or an edited file leaves it. */
function writeMarker(name: string, text: string): void {
  const file = path.join(work, name, 'LocalAppData', 'remc', 'teams-signin-50058.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** .NET ticks (100 ns since 0001-01-01) of an ISO time, as the marker keeps them. */
function ticks(iso: string): string {
  return ((BigInt(Date.parse(iso)) + 62_135_596_800_000n) * 10_000n).toString();
}

describePowerShell('teams-signin-50058 lifecycle', () => {
  it('reports a healthy machine with ordinary tokens and one stray 50058 compliant, deleting nothing', async () => {
    const s = scenario('healthy', setup(failures(90)));
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode).toBe(0);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] OK \| diagnosis: /);
    // Tokens are normal: with no symptom the purge's probe does not even enumerate them.
    expect(detect.lastLine).toContain('credentials: not probed: nothing calls for its fix');
    expect(detect.state['Calls'] ?? []).toEqual([]);
    expect(deleted(detect.state)).toEqual([]);
    expect(s.marker('teams-signin-50058')).toBeUndefined();
  });

  it('fixes an OS cause: detect 1, remediate 0 (purge and re-register), post-detect 0', async () => {
    const s = scenario('os-cause', setup(failures(170, 120, 60, 10)));
    await confirm(s, NOW);
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| diagnosis: OS cause: 4 silent sign-in failures/);
    expect(deleted(detect.state)).toEqual([]);

    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode).toBe(0);
    // Applied, not FIXED: a symptom triggered the fixes, and minutes without a failure prove nothing.
    expect(remediate.lastLine).toMatch(/^\[teams-signin-50058\] APPLIED \| /);
    expect(deleted(remediate.state)).toEqual(PURGED);
    expect(remediate.state['Processes']).toEqual(['OUTLOOK']);
    expect(remediate.state['Registered']).toEqual([MANIFEST]);
    // Signing accounts out of Web Account Manager is not part of the flagship: no check of it, and the
    // user's Office account (the neutral setup's alice@contoso.com) is never asked for nor signed out.
    expect(remediate.outcome?.Checks.map((c) => c.Name)).toEqual(['diagnosis', 'broker', 'credentials']);
    expect(remediate.state['WamCalls']).toEqual([]);
    expect(remediate.state['WamSignedOut']).toEqual([]);

    const after = await step(s, 'detect', LATER);
    expect(after.exitCode).toBe(0);
    expect(after.lastLine).toMatch(/^\[teams-signin-50058\] UNPROVEN \| .* \| fix of 2026-11-25T12:05Z: not yet proven \(0 h since; its symptom not seen again, no evidence of success yet\)$/);
  });

  it('proves a fix held only on evidence since it: the PRT renewed after the fix and no failure since', async () => {
    const s = scenario('proof-held', setup(failures(170, 120, 60, 10)));
    await confirm(s, NOW);
    expect((await step(s, 'detect', NOW)).exitCode).toBe(1);
    expect((await step(s, 'remediate', LATER)).lastLine).toMatch(/^\[teams-signin-50058\] APPLIED \| /);
    const pending = JSON.parse(s.marker('teams-signin-50058')!) as { Proof: { Verdict: string; Checks: string[]; FixUtcTicks: string } };
    expect(pending.Proof).toMatchObject({ Verdict: 'pending', FixUtcTicks: ticks(LATER), Checks: ['broker=diagnosis: os cause', 'credentials=diagnosis: os cause'] });
    // An hour on, the PRT (renewed an hour before each detection in the fakes) is still older than the fix.
    const early = await step(s, 'detect', at(65));
    expect(early.exitCode).toBe(0);
    expect(early.lastLine).toMatch(/^\[teams-signin-50058\] UNPROVEN \| .* \| fix of 2026-11-25T12:05Z: not yet proven \(1 h since; /);
    // Three hours on it was renewed after the fix, and no sign-in failed since: held, and said from then on.
    const held = await step(s, 'detect', at(180));
    expect(held.exitCode).toBe(0);
    expect(held.lastLine).toMatch(/^\[teams-signin-50058\] OK \| /);
    expect(held.lastLine).toContain('| fix of 2026-11-25T12:05Z: held - diagnosis: PRT renewed at 2026-11-25T14:00Z, after the fix; no sign-in failed since');
    const marker = JSON.parse(s.marker('teams-signin-50058')!) as { Proof: { Verdict: string; Evidence: string; DecidedUtcTicks: string }; NotHeld: string[] };
    expect(marker.Proof).toMatchObject({ Verdict: 'held', Evidence: 'diagnosis: PRT renewed at 2026-11-25T14:00Z, after the fix; no sign-in failed since', DecidedUtcTicks: ticks(at(180)) });
    expect(marker.NotHeld).toEqual([]);
    expect((await step(s, 'detect', at(600))).lastLine).toContain('| fix of 2026-11-25T12:05Z: held - diagnosis: PRT renewed at 2026-11-25T14:00Z');
    // remc status reads the verdict from the line as Intune keeps it.
    const read = (line: string) => deviceStatus('teams-signin-50058', { preRemediationDetectionScriptOutput: `${line}\r\n` }).proof;
    expect([read(early.lastLine), read(held.lastLine)]).toEqual(['pending', 'held']);
  });

  it('says a fix did not hold when its symptom returns, and counts it twice toward the limit', async () => {
    const s = scenario('proof-not-held', setup(failures(170, 120, 60, 10)));
    // The same failures again, each time after the cool-down of the fix before.
    const again = `$RemcFakeState.AadEvents = @($RemcFakeState.AadEvents) + @(${failures(170, 120, 60, 10)})`;
    let fixedAt = LATER;
    for (const day of [0, 1]) {
      const t = day * 25 * 60;
      await confirm(s, at(t), day === 0 ? {} : { change: again });
      if (day === 1) {
        const said = await step(s, 'detect', at(t));
        expect(said.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| /);
      } else expect((await step(s, 'detect', at(t))).exitCode).toBe(1);
      const fixed = await step(s, 'remediate', at(t + 5));
      expect(fixed.lastLine, fixed.lastLine).toMatch(/^\[teams-signin-50058\] APPLIED \| /);
      fixedAt = at(t + 5);
    }
    // Day 1's first detection decided day 0's fix: not held, counted once more.
    let marker = JSON.parse(s.marker('teams-signin-50058')!) as { Attempts: string[]; NotHeld: string[]; Proof: { Verdict: string } };
    expect(marker.Attempts).toEqual([ticks(LATER), ticks(fixedAt)]);
    expect(marker.NotHeld).toEqual([ticks(LATER)]);
    expect(marker.Proof.Verdict).toBe('pending');
    // The symptom returns after the second fix too: said, and with 2 fixes of which one did not hold the
    // limit of 3 is reached, so the next due fix escalates instead of running a third time.
    const t = 2 * 25 * 60;
    const decided = await step(s, 'detect', at(t), { change: again });
    expect(decided.exitCode, decided.lastLine).toBe(0);
    expect(decided.lastLine).toMatch(/^\[teams-signin-50058\] CONFIRMING \| /);
    expect(decided.lastLine).toContain('| fix of 2026-11-26T13:05Z: not held - diagnosis: os cause again');
    marker = JSON.parse(s.marker('teams-signin-50058')!) as typeof marker;
    expect(marker.NotHeld).toEqual([ticks(LATER), ticks(fixedAt)]);
    expect(deviceStatus('teams-signin-50058', { preRemediationDetectionScriptOutput: decided.lastLine }).proof).toBe('not held');
    const escalate = await step(s, 'detect', at(t + 60));
    expect(escalate.exitCode, escalate.lastLine).toBe(1);
    expect(escalate.lastLine).toMatch(/^\[teams-signin-50058\] ESCALATE \| /);
    expect(escalate.lastLine).toContain('escalate: 2 fixes since 2026-11-25T12:05Z did not hold, 2 of them proven not to (each counts twice; limit 3 in 168 h)');
    expect(registered((await step(s, 'remediate', at(t + 65))).state)).toHaveLength(2);
  });

  it('says unknown when the window passes with neither the symptom nor evidence of success', async () => {
    const s = scenario('proof-unknown', setup(failures(170, 120, 60, 10)));
    await confirm(s, NOW);
    expect((await step(s, 'detect', NOW)).exitCode).toBe(1);
    expect((await step(s, 'remediate', LATER)).lastLine).toMatch(/^\[teams-signin-50058\] APPLIED \| /);
    // The PRT is never renewed again (its update time stays before the fix), and nothing fails.
    const frozen = '$RemcFakeState.DsregPrtAgeHours = ($ScenarioNow - [datetime]::Parse(\'2026-11-25T11:00:00Z\', [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal)).TotalHours';
    const waiting = await step(s, 'detect', at(167 * 60), { change: frozen });
    expect(waiting.lastLine).toContain('| fix of 2026-11-25T12:05Z: not yet proven (167 h since;');
    const unknown = await step(s, 'detect', at(169 * 60), { change: frozen });
    expect(unknown.exitCode).toBe(0);
    expect(unknown.lastLine).toContain('| fix of 2026-11-25T12:05Z: unknown - neither its symptom nor evidence of success seen in 168 h');
    expect(unknown.lastLine).not.toMatch(/^\[teams-signin-50058\] UNPROVEN/);
    expect(deviceStatus('teams-signin-50058', { preRemediationDetectionScriptOutput: unknown.lastLine }).proof).toBe('unknown');
  });

  it('closes Teams before the purge when the event text names it in the request line (client: <id>)', async () => {
    const s = scenario('os-cause-request-line', setup(failuresIn('Request', 170, 120, 60, 10)));
    await confirm(s, NOW);
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode, detect.lastLine).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| diagnosis: OS cause: 4 silent sign-in failures \(0xCAA2000C x4, AADSTS50058 x4\) since 2026-11-25T09:10Z \| /);
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode, remediate.lastLine).toBe(0);
    expect(remediate.lastLine).toContain(`credentials: fixed: removed ${PURGED.length} credentials, stopped 1 process`);
    expect(deleted(remediate.state)).toEqual(PURGED);
    expect(remediate.state['Processes']).toEqual(['OUTLOOK']);
  });

  it('says the app is unknown when the event text names its client in no known form, and stops no app by guess', async () => {
    // The Teams id is still in each event's redirect URI: the failures count, but no app is chosen from it.
    const s = scenario('os-cause-unknown-app', setup(failuresIn('Unknown', 170, 120, 60, 10)));
    await confirm(s, NOW);
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode, detect.lastLine).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| diagnosis: OS cause: 4 silent sign-in failures \(0xCAA2000C x4, AADSTS50058 x4\) since 2026-11-25T09:10Z, app unknown \| /);
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode, remediate.lastLine).toBe(0);
    // The tokens go (the OS cause is known), but Teams keeps running: nothing says it is the app that fails.
    expect(remediate.lastLine).toContain(`credentials: fixed: removed ${PURGED.length} credentials;`);
    expect(remediate.lastLine).not.toContain('stopped');
    expect(deleted(remediate.state)).toEqual(PURGED);
    expect(remediate.state['Processes']).toEqual(['ms-teams', 'OUTLOOK']);
    expect(credentialChanges(remediate.state).filter((c) => c.startsWith('stop'))).toEqual([]);
  });

  it('re-registers a missing broker even without sign-in failures', async () => {
    const s = scenario('broker-missing', setup('', { broker: '' }));
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toContain('broker: BrokerPlugin not registered for this user -> fix due (drift)');
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode).toBe(0);
    expect(deleted(remediate.state)).toEqual([]);
    expect((await step(s, 'detect', LATER)).exitCode).toBe(0);
  });

  it('changes nothing on a Conditional Access cause and says what to do', async () => {
    const s = scenario('policy', setup(`${failures(170, 120, 60, 10)}, (New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-5) -Code @('0xCAA2000C', 'AADSTS53003'))`));
    const detect = await step(s, 'detect', NOW);
    // A person must act: exit 1 shows the device with issues, and nothing is due.
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] ACTION NEEDED \| diagnosis: .*compliant/);
    expect(detect.lastLine).not.toContain('fix due');
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode).toBe(0);
    expect(remediate.lastLine).toMatch(/^\[teams-signin-50058\] ACTION NEEDED \| /);
    expect(deleted(remediate.state)).toEqual([]);
    expect(registered(remediate.state)).toEqual([]);
  });

  it.each([
    ['access denied', "-LogUnavailable -LogReason 'access denied'", /diagnosis: unknown: AAD log unavailable \(access denied\)/],
    ['missing channel', "-LogUnavailable -LogReason 'log not found'", /diagnosis: unknown: AAD log unavailable \(log not found\)/],
    // The seam throwing is not a probe error: the probe reads it as a signal it cannot have.
    ['reader throws', "-LogError 'EventLogException: The RPC server is unavailable'", /diagnosis: unknown: AAD log unavailable \(read failed: EventLogException: The RPC server is unavailable\)/],
    ['empty', '', /diagnosis: no repeated sign-in failures \(none in 24h\)/],
  ])('treats an AAD log that is %s as a missing signal: exit 0, nothing fixed, no crash, and OK only when it was read', async (name, log, expected) => {
    const s = scenario(`log-${name.replace(/\s+/g, '-')}`, setup('', { log }));
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode).toBe(0);
    // An unreadable log is not "nothing abnormal seen": ABNORMAL, exit 0 (nothing to fix).
    expect(detect.lastLine).toMatch(name === 'empty' ? /^\[teams-signin-50058\] OK \| / : /^\[teams-signin-50058\] ABNORMAL \| /);
    expect(detect.lastLine).toMatch(expected);
    expect(detect.lastLine).not.toContain('ERROR');
    // Intune would not run the remediation after exit 0; run it anyway: it must not act on a missing signal.
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode).toBe(0);
    expect(remediate.lastLine).toMatch(/^\[teams-signin-50058\] NOTHING TO FIX \| /);
    expect(credentialChanges(remediate.state)).toEqual([]);
    expect(registered(remediate.state)).toEqual([]);
  });

  // Each of these made an OS cause before (and purged and re-registered): the WAM code was read as decimal,
  // unreadable dsregcmd, PRT NO, a stale PRT, another tenant's sign-ins and unlisted codes all let the
  // four failures through. Now each is a cause the fixes cannot help, or unknown: nothing is touched.
  it.each([
    ['a typed network WAM code', `${failures(170, 120, 60, 10)}, (New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-5) -Code @('0xCAA82EE7'))`, '', /diagnosis: network cause: 0xCAA82EE7 x1/, false],
    ['an unreadable dsregcmd', failures(170, 120, 60, 10), '-NoDsreg', /diagnosis: unknown: 4 silent sign-in failures, but dsregcmd is unreadable/, false],
    // The main device-level signal: exit 1 (ACTION NEEDED) so the device shows with issues, never OK.
    ['PRT NO', failures(170, 120, 60, 10), "-Prt 'NO'", /diagnosis: device cause: PRT NO with 4 silent sign-in failures - no primary refresh token/, true],
    ['a stale PRT', failures(170, 120, 60, 10), '-PrtAgeHours 8', /diagnosis: unknown: 4 silent sign-in failures, but the PRT was last updated 8h ago/, false],
    ['a registered device (no PRT)', failures(170, 120, 60, 10), "-JoinType 'registered'", /diagnosis: unknown: 4 silent sign-in failures, but a registered device has no PRT to judge them by/, false],
    ['an unlisted code', `${failures(170, 120, 60, 10)}, (New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-5) -Code @('0xCAA2000C', 'AADSTS50133'))`, '', /diagnosis: unknown: 4 silent sign-in failures, but unlisted codes: AADSTS50133 x1/, false],
    [
      "another tenant's sign-ins",
      [170, 120, 60, 10].map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}) -Authority 'https://login.microsoftonline.com/0f0e0d0c-0000-4000-8000-000000000009')`).join(', '),
      '',
      /diagnosis: no repeated sign-in failures \(none in 24h\)/,
      false,
    ],
  ] as const)('fixes nothing on repeated failures with %s', async (name, events, log, expected, needsPerson) => {
    const s = scenario(`not-os-${name.replace(/[^a-z0-9]+/gi, '-')}`, setup(events, { log }));
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode).toBe(needsPerson ? 1 : 0);
    // Unexplained or network failures are abnormal, not OK; another tenant's are none of this device's business.
    const word = needsPerson ? 'ACTION NEEDED' : name === "another tenant's sign-ins" ? 'OK' : 'ABNORMAL';
    expect(detect.lastLine).toMatch(new RegExp(`^\\[teams-signin-50058\\] ${word} \\| `));
    expect(detect.lastLine).toMatch(expected);
    expect(detect.lastLine).not.toContain('fix due');
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode).toBe(0);
    expect(remediate.lastLine).toMatch(needsPerson ? /^\[teams-signin-50058\] ACTION NEEDED \| / : /^\[teams-signin-50058\] NOTHING TO FIX \| /);
    expect(credentialChanges(remediate.state)).toEqual([]);
    expect(registered(remediate.state)).toEqual([]);
    expect(s.marker('teams-signin-50058')).toBeUndefined();
  });

  it('waits for the cool-down after a fix, then fires again on new failures since the marker', async () => {
    const s = scenario('cool-down', setup(failures(170, 120, 60, 10)));
    await confirm(s, NOW);
    expect((await step(s, 'detect', NOW)).exitCode).toBe(1);
    const fixed = await step(s, 'remediate', LATER);
    expect(fixed.exitCode).toBe(0);
    expect(deleted(fixed.state)).toEqual(PURGED);
    expect(s.marker('teams-signin-50058')).toContain('"LastFixUtc":"2026-11-25T12:05:00Z"');
    expect((await step(s, 'detect', LATER)).exitCode).toBe(0);

    // Two hours later Teams has written fresh tokens, and three new failures spread over 50 minutes
    // (all after the marker) make an OS cause again: within 24 h the fix waits.
    const waiting = await step(s, 'detect', at(120), { change: `${newFailures(60, 80, 110)}\n${TOKENS_WRITTEN_BACK}` });
    expect(waiting.exitCode).toBe(0);
    expect(waiting.lastLine).toMatch(/^\[teams-signin-50058\] HELD \| /);
    expect(waiting.lastLine).toMatch(/diagnosis: OS cause: 3 silent sign-in failures/);
    expect(waiting.lastLine).toContain('credentials: not probed: nothing calls for its fix -> waits: cool-down until 2026-11-26T12:05Z');
    expect(waiting.lastLine).toContain('broker: BrokerPlugin registered, status Ok -> waits: cool-down until 2026-11-26T12:05Z');

    // Intune runs the remediation after any non-zero detection; run it anyway: it holds, says so as the
    // detection did, and does not fail.
    const held = await step(s, 'remediate', at(121));
    expect(held.exitCode).toBe(0);
    expect(held.lastLine).toMatch(/^\[teams-signin-50058\] HELD \| /);
    expect(held.lastLine).toContain('credentials: not probed: nothing calls for its fix -> waits: cool-down until 2026-11-26T12:05Z');
    expect(deleted(held.state)).toEqual(PURGED);
    expect(credentialChanges(held.state)).toEqual(credentialChanges(fixed.state));
    expect(registered(held.state)).toEqual([MANIFEST]);
    expect(s.marker('teams-signin-50058')).toContain('"LastFixUtc":"2026-11-25T12:05:00Z"');

    // 24 h after the fix, with failures since the marker still recent, the symptom is seen again, and
    // confirmed by the next detection: the fix is due again.
    await confirm(s, at(24 * 60 + 10), { change: newFailures(23 * 60, 23 * 60 + 30, 24 * 60) });
    const due = await step(s, 'detect', at(24 * 60 + 10));
    expect(due.exitCode).toBe(1);
    expect(due.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| diagnosis: OS cause: 6 silent sign-in failures \(0xCAA2000C x6, AADSTS50058 x6\) since 2026-11-25T13:00Z/);
    expect(due.lastLine).toContain('credentials: 2 matching credentials -> fix due (diagnosis: os cause)');
    const again = await step(s, 'remediate', at(24 * 60 + 15));
    expect(again.exitCode).toBe(0);
    expect(again.lastLine).toContain('credentials: fixed: removed 2 credentials, stopped 1 process');
    expect(deleted(again.state)).toEqual([...PURGED, 'msteams_adalsso/adal_context_0', 'msteams_adalsso/adal_context_1'].sort());
    expect(s.marker('teams-signin-50058')).toContain('"LastFixUtc":"2026-11-26T12:15:00Z"');
    expect((await step(s, 'detect', at(24 * 60 + 15))).exitCode).toBe(0);
  });

  it('reports an account cause with its advice and purges nothing', async () => {
    const account = "(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-30) -Code @('0xCAA2000C', 'AADSTS50076')), (New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-20) -Code @('AADSTS700082'))";
    const s = scenario('account', setup(`${failures(170, 120, 60, 10)}, ${account}`));
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] ACTION NEEDED \| diagnosis: account cause: AADSTS50076 x1, AADSTS700082 x1 - multi-factor authentication is required \(AADSTS50076\) or must be registered \(AADSTS50079\): the user must sign in to Teams interactively and complete MFA; never disconnect the work account/);
    expect(detect.lastLine).toMatch(/\| credentials: not probed: nothing calls for its fix$/);
    expect(detect.lastLine).not.toContain('fix due');
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode).toBe(0);
    expect(remediate.lastLine).toMatch(/^\[teams-signin-50058\] ACTION NEEDED \| diagnosis: account cause/);
    expect(credentialChanges(remediate.state)).toEqual([]);
    expect(deleted(remediate.state)).toEqual([]);
    expect(registered(remediate.state)).toEqual([]);
    expect(s.marker('teams-signin-50058')).toBeUndefined();
  });

  describe('a mixed credential set', () => {
    /** 34 entries of a real user: [target, type, purged by the defaults?] */
    const SET: ReadonlyArray<readonly [string, number, boolean]> = [
      ['msteams_adalsso/adal_context_0', 1, true],
      ['msteams_adalsso/adal_context_1', 1, true],
      ['msteams_adalsso/adal_context_2', 1, true],
      ['msteams_adalsso/adal_context_segments', 1, true],
      ['MSTEAMS_ADALSSO/ADAL_CONTEXT_10', 1, true],
      ['MicrosoftOffice16_Data:ADAL:3f2a6c1e-0000-4000-8000-000000000001', 1, true],
      ['MicrosoftOffice16_Data:ADAL:0f1c2d3e-4a5b-6c7d-8e9f-a0b1c2d3e4f5', 1, true],
      ['MicrosoftOffice16_Data:ADALWAM:9e8d7c6b-5a49-3827-1605-f4e3d2c1b0a9_alice@contoso.com', 1, true],
      ['MicrosoftOffice15_Data:ADAL:12345678-90ab-cdef-1234-567890abcdef', 1, true],
      // Microsoft account and device SSO, OneDrive: protected.
      ['MicrosoftAccount:target=SSO_POP_Device', 1, false],
      ['MicrosoftAccount:target=SSO_POP_User:user=alice@contoso.com', 1, false],
      ['MicrosoftAccount:user=alice@outlook.com', 1, false],
      ['WindowsLive:target=virtualapp/didlogical', 1, false],
      ['WindowsLive:(token):name=alice@outlook.com;serviceuri=*', 1, false],
      ['OneDrive Cached Credential Business - Business1', 1, false],
      ['OneDrive Cached Credential Personal', 1, false],
      ['Microsoft_OneDrive_Cookies_Business1_https://contoso-my.sharepoint.com', 1, false],
      // Office entries that are not ADAL tokens, and look-alikes.
      ['MicrosoftOffice16_Data:SSPI:alice@contoso.com', 1, false],
      ['MicrosoftOffice16_Data:orgid:alice@contoso.com', 1, false],
      ['MicrosoftOffice16_Data_backup:ADAL:1', 1, false],
      ['msteams_adalsso_backup/adal_context_0', 1, false],
      ['xmsteams_adalsso/adal_context_0', 1, false],
      // Unrelated apps.
      ['git:https://github.com', 1, false],
      ['git:https://dev.azure.com', 1, false],
      ['Adobe Acrobat Pro DC', 1, false],
      ['Zoom.us:zoom.us/user', 1, false],
      ['Slack:token', 1, false],
      ['vscodevscode.github-authentication/github.auth', 1, false],
      ['AzureCLI/accessToken', 1, false],
      // Domain credentials (type 2), even with target names the patterns match.
      ['TERMSRV/host01', 2, false],
      ['fileserver.contoso.com', 2, false],
      ['msteams_adalsso/adal_context_domain', 2, false],
      ['MicrosoftOffice16_Data:ADAL:domain', 2, false],
      ['*Session', 2, false],
    ];
    const credentials = `@(\n${SET.map(([t, type]) => `  New-RemcFakeCredential -TargetName '${t.replace(/'/g, "''")}' -Type ${type}`).join('\n')}\n)`;
    const purged = SET.filter(([, , p]) => p).map(([t]) => t);
    let reportOnly: string;

    beforeAll(async () => {
      const out = path.join(work, 'report-only-dist');
      const report = await build({ root: path.join(root, 'test', 'fixtures', 'valid', 'report-only'), out });
      expect(report.diagnostics).toEqual([]);
      reportOnly = path.join(out, 'teams-signin-report-only');
    });

    it('loses exactly the targeted entries on an OS-cause remediation, nothing else', async () => {
      expect(SET.length).toBeGreaterThanOrEqual(30);
      const s = scenario('mixed', setup(failures(170, 120, 60, 10), { credentials }));
      await confirm(s, NOW);
      const detect = await step(s, 'detect', NOW);
      expect(detect.exitCode).toBe(1);
      expect(detect.lastLine).toContain(`credentials: ${purged.length} matching credentials -> fix due (diagnosis: os cause)`);
      const remediate = await step(s, 'remediate', LATER);
      expect(remediate.exitCode).toBe(0);
      expect(remediate.lastLine).toContain(`credentials: fixed: removed ${purged.length} credentials, stopped 1 process; now: no matching credentials`);
      expect(deleted(remediate.state)).toEqual([...purged].sort());
      const left = (remediate.state['Credentials'] as Array<{ TargetName: string; Type: number }>).map((c) => `${c.TargetName}|${c.Type}`).sort();
      expect(left).toEqual(SET.filter(([, , p]) => !p).map(([t, type]) => `${t}|${type}`).sort());
      // Exact target and type for each deletion: no wildcard ever reaches CredDeleteW.
      expect(credentialChanges(remediate.state).filter((c) => c.startsWith('delete:')).sort()).toEqual(purged.map((t) => `delete:${t}|1`).sort());
      expect((await step(s, 'detect', LATER)).exitCode).toBe(0);
    });

    it('loses none with a report-only declaration, which says what it would remove', async () => {
      const s = scenario('mixed-report-only', setup(failures(170, 120, 60, 10), { credentials }), { scripts: reportOnly });
      const detect = await step(s, 'detect', NOW, {}, 'teams-signin-report-only');
      expect(detect.exitCode).toBe(1);
      expect(detect.lastLine).toContain(`credentials: ${purged.length} matching credentials -> fix due (diagnosis: os cause)`);
      // Report-only is never fixed: it changes nothing, says what it would remove, exits 1, and starts no
      // cool-down, so the next detection reports the same.
      const remediate = await step(s, 'remediate', LATER, {}, 'teams-signin-report-only');
      expect(remediate.exitCode).toBe(1);
      expect(remediate.lastLine).toMatch(/^\[teams-signin-report-only\] REPORTED ONLY \| /);
      expect(remediate.lastLine).toContain(`credentials: reported: would remove ${purged.length} credentials: `);
      expect(s.marker('teams-signin-report-only')).toBeUndefined();
      expect(credentialChanges(remediate.state)).toEqual([]);
      expect(deleted(remediate.state)).toEqual([]);
      expect((remediate.state['Credentials'] as unknown[]).length).toBe(SET.length);
      expect(remediate.state['Processes']).toEqual(['ms-teams', 'OUTLOOK']);
      expect((await step(s, 'detect', LATER, {}, 'teams-signin-report-only')).exitCode).toBe(1);
    });
  });

  it('fails with one line of why when the re-registration fails (0x80073CF6), and holds the retry', async () => {
    const error = "'Deployment failed with HRESULT: 0x80073CF6, Package could not be registered. Windows cannot register the package because of an internal error or low memory.'";
    const s = scenario('register-fails', setup('', { broker: '', brokerArgs: `-RegisterError ${error}` }));
    expect((await step(s, 'detect', NOW)).exitCode).toBe(1);
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode).toBe(1);
    expect(remediate.stdout.trimEnd().split(/\r?\n/)).toEqual([remediate.lastLine]);
    expect(remediate.lastLine).toMatch(/^\[teams-signin-50058\] FAILED \| /);
    expect(remediate.lastLine).toContain('broker: FIX FAILED: BrokerPlugin registration failed (0x80073CF6): Deployment failed with HRESULT: 0x80073CF6, Package could not be registered.');
    expect(registered(remediate.state)).toEqual([MANIFEST]);
    expect(deleted(remediate.state)).toEqual([]);
    // Drift is still reported after the failed fix; the next try waits for the cool-down, and the
    // detection says HELD (exit 0) instead of asking for a remediation that would only hold it again.
    const after = await step(s, 'detect', LATER);
    expect(after.exitCode).toBe(0);
    expect(after.lastLine).toMatch(/^\[teams-signin-50058\] HELD \| /);
    expect(after.lastLine).toContain('broker: BrokerPlugin not registered for this user -> fix due (drift), held: cool-down until 2026-11-26T12:05Z');
  });

  it('stops fixing after 3 fixes in a week that did not hold, says escalate, and fixes again once the window has passed', async () => {
    // A broker registration that something on the machine keeps breaking: each day it is gone again.
    const s = scenario('escalate', setup(''));
    const BREAK = '$RemcFakeState.AppxPackages.Clear()';
    // Every 25 hours, so each try is past the 24-hour cool-down of the one before.
    for (const day of [0, 1, 2]) {
      const detect = await step(s, 'detect', at(day * 25 * 60 + 30), { change: BREAK });
      expect(detect.exitCode, detect.lastLine).toBe(1);
      expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| /);
      const fixed = await step(s, 'remediate', at(day * 25 * 60 + 35));
      expect(fixed.exitCode, fixed.lastLine).toBe(0);
      expect(registered(fixed.state)).toHaveLength(day + 1);
    }
    const marker = JSON.parse(s.marker('teams-signin-50058')!) as { Attempts: string[]; Protocol: number };
    expect(marker.Protocol).toBe(1);
    expect(marker.Attempts).toHaveLength(3);

    // The fourth time within the week: detection says escalate (exit 1: a person must look), and the
    // remediation Intune then runs says the same and registers nothing.
    const detect = await step(s, 'detect', at(3 * 25 * 60 + 30), { change: BREAK });
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] ESCALATE \| /);
    expect(detect.lastLine).toContain('broker: BrokerPlugin not registered for this user -> fix due (drift), not run: escalate: 3 fixes since 2026-11-25T12:35Z did not hold (limit 3 in 168 h)');
    const held = await step(s, 'remediate', at(3 * 25 * 60 + 35));
    expect(held.exitCode).toBe(1);
    expect(held.lastLine).toMatch(/^\[teams-signin-50058\] ESCALATE \| /);
    expect(registered(held.state)).toHaveLength(3);
    expect(held.outcome?.Checks.find((c) => c.Name === 'broker')?.Fix).toBe('escalated');

    // A week after the first fix it falls out of the window: the fix runs again.
    const later = await step(s, 'remediate', at(7 * 24 * 60 + 40));
    expect(later.exitCode, later.lastLine).toBe(0);
    expect(registered(later.state)).toHaveLength(4);
  });

  it('treats an unreadable marker as absent and rewrites it with the next fix', async () => {
    const s = scenario('marker-garbage', setup(failures(170, 120, 60, 10)));
    writeMarker('marker-garbage', '{"LastFixUtcTicks":"soon"');
    await confirm(s, NOW);
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode, detect.lastLine).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| /);
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode, remediate.lastLine).toBe(0);
    // Rewritten with this fix.
    expect(s.marker('teams-signin-50058')).toContain('"LastFixUtc":"2026-11-25T12:05:00Z"');
  });

  it('counts the attempts of a marker dated in the future as now: the cool-down and the limit hold, and the window runs from then', async () => {
    // Three fixes that did not hold, stamped a day ahead (the clock went back since): the broker is gone again.
    const tomorrow = ticks(at(24 * 60));
    const s = scenario('marker-future-attempts', setup('', { broker: '' }));
    writeMarker('marker-future-attempts', `{"Protocol":1,"LastFixUtc":"${at(24 * 60)}","LastFixUtcTicks":"${tomorrow}","Fixed":["broker"],"Attempts":["${tomorrow}","${tomorrow}","${tomorrow}"],"Sightings":[]}`);
    // The last fix counts as now: its cool-down holds (a marker dropped as absent made this FIX DUE).
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode, detect.lastLine).toBe(0);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] HELD \| /);
    expect(detect.lastLine).toContain('broker: BrokerPlugin not registered for this user -> fix due (drift), held: cool-down until 2026-11-26T12:00Z');
    // The clamp is written back, so the cool-down and the window run from the first run that saw it.
    const marker = JSON.parse(s.marker('teams-signin-50058')!) as { LastFixUtc: string; LastFixUtcTicks: string; Attempts: string[]; Fixed: string[] };
    expect(marker.LastFixUtc).toBe('2026-11-25T12:00:00Z');
    expect(marker.LastFixUtcTicks).toBe(ticks(NOW));
    expect(marker.Attempts).toEqual([ticks(NOW), ticks(NOW), ticks(NOW)]);
    expect(marker.Fixed).toEqual(['broker']);
    // After the cool-down the three attempts still count: the next detection with the symptom escalates.
    const escalate = await step(s, 'detect', at(25 * 60));
    expect(escalate.exitCode, escalate.lastLine).toBe(1);
    expect(escalate.lastLine).toMatch(/^\[teams-signin-50058\] ESCALATE \| /);
    expect(escalate.lastLine).toContain('broker: BrokerPlugin not registered for this user -> fix due (drift), not run: escalate: 3 fixes since 2026-11-25T12:00Z did not hold (limit 3 in 168 h)');
    const held = await step(s, 'remediate', at(25 * 60 + 5));
    expect(held.exitCode, held.lastLine).toBe(1);
    expect(held.lastLine).toMatch(/^\[teams-signin-50058\] ESCALATE \| /);
    expect(registered(held.state)).toEqual([]);
    // A week after that first run the attempts leave the window (not a week after the date they claimed).
    const later = await step(s, 'remediate', at(7 * 24 * 60 + 10));
    expect(later.exitCode, later.lastLine).toBe(0);
    expect(later.lastLine).toMatch(/^\[teams-signin-50058\] FIXED \| /);
    expect(registered(later.state)).toEqual([MANIFEST]);
  });

  it('holds the cool-down of a last fix dated in the future, counted from the first run that saw it', async () => {
    const tomorrow = ticks(at(24 * 60));
    const s = scenario('marker-future-cool-down', setup('', { broker: '' }));
    writeMarker('marker-future-cool-down', `{"Protocol":1,"LastFixUtc":"${at(24 * 60)}","LastFixUtcTicks":"${tomorrow}","Fixed":["broker"],"Attempts":["${tomorrow}"],"Sightings":[]}`);
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode, detect.lastLine).toBe(0);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] HELD \| /);
    expect(detect.lastLine).toContain('broker: BrokerPlugin not registered for this user -> fix due (drift), held: cool-down until 2026-11-26T12:00Z');
    const held = await step(s, 'remediate', LATER);
    expect(held.exitCode, held.lastLine).toBe(0);
    expect(held.lastLine).toMatch(/^\[teams-signin-50058\] HELD \| /);
    expect(registered(held.state)).toEqual([]);
    // 24 hours after the first run that saw it, the cool-down is over (the date it claimed would hold it a day longer).
    const due = await step(s, 'detect', at(24 * 60 + 5));
    expect(due.exitCode, due.lastLine).toBe(1);
    expect(due.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| /);
    const fixed = await step(s, 'remediate', at(24 * 60 + 10));
    expect(fixed.exitCode, fixed.lastLine).toBe(0);
    expect(registered(fixed.state)).toEqual([MANIFEST]);
    const marker = JSON.parse(s.marker('teams-signin-50058')!) as { LastFixUtc: string; Attempts: string[] };
    expect(marker.LastFixUtc).toBe('2026-11-26T12:10:00Z');
    // The clamped attempt still counts: two fixes in the window.
    expect(marker.Attempts).toEqual([ticks(NOW), ticks(at(24 * 60 + 10))]);
  });

  it('under Constrained Language Mode diagnoses, repairs the broker, and skips only the purge (it needs Add-Type)', async () => {
    const clm = { constrainedLanguage: true };
    // A healthy machine: the diagnosis runs on cmdlets and patterns alone; the purge is not needed.
    const healthy = scenario('clm-healthy', setup(failures(90)));
    const quiet = await step(healthy, 'detect', NOW, clm);
    expect(quiet.exitCode, quiet.lastLine).toBe(0);
    expect(quiet.lastLine).toMatch(/^\[teams-signin-50058\] OK \| diagnosis: no repeated sign-in failures \(1 0xCAA2000C, 1 AADSTS50058 in 24h\) \| /);
    expect(quiet.outcome?.Checks.map((c) => `${c.Name}:${c.Probe.State}`)).toEqual(['diagnosis:ok', 'broker:ok', 'credentials:idle']);
    // An OS cause is found and confirmed there too; the broker's repair runs, the purge says why it cannot.
    // The failures name their client in the request line (client: <id>): read with patterns alone.
    const os = scenario('clm-os-cause', setup(failuresIn('Request', 170, 120, 60, 10)));
    await confirm(os, NOW, clm);
    const due = await step(os, 'detect', NOW, clm);
    expect(due.exitCode, due.lastLine).toBe(1);
    expect(due.lastLine).toContain('broker: BrokerPlugin registered, status Ok -> fix due (diagnosis: os cause)');
    expect(due.lastLine).toContain('credentials: SKIPPED not checked: needs FullLanguage, this host runs ConstrainedLanguage');
    const fixed = await step(os, 'remediate', LATER, clm);
    expect(fixed.exitCode, fixed.lastLine).toBe(0);
    expect(registered(fixed.state)).toEqual([MANIFEST]);
    expect(credentialChanges(fixed.state)).toEqual([]);
    // The broker is gone: its drift is evidence enough, and its repair runs without Add-Type.
    const broken = scenario('clm-broker', setup('', { broker: '' }));
    const detect = await step(broken, 'detect', NOW, clm);
    expect(detect.exitCode, detect.lastLine).toBe(1);
    expect(detect.lastLine).toContain('broker: BrokerPlugin not registered for this user -> fix due (drift)');
    const remediate = await step(broken, 'remediate', LATER, clm);
    expect(remediate.exitCode, remediate.lastLine).toBe(0);
    expect(registered(remediate.state)).toEqual([MANIFEST]);
    expect(credentialChanges(remediate.state)).toEqual([]);
  });

  it('fails clearly without a logon session (SYSTEM) and deletes nothing', async () => {
    const s = scenario('no-logon-session', setup(failures(170, 120, 60, 10), { credentialArgs: '-NoLogonSession' }));
    await confirm(s, NOW);
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] ERROR \| /);
    expect(detect.lastLine).toContain('credentials: ERROR no logon session: the credential set belongs to the signed-in user; run this remediation as the user, not SYSTEM');
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode).toBe(1);
    expect(remediate.lastLine).toMatch(/^\[teams-signin-50058\] PROBE ERROR \| /);
    expect(remediate.lastLine).toContain('credentials: ERROR no logon session');
    expect(credentialChanges(remediate.state)).toEqual([]);
    expect(deleted(remediate.state)).toEqual([]);
  });

  it('reports a probe that throws as an error, and the remediation Intune then runs re-probes and deletes nothing', async () => {
    const s = scenario('probe-throws', setup(failures(170, 120, 60, 10), { credentialArgs: "-EnumerateError 'CredEnumerateW failed with Win32 error 1004'" }));
    await confirm(s, NOW);
    const detect = await step(s, 'detect', NOW);
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] ERROR \| diagnosis: OS cause: 4 silent sign-in failures/);
    expect(detect.lastLine).toContain('credentials: ERROR CredEnumerateW failed with Win32 error 1004');
    const remediate = await step(s, 'remediate', LATER);
    expect(remediate.exitCode).toBe(1);
    expect(remediate.lastLine).toMatch(/^\[teams-signin-50058\] PROBE ERROR \| /);
    expect(remediate.lastLine).toContain('credentials: ERROR CredEnumerateW failed with Win32 error 1004');
    // It probed again (before and after its fixes), and never tried to delete or stop anything.
    expect((remediate.state['Calls'] as string[]).filter((c) => c === 'enumerate').length).toBeGreaterThan((detect.state['Calls'] as string[]).length);
    expect(credentialChanges(remediate.state)).toEqual([]);
    expect(deleted(remediate.state)).toEqual([]);
  });

  it('relaunches itself in 64-bit PowerShell through Sysnative from a 32-bit host, relaying exit code and last line', async () => {
    const systemRoot = path.join(work, 'host32', 'Windows');
    const s = scenario('host32', setup(failures(170, 120, 60, 10)), { systemRoot });
    const manifest = `${systemRoot}\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml`;
    const relaunches = (r: StepResult) => (r.state['Relaunches'] as Array<{ Script: string; Arguments: string }> | undefined) ?? [];

    await confirm(s, NOW, { host32Bit: true });
    const detect = await step(s, 'detect', NOW, { host32Bit: true });
    expect(detect.exitCode).toBe(1);
    expect(detect.lastLine).toMatch(/^\[teams-signin-50058\] FIX DUE \| diagnosis: OS cause: 4 silent sign-in failures/);
    const relaunch = { Script: path.join(scripts, 'detect.ps1'), Arguments: `-NoProfile -NonInteractive -ExecutionPolicy Bypass -File ${path.join(scripts, 'detect.ps1')}` };
    expect(relaunches(detect)).toEqual([relaunch, relaunch]);

    const remediate = await step(s, 'remediate', LATER, { host32Bit: true });
    expect(remediate.exitCode).toBe(0);
    expect(remediate.lastLine).toMatch(/^\[teams-signin-50058\] APPLIED \| /);
    expect(relaunches(remediate).map((r) => path.basename(r.Script))).toEqual(['detect.ps1', 'detect.ps1', 'remediate.ps1']);
    // What the 64-bit child did is what happened.
    expect(deleted(remediate.state)).toEqual(PURGED);
    expect(registered(remediate.state)).toEqual([manifest]);
    expect(s.marker('teams-signin-50058')).toContain('"LastFixUtc":"2026-11-25T12:05:00Z"');

    const after = await step(s, 'detect', LATER, { host32Bit: true });
    expect(after.exitCode).toBe(0);
    expect(relaunches(after)).toHaveLength(4);

    // Without a 64-bit PowerShell to relaunch in, the 32-bit host says so and fails.
    const missing = await step(s, 'detect', LATER, { host32Bit: true, env: { SystemRoot: path.join(work, 'host32', 'NoWindows') } });
    expect(missing.exitCode).toBe(1);
    expect(missing.lastLine).toBe(`[teams-signin-50058] ERROR | 64-bit PowerShell not found at ${path.join(work, 'host32', 'NoWindows', 'Sysnative', 'WindowsPowerShell', 'v1.0', 'powershell.exe')}`);
    expect(relaunches(missing)).toHaveLength(4);
  });
}, { concurrent: true });
