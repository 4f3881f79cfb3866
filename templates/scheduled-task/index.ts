/**
 * scheduledTask: one scheduled task, named by its folder and name, must exist (and, when `enabled` is
 * given, be enabled or disabled), or must not exist. Without `name` it matches every task directly in
 * the folder (`recurse: true`: and in its subfolders), optionally only those whose Author is `author`:
 * what leftover tasks of an uninstalled product look like. The fix enables or disables the task
 * (`Enable-ScheduledTask` / `Disable-ScheduledTask`) or removes it (`Unregister-ScheduledTask
 * -Confirm:$false`); it never creates a task, because remc cannot know its actions, triggers and
 * principal: a missing task that should be present is drift no fix repairs (`Repairable` false), so the
 * run says ACTION NEEDED with advice to deploy the task, and the fix never runs for it.
 *
 * A folder match is never wider than declared: never the root folder with recurse, never the root
 * folder without an author, never `\Microsoft\` and below (Windows' own tasks), and never more than
 * `maxTasks` changes in one run (the fix then changes nothing and fails naming how many matched).
 *
 * Safe because it acts on exactly the tasks declared: the folder is queried as a literal path (no
 * wildcards are accepted; a recursive match adds one trailing `*` and then compares each task's folder
 * as text), the name and the author are compared exactly (`-eq`), never as a pattern; not-found is told from failure
 * by the cmdlet's error id, never by its localized text; a failed query is an error, never "absent".
 *
 * Runs as SYSTEM only: Get-ScheduledTask lists only the tasks the caller may read, so a standard user
 * would see tasks under the root folder or of other accounts as absent, and could not change them.
 */
import { onDrift } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

/** A task name: none of the characters Windows forbids in one (tasks are files under %SystemRoot%\System32\Tasks). */
const NAME = String.raw`[^\\/:*?"<>|]+`;
/** A folder name: also no brackets, because Get-ScheduledTask reads -TaskPath as a wildcard pattern. */
const FOLDER = String.raw`[^\\/:*?"<>|\[\]]+`;

/** Windows' own tasks live under this folder; a folder match never reaches them. */
const WINDOWS_FOLDER = '\\Microsoft\\';

interface MatchProps {
  readonly path: string;
  readonly name?: string | undefined;
  readonly recurse?: boolean | undefined;
  readonly author?: string | undefined;
  readonly maxTasks?: number | undefined;
}

/** The bounds of a folder match (no `name`), and the options that only a folder match takes. */
function folderMatchProblems(props: MatchProps): OptionProblem[] {
  const problems: OptionProblem[] = [];
  if (props.name !== undefined) {
    for (const key of ['recurse', 'author', 'maxTasks'] as const) {
      if (props[key] === undefined) continue;
      problems.push({
        option: key,
        code: 'REMC126',
        message: `${key} applies to a folder match, and this check names one task (name: '${props.name}')`,
        hint: `Remove ${key}, or remove name to match every task in '${props.path}'.`,
      });
    }
    return problems;
  }
  if (typeof props.path !== 'string') return problems;
  if (props.path === '\\' && props.recurse === true) {
    problems.push({
      option: 'recurse',
      code: 'REMC125',
      message: String.raw`recurse from the root folder '\' matches every scheduled task of the device, Windows' own included`,
      hint: String.raw`Give the product's own folder, e.g. path: '\Contoso\Updater\', recurse: true; or name the task.`,
    });
  } else if (props.path === '\\' && props.author === undefined) {
    problems.push({
      option: 'path',
      code: 'REMC125',
      message: String.raw`a folder match of the root folder '\' without author matches every vendor's tasks there`,
      hint: "Name the task (name: '...'), or add author: '...' to match only the tasks its product registered.",
    });
  }
  if (props.path.toLowerCase().startsWith(WINDOWS_FOLDER.toLowerCase())) {
    problems.push({
      option: 'path',
      code: 'REMC125',
      message: `'${props.path}' holds Windows' own tasks, which a folder match never removes, enables or disables`,
      hint: String.raw`Name the one task (path: '${props.path}', name: '...'), as Task Scheduler shows it.`,
    });
  }
  return problems;
}

