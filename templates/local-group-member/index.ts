/**
 * localGroupMember: keeps declared accounts in, or out of, one local group of the device, e.g.
 * `localGroupMember({ group: 'Administrators', members: ['CONTOSO\\Helpdesk'], ensure: 'present' })`
 * or "this account is not a local administrator" with `ensure: 'absent'`.
 *
 * How it reads and writes:
 * - The group is named by its SID: an English name of a built-in alias (`Administrators`,
 *   `Remote Desktop Users`, ...) is turned into its well-known SID here, at build time, and the device
 *   looks the SID up (LookupAccountSid, through .NET's SecurityIdentifier.Translate) to find the
 *   group's own name, so a French `Administrateurs` or a German `Administratoren` is the same group.
 * - The members are read through the ADSI WinNT provider (`[ADSI]"WinNT://./<group>,group"`, the
 *   group's `Members`, each member's `objectSid`), never with Get-LocalGroupMember, which fails on a
 *   group that holds the SID of a deleted domain or Entra account (PowerShell issues #2996, #21617),
 *   and never by parsing `net localgroup`, whose output is in the device's language.
 * - Members are compared by SID. A declared SID is used as written; a declared name
 *   (`CONTOSO\Helpdesk`, `AzureAD\jane@contoso.com`, `.\support` for a local account) is looked up
 *   on the device (LookupAccountName). A name the device cannot resolve is an error for that member,
 *   reported and never guessed; the other members are still kept as declared.
 *
 * Why it is safe:
 * - It adds or removes only the declared members of the declared group: no other member, no other
 *   group. `ensure: 'absent'` removes a declared member; it never empties a group.
 * - `exclusive` (opt-in) is the one exception: it removes the undeclared members too, but never the
 *   built-in Administrator (RID 500), never while a declared member is missing from the group, never
 *   more than `maxRemovals` in a run (none at all when more would go), and it names whom it removed.
 * - Each change is read back; a failure carries its Windows error code.
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

/**
 * The built-in local groups by their English names, with their well-known SIDs (Learn: "Well-known
 * SIDs", the DOMAIN_ALIAS_RID_* constants of winnt.h under S-1-5-32).
 */
const BUILTIN_GROUPS: Readonly<Record<string, string>> = {
  Administrators: 'S-1-5-32-544',
  Users: 'S-1-5-32-545',
  Guests: 'S-1-5-32-546',
  'Power Users': 'S-1-5-32-547',
  'Backup Operators': 'S-1-5-32-551',
  Replicator: 'S-1-5-32-552',
  'Remote Desktop Users': 'S-1-5-32-555',
  'Network Configuration Operators': 'S-1-5-32-556',
  'Performance Monitor Users': 'S-1-5-32-558',
  'Performance Log Users': 'S-1-5-32-559',
  'Distributed COM Users': 'S-1-5-32-562',
  IIS_IUSRS: 'S-1-5-32-568',
  'Cryptographic Operators': 'S-1-5-32-569',
  'Event Log Readers': 'S-1-5-32-573',
  'Hyper-V Administrators': 'S-1-5-32-578',
  'Access Control Assistance Operators': 'S-1-5-32-579',
  'Remote Management Users': 'S-1-5-32-580',
  'Device Owners': 'S-1-5-32-583',
};

/** A SID in its string form, S-1-5-21-...; the PowerShell checks the same pattern. */
const SID = /^S-1-\d+(?:-\d+)+$/;
/** A local group's SID: a built-in alias (S-1-5-32-RID) or a group of the device's own accounts (S-1-5-21-x-y-z-RID). */
const GROUP_SID = /^S-1-5-(?:32-\d+|21-\d+-\d+-\d+-\d+)$/;
/** DOMAIN\name, AzureAD\upn or .\name (an account of the device itself): no wildcards, no second backslash. */
const ACCOUNT = /^(?:\.|[^\\/*?"<>|:]+)\\[^\\/*?"<>|]+$/;

/** The group's SID, from a built-in group's English name (any case) or a SID; undefined when it is neither. */
function groupSid(group: string): string | undefined {
  if (GROUP_SID.test(group)) return group;
  const hit = Object.keys(BUILTIN_GROUPS).find((name) => name.toLowerCase() === group.trim().toLowerCase());
  return hit === undefined ? undefined : BUILTIN_GROUPS[hit];
}

function memberProblems(members: readonly string[]): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const seen = new Map<string, string>();
  for (const m of members) {
    if (!SID.test(m) && !ACCOUNT.test(m)) {
      problems.push({
        option: 'members',
        code: 'REMC105',
        message: `"${m}" is neither a SID (S-1-...) nor an account name with its domain (DOMAIN\\name, AzureAD\\user@contoso.com, .\\name)`,
        hint: 'Name the domain: a bare name could be a local or a domain account, and this check never guesses which. Entra groups are best given by SID (S-1-12-1-...).',
      });
      continue;
    }
    const key = m.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) problems.push({ option: 'members', code: 'REMC105', message: `"${m}" is listed twice (as "${first}" too)`, hint: 'List each member once.' });
    else seen.set(key, m);
  }
  return problems;
}

