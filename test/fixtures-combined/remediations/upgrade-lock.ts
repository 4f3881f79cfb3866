import { defineRemediation, fileState } from 'remc';

// Detect-only: an upgrade lock left behind means an upgrade stopped halfway; a person looks (ISSUE FOUND).
export default defineRemediation({
  id: 'upgrade-lock',
  displayName: 'Contoso agent upgrade lock',
  description: 'Reports an upgrade lock file left behind by an interrupted agent upgrade.',
  publisher: 'IT',
  runAs: 'system',
  checks: [fileState({ checkName: 'upgrade-lock', path: '%ProgramData%\\Contoso\\Agent\\upgrade.lock', ensure: 'absent' })],
});
