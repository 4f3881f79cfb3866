/**
 * commandFix: a fix that runs a program, such as a vendor's repair tool, when the symptom it repairs is
 * seen. The program runs once per fix with its arguments as data (each quoted as the Windows
 * command-line rules read it back, never joined into a shell line) and its standard input empty, for at
 * most `timeoutSeconds`: then it and every process it started are ended and the fix fails. The fix
 * worked when the program exits with one of `successExitCodes`; the summary gives the exit code and the
 * last lines of its output.
 *
 * ```ts
 * // Winsock reset when the network stack's errors repeat (netsh.exe winsock reset).
 * const winsock = eventSignal({ checkName: 'winsock-errors', log: 'System', provider: 'Tcpip', ids: [4227], minCount: 5 });
 * checks: [
 *   winsock,
 *   commandFix({
 *     checkName: 'winsock-reset',
 *     path: '%SystemRoot%\\System32\\netsh.exe',
 *     arguments: ['winsock', 'reset'],
 *     timeoutSeconds: 60,
 *     trigger: onFinding(winsock),
 *   }),
 * ],
 * ```
 *
 * Why it is safe:
 * - It needs a trigger from another check: remc cannot read back what a program changed, so its own
 *   probe only says whether the program is there (a missing one is a probe error, and no fix runs). The
 *   fix is a symptom's fix: the run says APPLIED, and the next detections decide from the symptom
 *   whether it held; the cool-down and `maxFixes` bound how often it runs.
 * - The process tree is found through each process's parent id (CIM Win32_Process): a process whose
 *   parent exited before the limit is no longer linked to the program and is not ended; a process
 *   created before its supposed parent never counts as its child (a reused id).
 * - No shell ever reads the path or the arguments; shells, script hosts, scripts, shares and relative
 *   paths are refused at build (REMC095).
 * - Nothing restarts the device: an exit code such as 3010 (restart required) is reported as such when
 *   it is one of `successExitCodes`.
 * - Under Constrained Language Mode it runs too: Start-Process, Wait-Process, Stop-Process and CIM are
 *   cmdlets that mode allows (the methods of System.Diagnostics.Process are not used).
 */
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';
import { EXIT_CODES_SCHEMA, exitCodesCheck, isUserProgram, programArgumentsCheck, programPathProblems } from '../../compiler/declare/program.ts';
import type { Trigger } from '../../compiler/protocol.ts';

export const commandFix = defineTemplate({
  title: 'Command fix',
  summary:
    'Runs a program as the fix when another check finds the symptom it repairs (no shell, arguments as data, a hard time limit ' +
    'that ends its process tree); it worked when the exit code is a success code, and the summary gives the code and the last output.',
  defaultName: 'command',
  options: {
    /**
     * The program: the full path of an .exe, e.g. `%CommonProgramFiles%\Microsoft Shared\ClickToRun\OfficeClickToRun.exe`
     * or `%SystemRoot%\System32\msiexec.exe`. It may start with a drive or with `%SystemRoot%`, `%windir%`,
     * `%SystemDrive%`, `%ProgramFiles%`, `%ProgramFiles(x86)%`, `%ProgramW6432%`, `%CommonProgramFiles%`
     * (and its x86 and W6432 forms) or `%ProgramData%`; with `%LOCALAPPDATA%`, `%APPDATA%` or
     * `%USERPROFILE%` the remediation must run as the user. Shells and script hosts (`cmd.exe`,
     * `powershell.exe`, `wscript.exe`, ...), scripts, shares and bare names are refused.
     */
    path: option.string({ required: true }),
    /**
     * The arguments, one item each, passed exactly as written (quoted for the program as the Windows
     * command-line rules read them back; no variable is expanded), e.g. `['/fa', '{90160000-008C-0000-1000-0000000FF1CE}', '/qn']`.
     */
    arguments: option.custom<readonly string[]>('an array of strings', { type: 'array', items: { type: 'string' } }, programArgumentsCheck, { default: [] }),
    /**
     * How long the program may run, in seconds (at most 1,800: Intune ends a script after an hour).
     * Past it, the program and every process it started are ended and the fix fails.
     */
    timeoutSeconds: option.number({ required: true, min: 1, max: 1800, integer: true }),
    /** The exit codes that mean the program worked, e.g. `[0, 3010]` for msiexec (3010: a restart is needed; none is made). */
    successExitCodes: option.custom<readonly number[]>('an array of exit codes (whole numbers)', EXIT_CODES_SCHEMA, exitCodesCheck, { default: [0] }),
    /**
     * When the program runs: the symptom it repairs, found by another check (`onFinding(signal)`,
     * `diagnosis.finds('os')`). Required, and never `onDrift()`: its own probe cannot see what the program fixes.
     */
    trigger: option.triggers({ required: true, schedule: true }),
  },
  requirementsOf: (props) => (isUserProgram(props.path) ? { runAs: ['user'] } : {}),
  validate: (props): OptionProblem[] => [...programPathProblems(props.path), ...ownTrigger(props.trigger, props.checkName)],
});

/** A trigger on the fix's own check: its drift, or a finding of itself, which its probe never reports. */
function ownTrigger(trigger: Trigger | readonly Trigger[], name: string): OptionProblem[] {
  const list: readonly Trigger[] = Array.isArray(trigger) ? trigger : [trigger as Trigger];
  return list.some((t) => t.kind === 'drift' || (t.kind === 'finding' && t.check === name))
    ? [{ option: 'trigger', code: 'REMC096', message: `the trigger reads the fix's own check "${name}", whose probe only says whether the program is there` }]
    : [];
}