export const localGroupMember = defineTemplate({
  title: 'Local group membership',
  summary:
    'Keeps declared accounts in (present) or out of (absent) one local group, e.g. Administrators or Remote Desktop Users: ' +
    'the group is found by its SID in any Windows language, members are compared by SID (orphaned SIDs included), and only the declared members are added or removed.',
  example: String.raw`localGroupMember({ group: 'Remote Desktop Users', members: ['S-1-12-1-1307019558-1095313948-1185333899-1455320757', 'CONTOSO\\Helpdesk'], ensure: 'present' })`,
  defaultName: 'localGroup',
  // Changing a local group needs administrative rights (SYSTEM under Intune); reading it as SYSTEM
  // also reads the same group on every device, whoever is signed in.
  requirements: { runAs: ['system'], needsAdmin: true },
  options: {
    /**
     * The local group: the English name of a built-in group (`Administrators`, `Users`, `Guests`,
     * `Power Users`, `Remote Desktop Users`, `Hyper-V Administrators`, `Remote Management Users`,
     * `Event Log Readers`, ...: the list below), which is turned into its well-known SID, or a SID
     * (`S-1-5-32-544`; a group of the device's own accounts, `S-1-5-21-...`). The device finds the
     * group by that SID, whatever its language calls it.
     */
    group: option.string({ required: true }),
    /**
     * The accounts, each a SID (`S-1-12-1-...` for an Entra user or group, `S-1-5-21-...`) or a name
     * with its domain (`CONTOSO\Helpdesk`, `AzureAD\jane@contoso.com`, `.\support` for an account of
     * the device itself). A name is resolved to its SID on the device; one it cannot resolve is an
     * error for that member (reported, never guessed). Entra accounts and groups are best given by
     * SID: a device resolves `AzureAD\` names only for users it knows.
     */
    members: option.stringArray({ required: true, nonEmpty: true }),
    /** `present`: every member is in the group (added when missing). `absent`: none is (removed when there). */
    ensure: option.oneOf(['present', 'absent'], { required: true }),
    /**
     * Dangerous, off by default: with `ensure: 'present'`, the group must hold no member but the
     * declared ones and the device's built-in Administrator account (RID 500, always kept), and the fix
     * removes every other member, orphaned SIDs included. On an Entra-joined device that includes the
     * Global Administrator and Device Local Administrator role SIDs, on a domain-joined one Domain
     * Admins, unless declared. It removes nobody while any declared member is not in the group (not
     * resolved, or not added), so the declared members keep the group's rights; and nobody when more
     * than `maxRemovals` members would go. The fix's summary names whom it removed.
     */
    exclusive: option.boolean({ default: false }),
    /**
     * With `exclusive`: the most members one run may remove. When more would go, the fix removes none
     * and fails naming them, so a wrong declaration cannot strip a fleet's administrators; raise it only
     * after reading that list.
     */
    maxRemovals: option.number({ integer: true, min: 1, max: 100, defaultText: '5 (with exclusive)' }),
    /** Say what the fix would add or remove without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /** When the fix may run. A membership other than declared is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (p) => ({
    group: p.group,
    // Resolved at build time ('' when the declaration is wrong: validation refuses it first).
    groupSid: (typeof p.group === 'string' ? groupSid(p.group) : undefined) ?? '',
    members: [...(p.members ?? [])],
    ensure: p.ensure,
    exclusive: p.exclusive,
    maxRemovals: p.maxRemovals ?? 5,
    reportOnly: p.reportOnly,
  }),
  validate: (p) => {
    const problems: OptionProblem[] = [];
    if (typeof p.group === 'string' && groupSid(p.group) === undefined) {
      problems.push({
        option: 'group',
        code: 'REMC105',
        message: `"${p.group}" is neither the English name of a built-in local group nor a local group's SID (S-1-5-32-... or S-1-5-21-...)`,
        hint: `Use one of: ${Object.keys(BUILTIN_GROUPS).join(', ')}; or the group's SID. A localized name (Administrateurs) is not needed: the device finds the group by SID.`,
      });
    }
    if (Array.isArray(p.members)) problems.push(...memberProblems(p.members));
    if (p.exclusive && p.ensure === 'absent') {
      problems.push({
        option: 'exclusive',
        code: 'REMC106',
        message: "exclusive keeps the group to its declared members, and this check keeps them out of it (ensure: 'absent')",
        hint: "Declare ensure: 'present' with every member the group must keep, or remove exclusive.",
      });
    }
    if (p.maxRemovals !== undefined && !p.exclusive) {
      problems.push({ option: 'maxRemovals', code: 'REMC106', message: 'maxRemovals bounds what exclusive removes, and this check is not exclusive', hint: 'Remove maxRemovals, or declare exclusive: true.' });
    }
    return problems;
  },
  notes: [
    'Built-in groups by name: ' + Object.entries(BUILTIN_GROUPS).map(([name, sid]) => `\`${name}\` (${sid})`).join(', ') + '.',
  ],
});
