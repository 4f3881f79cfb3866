/**
 * pathCleanup: removes files and folders under declared paths (an app cache, a temp folder), filtered
 * by include / exclude patterns and age. Safe by construction: it enumerates the tree itself and
 * deletes bottom-up one item at a time (never `Remove-Item -Recurse`, which follows junctions on some
 * Windows PowerShell 5.1 builds), never enters or deletes a junction, symbolic link or cloud placeholder
 * (a OneDrive online-only file deleted locally is deleted in the cloud), keeps every parent folder of
 * what it keeps, refuses dangerous roots (a drive, %SystemRoot%, a profile, Program Files...) both at
 * build time and on the device, and handles at most `maxItems` items per run.
 */
import type { Check, RunAs } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

/** The new Teams (MSTeams, the packaged client) cache folder, the one cache-clearing guides for new Teams name. */
export const NEW_TEAMS_CACHE_PATH = '%LOCALAPPDATA%\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams';

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
export const PATH_CLEANUP_PRESETS = {
  'new-teams-cache': {
    paths: [NEW_TEAMS_CACHE_PATH],
    exclude: ['Backgrounds\\Uploads'],
    stopProcesses: ['ms-teams'],
  },
} as const satisfies Readonly<Record<string, PathCleanupPreset>>;

export type PathCleanupPresetName = keyof typeof PATH_CLEANUP_PRESETS;

/** Variables that point into one user's profile: under SYSTEM they name SYSTEM's own profile instead. */
const PER_USER_VARIABLES = ['%LOCALAPPDATA%', '%APPDATA%', '%USERPROFILE%'];

/**
 * Folders that must never be cleaned whole, nor any folder that contains them (lower case, no trailing
 * backslash). The device checks the same after expanding the variables, with the values it really has.
 */
const PROTECTED_ROOTS = [
  '%systemdrive%', '%systemroot%', '%windir%', '%systemroot%\\system32', '%systemroot%\\syswow64', '%systemroot%\\winsxs',
  '%windir%\\system32', '%windir%\\syswow64', '%windir%\\winsxs',
  '%programfiles%', '%programfiles(x86)%', '%programw6432%', '%commonprogramfiles%', '%commonprogramfiles(x86)%',
  '%programdata%', '%allusersprofile%', '%public%', '%homedrive%', '%homedrive%%homepath%',
  '%userprofile%', '%userprofile%\\appdata', '%userprofile%\\appdata\\local', '%userprofile%\\appdata\\locallow', '%userprofile%\\appdata\\roaming',
  '%userprofile%\\desktop', '%userprofile%\\documents', '%userprofile%\\downloads', '%userprofile%\\pictures',
  '%localappdata%', '%localappdata%\\packages', '%localappdata%\\microsoft', '%appdata%', '%appdata%\\microsoft',
  '%onedrive%', '%onedrivecommercial%', '%onedriveconsumer%', '%systemdrive%\\users',
  'c:\\windows', 'c:\\windows\\system32', 'c:\\windows\\syswow64', 'c:\\windows\\winsxs',
  'c:\\program files', 'c:\\program files (x86)', 'c:\\programdata', 'c:\\users', 'c:\\users\\public', 'c:\\users\\default',
];

/** A user's profile folder or its AppData folders, written out: C:\Users\alice, C:\Users\alice\AppData\Local. */
const PROFILE_FOLDER = /^[a-z]:\\users\\[^\\]+(\\appdata(\\(local|locallow|roaming))?)?$/;

/** The paths a check cleans: its own, else its preset's. */
function pathsOf(props: { readonly paths?: readonly string[] | undefined; readonly preset?: PathCleanupPresetName | undefined }): readonly string[] {
  if (props.paths !== undefined) return props.paths;
  return props.preset !== undefined ? PATH_CLEANUP_PRESETS[props.preset].paths : [];
}

/** Whether a declared path lies in one user's profile (it then needs `runAs: 'user'`). */
function isPerUserPath(path: string): boolean {
  const p = path.toUpperCase();
  return PER_USER_VARIABLES.some((v) => p.startsWith(v));
}

