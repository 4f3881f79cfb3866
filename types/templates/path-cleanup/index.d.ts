// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * pathCleanup: removes files and folders under declared paths (an app cache, a temp folder), filtered
 * by include / exclude patterns and age. Safe by construction: it enumerates the tree itself and
 * deletes bottom-up one item at a time (never `Remove-Item -Recurse`, which follows junctions on some
 * Windows PowerShell 5.1 builds), never enters or deletes a junction, symbolic link or cloud placeholder
 * (a OneDrive online-only file deleted locally is deleted in the cloud), keeps every parent folder of
 * what it keeps, refuses dangerous roots (a drive, %SystemRoot%, a profile, Program Files...) both at
 * build time and on the device, and handles at most `maxItems` items per run.
 */
import type { Check, RunAs } from '../../compiler/declare/api.js';
/** The new Teams (MSTeams, the packaged client) cache folder, the one cache-clearing guides for new Teams name. */
export declare const NEW_TEAMS_CACHE_PATH = "%LOCALAPPDATA%\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams";
/** What a preset sets; explicit options override each of these. */
export interface PathCleanupPreset {
    readonly paths: readonly string[];
    readonly exclude: readonly string[];
    readonly stopProcesses: readonly string[];
}
/**
 * The presets. `new-teams-cache`: the new Teams cache, keeping the user's uploaded custom backgrounds
 * (`Backgrounds\Uploads` under the cache folder), after stopping `ms-teams` (the new Teams process).
 */
export declare const PATH_CLEANUP_PRESETS: {
    readonly 'new-teams-cache': {
        readonly paths: readonly ["%LOCALAPPDATA%\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams"];
        readonly exclude: readonly ["Backgrounds\\Uploads"];
        readonly stopProcesses: readonly ["ms-teams"];
    };
};
export type PathCleanupPresetName = keyof typeof PATH_CLEANUP_PRESETS;
/**
 * The known folders a path may start with, as `{Desktop}\Old App.lnk`: each is read from the user's
 * `User Shell Folders` key (HKCU, or HKU\<SID> for `forEachUser`), where Windows keeps a folder the
 * user, a policy or OneDrive Known Folder Move relocated. `value`: its value name there; `fallback`:
 * where it is under the profile when the key has no such value (or, for `forEachUser`, the user's hive
 * is not loaded). AppData and LocalAppData resolve `%APPDATA%` and `%LOCALAPPDATA%` for `forEachUser`.
 */
