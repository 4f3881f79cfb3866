/**
 * Scenarios of local-group-member, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1).
 *
 * The group and members a check declares come from the remediation: the setups hand the fakes the
 * declared checks (`$ScenarioChecks`), which make every declared group exist and every declared name an
 * account, and place the declared members in or out of their group. What must happen then depends on
 * each check's `ensure`, reportOnly and triggers, so the invariants read them from `ctx.checks`.
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

/** An ordinary Entra-joined client in English; declared groups exist, declared names resolve. */
export const neutralSetup = 'Reset-RemcFakeLocalGroup';

/** The SID of a deleted domain account the orphan scenario puts in every declared group. */
const ORPHAN = 'S-1-5-21-3623811015-3361044348-30300820-1999';

interface GroupEntry {
  readonly Sid: string;
  readonly Name: string;
  readonly Members: readonly string[] | string | null;
}

interface AccountEntry {
  readonly Name: string;
  readonly Sid: string;
}

/** One check's options, from its `$Config` (PascalCase keys, defaults resolved). */
interface Declared {
  readonly groupSid: string;
  readonly members: readonly string[];
  readonly ensure: 'present' | 'absent';
  readonly exclusive: boolean;
  readonly maxRemovals: number;
  readonly reportOnly: boolean;
}

function declared(k: CheckInfo): Declared {
  const c = k.config;
  const members = Array.isArray(c['Members']) ? (c['Members'] as unknown[]).map(String) : [String(c['Members'])];
  return {
    groupSid: String(c['GroupSid']),
    members,
    ensure: c['Ensure'] === 'absent' ? 'absent' : 'present',
    exclusive: c['Exclusive'] === true,
    maxRemovals: typeof c['MaxRemovals'] === 'number' ? c['MaxRemovals'] : 5,
    reportOnly: c['ReportOnly'] === true,
  };
}

/** The device's built-in Administrator (RID 500 of its own accounts), which exclusive never removes. */
function builtinAdmin(state: FakeState): string | undefined {
  const computer = String(state['LocalGroupComputer'] ?? '');
  return stateList<AccountEntry>(state, 'LocalGroupAccounts').find((a) => same(a.Name, `${computer}\\Administrator`))?.Sid.toUpperCase();
}

/** An exclusive check of that group, which may remove its undeclared members. */
function exclusiveOf(checks: readonly CheckInfo[], groupSid: string): CheckInfo | undefined {
  return checks.find((k) => declared(k).exclusive && !declared(k).reportOnly && same(declared(k).groupSid, groupSid));
}

const isSid = (text: string): boolean => /^S-1-\d+(?:-\d+)+$/i.test(text);
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function groups(state: FakeState): GroupEntry[] {
  return stateList<GroupEntry>(state, 'LocalGroupList');
}

function membersOf(g: GroupEntry | undefined): string[] {
  if (!g || g.Members === null || g.Members === undefined) return [];
  return (Array.isArray(g.Members) ? g.Members : [g.Members]).map((m) => String(m).toUpperCase());
}

function groupBySid(state: FakeState, sid: string): GroupEntry | undefined {
  return groups(state).find((g) => same(g.Sid, sid));
}

/** A declared member's SID on the simulated device (undefined when the device cannot resolve it). */
function sidOf(state: FakeState, text: string): string | undefined {
  if (isSid(text)) return text.toUpperCase();
  const computer = String(state['LocalGroupComputer'] ?? '');
  const name = text.startsWith('.\\') ? computer + text.slice(1) : text;
  return stateList<AccountEntry>(state, 'LocalGroupAccounts').find((a) => same(a.Name, name))?.Sid.toUpperCase();
}

function onDrift(k: CheckInfo): boolean {
  return k.hasFix && k.triggers.some((t) => t.kind === 'drift');
}

/** A change of this step: 'add:<group name>:<sid>' or 'remove:<group name>:<sid>', parsed. */
interface Change {
  readonly verb: 'add' | 'remove';
  readonly group: string;
  readonly sid: string;
  readonly text: string;
}

