/**
 * Scenarios of certificate-expiry, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1). The store every check declares is the fakes'
 * one store; which of its certificates a check finds depends on its filters and days, so the
 * invariants compute that from the declared options (the probe's own rules) and the scenario's clock.
 */
import {
  added,
  checkOutcome,
  psLike,
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

/** A managed device whose certificates are valid for months. */
export const neutralSetup = 'Reset-RemcFakeCertificateStore';

/** A certificate as the fakes keep it (see fakes.ps1). */
interface CertEntry {
  readonly Thumbprint: string;
  readonly Subject: string;
  readonly Issuer: string;
  readonly NotAfterUtc: string;
  readonly HasPrivateKey: boolean;
  readonly Template: string;
  readonly TemplateV1: boolean;
}

const DAY = 86_400_000;

function config(k: CheckInfo) {
  const c = k.config;
  return {
    withinDays: Number(c['WithinDays']),
    issuer: String(c['Issuer'] ?? ''),
    subject: String(c['Subject'] ?? ''),
    template: String(c['Template'] ?? ''),
    templateIsOid: c['TemplateIsOid'] === true,
    removeExpired: c['RemoveExpired'] === true,
    removeWithPrivateKey: c['RemoveWithPrivateKey'] === true,
  };
}

/** Whether the check's filters match a certificate (probe.ps1's Test-RemcCertificateExpiryMatch). */
function matches(k: CheckInfo, cert: CertEntry): boolean {
  const c = config(k);
  if (c.issuer !== '' && !psLike(cert.Issuer, c.issuer)) return false;
  if (c.subject !== '' && !psLike(cert.Subject, c.subject)) return false;
  if (c.template !== '') return cert.Template === c.template && cert.TemplateV1 === !c.templateIsOid;
  return true;
}

/** The certificates of `state` the check finds at `at`: matching, NotAfter at most withinDays away. */
function finds(k: CheckInfo, state: FakeState, at: string): CertEntry[] {
  if (state['CertStoreMissing'] === true) return [];
  const limit = Date.parse(at) + config(k).withinDays * DAY;
  return stateList<CertEntry>(state, 'CertList').filter((c) => matches(k, c) && Date.parse(c.NotAfterUtc) <= limit);
}

function removals(step: StepView): string[] {
  return added<string>(step, 'CertCalls').filter((c) => c.startsWith('remove:'));
}


export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection removes nothing',
    check: ({ step }) => (step.script === 'detect' && removals(step).length > 0 ? `detection called ${removals(step).join(', ')}` : undefined),
  },
  {
    name: 'removes only expired certificates a check with removeExpired matches, with a private key only when it says so',
    check: ({ step, checks }) => {
      const before = stateList<CertEntry>(step.before, 'CertList');
      for (const call of removals(step)) {
        const cert = before.find((c) => call.toUpperCase().endsWith(`\\${c.Thumbprint}`));
        if (!cert) return `removed ${call}, which was not in the store`;
        if (Date.parse(cert.NotAfterUtc) > Date.parse(step.at)) return `removed ${cert.Thumbprint}, which expires ${cert.NotAfterUtc}: not yet expired`;
        const allowed = checks.some((k) => config(k).removeExpired && k.hasFix && matches(k, cert) && (!cert.HasPrivateKey || config(k).removeWithPrivateKey));
        if (!allowed) return `removed ${cert.Thumbprint} (private key: ${cert.HasPrivateKey}), which no check allows`;
      }
      return undefined;
    },
  },
  {
    name: 'a check without removeExpired has no fix',
    check: ({ checks }) => {
      const bad = checks.filter((k) => !config(k).removeExpired && k.hasFix);
      return bad.length > 0 ? `${bad.map((k) => k.name).join(', ')} can fix without removeExpired` : undefined;
    },
  },
  {
    name: 'the check finds exactly the matching certificates that expire within its days, and counts them',
    check: ({ step, checks }) => {
      if (step.before['CertQueryError']) return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o || o.Probe.State === 'idle') continue;
        const found = finds(k, step.before, step.at);
        const expected = found.length > 0 ? 'drift' : 'ok';
        if (o.Probe.State !== expected) return `${k.name}: expected ${expected} (${found.length} found): ${describeOutcome(o)}`;
        if (found.length > 0 && !o.Probe.Summary.includes(`: ${found.length} of `)) return `${k.name}: expected a count of ${found.length}: ${describeOutcome(o)}`;
        const soonest = [...found].sort((a, b) => Date.parse(a.NotAfterUtc) - Date.parse(b.NotAfterUtc) || a.Thumbprint.localeCompare(b.Thumbprint))[0];
        if (soonest && !o.Probe.Summary.includes(`soonest ${soonest.Thumbprint} on ${soonest.NotAfterUtc.slice(0, 10)}`)) return `${k.name}: expected the soonest ${soonest.Thumbprint}: ${describeOutcome(o)}`;
      }
      return undefined;
    },
  },
];