export declare const KNOWN_FOLDERS: {
    readonly Desktop: {
        readonly value: 'Desktop';
        readonly fallback: 'Desktop';
    };
    readonly Documents: {
        readonly value: 'Personal';
        readonly fallback: 'Documents';
    };
    readonly Downloads: {
        readonly value: '{374DE290-123F-4565-9164-39C4925E467B}';
        readonly fallback: 'Downloads';
    };
    readonly Pictures: {
        readonly value: 'My Pictures';
        readonly fallback: 'Pictures';
    };
    readonly Music: {
        readonly value: 'My Music';
        readonly fallback: 'Music';
    };
    readonly Videos: {
        readonly value: 'My Video';
        readonly fallback: 'Videos';
    };
    readonly Favorites: {
        readonly value: 'Favorites';
        readonly fallback: 'Favorites';
    };
    readonly StartMenu: {
        readonly value: 'Start Menu';
        readonly fallback: 'AppData\\Roaming\\Microsoft\\Windows\\Start Menu';
    };
    readonly Startup: {
        readonly value: 'Startup';
        readonly fallback: 'AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup';
    };
    readonly AppData: {
        readonly value: 'AppData';
        readonly fallback: 'AppData\\Roaming';
    };
    readonly LocalAppData: {
        readonly value: 'Local AppData';
        readonly fallback: 'AppData\\Local';
    };
};
export type KnownFolderName = keyof typeof KNOWN_FOLDERS;
declare const factory: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * When the cleanup may run. Required: a cache full of files is the normal state of a working app,
     * so `onDrift()` cleans on every schedule (and, with `stopProcesses`, closes the app each time;
     * the cool-down limits it to once per `coolDownHours`). Use `onDrift()` for housekeeping such as
     * old temp files (`olderThanDays`), or a symptom (`diagnosis.finds('os')`) for a cache reset.
     */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, true>;
    /**
     * Folders (their contents are cleaned; the folder itself stays) or files to remove. Environment
     * variables such as `%LOCALAPPDATA%\Vendor\App\Cache` are expanded on the device, and the result must
     * be absolute. A path may start with a known folder instead, `{Desktop}\Old App.lnk`, found where
     * the user's shell keeps it (also after OneDrive Known Folder Move moved it). Drive roots,
     * `%SystemRoot%`, Program Files, `%ProgramData%`, `%USERPROFILE%`, `%LOCALAPPDATA%`, `%APPDATA%`,
     * `C:\Users`, Desktop, Documents, Downloads and any folder that contains one of them are refused, at
     * build time and again on the device (the list is below the table). Note: under SYSTEM,
     * `%LOCALAPPDATA%`, `%APPDATA%` and `%USERPROFILE%` are SYSTEM's own profile
     * (`C:\Windows\System32\config\systemprofile`), so a path that starts with one of them (or a known
     * folder) runs as the user only, unless `forEachUser` cleans it in every profile.
     * Required unless `preset` gives them.
     */
    readonly paths: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /**
     * A ready-made cleanup. `'new-teams-cache'`: the new Teams cache
     * (`%LOCALAPPDATA%\Packages\MSTeams_8wekyb3d8bbwe\LocalCache\Microsoft\MSTeams`), keeping the user's
     * uploaded backgrounds (`Backgrounds\Uploads`), after stopping `ms-teams`; runs as the user. Options
     * you give (`paths`, `exclude`, `stopProcesses`) replace the preset's.
     */
    readonly preset: import("../../compiler/declare/option.js").Option<"new-teams-cache", false>;
    /**
     * Wildcard patterns (PowerShell `-like`, case-insensitive) of what to remove. A pattern without a
     * backslash matches an item's name at any depth (`*.log`); one with a backslash matches its path
     * relative to the declared folder (`Cache\*`). A matching folder is removed with everything in it
     * that is not excluded.
     */
    readonly include: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /**
     * Patterns (as `include`) of what must stay, e.g. `Backgrounds\Uploads`: a matching item and
     * everything under it is kept, and so are its parent folders.
     */
    readonly exclude: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /**
     * Only files (and emptied folders) last written more than this many days ago; 0 removes any age.
     */
    readonly olderThanDays: import("../../compiler/declare/option.js").Option<number, false>;
    /**
     * Exact process names (as Get-Process shows them, without `.exe`) stopped before anything is
     * removed, so they release their files: only the user's own session when run as the user, every
     * session as SYSTEM. If one is still running `stopTimeoutSeconds` later, nothing is removed and the
     * fix fails saying so.
     */
    readonly stopProcesses: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /**
     * Services (their names, as `Get-Service` shows them in Name, e.g. `['wuauserv', 'bits']`) stopped
     * before anything is removed and started again afterwards, also when the removal fails. A running
     * service's running dependents (its `DependentServices`) are stopped before it, and started again
     * after it; only services that were running are stopped or started. A service still not stopped
     * `stopTimeoutSeconds` after it was asked: nothing is removed, the services stopped so far are
     * started again, and the fix fails naming it. SYSTEM remediations only (a user cannot stop services).
     */
    readonly stopServices: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /** How long the fix waits for each stopped process or service to exit or stop, and a restarted service to run (seconds). */
    readonly stopTimeoutSeconds: import("../../compiler/declare/option.js").Option<number, false>;
    /**
     * In a SYSTEM remediation: clean the paths in every user's profile. `%USERPROFILE%` is each profile
     * folder from the ProfileList key (HKLM); `%APPDATA%`, `%LOCALAPPDATA%` and known folders such as
     * `{Desktop}` are read from that user's `User Shell Folders` when the user's registry is loaded (the
     * user is signed in), else their default places under the profile (`AppData\Roaming`,
     * `AppData\Local`, `Desktop`...). Skipped: system accounts (any SID but S-1-5-21-... and Entra ID's
     * S-1-12-1-...), backup (`.bak`) keys and temporary profiles (State flag 0x800, a TEMP profile folder).
     * A user whose folder cannot be read is counted and the others are still cleaned. Not in a user
     * remediation, which cleans the signed-in user's own folders already.
     */
    readonly forEachUser: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** Report what would be removed (and stop nothing) instead of removing it. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * The most items one run enumerates, so a run never takes hours on a huge tree: beyond it the rest
     * is left for the next run (and the check says so).
     */
    readonly maxItems: import("../../compiler/declare/option.js").Option<number, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system" | "user";
    readonly is64Bit: boolean;
}, false>;
type Props = Parameters<typeof factory>[0];
/** The hosts a per-user cleanup accepts: the signed-in user, either bitness. */
export type PathCleanupUserHost = {
    readonly runAs: 'user';
    readonly is64Bit: boolean;
};
/** The hosts a cleanup of every user's profile, or one that stops services, accepts: SYSTEM. */
export type PathCleanupSystemHost = {
    readonly runAs: 'system';
    readonly is64Bit: boolean;
};
/** The hosts any other cleanup accepts. */
export type PathCleanupHost = {
    readonly runAs: RunAs;
    readonly is64Bit: boolean;
};
/** A declared path in a user's profile, written with its variable (case as Windows documents it) or a known folder. */
type PerUserPath = `%LOCALAPPDATA%${string}` | `%APPDATA%${string}` | `%USERPROFILE%${string}` | `{${string}}${string}`;
/**
 * The factory, typed so an editor already rejects a per-user cleanup (a preset, or a path under
 * %LOCALAPPDATA%, %APPDATA%, %USERPROFILE% or a known folder) in a `runAs: 'system'` remediation, and
 * `forEachUser` or `stopServices` in a user one; the build checks the same for every spelling.
 */
