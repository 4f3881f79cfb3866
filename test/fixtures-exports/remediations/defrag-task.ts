import { defineRemediation, scheduledTask } from 'remc';

export default defineRemediation({
  id: 'defrag-task',
  displayName: 'Scheduled defrag enabled',
  description: 'Keeps the scheduled defragmentation task enabled.',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [scheduledTask({ path: '\\Microsoft\\Windows\\Defrag\\', name: 'ScheduledDefrag', enabled: true })],
});
