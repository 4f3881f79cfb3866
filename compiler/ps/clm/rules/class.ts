/** A `class` definition: CLM refuses them. */
import { found, PREFIX, type ClmRuleCheck } from '../finding.ts';

export const classDefinition: ClmRuleCheck = {
  rule: 'class',
  refuses: 'class definitions',
  check: (script) => script.classes.map((c) => found(c.at, 'class', `class ${c.name}`, `${PREFIX} refuses class definitions`)),
};