function changes(step: StepView): Change[] {
  return added<string>(step, 'LocalGroupCalls')
    .filter((c) => c.startsWith('add:') || c.startsWith('remove:'))
    .map((text) => {
      const [verb, ...rest] = text.split(':');
      const sid = rest.pop() ?? '';
      return { verb: verb === 'add' ? 'add' : 'remove', group: rest.join(':'), sid: sid.toUpperCase(), text };
    });
}

/** The checks whose declaration covers a change: its group (by this Windows' name) and one of its members. */
function owners(step: StepView, checks: readonly CheckInfo[], c: Change): CheckInfo[] {
  return checks.filter((k) => {
    const d = declared(k);
    const g = groupBySid(step.before, d.groupSid);
    return g !== undefined && same(g.Name, c.group) && d.members.some((m) => sidOf(step.before, m) === c.sid);
  });
}


/** Whether every member the device resolves is where the check declares it. */
function asDeclared(state: FakeState, d: Declared): string | undefined {
  const members = membersOf(groupBySid(state, d.groupSid));
  for (const m of d.members) {
    const sid = sidOf(state, m);
    if (sid === undefined) continue;
    if ((d.ensure === 'present') !== members.includes(sid)) return `${m} is ${d.ensure === 'present' ? 'not ' : ''}a member`;
  }
  return undefined;
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'detection adds and removes nobody',
    check: ({ step }) => (step.script === 'detect' && changes(step).length > 0 ? `detection called ${changes(step).map((c) => c.text).join(', ')}` : undefined),
  },
  {
    name: 'changes only declared members of declared groups (adds for ensure present, removes for ensure absent), or removes undeclared ones for an exclusive check, each at most once per run',
    check: ({ step, checks }) => {
      const seen = new Set<string>();
      for (const c of changes(step)) {
        const mine = owners(step, checks, c);
        const group = groups(step.before).find((g) => g.Name === c.group);
        if (mine.length === 0 && c.verb === 'remove' && group && exclusiveOf(checks, group.Sid)) continue;
        if (mine.length === 0) return `${c.text}: no check declares that member of that group`;
        const want = c.verb === 'add' ? 'present' : 'absent';
        if (!mine.some((k) => declared(k).ensure === want)) return `${c.text}: the declaring check keeps it ${declared(mine[0]!).ensure}`;
        if (seen.has(c.text)) return `${c.text} twice`;
        seen.add(c.text);
      }
      return undefined;
    },
  },
  {
    name: 'report-only changes nothing',
    check: ({ step, checks }) => {
      const bad = changes(step).filter((c) => {
        const mine = owners(step, checks, c);
        return mine.length > 0 && mine.every((k) => declared(k).reportOnly);
      });
      return bad.length > 0 ? `a report-only check called ${bad.map((c) => c.text).join(', ')}` : undefined;
    },
  },
  {
    name: 'no other group changes, and no member the checks do not declare leaves or joins a group, but undeclared members an exclusive check removes',
    check: ({ step, checks }) => {
      for (const g of groups(step.state)) {
        const before = membersOf(groupBySid(step.before, g.Sid));
        const after = membersOf(g);
        const joined = after.filter((m) => !before.includes(m));
        const left = before.filter((m) => !after.includes(m));
        const declaredHere = (sid: string) => checks.some((k) => same(declared(k).groupSid, g.Sid) && declared(k).members.some((m) => sidOf(step.before, m) === sid));
        const exclusive = exclusiveOf(checks, g.Sid);
        for (const sid of joined) if (!declaredHere(sid)) return `${sid} joined ${g.Name} (${g.Sid}), which no check declares`;
        for (const sid of left) if (!declaredHere(sid) && !exclusive) return `${sid} left ${g.Name} (${g.Sid}), which no check declares`;
      }
      return undefined;
    },
  },
  {
    name: 'exclusive never removes the built-in Administrator, never more than maxRemovals a run, and never while a declared member is missing',
    check: ({ step, checks }) => {
      for (const k of checks.filter((c) => declared(c).exclusive)) {
        const d = declared(k);
        const g = groupBySid(step.state, d.groupSid);
        if (!g) continue;
        const before = membersOf(groupBySid(step.before, d.groupSid));
        const after = membersOf(g);
        const admin = builtinAdmin(step.before);
        if (admin && before.includes(admin) && !after.includes(admin)) return `${k.name} removed the built-in Administrator from ${g.Name}`;
        const gone = before.filter((m) => !after.includes(m) && !d.members.some((t) => sidOf(step.before, t) === m));
        if (gone.length > d.maxRemovals) return `${k.name} removed ${gone.length} undeclared members, more than maxRemovals (${d.maxRemovals})`;
        const missing = d.members.filter((t) => sidOf(step.state, t) === undefined || !after.includes(sidOf(step.state, t)!));
        if (gone.length > 0 && missing.length > 0) return `${k.name} removed ${gone.join(', ')} while ${missing.join(', ')} is not in ${g.Name}`;
      }
      return undefined;
    },
  },
  {
    name: 'a fix that reports success leaves every resolvable declared member as declared',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (o?.Fix !== 'fixed') continue;
        const wrong = asDeclared(step.state, declared(k));
        if (wrong) return `${k.name} says fixed, but ${wrong}: ${describeOutcome(o)}`;
      }
      return undefined;
    },
  },
];

