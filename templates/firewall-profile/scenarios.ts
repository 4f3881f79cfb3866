/**
 * Scenarios of firewall-profile, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1).
 *
 * The fakes keep the local store and what Group Policy / MDM set, per profile; the value in force is
 * theirs merged as Windows merges them (a policy wins). What must happen depends on each check's
 * declared profiles, enabled, defaultInboundAction, reportOnly and triggers, so the invariants read them
 * from `ctx.checks` and judge only the checks a scenario is about.
 */
import {
  added,
  checkOutcome,
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

/** A Windows client out of the box: every profile on, inbound block, no policy. */
export const neutralSetup = 'Reset-RemcFakeFirewallProfile';

const NAMES = ['Domain', 'Private', 'Public'] as const;
type Name = (typeof NAMES)[number];

/** One check's options, from its `$Config` (PascalCase keys, defaults resolved). */
interface Declared {
  readonly profiles: readonly Name[];
  readonly enabled: 'True' | 'False';
  readonly inbound: '' | 'Block' | 'Allow';
  readonly reportOnly: boolean;
}

function declared(k: CheckInfo): Declared {
  const c = k.config;
  const listed = (Array.isArray(c['Profiles']) ? c['Profiles'] : [c['Profiles']]).map((p) => String(p).toLowerCase());
  const inbound = c['DefaultInboundAction'] === 'block' ? 'Block' : c['DefaultInboundAction'] === 'allow' ? 'Allow' : '';
  return {
    profiles: NAMES.filter((n) => listed.includes(n.toLowerCase())),
    enabled: c['Enabled'] === false ? 'False' : 'True',
    inbound,
    reportOnly: c['ReportOnly'] === true,
  };
}

interface Setting {
  readonly Enabled: string;
  readonly Inbound: string;
}

function storeOf(state: FakeState, key: 'FirewallLocal' | 'FirewallPolicy', name: Name): Setting {
  const store = (state[key] ?? {}) as Record<string, Setting | undefined>;
  return store[name] ?? { Enabled: 'NotConfigured', Inbound: 'NotConfigured' };
}

/** The value in force, merged as the fakes (and Windows) merge the stores. */
function inForce(state: FakeState, name: Name, key: keyof Setting): string {
  const policy = storeOf(state, 'FirewallPolicy', name)[key];
  if (policy && policy !== 'NotConfigured') return policy;
  const local = storeOf(state, 'FirewallLocal', name)[key];
  if (local && local !== 'NotConfigured') return local;
  return key === 'Enabled' ? 'True' : 'Block';
}

/** Whether every declared setting of the check is in force as declared. */
function asDeclared(state: FakeState, d: Declared): boolean {
  return d.profiles.every((n) => inForce(state, n, 'Enabled') === d.enabled && (d.inbound === '' || inForce(state, n, 'Inbound') === d.inbound));
}

/** The seam calls of this step that write: 'set:<Profile>:Enabled=<v>', 'set:<Profile>:Inbound=<v>'. */
function writes(step: StepView): string[] {
  return added<string>(step, 'FirewallCalls').filter((c) => c.startsWith('set:'));
}

function parse(call: string): { name: string; key: 'Enabled' | 'Inbound'; value: string } {
  const [, name = '', rest = ''] = call.split(':');
  const [key = '', value = ''] = rest.split('=');
  return { name, key: key === 'Inbound' ? 'Inbound' : 'Enabled', value };
}

function onDrift(k: CheckInfo): boolean {
  return k.hasFix && k.triggers.some((t) => t.kind === 'drift');
}


export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection writes nothing',
    check: ({ step }) => (step.script === 'detect' && writes(step).length > 0 ? `detection called ${writes(step).join(', ')}` : undefined),
  },
  {
    name: 'writes only settings its checks declare, on their profiles, each at most once per run',
    check: ({ step, checks }) => {
      const calls = writes(step);
      const bad = calls.filter((c) => {
        const w = parse(c);
        return !checks.some((k) => {
          const d = declared(k);
          return (d.profiles as readonly string[]).includes(w.name) && (w.key === 'Enabled' ? w.value === d.enabled : d.inbound !== '' && w.value === d.inbound);
        });
      });
      if (bad.length > 0) return `called ${bad.join(', ')}, which no check declares`;
      const twice = calls.filter((c, i) => calls.indexOf(c) !== i);
      return twice.length > 0 ? `called ${twice.join(', ')} more than once` : undefined;
    },
  },
  {
    name: 'never writes a value the local store already holds (a policy decides it: the fix never fights a policy)',
    check: ({ step }) => {
      const bad = writes(step).filter((c) => {
        const w = parse(c);
        return (NAMES as readonly string[]).includes(w.name) && storeOf(step.before, 'FirewallLocal', w.name as Name)[w.key] === w.value;
      });
      return bad.length > 0 ? `called ${bad.join(', ')}, though the local store already held it` : undefined;
    },
  },
  {
    name: 'report-only writes nothing',
    check: ({ step, checks }) => {
      const bad = writes(step).filter((c) => {
        const mine = checks.filter((k) => (declared(k).profiles as readonly string[]).includes(parse(c).name));
        return mine.length > 0 && mine.every((k) => declared(k).reportOnly);
      });
      return bad.length > 0 ? `a report-only check called ${bad.join(', ')}` : undefined;
    },
  },
  {
    name: 'a fix that reports success leaves every declared setting as declared in force',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (o?.Fix !== 'fixed') continue;
        if (!asDeclared(step.state, declared(k))) return `${k.name} says fixed, but not every declared setting is in force: ${describeOutcome(o)}`;
      }
      return undefined;
    },
  },
  {
    name: 'the probe says ok exactly when every declared setting is in force as declared',
    check: ({ step, checks }) => {
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o || (o.Probe.State !== 'ok' && o.Probe.State !== 'drift')) continue;
        // Detection's probe sees the state before the step; nothing changes it there.
        const world = step.script === 'detect' ? step.before : undefined;
        if (!world) continue;
        if ((o.Probe.State === 'ok') !== asDeclared(world, declared(k))) return `${k.name}: ${describeOutcome(o)}`;
      }
      return undefined;
    },
  },
];

