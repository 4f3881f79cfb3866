/**
 * What the templates' Pester rules (compiler/proof/harness/template-rules.ps1) take from this check,
 * so that PowerShell restates none of it: the operators the syntax rules refuse wherever they stand,
 * the common parameters and their aliases the parameter rule binds besides a command's own, and the
 * `# remc-allow` comment's patterns. `npm run gen` writes it to compiler/ps/data/template-rules.json;
 * the refused commands and the 5.1 command table the PowerShell side reads where this check does.
 */
import { ALLOW_CODE, ALLOW_PATTERNS } from './allow.ts';
import { SYNTAX_RULES } from './index.ts';
import { COMMON_ALIASES, COMMON_PARAMETERS } from './ps51.ts';

/** Where `npm run gen` writes it, from the repository's root. */
export const TEMPLATE_RULES_FILE = 'compiler/ps/data/template-rules.json';

export function templateRulesData() {
  return {
    about: 'Written by npm run gen from the Windows PowerShell 5.1 check (compiler/ps/compat/): what compiler/proof/harness/template-rules.ps1 applies. Do not edit.',
    symbols: SYNTAX_RULES.flatMap((rule) => rule.symbols ?? []),
    commonParameters: COMMON_PARAMETERS,
    commonAliases: COMMON_ALIASES,
    allowCode: ALLOW_CODE,
    allowComment: ALLOW_PATTERNS.comment,
    allowValid: ALLOW_PATTERNS.valid,
  };
}

/** The file's text. */
export function templateRulesText(): string {
  return `${JSON.stringify(templateRulesData(), null, 2)}\n`;
}
