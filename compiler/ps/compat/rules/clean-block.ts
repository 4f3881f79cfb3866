/** `clean { }`: a block of PowerShell 7.3; 5.1 reads `clean` as a command. */
import { syntaxProblem, type SyntaxRule } from '../rule.ts';

export const cleanBlock: SyntaxRule = {
  name: 'clean-block',
  refuses: '`clean { }` blocks',
  check: (script) =>
    script.analysis.marks
      .filter((m) => m.kind === 'clean')
      .map((m) => syntaxProblem(m.token, "`clean { }` blocks need PowerShell 7.3; Windows PowerShell 5.1 runs a command named 'clean' instead")),
};
