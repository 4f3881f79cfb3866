// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const scheduledTask: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The task's folder in the Task Scheduler library, with a leading and trailing backslash: `\` for
     * the root folder, `\Contoso\` or `\Microsoft\Windows\Defrag\` for others (as `TaskPath` shows it).
     * Taken literally: no wildcards, no brackets.
     */
    readonly path: import("../../compiler/declare/option.js").Option<string, true>;
    /**
     * The task's name in that folder (as `TaskName` shows it), matched exactly, case-insensitively as
     * Windows does. Leave it out to match every task directly in `path` (a folder match).
     */
    readonly name: import("../../compiler/declare/option.js").Option<string, false>;
    /**
     * `present`: the task must exist (remc cannot create it: a missing task is ACTION NEEDED, with advice
     * to deploy it, and the fix does not run). `absent`: the task must not exist, and the fix removes it.
     */
    readonly ensure: import("../../compiler/declare/option.js").Option<"absent" | "present", false>;
    /**
     * With `ensure: 'present'`: `true` keeps the task enabled, `false` keeps it disabled (a running
     * instance is left to finish). Leave it out to accept either.
     */
    readonly enabled: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * Folder match only (no `name`): match the tasks of `path`'s subfolders too. Never with the root
     * folder `\`.
     */
    readonly recurse: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * Folder match only: match only the tasks whose Author (the task's registration info, as
     * `Get-ScheduledTask` shows it) is exactly this, case-insensitively. The Author is free text set by
     * whoever registered the task, and often empty: a weak filter, so narrow by `path` first.
     */
    readonly author: import("../../compiler/declare/option.js").Option<string, false>;
    /**
     * Folder match only: the most tasks one run may remove, enable or disable. When more would change,
     * the fix changes none and fails naming how many matched, so a wrong declaration cannot strip a
     * fleet; raise it only after reading that list.
     */
    readonly maxTasks: import("../../compiler/declare/option.js").Option<number, false>;
    /** Report what the fix would change (enable, disable, remove) without changing anything. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * When the fix may run. The default, its own drift, fits: the declared state is the one wanted,
     * so a task in another state is itself the symptom.
     */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system";
    readonly is64Bit: boolean;
}, false>;
