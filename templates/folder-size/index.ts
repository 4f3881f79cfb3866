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
import type { RunAs } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

/** Variables that point into one user's profile: under SYSTEM they name SYSTEM's own profile instead. */
const PER_USER_VARIABLES = ['%LOCALAPPDATA%', '%APPDATA%', '%USERPROFILE%', '%TEMP%', '%TMP%'];

/** What is wrong with the declared folder, or undefined. */
function pathProblem(path: string): string | undefined {
  if (/^\\\\[?.]\\/.test(path)) return `"${path}" is a device path (\\\\?\\ or \\\\.\\); give a plain absolute path`;
  if (/[*?]/.test(path)) return `"${path}" holds a wildcard; the path is literal (select files with include)`;
  if (path.includes('/')) return `"${path}" holds a forward slash; write Windows paths with backslashes`;
  if (!/^(%[^%\\]+%(\\|$)|[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/.test(path)) return `"${path}" is not absolute: start it with a drive (C:\\), a share (\\\\server\\share) or a variable such as %LOCALAPPDATA%`;
  if (path.slice(path.startsWith('%') ? path.indexOf('%', 1) + 1 : 0).includes('%')) return `"${path}" holds a variable after its start; only the first segment may be one (%LOCALAPPDATA%\\...)`;
  const key = path.replace(/\\+$/, '');
  if (key.split('\\').some((s, i) => (s === '.' || s === '..') && i > 0)) return `"${path}" holds a . or .. segment`;
  if (/^[A-Za-z]:$/.test(key) || /^\\\\[^\\]+\\[^\\]+$/.test(key)) return `"${path}" is a drive or share root (for a volume's free space use diskSpace)`;
  return undefined;
}

/** What is wrong with an include pattern, or undefined. */
function patternProblem(pattern: string): string | undefined {
  if (pattern.includes('/')) return `"${pattern}" holds a forward slash; separate folders with backslashes (Cache\\*)`;
  if (pattern.startsWith('\\') || /^[A-Za-z]:/.test(pattern) || pattern.includes('%')) return `"${pattern}" must be relative to the folder (no drive, leading backslash or variable)`;
  if (pattern.split('\\').some((s) => s === '.' || s === '..')) return `"${pattern}" holds a . or .. segment`;
  return undefined;
}

/** Whether the folder lies in one user's profile (it then needs `runAs: 'user'`). */
function isPerUserPath(path: string): boolean {
  const p = path.toUpperCase();
  return PER_USER_VARIABLES.some((v) => p.startsWith(v));
}

/** The options after defaults, as `validate` and `requirementsOf` receive them. */
type Resolved = { readonly path: string; readonly include: readonly string[] };

export const folderSize = defineTemplate({
  title: 'Folder size',
  summary:
    'Detect-only symptom source: adds up the files under a folder (matching include), never following links, bounded in items and time, ' +
    'and finds its symptom when the total is over maxMB; use onFinding(signal) as the trigger of a cleanup.',
  defaultName: 'size',
  options: {
    /**
     * The folder to measure, e.g. `%LOCALAPPDATA%\Contoso\Browser\Cache`. Absolute: a drive (`C:\`), a
     * share (`\\server\share\...`), or an environment variable as its first segment, expanded on the
     * device (`%ProgramData%\Vendor\Logs`). Not a drive or share root. Under SYSTEM, `%LOCALAPPDATA%`,
     * `%APPDATA%`, `%USERPROFILE%`, `%TEMP%` and `%TMP%` are SYSTEM's own profile, so a path that starts
     * with one of them makes the check run as the user only.
     */
    path: option.string({ required: true }),
    /** The symptom: the matching files add up to more than this many MB (1 MB = 1024^2 bytes), e.g. `500`. */
    maxMB: option.number({ required: true, min: 1, max: 16777216 }),
    /**
     * Wildcard patterns (PowerShell `-like`, case-insensitive) of the files that count. A pattern without
     * a backslash matches a file's name at any depth (`*.log`); one with a backslash matches its path
     * relative to the folder (`Cache\*`).
     */
    include: option.stringArray({ nonEmpty: true, default: ['*'] }),
    /**
     * The most files and folders one run looks at. Beyond it the total is unknown: a probe error, unless
     * what was counted is already over `maxMB`.
     */
    maxItems: option.number({ integer: true, min: 1, max: 1000000, default: 100000 }),
    /** The longest one run may walk the folder, in seconds; beyond it, as `maxItems`. */
    maxSeconds: option.number({ integer: true, min: 1, max: 600, default: 60 }),
  },
  requirementsOf: (resolved): { runAs?: readonly RunAs[] } => (isPerUserPath((resolved as Resolved).path ?? '') ? { runAs: ['user'] } : {}),
  validate: (resolved) => {
    const props = resolved as Resolved;
    const problems: OptionProblem[] = [];
    const problem = typeof props.path === 'string' ? pathProblem(props.path) : undefined;
    if (problem !== undefined) problems.push({ option: 'path', message: problem, hint: 'Name the folder itself, e.g. %LOCALAPPDATA%\\Vendor\\App\\Cache.' });
    for (const pattern of props.include ?? []) {
      const bad = patternProblem(pattern);
      if (bad !== undefined) problems.push({ option: 'include', message: bad });
    }
    return problems;
  },
});
