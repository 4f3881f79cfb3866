/**
 * Scenarios of appx-removal, run by `remc test` for every remediation that uses it (detect -> remediate
 * -> detect against the fakes in fakes.ps1).
 *
 * The setups make a record for each package the remediation declares (its check rows, `$ScenarioChecks`),
 * on a machine without the ordinary packages (-NoOrdinaryPackage), so a remediation that removes a list
 * of packages meets each of them as one would. What must happen depends on each check's `deprovision`
 * and triggers, so the invariants read them from `ctx.checks`.
 */
import {
  added,
  checkOutcome,
  stateList,
  PROBED_IN_EVERY_RUN,
  type CheckInfo,
  type CheckOutcome,
  type FakeState,
  type ScenarioInvariant,
  type StepView,
  type TemplateScenario,
  actionNeeded,
  checkInvariants,
} from '../../compiler/declare/scenario-spec.ts';

/** A machine without the declared package: installed for no user, not provisioned. */
export const neutralSetup = 'Reset-RemcFakeAppxRemoval -NoOrdinaryPackage';

/** A package record of the fakes (`AppxRemovalPackages`); Name '*' answers for the declared name. */
interface PackageRecord {
  readonly Name: string;
  readonly Users: unknown;
}

interface UserRecord {
  readonly Sid: string;
  readonly InstallState: string;
}

/** A provisioned entry of the fakes (`AppxRemovalProvisioned`); DisplayName '*' answers for the declared name. */
interface ProvisionedRecord {
  readonly DisplayName: string;
}

/** One check's options, from its `$Config` (PascalCase keys, defaults resolved). */
interface Declared {
  readonly name: string;
  readonly deprovision: boolean;
}

function declared(k: CheckInfo): Declared {
  return { name: String(k.config['PackageName']), deprovision: k.config['Deprovision'] !== false };
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const answers = (recordName: string, name: string): boolean => recordName === '*' || same(recordName, name);

function listOf<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  return value === null || value === undefined ? [] : [value as T];
}

/** The SIDs the declared package is Installed for in a state. */
function usersOf(state: FakeState, name: string): string[] {
  const records = stateList<PackageRecord>(state, 'AppxRemovalPackages').filter((r) => answers(r.Name, name));
  return records.flatMap((r) => listOf<UserRecord>(r.Users).filter((u) => u.InstallState === 'Installed').map((u) => u.Sid));
}

function provisionedIn(state: FakeState, name: string): boolean {
  return stateList<ProvisionedRecord>(state, 'AppxRemovalProvisioned').some((r) => answers(r.DisplayName, name));
}

/** The seam calls of this step that change the machine: 'deprovision:<PackageName>', 'remove:<PackageFullName>'. */
function changes(step: StepView): string[] {
  return added<string>(step, 'AppxRemovalCalls').filter((c) => c.startsWith('remove:') || c.startsWith('deprovision:'));
}

/** The identity Name of a change's target (a full name starts with it, up to the first '_'). */
function targetName(call: string): string {
  return (call.slice(call.indexOf(':') + 1).split('_')[0] ?? '').trim();
}

function onDrift(k: CheckInfo): boolean {
  return k.hasFix && k.triggers.some((t) => t.kind === 'drift');
}


