/**
 * Scenarios of scheduled-task, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1).
 *
 * A template scenario cannot know which task a remediation declares, so the setups use the fakes'
 * "declared task" (`New-RemcFakeScheduledTask -Declared`): a record that answers for whatever folder and
 * name the check asks about. The scenarios start without the ordinary Windows tasks (-NoOrdinaryTask),
 * so a declaration that names one (e.g. the Compatibility Appraiser) sees exactly the scenario's state. The invariants read each check's declaration (Ensure, Enabled, ReportOnly,
 * its triggers) to say what must happen. The exact expectations hold for a remediation with ONE
 * scheduled-task check (several checks would share the one declared task); the safety invariants hold
 * for any number. The scenarios read what the probe saw in every step, so they are about the checks the
 * runtime probes in every run (`appliesTo`): not one whose fix only another check's symptom triggers,
 * which stays unprobed (idle) until that symptom calls for it.
 *
 * A folder match (a check without name) sees the declared task as one task of its folder, by its author
 * (`-DeclaredAuthor`); its own scenarios set up several tasks in the declared folder (read from
 * `$ScenarioChecks`), to show it removes or disables each it matches, and none when more than maxTasks would change.
 */
import { actionNeeded, added, checkOutcome, stateList, PROBED_IN_EVERY_RUN, type CheckInfo, type CheckOutcome, type ScenarioApplicability, type RemediationInfo, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** A task record of the fakes' state (`$RemcFakeState.ScheduledTasks`). */
interface TaskRecord {
  readonly TaskPath: string;
  readonly TaskName: string;
  readonly State: string;
  readonly Enabled: boolean;
  /** '*': the declared author. */
  readonly Author?: string;
}

/** The first folder match's author, for the declared task (PowerShell, in a setup). */
const DECLARED_AUTHOR =
  "([string](@($ScenarioChecks | Where-Object { $_.Probe -eq 'Test-RemcScheduledTask' -and $null -eq $_.Config.Name -and $_.Config.Author } | ForEach-Object { $_.Config.Author }) + @('Contoso'))[0])";

/**
 * Ordinary Windows tasks, and the declared task present and enabled: an ordinary machine for a check
 * with `ensure: 'present'` (the default) and `enabled` true or left out.
 */
export const neutralSetup = `Reset-RemcFakeScheduledTask -Task (New-RemcFakeScheduledTask -Declared -State 'Ready') -DeclaredAuthor ${DECLARED_AUTHOR}`;

interface Declared {
  /** The task's full name, or a folder match's folder. */
  readonly fullName: string;
  /** A folder match (no name): its folder, whether below it too, its author (null: any), its cap. */
  readonly folder: { readonly path: string; readonly recurse: boolean; readonly author: string | null; readonly maxTasks: number } | null;
  readonly ensure: 'present' | 'absent';
  /** null: either. */
  readonly enabled: boolean | null;
  readonly reportOnly: boolean;
}

function declared(check: CheckInfo): Declared {
  const enabled = check.config['Enabled'];
  const name = check.config['Name'];
  const author = check.config['Author'];
  const folder =
    typeof name === 'string'
      ? null
      : { path: String(check.config['Path']), recurse: check.config['Recurse'] === true, author: typeof author === 'string' ? author : null, maxTasks: Number(check.config['MaxTasks'] ?? 10) };
  return {
    fullName: `${String(check.config['Path'])}${typeof name === 'string' ? name : ''}`,
    folder,
    ensure: check.config['Ensure'] === 'absent' ? 'absent' : 'present',
    enabled: typeof enabled === 'boolean' ? enabled : null,
    reportOnly: check.config['ReportOnly'] === true,
  };
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function isDeclaredRecord(r: TaskRecord): boolean {
  return r.TaskPath === '*' && r.TaskName === '*';
}

/** Whether a task of this folder and author is one a folder match names. */
function inFolderMatch(f: NonNullable<Declared['folder']>, taskPath: string, author: string | undefined): boolean {
  const path = taskPath.toLowerCase();
  if (path.startsWith('\\microsoft\\')) return false;
  const inFolder = same(taskPath, f.path) || (f.recurse && path.startsWith(f.path.toLowerCase()));
  return inFolder && (f.author === null || author === '*' || same(author ?? '', f.author));
}

/** The stored records that answer for the check (the declared task, the exact folder and name, or what a folder match names). */
function recordsOf(state: StepView['state'], check: CheckInfo): TaskRecord[] {
  const d = declared(check);
  const name = String(check.config['Name']);
  return stateList<TaskRecord>(state, 'ScheduledTasks').filter((r) => {
    if (isDeclaredRecord(r)) return true;
    if (d.folder) return inFolderMatch(d.folder, r.TaskPath, r.Author);
    return same(r.TaskPath, String(check.config['Path'])) && same(r.TaskName, name);
  });
}

/** Whether the check declares the task of this change ('remove:\\Contoso\\Updater\\A'), as the step began. */
function owns(d: Declared, fullName: string, before: StepView['state']): boolean {
  if (!d.folder) return same(d.fullName, fullName);
  const at = fullName.lastIndexOf('\\');
  const taskPath = fullName.slice(0, at + 1);
  const record = stateList<TaskRecord>(before, 'ScheduledTasks').find((r) => same(r.TaskPath + r.TaskName, fullName));
  // The declared task answers a folder query as RemcDeclaredTask, by the declared author.
  const author = record ? record.Author : fullName.endsWith('\\RemcDeclaredTask') ? '*' : undefined;
  return inFolderMatch(d.folder, taskPath, author);
}

/** The changes asked for in this step ('enable:\\Contoso\\Cleanup', ...), failed ones included. */
function callsOf(step: StepView): { verb: string; fullName: string; text: string }[] {
  return added<string>(step, 'ScheduledTaskCalls').map((text) => {
    const at = text.indexOf(':');
    return { verb: text.slice(0, at), fullName: text.slice(at + 1), text };
  });
}

function onDrift(check: CheckInfo): boolean {
  return check.hasFix && check.triggers.some((t) => t.kind === 'drift');
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'changes only declared tasks, and only as declared (removes only what must be absent, enables or disables only what must be so)',
    check: ({ step, checks }) => {
      for (const call of callsOf(step)) {
        const owners = checks.map(declared).filter((d) => owns(d, call.fullName, step.before));
        if (owners.length === 0) return `asked to ${call.text}, which no scheduled-task check declares`;
        const allowed = owners.some((d) =>
          call.verb === 'remove' ? d.ensure === 'absent' : d.ensure === 'present' && d.enabled === (call.verb === 'enable'),
        );
        if (!allowed) return `asked to ${call.text}, against its declaration`;
      }
      return undefined;
    },
  },
  {
    name: 'detection asks for no change',
    check: ({ step }) => {
      const calls = callsOf(step);
      return step.script === 'detect' && calls.length > 0 ? `detection asked to ${calls.map((c) => c.text).join(', ')}` : undefined;
    },
  },
  {
    name: 'report-only asks for no change',
    check: ({ step, checks }) => {
      const calls = callsOf(step);
      if (checks.length === 0 || !checks.every((k) => declared(k).reportOnly) || calls.length === 0) return undefined;
      return `a report-only check asked to ${calls.map((c) => c.text).join(', ')}`;
    },
  },
  {
    name: 'a fix that reports success leaves the task as declared',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        if (checkOutcome(step, k.name)?.Fix !== 'fixed') continue;
        const d = declared(k);
        const left = recordsOf(step.state, k);
        if (d.ensure === 'absent' && left.length > 0) return `${k.name} says it fixed ${d.fullName}, which is still registered`;
        if (d.ensure === 'present' && left.length === 0) return `${k.name} says it fixed ${d.fullName}, which is gone`;
        if (d.ensure === 'present' && d.enabled !== null && left.some((r) => r.Enabled !== d.enabled)) {
          return `${k.name} says it fixed ${d.fullName}, which is not ${d.enabled ? 'enabled' : 'disabled'}`;
        }
      }
      return undefined;
    },
  },
];

