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
import { defineTemplate, option, type ConfigRecord, type OptionProblem } from '../../compiler/declare/template.ts';

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
 * The known folders a path may start with, as `{Desktop}\Old App.lnk`: each is read from the user's
 * `User Shell Folders` key (HKCU, or HKU\<SID> for `forEachUser`), where Windows keeps a folder the
 * user, a policy or OneDrive Known Folder Move relocated. `value`: its value name there; `fallback`:
 * where it is under the profile when the key has no such value (or, for `forEachUser`, the user's hive
 * is not loaded). AppData and LocalAppData resolve `%APPDATA%` and `%LOCALAPPDATA%` for `forEachUser`.
 */
export const KNOWN_FOLDERS = {
  Desktop: { value: 'Desktop', fallback: 'Desktop' },
  Documents: { value: 'Personal', fallback: 'Documents' },
  Downloads: { value: '{374DE290-123F-4565-9164-39C4925E467B}', fallback: 'Downloads' },
  Pictures: { value: 'My Pictures', fallback: 'Pictures' },
  Music: { value: 'My Music', fallback: 'Music' },
  Videos: { value: 'My Video', fallback: 'Videos' },
  Favorites: { value: 'Favorites', fallback: 'Favorites' },
  StartMenu: { value: 'Start Menu', fallback: 'AppData\\Roaming\\Microsoft\\Windows\\Start Menu' },
  Startup: { value: 'Startup', fallback: 'AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup' },
  AppData: { value: 'AppData', fallback: 'AppData\\Roaming' },
  LocalAppData: { value: 'Local AppData', fallback: 'AppData\\Local' },
} as const;

export type KnownFolderName = keyof typeof KNOWN_FOLDERS;

/** The known folder a declared path starts with (`{Desktop}...`), its token as written, or undefined. */
function knownFolderOf(path: string): { readonly name: KnownFolderName | undefined; readonly token: string } | undefined {
  const found = /^\{([^}]*)\}/.exec(path);
  if (!found) return undefined;
  const name = Object.keys(KNOWN_FOLDERS).find((k) => k === found[1]) as KnownFolderName | undefined;
  return { name, token: found[0] };
}

/**
 * Whether an include pattern names something in particular (`Old App.lnk`, `*.tmp`, `Contoso*`): some
 * text besides wildcards, dots and backslashes. `*`, `*.*` or `*\*` select everything.
 */
function isSpecificPattern(pattern: string): boolean {
  return pattern.replace(/\[[^\]]*\]/g, '').replace(/[*?.\\]/g, '') !== '';
}

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

/** Whether a declared path lies in one user's profile (it then needs `runAs: 'user'`, or `forEachUser`). */
function isPerUserPath(path: string): boolean {
  const p = path.toUpperCase();
  return PER_USER_VARIABLES.some((v) => p.startsWith(v)) || knownFolderOf(path) !== undefined;
}

/** The known folders (and for every user, AppData and LocalAppData) whose place the device reads. */
function knownFoldersOf(paths: readonly string[], forEachUser: boolean): ConfigRecord[] {
  const names = new Set<KnownFolderName>(forEachUser ? ['AppData', 'LocalAppData'] : []);
  for (const path of paths) {
    const name = knownFolderOf(path)?.name;
    if (name !== undefined) names.add(name);
  }
  return [...names].sort().map((name) => ({ name, value: KNOWN_FOLDERS[name].value, fallback: KNOWN_FOLDERS[name].fallback }));
}

/** What is wrong with one declared path, or undefined; `include` decides whether a known folder itself may be named. */
function pathProblem(path: string, include: readonly string[]): OptionProblem | undefined {
  const known = knownFolderOf(path);
  if (known !== undefined) return knownFolderProblem(path, known, include);
  const message = plainPathProblem(path);
  if (message === undefined) return undefined;
  return { option: 'paths', message, hint: pathHint(path) };
}

/** A path that starts with a known folder: a folder Windows knows, and the folder itself only for named items. */
function knownFolderProblem(path: string, known: { readonly name: KnownFolderName | undefined; readonly token: string }, include: readonly string[]): OptionProblem | undefined {
  const names = Object.keys(KNOWN_FOLDERS).map((k) => `{${k}}`).join(', ');
  if (known.name === undefined) return { option: 'paths', message: `"${path}" starts with ${known.token}, which is no known folder`, hint: `Start it with one of ${names} (case as written here).` };
  const rest = path.slice(known.token.length);
  if (rest !== '' && !rest.startsWith('\\')) return { option: 'paths', message: `"${path}": a backslash must follow ${known.token}`, hint: `e.g. ${known.token}\\Contoso\\Old` };
  const tail = rest.replace(/\\+$/, '');
  if (/[*?%/]/.test(tail) || tail.split('\\').some((s, i) => i > 0 && (s === '.' || s === '..' || s === ''))) {
    return { option: 'paths', message: `"${path}" holds a wildcard, variable, forward slash or an empty, . or .. segment after ${known.token}`, hint: 'Write the rest as literal folder names; select items with include.' };
  }
  if (tail !== '' || include.every(isSpecificPattern)) return undefined;
  const wide = include.filter((p) => !isSpecificPattern(p)).map((p) => `'${p}'`).join(', ');
  return {
    option: 'include',
    message: `${known.token} is the user's ${known.name} itself: include ${wide} would empty it`,
    hint: `Name what to remove in it, e.g. include: ['Old App.lnk'] or ['Contoso *.lnk']; a known folder is never cleaned whole.`,
  };
}

