/**
 * Scenarios of defender-preference, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1).
 *
 * The fakes keep the local preferences, what a Group Policy or Intune policy sets (it wins, and
 * Get-MpPreference shows it), Defender's running mode and Tamper Protection. What must happen depends on
 * each check's declared settings, reportOnly and triggers, so the invariants read them from `ctx.checks`.
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
  checkInvariants,
  describeOutcome,
} from '../../compiler/declare/scenario-spec.ts';

/** Windows 11 out of the box: protection on, MAPS advanced, safe samples sent, Defender active. */
export const neutralSetup = 'Reset-RemcFakeDefenderPreference';

type Value = number | boolean;

/** What the fakes start from (Get-RemcFakeDefenderDefault in fakes.ps1). */
const DEFAULTS: Readonly<Record<string, Value>> = {
  DisableRealtimeMonitoring: false,
  DisableBehaviorMonitoring: false,
  DisableIOAVProtection: false,
  DisableScriptScanning: false,
  PUAProtection: 0,
  MAPSReporting: 2,
  SubmitSamplesConsent: 1,
  CloudBlockLevel: 0,
  CloudExtendedTimeout: 0,
  EnableNetworkProtection: 0,
};

/** The settings Tamper Protection keeps while it is on (as the fakes and the probe hold them). */
const PROTECTED = ['DisableRealtimeMonitoring', 'DisableBehaviorMonitoring', 'DisableIOAVProtection', 'MAPSReporting'];

/** Protection weakened in every supported preference: each differs from its default. */
const WEAK: Readonly<Record<string, Value>> = {
  DisableRealtimeMonitoring: true,
  DisableBehaviorMonitoring: true,
  DisableIOAVProtection: true,
  DisableScriptScanning: true,
  PUAProtection: 2,
  MAPSReporting: 0,
  SubmitSamplesConsent: 2,
  CloudBlockLevel: 1,
  CloudExtendedTimeout: 7,
  EnableNetworkProtection: 2,
};

interface Declared {
  readonly settings: readonly { readonly name: string; readonly value: Value }[];
  readonly reportOnly: boolean;
}

function declared(k: CheckInfo): Declared {
  const c = k.config;
  const raw = c['Settings'];
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  return {
    settings: list.map((s) => ({ name: String(s['Name']), value: s['Value'] as Value })),
    reportOnly: c['ReportOnly'] === true,
  };
}

function inForce(state: FakeState, name: string): Value | undefined {
  const policy = (state['DefenderPolicy'] ?? {}) as Record<string, Value | undefined>;
  if (policy[name] !== undefined) return policy[name];
  return ((state['DefenderLocal'] ?? {}) as Record<string, Value | undefined>)[name];
}

function asDeclared(state: FakeState, d: Declared): boolean {
  return d.settings.every((s) => inForce(state, s.name) === s.value);
}

/** The seam calls of this step that write: 'set:<Name>=<value>'. */
function writes(step: StepView): string[] {
  return added<string>(step, 'DefenderCalls').filter((c) => c.startsWith('set:'));
}

function parse(call: string): { name: string; value: string } {
  const [name = '', value = ''] = call.slice(4).split('=');
  return { name, value };
}

/** How the fakes log a value: a [bool] as True / False, a number as itself. */
function logged(v: Value): string {
  return typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
}


const repairs = (d: Declared, k: CheckInfo): boolean => k.hasFix && k.triggers.some((t) => t.kind === 'drift') && !d.reportOnly;

