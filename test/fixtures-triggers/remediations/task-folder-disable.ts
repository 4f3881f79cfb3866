import { defineRemediation, scheduledTask } from 'remc';

export default defineRemediation({
  id: 'task-folder-disable',
  displayName: 'Fabrikam Sync tasks disabled',
  description: 'Keeps every task directly in the Fabrikam Sync folder disabled.',
  publisher: 'remc tests',
  runAs: 'system',
  checks: [scheduledTask({ checkName: 'sync-tasks', path: '\\Fabrikam\\Sync\\', enabled: false })],
});
