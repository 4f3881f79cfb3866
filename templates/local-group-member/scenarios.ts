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
  readonly reportOnly: boolean;
}

function declared(k: CheckInfo): Declared {
  const c = k.config;
  const members = Array.isArray(c['Members']) ? (c['Members'] as unknown[]).map(String) : [String(c['Members'])];
  return { groupSid: String(c['GroupSid']), members, ensure: c['Ensure'] === 'absent' ? 'absent' : 'present', reportOnly: c['ReportOnly'] === true };
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

function describe(o: CheckOutcome | undefined): string {
  if (!o) return '(no outcome for the check)';
  return `probe ${o.Probe.State} "${o.Probe.Summary}"${o.Probe.Error ? ` error "${o.Probe.Error}"` : ''}, fix ${o.Fix}${o.FixSummary ? ` "${o.FixSummary}"` : ''}${o.FixError ? ` error "${o.FixError}"` : ''}`;
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
    name: 'changes only declared members of declared groups: adds for ensure present, removes for ensure absent, each at most once per run',
    check: ({ step, checks }) => {
      const seen = new Set<string>();
      for (const c of changes(step)) {
        const mine = owners(step, checks, c);
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
    name: 'no other group changes, and no member the checks do not declare leaves or joins a group',
    check: ({ step, checks }) => {
      for (const g of groups(step.state)) {
        const before = membersOf(groupBySid(step.before, g.Sid));
        const after = membersOf(g);
        const moved = [...after.filter((m) => !before.includes(m)), ...before.filter((m) => !after.includes(m))];
        for (const sid of moved) {
          const declaredHere = checks.some((k) => same(declared(k).groupSid, g.Sid) && declared(k).members.some((m) => sidOf(step.before, m) === sid));
          if (!declaredHere) return `${sid} moved in or out of ${g.Name} (${g.Sid}), which no check declares`;
        }
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
        if (wrong) return `${k.name} says fixed, but ${wrong}: ${describe(o)}`;
      }
      return undefined;
    },
  },
];

/** Holds `expect` for each check that `applies` selects, in every step. */
function forChecks(
  name: string,
  applies: (d: Declared, k: CheckInfo, state: FakeState) => boolean,
  expect: (step: StepView, o: CheckOutcome | undefined, d: Declared) => string | undefined,
): ScenarioInvariant {
  return {
    name,
    check: ({ step, checks, previous }) => {
      const first = previous[0]?.before ?? step.before;
      for (const k of checks) {
        const d = declared(k);
        if (!applies(d, k, first)) continue;
        const wrong = expect(step, checkOutcome(step, k.name), d);
        if (wrong) return `${k.name} (${d.ensure} ${d.members.join(', ')} in ${d.groupSid}, ${step.label}): ${wrong}: ${describe(checkOutcome(step, k.name))}`;
      }
      return undefined;
    },
  };
}

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

/** The declared groups' SIDs, in PowerShell, from the scenario's checks. */
const DECLARED_GROUPS = "@($ScenarioChecks | Where-Object { $_.Probe -eq 'Test-RemcLocalGroupMember' } | ForEach-Object { [string]$_.Config.GroupSid })";

export const scenarios: TemplateScenario[] = [
  {
    name: 'every declared member is in its group',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: declaredMembers('in'),
    invariants: [
      forChecks('a check that keeps its members present is left alone', (d) => d.ensure === 'present', alwaysOk),
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
        name: 'the orphaned SID stays in every group unless a check declares it absent',
        check: ({ step, checks }) => {
          if (checks.some((k) => declared(k).ensure === 'absent' && declared(k).members.some((m) => same(m, ORPHAN)))) return undefined;
          const lost = groups(step.state).filter((g) => membersOf(groupBySid(step.before, g.Sid)).includes(ORPHAN) && !membersOf(g).includes(ORPHAN));
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
      forChecks('a check that keeps its members present is left alone', (d) => d.ensure === 'present', alwaysOk),
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
