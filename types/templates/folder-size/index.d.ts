// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * folderSize: a detect-only symptom source. It adds up the sizes of the files under one folder (those
 * whose name or relative path matches `include`) and finds its symptom (is out of its desired state)
 * when the total is over `maxMB`. Another check acts on it with `onFinding(size)`, so a cleanup runs
 * only when the folder has grown too large:
 *
 * ```ts
 * const cache = folderSize({ checkName: 'cache', path: '%LOCALAPPDATA%\\Contoso\\Browser\\Cache', maxMB: 500 });
 * checks: [cache, pathCleanup({ paths: ['%LOCALAPPDATA%\\Contoso\\Browser\\Cache'], trigger: onFinding(cache) })],
 * ```
 *
 * The size is the sum of the files' lengths (Explorer's "Size", not "Size on disk"). It walks the tree
 * itself, one folder at a time, and never enters a junction or symbolic link (nor counts what one
 * points to). It is bounded: after `maxItems` files and folders, or `maxSeconds`, it stops; a total
 * it could not finish, or one with a subfolder it could not read, is only a finding when what it did
 * count is already over `maxMB` ("at least ..."), and otherwise a probe error (the size is unknown),
 * never a smaller number taken for the truth. A folder that does not exist holds nothing: size 0, no
 * symptom, and the summary says it was not found.
 */
import type { RunAs } from '../../compiler/declare/api.js';
export declare const folderSize: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The folder to measure, e.g. `%LOCALAPPDATA%\Contoso\Browser\Cache`. Absolute: a drive (`C:\`), a
     * share (`\\server\share\...`), or an environment variable as its first segment, expanded on the
     * device (`%ProgramData%\Vendor\Logs`). Not a drive or share root. Under SYSTEM, `%LOCALAPPDATA%`,
     * `%APPDATA%`, `%USERPROFILE%`, `%TEMP%` and `%TMP%` are SYSTEM's own profile, so a path that starts
     * with one of them makes the check run as the user only.
     */
    readonly path: import("../../compiler/declare/option.js").Option<string, true>;
    /** The symptom: the matching files add up to more than this many MB (1 MB = 1024^2 bytes), e.g. `500`. */
    readonly maxMB: import("../../compiler/declare/option.js").Option<number, true>;
    /**
     * Wildcard patterns (PowerShell `-like`, case-insensitive) of the files that count. A pattern without
     * a backslash matches a file's name at any depth (`*.log`); one with a backslash matches its path
     * relative to the folder (`Cache\*`).
     */
    readonly include: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /**
     * The most files and folders one run looks at. Beyond it the total is unknown: a probe error, unless
     * what was counted is already over `maxMB`.
     */
    readonly maxItems: import("../../compiler/declare/option.js").Option<number, false>;
    /** The longest one run may walk the folder, in seconds; beyond it, as `maxItems`. */
    readonly maxSeconds: import("../../compiler/declare/option.js").Option<number, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: RunAs;
    readonly is64Bit: boolean;
}, false>;
