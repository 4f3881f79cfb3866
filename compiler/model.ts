/**
 * The intermediate model: what a declaration means once validated, with every default resolved.
 * Emitters read only this, never the raw declaration.
 */
import type { Cause, Requirements, RunAs } from './api.ts';
import type { PsRecord } from './ps/literal.ts';
import type { TemplateSpec } from './template.ts';

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
  /** The declaration file (relative, forward slashes) and the sha256 of its text. */
  readonly source: { readonly file: string; readonly sha256: string };
  readonly checks: readonly CheckModel[];
  /** No check has a fix: Intune gets a detection script only. */
  readonly detectOnly: boolean;
}

export type TriggerModel = { readonly kind: 'drift' } | { readonly kind: 'cause'; readonly check: string; readonly causes: readonly Cause[] };

export interface CheckModel {
  readonly name: string;
  readonly template: TemplateSpec;
  /** PowerShell function names, derived from the template's name. */
  readonly probe: string;
  readonly fix: string | undefined;
  readonly config: PsRecord;
  readonly triggers: readonly TriggerModel[];
  readonly requirements: Requirements;
}