/** What to do instead of a refused path: the hint says something the declaration did not already do. */
function pathHint(path: string): string {
  const key = path.replace(/\\+$/, '').toLowerCase();
  const known = Object.keys(KNOWN_FOLDERS).find((k) => key === `%userprofile%\\${KNOWN_FOLDERS[k as KnownFolderName].fallback.toLowerCase()}`);
  if (known !== undefined) return `To remove particular items from it, start the path with {${known}} (found where the user's shell keeps it, also after OneDrive moved it) and name them in include, e.g. paths: ['{${known}}'], include: ['Old App.lnk'].`;
  return 'Point at the one app folder that holds what to remove, a level below the refused one (e.g. %LOCALAPPDATA%\\Contoso\\App\\Cache, not %LOCALAPPDATA%); docs/templates.md lists the refused folders.';
}

/** What is wrong with one declared path that does not start with a known folder, or undefined. */
function plainPathProblem(path: string): string | undefined {
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

/** What is wrong with a service name, or undefined. */
function serviceProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.$-]+$/.test(name)) return `"${name}" is not a service name (Get-Service's Name, e.g. wuauserv: letters, digits, _ . $ -)`;
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
  readonly stopServices: readonly string[];
  readonly stopTimeoutSeconds: number;
  readonly forEachUser: boolean;
  readonly reportOnly: boolean;
  readonly maxItems: number;
};

/** The reference's list of refused folders and known folders, from the data the checks use. */
function referenceNotes(): string[] {
  const refused = [...new Set(PROTECTED_ROOTS.map((r) => r.replace(/%([^%]+)%/g, (_w, n: string) => `%${n.toUpperCase()}%`)))];
  const known = Object.entries(KNOWN_FOLDERS).map(([name, k]) => `\`{${name}}\` (\`${k.value}\`, else \`${k.fallback}\`)`);
  return [
    `**Refused folders** (at build time, and again on the device after expanding the variables): a drive or share root, a user's profile folder and its \`AppData\`, \`AppData\\Local\`, \`AppData\\LocalLow\`, \`AppData\\Roaming\` (any \`C:\\Users\\<name>\` spelling), a path with a wildcard, \`.\` or \`..\`, and each of these and any folder that contains one: ${refused.map((r) => `\`${r}\``).join(', ')}. A known folder (\`{Desktop}\`...) may be named itself only with an include that names items (\`Old App.lnk\`, \`*.tmp\`), never \`*\`.`,
    `**Known folders** (a path's first part, \`{Desktop}\\Old App.lnk\`; value name in \`User Shell Folders\`, else the place under the profile): ${known.join(', ')}.`,
  ];
}

