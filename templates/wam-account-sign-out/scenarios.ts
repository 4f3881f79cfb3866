/**
 * Scenarios of wam-account-sign-out, run by `remc test` for every remediation that uses it. Like the
 * credential purge it only runs when its trigger fires, which other checks decide: the invariants say
 * what must hold whether or not it ran.
 */
import { added, checkOutcome, fixRan, stateList, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/pester/scenario-spec.ts';

/** An ordinary signed-in user: one work account of the app in Web Account Manager. */
export const neutralSetup = "Reset-RemcFakeWamAccountSignOut -Account @(New-RemcFakeWamAccount -UserName 'alice@contoso.com')";

function signOuts(step: StepView): string[] {
  return added<string>(step, 'WamCalls').filter((c) => c.startsWith('signout:'));
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
    name: 'signs out only when its fix ran, and a sign-out that reports success leaves no account of the app',
    check: ({ step, checks }) => {
      const ran = checks.some((k) => fixRan(step, k.name));
      if (!ran && signOuts(step).length > 0) return `signed out without its fix running: ${signOuts(step).join(', ')}`;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (k.config['ReportOnly'] === true || o?.Fix !== 'fixed') continue;
        const left = stateList<{ UserName: string }>(step.state, 'WamAccounts');
        if (left.length > 0) return `${k.name} says it signed them out, but ${left.map((a) => a.UserName).join(', ')} remain`;
      }
      return undefined;
    },
  },
];

export const scenarios: TemplateScenario[] = [
  { name: 'an account of the app and no symptom', setup: neutralSetup },
  {
    name: 'two accounts, one sign-out fails',
    setup: "Reset-RemcFakeWamAccountSignOut -Account @((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'alice@fabrikam.com')) -FailSignOut @('alice@fabrikam.com')",
    invariants: [
      {
        name: 'when the sign-out ran, the remediation fails with why, and the other account is signed out',
        check: ({ step, checks }) => {
          if (step.script !== 'remediate') return undefined;
          for (const k of checks) {
            if (!fixRan(step, k.name) || k.config['ReportOnly'] === true) continue;
            const error = checkOutcome(step, k.name)?.FixError ?? '';
            if (step.exitCode !== 1) return `exit ${step.exitCode} after a failed sign-out: ${step.lastLine}`;
            if (!error.startsWith('failed to sign out 1 of 2 WAM accounts (signed out 1); first error: alice@fabrikam.com: SignOutAsync failed')) return `${k.name} says: ${error}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'Web Account Manager does not answer',
    setup: "Reset-RemcFakeWamAccountSignOut -QueryError 'FindAllAccountsAsync did not finish within 30 s'",
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
