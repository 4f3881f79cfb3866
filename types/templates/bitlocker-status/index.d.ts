// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
export declare const bitLockerStatus: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * Every fixed data volume (VolumeType 1, e.g. a second internal disk) must be protected too. Left
     * false, they are only reported; removable (portable) volumes are never required unless
     * `mountPoints` names them.
     */
    readonly requireFixedDataVolumes: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * Drive letters that must also be protected when the machine has them, e.g. `['D:']`. A letter the
     * machine does not have is reported ("E: not present"), not counted against it.
     */
    readonly mountPoints: import("../../compiler/declare/option.js").Option<readonly string[], false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: "system";
    readonly is64Bit: true;
}, false>;
