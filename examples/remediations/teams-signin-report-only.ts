import { brokerPluginRegistration, credentialPurge, defineRemediation, onDrift, signInDiagnostics } from 'remc';

// The Teams 50058 fix with a report-only purge: the diagnosis and the broker repair run as usual, and
// the purge only lists the credentials it would remove, so the fleet can be watched before it deletes.
const diagnosis = signInDiagnostics();

export default defineRemediation({
  id: 'teams-signin-report-only',
  displayName: 'Teams sign-in error 50058 (purge report-only)',
  description: 'Diagnoses repeated silent sign-in failures, re-registers a broken WAM broker, and reports (without removing) the stale tokens an OS cause would purge.',
  publisher: 'Contoso IT',
  runAs: 'user',
  checks: [
    diagnosis,
    brokerPluginRegistration({ trigger: [onDrift(), diagnosis.finds('os')] }),
    credentialPurge({ trigger: diagnosis.finds('os'), reportOnly: true, stopProcesses: ['ms-teams'] }),
  ],
});
