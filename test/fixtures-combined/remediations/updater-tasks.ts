import { defineRemediation, scheduledTask } from 'remc';

export default defineRemediation({
  id: 'updater-tasks',
  displayName: 'Contoso Updater leftover tasks',
  description: 'Removes the scheduled tasks the uninstalled Contoso Updater left in its folder and below it.',
  publisher: 'IT',
  runAs: 'system',
  checks: [scheduledTask({ checkName: 'updater-tasks', path: '\\Contoso\\Updater\\', recurse: true, author: 'Contoso Updater', ensure: 'absent', maxTasks: 5 })],
});
