// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const diskSpace: import("../../compiler/declare/template.js").TemplateFactory<{
    /** The drive letter of the volume, with its colon, e.g. `'D:'`. */
    readonly drive: import("../../compiler/declare/option.js").Option<string, false>;
    /**
     * The symptom: less free space than this percentage of the volume's size (more than 0, less than
     * 100), e.g. `10`. Give this, `minFreeGB`, or both (either one below its threshold is the symptom).
     */
    readonly minFreePercent: import("../../compiler/declare/option.js").Option<number, false>;
    /**
     * The symptom: less free space than this many GB (1 GB = 1024^3 bytes, as Explorer counts), e.g.
     * `20`. Give this, `minFreePercent`, or both.
     */
    readonly minFreeGB: import("../../compiler/declare/option.js").Option<number, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: import("../../compiler/declare/template.js").RunAs;
    readonly is64Bit: boolean;
}, false>;
