// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * The build targets, defined once: each consumer of a remediation (Intune, an RMM tool, a
 * configuration-as-code repository) and where its files go. The declaration's `targets`, the
 * `--target` option, their validation, the YAML schema and `remc build --help` all read this list.
 */
export interface TargetDefinition {
    readonly name: string;
    /** One line for `remc build --help`: what the target writes. */
    readonly help: string;
    /** Built when neither the declaration nor `--target` names targets. */
    readonly default: boolean;
    /**
     * The account its tool runs a script as: `declared`, the remediation's own `runAs` (Intune sets it
     * from `runAsAccount`; the combined script is run as its notes say); `system`, SYSTEM, unless the
     * tool has a user context (`userContext`: how it is set) and the declaration opts into it
     * (`userContextIn`).
     */
    readonly account: 'declared' | 'system';
    readonly userContext?: string;
    /** The tool, as messages name it. */
    readonly tool: string;
}
export declare const TARGETS: readonly [{
    readonly name: 'intune';
    readonly default: true;
    readonly account: 'declared';
    readonly tool: 'Intune';
    readonly help: '<id>/detect.ps1, remediate.ps1, remediation.json (Intune)';
}, {
    readonly name: 'combined';
    readonly default: false;
    readonly account: 'declared';
    readonly tool: 'the combined script';
    readonly help: '<id>/combined.ps1: detect -> fix -> verify in one script (-Mode)';
}, {
    readonly name: 'tactical';
    readonly default: false;
    readonly account: 'system';
    readonly userContext: 'run_as_user: true, which its export then states';
    readonly tool: 'Tactical RMM';
    readonly help: 'tactical/: community_scripts.json, scripts/, api/ (Tactical RMM)';
}, {
    readonly name: 'datto';
    readonly default: false;
    readonly account: 'system';
    readonly tool: 'Datto RMM';
    readonly help: 'datto/<id>/: monitor.ps1 (result markers), component.ps1 (Datto RMM)';
}, {
    readonly name: 'n-able';
    readonly default: false;
    readonly account: 'system';
    readonly tool: 'N-able';
    readonly help: 'n-able/<id>.ps1: exit 0 or 1001, the summary as output (N-able)';
}, {
    readonly name: 'ninjaone';
    readonly default: false;
    readonly account: 'system';
    readonly userContext: 'Run As "Current Logged-on User"';
    readonly tool: 'NinjaOne';
    readonly help: 'ninjaone/<id>.ps1: the mode from the script variable Mode (NinjaOne)';
}, {
    readonly name: 'immybot';
    readonly default: false;
    readonly account: 'system';
    readonly userContext: 'the User execution context';
    readonly tool: 'ImmyBot';
    readonly help: 'immybot/<id>.ps1: $Method test/set/get, test is $true when compliant';
}, {
    readonly name: 'intunecd';
    readonly default: false;
    readonly account: 'declared';
    readonly tool: 'IntuneCD';
    readonly help: 'intunecd/Proactive Remediations/: YAML and Script Data/ (IntuneCD)';
}, {
    readonly name: 'community';
    readonly default: false;
    readonly account: 'declared';
    readonly tool: 'the community layout';
    readonly help: 'community/<id>/: Detection.ps1, Remediation.ps1, <id>.json';
}];
export type TargetName = (typeof TARGETS)[number]['name'];
export declare const TARGET_NAMES: readonly TargetName[];
export declare const DEFAULT_TARGETS: readonly TargetName[];
export declare function isTargetName(name: string): name is TargetName;
/** Targets in the list's own order, each once: the output never depends on how they were written. */
export declare function normalizeTargets(names: readonly TargetName[]): TargetName[];
/** The targets whose tool runs scripts as SYSTEM but can run them as the signed-in user (`userContextIn`). */
export declare const USER_CONTEXT_TARGETS: readonly TargetName[];
export declare function targetDefinition(name: TargetName): TargetDefinition;
