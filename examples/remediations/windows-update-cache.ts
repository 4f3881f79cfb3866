import { allOf, defineRemediation, diskSpace, onDrift, onFinding, pathCleanup } from 'remc';

// When the system drive runs low on space, empty the Windows Update download cache of what has sat
// there more than ten days (a download that never installs keeps a device short of space). Windows
// Update and BITS hold files in it, so they are stopped first and started again afterwards, also when
// the cleanup fails; a service that does not stop in time leaves the cache as it is. A device with
// space to spare is left alone: its cache is not even enumerated. Stopping services needs SYSTEM.
const space = diskSpace({ checkName: 'space', minFreePercent: 10, minFreeGB: 15 });

export default defineRemediation({
  id: 'windows-update-cache',
  displayName: 'Clear the Windows Update download cache when space is low',
  description: 'When the system drive is low on space, stops Windows Update and BITS, removes downloads older than ten days, and starts both again.',
  publisher: 'Contoso IT',
  runAs: 'system',
  coolDownHours: 24 * 7,
  checks: [
    space,
    pathCleanup({
      checkName: 'cache',
      paths: ['%SystemRoot%\\SoftwareDistribution\\Download'],
      olderThanDays: 10,
      stopServices: ['wuauserv', 'bits'],
      stopTimeoutSeconds: 60,
      trigger: allOf(onFinding(space), onDrift()),
    }),
  ],
});
