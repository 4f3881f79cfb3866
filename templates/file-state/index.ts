/**
 * fileState: a detect-only symptom source for one file: is it there (or gone), how long ago it was last
 * written, whether its text contains a literal, and whether its file version is at least one given. It
 * finds its symptom (is out of its desired state) when one declared condition fails; another check acts
 * on it with `onFinding(file)`, so e.g. an agent is repaired only when its configuration is missing:
 *
 * ```ts
 * const config = fileState({ checkName: 'agent-config', path: '%ProgramData%\\Contoso\\Agent\\agent.cfg', contains: 'Server=' });
 * checks: [config, commandFix({ path: '%SystemRoot%\\System32\\msiexec.exe', arguments: ['/fa', '{...}', '/qn'], timeoutSeconds: 600, trigger: onFinding(config) })],
 * ```
 *
 * Used alone it only reports (ACTION NEEDED, or ISSUE FOUND in a detect-only remediation). It reads the
 * file with `Get-Item` (a `System.IO.FileInfo`: `LastWriteTimeUtc`, `Length`, and `VersionInfo`, a
 * `System.Diagnostics.FileVersionInfo`) and, for `contains`, `Get-Content -Raw` of files up to 1 MB.
 * A file it cannot read (access denied, a folder at the path, a text larger than 1 MB, an executable
 * without version information) is a probe error with the reason, never drift: unknown means no fix runs.
 */
import type { RunAs } from '../../compiler/declare/api.ts';
import { MACHINE_ROOTS, rootOf, USER_ROOTS } from '../../compiler/declare/program.ts';
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

/** The most bytes `contains` reads: a larger file is a probe error (its text is not searched in part). */
const FILE_STATE_MAX_TEXT_BYTES = 1048576;

const PATH_CODE = 'REMC100';
const ABSENT_CODE = 'REMC101';
const EMPTY_CODE = 'REMC102';

const ROOTS_TEXT = `a drive (C:\\...) or one of ${MACHINE_ROOTS.map((v) => `%${v}%`).join(', ')} (or ${USER_ROOTS.map((v) => `%${v}%`).join(', ')} as the user)`;

/**
 * What is wrong with the file's path, or nothing: the rules of a program's path (commandFix), as far as
 * they are about where a file is: a full local path, a known folder variable at its start only, no
 * wildcard, no . or .. step; and a file, not a folder.
 */