export const scheduledTask = defineTemplate({
  title: 'Scheduled task',
  summary:
    'Keeps a scheduled task enabled or disabled, or removes it when it must be absent; ' +
    'asks a person to deploy a missing task it should keep (it never creates tasks). Without name, does so for every task of a folder.',
  notes: [
    'A folder match (no `name`) names every task directly in `path` (with `recurse: true`, also in its subfolders), ' +
      'by `author` when one is given, and sorts them by full name; summaries name the first three and count the rest. ' +
      "`ensure: 'absent'` removes each, `enabled` enables or disables each in the other state, and with `ensure: 'present'` " +
      'a folder where nothing matches is ACTION NEEDED with advice to deploy the tasks, as for a missing single task: the fix never runs for it (it never creates tasks).',
    'A folder match is refused (REMC125) from the root folder `\\` with `recurse`, or without `author` (every vendor keeps tasks there), ' +
      "and for `\\Microsoft\\` and below (Windows' own tasks). When more than `maxTasks` tasks would change in one run, the fix changes " +
      'none and fails naming how many, so a declaration wider than meant shows up before it strips a fleet.',
  ],
  defaultName: 'task',
  example: String.raw`scheduledTask({ path: '\\Contoso\\Updater\\', recurse: true, author: 'Contoso Updater', ensure: 'absent' })`,
  // A standard user's Get-ScheduledTask silently omits tasks it cannot read (the root folder, other
  // accounts' tasks): only an administrator sees them all, and under Intune only SYSTEM is one.
  requirements: { runAs: ['system'], needsAdmin: true },
  options: {
    /**
     * The task's folder in the Task Scheduler library, with a leading and trailing backslash: `\` for
     * the root folder, `\Contoso\` or `\Microsoft\Windows\Defrag\` for others (as `TaskPath` shows it).
     * Taken literally: no wildcards, no brackets.
     */
    path: option.string({
      required: true,
      pattern: new RegExp(String.raw`^\\(?:${FOLDER}\\)*$`),
      patternText: String.raw`is not a task folder: start and end it with a backslash, e.g. '\' or '\Contoso\' (no wildcards or brackets)`,
    }),
    /**
     * The task's name in that folder (as `TaskName` shows it), matched exactly, case-insensitively as
     * Windows does. Leave it out to match every task directly in `path` (a folder match).
     */
    name: option.string({
      pattern: new RegExp(`^${NAME}$`),
      patternText: String.raw`is not a task name (no \ / : * ? " < > |; give the folder in path)`,
    }),
    /**
     * `present`: the task must exist (remc cannot create it: a missing task is ACTION NEEDED, with advice
     * to deploy it, and the fix does not run). `absent`: the task must not exist, and the fix removes it.
     */
    ensure: option.oneOf(['present', 'absent'], { default: 'present' }),
    /**
     * With `ensure: 'present'`: `true` keeps the task enabled, `false` keeps it disabled (a running
     * instance is left to finish). Leave it out to accept either.
     */
    enabled: option.boolean(),
    /**
     * Folder match only (no `name`): match the tasks of `path`'s subfolders too. Never with the root
     * folder `\`.
     */
    recurse: option.boolean(),
    /**
     * Folder match only: match only the tasks whose Author (the task's registration info, as
     * `Get-ScheduledTask` shows it) is exactly this, case-insensitively. The Author is free text set by
     * whoever registered the task, and often empty: a weak filter, so narrow by `path` first.
     */
    author: option.string({ nonEmpty: true, maxLength: 256, pattern: /^[^\x00-\x1f]+$/, patternText: 'is not an author (no control characters)' }),
    /**
     * Folder match only: the most tasks one run may remove, enable or disable. When more would change,
     * the fix changes none and fails naming how many matched, so a wrong declaration cannot strip a
     * fleet; raise it only after reading that list.
     */
    maxTasks: option.number({ integer: true, min: 1, max: 100, defaultText: '10 (without name)' }),
    /** Report what the fix would change (enable, disable, remove) without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /**
     * When the fix may run. The default, its own drift, fits: the declared state is the one wanted,
     * so a task in another state is itself the symptom.
     */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  // A single task's $Config is what it always was; a folder match adds what bounds it.
  config: (props) => ({
    path: props.path,
    name: props.name ?? null,
    ensure: props.ensure,
    // Always present in $Config: $null means "either".
    enabled: props.enabled ?? null,
    reportOnly: props.reportOnly,
    ...(props.name === undefined ? { recurse: props.recurse ?? false, author: props.author ?? null, maxTasks: props.maxTasks ?? 10 } : {}),
  }),
  validate: (props) => {
    const problems: OptionProblem[] = [];
    if (props.ensure === 'absent' && props.enabled !== undefined) {
      problems.push({
        option: 'enabled',
        message: `enabled: ${String(props.enabled)} has no meaning with ensure: 'absent' (the task is removed)`,
        hint: "Remove enabled, or set ensure: 'present'.",
      });
    }
    problems.push(...folderMatchProblems(props as MatchProps));
    return problems;
  },
});
