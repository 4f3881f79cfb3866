// Scenarios of teams-signin-50058 with exact expectations, run by `remc test` (besides the scenarios
// of its templates). Each template's fakes start from its neutral setup: an ordinary user with Teams
// and Office tokens, Microsoft account, OneDrive and domain entries; the broker registered and Ok; an
// empty AAD log. A setup names only what differs.
import type { RemediationScenario } from 'remc';

/** Silent sign-in failures of Teams at these minutes before the first step. */
function failures(...minutesAgo: number[]): string {
  return minutesAgo.map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}))`).join(', ');
}

const MANIFEST = 'C:\\Windows\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml';

const PURGED = [
  'msteams_adalsso/adal_context_0',
  'msteams_adalsso/adal_context_1',
  'msteams_adalsso/adal_context_segments',
  'MicrosoftOffice16_Data:ADAL:3f2a6c1e-0000-4000-8000-000000000001',
  'MicrosoftOffice16_Data:ADALWAM:3f2a6c1e-0000-4000-8000-000000000002',
].map((TargetName) => ({ TargetName, Type: 1 }));

export const scenarios: RemediationScenario[] = [
  {
    name: 'OS cause: confirmed by a second detection, stale tokens purged and the broker re-registered, compliant afterwards',
    setup: `Reset-RemcFakeSignInDiagnostics -AadEvent @(${failures(170, 120, 60, 10)})`,
    steps: [
      {
        // One detection is not enough (confirmRuns: 2), and the purge is not even probed yet.
        run: 'detect',
        expect: {
          exitCode: 0,
          lastLine:
            '[teams-signin-50058] CONFIRMING | diagnosis: OS cause: 4 silent sign-in failures (0xCAA2000C x4, AADSTS50058 x4) since 2026-11-25T09:10Z | ' +
            'broker: BrokerPlugin registered, status Ok -> waits: seen by 1 of 2 consecutive detections (diagnosis: os cause) | ' +
            'credentials: not probed: nothing calls for its fix -> waits: seen by 1 of 2 consecutive detections (diagnosis: os cause)',
          state: { Calls: [] },
        },
      },
      {
        run: 'detect',
        at: 60,
        expect: {
          exitCode: 1,
          lastLine:
            '[teams-signin-50058] FIX DUE | diagnosis: OS cause: 4 silent sign-in failures (0xCAA2000C x4, AADSTS50058 x4) since 2026-11-25T09:10Z | ' +
            'broker: BrokerPlugin registered, status Ok -> fix due (diagnosis: os cause) | credentials: 5 matching credentials -> fix due (diagnosis: os cause)',
        },
      },
      {
        run: 'remediate',
        at: 65,
        expect: {
          exitCode: 0,
          lastLine:
            // APPLIED, not FIXED: no failure minutes after the fix proves nothing.
            '[teams-signin-50058] APPLIED | diagnosis: no repeated sign-in failures (none since the last fix at 2026-11-25T13:05Z) | broker: fixed: re-registered Microsoft.AAD.BrokerPlugin; now: BrokerPlugin registered, status Ok | ' +
            'credentials: fixed: removed 5 credentials, stopped 1 process; now: no matching credentials',
          state: { Deleted: PURGED, Processes: ['OUTLOOK'], Registered: [MANIFEST] },
        },
      },
      {
        // The detection right after: compliant (exit 0), but not yet proven.
        run: 'detect',
        expect: {
          exitCode: 0,
          lastLine:
            '[teams-signin-50058] UNPROVEN | diagnosis: no repeated sign-in failures (none since the last fix at 2026-11-25T13:05Z) | broker: BrokerPlugin registered, status Ok | ' +
            'credentials: not probed: nothing calls for its fix | fix of 2026-11-25T13:05Z: not yet proven (0 h since; its symptom not seen again, no evidence of success yet)',
        },
      },
      {
        // Six hours on: Windows renewed the primary refresh token after the fix (a sign-in that worked),
        // and no sign-in failed since: the fix held.
        run: 'detect',
        at: 425,
        expect: {
          exitCode: 0,
          lastLine:
            '[teams-signin-50058] OK | diagnosis: no repeated sign-in failures (none since the last fix at 2026-11-25T13:05Z) | broker: BrokerPlugin registered, status Ok | ' +
            'credentials: not probed: nothing calls for its fix | fix of 2026-11-25T13:05Z: held - diagnosis: PRT renewed at 2026-11-25T18:05Z, after the fix; no sign-in failed since',
        },
      },
    ],
  },
  {
    // Was: any OS cause force-stopped both Teams clients. The failing app here is Office (its client id),
    // so the purge runs and Teams keeps running.
    name: 'an OS cause of Office, not Teams: tokens purged, Teams not stopped',
    setup: `Reset-RemcFakeSignInDiagnostics -AadEvent @(${[170, 120, 60, 10].map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}) -ClientId 'd3590ed6-52b3-4102-aeff-aad2292ab01c')`).join(', ')})`,
    steps: [
      { run: 'detect', expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] CONFIRMING \| / } },
      { run: 'detect', at: 60, expect: { exitCode: 1, lastLine: /^\[teams-signin-50058\] FIX DUE \| / } },
      {
        run: 'remediate',
        at: 65,
        expect: {
          exitCode: 0,
          lastLine: /\| credentials: fixed: removed 5 credentials; now: no matching credentials$/,
          state: { Deleted: PURGED, Processes: ['ms-teams', 'OUTLOOK'] },
        },
      },
    ],
  },
  {
    // Confirmation means consecutive: a detection that does not see the symptom starts the count again.
    name: 'a symptom that goes away between detections is not confirmed',
    setup: `Reset-RemcFakeSignInDiagnostics -AadEvent @(${failures(170, 120, 60, 10)})`,
    steps: [
      { run: 'detect', expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] CONFIRMING \| / } },
      { run: 'detect', at: 60, change: 'Reset-RemcFakeSignInDiagnostics', expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] OK \| / } },
      {
        run: 'detect',
        at: 120,
        change: `Reset-RemcFakeSignInDiagnostics -AadEvent @(${failures(170, 120, 60, 10)})`,
        expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] CONFIRMING \| .*seen by 1 of 2 consecutive detections/, state: { Deleted: [], Registered: [] } },
      },
    ],
  },
  {
    name: 'Conditional Access blocks sign-in: nothing changes, the summary says what to do',
    setup: `Reset-RemcFakeSignInDiagnostics -AadEvent @(${failures(170, 120, 60, 10)}, (New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-5) -Code @('0xCAA2000C', 'AADSTS53003')))`,
    steps: [
      {
        run: 'detect',
        // A person must act: exit 1 shows the device with issues; the purge is not even probed.
        expect: {
          exitCode: 1,
          lastLine: [/^\[teams-signin-50058\] ACTION NEEDED \| diagnosis: policy cause: AADSTS53003 x1 - Conditional Access or compliance blocks sign-in: make the device compliant/, /\| credentials: not probed: nothing calls for its fix$/],
        },
      },
      {
        // Intune runs it after that exit 1: it must not act on a policy cause, and says so again.
        run: 'remediate',
        at: 5,
        expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] ACTION NEEDED \| diagnosis: policy cause/, state: { Deleted: [], Registered: [], Processes: ['ms-teams', 'OUTLOOK'] } },
      },
      { run: 'detect', at: 5, expect: { exitCode: 1, lastLine: /^\[teams-signin-50058\] ACTION NEEDED \| diagnosis: policy cause/ } },
    ],
  },
  {
    // Was reported healthy (OK, exit 0): a joined device without a PRT is a device cause with advice,
    // and exit 1, so Intune shows the device with issues; the remediation that follows changes nothing.
    name: 'PRT NO with repeated failures: a device cause with advice, nothing purged or re-registered',
    setup: `Reset-RemcFakeSignInDiagnostics -Prt 'NO' -AadEvent @(${failures(170, 120, 60, 10)})`,
    steps: [
      {
        run: 'detect',
        expect: { exitCode: 1, lastLine: /^\[teams-signin-50058\] ACTION NEEDED \| diagnosis: device cause: PRT NO with 4 silent sign-in failures - no primary refresh token for this user: .*domain controller is reachable; removing tokens does not help \|/ },
      },
      {
        run: 'remediate',
        at: 5,
        expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] ACTION NEEDED \| diagnosis: device cause/, state: { Deleted: [], Registered: [], Processes: ['ms-teams', 'OUTLOOK'] } },
      },
    ],
  },
  {
    // The typed Error (UInt32) of a 1098 is the only place the WAM code is; read as decimal it was missed
    // and the failures alone made an OS cause that purged tokens while the network was at fault.
    name: 'a network WAM code (0xCAA82EE7) stops the fixes',
    setup: `Reset-RemcFakeSignInDiagnostics -AadEvent @(${failures(170, 120, 60, 10)}, (New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-5) -Code @('0xCAA82EE7')))`,
    steps: [
      // Transient and no one's to fix on the device: said, with exit 0.
      { run: 'detect', expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] ABNORMAL \| diagnosis: network cause: 0xCAA82EE7 x1 - network or proxy failure reaching Entra ID \|/ } },
      { run: 'remediate', at: 5, expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] NOTHING TO FIX \| /, state: { Deleted: [], Registered: [] } } },
    ],
  },
  {
    name: 'dsregcmd unreadable: unknown, the failures alone fix nothing',
    setup: `Reset-RemcFakeSignInDiagnostics -NoDsreg -AadEvent @(${failures(170, 120, 60, 10)})`,
    steps: [
      { run: 'detect', expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] \S.* \| diagnosis: unknown: 4 silent sign-in failures, but dsregcmd is unreadable \|/ } },
      { run: 'remediate', at: 5, expect: { exitCode: 0, state: { Deleted: [], Registered: [] } } },
    ],
  },
  {
    name: 'guest access: failures against another tenant fix nothing',
    setup: `Reset-RemcFakeSignInDiagnostics -AadEvent @(${[170, 120, 60, 10].map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}) -Authority 'https://login.microsoftonline.com/0f0e0d0c-0000-4000-8000-000000000009')`).join(', ')})`,
    steps: [
      { run: 'detect', expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] OK \| diagnosis: no repeated sign-in failures \(none in 24h\) \|/ } },
    ],
  },
  {
    // Intune runs one script at a time: slow probes (here every clock reading is 100 s after the one
    // before) must not hold the queue. Past the 120 s budget the next probe is not started.
    name: 'probes past their time budget are skipped and decide nothing',
    setup: `Reset-RemcFakeSignInDiagnostics -AadEvent @(${failures(170, 120, 60, 10)})\n$global:RemcFakeState.ClockStepSeconds = 100`,
    steps: [
      {
        run: 'detect',
        expect: { exitCode: 0, lastLine: /^\[teams-signin-50058\] CONFIRMING \| diagnosis: OS cause: .* \| broker: SKIPPED not checked: the probes took 200 s of their 120 s budget \| credentials: not probed/ },
      },
    ],
  },
  {
    name: 'a 32-bit host relaunches the detection in 64-bit PowerShell',
    setup: `Reset-RemcFakeSignInDiagnostics -AadEvent @(${failures(170, 120, 60, 10)})`,
    steps: [
      {
        run: 'detect',
        host32Bit: true,
        expect: {
          exitCode: 0,
          lastLine: /^\[teams-signin-50058\] CONFIRMING \| diagnosis: OS cause: 4 silent sign-in failures/,
          check: (step) => {
            const relaunches = (step.state['Relaunches'] as Array<{ Arguments: string }> | undefined) ?? [];
            return relaunches.length === 1 && relaunches[0]!.Arguments.startsWith('-NoProfile -NonInteractive -ExecutionPolicy Bypass -File ')
              ? undefined
              : `expected one relaunch through Sysnative, got ${JSON.stringify(relaunches)}`;
          },
        },
      },
    ],
  },
];