/** The declared task when a scenario starts. */
type Start = { readonly present: false } | { readonly present: true; readonly state: string; readonly enabled: boolean };

/** What the check's probe finds at the start: its desired state, drift the fix can repair, or a missing task it cannot. */
function expectation(d: Declared, start: Start): 'ok' | 'fixable' | 'unfixable' {
  if (!start.present) return d.ensure === 'absent' ? 'ok' : 'unfixable';
  if (d.ensure === 'absent') return 'fixable';
  if (d.enabled === null) return 'ok';
  return start.enabled === d.enabled ? 'ok' : 'fixable';
}

/** With one scheduled-task check: what each step shows, from its declaration and its triggers. */
function behaves(start: Start): ScenarioInvariant {
  return {
    name: 'with one scheduled-task check: the probe sees the declared state; with a drift trigger the fix is due, runs and leaves it as declared (a missing task it cannot create: ACTION NEEDED with advice, the fix never runs)',
    check: ({ step, checks, remediation }) => {
      if (!onlyCheck(checks, remediation)) return undefined;
      const k = checks[0]!;
      const out = checkOutcome(step, k.name);
      if (!out) return `${k.name} is missing from the outcome`;
      const d = declared(k);
      const want = expectation(d, start);
      const probe = want === 'ok' ? 'ok' : 'drift';
      if (step.label !== 'detect again' && out.Probe.State !== probe) return `${k.name}: probe ${out.Probe.State} (${out.Probe.Summary}), expected ${probe}`;
      if (want === 'unfixable') {
        if (!onDrift(k) || d.reportOnly) return out.Fix === 'none' ? undefined : `${k.name}: fix ${out.Fix} for a task remc cannot create`;
        const wrong = actionNeeded(/on this device: deploy (it|the tasks) \(the fix only enables, disables or removes existing tasks\)$/)(step, out);
        if (wrong) return `${k.name}: ${wrong}`;
        return callsOf(step).length > 0 ? `asked to ${callsOf(step).map((c) => c.text).join(', ')} for a missing task` : undefined;
      }
      if (!onDrift(k)) return undefined;
      if (step.label === 'detect') {
        if (want === 'ok') return out.Fix === 'none' ? undefined : `${k.name}: fix ${out.Fix} with nothing to do`;
        if (out.Fix !== 'due' || step.exitCode !== 1) return `exit ${step.exitCode}, ${k.name}: fix ${out.Fix}, expected due`;
        return undefined;
      }
      if (step.label === 'remediate') {
        if (want === 'ok') return out.Fix === 'none' ? undefined : `${k.name}: fix ${out.Fix} with nothing to do`;
        const fix = d.reportOnly ? 'reported' : 'fixed';
        if (out.Fix !== fix) return `${k.name}: fix ${out.Fix} (${out.FixError ?? out.FixSummary ?? ''}), expected ${fix}`;
        if (!d.reportOnly && out.After?.State !== 'ok') return `${k.name}: after the fix the probe says ${out.After?.State ?? 'nothing'} (${out.After?.Summary ?? ''})`;
        return undefined;
      }
      // detect again
      if (want === 'fixable' && !d.reportOnly && out.Probe.State !== 'ok') return `${k.name}: probe ${out.Probe.State} (${out.Probe.Summary}) after the fix`;
      if (want === 'ok' && out.Probe.State !== 'ok') return `${k.name}: probe ${out.Probe.State} (${out.Probe.Summary})`;
      return undefined;
    },
  };
}

