/** The operators PowerShell 7 added, which Windows PowerShell 5.1 cannot parse. */
import { NEEDS_7, syntaxProblem, type SyntaxRule } from '../rule.ts';

const MESSAGES: ReadonlyMap<string, string> = new Map([
  ['??', `\`??\` (null-coalescing) needs PowerShell 7; ${NEEDS_7}`],
  ['??=', `\`??=\` (null-coalescing assignment) needs PowerShell 7; ${NEEDS_7}`],
  ['?.', `\`?.\` (null-conditional member access) needs PowerShell 7; ${NEEDS_7}`],
  ['?[', `\`?[\` (null-conditional index) needs PowerShell 7; ${NEEDS_7}`],
  ['&&', `\`&&\` (pipeline chain) needs PowerShell 7; ${NEEDS_7}`],
  ['||', `\`||\` (pipeline chain) needs PowerShell 7; ${NEEDS_7}`],
]);

export const ps7Operators: SyntaxRule = {
  name: 'ps7-operators',
  refuses: 'null-coalescing (`??`, `??=`), null-conditional (`?.`, `?[`) and pipeline-chain (`&&`, `||`) operators',
  symbols: [...MESSAGES.keys()],
  check: (script) => script.all.filter((t) => t.kind === 'operator' && MESSAGES.has(t.text)).map((t) => syntaxProblem(t, MESSAGES.get(t.text)!)),
};
