/**
 * The intermediate model: what a declaration means once validated, with every default resolved.
 * Emitters read only this, never the raw declaration. It knows no PowerShell text: function names and
 * the encoding of config are the emitter's.
 */
import { readFileSync } from 'node:fs';
import type { RunAs } from '../declare/api.ts';
import type { Trigger } from '../protocol.ts';
import type { SourceLocation } from '../diagnostics.ts';
import type { TargetName } from '../declare/targets.ts';
import type { ConfigRecord, Requirements, TemplateSpec } from '../declare/template.ts';
import type { CheckSource } from '../validate/check-source.ts';

export interface RemediationModel {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly publisher: string;
  readonly version: string;
  readonly runAs: RunAs;
  readonly runAs64Bit: boolean;
  readonly enforceSignatureCheck: boolean;
  readonly coolDownHours: number;
  /** At most this many fixes within `fixWindowHours`; then the remediation stops fixing and says escalate. */
  readonly maxFixes: number;
  readonly fixWindowHours: number;
  /** Consecutive detections that must see a symptom before its fix runs (1: the first one). */
  readonly confirmRuns: number;
  /** Seconds the probes of one run may take together; later probes are skipped. */
  readonly probeBudgetSeconds: number;
  /** The declaration file (relative, forward slashes) and the sha256 of its text. */
  readonly source: { readonly file: string; readonly sha256: string };
  readonly checks: readonly CheckModel[];
  /** No check has a fix: Intune gets a detection script only. Derived from the checks. */
  readonly detectOnly: boolean;
  /** What the build makes of it (the declaration's `targets`, or `remc build --target`), in TARGETS order. */
  readonly targets: readonly TargetName[];
  /** Where a target's problem with this remediation is reported: its `targets` option, else its `export default`. */
  readonly targetsAt: SourceLocation;
  /** The tools this user remediation runs in as the signed-in user (`userContextIn`), in TARGETS order. */
  readonly userContextIn: readonly TargetName[];
  /**
   * The Intune assignments `remc publish` makes, in declaration order; `[]` when the declaration says
   * `assignments: []` (none: the script is assigned to nothing), null when it leaves the option out
   * (publish creates the script unassigned and leaves the assignments of a published one alone). Not
   * part of the build output.
   */
  readonly assignments: readonly AssignmentModel[] | null;
}

/** One assignment, validated, defaults resolved: what `remc publish` turns into a deviceHealthScriptAssignment. */
export interface AssignmentModel {
  /** A group by its display name (as declared; publish looks its id up), every device, or every licensed user. */
  readonly target: { readonly kind: 'group'; readonly group: string } | { readonly kind: 'allDevices' } | { readonly kind: 'allUsers' };
  /** The group is excluded (Graph's exclusionGroupAssignmentTarget); only for a group, never with a schedule or filter. */
  readonly exclude: boolean;
  /** An assignment filter by its name in Intune, or none. Always null for an exclusion. */
  readonly filter: { readonly name: string; readonly mode: 'include' | 'exclude' } | null;
  /** When it runs; null exactly for an exclusion. */
  readonly schedule: AssignmentScheduleModel | null;
  /** Where the assignment is declared, for problems found later (an unknown group at publish). */
  readonly at: SourceLocation;
}

/** A schedule with its defaults: `interval` 1, `useUtc` false (the device's local time). */
export type AssignmentScheduleModel =
  /** Every `interval` days at `time` ('HH:MM'). */
  | { readonly kind: 'daily'; readonly time: string; readonly interval: number; readonly useUtc: boolean }
  /** Every `interval` hours. */
  | { readonly kind: 'hourly'; readonly interval: number }
  /** Once on `date` ('YYYY-MM-DD') at `time` ('HH:MM'). */
  | { readonly kind: 'once'; readonly date: string; readonly time: string; readonly useUtc: boolean };


export interface CheckModel {
  readonly name: string;
  readonly source: CheckSource;
  /** The check can fix (its source has a fix). */
  readonly hasFix: boolean;
  /** The template's config, defaults applied (camelCase keys). */
  readonly config: ConfigRecord;
  /** The template's spec and each of its options as declared, defaults filled in: what the docs show. */
  readonly spec: TemplateSpec;
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * Its secret options (`secret: true` on a registry value): the README shows no value for them, and
   * detection carries none of the config keys of the same names; only the remediation script does.
   */
  readonly secrets: readonly string[];
  readonly triggers: readonly Trigger[];
  readonly requirements: Requirements;
}

/**
 * Whether a symptom (a cause, a finding) triggers one of the remediation's fixes: such a fix must prove
 * it held on later detections (APPLIED, UNPROVEN), so the scripts carry the proof code and the README
 * its states. One decision for the emitter and the README.
 */
/**
 * Whether the check's probe or fix can answer `key` (`Waits`: its fix held until, e.g., an app is
 * closed; `Repairable`: drift its fix cannot repair), read from its code: what the scripts carry and
 * the README promises follows what the check can say.
 */
export function mayAnswer(check: Pick<CheckModel, 'source'>, key: 'Waits' | 'Repairable'): boolean {
  const assigns = new RegExp(`^[^#\\n]*\\b${key}\\s*=`, 'm');
  return [check.source.probe, check.source.fix].some((file) => file !== undefined && assigns.test(readFileSync(file, 'utf8')));
}

export function hasSymptomFix(model: Pick<RemediationModel, 'checks'>): boolean {
  return model.checks.some((c) => c.hasFix && c.triggers.some((t) => t.kind !== 'drift' && t.kind !== 'schedule'));
}
