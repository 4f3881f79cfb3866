/**
 * Scenarios of windows-feature, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1).
 *
 * The feature a check declares comes from the remediation, so the setups describe it through the
 * fakes' default feature (`-Default`): every name a check asks for is in that condition. What must
 * happen then depends on each check's declared state, reportOnly and triggers, so the invariants read
 * them from `ctx.checks` and judge only the checks a scenario is about.
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
  checkInvariants,
  describeOutcome,
} from '../../compiler/declare/scenario-spec.ts';

/** An ordinary client: the fakes' usual features, and every other declared feature enabled. */
export const neutralSetup = 'Reset-RemcFakeWindowsFeature';

/** A feature of the simulated machine, as the fakes keep it (DISM's names, see fakes.ps1). */
interface FeatureEntry {
  readonly FeatureName: string;
  readonly State: string;
}

/** One check's options, from its `$Config` (PascalCase keys, defaults resolved). */
interface Declared {
  readonly name: string;
  readonly state: 'enabled' | 'disabled';
  readonly reportOnly: boolean;
}

function declared(k: CheckInfo): Declared {
  const c = k.config;
  return { name: String(c['Name']), state: c['State'] === 'disabled' ? 'disabled' : 'enabled', reportOnly: c['ReportOnly'] === true };
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const PENDING = ['EnablePending', 'DisablePending'];

function onDrift(k: CheckInfo): boolean {
  return k.hasFix && k.triggers.some((t) => t.kind === 'drift');
}

/** The seam calls of this step that change the machine: 'enable:<name>[:...]', 'disable:<name>'. */
function changes(step: StepView): string[] {
  return added<string>(step, 'FeatureCalls').filter((c) => c.startsWith('enable:') || c.startsWith('disable:'));
}

function target(call: string): string {
  return call.split(':')[1] ?? '';
}

/** The feature of that name in a state: listed, else the default feature, else not present. */
function featureIn(state: FakeState, name: string): FeatureEntry | undefined {
  const listed = stateList<FeatureEntry>(state, 'FeatureList').find((f) => same(f.FeatureName, name));
  if (listed) return listed;
  const fallback = state['FeatureDefault'] as FeatureEntry | null | undefined;
  return fallback ? { ...fallback, FeatureName: name } : undefined;
}

function isState(f: FeatureEntry, want: 'enabled' | 'disabled'): boolean {
  return want === 'enabled' ? f.State === 'Enabled' : f.State === 'Disabled' || f.State === 'DisabledWithPayloadRemoved';
}


export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection enables and disables nothing',
    check: ({ step }) => (step.script === 'detect' && changes(step).length > 0 ? `detection called ${changes(step).join(', ')}` : undefined),
  },
  {
    name: 'changes only the features its checks declare, each at most once per run',
    check: ({ step, checks }) => {
      const calls = changes(step);
      const bad = calls.filter((c) => !checks.some((k) => same(declared(k).name, target(c))));
      if (bad.length > 0) return `called ${bad.join(', ')}; declared: ${checks.map((k) => declared(k).name).join(', ')}`;
      for (const k of checks) {
        const mine = calls.filter((c) => same(target(c), declared(k).name));
        if (mine.length > checks.filter((o) => same(declared(o).name, declared(k).name)).length) return `${mine.length} DISM calls for ${declared(k).name}`;
      }
      return undefined;
    },
  },
  {
    name: 'report-only changes nothing',
    check: ({ step, checks }) => {
      const bad = changes(step).filter((c) => {
        const mine = checks.filter((k) => same(declared(k).name, target(c)));
        return mine.length > 0 && mine.every((k) => declared(k).reportOnly);
      });
      return bad.length > 0 ? `a report-only check called ${bad.join(', ')}` : undefined;
    },
  },
  {
    name: 'a feature waiting for a restart is never changed again, and never reported in its desired state',
    check: ({ step, checks }) => {
      for (const k of checks) {
        const before = featureIn(step.before, declared(k).name);
        if (!before || !PENDING.includes(before.State)) continue;
        if (changes(step).some((c) => same(target(c), declared(k).name))) return `${declared(k).name} is ${before.State}, yet DISM was called`;
        const o = checkOutcome(step, k.name);
        if (o?.Probe.State === 'ok') return `${k.name} says ok while ${declared(k).name} is ${before.State}: ${describeOutcome(o)}`;
      }
      return undefined;
    },
  },
  {
    name: 'a fix that reports success leaves the feature as declared, or pending with the restart named',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (o?.Fix !== 'fixed') continue;
        const d = declared(k);
        const f = featureIn(step.state, d.name);
        if (!f) return `${k.name} says fixed, but ${d.name} is not present`;
        if (PENDING.includes(f.State) && !/a restart finishes it/.test(o.FixSummary ?? '')) return `${k.name} left ${d.name} ${f.State} without naming the restart: ${describeOutcome(o)}`;
        if (!PENDING.includes(f.State) && !isState(f, d.state)) return `${k.name} says fixed, but ${d.name} is ${f.State}`;
      }
      return undefined;
    },
  },
];

