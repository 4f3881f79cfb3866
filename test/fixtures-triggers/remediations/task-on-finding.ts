import { defineRemediation, eventSignal, onFinding, scheduledTask } from 'remc';

const crashes = eventSignal({ checkName: 'crashes', log: 'Application', provider: 'Application Error', ids: [1000], minCount: 3 });

export default defineRemediation({
  id: 'task-on-finding',
  displayName: 'Repair task enabled after repeated crashes',
  description: 'Enables the vendor repair task when the app keeps crashing.',
  publisher: 'remc tests',
  runAs: 'system',
  checks: [crashes, scheduledTask({ path: '\\Contoso\\', name: 'Repair', enabled: true, trigger: onFinding(crashes) })],
});
