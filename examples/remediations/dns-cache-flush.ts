import { commandFix, defineRemediation, onSchedule } from 'remc';

// Flush the DNS client cache once a day, whatever detection finds: an action kept on a schedule. The
// cool-down spaces the runs; the detection after a run exits 0 and says when the next one is due.
export default defineRemediation({
  id: 'dns-cache-flush',
  displayName: 'DNS client cache flushed daily',
  description: 'Flushes the DNS client cache (ipconfig /flushdns) once a day.',
  publisher: 'Contoso IT',
  runAs: 'system',
  coolDownHours: 24,
  checks: [
    commandFix({
      checkName: 'flush',
      path: '%SystemRoot%\\System32\\ipconfig.exe',
      arguments: ['/flushdns'],
      timeoutSeconds: 60,
      trigger: onSchedule(),
    }),
  ],
});
