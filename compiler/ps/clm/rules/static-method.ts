/**
 * `[T]::M(...)` on a type that is not allowed. Static property reads (`[Environment]::MachineName`)
 * are allowed, and are not reported.
 */
import { found, PREFIX, type ClmRuleCheck, type Found } from '../finding.ts';
import { staticCall } from '../literals.ts';

export const staticMethod: ClmRuleCheck = {
  rule: 'static-method',
  refuses: 'a static method call on a type CLM does not allow',
  check: (script) =>
    script.literals.flatMap((l): Found[] => {
      const call = staticCall(l);
      if (!call || call.constructor || l.verdict.allowed) return [];
      return [found(l.at, 'static-method', `${l.literal}::${call.member}(...)`, `${PREFIX} refuses method calls on [${l.verdict.fullName}]`)];
    }),
};