const present = (state: string, enabled: boolean): Start => ({ present: true, state, enabled });


/** The scenario is about one check, the remediation's only scheduled-task check (several share the one declared task). */
function onlyCheck(checks: readonly CheckInfo[], remediation: RemediationInfo): boolean {
  return checks.length === 1 && remediation.checks.filter((c) => c.template === checks[0]!.template).length === 1;
}


/** The scenarios about a folder match (a check without name) that the runtime probes in every run. */
const FOLDER_MATCH_PROBED: ScenarioApplicability = {
  check: (check, remediation) => typeof check.config['Name'] !== 'string' && PROBED_IN_EVERY_RUN.check(check, remediation),
  reason: "names one task (this scenario sets up a folder match's tasks), or its probe runs only when a symptom of another check calls for its fix",
};

/** PowerShell: the first folder match's folder and author, as $folder and $author (a sample when there is none). */
const FOLDER_OF_CHECKS = [
  "$match = @($ScenarioChecks | Where-Object { $_.Probe -eq 'Test-RemcScheduledTask' -and $null -eq $_.Config.Name })",
  "$folder = '\\Contoso\\Updater\\'; $author = 'Contoso Updater'; $cap = 10",
  'if ($match.Count -gt 0) { $folder = [string]$match[0].Config.Path; $cap = [int]$match[0].Config.MaxTasks; if ($match[0].Config.Author) { $author = [string]$match[0].Config.Author } }',
].join('\n');

