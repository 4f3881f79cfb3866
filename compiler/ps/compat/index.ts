/**
 * Can Windows PowerShell 5.1 run this? Intune and RMM agents run 5.1, remc's tests run PowerShell 7,
 * which accepts more; this check closes that gap without PowerShell. Two layers, one rule a file
 * (compiler/ps/compat/rules/):
 *  - syntax: constructs 5.1 cannot parse (?:, ??, ?., &&, clean {}, #requires -Version 7, ...);
 *  - commands: every command is a function of the script, a keyword, a native program, or a command
 *    Windows PowerShell 5.1 ships on Windows 10 1809 / Server 2019 (build 17763), the oldest Windows
 *    still in support (compiler/ps/data/windows-powershell-5.1, derived from a profile collected on
 *    such a machine: compiler/dev/ps51-data.ts), and not one of FORBIDDEN_COMMANDS
 *    (compiler/ps/data/refused-commands.json); each -Parameter is one of that command's parameters or
 *    their aliases.
 * A line may carry `# remc-allow REMC023: <reason>` (or have it on the line above) to accept its
 * command and parameter findings; the check reports each one it used, so the README can list them.
 * .NET types and methods are out of scope.
 */
import { allTokens, tokenize } from '../tokens.ts';
import { allowComments, applyAllowances, type Allowance } from './allow.ts';
import { analyzeTokens } from './command-mode.ts';
import type { CommandRule, CompatProblem, CompatScript, SyntaxRule } from './rule.ts';
import { backgroundJob } from './rules/background-job.ts';
import { cleanBlock } from './rules/clean-block.ts';
import { command } from './rules/command.ts';
import { escapes } from './rules/escapes.ts';
import { numbers } from './rules/numbers.ts';
import { parameter } from './rules/parameter.ts';
import { ps7Operators } from './rules/ps7-operators.ts';
import { questionMark } from './rules/question-mark.ts';
import { requires } from './rules/requires.ts';
import { unterminated } from './rules/unterminated.ts';

export type { Allowance } from './allow.ts';
export { analyzeScript, KEYWORDS, type CommandUse, type ParameterUse, type ScriptAnalysis } from './command-mode.ts';
export {
  allowedCommands,
  COMMON_ALIASES,
  COMMON_PARAMETERS,
  FORBIDDEN_COMMANDS,
  ps51Table,
  resolveParameter,
  type AllowedCommand,
  type ParameterMatch,
  type Ps51Command,
  type Ps51Source,
  type Ps51Table,
} from './ps51.ts';
export type { CompatProblem } from './rule.ts';

/** The syntax rules, then the rules asked of each command the script runs. */
export const SYNTAX_RULES: readonly SyntaxRule[] = [ps7Operators, questionMark, backgroundJob, cleanBlock, unterminated, requires, escapes, numbers];
export const COMMAND_RULES: readonly CommandRule[] = [command, parameter];

/** What {@link windowsPowerShell51Report} finds: the problems left (errors) and every valid allowance. */
export interface Compat51Report {
  readonly problems: CompatProblem[];
  readonly allowances: Allowance[];
}

const byPosition = (a: CompatProblem, b: CompatProblem) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);

/**
 * Everything in `file` that Windows PowerShell 5.1 cannot parse or run: PowerShell 7-only syntax,
 * commands outside the allowlist (unless defined here or in `knownFunctions`), unknown parameters;
 * less the command and parameter findings of lines a `# remc-allow REMC023: <reason>` accepts (never
 * syntax: 5.1 could not parse the file at all), plus each such comment that is wrong. Sorted by
 * position; `allowances` lists every valid comment with what it accepted.
 */
export function windowsPowerShell51Report(file: { path: string; text: string }, knownFunctions?: ReadonlySet<string>): Compat51Report {
  const tokens = tokenize(file.text);
  const analysis = analyzeTokens(tokens);
  const defined = new Set([...analysis.functions, ...(knownFunctions ?? [])].map((f) => f.toLowerCase()));
  const script: CompatScript = { tokens, all: allTokens(tokens), analysis, defined };
  const found = SYNTAX_RULES.flatMap((rule) => rule.check(script));
  for (const use of analysis.commands) for (const rule of COMMAND_RULES) found.push(...rule.checkUse(use, script));
  const comments = allowComments(script.all);
  const { allowances, accepted } = applyAllowances(found, comments.allowances);
  const problems = [...found.filter((p) => !accepted.has(p)), ...comments.problems];
  return { problems: problems.sort(byPosition), allowances };
}

/** The problems of {@link windowsPowerShell51Report}: empty when Windows PowerShell 5.1 runs the file. */
export function checkWindowsPowerShell51(file: { path: string; text: string }, knownFunctions?: ReadonlySet<string>): CompatProblem[] {
  return windowsPowerShell51Report(file, knownFunctions).problems;
}
