/** `&` after a command: PowerShell 6 runs it as a background job; 5.1 cannot parse it. */
import { NEEDS_7, syntaxProblem, type SyntaxRule } from '../rule.ts';

export const backgroundJob: SyntaxRule = {
  name: 'background-job',
  refuses: '`&` after a command (a background job)',
  check: (script) =>
    script.analysis.marks.filter((m) => m.kind === 'background').map((m) => syntaxProblem(m.token, '`&` after a command (run as a background job) needs PowerShell 6; ' + NEEDS_7)),
};
