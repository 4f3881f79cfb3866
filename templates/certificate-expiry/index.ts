/**
 * certificateExpiry: certificates of one store that expire within `withinDays` are the symptom, e.g.
 * `certificateExpiry({ store: 'Cert:\\LocalMachine\\My', withinDays: 30, issuer: '*CN=Contoso Issuing CA*' })`
 * for the device certificates that autoenrollment failed to renew. Detect-only unless `removeExpired`
 * is set; the summary counts them and names the soonest by thumbprint and date (subjects can be long,
 * and may name people).
 *
 * With `removeExpired: true` the fix removes, from the personal stores only (`My`, `WebHosting`):
 * - only certificates already expired (never one merely expiring soon: it still works, and its
 *   renewal may need it), and only those the filters match;
 * - never one with a private key unless `removeWithPrivateKey` is set, and even then the key itself
 *   stays where it is (no `-DeleteKey`): data encrypted to an expired certificate (EFS files, S/MIME
 *   mail) can only be read with its key, so an expired certificate with a key is evidence to keep by
 *   default, and the key is never destroyed;
 * - never from the root, intermediate or publisher stores: an expired root still validates timestamped
 *   signatures, so the compiler refuses `removeExpired` there.
 * A certificate expiring soon stays a finding until it is renewed (remc does not renew certificates).
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

/** `Cert:\LocalMachine\My`, `Cert:\CurrentUser\My`: the store location, then the store's name. */
const STORE = /^Cert:\\(LocalMachine|CurrentUser)\\([A-Za-z][A-Za-z0-9 ._-]{0,63})$/i;

/** The stores the fix may remove from: personal certificates, never trust anchors or publishers. */
const REMOVABLE = ['my', 'webhosting'];

/** A certificate template's OID (the Certificate Template Information extension names it so). */
const TEMPLATE_OID = /^[0-2](\.(0|[1-9][0-9]*)){2,}$/;

export const certificateExpiry = defineTemplate({
  title: 'Certificate expiry',
  summary:
    'Finds certificates of a store that expire within N days (optionally only those of an issuer, subject or template), ' +
    'named by thumbprint; with removeExpired, removes the expired ones that hold no private key.',
  example: String.raw`certificateExpiry({ store: 'Cert:\\LocalMachine\\My', withinDays: 30, issuer: '*CN=Contoso Issuing CA*' })`,
  defaultName: 'certificates',
  // Nothing static: Cert:\CurrentUser needs runAs 'user' (under SYSTEM it is SYSTEM's own store), and
  // removing from Cert:\LocalMachine needs administrative rights (requirementsOf).
  options: {
    /**
     * The store, as PowerShell's certificate drive names it: `Cert:\LocalMachine\My` (the computer's
     * personal store) or `Cert:\CurrentUser\My` (the signed-in user's: needs `runAs: 'user'`). A store
     * the device does not have holds no certificates.
     */
    store: option.string({
      required: true,
      pattern: STORE,
      patternText: 'is not a certificate store such as Cert:\\LocalMachine\\My or Cert:\\CurrentUser\\My',
    }),
    /** A certificate whose NotAfter is at most this many days away is a finding (one already expired too). */
    withinDays: option.number({ required: true, integer: true, min: 0, max: 3650 }),
    /**
     * Only certificates whose issuer matches this PowerShell `-like` pattern (case-insensitive), e.g.
     * `*CN=Contoso Issuing CA*`. Left out, every issuer counts.
     */
    issuer: option.string({ nonEmpty: true, defaultText: 'every issuer' }),
    /** Only certificates whose subject matches this `-like` pattern, e.g. `CN=*.contoso.com`. Left out, every subject counts. */
    subject: option.string({ nonEmpty: true, defaultText: 'every subject' }),
    /**
     * Only certificates of this certificate template: its OID (e.g. `1.3.6.1.4.1.311.21.8.1234.5678.1.2`,
     * matched against the Certificate Template Information extension every template since version 2
     * writes; `certutil -v -store My` shows it), or the name a version 1 template writes (e.g. `Machine`).
     */
    certificateTemplate: option.string({ nonEmpty: true, defaultText: 'every template' }),
    /**
     * Let the fix remove the certificates that have already expired (and that the filters match), from
     * `My` or `WebHosting` only, e.g. with `withinDays: 0` (the finding is then the expired ones).
     * Certificates that expire soon are never removed: when the finding holds only such (or expired
     * ones with a key it keeps), the fix fails saying they need renewal, and the cool-down and
     * `maxFixes` bound how often it says so.
     */
    removeExpired: option.boolean({ default: false }),
    /**
     * With `removeExpired`: remove expired certificates that have a private key too. The key itself is
     * never deleted. Left false, they are kept and named in the summary.
     */
    removeWithPrivateKey: option.boolean({ default: false }),
    /** When the removal may run (only with `removeExpired: true`). The finding is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  fixesOnly: { when: (p) => p.removeExpired === true, text: 'with removeExpired: true' },
  config: (p) => ({
    store: p.store,
    withinDays: p.withinDays,
    // Always present in $Config: '' means "not filtered".
    issuer: p.issuer ?? '',
    subject: p.subject ?? '',
    template: p.certificateTemplate ?? '',
    templateIsOid: typeof p.certificateTemplate === 'string' && TEMPLATE_OID.test(p.certificateTemplate),
    removeExpired: p.removeExpired,
    removeWithPrivateKey: p.removeWithPrivateKey,
  }),
  requirementsOf: (p) => {
    const store = typeof p.store === 'string' ? STORE.exec(p.store) : null;
    if (!store) return {};
    if (store[1]!.toLowerCase() === 'currentuser') return { runAs: ['user'] };
    return p.removeExpired ? { runAs: ['system'], needsAdmin: true } : {};
  },
  validate: (p) => {
    const problems: OptionProblem[] = [];
    const name = typeof p.store === 'string' ? STORE.exec(p.store)?.[2] : undefined;
    if (p.removeExpired && name !== undefined && !REMOVABLE.includes(name.toLowerCase())) {
      problems.push({
        option: 'removeExpired',
        message: `removeExpired removes only from the personal stores (My, WebHosting), not from ${name}: an expired root or intermediate certificate still validates timestamped signatures`,
        hint: 'Leave removeExpired out to report the expiring certificates of this store.',
      });
    }
    if (p.removeWithPrivateKey && !p.removeExpired) {
      problems.push({ option: 'removeWithPrivateKey', message: 'removeWithPrivateKey needs removeExpired: true', hint: 'Set removeExpired: true, or remove removeWithPrivateKey.' });
    }
    return problems;
  },
});