/**
 * With one folder-match check: its probe sees the tasks it matches as the step begins; with a drift
 * trigger the fix changes exactly those that need it (all of them when absent), or none when more than
 * maxTasks would change, failing and saying so.
 */
const behavesAsFolderMatch: ScenarioInvariant = {
  name: 'with one folder-match check: the probe counts the matched tasks; the fix changes each that needs it, or none (failed) when more than maxTasks would change',
  check: ({ step, checks, remediation }) => {
    if (!onlyCheck(checks, remediation)) return undefined;
    const k = checks[0]!;
    const d = declared(k);
    if (!d.folder) return undefined;
    const out = checkOutcome(step, k.name);
    if (!out) return `${k.name} is missing from the outcome`;
    const matched = recordsOf(step.before, k);
    const targets = d.ensure === 'absent' ? matched : d.enabled === null ? [] : matched.filter((r) => r.Enabled !== d.enabled);
    const drift = targets.length > 0 || (matched.length === 0 && d.ensure === 'present');
    if (out.Probe.State !== (drift ? 'drift' : 'ok')) return `${k.name}: probe ${out.Probe.State} (${out.Probe.Summary}) with ${matched.length} matched, ${targets.length} to change`;
    if (matched.length > 0 && !out.Probe.Summary.includes(`${matched.length} task`)) return `${k.name}: the summary does not count ${matched.length} matched tasks: ${out.Probe.Summary}`;
    if (step.script !== 'remediate' || !onDrift(k) || targets.length === 0) return undefined;
    const calls = callsOf(step);
    const left = recordsOf(step.state, k);
    if (targets.length > d.folder.maxTasks) {
      if (out.Fix !== 'failed' || !(out.FixError ?? '').includes(`more than maxTasks (${d.folder.maxTasks})`) || !(out.FixError ?? '').includes(`${targets.length} tasks`)) {
        return `${k.name}: fix ${out.Fix} (${out.FixError ?? out.FixSummary ?? ''}), expected it to fail naming ${targets.length} tasks, more than maxTasks`;
      }
      if (calls.length > 0) return `asked to ${calls.map((c) => c.text).join(', ')} over maxTasks`;
      return JSON.stringify(left) === JSON.stringify(matched) ? undefined : 'the tasks changed over maxTasks';
    }
    const fix = d.reportOnly ? 'reported' : 'fixed';
    if (out.Fix !== fix) return `${k.name}: fix ${out.Fix} (${out.FixError ?? out.FixSummary ?? ''}), expected ${fix}`;
    if (d.reportOnly) return undefined;
    if (calls.length !== targets.length) return `asked for ${calls.length} changes (${calls.map((c) => c.text).join(', ')}), expected ${targets.length}`;
    if (d.ensure === 'absent' && left.length > 0) return `still registered: ${left.map((r) => r.TaskPath + r.TaskName).join(', ')}`;
    const others = stateList<TaskRecord>(step.state, 'ScheduledTasks').length - left.length;
    const othersBefore = stateList<TaskRecord>(step.before, 'ScheduledTasks').length - matched.length;
    if (others !== othersBefore) return `tasks it does not match changed: ${othersBefore} before, ${others} after`;
    if (d.ensure === 'present' && left.some((r) => r.Enabled !== d.enabled)) return `not all matched tasks are ${d.enabled ? 'enabled' : 'disabled'}`;
    return undefined;
  },
};

