/**
 * Scenarios of registry-value's `forEachUser` (an HKCU value kept in every real user's hive from
 * SYSTEM): users signed in and not, system, temporary and backup profiles that must be skipped, and a
 * user whose NTUSER.DAT cannot be loaded. The fakes (fakes.ps1) load a hive that is not loaded as
 * HKU\remc_<SID> and record its calls at HKU\<SID>.
 */
import { added, alwaysProbed, checkOutcome, stateList, type CheckInfo, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** A check that keeps its HKCU value for every user. */
export function eachUser(check: CheckInfo): boolean {
  return check.config['ForEachUser'] === true;
}

const ALICE = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const BOB = 'S-1-5-21-1004336348-1177238915-682003330-1002';
const CAROL = 'S-1-12-1-1234567890-1234567890-1234567890-1234567890';
const DAVE = 'S-1-5-21-1004336348-1177238915-682003330-1004';

/** The ProfileList: the system accounts', a temporary profile and a backup key, then the given users. */
function profiles(users: string[]): string {
  return [
    "(Get-RemcFakeRegistryStandardProfile | Where-Object { $_.Sid -notlike 'S-1-5-21-*' })",
    "(New-RemcFakeRegistryProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1005' -ProfileImagePath '%SystemDrive%\\Users\\TEMP' -State 0x800 -Loaded)",
    `(New-RemcFakeRegistryProfile -Sid '${ALICE}.bak' -ProfileImagePath '%SystemDrive%\\Users\\alice')`,
    ...users,
  ].join(', ');
}

interface RegCall {
  readonly Op: string;
  readonly Hive: string;
  readonly Key: string;
}
interface HiveCall {
  readonly Op: 'load' | 'unload';
  readonly Name: string;
  readonly Code: number;
}

function writes(step: StepView): RegCall[] {
  return added<RegCall>(step, 'RegistryCalls').filter((c) => c.Op !== 'read');
}

/** Every hive the step loaded was unloaded again, and nothing below HKU\remc_<SID> is left mounted. */
const unloadsWhatItLoads: ScenarioInvariant = {
  name: 'every hive loaded for the run is unloaded again',
  check: ({ step }) => {
    const calls = added<HiveCall>(step, 'RegistryHiveCalls');
    const loaded = calls.filter((c) => c.Op === 'load' && c.Code === 0).map((c) => c.Name);
    const unloaded = calls.filter((c) => c.Op === 'unload' && c.Code === 0).map((c) => c.Name);
    const left = loaded.filter((n) => !unloaded.includes(n));
    if (left.length > 0) return `still loaded: ${left.join(', ')}`;
    const mounted = stateList<string>(step.state, 'RegistryMounted');
    return mounted.length > 0 ? `still mounted: ${mounted.join(', ')}` : undefined;
  },
};

/** Writes land only in the hives of the SIDs given, below the declared key. */
function writesOnlyFor(sids: string[]): ScenarioInvariant {
  return {
    name: `writes only in the hives of ${sids.length} user(s) whose value differs`,
    check: ({ step }) => {
      const bad = writes(step).filter((c) => c.Hive !== 'HKU' || !sids.includes(c.Key.split('\\')[0]!));
      return bad.length > 0 ? `wrote ${bad.map((c) => `${c.Op} ${c.Hive}:\\${c.Key}`).join(', ')}` : undefined;
    },
  };
}

function onDrift(check: CheckInfo): boolean {
  return check.hasFix && check.triggers.some((t) => t.kind === 'drift');
}

/** `user`'s value is due in detection, fixed alone (reported, with reportOnly), and all 3 users are as declared afterwards. */
function fixedAlone(user: string): ScenarioInvariant {
  return {
    name: `${user} is due in detection, fixed alone, and every user is as declared afterwards`,
    check: ({ step, checks }) => {
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o) return `${k.name}: no outcome`;
        const reportOnly = k.config['ReportOnly'] === true;
        if (step.label === 'detect' && (o.Probe.State !== 'drift' || !(o.Probe.Summary ?? '').includes(` for 1 of 3 users (${user}: `))) return `${k.name} in detection: ${o.Probe.State}: ${o.Probe.Summary}`;
        if (step.label === 'remediate') {
          const want = reportOnly ? 'reported' : 'fixed';
          if (o.Fix !== want || !(o.FixSummary ?? '').includes(` of ${user} `)) return `${k.name}: fix ${o.Fix} (expected ${want}): ${o.FixError ?? o.FixSummary}`;
        }
        if (step.label === 'detect again' && !reportOnly && (o.Probe.State !== 'ok' || !/ for 3 of 3 users$/.test(o.Probe.Summary ?? ''))) return `${k.name} after the remediation: ${o.Probe.State}: ${o.Probe.Summary}`;
      }
      return undefined;
    },
  };
}

