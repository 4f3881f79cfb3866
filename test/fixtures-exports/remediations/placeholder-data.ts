import { defineRemediation, registryValue } from 'remc';

// Tactical RMM replaces {{name}} in a script body with a snippet: this data must reach the device as
// written, and never as a placeholder.
export default defineRemediation({
  id: 'placeholder-data',
  displayName: 'Template marker {{agent.hostname}}',
  description: 'Keeps a value that holds {{snippet}} braces, as data.',
  publisher: 'Contoso IT',
  runAs: 'user',
  userContextIn: ['tactical'],
  checks: [registryValue({ path: 'HKCU:\\Software\\Contoso\\{{Tenant}}', name: 'Banner', value: 'Hello {{user}} }}{{', type: 'String' })],
});
