/**
 * scheduledTask: one scheduled task, named by its folder and name, must exist (and, when `enabled` is
 * given, be enabled or disabled), or must not exist. The fix enables or disables the task
 * (`Enable-ScheduledTask` / `Disable-ScheduledTask`) or removes it (`Unregister-ScheduledTask
 * -Confirm:$false`); it never creates a task, because remc cannot know its actions, triggers and
 * principal: a missing task that should be present is drift the fix reports and cannot repair.
 *
 * Safe because it acts on exactly one task: the folder is queried as a literal path (no wildcards are
 * accepted) and the name is compared exactly (`-eq`), never as a pattern; not-found is told from failure
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

export const scheduledTask = defineTemplate({
  title: 'Scheduled task',
  summary:
    'Keeps a scheduled task enabled or disabled, or removes it when it must be absent; ' +
    'reports a missing task it should keep (it never creates tasks).',
  defaultName: 'task',
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
    /** The task's name in that folder (as `TaskName` shows it), matched exactly, case-insensitively as Windows does. */
    name: option.string({
      required: true,
      pattern: new RegExp(`^${NAME}$`),
      patternText: String.raw`is not a task name (no \ / : * ? " < > |; give the folder in path)`,
    }),
    /**
     * `present`: the task must exist (remc cannot create it: a missing task is reported and the fix
     * fails saying so). `absent`: the task must not exist, and the fix removes it.
     */
    ensure: option.oneOf(['present', 'absent'], { default: 'present' }),
    /**
     * With `ensure: 'present'`: `true` keeps the task enabled, `false` keeps it disabled (a running
     * instance is left to finish). Leave it out to accept either.
     */
    enabled: option.boolean(),
    /** Report what the fix would change (enable, disable, remove) without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /**
     * When the fix may run. The default, its own drift, fits: the declared state is the one wanted,
     * so a task in another state is itself the symptom.
     */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (props) => ({
    path: props.path,
    name: props.name,
    ensure: props.ensure,
    // Always present in $Config: $null means "either".
    enabled: props.enabled ?? null,
    reportOnly: props.reportOnly,
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
    return problems;
  },
});
