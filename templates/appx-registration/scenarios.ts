/**
 * Scenarios of appx-registration, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1).
 *
 * A template scenario cannot know which package and manifest a remediation declares, so the setups use
 * the fakes' "declared package" (`New-RemcFakeAppxRegistrationPackage -Declared`, answering for any name)
 * and "declared manifest" (`New-RemcFakeAppxRegistrationManifest -Declared`, any path that is not a
 * registered package's own manifest). The scenarios start without the ordinary packages
 * (-NoOrdinaryPackage), so a declaration that names one (e.g. Microsoft.WindowsStore) sees exactly the
 * scenario's state. The invariants read each check's declaration (PackageName,
 * Manifest, TimeoutSeconds, its triggers). The exact expectations hold for a remediation with ONE
 * appx-registration check (several would share the one declared package); the safety invariants hold
 * for any number. Each scenario reads what the probe saw in every step, so it is about the checks the
 * runtime probes in every run (`appliesTo`): not one whose fix only another check's symptom triggers,
 * which stays unprobed (idle) until that symptom calls for it.
 */
import { added, checkOutcome, stateList, PROBED_IN_EVERY_RUN, type CheckInfo, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** A package record of the fakes' state (`$RemcFakeState.AppxRegistrationPackages`); Name '*' is the declared package. */
interface PackageRecord {
  readonly Name: string;
  readonly Status: string;
  readonly Version: string;
  readonly InstallLocation: string;
}

const DECLARED_PACKAGE = 'New-RemcFakeAppxRegistrationPackage -Declared';
const DECLARED_MANIFEST = '(New-RemcFakeAppxRegistrationManifest -Declared)';

/** The declared package registered and Ok, its declared manifest on disk, ordinary packages besides. */
export const neutralSetup = `Reset-RemcFakeAppxRegistration -Package (${DECLARED_PACKAGE}) -Manifest ${DECLARED_MANIFEST}`;

/** %VAR% expanded from the step's environment, as [Environment]::ExpandEnvironmentVariables does. */
function expand(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/%([^%]+)%/g, (whole, name: string) => env[name] ?? process.env[name] ?? whole);
}

function nameOf(check: CheckInfo): string {
  return String(check.config['PackageName']);
}

/** The declared manifest, expanded as the device would, or '' when none is declared. */
function manifestOf(check: CheckInfo, step: StepView): string {
  const value = check.config['Manifest'];
  return typeof value === 'string' && value !== '' ? expand(value, step.env) : '';
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The records that answer for the check's package: the declared package, or the exact name. */
function recordsOf(state: StepView['state'], check: CheckInfo): PackageRecord[] {
  return stateList<PackageRecord>(state, 'AppxRegistrationPackages').filter((r) => r.Name === '*' || same(r.Name, nameOf(check)));
}

function ownManifest(record: PackageRecord): string {
  return `${record.InstallLocation.replace(/\\+$/, '')}\\AppxManifest.xml`;
}

/** The registrations asked for in this step ('<path>|<timeout>'), failed ones included. */
function callsOf(step: StepView): { path: string; timeout: number; text: string }[] {
  return added<string>(step, 'AppxRegistrationCalls').map((text) => {
    const at = text.lastIndexOf('|');
    return { path: text.slice(0, at), timeout: Number(text.slice(at + 1)), text };
  });
}

function onDrift(check: CheckInfo): boolean {
  return check.hasFix && check.triggers.some((t) => t.kind === 'drift');
}

export const invariants: ScenarioInvariant[] = [
  {
    name: "registers only a declared manifest or the declared package's own install-location manifest",
    check: ({ step, checks }) => {
      for (const call of callsOf(step)) {
        const allowed = checks.some((k) => {
          const declared = manifestOf(k, step);
          if (declared !== '' && same(call.path, declared)) return true;
          return recordsOf(step.before, k).some((r) => same(call.path, ownManifest(r)));
        });
        if (!allowed) return `registered ${call.path}, which no appx-registration check declares`;
      }
      return undefined;
    },
  },
  {
    name: 'detection registers nothing',
    check: ({ step }) => {
      const calls = callsOf(step);
      return step.script === 'detect' && calls.length > 0 ? `detection registered ${calls.map((c) => c.path).join(', ')}` : undefined;
    },
  },
  {
    name: 'every registration is bounded by the declared timeout',
    check: ({ step, checks }) => {
      const limits = checks.map((k) => Number(k.config['TimeoutSeconds']));
      const bad = callsOf(step).filter((c) => !limits.includes(c.timeout));
      return bad.length > 0 ? `registration waited ${bad.map((c) => c.timeout).join(', ')} s (declared: ${limits.join(', ')})` : undefined;
    },
  },
  {
    name: 'a registration that reports success leaves the package registered and Ok',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        if (checkOutcome(step, k.name)?.Fix !== 'fixed') continue;
        if (!recordsOf(step.state, k).some((r) => r.Status === 'Ok')) return `${k.name} says it fixed ${nameOf(k)}, which is not registered and Ok`;
      }
      return undefined;
    },
  },
];

/** The declared package when a scenario starts. */
type Start = { readonly registered: false } | { readonly registered: true; readonly status: string };

