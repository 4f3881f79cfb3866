/** A string, here-string, block comment or `${...}` variable without its end: 5.1 refuses the file. */
import { NEEDS_7, syntaxProblem, type SyntaxRule } from '../rule.ts';

export const unterminated: SyntaxRule = {
  name: 'unterminated',
  refuses: 'a string, here-string, block comment or `${...}` variable without its end',
  check: (script) =>
    script.all
      .filter((t) => t.unterminated)
      .map((t) => syntaxProblem(t, `unterminated ${t.kind === 'comment' ? 'block comment' : t.kind === 'variable' ? '${...} variable' : 'string'}; ${NEEDS_7}`)),
};
