/**
 * The flagship on a whole fleet. A generated population of healthy devices (Entra joined, hybrid,
 * registered, not joined; stray 50058s, bursts of retries, background MFA and Conditional Access
 * codes, network blips, other tenants, other users and other apps, unreadable logs, missing dsregcmd;
 * and, through their own processes, Constrained Language Mode and 32-bit hosts) runs through the
 * emitted detection: not one fix may be due, no device may be flagged, and none may write a marker.
 * And a broken population, where the OS cause is real: every device is confirmed, remediated once, and
 * then quiet.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { random } from '../bench/synthetic.ts';
import { build } from '../compiler/pipeline.ts';
import { runPwsh } from '../compiler/proof/pwsh.ts';
import { Scenario } from '../compiler/proof/scenario.ts';
import { RunOutcome } from '../compiler/protocol.ts';
import { ORDINARY_CREDENTIALS } from '../templates/credential-purge/scenarios.ts';
import { neutralSetup as WAM_NEUTRAL } from '../templates/wam-account-sign-out/scenarios.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'remc-fleet-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ID = 'teams-signin-50058';
const FAKES = ['sign-in-diagnostics', 'broker-plugin-registration', 'credential-purge', 'wam-account-sign-out'].map((t) => path.join(root, 'templates', t, 'fakes.ps1'));
const HEALTHY = 1000;
const BROKEN = 100;
const START = Date.parse('2026-11-25T12:00:00Z');
const iso = (minutes: number) => new Date(START + minutes * 60_000).toISOString().replace('.000Z', 'Z');

interface Profile {
  readonly Id: string;
  readonly Remediation: string;
  readonly Now: string;
  readonly Setup: string;
  readonly Steps: ReadonlyArray<{ readonly Run: 'detect' | 'remediate'; readonly Now: string }>;
  /** What makes it what it is, for the failure message. */
  readonly Traits: readonly string[];
}

const OTHER_TENANT = 'https://login.microsoftonline.com/0f0e0d0c-0000-4000-8000-000000000009';
const OTHER_CLIENT = '00000002-0000-0ff1-ce00-000000000000';
const OTHER_SID = 'S-1-5-21-1111111111-2222222222-3333333333-1002';

function event(minutesAgo: number, extra = ''): string {
  return `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${minutesAgo.toFixed(0)})${extra ? ` ${extra}` : ''})`;
}