export const scenarios: TemplateScenario[] = [
  {
    name: 'the declared task is missing',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: 'Reset-RemcFakeScheduledTask -NoOrdinaryTask',
    invariants: [behaves({ present: false })],
  },
  {
    name: 'the declared task is present and enabled (Ready)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -DeclaredAuthor ${DECLARED_AUTHOR} -Task (New-RemcFakeScheduledTask -Declared -State 'Ready')`,
    invariants: [behaves(present('Ready', true))],
  },
  {
    name: 'the declared task is disabled',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -DeclaredAuthor ${DECLARED_AUTHOR} -Task (New-RemcFakeScheduledTask -Declared -State 'Disabled')`,
    invariants: [behaves(present('Disabled', false))],
  },
  {
    name: 'the declared task is disabled while an instance still runs (State Running, Settings.Enabled false)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -DeclaredAuthor ${DECLARED_AUTHOR} -Task (New-RemcFakeScheduledTask -Declared -State 'Running' -Enabled $false)`,
    invariants: [behaves(present('Running', false))],
  },
  {
    name: 'Get-ScheduledTask fails (Task Scheduler service disabled, 0x80070422)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -DeclaredAuthor ${DECLARED_AUTHOR} -Task (New-RemcFakeScheduledTask -Declared -State 'Ready') -QueryHResult '0x80070422' -QueryMessage 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.'`,
    invariants: [
      {
        name: 'every step reports the probe error with its HRESULT, exits 1 and asks for no change',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const out = checkOutcome(step, k.name);
            if (out?.Probe.State !== 'error' || !(out.Probe.Error ?? out.Probe.Summary).includes('Get-ScheduledTask failed (0x80070422)')) {
              return `${k.name}: probe ${out?.Probe.State ?? 'missing'} (${out?.Probe.Error ?? out?.Probe.Summary ?? ''})`;
            }
            if (out.Fix !== 'none') return `${k.name}: fix ${out.Fix} on a probe error`;
          }
          if (callsOf(step).length > 0) return `asked to ${callsOf(step).map((c) => c.text).join(', ')} on a probe error`;
          return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
        },
      },
    ],
  },
  {
    name: 'the change is refused (access denied, 0x80070005)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -DeclaredAuthor ${DECLARED_AUTHOR} -Task (New-RemcFakeScheduledTask -Declared -State 'Ready') -FailAction @('enable', 'disable', 'remove')`,
    invariants: [
      {
        name: 'with one scheduled-task check: a due fix fails with the cmdlet and its HRESULT, and the task stays as it was',
        check: ({ step, checks, remediation }) => {
          if (!onlyCheck(checks, remediation) || step.script !== 'remediate') return undefined;
          const k = checks[0]!;
          const d = declared(k);
          const out = checkOutcome(step, k.name);
          if (!out || !onDrift(k) || d.reportOnly || expectation(d, present('Ready', true)) !== 'fixable') return undefined;
          const cmdlet = d.ensure === 'absent' ? 'Unregister-ScheduledTask' : 'Disable-ScheduledTask';
          if (out.Fix !== 'failed' || step.exitCode !== 1 || !(out.FixError ?? '').includes(`${cmdlet} failed (0x80070005)`)) {
            return `exit ${step.exitCode}, ${k.name}: fix ${out.Fix} (${out.FixError ?? out.FixSummary ?? ''})`;
          }
          const left = recordsOf(step.state, k);
          if (left.length !== 1 || left[0]!.State !== 'Ready' || left[0]!.Enabled !== true) return `the task changed: ${JSON.stringify(left)}`;
          return undefined;
        },
      },
    ],
  },
  {
    name: "several tasks in a folder match's folder: two by its author, one by another, one in a subfolder, one elsewhere",
    appliesTo: FOLDER_MATCH_PROBED,
    setup: [
      FOLDER_OF_CHECKS,
      'Reset-RemcFakeScheduledTask -NoOrdinaryTask -Task @(',
      "  New-RemcFakeScheduledTask -TaskPath $folder -TaskName 'Leftover A' -Author $author",
      "  New-RemcFakeScheduledTask -TaskPath $folder -TaskName 'Leftover B' -Author $author -State 'Disabled'",
      "  New-RemcFakeScheduledTask -TaskPath $folder -TaskName 'Other vendor' -Author 'Fabrikam Tools'",
      "  New-RemcFakeScheduledTask -TaskPath ($folder + 'Old\\') -TaskName 'Leftover C' -Author $author",
      "  New-RemcFakeScheduledTask -TaskPath '\\Fabrikam\\' -TaskName 'Agent' -Author $author",
      ')',
    ].join('\n'),
    invariants: [behavesAsFolderMatch],
  },
  {
    name: "more tasks in a folder match's folder than its maxTasks",
    appliesTo: FOLDER_MATCH_PROBED,
    setup: [
      FOLDER_OF_CHECKS,
      "Reset-RemcFakeScheduledTask -NoOrdinaryTask -Task @(1..($cap + 1) | ForEach-Object { New-RemcFakeScheduledTask -TaskPath $folder -TaskName ('Leftover {0:D3}' -f $_) -Author $author })",
    ].join('\n'),
    invariants: [behavesAsFolderMatch],
  },
];
