/**
 * Scenarios of wam-account-sign-out, run by `remc test` for every remediation that uses it. Like the
 * credential purge it only runs when its trigger fires, which other checks decide: the invariants say
 * what must hold whether or not it ran. The scenarios that need a symptom set the sign-in diagnosis'
 * fakes up (used when the remediation has that template): an OS cause, and the tenant its failures name.
 * They are about the sign-outs that OS cause triggers (`appliesTo`): a sign-out of another trigger is
 * never probed in them (nothing calls for its fix), so they would pass having proved nothing.
 */
import { added, checkOutcome, fixRan, stateList, triggeredByCause, type CheckInfo, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** The device's own tenant (the sign-in-diagnostics fakes' dsregcmd TenantId) and another organization's. */
const CONTOSO = '96fa76d0-0000-4000-8000-eb60cc220000';
const FABRIKAM = '0f0e0d0c-0000-4000-8000-000000000009';

/** An ordinary signed-in user: one work account of the app (in the device's own tenant) in Web Account Manager. */
export const neutralSetup = "Reset-RemcFakeWamAccountSignOut -Account @(New-RemcFakeWamAccount -UserName 'alice@contoso.com')";

interface WamAccount {
  readonly UserName: string;
  readonly TenantId: string;
}

interface WamProcess {
  readonly Name: string;
  readonly SessionId: number;
}

function signOuts(step: StepView): string[] {
  return added<string>(step, 'WamCalls').filter((c) => c.startsWith('signout:'));
}

/** The accounts this step signed out, as they were before it (user name and tenant). */
function signedOut(step: StepView): WamAccount[] {
  const before = stateList<WamAccount>(step.before, 'WamAccounts');
  return signOuts(step).map((c) => c.slice('signout:'.length)).map((name) => before.find((a) => a.UserName === name) ?? { UserName: name, TenantId: '' });
}

function list(config: Readonly<Record<string, unknown>>, key: string): string[] {
  const value = config[key];
  return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);
}

/** Four silent sign-in failures of the diagnosis' fakes over three hours, sent to `authority`. */
function failures(authority: string): string {
  return [170, 120, 60, 10].map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}) -Authority '${authority}')`).join(', ');
}

/** An OS cause whose failures name the device's own tenant, on a device joined this way. */
function osCause(join: 'entra' | 'registered', authority = `https://login.microsoftonline.com/${CONTOSO}`): string {
  // A registered device's dsregcmd must show a PRT for the diagnosis to confirm an OS cause.
  return `Reset-RemcFakeSignInDiagnostics -JoinType '${join}'${join === 'registered' ? " -Prt 'YES'" : ''} -AadEvent @(${failures(authority)})`;
}

/** The sign-outs the scenarios with an OS cause exercise. */
const ON_OS_CAUSE = triggeredByCause('sign-in-diagnostics', 'os');

