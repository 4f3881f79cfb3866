import { defineRemediation, serviceState } from 'remc';

export default defineRemediation({
  id: 'spooler',
  displayName: 'Print Spooler running',
  description: 'Starts the Print Spooler and keeps it starting with Windows.',
  publisher: 'Contoso IT',
  runAs: 'system',
  // The declaration's own targets (remc build --target replaces them).
  targets: ['intune', 'tactical'],
  checks: [serviceState({ name: 'Spooler', status: 'running', startType: 'automatic' })],
});
