/**
 * Scenarios of service-state, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1).
 *
 * The service a check declares comes from the remediation, so the setups describe it through the
 * fakes' default service (`-Default`): every name a check asks for is in that condition. What must
 * happen then depends on each check's options (status, startType, reportOnly, allowMissing) and
 * triggers, so the invariants read them from `ctx.checks` and only judge the checks a scenario
 * is about (e.g. "with a drift trigger and status 'running'"). Every scenario reads what the probe saw
 * in every step, so it is about the checks the runtime probes in every run (`appliesTo`): not one whose
 * fix only another check's symptom triggers, which stays unprobed (idle) until that symptom calls for it.
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

/** An ordinary client: the fakes' usual services, and every other declared service running, automatic. */
export const neutralSetup = 'Reset-RemcFakeServiceState';

/** A service of the simulated machine, as the fakes keep it (Win32_Service names, see fakes.ps1). */
interface ServiceEntry {
  readonly Name: string;
  readonly State: string;
  readonly StartMode: string;
  readonly DelayedAutoStart: boolean | null;
  readonly RegistryDelayedAutostart: number | null;
  readonly DependsOn?: readonly string[] | string | null;
}

/** One check's options, from its `$Config` (PascalCase keys, defaults resolved). */
interface Declared {
  readonly name: string;
  readonly status: 'running' | 'stopped';
  readonly startType: string | null;
  readonly reportOnly: boolean;
  readonly allowMissing: boolean;
  readonly timeoutSeconds: number;
}

