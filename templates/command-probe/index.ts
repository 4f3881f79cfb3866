/**
 * commandProbe: a detect-only check that runs a program and judges it by its exit code (and, when
 * asked, its output). It is in its desired state when the program exits with one of `desiredExitCodes`
 * within `timeoutSeconds` and, with `outputMatches`, its standard output matches that pattern:
 *
 * ```ts
 * // The Windows component store reports no corruption: DISM exits 0.
 * commandProbe({
 *   checkName: 'component-store',
 *   path: '%SystemRoot%\\System32\\Dism.exe',
 *   arguments: ['/Online', '/Cleanup-Image', '/CheckHealth'],
 *   timeoutSeconds: 90,
 * })
 * ```
 *
 * The program runs with its arguments as data (each quoted as the Windows command-line rules read it
 * back, never joined into a shell line), its standard input empty, for at most `timeoutSeconds`: then
 * it and every process it started are ended. A program that is not there, that outlives its limit,
 * or whose path variable is not set is a probe error (unknown, never "desired"), and no fix acts on it.
 * Like any other check, it can be the symptom of a fix: `onFinding(probe)`.
 *
 * The program runs in every detection, on every device of the assignment: declare one that only
 * reads (a health check, a query), never one that changes the machine; that is what `commandFix` is
 * for, on a symptom.
 *
 * It runs under Constrained Language Mode: the program is started with Start-Process and waited for
 * with Wait-Process (cmdlets that mode allows), never with the methods of System.Diagnostics.Process.
 */
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';
import { EXIT_CODES_SCHEMA, exitCodesCheck, isUserProgram, programArgumentsCheck, programPathProblems } from '../../compiler/declare/program.ts';

export const commandProbe = defineTemplate({
  title: 'Command probe',
  summary:
    'Detect-only: runs a program (no shell, arguments as data, a hard time limit that ends its process tree) and is in its desired ' +
    'state when it exits with a desired code and, optionally, its output matches; a missing program or a timeout is a probe error.',
  defaultName: 'command',
  options: {
    /**
     * The program: the full path of an .exe, e.g. `%SystemRoot%\System32\Dism.exe`. It may start with a
     * drive or with `%SystemRoot%`, `%windir%`, `%SystemDrive%`, `%ProgramFiles%`, `%ProgramFiles(x86)%`,
     * `%ProgramW6432%`, `%CommonProgramFiles%` (and its x86 and W6432 forms) or `%ProgramData%`; with
     * `%LOCALAPPDATA%`, `%APPDATA%` or `%USERPROFILE%` the remediation must run as the user. Shells and
     * script hosts (`cmd.exe`, `powershell.exe`, `wscript.exe`, ...), scripts, shares and bare names are
     * refused.
     */
    path: option.string({ required: true }),
    /**
     * The arguments, one item each, passed exactly as written (quoted for the program as the Windows
     * command-line rules read them back; no variable is expanded), e.g. `['/Online', '/Cleanup-Image', '/CheckHealth']`.
     */
    arguments: option.custom<readonly string[]>('an array of strings', { type: 'array', items: { type: 'string' } }, programArgumentsCheck, { default: [] }),
    /**
     * How long the program may run, in seconds. Past it, the program and every process it started are
     * ended and the probe fails (unknown). The probes of one run share `probeBudgetSeconds` (default 120).
     */
    timeoutSeconds: option.number({ required: true, min: 1, max: 300, integer: true }),
    /** The exit codes that mean the desired state. */
    desiredExitCodes: option.custom<readonly number[]>('an array of exit codes (whole numbers)', EXIT_CODES_SCHEMA, exitCodesCheck, { default: [0] }),
    /**
     * A .NET regular expression (case-insensitive) that the program's standard output (its first 1,000
     * lines) must match as well. Tools translate their text into the device's language, so the build
     * warns (REMC097): prefer exit codes.
     */
    outputMatches: option.string({ nonEmpty: true, defaultText: 'not matched' }),
  },
  requirementsOf: (props) => (isUserProgram(props.path) ? { runAs: ['user'] } : {}),
  validate: (props): OptionProblem[] => [
    ...programPathProblems(props.path),
    ...(props.outputMatches === undefined
      ? []
      : [{ option: 'outputMatches', code: 'REMC097' as const, severity: 'warning' as const, message: `outputMatches /${props.outputMatches}/ reads the program's text, which differs with the device's display language` }]),
  ],
});
