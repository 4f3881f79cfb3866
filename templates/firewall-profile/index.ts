/**
 * firewallProfile: keeps Windows Defender Firewall on (or, declared, off) on the declared network
 * profiles, and when declared their default inbound action, e.g. `firewallProfile({})` for the field's
 * commonest firewall repair, "the firewall was turned off on the Private profile". The probe reads the
 * profiles with `Get-NetFirewallProfile -PolicyStore ActiveStore` (the policy in force) and
 * `-PolicyStore PersistentStore` (the local store); the fix runs `Set-NetFirewallProfile -Profile <p>
 * -PolicyStore PersistentStore -Enabled True` (or `-DefaultInboundAction`) and reads the policy in force
 * again.
 *
 * Why it is safe:
 * - It writes only the local store, and only the declared settings of the declared profiles that are
 *   not as declared in force; a profile already as declared is never written.
 * - It never fights a policy. A Group Policy or Intune (MDM) firewall policy wins over the local store:
 *   when the local store already holds the declared value and the policy in force differs, a policy
 *   decides it, so the probe says so with advice ("change that policy") and the fix writes nothing for
 *   it. When a policy decides all of the drift, the fix does not run and the run says ACTION NEEDED
 *   (the probe's `Repairable = $false`); beside a local setting to fix, it fixes that one and names
 *   the policy's. When a written value does not take effect (a policy decides it too), the fix says
 *   that, never "fixed".
 * - Values are read by their enum names (GpoBoolean, Action), never by display text, and never as
 *   [bool]: NotConfigured is not read as on. A value in force it does not know is an error, not a verdict.
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

const PROFILES = ['domain', 'private', 'public'] as const;
type Profile = (typeof PROFILES)[number];

/** `profiles`: a non-empty list of the three profile names, each at most once. */
const profileList = option.custom<readonly Profile[], false>(
  "an array of 'domain', 'private' and 'public'",
  { type: 'array', items: { enum: [...PROFILES] }, minItems: 1, uniqueItems: true },
  (value) => {
    if (!Array.isArray(value)) return `expected an array of 'domain', 'private' and 'public', got ${typeof value}`;
    if (value.length === 0) return 'must list at least one profile';
    for (const [i, v] of value.entries()) {
      if (typeof v !== 'string' || !(PROFILES as readonly string[]).includes(v)) return `item ${i} must be 'domain', 'private' or 'public', got ${JSON.stringify(v)}`;
      if (value.indexOf(v) !== i) return `lists '${v}' twice`;
    }
    return undefined;
  },
  { default: [...PROFILES] },
);

export const firewallProfile = defineTemplate({
  title: 'Windows Defender Firewall profile',
  summary:
    'Keeps Windows Defender Firewall on (and, when declared, its default inbound action) on the Domain, Private and Public profiles through the local store; ' +
    'a value a Group Policy or Intune (MDM) policy decides is reported with advice and never written locally.',
  example: "firewallProfile({ profiles: ['private', 'public'], defaultInboundAction: 'block' })",
  defaultName: 'firewall',
  // Set-NetFirewallProfile needs administrative rights (SYSTEM under Intune). A 64-bit host: the NetSecurity
  // module and its MSFT_NetFirewallProfile provider are those of the 64-bit Windows, as for the other
  // templates that reach a Windows component's own CIM provider (bitlockerStatus).
  requirements: { runAs: ['system'], needsAdmin: true, needs64Bit: true },
  options: {
    /** The network profiles to keep as declared: `domain`, `private` and `public` (the firewall's three). */
    profiles: profileList,
    /**
     * Whether the firewall must be on (`true`) or off (`false`) on those profiles. Off is for devices
     * where another firewall is in force (REMC110 warns).
     */
    enabled: option.boolean({ default: true }),
    /**
     * The action for inbound connections no rule matches: `block` (Windows' default) or `allow` (REMC111
     * warns). Left out, the default inbound action is not checked.
     */
    defaultInboundAction: option.oneOf(['block', 'allow']),
    /** Say what the fix would change without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /** When the fix may run. A profile not as declared is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (p) => ({
    profiles: [...p.profiles],
    enabled: p.enabled,
    // Always present in $Config: '' means "the default inbound action is not checked".
    defaultInboundAction: p.defaultInboundAction ?? '',
    reportOnly: p.reportOnly,
  }),
  validate: (p) => {
    const problems: OptionProblem[] = [];
    if (!p.enabled) {
      problems.push({
        option: 'enabled',
        code: 'REMC110',
        severity: 'warning',
        message: `enabled: false turns Windows Defender Firewall off on ${p.profiles.join(', ')}`,
        hint: 'Declare enabled: true (the default), unless another firewall is in force on these devices.',
      });
    }
    if (p.defaultInboundAction === 'allow') {
      problems.push({
        option: 'defaultInboundAction',
        code: 'REMC111',
        severity: 'warning',
        message: `defaultInboundAction: 'allow' lets in every inbound connection no rule blocks on ${p.profiles.join(', ')}`,
        hint: "Declare 'block' (Windows' default) and allow what needs it with firewall rules.",
      });
    }
    return problems;
  },
});