/** Holds `expect` for each check that `applies` selects, in every step. */
const forChecks = checkInvariants(declared);

/** Drift in detection and the fix due; in the remediation the fix `fixOutcome`; then `afterwards`. */
function driftThen(fixOutcome: 'fixed' | 'failed', fixError?: RegExp, summary?: RegExp): (step: StepView, o: CheckOutcome | undefined) => string | undefined {
  return (step, o) => {
    if (!o) return 'no outcome';
    if (summary && (o.Probe.State === 'drift' || o.Probe.State === 'ok') && step.label === 'detect' && !summary.test(o.Probe.Summary)) return `expected a summary like ${String(summary)}`;
    if (step.label === 'detect') return o.Probe.State === 'drift' && o.Fix === 'due' ? undefined : 'expected drift and a due fix';
    if (step.label === 'remediate') {
      if (o.Fix !== fixOutcome) return `expected the fix ${fixOutcome}`;
      if (fixOutcome === 'fixed' && o.After?.State !== 'ok') return 'expected the probe after the fix to be ok';
      if (fixOutcome === 'failed' && (step.exitCode !== 1 || (fixError && !fixError.test(o.FixError ?? '')))) return `expected exit 1 and an error like ${String(fixError)}`;
      return undefined;
    }
    if (fixOutcome === 'fixed') return o.Probe.State === 'ok' ? undefined : 'expected every declared profile as declared';
    return o.Probe.State === 'drift' ? undefined : 'expected the drift to remain';
  };
}

const alwaysOk = (_step: StepView, o: CheckOutcome | undefined): string | undefined =>
  o?.Probe.State === 'ok' && o.Fix === 'none' ? undefined : 'expected the probe ok and no fix';

const repairs = (d: Declared, k: CheckInfo): boolean => onDrift(k) && !d.reportOnly;
const keepsOn = (d: Declared): boolean => d.enabled === 'True';

const nothingWritten: ScenarioInvariant = {
  name: 'nothing is written',
  check: ({ step }) => (writes(step).length > 0 ? `called ${writes(step).join(', ')}` : undefined),
};

const off = "(New-RemcFakeFirewallSetting -Enabled 'False')";
const policyOff = "(New-RemcFakeFirewallSetting -Enabled 'False' -Inbound 'NotConfigured')";

