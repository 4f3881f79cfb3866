/**
 * Scenarios of broker-plugin-registration, run by `remc test` for every remediation that uses it.
 * Whether a missing broker is re-registered depends on the declared triggers (the default is drift),
 * so the invariants read them. A broker whose fix only another check's finding or a diagnosis' cause
 * triggers is not even probed until that symptom calls for it: the scenario of a probe error is not
 * about it (`appliesTo`), and its fix is proven where the symptom is set up (the scenarios of the
 * template that finds it).
 */
import { added, checkOutcome, fixRan, stateList, PROBED_IN_EVERY_RUN, type CheckInfo, type ScenarioInvariant, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

const MANIFEST = '"$env:SystemRoot\\SystemApps\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\\AppxManifest.xml"';

/** The broker registered and Ok; its manifest where Windows ships it; a re-registration heals it. */
export const neutralSetup = `Reset-RemcFakeBrokerPluginRegistration -Package @(New-RemcFakeAppxPackage) -ExistingPath @(${MANIFEST}) -RegisterHeals`;

/** %VAR% expanded from the step's environment, as [Environment]::ExpandEnvironmentVariables does. */
function expand(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/%([^%]+)%/g, (whole, name: string) => env[name] ?? process.env[name] ?? whole);
}

function onDrift(check: CheckInfo): boolean {
  return check.triggers.some((t) => t.kind === 'drift');
}

interface Package {
  readonly Name: string;
  readonly Status: string;
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'registers only the declared manifest',
    check: ({ step, checks }) => {
      const allowed = checks.map((k) => expand(String(k.config['ManifestPath']), step.env));
      const bad = added<string>(step, 'Registered').filter((p) => !allowed.includes(p));
      return bad.length > 0 ? `registered ${bad.join(', ')} (declared: ${allowed.join(', ')})` : undefined;
    },
  },
  {
    name: 'a re-registration that reports success leaves the broker registered and Ok',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        if (checkOutcome(step, k.name)?.Fix !== 'fixed') continue;
        const name = String(k.config['PackageName']);
        if (!stateList<Package>(step.state, 'AppxPackages').some((p) => p.Name === name && p.Status === 'Ok')) return `${k.name} says it re-registered ${name}, which is not registered and Ok`;
      }
      return undefined;
    },
  },
];

/** With a drift trigger: due in detection, re-registered by the remediation, Ok afterwards. */
const repairedOnDrift: ScenarioInvariant = {
  name: 'with a drift trigger, the broker is due, re-registered, and Ok afterwards',
  check: ({ step, checks }) => {
    for (const k of checks.filter(onDrift)) {
      const o = checkOutcome(step, k.name);
      if (!o) return `no outcome of ${k.name}`;
      if (step.label === 'detect' && (step.exitCode !== 1 || o.Fix !== 'due' || o.Trigger !== 'drift')) return `exit ${step.exitCode}: ${JSON.stringify(o)}`;
      if (step.label === 'remediate' && (step.exitCode !== 0 || o.Fix !== 'fixed' || !o.FixSummary?.startsWith(`re-registered ${String(k.config['PackageName'])}`))) return `exit ${step.exitCode}: ${step.lastLine}`;
      if (step.label === 'detect again' && !(o.Probe.State === 'ok' && o.Probe.Summary === 'BrokerPlugin registered, status Ok')) return JSON.stringify(o.Probe);
    }
    return undefined;
  },
};

export const scenarios: TemplateScenario[] = [
  {
    name: 'the broker is not registered for the user',
    setup: `Reset-RemcFakeBrokerPluginRegistration -ExistingPath @(${MANIFEST}) -RegisterHeals`,
    invariants: [repairedOnDrift],
  },
  {
    name: 'the broker registration is damaged (status Modified)',
    setup: `Reset-RemcFakeBrokerPluginRegistration -Package @(New-RemcFakeAppxPackage -Status 'Modified') -ExistingPath @(${MANIFEST}) -RegisterHeals`,
    invariants: [repairedOnDrift],
  },
  {
    name: 'the re-registration fails (0x80073CF6)',
    setup: `Reset-RemcFakeBrokerPluginRegistration -ExistingPath @(${MANIFEST}) -RegisterError 'Deployment failed with HRESULT: 0x80073CF6, Package could not be registered.'`,
    invariants: [
      {
        name: 'with a drift trigger, the remediation exits 1 with the HRESULT and why',
        check: ({ step, checks }) => {
          if (step.script !== 'remediate') return undefined;
          for (const k of checks.filter(onDrift)) {
            const o = checkOutcome(step, k.name);
            if (step.exitCode !== 1 || o?.Fix !== 'failed' || !o.FixError?.startsWith('BrokerPlugin registration failed (0x80073CF6): Deployment failed')) return `exit ${step.exitCode}: ${step.lastLine}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    // Add-AppxPackage has no time limit of its own: the seam's wait runs out and the fix fails with why.
    name: 'the re-registration hangs',
    setup: `Reset-RemcFakeBrokerPluginRegistration -ExistingPath @(${MANIFEST}) -RegisterHangs`,
    invariants: [
      {
        name: 'with a drift trigger, the remediation exits 1 saying the wait ran out',
        check: ({ step, checks }) => {
          if (step.script !== 'remediate') return undefined;
          for (const k of checks.filter(onDrift)) {
            const o = checkOutcome(step, k.name);
            if (step.exitCode !== 1 || o?.Fix !== 'failed' || !/^BrokerPlugin registration failed: the registration did not finish within \d+ s/.test(o.FixError ?? '')) return `exit ${step.exitCode}: ${step.lastLine}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'Get-AppxPackage fails',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeBrokerPluginRegistration -Package @(New-RemcFakeAppxPackage) -ExistingPath @(${MANIFEST}) -QueryError 'The AppX Deployment Service (AppXSVC) is not running (0x80070422)'`,
    invariants: [
      {
        name: 'the probe error fails every step, and nothing is registered on it',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const probe = checkOutcome(step, k.name)?.Probe;
            if (probe?.State !== 'error' || !probe.Error?.startsWith('The AppX Deployment Service (AppXSVC) is not running')) return JSON.stringify(probe);
            if (fixRan(step, k.name) || added(step, 'Registered').length > 0) return `registered on a probe error: ${step.lastLine}`;
          }
          return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
        },
      },
    ],
  },
];
