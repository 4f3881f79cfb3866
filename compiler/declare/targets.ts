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

export const TARGETS = [
  { name: 'intune', default: true, account: 'declared', tool: 'Intune', help: '<id>/detect.ps1, remediate.ps1, remediation.json (Intune)' },
  { name: 'combined', default: false, account: 'declared', tool: 'the combined script', help: '<id>/combined.ps1: detect -> fix -> verify in one script (-Mode)' },
  // Tactical's agent runs scripts as SYSTEM; run_as_user uses the signed-in user's token (newer releases).
  { name: 'tactical', default: false, account: 'system', userContext: 'run_as_user: true, which its export then states', tool: 'Tactical RMM', help: 'tactical/: community_scripts.json, scripts/, api/ (Tactical RMM)' },
  // No public source names a user context for Datto RMM components or N-able script checks.
  { name: 'datto', default: false, account: 'system', tool: 'Datto RMM', help: 'datto/<id>/: monitor.ps1 (result markers), component.ps1 (Datto RMM)' },
  { name: 'n-able', default: false, account: 'system', tool: 'N-able', help: 'n-able/<id>.ps1: exit 0 or 1001, the summary as output (N-able)' },
  // NinjaOne runs scripts as SYSTEM unless its Run As says the logged-on user (its script hub: "run as the Current Logged-on User").
  { name: 'ninjaone', default: false, account: 'system', userContext: 'Run As "Current Logged-on User"', tool: 'NinjaOne', help: 'ninjaone/<id>.ps1: the mode from the script variable Mode (NinjaOne)' },
  // ImmyBot's script contexts: System (the default for a task), User, Metascript, Cloudscript (immense/immybot-documentation).
  { name: 'immybot', default: false, account: 'system', userContext: 'the User execution context', tool: 'ImmyBot', help: 'immybot/<id>.ps1: $Method test/set/get, test is $true when compliant' },
  { name: 'intunecd', default: false, account: 'declared', tool: 'IntuneCD', help: 'intunecd/Proactive Remediations/: YAML and Script Data/ (IntuneCD)' },
  { name: 'community', default: false, account: 'declared', tool: 'the community layout', help: 'community/<id>/: Detection.ps1, Remediation.ps1, <id>.json' },
] as const satisfies readonly TargetDefinition[];

export type TargetName = (typeof TARGETS)[number]['name'];

export const TARGET_NAMES: readonly TargetName[] = TARGETS.map((t) => t.name);
export const DEFAULT_TARGETS: readonly TargetName[] = TARGETS.filter((t) => t.default).map((t) => t.name);

export function isTargetName(name: string): name is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(name);
}

/** Targets in the list's own order, each once: the output never depends on how they were written. */
export function normalizeTargets(names: readonly TargetName[]): TargetName[] {
  return TARGET_NAMES.filter((t) => names.includes(t));
}

/** The targets whose tool runs scripts as SYSTEM but can run them as the signed-in user (`userContextIn`). */
export const USER_CONTEXT_TARGETS: readonly TargetName[] = TARGETS.filter((t) => 'userContext' in t).map((t) => t.name);

export function targetDefinition(name: TargetName): TargetDefinition {
  return TARGETS.find((t) => t.name === name)!;
}
