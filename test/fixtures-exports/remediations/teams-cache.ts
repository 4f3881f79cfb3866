import { defineRemediation, eventSignal, onFinding, pathCleanup } from 'remc';

const crashes = eventSignal({ log: 'Application', provider: 'Application Error', ids: [1000], minCount: 3 });

export default defineRemediation({
  id: 'teams-cache',
  displayName: 'New Teams cache reset after crashes',
  description: 'Clears the new Teams cache when Teams keeps crashing.',
  publisher: 'Contoso IT',
  runAs: 'user',
  checks: [crashes, pathCleanup({ preset: 'new-teams-cache', trigger: onFinding(crashes) })],
});
