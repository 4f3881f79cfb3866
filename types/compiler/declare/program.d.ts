// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * The rules of a program that a check runs (the command-probe and command-fix templates): where its
 * path may point and what its arguments may hold, checked when the declaration is built. The program
 * runs with its arguments as data (compiler/ps/runtime/program.ps1 quotes each one), never through a
 * shell, so a path to a shell or a script is refused: it would read its arguments as code.
 */
import type { OptionProblem } from './template.js';
/** Variables a path may start with: folders Windows itself sets for the machine. */
export declare const MACHINE_ROOTS: readonly ['SystemRoot', 'windir', 'SystemDrive', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramW6432', 'CommonProgramFiles', 'CommonProgramFiles(x86)', 'CommonProgramW6432', 'ProgramData'];
/** Variables of the account that runs the script: a path in them needs the remediation to run as the user. */
export declare const USER_ROOTS: readonly ['LOCALAPPDATA', 'APPDATA', 'USERPROFILE'];
/** A path's root: its leading %VARIABLE% (then `rest` starts with a backslash) or its drive; undefined for anything else. */
export declare function rootOf(path: string): {
    variable?: string;
    rest: string;
} | undefined;
/** What is wrong with a program's path, or nothing. */
export declare function programPathProblems(path: string): OptionProblem[];
/** Whether the program is in the user's profile, so only the user may run it (never SYSTEM). */
export declare function isUserProgram(path: string): boolean;
/** What is wrong with the arguments: each is one argument, so none may hold a NUL or a line break. */
export declare function programArgumentsCheck(value: unknown): string | undefined;
/** Exit codes: whole numbers a Windows process can exit with (Int32), at least one. */
export declare function exitCodesCheck(value: unknown): string | undefined;
/** The JSON Schema of exit codes. */
export declare const EXIT_CODES_SCHEMA: {
    type: string;
    minItems: number;
    items: {
        type: string;
        minimum: number;
        maximum: number;
    };
};
/** A program's file name in lower case, as summaries and the scenario fakes' runs name it. */
export declare function programName(path: unknown): string;