function declared(k: CheckInfo): Declared {
  const c = k.config;
  const startType = c['StartType'];
  return {
    name: String(c['Name']),
    status: c['Status'] === 'stopped' ? 'stopped' : 'running',
    startType: typeof startType === 'string' && startType !== '' ? startType : null,
    reportOnly: c['ReportOnly'] === true,
    allowMissing: c['AllowMissing'] === true,
    timeoutSeconds: typeof c['TimeoutSeconds'] === 'number' ? c['TimeoutSeconds'] : 30,
  };
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function onDrift(k: CheckInfo): boolean {
  return k.hasFix && k.triggers.some((t) => t.kind === 'drift');
}

/** The seam calls of this step that change the machine: 'method:<name>:<Method>[:<mode>]', 'sc:<name>:<mode>'. */
function changes(step: StepView): string[] {
  return added<string>(step, 'ServiceCalls').filter((c) => c.startsWith('method:') || c.startsWith('sc:'));
}

/** The service a change call is about. */
function target(call: string): string {
  return call.split(':')[1] ?? '';
}

function dependsOn(entry: ServiceEntry): string[] {
  const value = entry.DependsOn;
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The service of that name in a state: listed, else the default service, else not installed. */
function serviceIn(state: FakeState, name: string): ServiceEntry | undefined {
  const listed = stateList<ServiceEntry>(state, 'ServiceList').find((s) => same(s.Name, name));
  if (listed) return listed;
  const fallback = state['ServiceDefault'] as ServiceEntry | null | undefined;
  return fallback ? { ...fallback, Name: name } : undefined;
}

/** Win32_Service StartMode and the delayed flag in the template's words (probe.ps1's rule). */
function startTypeOf(s: ServiceEntry): string {
  const delayed = s.DelayedAutoStart ?? (s.RegistryDelayedAutostart !== null && s.RegistryDelayedAutostart !== undefined && s.RegistryDelayedAutostart !== 0);
  switch (s.StartMode) {
    case 'Auto':
      return delayed ? 'automatic-delayed' : 'automatic';
    case 'Manual':
      return 'manual';
    case 'Disabled':
      return 'disabled';
    default:
      return s.StartMode.toLowerCase();
  }
}

function stateMatches(s: ServiceEntry, status: 'running' | 'stopped'): boolean {
  return s.State === (status === 'running' ? 'Running' : 'Stopped');
}


export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection starts, stops and reconfigures nothing',
    check: ({ step }) => (step.script === 'detect' && changes(step).length > 0 ? `detection called ${changes(step).join(', ')}` : undefined),
  },
  {
    name: 'changes only the services its checks declare',
    check: ({ step, checks }) => {
      const bad = changes(step).filter((c) => !checks.some((k) => same(declared(k).name, target(c))));
      return bad.length > 0 ? `called ${bad.join(', ')}; declared: ${checks.map((k) => declared(k).name).join(', ')}` : undefined;
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
    name: 'never changes a start type that no check declares (a disabled service stays disabled)',
    check: ({ step, checks }) => {
      const bad = changes(step)
        .filter((c) => c.startsWith('sc:') || c.includes(':ChangeStartMode'))
        .filter((c) => !checks.some((k) => same(declared(k).name, target(c)) && declared(k).startType !== null));
      return bad.length > 0 ? `changed a start type nobody declared: ${bad.join(', ')}` : undefined;
    },
  },
  {
    name: 'never asks a service to stop while services that depend on it run',
    check: ({ step }) => {
      for (const c of changes(step).filter((x) => x.endsWith(':StopService'))) {
        const name = target(c);
        const running = stateList<ServiceEntry>(step.before, 'ServiceList').filter((s) => s.State !== 'Stopped' && dependsOn(s).some((d) => same(d, name)));
        if (running.length > 0) return `asked ${name} to stop while ${running.map((s) => s.Name).join(', ')} ran`;
      }
      return undefined;
    },
  },
  {
    name: 'one start, resume or stop request per check and run (no retry loop)',
    check: ({ step, checks }) => {
      const requests = changes(step).filter((c) => /:(StartService|ResumeService|StopService)$/.test(c));
      for (const k of checks) {
        const mine = requests.filter((c) => same(target(c), declared(k).name));
        const allowed = checks.filter((o) => same(declared(o).name, declared(k).name)).length;
        if (mine.length > allowed) return `${mine.length} requests for ${declared(k).name}: ${mine.join(', ')}`;
      }
      return undefined;
    },
  },
  {
    name: 'every wait is bounded by timeoutSeconds (polls of 500 ms)',
    check: ({ step, checks }) => {
      const polls = added<string>(step, 'ServiceCalls').filter((c) => c.startsWith('poll:')).length;
      const limit = checks.reduce((sum, k) => sum + Math.ceil((declared(k).timeoutSeconds * 1000) / 500), 0);
      return polls > limit ? `${polls} polls; the checks allow ${limit}` : undefined;
    },
  },
  {
    name: 'a fix that reports success leaves the service as declared',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        if (checkOutcome(step, k.name)?.Fix !== 'fixed') continue;
        const d = declared(k);
        const s = serviceIn(step.state, d.name);
        if (!s) return `${k.name} says fixed, but ${d.name} is not installed`;
        if (!stateMatches(s, d.status)) return `${k.name} says fixed, but ${d.name} is ${s.State}`;
        if (d.startType !== null && startTypeOf(s) !== d.startType) return `${k.name} says fixed, but ${d.name} has start type ${startTypeOf(s)}`;
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
    if (fixOutcome === 'fixed') return o.Probe.State === 'ok' ? undefined : 'expected the service as declared';
    return o.Probe.State === 'drift' ? undefined : 'expected the drift to remain';
  };
}

const alwaysOk = (_step: StepView, o: CheckOutcome | undefined): string | undefined =>
  o?.Probe.State === 'ok' && o.Fix === 'none' ? undefined : 'expected the probe ok and no fix';

const repairsRunning = (d: Declared, k: CheckInfo): boolean => onDrift(k) && !d.reportOnly && d.status === 'running';
const repairsStopped = (d: Declared, k: CheckInfo): boolean => onDrift(k) && !d.reportOnly && d.status === 'stopped';

const nothingChanges: ScenarioInvariant = {
  name: 'nothing is started, stopped or reconfigured',
  check: ({ step }) => (changes(step).length > 0 ? `called ${changes(step).join(', ')}` : undefined),
};

export const scenarios: TemplateScenario[] = [
  {
    name: 'every declared service is stopped (start type manual)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -StartMode 'Manual')",
    invariants: [
      forChecks('with a drift trigger, a service that must run is due, started, and running afterwards', repairsRunning, driftThen('fixed')),
      forChecks(
        'a service that must be stopped, with start type manual or not managed, is left alone',
        (d) => d.status === 'stopped' && (d.startType === null || d.startType === 'manual'),
        alwaysOk,
      ),
    ],
  },
  {
    name: 'every declared service runs (start type automatic)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Running' -StartMode 'Auto')",
    invariants: [
      forChecks('with a drift trigger, a service that must be stopped is due, stopped, and stopped afterwards', repairsStopped, driftThen('fixed')),
      forChecks(
        'a service that must run, with start type automatic or not managed, is left alone',
        (d) => d.status === 'running' && (d.startType === null || d.startType === 'automatic'),
        alwaysOk,
      ),
    ],
  },
  {
    name: 'every declared service is disabled and stopped',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -StartMode 'Disabled')",
    invariants: [
      forChecks(
        'with a drift trigger and no startType, a service that must run is drift no fix repairs (never enabled on its own): ACTION NEEDED with advice, the fix never runs',
        (d, k) => repairsRunning(d, k) && d.startType === null,
        actionNeeded(/^the service is disabled: enable it, or declare startType/),
      ),
      forChecks(
        'with a drift trigger and a startType, the start type is set and the service started',
        (d, k) => repairsRunning(d, k) && d.startType !== null,
        driftThen('fixed'),
      ),
    ],
  },
  {
    name: 'the service control manager refuses the start (logon failure)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -StartMode 'Manual' -Results @{ StartService = 15 })",
    invariants: [
      forChecks(
        'with a drift trigger, a service that must run fails once with the reason, and is not retried',
        (d, k) => repairsRunning(d, k) && d.startType !== 'disabled',
        driftThen('failed', /could not start .+: StartService returned 15 \(service logon failed\)/),
      ),
    ],
  },
  {
    name: 'the service starts, then stops again',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -StartMode 'Manual' -OnStart 'crash' -StartTicks 2)",
    invariants: [
      forChecks(
        'with a drift trigger, the fix fails with the exit code',
        repairsRunning,
        driftThen('failed', /started, then stopped \(exit code 1067\)/),
      ),
    ],
  },
  {
    name: 'the service hangs while it starts',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -StartMode 'Manual' -OnStart 'hang')",
    invariants: [
      forChecks(
        'with a drift trigger, the fix gives up after timeoutSeconds',
        repairsRunning,
        driftThen('failed', /is still start pending after \d+ s/),
      ),
    ],
  },
  {
    name: 'the declared service is not installed',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: 'Reset-RemcFakeServiceState -Service @() -Default $null',
    invariants: [
      nothingChanges,
      forChecks(
        'without allowMissing, it is drift: not installed, and the fix never runs (it installs nothing)',
        (d) => !d.allowMissing,
        (_step, o, d) => (o?.Probe.State !== 'drift' || o.Probe.Summary !== `${d.name} is not installed` ? 'expected drift: not installed' : o.Fix === 'none' ? undefined : `fix ${o.Fix}`),
      ),
      forChecks(
        'without allowMissing and with a drift trigger, it is ACTION NEEDED with advice to install the service',
        (d, k) => !d.allowMissing && onDrift(k) && !d.reportOnly,
        actionNeeded(/^install the service, or set allowMissing/),
      ),
      forChecks('with allowMissing, it is in its desired state', (d) => d.allowMissing, alwaysOk),
    ],
  },
  {
    name: 'WMI is broken (Get-CimInstance fails)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeServiceState -QueryError 'Provider load failure'",
    invariants: [
      nothingChanges,
      forChecks(
        'the probe reports an error in every step, and no fix runs on it',
        () => true,
        (step, o) => {
          if (!o) return step.exitCode === 1 ? undefined : 'no outcome and not exit 1';
          if (o.Probe.State !== 'error' || !(o.Probe.Error ?? '').includes('Provider load failure')) return 'expected a probe error';
          return o.Fix === 'fixed' || o.Fix === 'failed' || o.Fix === 'reported' ? 'a fix ran on a probe error' : undefined;
        },
      ),
      { name: 'every step exits 1', check: ({ step }) => (step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`) },
    ],
  },
];