/** One healthy device: whatever it logs, nothing here is a symptom the fixes are for. */
function healthyDevice(i: number, next: () => number): Profile {
  const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const traits: string[] = [];
  const events: string[] = [];
  const join = pick(['entra', 'entra', 'hybrid', 'hybrid', 'registered', 'none'] as const);
  traits.push(join);
  // The user's own apps fail silently now and then: never three separate times, recently, over half an
  // hour (that is the symptom). At most two strays; or one burst of retries (seconds to minutes apart)
  // and at most one stray; or repeated failures that all ended more than four hours ago.
  const own = next();
  if (own < 0.5) {
    const stray = Math.floor(next() * 3);
    for (let k = 0; k < stray; k++) events.push(event(next() * 1400));
    if (stray > 0) traits.push(`${stray} stray 50058`);
  } else if (own < 0.75) {
    let at = 20 + next() * 1300;
    for (let k = 0; k < 3 + Math.floor(next() * 4); k++) {
      events.push(event(at));
      at += 1 + next() * 7;
    }
    if (next() < 0.5) events.push(event(next() * 1400));
    traits.push('burst');
  } else {
    const first = 250 + next() * 200;
    for (let k = 0; k < 4; k++) events.push(event(first + k * (20 + next() * 200)));
    traits.push('old failures');
  }
  if (next() < 0.2) { events.push(event(next() * 600, "-Code @('0xCAA2000C', 'AADSTS50076')")); traits.push('background MFA'); }
  if (next() < 0.15) { events.push(event(next() * 600, "-Code @('0xCAA20004', 'AADSTS53003')")); traits.push('one CA block'); }
  if (next() < 0.1) { events.push(event(next() * 600, "-Code @('0xCAA70004')")); traits.push('network blip'); }
  if (next() < 0.2) { for (const m of [200, 150, 90, 30, 5]) events.push(event(m, `-Authority '${OTHER_TENANT}'`)); traits.push('guest tenant failing'); }
  if (next() < 0.1) { for (const m of [200, 150, 90, 30, 5]) events.push(event(m, `-ClientId '${OTHER_CLIENT}'`)); traits.push('other app failing'); }
  if (next() < 0.1) { for (const m of [200, 150, 90, 30, 5]) events.push(event(m, `-Sid '${OTHER_SID}'`)); traits.push('other user failing'); }
  let log = '';
  if (next() < 0.05) { log = `-LogUnavailable -LogReason '${pick(['access denied', 'log not found'])}'`; traits.push('log unreadable'); }
  let dsreg = `-JoinType '${join}' -PrtAgeHours ${(next() * 3.5).toFixed(2)}`;
  if (next() < 0.03) { dsreg = '-NoDsreg'; traits.push('no dsregcmd'); }
  const teams = next() < 0.1 ? "@('OUTLOOK')" : "@('ms-teams', 'OUTLOOK')";
  if (teams === "@('OUTLOOK')") traits.push('no Teams running');
  const setup = [
    `Reset-RemcFakeSignInDiagnostics -AadEvent @(${events.join(', ')}) ${dsreg} ${log}`,
    `Reset-RemcFakeBrokerPluginRegistration -Package @(New-RemcFakeAppxPackage) -ExistingPath @("$env:SystemRoot\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml") -RegisterHeals`,
    `Reset-RemcFakeCredentialPurge -Credential ${ORDINARY_CREDENTIALS} -Process ${teams}`,
    WAM_NEUTRAL,
  ].join('\n');
  // Two detections an hour apart: what one of them saw must not be confirmed by the other either.
  return { Id: `healthy-${i}`, Remediation: ID, Now: iso(0), Setup: setup, Steps: [{ Run: 'detect', Now: iso(0) }, { Run: 'detect', Now: iso(60) }], Traits: traits };
}

/** One device with the real OS cause: repeated, spread, recent failures of its own apps, PRT fresh. */
function brokenDevice(i: number, next: () => number): Profile {
  const join = next() < 0.5 ? 'entra' : 'hybrid';
  const count = 3 + Math.floor(next() * 6);
  const events = Array.from({ length: count }, (_, k) => event(5 + (k * 200) / count + next() * 5));
  if (next() < 0.3) events.push(...[200, 90, 5].map((m) => event(m, `-Authority '${OTHER_TENANT}'`)));
  const setup = [
    `Reset-RemcFakeSignInDiagnostics -AadEvent @(${events.join(', ')}) -JoinType '${join}' -PrtAgeHours ${(next() * 3).toFixed(2)}`,
    `Reset-RemcFakeBrokerPluginRegistration -Package @(New-RemcFakeAppxPackage) -ExistingPath @("$env:SystemRoot\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml") -RegisterHeals`,
    `Reset-RemcFakeCredentialPurge -Credential ${ORDINARY_CREDENTIALS} -Process @('ms-teams', 'OUTLOOK')`,
    WAM_NEUTRAL,
  ].join('\n');
  // Intune's rhythm: detect (seen once), detect an hour later (confirmed), remediate, detect after it,
  // then the next day's detection.
  const steps = [
    { Run: 'detect', Now: iso(0) },
    { Run: 'detect', Now: iso(60) },
    { Run: 'remediate', Now: iso(61) },
    { Run: 'detect', Now: iso(61) },
    { Run: 'detect', Now: iso(24 * 60) },
  ] as const;
  return { Id: `broken-${i}`, Remediation: ID, Now: iso(0), Setup: setup, Steps: steps, Traits: [join, `${count} failures`] };
}

