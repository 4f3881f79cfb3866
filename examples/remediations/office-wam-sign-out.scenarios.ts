import type { RemediationScenario } from 'remc';

/** The device's own tenant (the fakes' dsregcmd TenantId) and another organization's. */
const CONTOSO = '96fa76d0-0000-4000-8000-eb60cc220000';
const FABRIKAM = '0f0e0d0c-0000-4000-8000-000000000009';

/** Four silent sign-in failures over three hours before the first step, sent to this authority. */
function failures(tenant: string): string {
  return [170, 120, 60, 10].map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}) -Authority 'https://login.microsoftonline.com/${tenant}')`).join(', ');
}

/** The user's Office accounts: a work account of the device's tenant and one of another organization. */
const ACCOUNTS = `@((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'alice@fabrikam.com' -TenantId '${FABRIKAM}'))`;

/** A registered device (its dsregcmd shows a PRT, so the diagnosis can confirm an OS cause). */
const REGISTERED = `-JoinType 'registered' -Prt 'YES'`;

export const scenarios: RemediationScenario[] = [
  {
    name: "a registered device whose tenant's failures were seen: that account is signed out, another organization's is kept",
    setup: `Reset-RemcFakeSignInDiagnostics ${REGISTERED} -AadEvent @(${failures(CONTOSO)})\nReset-RemcFakeWamAccountSignOut -Account ${ACCOUNTS}`,
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: /^\[office-wam-sign-out\] FIX DUE \| diagnosis: OS cause: 4 silent sign-in failures .* \| wam: 2 WAM accounts: alice@contoso\.com, alice@fabrikam\.com -> fix due \(diagnosis: os cause\)$/ } },
      {
        run: 'remediate',
        at: 5,
        expect: {
          exitCode: 0,
          lastLine: [/^\[office-wam-sign-out\] APPLIED \| /, '| wam: fixed: signed out 1 WAM account: alice@contoso.com; kept alice@fabrikam.com (no failures seen in its tenant); now: 1 WAM account: alice@fabrikam.com'],
          state: { WamSignedOut: ['alice@contoso.com'] },
        },
      },
      { run: 'detect', expect: { exitCode: 0, lastLine: /^\[office-wam-sign-out\] UNPROVEN \| .* \| fix of 2026-11-25T12:05Z: not yet proven / } },
    ],
  },
  {
    name: 'Outlook is running: nobody is signed out, the runs say HELD (no attempt, no cool-down), and the sign-out follows once Outlook is closed',
    setup: `Reset-RemcFakeSignInDiagnostics ${REGISTERED} -AadEvent @(${failures(CONTOSO)})\nReset-RemcFakeWamAccountSignOut -Account ${ACCOUNTS} -Process @('OUTLOOK', 'ms-teams')`,
    steps: [
      // Detection knows the fix could only wait: HELD, exit 0, so Intune runs no remediation for nothing.
      {
        run: 'detect',
        expect: { exitCode: 0, lastLine: [/^\[office-wam-sign-out\] HELD \| /, '| wam: 2 WAM accounts: alice@contoso.com, alice@fabrikam.com -> fix due (diagnosis: os cause), held: waits: OUTLOOK is running'] },
      },
      {
        // Run anyway (an RMM tool, a person): it holds too, changes nothing and starts no cool-down.
        run: 'remediate',
        at: 5,
        expect: {
          exitCode: 0,
          lastLine: [/^\[office-wam-sign-out\] HELD \| /, 'held: waits: OUTLOOK is running'],
          state: { WamSignedOut: [] },
          check: (s) => {
            const last = s.markerAfter === undefined ? null : (JSON.parse(s.markerAfter.replace(/^\uFEFF/, '')) as { LastFixUtc?: string | null }).LastFixUtc;
            return last === null || last === undefined ? undefined : `the marker says a fix ran at ${last}: the cool-down started`;
          },
        },
      },
      { run: 'detect', at: 60, change: '$RemcFakeState.WamProcesses.Clear()', expect: { exitCode: 1, lastLine: /^\[office-wam-sign-out\] FIX DUE \| / } },
      {
        run: 'remediate',
        at: 61,
        expect: { exitCode: 0, lastLine: [/^\[office-wam-sign-out\] APPLIED \| /, '| wam: fixed: signed out 1 WAM account: alice@contoso.com; kept alice@fabrikam.com'], state: { WamSignedOut: ['alice@contoso.com'] } },
      },
    ],
  },
  {
    name: "an Entra-joined device whose own tenant's failures were seen: its primary account is never signed out",
    setup: `Reset-RemcFakeSignInDiagnostics -JoinType 'entra' -AadEvent @(${failures(CONTOSO)})\nReset-RemcFakeWamAccountSignOut -Account ${ACCOUNTS}`,
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: /^\[office-wam-sign-out\] FIX DUE \| / } },
      {
        run: 'remediate',
        at: 5,
        expect: {
          exitCode: 0,
          lastLine: "| wam: fixed: signed out nobody: kept alice@contoso.com (the device's primary account), alice@fabrikam.com (no failures seen in its tenant); now: 2 WAM accounts",
          state: { WamSignedOut: [] },
        },
      },
    ],
  },
  {
    name: 'failures sent to common name no tenant: nobody is signed out, and the run says so',
    setup: `Reset-RemcFakeSignInDiagnostics ${REGISTERED} -AadEvent @(${failures('common')})\nReset-RemcFakeWamAccountSignOut -Account ${ACCOUNTS}`,
    steps: [
      {
        run: 'remediate',
        expect: {
          exitCode: 0,
          lastLine: '| wam: fixed: signed out nobody: the evidence names no failing tenant (a failure sent to common or organizations names none); now: 2 WAM accounts',
          state: { WamSignedOut: [] },
        },
      },
    ],
  },
];
