import { commandProbe, defineRemediation } from 'remc';

export default defineRemediation({
  id: 'time-status',
  displayName: 'Time service',
  description: 'Reports whether the time service answers.',
  publisher: 'IT',
  runAs: 'system',
  checks: [commandProbe({ path: '%SystemRoot%\\System32\\w32tm.exe', arguments: ['/query', '/status'], timeoutSeconds: 30 })],
});