export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection writes nothing',
    check: ({ step }) => (step.script === 'detect' && writes(step).length > 0 ? `detection called ${writes(step).join(', ')}` : undefined),
  },
  {
    name: 'writes only declared values of declared settings, each at most once per run',
    check: ({ step, checks }) => {
      const calls = writes(step);
      const bad = calls.filter((c) => {
        const w = parse(c);
        return !checks.some((k) => declared(k).settings.some((s) => s.name === w.name && logged(s.value) === w.value));
      });
      if (bad.length > 0) return `called ${bad.join(', ')}, which no check declares`;
      const twice = calls.filter((c, i) => calls.indexOf(c) !== i);
      return twice.length > 0 ? `called ${twice.join(', ')} more than once` : undefined;
    },
  },
  {
    name: 'never writes a setting Tamper Protection keeps while it is on',
    check: ({ step }) => {
      if (step.before['DefenderTamper'] !== true) return undefined;
      const bad = writes(step).filter((c) => PROTECTED.includes(parse(c).name));
      return bad.length > 0 ? `called ${bad.join(', ')} with Tamper Protection on` : undefined;
    },
  },
  {
    name: 'report-only writes nothing',
    check: ({ step, checks }) => {
      const bad = writes(step).filter((c) => {
        const mine = checks.filter((k) => declared(k).settings.some((s) => s.name === parse(c).name));
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
        if (o?.Fix === 'fixed' && !asDeclared(step.state, declared(k))) return `${k.name} says fixed, but not every declared setting is in force: ${describeOutcome(o)}`;
      }
      return undefined;
    },
  },
  {
    name: 'the probe says ok exactly when every declared setting reads as declared',
    check: ({ step, checks }) => {
      if (step.script !== 'detect') return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o || (o.Probe.State !== 'ok' && o.Probe.State !== 'drift')) continue;
        if ((o.Probe.State === 'ok') !== asDeclared(step.before, declared(k))) return `${k.name}: ${describeOutcome(o)}`;
      }
      return undefined;
    },
  },
];

/** Holds `expect` for each check that `applies` selects, in every step. */
const forChecks = checkInvariants(declared);

/** Drift in detection and the fix due; in the remediation the fix `fixOutcome`; then as it left it. */
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
    if (fixOutcome === 'fixed') return o.Probe.State === 'ok' ? undefined : 'expected every declared setting as declared';
    return o.Probe.State === 'drift' ? undefined : 'expected the drift to remain';
  };
}

const alwaysOk = (_step: StepView, o: CheckOutcome | undefined): string | undefined =>
  o?.Probe.State === 'ok' && o.Fix === 'none' ? undefined : 'expected the probe ok and no fix';

/** Whether a declaration differs from `state` (a map of values) in any setting. */
const differs = (d: Declared, state: Readonly<Record<string, Value>>): boolean => d.settings.some((s) => state[s.name] !== s.value);

