import { allOf, defineRemediation, diskSpace, folderSize, onDrift, onFinding, pathCleanup } from 'remc';

const space = diskSpace({ checkName: 'space', minFreePercent: 10 });
const size = folderSize({ checkName: 'size', path: '%ProgramData%\\Contoso\\Cache', maxMB: 1024 });

export default defineRemediation({
  id: 'low-space',
  displayName: 'Cache on low space',
  description: 'Clears a cache when space is low and it holds something, or when it is over 1 GB.',
  publisher: 'IT',
  runAs: 'system',
  checks: [space, size, pathCleanup({ checkName: 'cache', paths: ['%ProgramData%\\Contoso\\Cache'], trigger: [allOf(onFinding(space), onDrift()), onFinding(size)] })],
});
