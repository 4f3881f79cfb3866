/** `New-Object -ComObject` of anything but the COM objects CLM allows (Scripting.Dictionary, ...), or of a name it cannot read. */
import { constantText, newObjectArguments } from '../commands.ts';
import { found, PREFIX, type ClmRuleCheck, type Found } from '../finding.ts';
import { clmCoreTypes } from '../types.ts';

export const comObject: ClmRuleCheck = {
  rule: 'com-object',
  refuses: 'New-Object -ComObject of a COM object CLM does not allow',
  check: (script) => {
    const out: Found[] = [];
    for (const c of script.commands) {
      if (c.bare !== 'new-object') continue;
      const { named } = newObjectArguments(c.elements);
      if (!named.has('ComObject')) continue;
      const value = named.get('ComObject');
      const progId = value ? constantText(value) : undefined;
      const allowed = clmCoreTypes().comObjects;
      if (progId === undefined || !allowed.some((p) => p.toLowerCase() === progId.toLowerCase())) {
        out.push(found(c.token, 'com-object', `New-Object -ComObject ${progId ?? '<computed>'}`, `${PREFIX} allows only the COM objects ${allowed.join(', ')}`));
      }
    }
    return out;
  },
};