/** Holds `expect` for each check that `applies` selects, in every step. */
const forChecks = checkInvariants(declared, (d) => d.name);

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
    if (fixOutcome === 'fixed') return o.Probe.State === 'ok' ? undefined : 'expected the feature as declared';
    return o.Probe.State === 'drift' ? undefined : 'expected the drift to remain';
  };
}

/** The change needs a restart: fixed, named as such, and pending (held for the restart) afterwards. */
function fixedUntilRestart(step: StepView, o: CheckOutcome | undefined): string | undefined {
  if (!o) return 'no outcome';
  if (step.label === 'detect') return o.Probe.State === 'drift' && o.Fix === 'due' ? undefined : 'expected drift and a due fix';
  if (step.label === 'remediate') {
    if (o.Fix !== 'fixed' || !/a restart finishes it/.test(o.FixSummary ?? '')) return 'expected the fix to work and name the restart';
    return o.After?.State === 'drift' && /pending: a restart finishes it/.test(o.After.Summary) ? undefined : 'expected the probe after the fix to say pending';
  }
  if (o.Probe.State !== 'drift' || !/pending/.test(o.Probe.Summary)) return 'expected the feature still pending';
  return step.exitCode === 0 && step.outcome.Status === 'HELD' ? undefined : `expected HELD (waits for the restart), exit 0: ${step.lastLine}`;
}

const alwaysOk = (_step: StepView, o: CheckOutcome | undefined): string | undefined =>
  o?.Probe.State === 'ok' && o.Fix === 'none' ? undefined : 'expected the probe ok and no fix';

const repairs = (state: 'enabled' | 'disabled') => (d: Declared, k: CheckInfo): boolean => onDrift(k) && !d.reportOnly && d.state === state;

const nothingChanges: ScenarioInvariant = {
  name: 'nothing is enabled or disabled',
  check: ({ step }) => (changes(step).length > 0 ? `called ${changes(step).join(', ')}` : undefined),
};

/** The fakes with every declared feature as `-Default` describes it. */
const everyFeature = (args: string): string => `Reset-RemcFakeWindowsFeature -Feature @() -Default (New-RemcFakeWindowsFeature -Name '*' ${args})`;

