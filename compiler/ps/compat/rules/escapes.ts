/** Escapes of double-quoted strings that PowerShell 6 added: 5.1 reads them as a plain letter. */
import { syntaxProblem, type CompatProblem, type SyntaxRule } from '../rule.ts';

export const escapes: SyntaxRule = {
  name: 'escapes',
  refuses: '`` `e `` and `` `u{...} `` in double-quoted strings',
  check: (script) => {
    const problems: CompatProblem[] = [];
    for (const e of script.all.flatMap((t) => t.escapes ?? [])) {
      if (e.text.startsWith('`e')) problems.push(syntaxProblem(e, '`` `e `` (escape character) needs PowerShell 6; Windows PowerShell 5.1 reads it as the letter e'));
      if (e.text === '`u{') problems.push(syntaxProblem(e, '`` `u{...} `` (Unicode escape) needs PowerShell 6; Windows PowerShell 5.1 reads it as the letter u'));
    }
    return problems;
  },
};
