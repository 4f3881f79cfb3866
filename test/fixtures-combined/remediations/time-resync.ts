import { commandFix, defineRemediation, eventSignal, onFinding } from 'remc';

const drift = eventSignal({ log: 'System', provider: 'Microsoft-Windows-Time-Service', ids: [36], minCount: 3 });

export default defineRemediation({
  id: 'time-resync',
  displayName: 'Time resync',
  description: 'Resynchronizes the clock when the time service keeps failing.',
  publisher: 'IT',
  runAs: 'system',
  checks: [drift, commandFix({ path: '%SystemRoot%\\System32\\w32tm.exe', arguments: ['/resync'], timeoutSeconds: 60, trigger: onFinding(drift) })],
});
