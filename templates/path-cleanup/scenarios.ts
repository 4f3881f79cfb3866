/**
 * Scenarios of path-cleanup, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the simulated file tree of fakes.ps1). Which paths a remediation cleans,
 * and when, is its own choice, so the invariants recompute from each check's `$Config` what it may
 * remove and hold every step to that: nothing outside its paths, nothing an exclude protects, nothing
 * younger than `olderThanDays`, never a link or a cloud placeholder, nothing in detection or report-only.
 */
import { added, checkOutcome, fixRan, psLike, stateList, type CheckInfo, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';
import { list, rootsOf } from './scenario-roots.ts';
import { serviceInvariants, serviceScenarios, userScenarios } from './scenarios-more.ts';

/** One item of the simulated file tree, as the fakes' state holds it (JSON). */
interface TreeItem {
  readonly FullName: string;
  readonly Attributes: number;
  readonly LastWriteTimeUtc: string;
  readonly Length: number;
  readonly LinkTarget: string | null;
  readonly Locked: boolean;
  readonly Denied: boolean;
}

const TEAMS = 'C:\\Users\\alice\\AppData\\Local\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams';
const DOCUMENTS = 'C:\\Users\\alice\\Documents';
const BACKGROUND = `${TEAMS}\\Backgrounds\\Uploads\\3b6c2a2e-7f3c-4a7e-9f11-2d6c1b0e9a41.png`;
const LOCKED = `${TEAMS}\\EBWebView\\Default\\Cache\\Cache_Data\\data_1`;

/** PowerShell string literal. */
function ps(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** An ordinary signed-in user: the new Teams cache after a few days of use, Teams running. */
export const neutralSetup = 'Reset-RemcFakePathCleanup -Item @(New-RemcFakePathCleanupTeamsCache) -Process @(New-RemcFakePathCleanupProcess)';

/** The diagnosis finds an OS cause, so a cleanup triggered by `diagnosis.finds('os')` runs too. */
const OS_CAUSE = `Reset-RemcFakeSignInDiagnostics -AadEvent @(${[170, 120, 60, 10].map((m) => `(New-RemcFakeAadEvent -Time $ScenarioNow.AddMinutes(-${m}))`).join(', ')})`;

// ---- what a check may remove: the probe's rule, recomputed from its $Config ----

function parseTime(value: string): number {
  const legacy = /\/Date\((-?\d+)/.exec(value);
  return legacy ? Number(legacy[1]) : Date.parse(value);
}

function lower(path: string): string {
  return path.replace(/\\+$/, '').toLowerCase();
}

/** A pattern with a backslash matches the relative path, one without it the name (the probe's rule). */
function matches(relative: string, patterns: readonly string[]): boolean {
  const name = relative.slice(relative.lastIndexOf('\\') + 1);
  return patterns.some((p) => {
    const pattern = p.replace(/^\\+|\\+$/g, '');
    return pattern.includes('\\') ? psLike(relative, pattern) : psLike(name, pattern);
  });
}

/** The item and each folder above it, relative to the root: a\b\c -> a, a\b, a\b\c. */
function prefixes(relative: string): string[] {
  const parts = relative.split('\\');
  return parts.map((_, i) => parts.slice(0, i + 1).join('\\'));
}

const UNTOUCHABLE = 0x400 | 0x1000 | 0x40000 | 0x400000;

/** Why `check` may not remove `item` in this step, or undefined when it may. */
function refusal(check: CheckInfo, item: TreeItem, step: StepView): string | undefined {
  if ((item.Attributes & UNTOUCHABLE) !== 0) return 'a link or cloud placeholder';
  const full = lower(item.FullName);
  let relative: string | undefined;
  for (const { path } of rootsOf(check, step.before)) {
    const root = lower(path);
    if (full === root) relative = (item.Attributes & 0x10) !== 0 ? undefined : item.FullName.slice(item.FullName.lastIndexOf('\\') + 1);
    else if (full.startsWith(`${root}\\`)) relative = item.FullName.slice(root.length + 1);
    if (relative !== undefined) break;
  }
  if (relative === undefined) return 'outside its paths';
  const steps = prefixes(relative);
  if (steps.some((r) => matches(r, list(check.config, 'Exclude')))) return 'protected by its exclude';
  const include = list(check.config, 'Include');
  if (!steps.some((r) => matches(r, include.length > 0 ? include : ['*']))) return 'not in its include';
  const days = Number(check.config['OlderThanDays'] ?? 0);
  if (days > 0 && parseTime(item.LastWriteTimeUtc) >= parseTime(step.at) - days * 86_400_000) return `younger than ${days} days`;
  return undefined;
}

function itemsBefore(step: StepView): Map<string, TreeItem> {
  return new Map(stateList<TreeItem>(step.before, 'PathCleanupItems').map((i) => [i.FullName.toLowerCase(), i]));
}

function deletedNow(step: StepView): string[] {
  return added<string>(step, 'PathCleanupDeleted');
}

/** Seam calls that only look (list a folder, processes, services, profiles, shell folders; wait). */
const OBSERVATION = /^(list:|processes$|wait:|service:|poll$|profiles$|shell-folders:)/;

/** Seam calls that change the machine (listing is only an observation). */
function changes(step: StepView): string[] {
  return added<string>(step, 'PathCleanupCalls').filter((c) => !OBSERVATION.test(c));
}

function exists(step: StepView, path: string): boolean {
  return stateList<TreeItem>(step.state, 'PathCleanupItems').some((i) => i.FullName.toLowerCase() === path.toLowerCase());
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'removes only what a cleanup check selects: inside its paths, not excluded, old enough, never a link or placeholder',
    check: ({ step, checks }) => {
      const before = itemsBefore(step);
      for (const path of deletedNow(step)) {
        const item = before.get(path.toLowerCase());
        if (!item) return `removed ${path}, which did not exist before the step`;
        const why = checks.map((k) => refusal(k, item, step));
        if (!why.includes(undefined)) return `removed ${path}: ${why.join('; ') || 'no cleanup check'}`;
      }
      return undefined;
    },
  },
  {
    name: 'detection removes nothing and stops nothing',
    check: ({ step }) => (step.script === 'detect' && changes(step).length > 0 ? `detection called ${changes(step).join(', ')}` : undefined),
  },
  {
    name: 'report-only removes nothing and stops nothing',
    check: ({ step, checks }) => {
      if (checks.length === 0 || !checks.every((k) => k.config['ReportOnly'] === true)) return undefined;
      return changes(step).length > 0 ? `a report-only cleanup called ${changes(step).join(', ')}` : undefined;
    },
  },
  {
    name: 'stops only the declared processes, and only when its fix runs',
    check: ({ step, checks }) => {
      const stopped = added<string>(step, 'PathCleanupStopped');
      if (stopped.length === 0) return undefined;
      if (!checks.some((k) => fixRan(step, k.name))) return `stopped ${stopped.join(', ')} without a cleanup fix`;
      const names = checks.flatMap((k) => list(k.config, 'StopProcesses').map((n) => n.toLowerCase()));
      const bad = stopped.filter((s) => !names.includes(s.replace(/ \(\d+\)$/, '').toLowerCase()));
      return bad.length > 0 ? `stopped ${bad.join(', ')}, not declared in stopProcesses` : undefined;
    },
  },
  ...serviceInvariants,
  {
    name: 'a cleanup that reports success leaves nothing to clean (unless its item limit cut it short)',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (o?.Fix !== 'fixed' || k.config['ReportOnly'] === true || o.FixSummary?.includes('item limit')) continue;
        if (o.After && o.After.State !== 'ok') return `${k.name} says "${o.FixSummary ?? ''}", then its probe says ${o.After.State}: ${o.After.Summary}`;
      }
      return undefined;
    },
  },
];