/** The fix's summary in this step, for the checks whose fix ran. */
function fixSummaries(step: StepView, checks: readonly CheckInfo[]): Array<{ check: CheckInfo; fix: string; summary: string }> {
  return checks.flatMap((k) => {
    const o = checkOutcome(step, k.name);
    return o && fixRan(step, k.name) ? [{ check: k, fix: o.Fix, summary: o.FixSummary ?? o.FixError ?? '' }] : [];
  });
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection signs nobody out',
    check: ({ step }) => (step.script === 'detect' && signOuts(step).length > 0 ? `detection called ${signOuts(step).join(', ')}` : undefined),
  },
  {
    name: 'report-only signs nobody out',
    check: ({ step, checks }) => {
      if (checks.length === 0 || !checks.every((k) => k.config['ReportOnly'] === true)) return undefined;
      return signOuts(step).length > 0 ? `a report-only sign-out called ${signOuts(step).join(', ')}` : undefined;
    },
  },
  {
    name: 'signs out only when its fix ran',
    check: ({ step, checks }) => {
      const ran = checks.some((k) => fixRan(step, k.name));
      return !ran && signOuts(step).length > 0 ? `signed out without its fix running: ${signOuts(step).join(', ')}` : undefined;
    },
  },
  {
    name: 'never signs out the primary account of an Entra-joined or hybrid-joined device (an account of its own tenant)',
    check: ({ step }) => {
      const join = String(step.before['DsregJoinType'] ?? '');
      const home = String(step.before['DsregTenantId'] ?? '').toLowerCase();
      if ((join !== 'entra' && join !== 'hybrid') || home === '' || step.before['DsregMissing'] === true) return undefined;
      const bad = signedOut(step).filter((a) => a.TenantId.toLowerCase() === home);
      return bad.length > 0 ? `signed out ${bad.map((a) => a.UserName).join(', ')}, of the ${join}-joined device's own tenant` : undefined;
    },
  },
  {
    name: "never signs out while one of the app's processes runs in the user's session",
    check: ({ step, checks }) => {
      if (signOuts(step).length === 0) return undefined;
      const session = Number(step.before['WamSessionId'] ?? 1);
      const names = new Set(checks.flatMap((k) => list(k.config, 'AppProcesses')).map((n) => n.toLowerCase()));
      const running = stateList<WamProcess>(step.before, 'WamProcesses').filter((p) => Number(p.SessionId) === session && names.has(String(p.Name).toLowerCase()));
      return running.length > 0 ? `signed out ${signOuts(step).join(', ')} while ${running.map((p) => p.Name).join(', ')} ran` : undefined;
    },
  },
  {
    name: 'a fix that waits for a running app is held: it changed nothing, and the run says HELD, never FIXED',
    check: ({ step, checks }) => {
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o?.Held?.startsWith('waits: ') && !(o?.Fix === 'held' && o.FixSummary?.startsWith('signed out nobody (would sign out'))) continue;
        if (o.Fix !== 'held') return `${k.name} waits (${o.Held}) but its fix is '${o.Fix}'`;
        if (signOuts(step).length > 0) return `${k.name} waits, yet ${signOuts(step).join(', ')} was called`;
        if (step.exitCode !== 0 || !/^\[[a-z0-9-]+\] (HELD|CONFIRMING|ESCALATE|ERROR|FAILED|PROBE ERROR|ACTION NEEDED|REPORTED ONLY) \| /.test(step.lastLine)) return `${k.name} waits, but the run says: exit ${step.exitCode}: ${step.lastLine}`;
      }
      return undefined;
    },
  },
];