/** Holds `expect` for each check that `applies` selects, in every step. */
const forChecks = checkInvariants((k) => k);

const removing = (k: CheckInfo): boolean => k.hasFix && config(k).removeExpired && k.triggers.some((t) => t.kind === 'drift');

/** The remediation's fix ran with this outcome, when the check finds what the scenario set up. */
const fixIs = (outcome: 'fixed' | 'failed', error?: RegExp) => (step: StepView, o: CheckOutcome | undefined): string | undefined => {
  if (step.script !== 'remediate' || !o || o.Probe.State !== 'drift') return undefined;
  if (o.Fix !== outcome) return `expected the fix ${outcome}`;
  return error && !error.test(o.FixError ?? '') ? `expected an error like ${String(error)}` : undefined;
};

/** Soon (10 days), already expired without a key (2 days ago), and expired with a key (40 days ago). */
const MIXED =
  'Reset-RemcFakeCertificateStore -Certificate @((Get-RemcFakeOrdinaryCertificate) + @(' +
  "(New-RemcFakeCertificate -ExpiresInDays 10 -Subject 'CN=PC-0042 VPN' -HasPrivateKey $true), " +
  "(New-RemcFakeCertificate -ExpiresInDays -2 -Subject 'CN=PC-0042 old VPN'), " +
  "(New-RemcFakeCertificate -ExpiresInDays -40 -Subject 'CN=PC-0042 old device' -HasPrivateKey $true -Template '1.3.6.1.4.1.311.21.8.8923.4410.1.7')))";

export const scenarios: TemplateScenario[] = [
  {
    name: 'an ordinary managed device (certificates valid for months)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: 'Reset-RemcFakeCertificateStore',
  },
  {
    name: 'a certificate expires in 10 days',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeCertificateStore -Certificate @((Get-RemcFakeOrdinaryCertificate) + @(New-RemcFakeCertificate -ExpiresInDays 10 -Subject 'CN=PC-0042 VPN' -HasPrivateKey $true))",
    invariants: [
      {
        name: 'nothing is removed (it has not expired)',
        check: ({ step }) => (removals(step).length > 0 ? `removed ${removals(step).join(', ')}` : undefined),
      },
    ],
  },
  {
    name: 'expired certificates with and without a private key, and one that expires soon',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: MIXED,
  },
  {
    name: 'an expired certificate without a key cannot be removed (access denied)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup:
      "Reset-RemcFakeCertificateStore -RemoveError 'Access is denied.' -Certificate @((Get-RemcFakeOrdinaryCertificate) + @(" +
      "New-RemcFakeCertificate -ExpiresInDays -2 -Subject 'CN=PC-0042 old VPN'))",
    invariants: [forChecks('a removal that is denied fails the fix with the reason', removing, fixIs('failed', /could not remove [0-9A-F]{40} from .+: Access is denied\./))],
  },
  {
    name: 'the store does not exist on this device',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: 'Reset-RemcFakeCertificateStore -StoreMissing',
    invariants: [forChecks('the check says so, and is in its desired state', () => true, (_step, o) => (o?.Probe.State === 'ok' && /no such store on this device/.test(o.Probe.Summary) ? undefined : 'expected ok: no such store'))],
  },
  {
    name: 'the store cannot be read',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: "Reset-RemcFakeCertificateStore -QueryError 'Access is denied.'",
    invariants: [
      forChecks('the probe reports an error in every step, and nothing is removed', () => true, (step, o) => {
        if (removals(step).length > 0) return `removed ${removals(step).join(', ')}`;
        if (!o) return step.exitCode === 1 ? undefined : 'no outcome and not exit 1';
        return o.Probe.State === 'error' && (o.Probe.Error ?? '').includes('Access is denied.') ? undefined : 'expected a probe error';
      }),
      { name: 'every step exits 1', check: ({ step }) => (step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`) },
    ],
  },
];