/** Checks whose fix removes this file when it runs (paths, include, exclude and age select it). */
function cleans(checks: readonly CheckInfo[], step: StepView, path: string): CheckInfo[] {
  const item = itemsBefore(step).get(path.toLowerCase());
  return item ? checks.filter((k) => k.config['ReportOnly'] !== true && refusal(k, item, step) === undefined) : [];
}

export const scenarios: TemplateScenario[] = [
  {
    name: 'an ordinary Teams cache, Teams running',
    setup: neutralSetup,
    invariants: [
      {
        name: 'with a drift trigger, a check that cleans the cache is due, cleans it, keeps the uploaded backgrounds and is ok afterwards',
        check: ({ step, checks }) => {
          for (const k of cleans(checks, step, `${TEAMS}\\Logs\\MSTeams_2026-11-24_09-12-01.00.log`)) {
            if (!k.triggers.some((t) => t.kind === 'drift')) continue;
            const o = checkOutcome(step, k.name);
            if (!o) return `no outcome of ${k.name}`;
            if (step.label === 'detect' && (step.exitCode !== 1 || o.Fix !== 'due' || o.Trigger !== 'drift')) return `exit ${step.exitCode}: ${JSON.stringify(o)}`;
            if (step.label === 'remediate' && (o.Fix !== 'fixed' || !o.FixSummary?.startsWith('removed '))) return `exit ${step.exitCode}: ${step.lastLine}`;
          }
          if (step.label === 'detect again') {
            const guarded = checks.every((k) => list(k.config, 'Exclude').some((p) => /^backgrounds(\\uploads)?(\\\*)?$/i.test(p)));
            if (guarded && !exists(step, BACKGROUND)) return `the uploaded background ${BACKGROUND} is gone`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'a junction and a file link inside the Teams cache point at the user\'s documents',
    setup:
      'Reset-RemcFakePathCleanup -Process @(New-RemcFakePathCleanupProcess) -Item (@(New-RemcFakePathCleanupTeamsCache) + @(' +
      `(New-RemcFakePathCleanupFolder -Path ${ps(DOCUMENTS)}), ` +
      `(New-RemcFakePathCleanupFile -Path ${ps(`${DOCUMENTS}\\thesis.docx`)} -AgeDays 400), ` +
      `(New-RemcFakePathCleanupLink -Path ${ps(`${TEAMS}\\EBWebView\\Default\\docs`)} -Target ${ps(DOCUMENTS)}), ` +
      `(New-RemcFakePathCleanupLink -Path ${ps(`${TEAMS}\\Logs\\latest.log`)} -Target ${ps(`${DOCUMENTS}\\thesis.docx`)} -File)))`,
    others: { 'sign-in-diagnostics': OS_CAUSE },
    invariants: [
      {
        name: 'the documents and both links survive every step, and no folder behind a link is ever listed',
        check: ({ step }) => {
          for (const path of [`${DOCUMENTS}\\thesis.docx`, `${TEAMS}\\EBWebView\\Default\\docs`, `${TEAMS}\\Logs\\latest.log`]) {
            if (!exists(step, path)) return `${path} is gone`;
          }
          const listed = added<string>(step, 'PathCleanupCalls').filter((c) => c.toLowerCase().startsWith(`list:${TEAMS}\\EBWebView\\Default\\docs`.toLowerCase()));
          return listed.length > 0 ? `listed through the junction: ${listed.join(', ')}` : undefined;
        },
      },
    ],
  },
  {
    name: 'a cache file is locked (Teams\' WebView2 still holds it)',
    setup:
      'Reset-RemcFakePathCleanup -Process @(New-RemcFakePathCleanupProcess) -Item @(New-RemcFakePathCleanupTeamsCache | ForEach-Object { ' +
      `if ($_.FullName -eq ${ps(LOCKED)}) { $_.Locked = $true }; $_ })`,
    others: { 'sign-in-diagnostics': OS_CAUSE },
    invariants: [
      {
        name: 'a cleanup that meets the locked file removes the rest, keeps its folders, and fails naming it',
        check: ({ step, checks }) => {
          if (!exists(step, LOCKED)) return `${LOCKED} is gone although it is locked`;
          if (!exists(step, `${TEAMS}\\EBWebView\\Default\\Cache\\Cache_Data`)) return 'the folder of the locked file was removed';
          if (step.script !== 'remediate') return undefined;
          for (const k of cleans(checks, step, LOCKED)) {
            if (!fixRan(step, k.name)) continue;
            const o = checkOutcome(step, k.name);
            if (step.exitCode !== 1 || o?.Fix !== 'failed') return `exit ${step.exitCode} after a locked file: ${step.lastLine}`;
            if (!/^failed to remove 1 of \d+ items \(removed \d+\); first error: .*data_1: The process cannot access the file '.*data_1' because it is being used by another process\.$/.test(o.FixError ?? '')) return `${k.name} says: ${o.FixError ?? ''}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'Teams does not exit after it is stopped',
    setup: 'Reset-RemcFakePathCleanup -Item @(New-RemcFakePathCleanupTeamsCache) -Process @(New-RemcFakePathCleanupProcess -Survives)',
    others: { 'sign-in-diagnostics': OS_CAUSE },
    invariants: [
      {
        name: 'a cleanup that stops ms-teams removes nothing and fails saying it still runs',
        check: ({ step, checks }) => {
          if (step.script !== 'remediate') return undefined;
          for (const k of checks) {
            if (!fixRan(step, k.name) || k.config['ReportOnly'] === true) continue;
            if (!list(k.config, 'StopProcesses').some((n) => n.toLowerCase() === 'ms-teams')) continue;
            const o = checkOutcome(step, k.name);
            if (o?.Fix === 'fixed' && o.FixSummary === 'nothing to clean') continue;
            const seconds = Number(k.config['StopTimeoutSeconds'] ?? 15);
            if (o?.Fix !== 'failed' || o.FixError !== `ms-teams (4242) still running ${seconds} s after the stop, removed nothing`) return `${k.name}: ${JSON.stringify(o)}`;
            if (deletedNow(step).length > 0) return `removed ${deletedNow(step).length} items while ms-teams still runs`;
            if (step.exitCode !== 1) return `exit ${step.exitCode}: ${step.lastLine}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'nothing to clean: the cache folder does not exist (Teams never started)',
    setup: 'Reset-RemcFakePathCleanup',
    invariants: [
      {
        name: 'every cleanup check is in its desired state, and nothing is removed or stopped',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const probe = checkOutcome(step, k.name)?.Probe;
            // A cleanup that only a symptom triggers is not probed without one (idle): nothing to do either.
            if (probe?.State === 'idle') continue;
            if (probe?.State !== 'ok' || !probe.Summary.startsWith('nothing to clean')) return `${k.name}: ${JSON.stringify(probe)}`;
          }
          return changes(step).length > 0 ? `called ${changes(step).join(', ')}` : undefined;
        },
      },
    ],
  },
  {
    name: 'a folder inside the cache cannot be read (access denied)',
    setup:
      'Reset-RemcFakePathCleanup -Process @(New-RemcFakePathCleanupProcess) -Item @(New-RemcFakePathCleanupTeamsCache | ForEach-Object { ' +
      `if ($_.FullName -eq ${ps(`${TEAMS}\\Logs`)}) { $_.Denied = $true }; $_ })`,
    others: { 'sign-in-diagnostics': OS_CAUSE },
    invariants: [
      {
        name: 'the unreadable folder and everything in it stay, and it is no probe error',
        check: ({ step, checks }) => {
          for (const path of [`${TEAMS}\\Logs`, `${TEAMS}\\Logs\\MSTeams_2026-11-24_09-12-01.00.log`]) {
            if (!exists(step, path)) return `${path} is gone`;
          }
          for (const k of checks) {
            const probe = checkOutcome(step, k.name)?.Probe;
            if (probe?.State === 'error' && probe.Error?.includes('\\Logs')) return `${k.name}: ${probe.Error}`;
          }
          return undefined;
        },
      },
    ],
  },
  {
    name: 'a temp folder with files of every age',
    setup:
      'Reset-RemcFakePathCleanup -Item @(' +
      [
        `(New-RemcFakePathCleanupFolder -Path 'C:\\Users\\alice\\AppData\\Local\\Temp' -AgeDays 400)`,
        ...[0.5, 3, 6.9, 7.1, 15, 45, 120].map((d, i) => `(New-RemcFakePathCleanupFile -Path 'C:\\Users\\alice\\AppData\\Local\\Temp\\t${i}.tmp' -AgeDays ${d})`),
        `(New-RemcFakePathCleanupFolder -Path 'C:\\Users\\alice\\AppData\\Local\\Temp\\setup' -AgeDays 60)`,
        `(New-RemcFakePathCleanupFile -Path 'C:\\Users\\alice\\AppData\\Local\\Temp\\setup\\old.log' -AgeDays 60)`,
        `(New-RemcFakePathCleanupFile -Path 'C:\\Users\\alice\\AppData\\Local\\Temp\\setup\\new.log' -AgeDays 1)`,
      ].join(', ') +
      ') -Process @(New-RemcFakePathCleanupProcess)',
    invariants: [
      {
        name: 'a folder that still holds a young file stays',
        check: ({ step }) => (exists(step, 'C:\\Users\\alice\\AppData\\Local\\Temp\\setup\\new.log') && !exists(step, 'C:\\Users\\alice\\AppData\\Local\\Temp\\setup') ? 'removed a folder that holds a file' : undefined),
      },
    ],
  },
  ...serviceScenarios,
  ...userScenarios,
];