/** With one appx-registration check and a drift trigger: due, then registered (from where), or failing why. */
function behaves(start: Start, registration: 'heals' | { readonly fails: (check: CheckInfo) => string }): ScenarioInvariant {
  return {
    name: 'with one appx-registration check: the probe sees the drift; with a drift trigger the fix is due and registers the package, or fails saying why',
    check: ({ step, checks, remediation }) => {
      if (checks.length !== 1 || remediation.checks.filter((c) => c.template === checks[0]!.template).length !== 1) return undefined;
      const k = checks[0]!;
      const out = checkOutcome(step, k.name);
      if (!out) return `${k.name} is missing from the outcome`;
      if (step.label !== 'detect again' && out.Probe.State !== 'drift') return `${k.name}: probe ${out.Probe.State} (${out.Probe.Summary}), expected drift`;
      if (!onDrift(k)) return undefined;
      const declared = manifestOf(k, step);
      const possible = start.registered || declared !== '';
      if (step.label === 'detect') return out.Fix === 'due' && step.exitCode === 1 ? undefined : `exit ${step.exitCode}, ${k.name}: fix ${out.Fix}, expected due`;
      if (step.label === 'remediate') {
        const error = out.FixError ?? '';
        if (!possible) {
          if (out.Fix !== 'failed' || !error.includes('no manifest is declared')) return `${k.name}: fix ${out.Fix} (${error}), expected it to fail for want of a manifest`;
          return callsOf(step).length > 0 ? `registered ${callsOf(step).map((c) => c.path).join(', ')} without a manifest` : undefined;
        }
        if (registration !== 'heals') {
          const expected = registration.fails(k);
          if (out.Fix !== 'failed' || step.exitCode !== 1 || !error.startsWith(expected)) return `exit ${step.exitCode}, ${k.name}: fix ${out.Fix} (${error}), expected "${expected}..."`;
          return undefined;
        }
        if (out.Fix !== 'fixed' || out.After?.State !== 'ok') return `${k.name}: fix ${out.Fix} (${error || out.FixSummary || ''}), after: ${out.After?.State ?? 'nothing'}`;
        const from = callsOf(step).map((c) => c.path);
        if (start.registered) {
          const own = recordsOf(step.before, k).map(ownManifest);
          if (from.length !== 1 || !own.some((p) => same(p, from[0]!))) return `${k.name}: re-registered from ${from.join(', ')}, expected its install location`;
        } else if (from.length !== 1 || !same(from[0]!, declared)) return `${k.name}: registered from ${from.join(', ')}, expected ${declared}`;
        return undefined;
      }
      // detect again
      if (registration === 'heals' && possible && out.Probe.State !== 'ok') return `${k.name}: probe ${out.Probe.State} (${out.Probe.Summary}) after the fix`;
      return undefined;
    },
  };
}

const DAMAGED = `(${DECLARED_PACKAGE} -Status 'Modified')`;

export const scenarios: TemplateScenario[] = [
  {
    name: 'the declared package is not registered for the user (its manifest is on disk)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeAppxRegistration -NoOrdinaryPackage -Manifest ${DECLARED_MANIFEST}`,
    invariants: [behaves({ registered: false }, 'heals')],
  },
  {
    name: 'the declared package is registered but damaged (status Modified)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeAppxRegistration -NoOrdinaryPackage -Package ${DAMAGED} -Manifest ${DECLARED_MANIFEST}`,
    invariants: [behaves({ registered: true, status: 'Modified' }, 'heals')],
  },
  {
    name: 'the registration fails (0x80073CF6)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeAppxRegistration -NoOrdinaryPackage -Package ${DAMAGED} -Manifest ${DECLARED_MANIFEST} -Register 'fail' -RegisterMessage 'Deployment failed with HRESULT: 0x80073CF6, Package could not be registered.'`,
    invariants: [behaves({ registered: true, status: 'Modified' }, { fails: (k) => `registering ${nameOf(k)} failed (0x80073CF6): Deployment failed` })],
  },
  {
    name: 'the registration does not finish in time',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeAppxRegistration -NoOrdinaryPackage -Package ${DAMAGED} -Manifest ${DECLARED_MANIFEST} -Register 'timeout'`,
    invariants: [
      behaves({ registered: true, status: 'Modified' }, { fails: (k) => `registering ${nameOf(k)} did not finish within ${String(k.config['TimeoutSeconds'])} s` }),
    ],
  },
  {
    name: 'Get-AppxPackage fails (AppXSVC not running)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeAppxRegistration -NoOrdinaryPackage -Package (${DECLARED_PACKAGE}) -Manifest ${DECLARED_MANIFEST} -QueryError 'The AppX Deployment Service (AppXSVC) is not running (0x80070422)'`,
    invariants: [
      {
        name: 'every step reports the probe error, exits 1 and registers nothing',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const out = checkOutcome(step, k.name);
            if (out?.Probe.State !== 'error' || !(out.Probe.Error ?? out.Probe.Summary).includes('The AppX Deployment Service (AppXSVC) is not running')) {
              return `${k.name}: probe ${out?.Probe.State ?? 'missing'} (${out?.Probe.Error ?? out?.Probe.Summary ?? ''})`;
            }
            if (out.Fix !== 'none') return `${k.name}: fix ${out.Fix} on a probe error`;
          }
          if (callsOf(step).length > 0) return `registered ${callsOf(step).map((c) => c.path).join(', ')} on a probe error`;
          return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
        },
      },
    ],
  },
];
