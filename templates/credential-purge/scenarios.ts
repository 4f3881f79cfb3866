/**
 * Scenarios of credential-purge, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1). The purge only runs when its trigger fires,
 * which other checks decide, so the invariants say what must hold whether or not it ran. The scenarios
 * of a failing purge make the sign-in diagnosis find an OS cause: they are about the purges that cause
 * triggers (`appliesTo`); for a purge of another trigger its probe would never run in them, and they
 * would pass having proved nothing.
 */
import { added, checkOutcome, fixRan, psLike, stateList, triggeredByCause, type CheckInfo, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

interface Credential {
  readonly TargetName: string;
  readonly Type: number;
}

/** An ordinary signed-in user: Teams and Office tokens, and entries that are never the purge's. */
export const ORDINARY_CREDENTIALS = `@(
  New-RemcFakeCredential 'msteams_adalsso/adal_context_0'
  New-RemcFakeCredential 'msteams_adalsso/adal_context_1'
  New-RemcFakeCredential 'msteams_adalsso/adal_context_segments'
  New-RemcFakeCredential 'MicrosoftOffice16_Data:ADAL:3f2a6c1e-0000-4000-8000-000000000001'
  New-RemcFakeCredential 'MicrosoftOffice16_Data:ADALWAM:3f2a6c1e-0000-4000-8000-000000000002'
  New-RemcFakeCredential 'MicrosoftAccount:target=SSO_POP_Device'
  New-RemcFakeCredential 'MicrosoftAccount:target=SSO_POP_User:user=alice@contoso.com'
  New-RemcFakeCredential 'WindowsLive:target=virtualapp/didlogical'
  New-RemcFakeCredential 'OneDrive Cached Credential Business - Business1'
  New-RemcFakeCredential 'Microsoft_OneDrive_Cookies_Business1_https://contoso-my.sharepoint.com'
  New-RemcFakeCredential 'git:https://github.com'
  New-RemcFakeCredential -TargetName 'msteams_adalsso/adal_context_domain' -Type 2
  New-RemcFakeCredential -TargetName 'TERMSRV/host01' -Type 2
)`;

export const neutralSetup = `Reset-RemcFakeCredentialPurge -Credential ${ORDINARY_CREDENTIALS} -Process @('ms-teams', 'OUTLOOK')`;

function list(config: Readonly<Record<string, unknown>>, key: string): string[] {
  const value = config[key];
  return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);
}

/** Whether the check's configuration selects this entry (the probe's and fix's own rule). */
function selects(check: CheckInfo, c: Credential): boolean {
  const types = list(check.config, 'Types').map(Number);
  if (!(types.length === 0 ? [1] : types).includes(Number(c.Type))) return false;
  if (!list(check.config, 'Targets').some((p) => psLike(c.TargetName, p))) return false;
  return !list(check.config, 'Exclude').some((p) => psLike(c.TargetName, p)) && !list(check.config, 'Protected').some((p) => psLike(c.TargetName, p));
}

function deletedNow(step: StepView): Credential[] {
  return added<Credential>(step, 'Deleted');
}

function changes(step: StepView): string[] {
  return added<string>(step, 'Calls').filter((c) => c !== 'enumerate');
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'protected entries (Microsoft account, device SSO, OneDrive) are never deleted',
    check: ({ step, checks }) => {
      const bad = deletedNow(step).filter((c) => !checks.some((k) => selects(k, c)) && checks.some((k) => list(k.config, 'Protected').some((p) => psLike(c.TargetName, p))));
      return bad.length > 0 ? `deleted ${bad.map((c) => `'${c.TargetName}'`).join(', ')}` : undefined;
    },
  },
  {
    name: 'deletes only what a purge check selects (its targets and types, never an excluded entry)',
    check: ({ step, checks }) => {
      const bad = deletedNow(step).filter((c) => !checks.some((k) => selects(k, c)));
      return bad.length > 0 ? `deleted ${bad.map((c) => `'${c.TargetName}' (type ${c.Type})`).join(', ')}, which no purge check selects` : undefined;
    },
  },
  {
    name: 'detection deletes nothing and stops no process',
    check: ({ step }) => (step.script === 'detect' && changes(step).length > 0 ? `detection called ${changes(step).join(', ')}` : undefined),
  },
  {
    name: 'report-only deletes nothing',
    check: ({ step, checks }) => {
      if (checks.length === 0 || !checks.every((k) => k.config['ReportOnly'] === true)) return undefined;
      return changes(step).length > 0 ? `a report-only purge called ${changes(step).join(', ')}` : undefined;
    },
  },
  {
    name: 'reads the credential set only through the filters its targets need, never all of it when they have prefixes',
    check: ({ step, checks }) => {
      const read = stateList<string>(step.state, 'EnumerateFilters');
      const allowed = new Set(checks.flatMap((k) => { const f = list(k.config, 'EnumerateFilters'); return f.length === 0 ? ['(all)'] : f; }));
      const bad = read.filter((f) => !allowed.has(f));
      return bad.length > 0 ? `enumerated with ${bad.join(', ')}; the checks need only ${[...allowed].join(', ')}` : undefined;
    },
  },
  {
    name: 'a purge that reports success leaves none of its entries behind',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (k.config['ReportOnly'] === true || o?.Fix !== 'fixed' || !o.FixSummary?.startsWith('removed')) continue;
        const left = stateList<Credential>(step.state, 'Credentials').filter((c) => selects(k, c));
        if (left.length > 0) return `${k.name} says it removed them, but ${left.length} remain: ${left.map((c) => `'${c.TargetName}'`).join(', ')}`;
      }
      return undefined;
    },
  },
];

