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
}

export const TARGETS = [
  { name: 'intune', default: true, help: '<id>/detect.ps1, remediate.ps1, remediation.json (Intune)' },
  { name: 'combined', default: false, help: '<id>/combined.ps1: detect -> fix -> verify in one script (-Mode)' },
  { name: 'tactical', default: false, help: 'tactical/: community_scripts.json, scripts/, api/ (Tactical RMM)' },
  { name: 'datto', default: false, help: 'datto/<id>/: monitor.ps1 (result markers), component.ps1 (Datto RMM)' },
  { name: 'n-able', default: false, help: 'n-able/<id>.ps1: exit 0 or 1001, the summary as output (N-able)' },
  { name: 'ninjaone', default: false, help: 'ninjaone/<id>.ps1: the mode from the script variable Mode (NinjaOne)' },
  { name: 'immybot', default: false, help: 'immybot/<id>.ps1: $Method test/set/get, test is $true when compliant' },
  { name: 'intunecd', default: false, help: 'intunecd/Proactive Remediations/: YAML and Script Data/ (IntuneCD)' },
  { name: 'community', default: false, help: 'community/<id>/: Detection.ps1, Remediation.ps1, <id>.json' },
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