const factory = defineTemplate({
  title: 'Path cleanup',
  notes: referenceNotes(),
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
    /**
     * Services (their names, as `Get-Service` shows them in Name, e.g. `['wuauserv', 'bits']`) stopped
     * before anything is removed and started again afterwards, also when the removal fails. A running
     * service's running dependents (its `DependentServices`) are stopped before it, and started again
     * after it; only services that were running are stopped or started. A service still not stopped
     * `stopTimeoutSeconds` after it was asked: nothing is removed, the services stopped so far are
     * started again, and the fix fails naming it. SYSTEM remediations only (a user cannot stop services).
     */
    stopServices: option.stringArray({ default: [] }),
    /** How long the fix waits for each stopped process or service to exit or stop, and a restarted service to run (seconds). */
    stopTimeoutSeconds: option.number({ integer: true, min: 1, max: 300, default: 15 }),
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
    forEachUser: option.boolean({ default: false }),
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
      stopServices: [...props.stopServices],
      stopTimeoutSeconds: props.stopTimeoutSeconds,
      forEachUser: props.forEachUser,
      knownFolders: knownFoldersOf(pathsOf(props), props.forEachUser),
      reportOnly: props.reportOnly,
      maxItems: props.maxItems,
    };
  },
  // Per-user paths need the user, unless every user's profile is cleaned from SYSTEM (validateHost says
  // why forEachUser and stopServices need SYSTEM, with a hint of their own).
  requirementsOf: (resolved): { runAs?: readonly RunAs[] } => {
    const props = resolved as Resolved;
    return !props.forEachUser && props.stopServices.length === 0 && pathsOf(props).some(isPerUserPath) ? { runAs: ['user'] } : {};
  },
  validateHost: (resolved, host) => {
    const props = resolved as Resolved;
    const problems: OptionProblem[] = [];
    if (host.runAs === 'system') {
      if (!props.forEachUser && props.stopServices.length > 0 && pathsOf(props).some(isPerUserPath)) {
        problems.push({ option: 'paths', message: "a per-user path under SYSTEM names SYSTEM's own profile", hint: 'Add forEachUser: true to clean it in every user\'s profile while the services are stopped.' });
      }
      return problems;
    }
    if (props.forEachUser) {
      problems.push({ option: 'forEachUser', message: 'forEachUser reaches every profile from SYSTEM, but this remediation runs as the user', hint: "Remove forEachUser: as the user, %LOCALAPPDATA% and {Desktop} already are the signed-in user's own; or set runAs: 'system' to clean every profile." });
    }
    if (props.stopServices.length > 0) {
      problems.push({ option: 'stopServices', message: 'a user cannot stop services, but this remediation runs as the user', hint: "Set runAs: 'system' (with forEachUser: true for per-user paths), or stop the app with stopProcesses instead." });
    }
    return problems;
  },
  validate: (resolved) => {
    const props = resolved as Resolved;
    const problems: OptionProblem[] = [];
    if (props.paths === undefined && props.preset === undefined) {
      problems.push({ message: 'needs paths or a preset', hint: "Give paths: ['%LOCALAPPDATA%\\\\Vendor\\\\App\\\\Cache'], or preset: 'new-teams-cache'." });
    }
    for (const path of props.paths ?? []) {
      const problem = pathProblem(path, props.include);
      if (problem !== undefined) problems.push(problem);
    }
    for (const path of props.forEachUser ? pathsOf(props).filter((p) => !isPerUserPath(p)) : []) {
      problems.push({ option: 'paths', message: `"${path}" is the same for every user, but forEachUser cleans each user's own`, hint: 'Start it with %LOCALAPPDATA%, %APPDATA%, %USERPROFILE% or a known folder such as {Desktop}, or clean it in a check of its own without forEachUser.' });
    }
    for (const name of props.stopServices) {
      const problem = serviceProblem(name);
      if (problem !== undefined) problems.push({ option: 'stopServices', message: problem, hint: "e.g. stopServices: ['wuauserv', 'bits']" });
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
/** The hosts a cleanup of every user's profile, or one that stops services, accepts: SYSTEM. */
export type PathCleanupSystemHost = { readonly runAs: 'system'; readonly is64Bit: boolean };
/** The hosts any other cleanup accepts. */
export type PathCleanupHost = { readonly runAs: RunAs; readonly is64Bit: boolean };
/** A declared path in a user's profile, written with its variable (case as Windows documents it) or a known folder. */
type PerUserPath = `%LOCALAPPDATA%${string}` | `%APPDATA%${string}` | `%USERPROFILE%${string}` | `{${string}}${string}`;

/**
 * The factory, typed so an editor already rejects a per-user cleanup (a preset, or a path under
 * %LOCALAPPDATA%, %APPDATA%, %USERPROFILE% or a known folder) in a `runAs: 'system'` remediation, and
 * `forEachUser` or `stopServices` in a user one; the build checks the same for every spelling.
 */
export interface PathCleanupFactory {
  (props: Props & { readonly forEachUser: true }): Check<PathCleanupSystemHost>;
  (props: Props & { readonly stopServices: readonly [string, ...string[]] }): Check<PathCleanupSystemHost>;
  (props: Props & { readonly preset: PathCleanupPresetName; readonly paths?: undefined }): Check<PathCleanupUserHost>;
  <const P extends readonly string[]>(props: Props & { readonly paths: P }): Check<[Extract<P[number], PerUserPath>] extends [never] ? PathCleanupHost : PathCleanupUserHost>;
}

/**
 * Removes files and folders under declared paths when its trigger fires, e.g. the new Teams cache on an
 * OS cause: `pathCleanup({ preset: 'new-teams-cache', trigger: diagnosis.finds('os') })`, temp files
 * older than a week: `pathCleanup({ paths: ['%TEMP%'], olderThanDays: 7, trigger: onDrift() })`, every
 * user's from SYSTEM: `pathCleanup({ paths: ['%LOCALAPPDATA%\\Temp'], forEachUser: true, olderThanDays: 7, trigger: onDrift() })`,
 * the Windows Update cache: `pathCleanup({ paths: ['%SystemRoot%\\SoftwareDistribution\\Download'], stopServices: ['wuauserv', 'bits'], ... })`,
 * or a stale shortcut: `pathCleanup({ paths: ['{Desktop}'], include: ['Old App.lnk'], trigger: onDrift() })`.
 */
export const pathCleanup = factory as PathCleanupFactory & typeof factory;
