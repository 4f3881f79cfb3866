import { defineRemediation, windowsFeature } from 'remc';

export default defineRemediation({
  id: 'feature',
  displayName: '.NET 3.5',
  description: 'Keeps .NET Framework 3.5 enabled.',
  publisher: 'IT',
  runAs: 'system',
  checks: [windowsFeature({ name: 'NetFx3', state: 'enabled' })],
});
