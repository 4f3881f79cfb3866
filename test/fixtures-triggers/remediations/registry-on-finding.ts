import { defineRemediation, eventSignal, onFinding, registryValue } from 'remc';

const crashes = eventSignal({ checkName: 'crashes', log: 'Application', provider: 'Application Error', ids: [1000], minCount: 3 });

export default defineRemediation({
  id: 'registry-on-finding',
  displayName: 'Safe mode flag after repeated crashes',
  description: 'Sets the app safe mode flag when the app keeps crashing.',
  publisher: 'remc tests',
  runAs: 'user',
  checks: [crashes, registryValue({ path: 'HKCU:\\Software\\Contoso\\App', name: 'SafeMode', value: 1, type: 'DWord', trigger: onFinding(crashes) })],
});
