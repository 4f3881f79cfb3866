import { allOf, defineRemediation, diskSpace, folderSize, onDrift, onFinding, pathCleanup } from 'remc';

// Clear an agent's download cache when the system drive runs low on space and the cache holds
// something to remove, or when the cache has grown over 2 GB whatever the disk. A healthy device with
// a small cache is left alone: the cleanup is not even enumerated.
const space = diskSpace({ checkName: 'space', minFreePercent: 10, minFreeGB: 20 });
const size = folderSize({ checkName: 'size', path: '%ProgramData%\\Contoso\\Agent\\Cache', maxMB: 2048 });

export default defineRemediation({
  id: 'low-disk-cache',
  displayName: 'Clear the agent cache when space is low',
  description: 'Clears the Contoso agent download cache when the system drive is low on space, or when the cache is over 2 GB.',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [
    space,
    size,
    pathCleanup({ checkName: 'cache', paths: ['%ProgramData%\\Contoso\\Agent\\Cache'], trigger: [allOf(onFinding(space), onDrift()), onFinding(size)] }),
  ],
});