interface StepRecord {
  readonly Id: string;
  readonly Run: 'detect' | 'remediate';
  readonly Now: string;
  readonly ExitCode: number;
  readonly LastLine: string;
  readonly Lines: number;
  readonly Stderr: string[];
  readonly Outcome: string | null;
  readonly Calls: string[];
  readonly WamCalls: string[];
  readonly Registered: string[];
  readonly Marker: boolean;
}

let scripts: string;
beforeAll(async () => {
  const out = path.join(work, 'dist');
  const report = await build({ root, out });
  expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  scripts = path.join(out, ID);
});

/** Runs the profiles in two processes side by side (one per core) and returns every step's record. */
async function runFleet(name: string, profiles: readonly Profile[]): Promise<StepRecord[]> {
  const halves = [profiles.filter((_, i) => i % 2 === 0), profiles.filter((_, i) => i % 2 === 1)];
  const runs = await Promise.all(
    halves.map(async (half, n) => {
      const file = path.join(work, `${name}-${n}.json`);
      const out = path.join(work, `${name}-${n}.out.json`);
      writeFileSync(file, JSON.stringify(half));
      const r = await runPwsh(
        { file: path.join(root, 'test', 'fleet', 'Invoke-RemcFleet.ps1') },
        { args: ['-Scripts', scripts, '-Profiles', file, '-Out', out, '-WorkDir', path.join(work, name), '-Fakes', FAKES.join(';')], timeoutMs: 1_800_000 },
      );
      expect(r.stderr, r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8').replace(/^\uFEFF/, '')) as StepRecord[];
    }),
  );
  return runs.flat();
}

/** What every run of every device keeps: the output contract and the protocol. */
function contractProblems(r: StepRecord): string[] {
  const problems: string[] = [];
  if (r.Stderr.length > 0) problems.push(`stderr: ${r.Stderr[0]}`);
  if (r.ExitCode !== 0 && r.ExitCode !== 1) problems.push(`exit ${r.ExitCode}`);
  if (!r.LastLine.startsWith(`[${ID}] `) || r.LastLine.length > 2048) problems.push(`last line: ${r.LastLine.slice(0, 200)}`);
  const outcome = r.Outcome === null ? undefined : (JSON.parse(r.Outcome.replace(/^\uFEFF/, '')) as unknown);
  if (outcome === undefined) problems.push('no outcome');
  else {
    const checked = RunOutcome.validate(outcome);
    if (!checked.ok) problems.push(...checked.problems);
    else if (checked.value.ExitCode !== r.ExitCode || checked.value.Summary !== r.LastLine) problems.push('the outcome disagrees with the exit code or the last line');
  }
  return problems.map((p) => `${r.Id} ${r.Run} at ${r.Now}: ${p}`);
}

function status(r: StepRecord): string {
  return /^\[[^\]]+\] ([A-Z ]+?)( \||$)/.exec(r.LastLine)?.[1] ?? '?';
}