const THREE_USERS = [
  `(New-RemcFakeRegistryProfile -Sid '${ALICE}' -ProfileImagePath '%SystemDrive%\\Users\\alice' -Loaded)`,
  `(New-RemcFakeRegistryProfile -Sid '${BOB}' -ProfileImagePath '%SystemDrive%\\Users\\bob' -Loaded)`,
  `(New-RemcFakeRegistryProfile -Sid '${CAROL}' -ProfileImagePath '%SystemDrive%\\Users\\carol')`,
];

const DRIFT_EACH_USER = { check: (c: CheckInfo) => eachUser(c) && onDrift(c), reason: 'it does not keep its value for every user (forEachUser), or has no drift trigger' };

export const userScenarios: TemplateScenario[] = [
  {
    name: 'forEachUser: three users, the value differs for carol, who is not signed in (her NTUSER.DAT is loaded for the run)',
    appliesTo: DRIFT_EACH_USER,
    setup: `Reset-RemcFakeRegistryValue -StaleFor '${CAROL}' -Profiles @(${profiles(THREE_USERS)})`,
    invariants: [unloadsWhatItLoads, writesOnlyFor([CAROL]), fixedAlone('carol')],
  },
  {
    name: 'forEachUser: three users (two signed in, one not), the value differs for one signed-in user; system, temporary and backup profiles skipped',
    appliesTo: DRIFT_EACH_USER,
    setup: `Reset-RemcFakeRegistryValue -StaleFor '${BOB}' -Profiles @(${profiles(THREE_USERS)})`,
    invariants: [
      unloadsWhatItLoads,
      writesOnlyFor([BOB]),
      fixedAlone('bob'),
    ],
  },
  {
    name: "forEachUser: a user's NTUSER.DAT cannot be loaded (locked or missing)",
    appliesTo: { check: (c, r) => eachUser(c) && alwaysProbed(c, r), reason: 'it does not keep its value for every user (forEachUser), or its probe waits for another check\'s symptom' },
    setup: `Reset-RemcFakeRegistryValue -Profiles @(${profiles([
      `(New-RemcFakeRegistryProfile -Sid '${ALICE}' -ProfileImagePath '%SystemDrive%\\Users\\alice' -Loaded)`,
      `(New-RemcFakeRegistryProfile -Sid '${DAVE}' -ProfileImagePath '%SystemDrive%\\Users\\dave' -Loadable $false)`,
    ])})`,
    invariants: [
      unloadsWhatItLoads,
      writesOnlyFor([]),
      {
        name: 'the probe is ok for the reachable user and says dave is not reachable; no fix runs',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const o = checkOutcome(step, k.name);
            if (!o) return `${k.name}: no outcome`;
            if (o.Probe.State !== 'ok' || !/ for 1 of 2 users; 1 not reachable \(hive could not be loaded: dave\)$/.test(o.Probe.Summary ?? '')) return `${k.name}: ${o.Probe.State}: ${o.Probe.Error ?? o.Probe.Summary}`;
            if (o.Fix !== 'none') return `${k.name}: fix ${o.Fix}`;
          }
          return undefined;
        },
      },
    ],
  },
];
