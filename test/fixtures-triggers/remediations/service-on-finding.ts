import { defineRemediation, eventSignal, onFinding, serviceState } from 'remc';

const crashes = eventSignal({ checkName: 'crashes', log: 'Application', provider: 'Application Error', ids: [1000], minCount: 3 });

export default defineRemediation({
  id: 'service-on-finding',
  displayName: 'Spooler started after repeated crashes',
  description: 'Starts the Print Spooler when printing keeps crashing.',
  publisher: 'remc tests',
  runAs: 'system',
  checks: [crashes, serviceState({ name: 'Spooler', trigger: onFinding(crashes) })],
});
