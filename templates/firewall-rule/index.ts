/**
 * firewallRule: keeps a built-in Windows Defender Firewall rule, or every rule of a built-in group,
 * enabled or disabled, e.g. `firewallRule({ group: '@FirewallAPI.dll,-28752', enabled: false })` (the
 * Remote Desktop rules off) or `firewallRule({ name: 'FPS-SMB-In-TCP', enabled: false })`. The probe
 * reads the rules in force with `Get-NetFirewallRule -Name | -Group ... -PolicyStore ActiveStore`; the fix
 * runs `Enable-NetFirewallRule` / `Disable-NetFirewallRule -Name <rule> -PolicyStore PersistentStore` for
 * each rule that differs and reads the rules in force again.
 *
 * Why it is safe:
 * - Rules are matched by their Name or their Group (an indirect string such as `@FirewallAPI.dll,-28752`),
 *   exactly and without wildcards, never by DisplayName or DisplayGroup, which Windows translates.
 * - It never creates, removes or edits a rule: it only enables or disables rules that exist, one by one,
 *   by Name, in the local store.
 * - It never fights a policy: a rule in force that comes from a Group Policy or MDM (PolicyStoreSourceType
 *   other than Local) is reported with advice and never written, and a write that does not take effect
 *   is reported as such, never as fixed. When policies decide every rule out of place, or a rule that
 *   must be enabled does not exist, the fix does not run and the run says ACTION NEEDED.
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option } from '../../compiler/declare/template.ts';

const LITERAL = /^[^*?[\]]{1,255}$/;

export const firewallRule = defineTemplate({
  title: 'Windows Defender Firewall rule',
  summary:
    'Keeps a built-in firewall rule (by its Name) or every rule of a built-in group (by its Group) enabled or disabled, in the local store; ' +
    'a rule a Group Policy or Intune (MDM) policy decides is reported with advice and never written, and no rule is ever created.',
  example: "firewallRule({ group: '@FirewallAPI.dll,-28752', enabled: false })",
  defaultName: 'firewallRule',
  // Enable-/Disable-NetFirewallRule need administrative rights (SYSTEM under Intune); a 64-bit host, as
  // firewallProfile (the NetSecurity module and its provider are the 64-bit Windows' own).
  requirements: { runAs: ['system'], needsAdmin: true, needs64Bit: true },
  options: {
    /**
     * The rule's Name, as `Get-NetFirewallRule` lists it in `Name` (e.g. `RemoteDesktop-UserMode-In-TCP`,
     * `FPS-SMB-In-TCP`), not its DisplayName. Matched exactly, no wildcards. Give `name` or `group`.
     */
    name: option.string({ nonEmpty: true, pattern: LITERAL, patternText: 'is not a rule name (no wildcards or brackets, at most 255 characters)' }),
    /**
     * The rules' Group, as `Get-NetFirewallRule` lists it in `Group` (e.g. `@FirewallAPI.dll,-28752` for
     * Remote Desktop), not its DisplayGroup: every rule of the group is kept. Give `name` or `group`.
     */
    group: option.string({ nonEmpty: true, pattern: LITERAL, patternText: 'is not a rule group (no wildcards or brackets, at most 255 characters)' }),
    /** Whether the rules must be enabled (`true`) or disabled (`false`). A rule Windows does not have counts as disabled. */
    enabled: option.boolean({ required: true }),
    /** Say what the fix would change without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /** When the fix may run. A rule not as declared is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (p) => ({
    // Both always present in $Config: '' for the one not declared.
    name: p.name ?? '',
    group: p.group ?? '',
    enabled: p.enabled,
    reportOnly: p.reportOnly,
  }),
  validate: (p) => {
    if ((p.name === undefined) !== (p.group === undefined)) return [];
    return [
      p.name === undefined
        ? { code: 'REMC112', message: 'names no rule: give name (a rule\'s Name) or group (a rule group\'s Group)' }
        : { option: 'group', code: 'REMC112', message: 'gives both name and group: a check keeps one rule or one group' },
    ];
  },
});
