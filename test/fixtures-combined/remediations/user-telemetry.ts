import { defineRemediation, registryValue } from 'remc';

// From SYSTEM: every real user of the device keeps the app's telemetry off, signed in or not.
export default defineRemediation({
  id: 'user-telemetry',
  displayName: 'Contoso app telemetry off for every user',
  description: "Keeps HKCU\\Software\\Contoso\\App\\Telemetry at 0 in every user's hive.",
  publisher: 'IT',
  runAs: 'system',
  checks: [registryValue({ path: 'HKCU:\\Software\\Contoso\\App', name: 'Telemetry', type: 'DWord', value: 0, forEachUser: true })],
});
