// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * The options of defineRemediation, each stated once: its name, its value (type, schema and check),
 * its doc (the JSDoc above it) and its default. Everything else reads this table: the validation
 * (compiler/validate/), the defaults lowering applies, the `RemediationProps` type editors show (the
 * docs come along through the mapped type; `npm run gen` adds each default to types/ as `@default`)
 * and the YAML schema's descriptions and defaults (compiler/dev/yaml-schema.ts).
 */
import type { Assignment } from './assignments.js';
import { type Check, type Option } from './template.js';
export declare const REMEDIATION_OPTIONS: {
    /**
     * Stable identifier: names the `dist/<id>/` folder and identifies the remediation in the index.
     * Lowercase letters, digits and single hyphens, at most 64 characters.
     */
    readonly id: Option<string, true>;
    /** The name admins see in Intune (`displayName`). */
    readonly displayName: Option<string, true>;
    /** What the remediation detects and fixes; becomes the Intune description and the scripts' help. */
    readonly description: Option<string, true>;
    /** Who maintains it (`publisher` in Intune). */
    readonly publisher: Option<string, true>;
    /**
     * Version of the declaration, written into the scripts' header and the index.
     * @default '1.0.0'
     */
    readonly version: Option<string, false>;
    /** `'user'` runs as the signed-in user; `'system'` as SYSTEM (Intune's `runAsAccount`). */
    readonly runAs: Option<"system" | "user", true>;
    /**
     * Run in 64-bit PowerShell (Intune's `runAs32Bit: false`); a 32-bit start relaunches itself in 64-bit.
     * @default true
     */
    readonly runAs64Bit: Option<boolean, false>;
    /**
     * Intune's "Enforce script signature check": the device only runs the scripts if they are signed
     * by a trusted publisher.
     * @default false
     */
    readonly enforceSignatureCheck: Option<boolean, false>;
    /**
     * After the remediation ran a fix, no fix runs again for this many hours on the same machine (per
     * user for `runAs: 'user'`), and symptom evidence older than the fix is ignored. 0 turns it off.
     * @default 24
     */
    readonly coolDownHours: Option<number, false>;
    /**
     * The limit on repeats: after this many fixes within `fixWindowHours` on the same machine (per user for
     * `runAs: 'user'`), the remediation stops fixing and reports ESCALATE with what it saw: a fix that does
     * not hold needs a person, not another run.
     * @default 3
     */
    readonly maxFixes: Option<number, false>;
    /**
     * The window, in hours, in which `maxFixes` counts fixes.
     * @default 168 (a week)
     */
    readonly fixWindowHours: Option<number, false>;
    /**
     * A symptom (a cause or finding that triggers a fix) must be seen by this many consecutive detections,
     * at most 48 hours apart, before its fix runs; until then detection says CONFIRMING and exits 0. One
     * bad hour is not a broken machine. Drift (observable state) is fixed at once.
     * @default 1
     */
    readonly confirmRuns: Option<number, false>;
    /**
     * The time, in seconds, the probes of one run may take together (Intune runs one script at a time, so
     * a slow one delays every other): a probe that would start after it is spent is skipped, and says so.
     * @default 120
     */
    readonly probeBudgetSeconds: Option<number, false>;
    /**
     * What `remc build` makes of the remediation: `'intune'` (the detect/remediate pair and the Graph
     * body), `'combined'` (one detect -> fix -> verify script), the RMM exports `'tactical'`, `'datto'`,
     * `'n-able'`, `'ninjaone'`, `'immybot'`, and the repository layouts `'intunecd'` and `'community'`.
     * `remc build --target` replaces this list for one build.
     * @default ['intune']
     */
    readonly targets: Option<readonly ("combined" | "community" | "datto" | "immybot" | "intune" | "intunecd" | "n-able" | "ninjaone" | "tactical")[], false>;
    /**
     * For `runAs: 'user'`: the RMM tools this remediation is run in as the signed-in user, through the
     * tool's own setting (`'tactical'`: its export sets `run_as_user`; `'ninjaone'`: Run As "Current
     * Logged-on User"; `'immybot'`: the User execution context), which the export's notes then state.
     * These tools run scripts as SYSTEM otherwise, where a user remediation would read SYSTEM's own
     * registry and profile: a user remediation exported to a tool not named here (or to Datto RMM or
     * N-able, which run scripts as SYSTEM only) is not built for it (REMC057). Whatever the tool does,
     * the script itself refuses to run as another account than `runAs` (WRONG ACCOUNT).
     * @default []
     */
    readonly userContextIn: Option<readonly ("combined" | "community" | "datto" | "immybot" | "intune" | "intunecd" | "n-able" | "ninjaone" | "tactical")[], false>;
    /**
     * Where Intune runs it: the groups (or all devices, all users) `remc publish` assigns it to, each with
     * its schedule, e.g. `[{ group: 'Pilot devices', schedule: { daily: '02:00' } }]`; `[]` assigns it to
     * nothing. Left out, publish creates the script without assignments and leaves those of a published
     * one as they are. The build output does not carry them. A detect-only remediation may be assigned too.
     * @default (not set: the assignments are not the declaration's)
     */
    readonly assignments: Option<readonly Assignment[], false>;
    /** The checks, probed in this order; at least one. */
    readonly checks: Option<readonly Check<import("./template.js").Host>[], true>;
};
/** The table's type: what `RemediationProps` is derived from. */
export type RemediationOptions = typeof REMEDIATION_OPTIONS;
export type RemediationOption = keyof RemediationOptions;
/** The value type of one option. */
export type RemediationValue<K extends RemediationOption> = RemediationOptions[K] extends Option<infer T, boolean> ? T : never;
/** The options a declaration must give. */
export type RequiredRemediationOption = {
    [K in RemediationOption]: RemediationOptions[K] extends Option<unknown, true> ? K : never;
}[RemediationOption];
