/**
 * Scenarios of path-cleanup's services (`stopServices`) and of every user's profile from SYSTEM
 * (`forEachUser`, known folders): the setups use fakes-services.ps1 and fakes-profiles.ps1. Each is
 * about the checks that declare what it tests; the others run in it held to the universal invariants.
 */
import { added, checkOutcome, fixRan, stateList, type CheckInfo, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';
import { list } from './scenario-roots.ts';

/** One service of the fakes' state (fakes-services.ps1). */
interface ServiceEntry {
  readonly Name: string;
  readonly Status: string;
  readonly Dependents: readonly string[] | string | null;
}

const DOWNLOAD = 'C:\\Windows\\SoftwareDistribution\\Download';

function services(step: StepView, when: 'before' | 'state'): ServiceEntry[] {
  return stateList<ServiceEntry>(when === 'before' ? step.before : step.state, 'PathCleanupServices');
}

function declaredServices(checks: readonly CheckInfo[]): string[] {
  return checks.flatMap((k) => list(k.config, 'StopServices').map((n) => n.toLowerCase()));
}

export const serviceInvariants: ScenarioInvariant[] = [
  {
    name: 'stops only the declared services and their dependents, only when its fix runs, removes only while they are stopped, and starts each again',
    check: ({ step, checks }) => {
      const log = added<string>(step, 'PathCleanupServiceLog');
      const stopped = log.filter((e) => e.startsWith('stop:')).map((e) => e.slice(5));
      if (stopped.length === 0) return undefined;
      const users = checks.filter((k) => list(k.config, 'StopServices').length > 0);
      if (!users.some((k) => fixRan(step, k.name))) return `stopped ${stopped.join(', ')} without a cleanup fix that stops services`;
      const declared = declaredServices(users);
      const allowed = new Set(declared);
      for (const s of services(step, 'before')) {
        if (declared.includes(s.Name.toLowerCase())) for (const d of [s.Dependents ?? []].flat()) allowed.add(String(d).toLowerCase());
      }
      const bad = stopped.filter((n) => !allowed.has(n.toLowerCase()));
      if (bad.length > 0) return `stopped ${bad.join(', ')}: neither declared in stopServices nor a dependent of one`;
      const left = stopped.filter((n) => services(step, 'state').find((s) => s.Name === n)?.Status === 'Stopped');
      if (left.length > 0) return `left ${left.join(', ')} stopped`;
      const calls = added<string>(step, 'PathCleanupCalls');
      const firstStop = calls.findIndex((c) => c.startsWith('service-stop:'));
      const firstStart = calls.findIndex((c) => c.startsWith('service-start:'));
      const early = calls.findIndex((c, i) => c.startsWith('delete-') && (i < firstStop || (firstStart >= 0 && i > firstStart)));
      return early >= 0 ? `${calls[early]} while the services were not stopped` : undefined;
    },
  },
];

/** Checks that stop this service. */
function stopping(checks: readonly CheckInfo[], name: string): CheckInfo[] {
  return checks.filter((k) => list(k.config, 'StopServices').some((n) => n.toLowerCase() === name));
}

const cacheItems = [
  `(New-RemcFakePathCleanupFolder -Path '${DOWNLOAD}' -AgeDays 400)`,
  `(New-RemcFakePathCleanupFolder -Path '${DOWNLOAD}\\3b3f1e1c5a0d4a7e9b1c' -AgeDays 30)`,
  `(New-RemcFakePathCleanupFile -Path '${DOWNLOAD}\\3b3f1e1c5a0d4a7e9b1c\\windows10.0-kb5046613-x64.cab' -Length 412000000 -AgeDays 30)`,
  `(New-RemcFakePathCleanupFile -Path '${DOWNLOAD}\\SharedFileCache.dat' -Length 65536 -AgeDays 12)`,
].join(', ');

export const serviceScenarios: TemplateScenario[] = [
  {
    name: 'the Windows Update cache, Windows Update and BITS running (as SYSTEM)',
    appliesTo: { check: (k) => list(k.config, 'StopServices').length > 0, reason: 'it stops no services' },
    setup: `Reset-RemcFakePathCleanup -System -Item @(${cacheItems}); Set-RemcFakePathCleanupServices -Service @(Get-RemcFakePathCleanupWindowsUpdateService)`,
    invariants: [
      {
        name: 'a cleanup that stops services and reports success says it started them again',
        check: ({ step, checks }) => {
          for (const k of checks.filter((c) => list(c.config, 'StopServices').length > 0)) {
            const o = checkOutcome(step, k.name);
            if (o?.Fix === 'fixed' && o.FixSummary?.startsWith('removed') && !o.FixSummary.includes('services stopped and started again: ')) return `${k.name}: ${o.FixSummary}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'Windows Update does not stop (hung in StopPending)',
    appliesTo: { check: (k) => list(k.config, 'StopServices').some((n) => n.toLowerCase() === 'wuauserv'), reason: 'it does not stop wuauserv' },
    setup:
      `Reset-RemcFakePathCleanup -System -Item @(${cacheItems}); ` +
      "Set-RemcFakePathCleanupServices -Service @((New-RemcFakePathCleanupService -Name 'wuauserv' -DisplayName 'Windows Update' -StopPolls -1), (New-RemcFakePathCleanupService -Name 'BITS' -DisplayName 'Background Intelligent Transfer Service'))",
    invariants: [
      {
        name: 'a cleanup that stops wuauserv removes nothing, fails naming it, and starts again what it stopped before',
        check: ({ step, checks }) => {
          if (step.script !== 'remediate') return undefined;
          for (const k of stopping(checks, 'wuauserv')) {
            if (!fixRan(step, k.name) || k.config['ReportOnly'] === true) continue;
            const o = checkOutcome(step, k.name);
            const seconds = Number(k.config['StopTimeoutSeconds'] ?? 15);
            if (o?.Fix !== 'failed' || !o.FixError?.startsWith(`service wuauserv still not stopped ${seconds} s after the stop, removed nothing`)) return `${k.name}: ${JSON.stringify(o)}`;
            if (added<string>(step, 'PathCleanupDeleted').length > 0) return 'removed items while wuauserv was still stopping';
            if (step.exitCode !== 1) return `exit ${step.exitCode}: ${step.lastLine}`;
          }
          return undefined;
        },
      },
    ],
  },
];

// ---- every user's profile from SYSTEM ----

const ALICE = 'C:\\Users\\alice';
const BOB = 'C:\\Users\\bob';
/** Alice's desktop, moved by OneDrive Known Folder Move. */
const ALICE_DESKTOP = `${ALICE}\\OneDrive - Contoso\\Desktop`;

function tempItems(profile: string, local: string = `${profile}\\AppData\\Local`): string[] {
  return [
    `(New-RemcFakePathCleanupFolder -Path '${local}\\Temp' -AgeDays 200)`,
    `(New-RemcFakePathCleanupFile -Path '${local}\\Temp\\setup-old.log' -Length 2097152 -AgeDays 40)`,
    `(New-RemcFakePathCleanupFile -Path '${local}\\Temp\\today.tmp' -Length 4096 -AgeDays 0.2)`,
  ];
}

/** Folders no cleanup of every user may touch: a temporary profile, the backup key's, SYSTEM's own. */
const NEVER = ['C:\\Users\\TEMP', 'C:\\Users\\dave', 'C:\\Windows\\system32\\config\\systemprofile'];

const everyUserSetup = [
  'Reset-RemcFakePathCleanup -System -Item @(' +
    [
      ...tempItems(ALICE), ...tempItems(BOB), ...tempItems('C:\\Users\\TEMP'), ...tempItems('C:\\Users\\dave'), ...tempItems('C:\\Windows\\system32\\config\\systemprofile'),
      `(New-RemcFakePathCleanupFolder -Path '${ALICE_DESKTOP}')`, `(New-RemcFakePathCleanupFile -Path '${ALICE_DESKTOP}\\Old App.lnk' -AgeDays 90)`, `(New-RemcFakePathCleanupFile -Path '${ALICE_DESKTOP}\\budget.xlsx' -AgeDays 90)`,
      `(New-RemcFakePathCleanupFolder -Path '${BOB}\\Desktop')`, `(New-RemcFakePathCleanupFile -Path '${BOB}\\Desktop\\Old App.lnk' -AgeDays 90)`,
    ].join(', ') +
    ')',
  'Set-RemcFakePathCleanupProfiles -Profile (@(Get-RemcFakePathCleanupStandardProfile) + @(' +
    [
      `(New-RemcFakePathCleanupProfile -Sid 'S-1-12-1-3570092163-1164063431-2412289951-1740113377' -ProfileImagePath '${ALICE}' -Loaded -ShellFolders (New-RemcFakePathCleanupShellFolders -Override @{ Desktop = '%USERPROFILE%\\OneDrive - Contoso\\Desktop' }))`,
      "(New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1001' -ProfileImagePath '%SystemDrive%\\Users\\bob')",
      "(New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1003.bak' -ProfileImagePath 'C:\\Users\\dave')",
      "(New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1003' -ProfileImagePath 'C:\\Users\\TEMP' -State 0x804 -Loaded)",
    ].join(', ') +
    '))',
].join('; ');

const forEachUser = { check: (k: CheckInfo) => k.config['ForEachUser'] === true, reason: 'it cleans only the running account\'s folders (no forEachUser)' };

export const userScenarios: TemplateScenario[] = [
  {
    name: "every user's profile from SYSTEM: alice signed in (OneDrive moved her desktop), bob signed out, a temporary profile over dave's backup key",
    appliesTo: forEachUser,
    setup: everyUserSetup,
    invariants: [
      {
        name: 'a cleanup of every user never touches a temporary profile, a backup key\'s profile or SYSTEM\'s own, and counts users',
        check: ({ step, checks }) => {
          const all = checks.every((k) => k.config['ForEachUser'] === true);
          const wrong = added<string>(step, 'PathCleanupDeleted').filter((p) => NEVER.some((n) => p.toLowerCase().startsWith(`${n.toLowerCase()}\\`)));
          if (all && wrong.length > 0) return `removed ${wrong.join(', ')}`;
          for (const k of checks.filter((c) => c.config['ForEachUser'] === true)) {
            const o = checkOutcome(step, k.name);
            const summary: string | null | undefined = o?.Probe?.State === 'drift' ? o.Probe.Summary : o?.Fix === 'fixed' ? o.FixSummary : undefined;
            if (summary !== undefined && summary !== null && summary !== 'nothing to clean' && !/ for \d+ users?\b|in \d+ user profiles?\b/.test(summary ?? '')) return `${k.name} does not count users: ${summary}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: "one user's folder cannot be read (carol's redirected Local AppData, access denied)",
    appliesTo: forEachUser,
    setup:
      `Reset-RemcFakePathCleanup -System -Item @(${[...tempItems(ALICE), "(New-RemcFakePathCleanupFolder -Path 'D:\\Local\\carol\\Temp' -Denied)"].join(', ')}); ` +
      'Set-RemcFakePathCleanupProfiles -Profile (@(Get-RemcFakePathCleanupStandardProfile) + @(' +
      `(New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1001' -ProfileImagePath '${ALICE}' -Loaded), ` +
      "(New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1002' -ProfileImagePath 'C:\\Users\\carol' -Loaded -ShellFolders (New-RemcFakePathCleanupShellFolders -Override @{ 'Local AppData' = 'D:\\Local\\carol' }))))",
    invariants: [
      {
        name: "the other users are still probed (no probe error over one user's folder) and the unreadable one is reported",
        check: ({ step, checks }) => {
          for (const k of checks.filter((c) => c.config['ForEachUser'] === true && list(c.config, 'Paths').some((p) => /^%LOCALAPPDATA%\\Temp\\?$/i.test(p)))) {
            const probe = checkOutcome(step, k.name)?.Probe;
            if (probe?.State === 'error') return `${k.name}: ${probe.Error ?? ''}`;
            if (probe && probe.State !== 'idle' && !(probe.Summary ?? '').includes('1 folder unreadable')) return `${k.name} does not say one folder is unreadable: ${probe.Summary}`;
          }
          return undefined;
        },
      },
    ],
  },
];
