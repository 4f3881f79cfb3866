/**
 * A standalone `?`: at a command start Where-Object's alias (which remc does not allow: PowerShell 7
 * reads it as the ternary operator), elsewhere the ternary operator, which 5.1 cannot parse.
 */
import { NEEDS_7, syntaxProblem, type SyntaxRule } from '../rule.ts';

export const questionMark: SyntaxRule = {
  name: 'question-mark',
  refuses: 'a standalone `?`: the ternary operator `a ? b : c`, or Where-Object\'s alias',
  symbols: ['?'],
  check: (script) =>
    script.analysis.marks.flatMap((m) => {
      if (m.kind === 'where-alias') {
        return [syntaxProblem(m.token, "`?` (alias of Where-Object) is not allowed in remc's PowerShell: write Where-Object (and PowerShell 7 reads a standalone ? as the ternary operator)")];
      }
      return m.kind === 'ternary' ? [syntaxProblem(m.token, `\`?\` (ternary \`a ? b : c\`) needs PowerShell 7; ${NEEDS_7}`)] : [];
    }),
};
