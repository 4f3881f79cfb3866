// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const commandProbe: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The program: the full path of an .exe, e.g. `%SystemRoot%\System32\Dism.exe`. It may start with a
     * drive or with `%SystemRoot%`, `%windir%`, `%SystemDrive%`, `%ProgramFiles%`, `%ProgramFiles(x86)%`,
     * `%ProgramW6432%`, `%CommonProgramFiles%` (and its x86 and W6432 forms) or `%ProgramData%`; with
     * `%LOCALAPPDATA%`, `%APPDATA%` or `%USERPROFILE%` the remediation must run as the user. Shells and
     * script hosts (`cmd.exe`, `powershell.exe`, `wscript.exe`, ...), scripts, shares and bare names are
     * refused.
     */
    readonly path: import("../../compiler/declare/option.js").Option<string, true>;
    /**
     * The arguments, one item each, passed exactly as written (quoted for the program as the Windows
     * command-line rules read them back; no variable is expanded), e.g. `['/Online', '/Cleanup-Image', '/CheckHealth']`.
     */
    readonly arguments: import("../../compiler/declare/option.js").Option<readonly string[], false>;
    /**
     * How long the program may run, in seconds. Past it, the program and every process it started are
     * ended and the probe fails (unknown). The probes of one run share `probeBudgetSeconds` (default 120).
     */
    readonly timeoutSeconds: import("../../compiler/declare/option.js").Option<number, true>;
    /** The exit codes that mean the desired state. */
    readonly desiredExitCodes: import("../../compiler/declare/option.js").Option<readonly number[], false>;
    /**
     * A .NET regular expression (case-insensitive) that the program's standard output (its first 1,000
     * lines) must match as well. Tools translate their text into the device's language, so the build
     * warns (REMC097): prefer exit codes.
     */
    readonly outputMatches: import("../../compiler/declare/option.js").Option<string, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: import("../../compiler/declare/template.js").RunAs;
    readonly is64Bit: boolean;
}, false>;