function filePathProblems(path: string): OptionProblem[] {
  const refuse = (message: string, hint: string): OptionProblem[] => [{ option: 'path', code: PATH_CODE, message, hint }];
  if (path.startsWith('\\\\')) {
    return refuse(`path "${path}" is on a network share or a device path`, "Check a file on the device's own disks: under SYSTEM a share is reached as the computer account, and an unreachable share says nothing about the device.");
  }
  const root = rootOf(path);
  if (!root) return refuse(`path "${path}" is not a full path`, `Start it with ${ROOTS_TEXT}: a relative path depends on the folder the script starts in.`);
  const known = [...MACHINE_ROOTS, ...USER_ROOTS].find((v) => v.toLowerCase() === root.variable?.toLowerCase());
  if (root.variable !== undefined && !known) {
    return refuse(`path "${path}" starts with %${root.variable}%, which Windows does not set for every account`, `Start it with ${ROOTS_TEXT}.`);
  }
  if (/[%*?[\]"<>|/]/.test(root.rest) || /[\x00-\x1f]/.test(path)) {
    return refuse(`path "${path}" holds a character a file's path cannot (%, wildcards, quotes, /, control characters)`, 'Name the one file, with backslashes; an environment variable only at its start.');
  }
  const parts = root.rest.split('\\').slice(1);
  if (parts.some((part) => part === '.' || part === '..')) return refuse(`path "${path}" climbs with . or ..`, 'Write the folder the file is in, without . or .. steps.');
  if (parts.length === 0 || parts[parts.length - 1] === '') return refuse(`path "${path}" names a folder, not a file`, 'Name the file itself, e.g. %ProgramData%\\Contoso\\Agent\\agent.cfg.');
  return [];
}

/** Whether the file is in the user's profile, so the check runs as the user (under SYSTEM it would be SYSTEM's profile). */
function isUserPath(path: string): boolean {
  const root = rootOf(path);
  if (!root) return false;
  if (root.variable !== undefined) return USER_ROOTS.some((v) => v.toLowerCase() === root.variable!.toLowerCase());
  return /^\\users\\/i.test(root.rest);
}

/** The check's name from its file: `agent.cfg` -> `agent-cfg`. */
function nameFromPath(path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined;
  const safe = (path.split('\\').pop() ?? '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (safe === '') return undefined;
  return (/^[A-Za-z]/.test(safe) ? safe : `file-${safe}`).slice(0, 36).replace(/-+$/, '');
}

/** A version as FileVersionInfo's parts are: 2 to 4 numbers of 0 to 65535, e.g. `2.0` or `10.0.19041.1`. */
function versionCheck(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected a version such as '2.0' or '10.0.19041.1', got ${value === null ? 'null' : typeof value}`;
  const parts = value.split('.');
  if (parts.length < 2 || parts.length > 4 || parts.some((p) => !/^\d{1,5}$/.test(p) || Number(p) > 65535)) {
    return `"${value}" is not a file version: 2 to 4 numbers of 0 to 65535 separated by dots, e.g. '2.0' or '10.0.19041.1'`;
  }
  return undefined;
}

/** The options after defaults, as `validate` and `requirementsOf` receive them. */
type Resolved = {
  readonly path: string;
  readonly ensure: 'present' | 'absent';
  readonly maxAgeDays: number | undefined;
  readonly minAgeDays: number | undefined;
  readonly contains: string | undefined;
  readonly caseSensitive: boolean;
  readonly minVersion: string | undefined;
};

/** The conditions on a present file that the declaration sets. */
const CONDITIONS = ['maxAgeDays', 'minAgeDays', 'contains', 'minVersion'] as const;

export const fileState = defineTemplate({
  title: 'File state',
  summary:
    'Detect-only symptom source: finds its symptom when a file is missing (or present with ensure: absent), last written longer ago than ' +
    'maxAgeDays or more recently than minAgeDays, lacks a text, or has a file version below minVersion; use onFinding(signal) as the trigger of a fix.',
  example: String.raw`fileState({ path: '%ProgramData%\\Contoso\\Agent\\agent.cfg', maxAgeDays: 30, contains: 'Server=' })`,
  notes: [
    `**Ages** are whole days: the 24-hour periods since the file was last written (\`LastWriteTimeUtc\`), rounded down, by the runtime's clock. A file written 30 days and 20 hours ago is 30 days old: within \`maxAgeDays: 30\`, and at least \`minAgeDays: 30\` old.`,
    `**Text** (\`contains\`): files up to ${FILE_STATE_MAX_TEXT_BYTES / 1048576} MB, read with \`Get-Content -Raw -Encoding UTF8\`, which reads the encoding from a byte order mark (UTF-8, UTF-16 LE or BE, UTF-32) and UTF-8 without one. A larger file is a probe error: its text is not searched in part.`,
    '**Versions** (`minVersion`): the file version Windows shows on the Details tab, as the four numbers of `FileVersionInfo` (`FileMajorPart.FileMinorPart.FileBuildPart.FilePrivatePart`), never the `ProductVersion` or `FileVersion` text, which vendors write freely. Missing parts of `minVersion` count as lower than any number (`2.0` is met by `2.0.0.0`). A file without version information is a probe error.',
  ],
  defaultName: 'file',
  // Either account: a path in the user's profile narrows it to the user (requirementsOf).
  requirements: { runAs: ['user', 'system'] },
  options: {
    /**
     * The file, e.g. `%ProgramData%\Contoso\Agent\agent.cfg`: a full path with a drive, or starting with
     * `%SystemRoot%`, `%windir%`, `%SystemDrive%`, `%ProgramFiles%`, `%ProgramFiles(x86)%`,
     * `%ProgramW6432%`, `%CommonProgramFiles%` (and its x86 and W6432 forms) or `%ProgramData%`,
     * expanded on the device; with `%LOCALAPPDATA%`, `%APPDATA%` or `%USERPROFILE%` (or `C:\Users\...`)
     * the remediation must run as the user. No wildcards, shares, `.` or `..` steps. In a 32-bit host,
     * `%ProgramFiles%` and `System32` are the 32-bit folders: keep the remediation 64-bit to read the 64-bit ones.
     */
    path: option.string({ required: true }),
    /** `'present'`: the file must be there (missing is the symptom); `'absent'`: it must not be (present is the symptom). */
    ensure: option.oneOf(['present', 'absent'], { default: 'present' }),
    /**
     * The file must have been last written within this many days (0: today, within 24 hours); an
     * older (stale) file is the symptom, e.g. `7` for a status file an agent rewrites daily.
     */
    maxAgeDays: option.number({ integer: true, min: 0, max: 36500, defaultText: 'none' }),
    /** The file must be at least this many days old; one written more recently is the symptom. */
    minAgeDays: option.number({ integer: true, min: 1, max: 36500, defaultText: 'none' }),
    /**
     * The file's text must contain this literal (no wildcards or patterns), e.g. `'Server=agent.contoso.com'`;
     * text without it is the symptom. Files up to 1 MB (see below).
     */
    contains: option.string({ nonEmpty: true, maxLength: 1024, defaultText: 'none' }),
    /** `contains` compares case by case (ordinal); by default upper and lower case are the same. */
    caseSensitive: option.boolean({ default: false }),
    /**
     * The file's version (of an .exe or .dll) must be at least this, e.g. `'2.0'` or `'10.0.19041.1'`;
     * a lower one is the symptom. Compared as numbers, part by part (see below).
     */
    minVersion: option.custom<string>('a file version such as 2.0 or 10.0.19041.1', { type: 'string', pattern: '^[0-9]{1,5}(\\.[0-9]{1,5}){1,3}$' }, versionCheck, { defaultText: 'none' }),
  },
  config: (p) => ({
    path: p.path,
    ensure: p.ensure,
    // Always in $Config: null means "not declared".
    maxAgeDays: p.maxAgeDays ?? null,
    minAgeDays: p.minAgeDays ?? null,
    // Not `contains`: a hashtable's .Contains is its method, so the probe reads the literal as Text.
    text: p.contains ?? null,
    caseSensitive: p.caseSensitive,
    minVersion: p.minVersion ?? null,
    maxTextBytes: FILE_STATE_MAX_TEXT_BYTES,
  }),
  nameOf: (p) => nameFromPath(p.path),
  requirementsOf: (resolved): { runAs?: readonly RunAs[] } => (typeof (resolved as Resolved).path === 'string' && isUserPath((resolved as Resolved).path) ? { runAs: ['user'] } : {}),
  validate: (resolved) => {
    const p = resolved as Resolved;
    const problems: OptionProblem[] = typeof p.path === 'string' ? filePathProblems(p.path) : [];
    if (p.ensure === 'absent') {
      for (const name of CONDITIONS.filter((c) => p[c] !== undefined)) {
        problems.push({ option: name, code: ABSENT_CODE, message: `${name} describes a file that is there, but this check wants it absent`, hint: `Remove ${name}, or declare ensure: 'present' to check the file's ${name === 'contains' ? 'text' : name === 'minVersion' ? 'version' : 'age'}.` });
      }
    }
    if (p.caseSensitive && p.contains === undefined) {
      problems.push({ option: 'caseSensitive', message: 'caseSensitive applies to contains, which this check does not declare', hint: "Remove caseSensitive, or add contains: 'the text'." });
    }
    if (p.minAgeDays !== undefined && p.maxAgeDays !== undefined && p.minAgeDays > p.maxAgeDays) {
      problems.push({
        option: 'minAgeDays',
        code: EMPTY_CODE,
        message: `no file is both at least ${p.minAgeDays} days old (minAgeDays) and written within ${p.maxAgeDays} days (maxAgeDays): every file would be the symptom`,
        hint: 'Keep one of them, or make minAgeDays at most maxAgeDays (a window of ages).',
      });
    }
    if (p.contains !== undefined && /[\x00]/.test(p.contains)) {
      problems.push({ option: 'contains', message: 'contains holds a NUL character, which a text file does not', hint: 'Give the text as it reads in the file.' });
    }
    return problems;
  },
});