export const scenarios: TemplateScenario[] = [
  {
    name: 'every declared feature is enabled',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyFeature("-State 'Enabled'"),
    invariants: [
      forChecks('a feature that must be enabled is left alone', (d) => d.state === 'enabled', alwaysOk),
      forChecks('with a drift trigger, a feature that must be disabled is due, disabled, and disabled afterwards', repairs('disabled'), driftThen('fixed')),
    ],
  },
  {
    name: 'every declared feature is disabled',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyFeature("-State 'Disabled'"),
    invariants: [
      forChecks('a feature that must be disabled is left alone', (d) => d.state === 'disabled', alwaysOk),
      forChecks('with a drift trigger, a feature that must be enabled is due, enabled, and enabled afterwards', repairs('enabled'), driftThen('fixed')),
    ],
  },
  {
    name: 'every declared feature is disabled with its payload removed; Windows Update provides it',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyFeature("-State 'DisabledWithPayloadRemoved'"),
    invariants: [
      forChecks('a feature that must be disabled is left alone', (d) => d.state === 'disabled', alwaysOk),
      forChecks('with a drift trigger, a feature that must be enabled is enabled', repairs('enabled'), driftThen('fixed')),
    ],
  },
  {
    name: 'enabling needs a restart (EnablePending, RestartNeeded)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyFeature("-State 'Disabled' -OnEnable 'pending'"),
    invariants: [forChecks('with a drift trigger, the fix works, names the restart, and the feature is pending, not enabled, until it', repairs('enabled'), fixedUntilRestart)],
  },
  {
    name: 'disabling needs a restart (DisablePending, RestartNeeded)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyFeature("-State 'Enabled' -OnDisable 'pending'"),
    invariants: [forChecks('with a drift trigger, the fix works, names the restart, and the feature is pending, not disabled, until it', repairs('disabled'), fixedUntilRestart)],
  },
  {
    name: 'a restart is already pending (EnablePending from an earlier change)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyFeature("-State 'EnablePending'"),
    invariants: [
      nothingChanges,
      forChecks('the feature is reported pending in every step, and its fix waits for the restart (HELD)', () => true, (step, o) => {
        if (!o) return 'no outcome';
        if (o.Probe.State !== 'drift' || !/enable pending: a restart finishes it/.test(o.Probe.Summary)) return 'expected drift: enable pending';
        return step.exitCode === 0 ? undefined : `expected exit 0 (held): ${step.lastLine}`;
      }),
    ],
  },
  {
    name: 'DISM cannot get the files (0x800F0954, a WSUS-managed device)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyFeature("-State 'Disabled' -OnEnable 'fail' -ErrorCode 0x800F0954"),
    invariants: [forChecks('with a drift trigger, the fix fails once with the error code', repairs('enabled'), driftThen('failed', /could not enable .+: DISM error 0x800F0954/))],
  },
  {
    name: 'DISM does not finish in time',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: everyFeature("-State 'Disabled' -OnEnable 'hang'"),
    invariants: [forChecks('with a drift trigger, the fix gives up after timeoutSeconds', repairs('enabled'), driftThen('failed', /DISM did not finish within \d+ s/))],
  },
  {
    name: 'the declared feature is not available on this Windows',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: 'Reset-RemcFakeWindowsFeature -Feature @() -Default $null',
    invariants: [
      nothingChanges,
      forChecks('a feature that must be disabled is in its desired state', (d) => d.state === 'disabled', alwaysOk),
      forChecks('a feature that must be enabled is drift, and the fix refuses to search for it', repairs('enabled'), driftThen('failed', /is not available on this Windows/)),
    ],
  },
  {
    name: 'DISM cannot read the feature (Get-WindowsOptionalFeature fails)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeWindowsFeature -QueryError 'Get-WindowsOptionalFeature failed. Error code = 0x800f0950'",
    invariants: [
      nothingChanges,
      forChecks('the probe reports an error in every step, and no fix runs on it', () => true, (step, o) => {
        if (!o) return step.exitCode === 1 ? undefined : 'no outcome and not exit 1';
        if (o.Probe.State !== 'error' || !(o.Probe.Error ?? '').includes('0x800f0950')) return 'expected a probe error';
        return o.Fix === 'fixed' || o.Fix === 'failed' || o.Fix === 'reported' ? 'a fix ran on a probe error' : undefined;
      }),
      { name: 'every step exits 1', check: ({ step }) => (step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`) },
    ],
  },
];