/** Holds `expect` for each check that `applies` selects, in every step. */
const forChecks = checkInvariants(declared, (d) => `${d.ensure} ${d.members.join(', ')} in ${d.groupSid}`);

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
    if (fixOutcome === 'fixed') return o.Probe.State === 'ok' ? undefined : 'expected the group as declared';
    return o.Probe.State === 'drift' ? undefined : 'expected the drift to remain';
  };
}

const alwaysOk = (_step: StepView, o: CheckOutcome | undefined): string | undefined =>
  o?.Probe.State === 'ok' && o.Fix === 'none' ? undefined : 'expected the probe ok and no fix';

const repairs = (ensure: 'present' | 'absent') => (d: Declared, k: CheckInfo): boolean => onDrift(k) && !d.reportOnly && d.ensure === ensure;

const nothingChanges: ScenarioInvariant = {
  name: 'nobody is added or removed',
  check: ({ step }) => (changes(step).length > 0 ? `called ${changes(step).map((c) => c.text).join(', ')}` : undefined),
};

/** The fakes with the declared members placed `where`, and more arguments. */
const declaredMembers = (where: 'in' | 'out', args = ''): string => `Reset-RemcFakeLocalGroup -DeclaredMembers '${where}'${args ? ` ${args}` : ''}`;

/** The scenarios about exclusive are about exclusive checks (probed in every run). */
const EXCLUSIVE = {
  check: (k: CheckInfo, r: Parameters<typeof PROBED_IN_EVERY_RUN.check>[1]) => declared(k).exclusive && PROBED_IN_EVERY_RUN.check(k, r),
  reason: 'it is not exclusive (or its probe runs only when a symptom of another check calls for its fix)',
};

/** The ordinary groups, each with an undeclared CONTOSO user (CONTOSO\\jdoe) and the built-in Administrator (RID 500). */
const EVERY_GROUP_WITH_OTHERS =
  "@(Get-RemcFakeOrdinaryLocalGroup | ForEach-Object { foreach ($sid in 'S-1-5-21-3623811015-3361044348-30300820-1104', 'S-1-5-21-1004336348-1177238915-682003330-500') { if (-not $_.Members.Contains($sid)) { $null = $_.Members.Add($sid) } }; $_ })";

/** One orphaned SID more than the largest maxRemovals the checks declare. */
const MORE_THAN_MAX =
  "@(1..(1 + (@($ScenarioChecks | Where-Object { $_.Probe -eq 'Test-RemcLocalGroupMember' } | ForEach-Object { [int]$_.Config.MaxRemovals }) + 5 | Measure-Object -Maximum).Maximum) | ForEach-Object { 'S-1-5-21-3623811015-3361044348-30300820-' + (3000 + $_) })";

/** The declared groups' SIDs, in PowerShell, from the scenario's checks. */
const DECLARED_GROUPS = "@($ScenarioChecks | Where-Object { $_.Probe -eq 'Test-RemcLocalGroupMember' } | ForEach-Object { [string]$_.Config.GroupSid })";