describePowerShell('the flagship on a fleet', () => {
  it(`${HEALTHY} healthy devices: no fix due, none flagged, OK unless the log is unreadable, no marker written, credentials never enumerated, WAM never asked`, async () => {
    const next = random(20261130);
    const profiles = Array.from({ length: HEALTHY }, (_, i) => healthyDevice(i, next));
    const records = await runFleet('healthy', profiles);
    expect(records).toHaveLength(HEALTHY * 2);
    const traits = new Map(profiles.map((p) => [p.Id, p.Traits.join(', ')]));
    const problems = records.flatMap((r) => {
      const own = contractProblems(r);
      // OK means nothing abnormal was seen: a joined or registered device whose AAD log cannot be read says
      // ABNORMAL (exit 0); on a device dsregcmd shows to be neither, the diagnosis does not apply and reads
      // no log (without dsregcmd nothing says so).
      const device = profiles.find((p) => p.Id === r.Id)!.Traits;
      const applies = !device.includes('none') || device.includes('no dsregcmd');
      const word = device.includes('log unreadable') && applies ? 'ABNORMAL' : 'OK';
      if (r.ExitCode !== 0 || status(r) !== word) own.push(`${r.Id} (${traits.get(r.Id)}): ${r.LastLine}`);
      if (r.Marker) own.push(`${r.Id} (${traits.get(r.Id)}): wrote a marker`);
      if (r.Calls.length > 0) own.push(`${r.Id} (${traits.get(r.Id)}): called ${r.Calls.join(', ')}`);
      if (r.WamCalls.length > 0) own.push(`${r.Id} (${traits.get(r.Id)}): asked Web Account Manager ${r.WamCalls.join(', ')}`);
      return own;
    });
    expect(problems.slice(0, 20), `${problems.length} problems`).toEqual([]);
    // The population covers what it claims: every kind of noise occurs many times.
    for (const trait of ['entra', 'hybrid', 'registered', 'none', 'burst', 'old failures', 'background MFA', 'one CA block', 'network blip', 'guest tenant failing', 'other app failing', 'other user failing', 'log unreadable', 'no dsregcmd', 'no Teams running']) {
      expect(profiles.filter((p) => p.Traits.includes(trait)).length, trait).toBeGreaterThanOrEqual(10);
    }
  });

  it(`${BROKEN} devices with a real OS cause: each confirmed, remediated once, then quiet`, async () => {
    const next = random(20261201);
    const profiles = Array.from({ length: BROKEN }, (_, i) => brokenDevice(i, next));
    const records = await runFleet('broken', profiles);
    expect(records).toHaveLength(BROKEN * 5);
    const problems: string[] = records.flatMap(contractProblems);
    for (const p of profiles) {
      const steps = records.filter((r) => r.Id === p.Id).map((r) => `${r.Run} ${r.ExitCode} ${status(r)}`);
      // Applied, not yet proven right after the fix; the next day the PRT renewed since proves it held.
      const expected = ['detect 0 CONFIRMING', 'detect 1 FIX DUE', 'remediate 0 APPLIED', 'detect 0 UNPROVEN', 'detect 0 OK'];
      if (steps.join(' / ') !== expected.join(' / ')) problems.push(`${p.Id} (${p.Traits.join(', ')}): ${steps.join(' / ')}`);
      const last = records.filter((r) => r.Id === p.Id).at(-1)!;
      if (!/ \| fix of 2026-\S+: held - diagnosis: PRT renewed at /.test(last.LastLine)) problems.push(`${p.Id}: the next day's detection does not say the fix held: ${last.LastLine}`);
      if (last.Registered.length !== 1) problems.push(`${p.Id}: registered ${last.Registered.length} times`);
    }
    expect(problems.slice(0, 20), `${problems.length} problems`).toEqual([]);
  });

  it('healthy devices in Constrained Language Mode and in a 32-bit host: no fix due', async () => {
    const next = random(20261202);
    const profiles = Array.from({ length: 12 }, (_, i) => healthyDevice(i, next));
    const results = await Promise.all(
      profiles.map(async (p, i) => {
        const s = new Scenario({ scripts, fakes: FAKES, setup: p.Setup, workDir: path.join(work, 'hosts', p.Id), ...(i % 2 ? { systemRoot: path.join(work, 'hosts', p.Id, 'Windows') } : {}) });
        const r = await s.run('detect', p.Now, i % 2 ? { host32Bit: true } : { constrainedLanguage: true });
        return { p, r, marker: s.marker(ID) };
      }),
    );
    for (const { p, r, marker } of results) {
      const what = `${p.Id} (${p.Traits.join(', ')}): ${r.lastLine}`;
      expect(r.stderr, what).toBe('');
      expect(r.exitCode, what).toBe(0);
      expect(r.lastLine, what).toMatch(/^\[teams-signin-50058\] OK \| /);
      expect(marker, what).toBeUndefined();
    }
  });
});
