/**
 * What the Constrained Language Mode rules share: the finding they report, the script as they read it
 * (its commands and type literals, found once), and the shape of a rule (compiler/ps/clm/rules/).
 */
import type { Token } from '../tokens.ts';
import type { CommandSite } from './commands.ts';
import type { ClassDefinition, TypeLiteral } from './literals.ts';

export type ClmRule = 'add-type' | 'new-object' | 'com-object' | 'static-method' | 'constructor' | 'conversion' | 'class';

/** One construct Constrained Language Mode refuses. */
export interface ClmFinding {
  /** 1-based, in the text given. */
  readonly line: number;
  readonly column: number;
  readonly rule: ClmRule;
  /** The construct, short: "[math]::Round(...)", "New-Object System.Collections.ArrayList", "Add-Type". */
  readonly construct: string;
  /** Why CLM refuses it: "Constrained Language Mode refuses method calls on [System.Math]". */
  readonly message: string;
}

/** A finding with the offset of its token (to tell whether a FullLanguage-only block holds it). */
export interface Found extends ClmFinding {
  readonly offset: number;
}

export const PREFIX = 'Constrained Language Mode';

/** The script as every rule reads it. */
export interface ClmScript {
  /** Every command the compat analyzer finds, with its arguments. */
  readonly commands: readonly CommandSite[];
  /** Every type literal (`[T]`, `[List[string]]`) outside command arguments, with what stands around it. */
  readonly literals: readonly TypeLiteral[];
  readonly classes: readonly ClassDefinition[];
}

/** One rule: the construct it refuses, and the check that finds it. */
export interface ClmRuleCheck {
  readonly rule: ClmRule;
  /** What it refuses, in a sentence. */
  readonly refuses: string;
  readonly check: (script: ClmScript) => Found[];
}

/** A finding of `rule` at `at`. */
export function found(at: Token, rule: ClmRule, construct: string, message: string): Found {
  return { line: at.line, column: at.column, offset: at.offset, rule, construct, message };
}
