// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const fileState: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The file, e.g. `%ProgramData%\Contoso\Agent\agent.cfg`: a full path with a drive, or starting with
     * `%SystemRoot%`, `%windir%`, `%SystemDrive%`, `%ProgramFiles%`, `%ProgramFiles(x86)%`,
     * `%ProgramW6432%`, `%CommonProgramFiles%` (and its x86 and W6432 forms) or `%ProgramData%`,
     * expanded on the device; with `%LOCALAPPDATA%`, `%APPDATA%` or `%USERPROFILE%` (or `C:\Users\...`)
     * the remediation must run as the user. No wildcards, shares, `.` or `..` steps. In a 32-bit host,
     * `%ProgramFiles%` and `System32` are the 32-bit folders: keep the remediation 64-bit to read the 64-bit ones.
     */
    readonly path: import("../../compiler/declare/option.js").Option<string, true>;
    /** `'present'`: the file must be there (missing is the symptom); `'absent'`: it must not be (present is the symptom). */
    readonly ensure: import("../../compiler/declare/option.js").Option<"absent" | "present", false>;
    /**
     * The file must have been last written within this many days (0: today, within 24 hours); an
     * older (stale) file is the symptom, e.g. `7` for a status file an agent rewrites daily.
     */
    readonly maxAgeDays: import("../../compiler/declare/option.js").Option<number, false>;
    /** The file must be at least this many days old; one written more recently is the symptom. */
    readonly minAgeDays: import("../../compiler/declare/option.js").Option<number, false>;
    /**
     * The file's text must contain this literal (no wildcards or patterns), e.g. `'Server=agent.contoso.com'`;
     * text without it is the symptom. Files up to 1 MB (see below).
     */
    readonly contains: import("../../compiler/declare/option.js").Option<string, false>;
    /** `contains` compares case by case (ordinal); by default upper and lower case are the same. */
    readonly caseSensitive: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * The file's version (of an .exe or .dll) must be at least this, e.g. `'2.0'` or `'10.0.19041.1'`;
     * a lower one is the symptom. Compared as numbers, part by part (see below).
     */
    readonly minVersion: import("../../compiler/declare/option.js").Option<string, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system" | "user";
    readonly is64Bit: boolean;
}, false>;