export interface PathCleanupFactory {
    (props: Props & {
        readonly forEachUser: true;
    }): Check<PathCleanupSystemHost>;
    (props: Props & {
        readonly stopServices: readonly [string, ...string[]];
    }): Check<PathCleanupSystemHost>;
    (props: Props & {
        readonly preset: PathCleanupPresetName;
        readonly paths?: undefined;
    }): Check<PathCleanupUserHost>;
    <const P extends readonly string[]>(props: Props & {
        readonly paths: P;
    }): Check<[Extract<P[number], PerUserPath>] extends [never] ? PathCleanupHost : PathCleanupUserHost>;
}
/**
 * Removes files and folders under declared paths when its trigger fires, e.g. the new Teams cache on an
 * OS cause: `pathCleanup({ preset: 'new-teams-cache', trigger: diagnosis.finds('os') })`, temp files
 * older than a week: `pathCleanup({ paths: ['%TEMP%'], olderThanDays: 7, trigger: onDrift() })`, every
 * user's from SYSTEM: `pathCleanup({ paths: ['%LOCALAPPDATA%\\Temp'], forEachUser: true, olderThanDays: 7, trigger: onDrift() })`,
 * the Windows Update cache: `pathCleanup({ paths: ['%SystemRoot%\\SoftwareDistribution\\Download'], stopServices: ['wuauserv', 'bits'], ... })`,
 * or a stale shortcut: `pathCleanup({ paths: ['{Desktop}'], include: ['Old App.lnk'], trigger: onDrift() })`.
 */
export declare const pathCleanup: PathCleanupFactory & typeof factory;
export {};
