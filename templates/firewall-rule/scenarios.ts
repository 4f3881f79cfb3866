/**
 * Scenarios of firewall-rule, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1).
 *
 * The rule or group a check declares comes from the remediation, so the setups describe it through the
 * fakes' default rule (`-Default`): every Name a check asks for, and every rule of a Group it asks for, is
 * in that condition. What must happen then depends on each check's declared enabled, reportOnly and
 * triggers, so the invariants read them from `ctx.checks` and judge only the checks a scenario is about.
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
  describeOutcome,
} from '../../compiler/declare/scenario-spec.ts';

/** An ordinary client: the fakes' usual rules, and every other declared rule or group enabled locally. */
export const neutralSetup = 'Reset-RemcFakeFirewallRule';

/** A rule of the simulated machine, as the fakes keep it. */
interface RuleEntry {
  readonly Name: string;
  readonly Group: string;
  readonly Enabled: string;
  readonly PolicyEnabled: string;
}

/** One check's options, from its `$Config` (PascalCase keys, defaults resolved). */
interface Declared {
  readonly name: string;
  readonly group: string;
  readonly enabled: boolean;
  readonly reportOnly: boolean;
}

function declared(k: CheckInfo): Declared {
  const c = k.config;
  return { name: String(c['Name'] ?? ''), group: String(c['Group'] ?? ''), enabled: c['Enabled'] === true, reportOnly: c['ReportOnly'] === true };
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function onDrift(k: CheckInfo): boolean {
  return k.hasFix && k.triggers.some((t) => t.kind === 'drift');
}

/** The seam calls of this step that change the machine: 'enable:<name>', 'disable:<name>'. */
function changes(step: StepView): string[] {
  return added<string>(step, 'FirewallRuleCalls').filter((c) => c.startsWith('enable:') || c.startsWith('disable:'));
}

const target = (call: string): string => call.slice(call.indexOf(':') + 1);

/** The rule of that name in a state: listed, else made from the default, else absent. */
function ruleIn(state: FakeState, name: string): RuleEntry | undefined {
  const listed = stateList<RuleEntry>(state, 'FirewallRuleList').find((r) => same(r.Name, name));
  if (listed) return listed;
  const fallback = state['FirewallRuleDefault'] as RuleEntry | null | undefined;
  return fallback ? { ...fallback, Name: name } : undefined;
}

/** Whether a written rule name belongs to the check: its Name, or a rule of its Group (the fakes name default group rules '<group> rule <n>'). */
function mine(d: Declared, name: string, state: FakeState): boolean {
  if (d.name !== '') return same(d.name, name);
  const rule = stateList<RuleEntry>(state, 'FirewallRuleList').find((r) => same(r.Name, name));
  return (rule !== undefined && same(rule.Group, d.group)) || name.startsWith(`${d.group} rule `);
}

function inForce(rule: RuleEntry): string {
  return rule.PolicyEnabled ? rule.PolicyEnabled : rule.Enabled;
}


export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection enables and disables nothing',
    check: ({ step }) => (step.script === 'detect' && changes(step).length > 0 ? `detection called ${changes(step).join(', ')}` : undefined),
  },
  {
    name: 'changes only the rules its checks declare, in the declared direction, each at most once per run',
    check: ({ step, checks }) => {
      const calls = changes(step);
      const bad = calls.filter((c) => !checks.some((k) => {
        const d = declared(k);
        return mine(d, target(c), step.state) && c.startsWith(d.enabled ? 'enable:' : 'disable:');
      }));
      if (bad.length > 0) return `called ${bad.join(', ')}, which no check declares`;
      const twice = calls.filter((c, i) => calls.indexOf(c) !== i);
      return twice.length > 0 ? `called ${twice.join(', ')} more than once` : undefined;
    },
  },
  {
    name: 'never writes a rule a policy decides',
    check: ({ step }) => {
      const bad = changes(step).filter((c) => (ruleIn(step.before, target(c))?.PolicyEnabled ?? '') !== '');
      return bad.length > 0 ? `called ${bad.join(', ')}, though a policy decides it` : undefined;
    },
  },
  {
    name: 'report-only changes nothing',
    check: ({ step, checks }) => {
      const bad = changes(step).filter((c) => {
        const owners = checks.filter((k) => mine(declared(k), target(c), step.state));
        return owners.length > 0 && owners.every((k) => declared(k).reportOnly);
      });
      return bad.length > 0 ? `a report-only check called ${bad.join(', ')}` : undefined;
    },
  },
  {
    name: 'a fix that reports success leaves every rule it wrote as declared in force',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (o?.Fix !== 'fixed') continue;
        const d = declared(k);
        for (const c of changes(step).filter((c) => mine(d, target(c), step.state))) {
          const rule = ruleIn(step.state, target(c));
          if (!rule || inForce(rule) !== (d.enabled ? 'True' : 'False')) return `${k.name} says fixed, but ${target(c)} is not as declared: ${describeOutcome(o)}`;
        }
      }
      return undefined;
    },
  },
];

/** Holds `expect` for each check that `applies` selects, in every step. */
const forChecks = checkInvariants(declared, (d) => d.name || d.group);