/**
 * Wherever the purge was probed, its part of the summary starts like this. A purge that only a symptom
 * triggers is probed only when its fix would run (else its probe is `idle`), so these scenarios give
 * the diagnosis its OS cause.
 */
function partStartsWith(text: string): ScenarioInvariant {
  return {
    name: `reports "${text}" wherever it was probed`,
    check: ({ step, checks }) => {
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        if (probe?.State === 'idle') continue;
        const says = probe?.State === 'error' ? `ERROR ${probe.Error}` : probe?.Summary;
        if (!says?.startsWith(text)) return `${k.name} says: ${says ?? '(nothing)'}`;
      }
      return undefined;
    },
  };
}

const failsWithoutChanging: ScenarioInvariant = {
  name: 'a step that probed the purge exits 1, and nothing is deleted or stopped',
  check: ({ step, checks }) => {
    const probed = checks.some((k) => checkOutcome(step, k.name)?.Probe.State !== 'idle');
    if (probed && step.exitCode !== 1) return `exit ${step.exitCode}: ${step.lastLine}`;
    return changes(step).length > 0 ? `called ${changes(step).join(', ')}` : undefined;
  },
};

const probedOnSymptom: ScenarioInvariant = {
  name: 'a purge that only symptoms trigger is not probed without one',
  check: ({ step, checks }) => {
    for (const k of checks) {
      if (k.triggers.some((t) => t.kind === 'drift')) continue;
      const o = checkOutcome(step, k.name);
      if (o && o.Probe.State !== 'idle' && o.Fix !== 'due' && !fixRan(step, k.name) && step.script === 'detect') return `${k.name} was probed with nothing calling for its fix: ${o.Probe.State} ${o.Probe.Summary}`;
    }
    return undefined;
  },
};

/** The purges these scenarios exercise: those the OS cause they set up triggers (or probed in every run). */
const ON_OS_CAUSE = triggeredByCause('sign-in-diagnostics', 'os');

const OS_CAUSE = `Reset-RemcFakeSignInDiagnostics -AadEvent @(${[170, 120, 60, 10].map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}))`).join(', ')})`;

export const scenarios: TemplateScenario[] = [
  {
    name: 'ordinary tokens and no symptom',
    setup: neutralSetup,
    invariants: [
      probedOnSymptom,
      {
        name: 'without a drift trigger, ordinary tokens are never deleted',
        check: ({ step, checks }) => {
          if (checks.some((k) => k.triggers.some((t) => t.kind === 'drift'))) return undefined;
          return changes(step).length > 0 ? `called ${changes(step).join(', ')}` : undefined;
        },
      },
    ],
  },
  {
    name: 'no logon session (SYSTEM or a network logon)',
    setup: `Reset-RemcFakeCredentialPurge -Credential ${ORDINARY_CREDENTIALS} -NoLogonSession`,
    others: { 'sign-in-diagnostics': OS_CAUSE },
    appliesTo: ON_OS_CAUSE,
    invariants: [partStartsWith('ERROR no logon session: the credential set belongs to the signed-in user'), failsWithoutChanging],
  },
  {
    name: 'the credential API fails',
    setup: `Reset-RemcFakeCredentialPurge -Credential ${ORDINARY_CREDENTIALS} -EnumerateError 'CredEnumerateW failed with Win32 error 1004'`,
    others: { 'sign-in-diagnostics': OS_CAUSE },
    appliesTo: ON_OS_CAUSE,
    invariants: [partStartsWith('ERROR CredEnumerateW failed with Win32 error 1004'), failsWithoutChanging],
  },
  {
    name: 'a deletion fails (access denied) after an OS cause',
    setup: `Reset-RemcFakeCredentialPurge -Credential ${ORDINARY_CREDENTIALS} -Process @('ms-teams') -FailDelete @('msteams_adalsso/adal_context_1')`,
    others: { 'sign-in-diagnostics': OS_CAUSE },
    appliesTo: ON_OS_CAUSE,
    invariants: [
      {
        name: 'when the purge ran, it fails with the reason and still removes the rest',
        check: ({ step, checks }) => {
          if (step.script !== 'remediate') return undefined;
          for (const k of checks) {
            if (!fixRan(step, k.name) || k.config['ReportOnly'] === true) continue;
            const part = checkOutcome(step, k.name)?.FixError ?? '';
            if (step.exitCode !== 1) return `exit ${step.exitCode} after a failed deletion: ${step.lastLine}`;
            if (!/^failed to remove 1 of \d+ credentials \(removed \d+\); first error: msteams_adalsso\/adal_context_1: CredDeleteW failed with Win32 error 5/.test(part)) return `${k.name} says: ${part}`;
            const left = stateList<Credential>(step.state, 'Credentials').filter((c) => selects(k, c)).map((c) => c.TargetName);
            if (left.join() !== 'msteams_adalsso/adal_context_1') return `left behind: ${left.join(', ')}`;
          }
          return undefined;
        },
      },
    ],
  },
];
