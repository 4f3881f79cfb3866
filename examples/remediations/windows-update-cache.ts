import { defineRemediation, onDrift, pathCleanup } from 'remc';

// Empty the Windows Update download cache of what has sat there more than ten days (a download that
// never installs, a cache that keeps a device short of space). Windows Update and BITS hold files in
// it, so they are stopped first and started again afterwards, also when the cleanup fails; a service
// that does not stop in time leaves the cache as it is. Stopping services needs SYSTEM.
export default defineRemediation({
  id: 'windows-update-cache',
  displayName: 'Clear the Windows Update download cache',
  description: 'Stops Windows Update and BITS, removes downloads older than ten days, and starts both again.',
  publisher: 'Contoso IT',
  runAs: 'system',
  coolDownHours: 24 * 7,
  checks: [
    pathCleanup({
      paths: ['%SystemRoot%\\SoftwareDistribution\\Download'],
      olderThanDays: 10,
      stopServices: ['wuauserv', 'bits'],
      stopTimeoutSeconds: 60,
      trigger: onDrift(),
    }),
  ],
});
