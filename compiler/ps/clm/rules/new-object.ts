/**
 * `New-Object` of a type that is not allowed (`-TypeName`, or the first positional argument), or of a
 * type the analyzer cannot read (a variable, an expression: counted as refused). `-ComObject` is
 * com-object's.
 */
import { constantText, newObjectArguments } from '../commands.ts';
import { found, PREFIX, type ClmRuleCheck, type Found } from '../finding.ts';
import { clmTypeVerdict } from '../types.ts';

export const newObject: ClmRuleCheck = {
  rule: 'new-object',
  refuses: 'New-Object of a type CLM does not allow, or of one the analyzer cannot read',
  check: (script) => {
    const out: Found[] = [];
    for (const c of script.commands) {
      if (c.bare !== 'new-object') continue;
      const { named, positional } = newObjectArguments(c.elements);
      if (named.has('ComObject')) continue;
      const typeArg = named.has('TypeName') ? named.get('TypeName') : positional[0];
      if (!typeArg) {
        out.push(found(c.token, 'new-object', 'New-Object', `${PREFIX} allows New-Object only of allowed types, and remc cannot read which type this one creates`));
        continue;
      }
      const written = constantText(typeArg);
      const verdict = written === undefined ? undefined : clmTypeVerdict(written);
      if (!verdict) {
        const construct = `New-Object ${typeArg.tokens.map((t) => t.text).join('')}`;
        out.push(found(c.token, 'new-object', construct, `${PREFIX} allows New-Object only of allowed types, and remc cannot read which type this one creates (a variable or an expression)`));
      } else if (!verdict.allowed) {
        out.push(found(c.token, 'new-object', `New-Object ${written}`, `${PREFIX} refuses to create [${verdict.fullName}] (New-Object creates only allowed types)`));
      }
    }
    return out;
  },
};
