/**
 * Each -Parameter of a 5.1 command is one of its parameters, a common parameter, or an alias or
 * unambiguous prefix of one, as Windows PowerShell 5.1 binds them.
 */
import { resolveParameter } from '../ps51.ts';
import type { CommandRule, CompatProblem } from '../rule.ts';
import { resolveCommand } from './command.ts';

export const parameter: CommandRule = {
  name: 'parameter',
  refuses: 'a parameter the command does not have in Windows PowerShell 5.1, or a prefix of several',
  checkUse: (use, script) => {
    const resolved = resolveCommand(use, script.defined);
    if (!resolved || !('command' in resolved)) return [];
    const allowed = resolved.command;
    const problems: CompatProblem[] = [];
    for (const p of use.parameters) {
      if (p.name === '-') continue; // `--`: the end of the parameters
      const match = resolveParameter(allowed.parameters, p.name, allowed.aliases);
      if (match.kind === 'unknown') {
        problems.push({ line: p.line, column: p.column, rule: 'parameter', message: `'-${p.name}' is not a parameter of ${allowed.name} in Windows PowerShell 5.1` });
      } else if (match.kind === 'ambiguous') {
        problems.push({
          line: p.line,
          column: p.column,
          rule: 'parameter',
          message: `'-${p.name}' is ambiguous for ${allowed.name} (${match.names.map((m) => `-${m}`).join(', ')}): PowerShell stops with an error; write the full name`,
        });
      }
    }
    return problems;
  },
};
