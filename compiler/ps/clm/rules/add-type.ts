/** `Add-Type`, in any form: CLM compiles no C#, declares no Win32 API, and what it would load is no allowed type anyway. */
import { found, PREFIX, type ClmRuleCheck } from '../finding.ts';

export const addType: ClmRuleCheck = {
  rule: 'add-type',
  refuses: 'Add-Type',
  check: (script) =>
    script.commands
      .filter((c) => c.bare === 'add-type')
      .map((c) => found(c.token, 'add-type', 'Add-Type', `${PREFIX} refuses Add-Type (no C#, no Win32 API; the types it would load are not allowed types)`)),
};
