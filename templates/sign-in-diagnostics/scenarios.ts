/**
 * Scenarios of sign-in-diagnostics, run by `remc test` for every remediation that uses it. The
 * diagnosis fixes nothing itself: what must hold is what it concludes, and that the fixes it
 * triggers run on the causes they were declared for and on nothing else. Any cause may trigger a fix
 * (`diagnosis.finds('account')` as well as 'os'): once a fix ran, the failures before it are history,
 * so what the diagnosis concludes is held only until then.
 */
import { causeOnlyChecks, checkOutcome, fixRan, type Cause, type CheckInfo, type InvariantContext, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** An empty AAD log and a healthy Entra-joined device with a fresh PRT: cause none. */
export const neutralSetup = 'Reset-RemcFakeSignInDiagnostics';

function events(list: ReadonlyArray<readonly [minutesAgo: number, codes?: readonly string[]]>, options = '', eventOptions = ''): string {
  const items = list.map(([m, codes]) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m})${codes ? ` -Code @(${codes.map((c) => `'${c}'`).join(', ')})` : ''}${eventOptions ? ` ${eventOptions}` : ''})`);
  return `Reset-RemcFakeSignInDiagnostics -AadEvent @(${items.join(', ')})${options ? ` ${options}` : ''}`;
}

/** Four silent sign-in failures of Teams over almost three hours, the last ten minutes ago. */
const FAILURES = [[170], [120], [60], [10]] as const;

export const invariants: ScenarioInvariant[] = [
  {
    name: 'the diagnosis states a cause or why it cannot tell, never a probe error',
    check: ({ step, checks }) => {
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        if (probe?.State === 'error') return `ERROR ${probe.Error}`;
      }
      return undefined;
    },
  },
];

/** Checks whose fix this diagnosis triggers on `cause`. */
function triggeredOn(ctx: InvariantContext, diagnosis: CheckInfo, cause: Cause): CheckInfo[] {
  return ctx.remediation.checks.filter((c) => c.hasFix && c.triggers.some((t) => t.kind === 'cause' && t.check === diagnosis.name && t.causes.includes(cause)));
}

/** Whether a remediation step before this one ran a fix (and stamped the marker): the evidence before it no longer counts. */
function afterAFix(previous: readonly StepView[]): boolean {
  return previous.some((p) => p.script === 'remediate' && p.markerAfter !== undefined && p.markerAfter !== p.markerBefore);
}

/**
 * The diagnosis concludes `text` (its summary, then ' - ' and its advice) in every step until a fix
 * ran (the failures before it then no longer count, whatever cause triggered it), or in the first
 * detection only.
 */
function concludes(text: string, when: 'every' | 'first' = 'every'): ScenarioInvariant {
  return {
    name: `the diagnosis concludes "${text}" until a fix ran`,
    check: ({ step, checks, previous }) => {
      if (when === 'first' && previous.length > 0) return undefined;
      if (afterAFix(previous)) return undefined;
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        const said = probe ? `${probe.Summary}${probe.Advice ? ` - ${probe.Advice}` : ''}` : undefined;
        if (!said?.startsWith(text)) return `${k.name} says: ${said ?? '(nothing)'}`;
      }
      return undefined;
    },
  };
}

/**
 * The fixes declared for `cause` are due in the detection and run in the remediation; no fix that only
 * this diagnosis can trigger runs unless it was declared for `cause`.
 */
function noFixUnlessDeclaredFor(cause: Cause): ScenarioInvariant {
  return {
    name: `the fixes declared for the ${cause} cause are due and run; no other fix runs on it`,
    check: (ctx) => {
      const { step } = ctx;
      for (const k of ctx.checks) {
        for (const c of triggeredOn(ctx, k, cause)) {
          if (step.label === 'detect' && checkOutcome(step, c.name)?.Fix !== 'due') return `${c.name} is declared for the ${cause} cause but is not due: ${JSON.stringify(checkOutcome(step, c.name))}`;
          if (step.label === 'remediate' && !fixRan(step, c.name)) return `${c.name} is declared for the ${cause} cause but did not run its fix: ${JSON.stringify(checkOutcome(step, c.name))}`;
        }
        if (step.script !== 'remediate') continue;
        for (const c of causeOnlyChecks(ctx.remediation, k.name)) {
          const declared = c.triggers.some((t) => t.kind === 'cause' && t.causes.includes(cause));
          if (!declared && fixRan(step, c.name)) return `${c.name} ran its fix: ${JSON.stringify(checkOutcome(step, c.name))}`;
        }
      }
      return undefined;
    },
  };
}

const osFixes: ScenarioInvariant = {
  name: 'the fixes declared for the OS cause are due, run, and the evidence before the fix is then ignored',
  check: (ctx) => {
    const { step, checks, previous } = ctx;
    for (const k of checks) {
      const fixes = triggeredOn(ctx, k, 'os');
      if (step.label === 'detect') {
        if (fixes.length > 0 && step.exitCode !== 1) return `exit ${step.exitCode} with fixes due: ${step.lastLine}`;
        for (const c of fixes) if (checkOutcome(step, c.name)?.Fix !== 'due') return `${c.name} is not due: ${JSON.stringify(checkOutcome(step, c.name))}`;
      } else if (step.label === 'remediate') {
        for (const c of fixes) if (!fixRan(step, c.name)) return `${c.name} did not run its fix: ${JSON.stringify(checkOutcome(step, c.name))}`;
      } else if (step.label === 'detect again' && fixes.length > 0 && previous.some((p) => p.script === 'remediate')) {
        const probe = checkOutcome(step, k.name)?.Probe;
        if (probe?.Cause === 'os') return `the failures before the fix still count: ${probe.Summary}`;
      }
    }
    return undefined;
  },
};

export const scenarios: TemplateScenario[] = [
  {
    name: 'OS cause: repeated silent sign-in failures',
    setup: events(FAILURES),
    invariants: [concludes('OS cause: 4 silent sign-in failures', 'first'), osFixes],
  },
  {
    // Was "reconnect the work or school account": AADSTS50076 means the user must complete MFA.
    name: 'account cause (AADSTS50076, AADSTS700082): complete MFA',
    setup: events([...FAILURES, [30, ['0xCAA2000C', 'AADSTS50076']], [20, ['AADSTS700082']]]),
    invariants: [concludes('account cause: AADSTS50076 x1, AADSTS700082 x1 - multi-factor authentication is required'), noFixUnlessDeclaredFor('account')],
  },
  {
    name: 'account cause on a registered device: never advise disconnecting the work account',
    setup: events([[100, ['AADSTS50173']], [50, ['AADSTS50173']], [5, ['AADSTS50173']]], "-JoinType 'registered'"),
    invariants: [
      concludes('account cause: AADSTS50173 x3 - the account session is expired or revoked: the user must sign in to Teams again with the current password; do not disconnect the work or school account'),
      noFixUnlessDeclaredFor('account'),
    ],
  },
  {
    // The code is only in the typed Error (UInt32): read as [string] it was decimal and never matched.
    name: 'network cause from the typed WAM code alone (0xCAA82EE7)',
    setup: events([...FAILURES, [5, ['0xCAA82EE7']]]),
    invariants: [concludes('network cause: 0xCAA82EE7 x1 - network or proxy failure'), noFixUnlessDeclaredFor('network')],
  },
  {
    name: 'broker ACL damaged (0xCAA5001C, typed): re-registration does not fix it',
    setup: events([...FAILURES, [5, ['0xCAA5001C']]]),
    invariants: [concludes('device cause: 0xCAA5001C x1 - broker ACL damaged'), noFixUnlessDeclaredFor('device')],
  },
  {
    name: 'PRT NO with repeated failures on a joined device: a device cause with advice, not healthy',
    setup: events(FAILURES, "-Prt 'NO'"),
    invariants: [concludes('device cause: PRT NO with 4 silent sign-in failures - no primary refresh token for this user'), noFixUnlessDeclaredFor('device')],
  },
  {
    name: 'dsregcmd unreadable: unknown, never OS',
    setup: events(FAILURES, '-NoDsreg'),
    invariants: [concludes('unknown: 4 silent sign-in failures, but dsregcmd is unreadable'), noFixUnlessDeclaredFor('unknown')],
  },
  {
    name: 'a stale PRT (not refreshing for 6 hours): unknown, never OS',
    setup: events(FAILURES, '-PrtAgeHours 6'),
    invariants: [concludes('unknown: 4 silent sign-in failures, but the PRT was last updated 6h ago'), noFixUnlessDeclaredFor('unknown')],
  },
  {
    name: 'a code no table lists (AADSTS50133, session invalid after a password change): unknown, never OS',
    setup: events([...FAILURES, [5, ['0xCAA2000C', 'AADSTS50133']]]),
    invariants: [concludes('unknown: 4 silent sign-in failures, but unlisted codes: AADSTS50133 x1'), noFixUnlessDeclaredFor('unknown')],
  },
  {
    name: 'failures signing in to another tenant (guest access) do not count',
    setup: events(FAILURES, '', "-Authority 'https://login.microsoftonline.com/0f0e0d0c-0000-4000-8000-000000000009'"),
    invariants: [concludes('no repeated sign-in failures (none in 24h)'), noFixUnlessDeclaredFor('none')],
  },
  {
    name: 'Conditional Access blocks sign-in (AADSTS53003)',
    setup: events([...FAILURES, [5, ['0xCAA2000C', 'AADSTS53003']]]),
    invariants: [concludes('policy cause: AADSTS53003 x1 - Conditional Access or compliance blocks sign-in'), noFixUnlessDeclaredFor('policy')],
  },
  {
    name: 'the AAD log cannot be read (access denied)',
    setup: "Reset-RemcFakeSignInDiagnostics -LogUnavailable -LogReason 'access denied'",
    invariants: [concludes('unknown: AAD log unavailable (access denied)'), noFixUnlessDeclaredFor('unknown')],
  },
  {
    name: 'the event log reader throws',
    setup: "Reset-RemcFakeSignInDiagnostics -LogError 'EventLogException: The RPC server is unavailable'",
    invariants: [concludes('unknown: AAD log unavailable (read failed: EventLogException: The RPC server is unavailable)'), noFixUnlessDeclaredFor('unknown')],
  },
];
