/**
 * What the Windows PowerShell 5.1 rules share: the finding they report, the script as they read it,
 * and the shape of a rule (compiler/ps/compat/rules/, one file each).
 */
import type { Token } from '../tokens.ts';
import type { CommandUse, ScriptAnalysis } from './command-mode.ts';

export interface CompatProblem {
  readonly line: number;
  readonly column: number;
  /** `suppression`: a `# remc-allow` comment that is itself wrong (no reason, another code). */
  readonly rule: 'syntax' | 'command' | 'parameter' | 'suppression';
  readonly message: string;
}

/** The script as every rule reads it: tokenized and read in command mode once per check. */
export interface CompatScript {
  /** Its tokens, comments included; the code of a string's `$( )` is nested in the string. */
  readonly tokens: readonly Token[];
  /** The same with the nested code spliced in after its string. */
  readonly all: readonly Token[];
  readonly analysis: ScriptAnalysis;
  /** Functions the script defines or the caller knows (lower-case): commands no rule asks 5.1 about. */
  readonly defined: ReadonlySet<string>;
}

interface RuleBase {
  /** The rule's name, as a file of compiler/ps/compat/rules/ is named. */
  readonly name: string;
  /** What it refuses, in a sentence. */
  readonly refuses: string;
}

/** A rule over the script's syntax: what Windows PowerShell 5.1 cannot parse. */
export interface SyntaxRule extends RuleBase {
  /** Operators it refuses wherever they stand outside strings and comments (the templates' Pester rules read them). */
  readonly symbols?: readonly string[];
  readonly check: (script: CompatScript) => CompatProblem[];
}

/** A rule over one command the script runs (its name, its parameters), asked of each in turn. */
export interface CommandRule extends RuleBase {
  readonly checkUse: (use: CommandUse, script: CompatScript) => CompatProblem[];
}

export const NEEDS_7 = 'Windows PowerShell 5.1 cannot parse it';

/** A syntax finding at a token (or at any position). */
export function syntaxProblem(at: { readonly line: number; readonly column: number }, message: string): CompatProblem {
  return { line: at.line, column: at.column, rule: 'syntax', message };
}
