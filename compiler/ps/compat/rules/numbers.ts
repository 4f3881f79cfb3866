/** Number literals of PowerShell 7: binary (`0b101`) and the newer type suffixes (`1uy`, `5n`). */
import { NUMBER_SUFFIX_7 } from '../../tokens.ts';
import { NEEDS_7, syntaxProblem, type CompatProblem, type SyntaxRule } from '../rule.ts';

export const numbers: SyntaxRule = {
  name: 'numbers',
  refuses: 'binary literals and the numeric suffixes PowerShell 6.2 and 7 added',
  check: (script) => {
    const problems: CompatProblem[] = [];
    for (const t of script.all) {
      if (t.kind !== 'number') continue;
      if (/^0b/i.test(t.text)) problems.push(syntaxProblem(t, `\`${t.text}\` (binary literal) needs PowerShell 7; ${NEEDS_7}`));
      const suffix = /[a-z]*$/i.exec(t.text.replace(/^0x[0-9a-f]+/i, '0'))![0];
      if (suffix && NUMBER_SUFFIX_7.test(suffix)) problems.push(syntaxProblem(t, `the numeric suffix of \`${t.text}\` needs PowerShell 6.2 or 7; ${NEEDS_7}`));
    }
    return problems;
  },
};