export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection removes and de-provisions nothing',
    check: ({ step }) => (step.script === 'detect' && changes(step).length > 0 ? `detection called ${changes(step).join(', ')}` : undefined),
  },
  {
    name: 'removes only the declared packages, and de-provisions only for a check that asks for it',
    check: ({ step, checks }) => {
      for (const call of changes(step)) {
        const mine = checks.filter((k) => same(declared(k).name, targetName(call)));
        if (mine.length === 0) return `called ${call}; declared: ${checks.map((k) => declared(k).name).join(', ')}`;
        if (call.startsWith('deprovision:') && mine.every((k) => !declared(k).deprovision)) return `called ${call}, yet deprovision is off`;
      }
      return undefined;
    },
  },
  {
    name: 'a fix that says fixed leaves no user with the package, and it not provisioned when deprovision is on',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (o?.Fix !== 'fixed') continue;
        const d = declared(k);
        const users = usersOf(step.state, d.name);
        if (users.length > 0) return `${k.name} says fixed, but ${d.name} is still installed for ${users.join(', ')}`;
        if (d.deprovision && provisionedIn(step.state, d.name)) return `${k.name} says fixed, but ${d.name} is still provisioned`;
      }
      return undefined;
    },
  },
  {
    name: 'a removal Windows failed is reported with its HRESULT',
    check: ({ step, checks }) => {
      for (const k of checks) {
        const error = checkOutcome(step, k.name)?.FixError ?? '';
        if (/^(removing|de-provisioning) \S+_\S+ failed/.test(error) && !/\(0x[0-9A-F]{8}\)|no -AllUsers/.test(error)) return `${k.name}: ${error}`;
      }
      return undefined;
    },
  },
];

/** Holds `expect` for each check that `applies` selects, in every step. */
const forChecks = checkInvariants(declared, (d) => d.name);

/** Drift in detection and the fix due; in the remediation the fix `fixOutcome` (its summary or error like `text`); then `afterwards`. */
function driftThen(fixOutcome: 'fixed' | 'failed', text: (d: Declared) => RegExp, afterwards: RegExp): (step: StepView, o: CheckOutcome | undefined, d: Declared) => string | undefined {
  return (step, o, d) => {
    if (!o) return 'no outcome';
    if (step.label === 'detect') return o.Probe.State === 'drift' && o.Fix === 'due' ? undefined : 'expected drift and a due fix';
    if (step.label === 'remediate') {
      if (o.Fix !== fixOutcome) return `expected the fix ${fixOutcome}`;
      const said = fixOutcome === 'fixed' ? (o.FixSummary ?? '') : (o.FixError ?? '');
      if (!text(d).test(said)) return `expected the fix to say ${String(text(d))}`;
      if (fixOutcome === 'fixed' && o.After?.State !== 'ok') return 'expected the probe after the fix to be ok';
      if (fixOutcome === 'failed' && step.exitCode !== 1) return 'expected exit 1';
      return undefined;
    }
    const state = fixOutcome === 'fixed' ? 'ok' : 'drift';
    return o.Probe.State === state && afterwards.test(o.Probe.Summary) ? undefined : `expected ${state}, saying ${String(afterwards)}`;
  };
}

const alwaysOk = (_step: StepView, o: CheckOutcome | undefined): string | undefined =>
  o?.Probe.State === 'ok' && o.Fix === 'none' ? undefined : 'expected the probe ok and no fix';

const repairs = (_d: Declared, k: CheckInfo): boolean => onDrift(k);

const nothingChanges: ScenarioInvariant = {
  name: 'nothing is removed or de-provisioned',
  check: ({ step }) => (changes(step).length > 0 ? `called ${changes(step).join(', ')}` : undefined),
};

const ALICE = "(New-RemcFakeAppxRemovalUser -Sid 'S-1-5-21-2131847279-499954021-2616371242-1001' -UserName 'Alice')";
/** The package names the remediation's appx-removal checks declare, as PowerShell sees them in a setup. */
const DECLARED = "@($ScenarioChecks | Where-Object { $_.Probe -eq 'Test-RemcAppxRemoval' } | ForEach-Object { [string]$_.Config.PackageName })";
/** Each declared package installed (from a bundle) for Alice and a second user, `bob` adding to the second. */
const installed = (bob = ''): string =>
  `@(foreach ($RemcName in ${DECLARED}) { New-RemcFakeAppxRemovalPackage -Name $RemcName -Bundle -Users @(${ALICE}, (New-RemcFakeAppxRemovalUser ${bob})) })`;