/** Drift in detection and the fix due; in the remediation the fix `fixOutcome`; then `afterwards`. */
function driftThen(fixOutcome: 'fixed' | 'failed', fixError?: RegExp): (step: StepView, o: CheckOutcome | undefined) => string | undefined {
  return (step, o) => {
    if (!o) return 'no outcome';
    if (step.label === 'detect') return o.Probe.State === 'drift' && o.Fix === 'due' ? undefined : 'expected drift and a due fix';
    if (step.label === 'remediate') {
      if (o.Fix !== fixOutcome) return `expected the fix ${fixOutcome}`;
      if (fixOutcome === 'fixed' && o.After?.State !== 'ok') return 'expected the probe after the fix to be ok';
      if (fixOutcome === 'failed' && (step.exitCode !== 1 || (fixError && !fixError.test(o.FixError ?? '')))) return `expected exit 1 and an error like ${String(fixError)}`;
      return undefined;
    }
    if (fixOutcome === 'fixed') return o.Probe.State === 'ok' ? undefined : 'expected the rules as declared';
    return o.Probe.State === 'drift' ? undefined : 'expected the drift to remain';
  };
}

const alwaysOk = (_step: StepView, o: CheckOutcome | undefined): string | undefined =>
  o?.Probe.State === 'ok' && o.Fix === 'none' ? undefined : 'expected the probe ok and no fix';

const repairs = (enabled: boolean) => (d: Declared, k: CheckInfo): boolean => onDrift(k) && !d.reportOnly && d.enabled === enabled;

const nothingChanges: ScenarioInvariant = {
  name: 'no rule is enabled or disabled',
  check: ({ step }) => (changes(step).length > 0 ? `called ${changes(step).join(', ')}` : undefined),
};

/** The fakes with every declared rule (and every rule of a declared group) as `-Default` describes it. */
const everyRule = (args: string): string => `Reset-RemcFakeFirewallRule -Rule @() -Default (New-RemcFakeFirewallRule -Name '*' ${args})`;

export const scenarios: TemplateScenario[] = [
  {
    name: 'every declared rule enabled locally',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyRule("-Enabled 'True'"),
    invariants: [
      forChecks('a rule that must be enabled is left alone', (d) => d.enabled, alwaysOk),
      forChecks('with a drift trigger, a rule that must be disabled is disabled, and disabled afterwards', repairs(false), driftThen('fixed')),
    ],
  },
  {
    name: 'every declared rule disabled locally',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyRule("-Enabled 'False'"),
    invariants: [
      forChecks('a rule that must be disabled is left alone', (d) => !d.enabled, alwaysOk),
      forChecks('with a drift trigger, a rule that must be enabled is enabled, and enabled afterwards', repairs(true), driftThen('fixed')),
    ],
  },
  {
    name: 'a Group Policy disables every declared rule',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyRule("-Enabled 'True' -PolicyEnabled 'False'"),
    invariants: [
      nothingChanges,
      forChecks('a rule that must be disabled is left alone', (d) => !d.enabled, alwaysOk),
      forChecks(
        'a rule that must be enabled is drift: ACTION NEEDED with advice to change the policy; its fix never runs',
        repairs(true),
        actionNeeded(/decides .+: change that policy/),
      ),
    ],
  },
  {
    name: 'an MDM policy enables every declared rule',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyRule("-Enabled 'False' -PolicyEnabled 'True' -PolicySource 'MDM'"),
    invariants: [
      nothingChanges,
      forChecks('a rule that must be enabled is left alone', (d) => d.enabled, alwaysOk),
      forChecks('with a drift trigger, a rule that must be disabled is drift: ACTION NEEDED naming the policy; its fix never runs', repairs(false), actionNeeded(/decides .+: change that policy/)),
    ],
  },
  {
    name: 'the declared rules do not exist on this Windows',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: 'Reset-RemcFakeFirewallRule -Rule @() -Default $null',
    invariants: [
      nothingChanges,
      forChecks('a rule that must be disabled is in its desired state', (d) => !d.enabled, alwaysOk),
      forChecks('a rule that must be enabled is drift: ACTION NEEDED, the fix never creates rules', repairs(true), actionNeeded(/not on this device: the fix only enables or disables existing rules/)),
    ],
  },
  {
    name: 'Enable-/Disable-NetFirewallRule fail (access denied)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `${everyRule("-Enabled 'False'")} -SetError 'AccessDenied'`,
    invariants: [forChecks('with a drift trigger, a rule that must be enabled fails with the error code', repairs(true), driftThen('failed', /could not enable .+ \(AccessDenied\)/))],
  },
  {
    name: 'the rules cannot be read (Get-NetFirewallRule fails)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeFirewallRule -ReadError 'The RPC server is unavailable. (0x800706BA)'",
    invariants: [
      nothingChanges,
      forChecks('the probe reports an error in every step, and no fix runs on it', () => true, (_step, o) => {
        if (!o) return undefined;
        if (o.Probe.State !== 'error' || !(o.Probe.Error ?? '').includes('0x800706BA')) return 'expected a probe error';
        return o.Fix === 'fixed' || o.Fix === 'failed' || o.Fix === 'reported' ? 'a fix ran on a probe error' : undefined;
      }),
      { name: 'every step exits 1', check: ({ step }) => (step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`) },
    ],
  },
];