/** The probe reports an error naming `reason` in every step; no fix runs and nothing is written. */
function errorEveryStep(reason: RegExp): ScenarioInvariant[] {
  return [
    { name: 'nothing is written', check: ({ step }) => (writes(step).length > 0 ? `called ${writes(step).join(', ')}` : undefined) },
    forChecks('the probe reports an error with the reason in every step, never drift, and no fix runs on it', () => true, (_step, o) => {
      if (!o) return undefined;
      if (o.Probe.State !== 'error' || !reason.test(o.Probe.Error ?? '')) return `expected a probe error like ${String(reason)}`;
      return o.Fix === 'fixed' || o.Fix === 'failed' || o.Fix === 'reported' ? 'a fix ran on a probe error' : undefined;
    }),
    { name: 'every step exits 1', check: ({ step }) => (step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`) },
  ];
}

/** Defaults with the preferences admins most often raise: PUA blocked, cloud block level high, network protection on. */
const RECOMMENDED: Readonly<Record<string, Value>> = { ...DEFAULTS, PUAProtection: 1, CloudBlockLevel: 2, EnableNetworkProtection: 1 };
const keepsRealtimeOn = (d: Declared): boolean => d.settings.some((s) => s.name === 'DisableRealtimeMonitoring' && s.value === false);
const othersOf = (d: Declared): Declared => ({ ...d, settings: d.settings.filter((s) => s.name !== 'DisableRealtimeMonitoring') });

function psHashtable(values: Readonly<Record<string, Value>>): string {
  return `@{ ${Object.entries(values).map(([k, v]) => `${k} = ${typeof v === 'boolean' ? (v ? '$true' : '$false') : v}`).join('; ')} }`;
}
const weak = psHashtable(WEAK);

export const scenarios: TemplateScenario[] = [
  {
    name: 'Windows out of the box (protection on, Defender active)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: 'Reset-RemcFakeDefenderPreference',
    invariants: [
      forChecks('a check that declares the defaults is left alone', (d) => !differs(d, DEFAULTS), alwaysOk),
      forChecks('with a drift trigger, a check that declares otherwise sets it, and it reads as declared afterwards', (d, k) => differs(d, DEFAULTS) && repairs(d, k), driftThen('fixed')),
    ],
  },
  {
    name: 'protection weakened in every supported preference (set by hand or by malware)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeDefenderPreference -Local ${weak}`,
    invariants: [
      forChecks('with a drift trigger, the check sets each declared preference, and it reads as declared afterwards', (d, k) => differs(d, WEAK) && repairs(d, k), driftThen('fixed')),
    ],
  },
  {
    name: 'real-time protection off while Tamper Protection is on (IsTamperProtected), the rest as commonly recommended',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeDefenderPreference -Local ${psHashtable({ ...RECOMMENDED, DisableRealtimeMonitoring: true })} -Tamper $true`,
    invariants: [
      forChecks(
        'a check that keeps it on, its other settings as they are: ACTION NEEDED with advice, its fix never runs',
        (d, k) => repairs(d, k) && keepsRealtimeOn(d) && !differs(othersOf(d), RECOMMENDED),
        (step, o) => {
          if (!o) return 'no outcome';
          if (o.Probe.State !== 'drift' || o.Fix !== 'none') return 'expected drift and no fix';
          if (!/^Tamper Protection is on and keeps DisableRealtimeMonitoring: change it in Intune/.test(o.Probe.Advice ?? '')) return 'expected the Tamper Protection advice';
          if (step.script === 'detect' && step.exitCode !== 1) return 'expected detection to exit 1: a person must act';
          if (['OK', 'FIXED', 'NOTHING TO FIX'].includes(step.outcome.Status)) return `expected ACTION NEEDED, not ${step.outcome.Status}`;
          return undefined;
        },
      ),
      forChecks(
        'with a drift trigger, a check that keeps it on and declares others otherwise sets those, then fails naming Tamper Protection: never FIXED',
        (d, k) => repairs(d, k) && keepsRealtimeOn(d) && differs(othersOf(d), RECOMMENDED),
        driftThen('failed', /not changed: Tamper Protection is on and keeps DisableRealtimeMonitoring/),
      ),
    ],
  },
  {
    name: 'a Group Policy or Intune policy sets every preference to the weakened values: local writes do not take',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeDefenderPreference -Local ${weak} -Policy ${weak}`,
    invariants: [
      forChecks(
        'with a drift trigger, the check writes, reads back, and fails saying Get-MpPreference still reads the old value: never FIXED',
        (d, k) => differs(d, WEAK) && repairs(d, k),
        driftThen('failed', /but Get-MpPreference still reads .* \(Tamper Protection, or a Group Policy or Intune policy, decides it\)/),
      ),
    ],
  },
  {
    name: 'Set-MpPreference fails (0x80070005)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeDefenderPreference -Local ${weak} -SetError '0x80070005'`,
    invariants: [forChecks('with a drift trigger, the fix fails with the code', (d, k) => differs(d, WEAK) && repairs(d, k), driftThen('failed', /Set-MpPreference failed \(0x80070005\)/))],
  },
  {
    name: 'Defender in passive mode (another antivirus is active), protection weakened',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeDefenderPreference -Local ${weak} -Mode 'Passive Mode'`,
    invariants: errorEveryStep(/not the active antivirus \(AMRunningMode 'Passive Mode'\)/),
  },
  {
    name: 'Defender not running: the cmdlets fail with 0x800106BA',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeDefenderPreference -ReadError '0x800106ba'",
    invariants: errorEveryStep(/Microsoft Defender Antivirus is not running \(Get-MpComputerStatus failed with 0x800106BA\)/),
  },
];