/** Each declared package provisioned for new users. */
const PROVISIONED = `@(foreach ($RemcName in ${DECLARED}) { New-RemcFakeAppxRemovalProvisioned -Name $RemcName })`;
const machine = (args: string): string => `Reset-RemcFakeAppxRemoval -NoOrdinaryPackage ${args}`;

export const scenarios: TemplateScenario[] = [
  {
    name: 'installed for two users and provisioned: removed for both and de-provisioned',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: machine(`-Package ${installed()} -Provisioned ${PROVISIONED}`),
    invariants: [
      forChecks(
        'with a drift trigger, the package is removed for both users (and de-provisioned when asked), and absent afterwards',
        repairs,
        driftThen('fixed', (d) => (d.deprovision ? /^removed \S+ for 2 users and de-provisioned it$/ : /^removed \S+ for 2 users$/), /installed for no user/),
      ),
    ],
  },
  {
    name: 'only provisioned: no user has it, new users would get it',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: machine(`-Provisioned ${PROVISIONED}`),
    invariants: [
      forChecks('with deprovision and a drift trigger, the entry is de-provisioned, and absent afterwards', (d, k) => d.deprovision && onDrift(k), driftThen('fixed', () => /^de-provisioned \S+$/, /installed for no user, not provisioned/)),
      forChecks('without deprovision, the check is in its desired state and changes nothing', (d) => !d.deprovision, alwaysOk),
    ],
  },
  {
    name: 'already absent: installed for no user, not provisioned',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: neutralSetup,
    invariants: [nothingChanges, forChecks('every check is in its desired state, and no fix runs', () => true, alwaysOk)],
  },
  {
    name: 'Windows cannot remove it for one of the two users (0x80073CFA)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: machine(`-Package ${installed('-Refuses')} -Provisioned ${PROVISIONED}`),
    invariants: [
      forChecks(
        'with a drift trigger, the fix fails with the HRESULT and the user left, never fixed, and the package stays drift for that user',
        repairs,
        driftThen('failed', () => /failed \(0x80073CFA\).*still installed for 1 user \(S-1-5-21-2131847279-499954021-2616371242-1003\)$/, /installed for 1 user/),
      ),
    ],
  },
  {
    name: 'a policy marks it non-removable (NonRemovable)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: machine(`-Package @(foreach ($RemcName in ${DECLARED}) { New-RemcFakeAppxRemovalPackage -Name $RemcName -NonRemovable -Users @(${ALICE}) })`),
    invariants: [
      nothingChanges,
      forChecks('with a drift trigger, it is drift no fix repairs: ACTION NEEDED with advice to lift the policy, and the fix never runs', repairs, actionNeeded(/^a policy marks it non-removable/)),
    ],
  },
  {
    name: 'the removal does not finish in time',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: machine(`-Package ${installed()} -Hang`),
    invariants: [forChecks('with a drift trigger, the fix gives up after timeoutSeconds', repairs, driftThen('failed', () => /did not finish within \d+ s/, /installed for 2 users/))],
  },
  {
    name: 'Get-AppxPackage fails',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeAppxRemoval -NoOrdinaryPackage -QueryError 'Get-AppxPackage: Access is denied. (Exception from HRESULT: 0x80070005)'",
    invariants: [
      nothingChanges,
      forChecks('the probe reports an error in every step, and no fix runs on it', () => true, (step, o) => {
        if (!o) return step.exitCode === 1 ? undefined : 'no outcome and not exit 1';
        if (o.Probe.State !== 'error' || !(o.Probe.Error ?? '').includes('0x80070005')) return 'expected a probe error';
        return o.Fix === 'fixed' || o.Fix === 'failed' || o.Fix === 'reported' ? 'a fix ran on a probe error' : undefined;
      }),
      { name: 'every step exits 1', check: ({ step }) => (step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`) },
    ],
  },
];
