/** `[T]::new(...)` of a type that is not allowed: CLM creates only allowed types. */
import { found, PREFIX, type ClmRuleCheck, type Found } from '../finding.ts';
import { staticCall } from '../literals.ts';

export const constructorCall: ClmRuleCheck = {
  rule: 'constructor',
  refuses: '`[T]::new(...)` of a type CLM does not allow',
  check: (script) =>
    script.literals.flatMap((l): Found[] => {
      if (!staticCall(l)?.constructor || l.verdict.allowed) return [];
      return [found(l.at, 'constructor', `${l.literal}::new(...)`, `${PREFIX} refuses to create [${l.verdict.fullName}] (only allowed types can be created)`)];
    }),
};
