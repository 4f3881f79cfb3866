import { allOf, defineRemediation, diskSpace, onDrift, onFinding, pathCleanup } from 'remc';

const space = diskSpace({ checkName: 'space', minFreePercent: 10 });

export default defineRemediation({
  id: 'cleanup-on-all-of',
  displayName: 'Temp cleanup when space is low',
  description: 'Clears a temp folder only when the system drive is low on space and the folder holds something.',
  publisher: 'remc tests',
  runAs: 'system',
  checks: [space, pathCleanup({ paths: ['%ProgramData%\\Contoso\\Temp'], trigger: allOf(onFinding(space), onDrift()) })],
});
