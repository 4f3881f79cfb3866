/**
 * Every command is a function of the script, a keyword, a native program, or a command Windows
 * PowerShell 5.1 ships (an alias counts as its command), and not one remc refuses
 * (compiler/ps/data/refused-commands.json).
 */
import type { CommandUse } from '../command-mode.ts';
import { ps51, refusal, type AllowedCommand } from '../ps51.ts';
import type { CommandRule, CompatProblem } from '../rule.ts';

/** Native programs: a path or a name with an executable extension. Module\Cmdlet is a cmdlet. */
function isNative(name: string): boolean {
  if (/^[A-Za-z][\w.]*\\[A-Za-z]+-\w+$/.test(name)) return false;
  return /[\\/]/.test(name) || /\.(exe|com|cmd|bat)$/i.test(name);
}

/**
 * What a command use is to the 5.1 check: refused (the problem), a 5.1 command (its parameters are
 * checked), or nothing to check (computed, native, defined by the script).
 */
export function resolveCommand(use: CommandUse, defined: ReadonlySet<string>): { problem: CompatProblem } | { command: AllowedCommand } | undefined {
  const name = use.name;
  if (name === null || name === '?' || isNative(name)) return undefined;
  const bare = name.replace(/^[A-Za-z][\w.]*\\/, ''); // Microsoft.PowerShell.Utility\Write-Output
  if (defined.has(bare.toLowerCase())) return undefined;
  const problem = (message: string) => ({ problem: { line: use.line, column: use.column, rule: 'command', message } as const });
  const forbidden = refusal(bare);
  if (forbidden) return problem(`'${name}' ${forbidden}`);
  const allowed = ps51().commands.get(bare.toLowerCase());
  if (allowed) return { command: allowed };
  // An alias: its command's rules and parameters (`oh` is Out-Host, `% -Parallel` is ForEach-Object's).
  const target = ps51().aliases.get(bare.toLowerCase());
  if (target === undefined) {
    const hint = bare.includes('-') ? '' : '; if it is an alias, write the command it stands for';
    return problem(`'${name}' is not a command of Windows PowerShell 5.1 (nor a function of the script)${hint}`);
  }
  const targetRefused = refusal(target);
  if (targetRefused) return problem(`'${name}' (an alias of ${target}) ${targetRefused}`);
  const aliased = ps51().commands.get(target.toLowerCase());
  return aliased ? { command: aliased } : undefined;
}

export const command: CommandRule = {
  name: 'command',
  refuses: 'a command Windows PowerShell 5.1 does not ship (nor the script defines), and the commands remc refuses',
  checkUse: (use, script) => {
    const resolved = resolveCommand(use, script.defined);
    return resolved && 'problem' in resolved ? [resolved.problem] : [];
  },
};