export const scenarios: TemplateScenario[] = [
  {
    name: 'every profile on, inbound block (Windows out of the box)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: 'Reset-RemcFakeFirewallProfile',
    invariants: [
      forChecks('a check that keeps the firewall on (inbound block or not checked) is left alone', (d) => keepsOn(d) && d.inbound !== 'Allow', alwaysOk),
      forChecks('with a drift trigger, a check that keeps it off turns it off locally', (d, k) => !keepsOn(d) && repairs(d, k), driftThen('fixed')),
    ],
  },
  {
    name: 'the firewall turned off locally on every profile',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeFirewallProfile -Local @{ Domain = ${off}; Private = ${off}; Public = ${off} }`,
    invariants: [
      forChecks('with a drift trigger, a check that keeps it on turns it on, and it is on afterwards', (d, k) => keepsOn(d) && repairs(d, k), driftThen('fixed', undefined, /off, should be on/)),
      forChecks('a check that keeps it off is left alone', (d) => !keepsOn(d), alwaysOk),
    ],
  },
  {
    name: 'one of three profiles (Private) turned off locally',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeFirewallProfile -Local @{ Private = ${off} }`,
    invariants: [
      forChecks('with a drift trigger, a check that keeps Private on turns on Private alone', (d, k) => keepsOn(d) && d.profiles.includes('Private') && repairs(d, k), (step, o) => {
        const wrong = driftThen('fixed', undefined, /Private off, should be on/)(step, o);
        if (wrong) return wrong;
        const other = writes(step).filter((c) => parse(c).key === 'Enabled' && parse(c).name !== 'Private');
        return other.length > 0 ? `wrote ${other.join(', ')}` : undefined;
      }),
      forChecks('a check that keeps it on elsewhere is left alone', (d) => keepsOn(d) && !d.profiles.includes('Private') && d.inbound !== 'Allow', alwaysOk),
    ],
  },
  {
    name: 'a Group Policy or MDM policy turns the firewall off on every profile',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeFirewallProfile -Policy @{ Domain = ${policyOff}; Private = ${policyOff}; Public = ${policyOff} }`,
    invariants: [
      nothingWritten,
      forChecks(
        'a check that keeps it on says off by policy: ACTION NEEDED with advice to change the policy; its fix never runs',
        (d, k) => keepsOn(d) && repairs(d, k),
        (step, o) => {
          if (o?.Probe.State === 'drift' && !/off by policy, should be on/.test(o.Probe.Summary)) return 'expected "off by policy"';
          return actionNeeded(/decides .*off: change that policy/)(step, o);
        },
      ),
      forChecks('a check that keeps it off is left alone', (d) => !keepsOn(d), alwaysOk),
    ],
  },
  {
    name: 'the firewall off both locally and by policy: the local write does not take effect',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeFirewallProfile -Local @{ Domain = ${off}; Private = ${off}; Public = ${off} } -Policy @{ Domain = ${policyOff}; Private = ${policyOff}; Public = ${policyOff} }`,
    invariants: [
      forChecks(
        'with a drift trigger, a check that keeps it on writes it locally once, then fails saying the policy in force still differs',
        (d, k) => keepsOn(d) && repairs(d, k),
        driftThen('failed', /written to the local store, but the policy in force still differs/),
      ),
    ],
  },
  {
    name: 'Set-NetFirewallProfile fails (access denied)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeFirewallProfile -Local @{ Domain = ${off}; Private = ${off}; Public = ${off} } -SetError 'AccessDenied'`,
    invariants: [
      forChecks('with a drift trigger, a check that keeps it on fails with the error code, and the firewall stays off', (d, k) => keepsOn(d) && repairs(d, k), driftThen('failed', /could not \(AccessDenied 0x80041003\)/)),
    ],
  },
  {
    name: 'the firewall cannot be read (Get-NetFirewallProfile fails)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeFirewallProfile -ReadError 'The RPC server is unavailable. (0x800706BA)'",
    invariants: [
      nothingWritten,
      forChecks('the probe reports an error in every step, and no fix runs on it', () => true, (_step, o) => {
        if (!o) return undefined;
        if (o.Probe.State !== 'error' || !(o.Probe.Error ?? '').includes('0x800706BA')) return 'expected a probe error';
        return o.Fix === 'fixed' || o.Fix === 'failed' || o.Fix === 'reported' ? 'a fix ran on a probe error' : undefined;
      }),
      { name: 'every step exits 1', check: ({ step }) => (step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`) },
    ],
  },
];
