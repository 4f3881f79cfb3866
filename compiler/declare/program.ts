/**
 * The rules of a program that a check runs (the command-probe and command-fix templates): where its
 * path may point and what its arguments may hold, checked when the declaration is built. The program
 * runs with its arguments as data (compiler/ps/runtime/program.ps1 quotes each one), never through a
 * shell, so a path to a shell or a script is refused: it would read its arguments as code.
 */
import type { OptionProblem } from './template.ts';

/** Variables a path may start with: folders Windows itself sets for the machine. */
export const MACHINE_ROOTS = [
  'SystemRoot', 'windir', 'SystemDrive', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramW6432',
  'CommonProgramFiles', 'CommonProgramFiles(x86)', 'CommonProgramW6432', 'ProgramData',
] as const;

/** Variables of the account that runs the script: a path in them needs the remediation to run as the user. */
export const USER_ROOTS = ['LOCALAPPDATA', 'APPDATA', 'USERPROFILE'] as const;

/** Programs that run their arguments as code: a shell, a script host, a language runtime. */
const SHELLS = ['cmd', 'command', 'powershell', 'powershell_ise', 'pwsh', 'wscript', 'cscript', 'mshta', 'bash', 'wsl', 'sh', 'python', 'pythonw', 'node'];

/** The diagnostic of a path the build refuses (REMC095). */
const PATH_CODE = 'REMC095';

const RUN_ITSELF =
  "run the program itself, with each argument one item of `arguments` (e.g. path: '%SystemRoot%\\System32\\netsh.exe', arguments: ['winsock', 'reset']); " +
  'logic of your own goes in a customCheck, whose PowerShell remc checks.';
const SHELL_HINT = `A shell or script host reads its arguments as code: ${RUN_ITSELF}`;

/** A path's root: its leading %VARIABLE% (then `rest` starts with a backslash) or its drive; undefined for anything else. */
export function rootOf(path: string): { variable?: string; rest: string } | undefined {
  const env = /^%([^%\\]+)%(\\.*)$/.exec(path);
  if (env) return { variable: env[1]!, rest: env[2]! };
  if (/^[A-Za-z]:\\/.test(path)) return { rest: path.slice(2) };
  return undefined;
}

/** What is wrong with a program's path, or nothing. */
export function programPathProblems(path: string): OptionProblem[] {
  const refuse = (message: string, hint?: string): OptionProblem[] => [{ option: 'path', code: PATH_CODE, message, ...(hint ? { hint } : {}) }];
  if (path.startsWith('\\\\')) {
    return refuse(`path "${path}" is on a network share`, 'Install the program on the devices and give its local path: a share may be unreachable when the script runs, and whoever can write to it would run code on every device.');
  }
  const root = rootOf(path);
  if (!root) {
    return refuse(
      `path "${path}" is not a full path`,
      `Start it with a drive (C:\\...) or one of ${MACHINE_ROOTS.map((v) => `%${v}%`).join(', ')} (or ${USER_ROOTS.map((v) => `%${v}%`).join(', ')} as the user): a bare name is looked up in the working folder and PATH, which differ per device and account (SYSTEM starts in System32).`,
    );
  }
  const known = [...MACHINE_ROOTS, ...USER_ROOTS].find((v) => v.toLowerCase() === root.variable?.toLowerCase());
  if (root.variable !== undefined && !known) {
    return refuse(`path "${path}" starts with %${root.variable}%, which Windows does not set for every account`, `Start it with a drive or one of ${[...MACHINE_ROOTS, ...USER_ROOTS].map((v) => `%${v}%`).join(', ')}.`);
  }
  if (/[%*?[\]"<>|/]/.test(root.rest) || /[\x00-\x1f]/.test(path)) {
    return refuse(`path "${path}" holds a character a program's path cannot (%, wildcards, quotes, /, control characters)`, 'Write the one program file, with backslashes; environment variables only at its start.');
  }
  if (root.rest.split('\\').some((part) => part === '.' || part === '..')) {
    return refuse(`path "${path}" climbs with . or ..`, 'Write the folder the program is in, without . or .. steps, so what the build checked is what runs.');
  }
  const file = root.rest.split('\\').pop() ?? '';
  const dot = file.lastIndexOf('.');
  const stem = (dot > 0 ? file.slice(0, dot) : file).toLowerCase();
  const ext = dot > 0 ? file.slice(dot + 1).toLowerCase() : '';
  if (SHELLS.includes(stem)) return refuse(`path "${path}" is ${file}, which runs its arguments as code`, SHELL_HINT);
  if (ext !== 'exe' && ext !== 'com') {
    return refuse(`path "${path}" is not a program (.exe or .com)`, ext === '' ? 'Give the file name with its extension (.exe).' : `A .${ext} file runs through a shell or script host, which reads its arguments as code: ${RUN_ITSELF}`);
  }
  return [];
}

/** Whether the program is in the user's profile, so only the user may run it (never SYSTEM). */
export function isUserProgram(path: string): boolean {
  const root = rootOf(path);
  if (!root) return false;
  if (root.variable !== undefined) return USER_ROOTS.some((v) => v.toLowerCase() === root.variable!.toLowerCase());
  return /^\\users\\/i.test(root.rest);
}

/** What is wrong with the arguments: each is one argument, so none may hold a NUL or a line break. */
export function programArgumentsCheck(value: unknown): string | undefined {
  if (!Array.isArray(value)) return `expected an array of strings, got ${value === null ? 'null' : typeof value}`;
  const bad = value.findIndex((v) => typeof v !== 'string' || /[\x00\r\n]/.test(v));
  if (bad >= 0) return `item ${bad} (${JSON.stringify(value[bad])}) is not one argument (a string without NUL or line breaks)`;
  return undefined;
}

/** Exit codes: whole numbers a Windows process can exit with (Int32), at least one. */
export function exitCodesCheck(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return 'expected an array of at least one exit code';
  const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647);
  if (bad >= 0) return `item ${bad} (${JSON.stringify(value[bad])}) is not an exit code (a whole number of 32 bits, e.g. 0 or 3010)`;
  return undefined;
}

/** The JSON Schema of exit codes. */
export const EXIT_CODES_SCHEMA = { type: 'array', minItems: 1, items: { type: 'integer', minimum: -2147483648, maximum: 2147483647 } };

/** A program's file name in lower case, as summaries and the scenario fakes' runs name it. */
export function programName(path: unknown): string {
  return String(path).split('\\').pop()!.toLowerCase();
}
