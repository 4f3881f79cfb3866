import { certificateExpiry, defineRemediation } from 'remc';

// The built-in templates test/fixtures-exports leaves out, one remediation each, so that their
// template scenarios run against the combined script too (test/combined.scenarios.test.ts).
export default defineRemediation({
  id: 'certificates',
  displayName: 'Expired certificates',
  description: 'Removes expired certificates without a key.',
  publisher: 'IT',
  runAs: 'system',
  checks: [certificateExpiry({ store: 'Cert:\\LocalMachine\\My', withinDays: 0, removeExpired: true })],
});