export const scenarios: TemplateScenario[] = [
  { name: 'an account of the app and no symptom', setup: neutralSetup },
  {
    // A registered device: its work account is not the Windows sign-in, and its tenant's failures were seen.
    name: "a registered device whose own tenant's failures were seen: that account only, not another organization's",
    setup: `Reset-RemcFakeWamAccountSignOut -Account @((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'alice@fabrikam.com' -TenantId '${FABRIKAM}'))`,
    others: { 'sign-in-diagnostics': osCause('registered') },
    appliesTo: ON_OS_CAUSE,
    invariants: [
      {
        name: "another organization's account is never signed out, and a sign-out names who it kept",
        check: ({ step, checks }) => {
          const out = signedOut(step);
          if (out.some((a) => a.UserName !== 'alice@contoso.com')) return `signed out ${out.map((a) => a.UserName).join(', ')}`;
          for (const { check, fix, summary } of fixSummaries(step, checks)) {
            if (fix === 'fixed' && out.length > 0 && summary !== 'signed out 1 WAM account: alice@contoso.com; kept alice@fabrikam.com (no failures seen in its tenant)') return `${check.name}: ${summary}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: "an Entra-joined device whose own tenant's failures were seen: its primary account and a guest account are both left alone",
    setup: `Reset-RemcFakeWamAccountSignOut -Account @((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'alice@fabrikam.com' -TenantId '${FABRIKAM}'))`,
    others: { 'sign-in-diagnostics': osCause('entra') },
    appliesTo: ON_OS_CAUSE,
    invariants: [
      {
        name: 'nobody is signed out, and a fix that ran says why',
        check: ({ step, checks }) => {
          if (signOuts(step).length > 0) return `called ${signOuts(step).join(', ')}`;
          for (const { check, summary } of fixSummaries(step, checks)) {
            if (!summary.startsWith('signed out nobody: ')) return `${check.name}: ${summary}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'Outlook is running: nobody is signed out, the fix waits',
    setup: "Reset-RemcFakeWamAccountSignOut -Account @(New-RemcFakeWamAccount -UserName 'alice@contoso.com') -Process @('OUTLOOK')",
    others: { 'sign-in-diagnostics': osCause('registered') },
    appliesTo: ON_OS_CAUSE,
    invariants: [
      {
        name: "nobody is signed out; a due fix with Outlook among its app's processes is held, the detection says so, no remediation is asked for",
        check: ({ step, checks }) => {
          if (signOuts(step).length > 0) return `called ${signOuts(step).join(', ')}`;
          for (const k of checks) {
            if (!list(k.config, 'AppProcesses').includes('OUTLOOK') || k.config['ReportOnly'] === true) continue;
            const o = checkOutcome(step, k.name);
            if (o?.Fix === 'due') return `${k.name}: a fix that could only wait is due: ${step.lastLine}`;
            if (o && fixRan(step, k.name) && !(o.FixSummary ?? '').startsWith('signed out nobody: ')) return `${k.name} (${o.Fix}): ${o.FixSummary ?? o.FixError}`;
            if (o?.Fix === 'held' && o.Held !== null && o.Held !== 'waits: OUTLOOK is running' && !o.Held.startsWith('cool-down') && !o.Held.startsWith('escalate')) return `${k.name} held: ${o.Held}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'failures that name no tenant: nobody is signed out',
    setup: "Reset-RemcFakeWamAccountSignOut -Account @(New-RemcFakeWamAccount -UserName 'alice@contoso.com')",
    others: { 'sign-in-diagnostics': osCause('registered', 'https://login.microsoftonline.com/common') },
    appliesTo: ON_OS_CAUSE,
    invariants: [
      {
        name: 'nobody is signed out, and a fix that ran says why',
        check: ({ step, checks }) => {
          if (signOuts(step).length > 0) return `called ${signOuts(step).join(', ')}`;
          for (const { check, summary } of fixSummaries(step, checks)) {
            if (check.config['ReportOnly'] !== true && !summary.startsWith('signed out nobody: ')) return `${check.name}: ${summary}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'two accounts of a failing tenant, one sign-out fails',
    setup: "Reset-RemcFakeWamAccountSignOut -Account @((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'admin@contoso.com')) -FailSignOut @('admin@contoso.com')",
    others: { 'sign-in-diagnostics': osCause('registered') },
    appliesTo: ON_OS_CAUSE,
    invariants: [
      {
        name: 'when the failing sign-out was tried, the remediation fails with why, and the other account is signed out',
        check: ({ step, checks }) => {
          if (step.script !== 'remediate' || !signOuts(step).includes('signout:admin@contoso.com')) return undefined;
          if (step.exitCode !== 1) return `exit ${step.exitCode} after a failed sign-out: ${step.lastLine}`;
          if (!signOuts(step).includes('signout:alice@contoso.com')) return `alice@contoso.com was not signed out: ${signOuts(step).join(', ')}`;
          for (const k of checks) {
            if (!fixRan(step, k.name) || k.config['ReportOnly'] === true) continue;
            const error = checkOutcome(step, k.name)?.FixError ?? '';
            if (!error.startsWith('failed to sign out 1 of 2 WAM accounts (signed out 1); first error: admin@contoso.com: SignOutAsync failed')) return `${k.name} says: ${error}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    // With the OS cause that calls for the sign-out: without a symptom its probe would never run.
    name: 'Web Account Manager does not answer',
    setup: "Reset-RemcFakeWamAccountSignOut -QueryError 'FindAllAccountsAsync did not finish within 30 s'",
    others: { 'sign-in-diagnostics': osCause('registered') },
    appliesTo: ON_OS_CAUSE,
    invariants: [
      {
        name: 'wherever it was probed, it says why, and nobody is signed out',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const probe = checkOutcome(step, k.name)?.Probe;
            if (!probe || probe.State === 'idle' || probe.State === 'skipped') continue;
            if (probe.State !== 'error' || probe.Error !== 'FindAllAccountsAsync did not finish within 30 s') return `${k.name}: ${JSON.stringify(probe)}`;
          }
          return signOuts(step).length > 0 ? `called ${signOuts(step).join(', ')}` : undefined;
        },
      },
    ],
  },
];