/** What is wrong with one declared path, or undefined. */
function pathProblem(path: string): string | undefined {
  if (/^\\\\[?.]\\/.test(path)) return `"${path}" is a device path (\\\\?\\ or \\\\.\\); give a plain absolute path`;
  if (/[*?]/.test(path)) return `"${path}" holds a wildcard; paths are literal (select items with include)`;
  if (path.includes('/')) return `"${path}" holds a forward slash; write Windows paths with backslashes`;
  if (!/^(%[^%\\]+%|[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/.test(path)) return `"${path}" is not absolute: start it with a drive (C:\\), a share (\\\\server\\share) or a variable such as %LOCALAPPDATA%`;
  const key = path.replace(/\\+$/, '').toLowerCase();
  if (key.split('\\').some((s, i) => (s === '.' || s === '..') && i > 0)) return `"${path}" holds a . or .. segment`;
  if (/^[a-z]:$/.test(key) || /^\\\\[^\\]+\\[^\\]+$/.test(key)) return `"${path}" is a drive or share root`;
  if (PROFILE_FOLDER.test(key)) return `"${path}" is a user profile folder`;
  const hit = PROTECTED_ROOTS.find((root) => root === key || root.startsWith(`${key}\\`));
  if (hit !== undefined) return hit === key ? `"${path}" is a protected folder` : `"${path}" contains the protected folder ${hit}`;
  return undefined;
}

/** What is wrong with an include or exclude pattern, or undefined. */
function patternProblem(pattern: string): string | undefined {
  if (pattern.includes('/')) return `"${pattern}" holds a forward slash; separate folders with backslashes (Backgrounds\\Uploads)`;
  if (pattern.startsWith('\\') || /^[A-Za-z]:/.test(pattern) || pattern.includes('%')) return `"${pattern}" must be relative to the declared path (no drive, leading backslash or variable)`;
  if (pattern.split('\\').some((s) => s === '.' || s === '..')) return `"${pattern}" holds a . or .. segment`;
  return undefined;
}

/** What is wrong with a process name, or undefined. */
function processProblem(name: string): string | undefined {
  if (/\.exe$/i.test(name)) return `"${name}" ends in .exe; give the process name as Get-Process shows it (${name.slice(0, -4)})`;
  if (/[*?[\]\\/]/.test(name)) return `"${name}" must be an exact process name (no wildcards or paths)`;
  return undefined;
}

/** The options after defaults, as `config`, `validate` and `requirementsOf` receive them. */
type Resolved = {
  readonly paths: readonly string[] | undefined;
  readonly preset: PathCleanupPresetName | undefined;
  readonly include: readonly string[];
  readonly exclude: readonly string[] | undefined;
  readonly olderThanDays: number;
  readonly stopProcesses: readonly string[] | undefined;
  readonly stopTimeoutSeconds: number;
  readonly reportOnly: boolean;
  readonly maxItems: number;
};

const factory = defineTemplate({
  title: 'Path cleanup',
  summary:
    'Removes files and folders under declared paths (filtered by include, exclude and age), never following links out of them; ' +
    'drift when there is something to remove.',
  defaultName: 'cleanup',
  // Either account: per-user paths (%LOCALAPPDATA%, %APPDATA%, %USERPROFILE%) narrow it to the user (requirementsOf).
  requirements: { runAs: ['user', 'system'] },
  options: {
    /**
     * When the cleanup may run. Required: a cache full of files is the normal state of a working app,
     * so `onDrift()` cleans on every schedule (and, with `stopProcesses`, closes the app each time;
     * the cool-down limits it to once per `coolDownHours`). Use `onDrift()` for housekeeping such as
     * old temp files (`olderThanDays`), or a symptom (`diagnosis.finds('os')`) for a cache reset.
     */
    trigger: option.triggers({ required: true }),
    /**
     * Folders (their contents are cleaned; the folder itself stays) or files to remove. Environment
     * variables such as `%LOCALAPPDATA%\Vendor\App\Cache` are expanded on the device, and the result must
     * be absolute. Drive roots, `%SystemRoot%`, Program Files, `%ProgramData%`, `%USERPROFILE%`,
     * `%LOCALAPPDATA%`, `%APPDATA%`, `C:\Users` and any folder that contains one of them are refused,
     * at build time and again on the device. Note: under SYSTEM, `%LOCALAPPDATA%`, `%APPDATA%` and
     * `%USERPROFILE%` are SYSTEM's own profile (`C:\Windows\System32\config\systemprofile`), not the
     * signed-in user's, so a path that starts with one of them makes the check run as the user only.
     * Required unless `preset` gives them.
     */
    paths: option.stringArray({ nonEmpty: true, defaultText: "the preset's; required without a preset" }),
    /**
     * A ready-made cleanup. `'new-teams-cache'`: the new Teams cache
     * (`%LOCALAPPDATA%\Packages\MSTeams_8wekyb3d8bbwe\LocalCache\Microsoft\MSTeams`), keeping the user's
     * uploaded backgrounds (`Backgrounds\Uploads`), after stopping `ms-teams`; runs as the user. Options
     * you give (`paths`, `exclude`, `stopProcesses`) replace the preset's.
     */
    preset: option.oneOf(['new-teams-cache']),
    /**
     * Wildcard patterns (PowerShell `-like`, case-insensitive) of what to remove. A pattern without a
     * backslash matches an item's name at any depth (`*.log`); one with a backslash matches its path
     * relative to the declared folder (`Cache\*`). A matching folder is removed with everything in it
     * that is not excluded.
     */
    include: option.stringArray({ nonEmpty: true, default: ['*'] }),
    /**
     * Patterns (as `include`) of what must stay, e.g. `Backgrounds\Uploads`: a matching item and
     * everything under it is kept, and so are its parent folders.
     */
    exclude: option.stringArray({ defaultText: "the preset's, else none" }),
    /**
     * Only files (and emptied folders) last written more than this many days ago; 0 removes any age.
     */
    olderThanDays: option.number({ integer: true, min: 0, max: 36500, default: 0 }),
    /**
     * Exact process names (as Get-Process shows them, without `.exe`) stopped before anything is
     * removed, so they release their files: only the user's own session when run as the user, every
     * session as SYSTEM. If one is still running `stopTimeoutSeconds` later, nothing is removed and the
     * fix fails saying so.
     */
    stopProcesses: option.stringArray({ defaultText: "the preset's, else none" }),
    /** How long the fix waits for the stopped processes to exit (seconds). */
    stopTimeoutSeconds: option.number({ integer: true, min: 1, max: 300, default: 15 }),
    /** Report what would be removed (and stop nothing) instead of removing it. */
    reportOnly: option.boolean({ default: false }),
    /**
     * The most items one run enumerates, so a run never takes hours on a huge tree: beyond it the rest
     * is left for the next run (and the check says so).
     */
    maxItems: option.number({ integer: true, min: 1, max: 1000000, default: 100000 }),
  },
  config: (resolved) => {
    const props = resolved as Resolved;
    const preset = props.preset !== undefined ? PATH_CLEANUP_PRESETS[props.preset] : undefined;
    return {
      paths: [...pathsOf(props)],
      include: [...props.include],
      exclude: [...(props.exclude ?? preset?.exclude ?? [])],
      olderThanDays: props.olderThanDays,
      stopProcesses: [...(props.stopProcesses ?? preset?.stopProcesses ?? [])],
      stopTimeoutSeconds: props.stopTimeoutSeconds,
      reportOnly: props.reportOnly,
      maxItems: props.maxItems,
    };
  },
  requirementsOf: (resolved): { runAs?: readonly RunAs[] } => (pathsOf(resolved as Resolved).some(isPerUserPath) ? { runAs: ['user'] } : {}),
  validate: (resolved) => {
    const props = resolved as Resolved;
    const problems: OptionProblem[] = [];
    if (props.paths === undefined && props.preset === undefined) {
      problems.push({ message: 'needs paths or a preset', hint: "Give paths: ['%LOCALAPPDATA%\\\\Vendor\\\\App\\\\Cache'], or preset: 'new-teams-cache'." });
    }
    for (const path of props.paths ?? []) {
      const problem = pathProblem(path);
      if (problem !== undefined) problems.push({ option: 'paths', message: problem, hint: 'Name the folder to clean itself, e.g. %LOCALAPPDATA%\\Vendor\\App\\Cache.' });
    }
    for (const key of ['include', 'exclude'] as const) {
      for (const pattern of props[key] ?? []) {
        const problem = patternProblem(pattern);
        if (problem !== undefined) problems.push({ option: key, message: problem });
      }
    }
    for (const name of props.stopProcesses ?? []) {
      const problem = processProblem(name);
      if (problem !== undefined) problems.push({ option: 'stopProcesses', message: problem, hint: "e.g. stopProcesses: ['ms-teams']" });
    }
    return problems;
  },
});

type Props = Parameters<typeof factory>[0];
/** The hosts a per-user cleanup accepts: the signed-in user, either bitness. */
export type PathCleanupUserHost = { readonly runAs: 'user'; readonly is64Bit: boolean };
/** The hosts any other cleanup accepts. */
export type PathCleanupHost = { readonly runAs: RunAs; readonly is64Bit: boolean };
/** A declared path in a user's profile, written with its variable (case as Windows documents it). */
type PerUserPath = `%LOCALAPPDATA%${string}` | `%APPDATA%${string}` | `%USERPROFILE%${string}`;

/**
 * The factory, typed so an editor already rejects a per-user cleanup (a preset, or a path under
 * %LOCALAPPDATA%, %APPDATA% or %USERPROFILE%) in a `runAs: 'system'` remediation; the build checks the
 * same for every spelling.
 */
export interface PathCleanupFactory {
  (props: Props & { readonly preset: PathCleanupPresetName; readonly paths?: undefined }): Check<PathCleanupUserHost>;
  <const P extends readonly string[]>(props: Props & { readonly paths: P }): Check<[Extract<P[number], PerUserPath>] extends [never] ? PathCleanupHost : PathCleanupUserHost>;
}

/**
 * Removes files and folders under declared paths when its trigger fires, e.g. the new Teams cache on an
 * OS cause: `pathCleanup({ preset: 'new-teams-cache', trigger: diagnosis.finds('os') })`, or temp files
 * older than a week: `pathCleanup({ paths: ['%TEMP%'], olderThanDays: 7, trigger: onDrift() })`.
 */
export const pathCleanup = factory as PathCleanupFactory & typeof factory;
