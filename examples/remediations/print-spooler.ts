import { defineRemediation, serviceState } from 'remc';

// Restart the Print Spooler when it is stopped, and keep it starting with Windows.
export default defineRemediation({
  id: 'print-spooler',
  displayName: 'Print Spooler running',
  description: 'Starts the Print Spooler service when it is stopped and sets it to start automatically.',
  publisher: 'Contoso IT',
  runAs: 'system', // services need administrative rights: SYSTEM under Intune
  checks: [serviceState({ name: 'Spooler', status: 'running', startType: 'automatic' })],
});
