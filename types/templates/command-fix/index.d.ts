// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
import type { Trigger } from '../../compiler/protocol.js';
export declare const commandFix: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The program: the full path of an .exe, e.g. `%CommonProgramFiles%\Microsoft Shared\ClickToRun\OfficeClickToRun.exe`
     * or `%SystemRoot%\System32\msiexec.exe`. It may start with a drive or with `%SystemRoot%`, `%windir%`,
     * `%SystemDrive%`, `%ProgramFiles%`, `%ProgramFiles(x86)%`, `%ProgramW6432%`, `%CommonProgramFiles%`
     * (and its x86 and W6432 forms) or `%ProgramData%`; with `%LOCALAPPDATA%`, `%APPDATA%` or
     * `%USERPROFILE%` the remediation must run as the user. Shells and script hosts (`cmd.exe`,
     * `powershell.exe`, `wscript.exe`, ...), scripts, shares and bare names are refused.
     */
    readonly path: import("../../compiler/declare/option.js").Option<string, true>;
    /**
     * The arguments, one item each, passed exactly as written (quoted for the program as the Windows
     * command-line rules read them back; no variable is expanded), e.g. `['/fa', '{90160000-008C-0000-1000-0000000FF1CE}', '/qn']`.
     */
    readonly arguments: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /**
     * How long the program may run, in seconds (at most 1,800: Intune ends a script after an hour).
     * Past it, the program and every process it started are ended and the fix fails.
     */
    readonly timeoutSeconds: import("../../compiler/declare/option.js").Option<number, true>;
    /** The exit codes that mean the program worked, e.g. `[0, 3010]` for msiexec (3010: a restart is needed; none is made). */
    readonly successExitCodes: import("../../compiler/declare/option.js").Option<readonly number[], false>;
    /**
     * When the program runs: the symptom it repairs, found by another check (`onFinding(signal)`,
     * `diagnosis.finds('os')`). Required, and never `onDrift()`: its own probe cannot see what the program fixes.
     */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly Trigger[] | Trigger, true>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: import("../../compiler/declare/template.js").RunAs;
    readonly is64Bit: boolean;
}, false>;
