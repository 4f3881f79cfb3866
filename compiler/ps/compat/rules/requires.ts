/** `#requires` lines that make Windows PowerShell 5.1 refuse to run the script. */
import { syntaxProblem, type CompatProblem, type SyntaxRule } from '../rule.ts';

export const requires: SyntaxRule = {
  name: 'requires',
  refuses: '`#requires -Version` above 5.1 and `#requires -PSEdition Core`',
  check: (script) => {
    const problems: CompatProblem[] = [];
    for (const t of script.all) {
      if (t.kind !== 'comment') continue;
      const requires = /^#requires\s/i.test(t.text) ? t.text : '';
      const version = /-version\s+(\d+)(?:\.(\d+))?/i.exec(requires);
      if (version && (Number(version[1]) > 5 || (Number(version[1]) === 5 && Number(version[2] ?? 0) > 1))) {
        problems.push(syntaxProblem(t, `\`#requires -Version ${version[1]}${version[2] ? `.${version[2]}` : ''}\` makes Windows PowerShell 5.1 refuse to run the script`));
      }
      if (/-psedition\s+core\b/i.test(requires)) problems.push(syntaxProblem(t, '`#requires -PSEdition Core` makes Windows PowerShell 5.1 (Desktop edition) refuse to run the script'));
    }
    return problems;
  },
};
