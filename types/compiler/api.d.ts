// Generated from remc's sources by `npm run gen` (compiler/public-types.ts); do not edit.
/**
 * The declaration API: what a file in remediations/ calls. Everything here is plain data plus types;
 * the compiler validates and lowers it later, so a declaration never throws for a mistake in its
 * options: every problem is reported together, with its file and line.
 */
import type { CauseTrigger, DriftTrigger, FindingTrigger, Cause, Trigger } from './protocol.js';
import type { TargetName } from './targets.js';
import type { TemplateSpec } from './template.js';
export type { Cause, CauseTrigger, DriftTrigger, FindingTrigger, Trigger };
/** The account a script runs as on the device: Intune's `runAsAccount`. */
export type RunAs = 'user' | 'system';
/** The host a remediation's scripts run on, as its declaration sets it. */
export interface Host {
    readonly runAs: RunAs;
    readonly is64Bit: boolean;
}
/** A trigger that fires when the check's own probe finds drift. */
export declare function onDrift(): DriftTrigger;
/**
 * A trigger that fires when another check of the remediation finds its symptom (its probe reports it
 * out of its desired state), e.g. `onFinding(crashes)` with `const crashes = eventSignal({...})`.
 * Like a diagnosis' causes, a finding seen during the cool-down waits.
 */
export declare function onFinding(check: Check<any>): FindingTrigger;
/** Where in the loaded bundle a node was created; mapped to file:line only when a diagnostic needs it. */
export interface RawSite {
    readonly file: string;
    readonly line: number;
    readonly column: number;
}
declare const requirements: unique symbol;
/**
 * What a check can run on, as the names of the hosts it admits: `{ "can run as user": true; "can run
 * in 64-bit PowerShell": true }`. A remediation's checks must admit its own host, so a check that cannot
 * run there fails to type-check with a message that names the requirement: Property '"can run as
 * system"' is missing.
 */
export type RunsOn<H extends Host> = {
    readonly [K in `can run as ${H['runAs']}` | `can run in ${H['is64Bit'] extends infer X ? (X extends true ? '64' : '32') : never}-bit PowerShell`]: true;
};
/**
 * One check of a remediation: a template instance with its options. `H` is the set of hosts it can
 * run on; a remediation only accepts checks whose `H` admits its own host, so a requirement conflict
 * (a user-only check in a SYSTEM remediation) is a type error.
 */
export interface Check<H extends Host = Host> {
    readonly kind: 'remc.check';
    /** The template's folder name under templates/. */
    readonly template: string;
    /** The template's spec, carried by the node so the compiler needs no lookup. */
    readonly spec: TemplateSpec;
    /** The options exactly as declared (validated by the compiler). */
    readonly props: Readonly<Record<string, unknown>>;
    /** The name the check goes by in summaries and triggers. */
    readonly name: string;
    readonly site: readonly RawSite[];
    /** Phantom (never set at run time): the hosts the check can run on. */
    readonly [requirements]: RunsOn<H>;
}
/** A detect-only check that classifies causes; other checks can be triggered by what it finds. */
export interface Diagnosis<H extends Host = Host> extends Check<H> {
    /** A trigger that fires when this diagnosis reports one of `causes` (e.g. `'os'`). */
    finds(...causes: readonly Cause[]): CauseTrigger;
}
/** The options of {@link defineRemediation}. */
export interface RemediationProps<R extends RunAs, B extends boolean> {
    /**
     * Stable identifier: names the `dist/<id>/` folder and identifies the remediation in the index.
     * Lowercase letters, digits and single hyphens, at most 64 characters.
     */
    readonly id: string;
    /** The name admins see in Intune (`displayName`). */
    readonly displayName: string;
    /** What the remediation detects and fixes; becomes the Intune description and the scripts' help. */
    readonly description: string;
    /** Who maintains it (`publisher` in Intune). */
    readonly publisher: string;
    /**
     * Version of the declaration, written into the scripts' header and the index.
     * @default '1.0.0'
     */
    readonly version?: string;
    /** `'user'` runs as the signed-in user; `'system'` as SYSTEM (Intune's `runAsAccount`). */
    readonly runAs: R;
    /**
     * Run in 64-bit PowerShell (Intune's `runAs32Bit: false`); a 32-bit start relaunches itself in 64-bit.
     * @default true
     */
    readonly runAs64Bit?: B;
    /**
     * Intune's "Enforce script signature check": the device only runs the scripts if they are signed
     * by a trusted publisher.
     * @default false
     */
    readonly enforceSignatureCheck?: boolean;
    /**
     * After the remediation ran a fix, no fix runs again for this many hours on the same machine (per
     * user for `runAs: 'user'`), and symptom evidence older than the fix is ignored. 0 turns it off.
     * @default 24
     */
    readonly coolDownHours?: number;
    /**
     * The limit on repeats: after this many fixes within `fixWindowHours` on the same machine (per user for
     * `runAs: 'user'`), the remediation stops fixing and reports ESCALATE with what it saw: a fix that does
     * not hold needs a person, not another run.
     * @default 3
     */
    readonly maxFixes?: number;
    /**
     * The window, in hours, in which `maxFixes` counts fixes.
     * @default 168 (a week)
     */
    readonly fixWindowHours?: number;
    /**
     * A symptom (a cause or finding that triggers a fix) must be seen by this many consecutive detections,
     * at most 48 hours apart, before its fix runs; until then detection says CONFIRMING and exits 0. One
     * bad hour is not a broken machine. Drift (observable state) is fixed at once.
     * @default 1
     */
    readonly confirmRuns?: number;
    /**
     * The time, in seconds, the probes of one run may take together (Intune runs one script at a time, so
     * a slow one delays every other): a probe that would start after it is spent is skipped, and says so.
     * @default 120
     */
    readonly probeBudgetSeconds?: number;
    /**
     * What `remc build` makes of the remediation: `'intune'` (the detect/remediate pair and the Graph
     * body), `'combined'` (one detect -> fix -> verify script), the RMM exports `'tactical'`, `'datto'`,
     * `'n-able'`, `'ninjaone'`, `'immybot'`, and the repository layouts `'intunecd'` and `'community'`.
     * `remc build --target` replaces this list for one build.
     * @default ['intune']
     */
    readonly targets?: readonly TargetName[];
    /** The checks, probed in this order; at least one. */
    readonly checks: readonly Check<{
        readonly runAs: NoInfer<R>;
        readonly is64Bit: NoInfer<B>;
    }>[];
}
/** A declared remediation, as `export default` of a file in remediations/. */
export interface Remediation {
    readonly kind: 'remc.remediation';
    readonly props: Readonly<Record<string, unknown>>;
    readonly site: readonly RawSite[];
}
/**
 * Declares a remediation: an Intune detection/remediation pair compiled from its checks.
 *
 * ```ts
 * export default defineRemediation({
 *   id: 'broker-plugin', displayName: 'Repair WAM broker', description: '...', publisher: 'IT',
 *   runAs: 'user', checks: [brokerPluginRegistration()],
 * });
 * ```
 */
export declare function defineRemediation<R extends RunAs, B extends boolean = true>(props: RemediationProps<R, B>): Remediation;
/**
 * The positions of the calls that led to `below` (most recent first), taken from V8's structured stack
 * without formatting it: cheap enough to record for every node, mapped through the source map later.
 */
export declare function callSites(below: Function): RawSite[];