export const scenarios: TemplateScenario[] = [
  {
    name: 'every declared member is in its group',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: declaredMembers('in'),
    invariants: [
      // An exclusive check also judges the members it does not declare: the exclusive scenarios are about it.
      forChecks('a check that keeps its members present, not exclusive, is left alone', (d) => d.ensure === 'present' && !d.exclusive, alwaysOk),
      forChecks('with a drift trigger, a check that keeps them absent is due, removes them, and is fine afterwards', repairs('absent'), driftThen('fixed')),
    ],
  },
  {
    name: 'no declared member is in its group',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: declaredMembers('out'),
    invariants: [
      forChecks('a check that keeps its members absent is left alone', (d) => d.ensure === 'absent', alwaysOk),
      forChecks('with a drift trigger, a check that keeps them present is due, adds them, and is fine afterwards', repairs('present'), driftThen('fixed')),
    ],
  },
  {
    name: 'the group holds an orphaned SID (a deleted domain account, on which Get-LocalGroupMember fails)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: declaredMembers('out', `-Orphan @('${ORPHAN}')`),
    invariants: [
      forChecks('a check that keeps its members absent is fine, unless it names the orphaned SID', (d) => d.ensure === 'absent' && !d.members.some((m) => same(m, ORPHAN)), alwaysOk),
      forChecks('with a drift trigger, a check that keeps them present adds them beside the orphaned SID', repairs('present'), driftThen('fixed')),
      {
        name: 'the orphaned SID stays in every group unless a check declares it absent or keeps the group exclusive',
        check: ({ step, checks }) => {
          if (checks.some((k) => declared(k).ensure === 'absent' && declared(k).members.some((m) => same(m, ORPHAN)))) return undefined;
          const lost = groups(step.state).filter((g) => !exclusiveOf(checks, g.Sid) && membersOf(groupBySid(step.before, g.Sid)).includes(ORPHAN) && !membersOf(g).includes(ORPHAN));
          return lost.length > 0 ? `${ORPHAN} left ${lost.map((g) => g.Name).join(', ')}` : undefined;
        },
      },
    ],
  },
  {
    name: 'a French Windows (Administrateurs): the group is found by its SID',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: declaredMembers('out', "-Language 'fr'"),
    invariants: [
      forChecks('with a drift trigger, a check that keeps its members present adds them, and is fine afterwards', repairs('present'), driftThen('fixed')),
      forChecks('a check that keeps its members absent is left alone', (d) => d.ensure === 'absent', alwaysOk),
      {
        name: 'every change names the group as this Windows does',
        check: ({ step }) => {
          const names = groups(step.before).map((g) => g.Name);
          const bad = changes(step).filter((c) => !names.includes(c.group));
          return bad.length > 0 ? `${bad.map((c) => c.text).join(', ')}: not a group name of this Windows (${names.join(', ')})` : undefined;
        },
      },
    ],
  },
  {
    name: 'a German Windows (Administratoren, VORDEFINIERT): the group is found by its SID',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: declaredMembers('in', "-Language 'de'"),
    invariants: [
      // An exclusive check also judges the members it does not declare: the exclusive scenarios are about it.
      forChecks('a check that keeps its members present, not exclusive, is left alone', (d) => d.ensure === 'present' && !d.exclusive, alwaysOk),
      forChecks('with a drift trigger, a check that keeps them absent removes them', repairs('absent'), driftThen('fixed')),
    ],
  },
  {
    name: 'no declared name can be resolved on this device (the domain or Entra ID does not know it)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: declaredMembers('out', "-Unresolvable @('*')"),
    invariants: [
      forChecks('a check that declares names says which it cannot resolve, in every step, and never guesses', (d) => d.members.some((m) => !isSid(m)), (step, o) => {
        if (!o) return step.exitCode === 1 ? undefined : 'no outcome and not exit 1';
        const said = [o.Probe.Summary, o.Probe.Error ?? '', o.FixError ?? ''].join(' ');
        return /cannot resolve .+ on this device/.test(said) ? undefined : 'expected "cannot resolve ... on this device"';
      }),
      {
        name: 'nobody is added or removed under a declared name',
        check: ({ step, checks }) => {
          const names = checks.flatMap((k) => declared(k).members.filter((m) => !isSid(m)));
          return names.length > 0 && changes(step).some((c) => !checks.some((k) => declared(k).members.some((m) => isSid(m) && same(m, c.sid))))
            ? `changed ${changes(step).map((c) => c.text).join(', ')}, which no declared SID names`
            : undefined;
        },
      },
    ],
  },
  {
    name: 'Windows refuses every change (access denied, 0x80070005)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: declaredMembers('out', '-AddError 0x80070005 -RemoveError 0x80070005'),
    invariants: [
      forChecks('with a drift trigger, a check that keeps its members present fails once with the error code', repairs('present'), driftThen('failed', /could not add: error 0x80070005 \(access denied/)),
      {
        name: 'membership is unchanged',
        check: ({ step }) => (groups(step.state).some((g) => membersOf(g).join() !== membersOf(groupBySid(step.before, g.Sid)).join()) ? 'a group changed' : undefined),
      },
    ],
  },
  {
    name: 'the group holds undeclared members besides the built-in Administrator (exclusive)',
    appliesTo: EXCLUSIVE,
    setup: declaredMembers('out', `-Orphan @('${ORPHAN}') -Group ${EVERY_GROUP_WITH_OTHERS}`),
    invariants: [
      forChecks('with a drift trigger, an exclusive check adds the declared members, removes the others, names them, and is fine afterwards', (d, k) => d.exclusive && onDrift(k) && !d.reportOnly, (step, o) => {
        const wrong = driftThen('fixed')(step, o);
        if (wrong) return wrong;
        return step.label === 'remediate' && !/\(not declared\)/.test(o?.FixSummary ?? '') ? 'expected the summary to name the removed members' : undefined;
      }),
      {
        name: 'afterwards an exclusive group holds the declared members and the built-in Administrator, and nobody else',
        check: ({ step, checks }) => {
          if (step.script !== 'remediate') return undefined;
          for (const k of checks.filter((c) => declared(c).exclusive && !declared(c).reportOnly && onDrift(c) && checkOutcome(step, c.name)?.Fix === 'fixed')) {
            const d = declared(k);
            const keep = [...d.members.map((m) => sidOf(step.state, m)), builtinAdmin(step.state)];
            const extra = membersOf(groupBySid(step.state, d.groupSid)).filter((m) => !keep.includes(m));
            if (extra.length > 0) return `${k.name}: ${extra.join(', ')} still in the group`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'more undeclared members than maxRemovals (exclusive)',
    appliesTo: EXCLUSIVE,
    setup: declaredMembers('in', `-Orphan ${MORE_THAN_MAX}`),
    invariants: [
      {
        name: 'nobody leaves an exclusive group',
        check: ({ step, checks }) => {
          const bad = changes(step).filter((c) => c.verb === 'remove' && checks.some((k) => declared(k).exclusive && groupBySid(step.before, declared(k).groupSid)?.Name === c.group));
          return bad.length > 0 ? `called ${bad.map((c) => c.text).join(', ')}` : undefined;
        },
      },
      forChecks('with a drift trigger, an exclusive check fails naming maxRemovals, and removes nobody', (d, k) => d.exclusive && onDrift(k) && !d.reportOnly, driftThen('failed', /removed no undeclared member: \d+ would go, more than maxRemovals \(\d+\): S-1-/)),
    ],
  },
  {
    name: 'the declared group does not exist on this device',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeLocalGroup -Missing ${DECLARED_GROUPS}`,
    invariants: [
      nothingChanges,
      forChecks('a check that keeps its members absent is fine', (d) => d.ensure === 'absent', alwaysOk),
      forChecks('a check that keeps its members present reports an error in every step, and no fix runs', (d) => d.ensure === 'present', (step, o) => {
        if (!o) return step.exitCode === 1 ? undefined : 'no outcome and not exit 1';
        if (o.Probe.State !== 'error' || !/does not exist on this device/.test(o.Probe.Error ?? '')) return 'expected a probe error: does not exist on this device';
        return o.Fix === 'fixed' || o.Fix === 'failed' || o.Fix === 'reported' ? 'a fix ran on a probe error' : undefined;
      }),
    ],
  },
];
