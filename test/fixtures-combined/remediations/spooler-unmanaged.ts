import { defineRemediation, serviceState } from 'remc';

// A service whose start type is not managed: disabled, it is ACTION NEEDED (never enabled on its own).
export default defineRemediation({
  id: 'spooler-unmanaged',
  displayName: 'Print Spooler running, start type not managed',
  description: 'Starts the Print Spooler when it is stopped; a disabled one is left to a person.',
  publisher: 'remc tests',
  runAs: 'system',
  checks: [serviceState({ name: 'Spooler', status: 'running' })],
});
