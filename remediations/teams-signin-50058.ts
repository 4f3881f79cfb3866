import { brokerPluginRegistration, credentialPurge, defineRemediation, onDrift, signInDiagnostics, wamAccountSignOut } from 'remc';

// The diagnosis tells an OS cause (stale tokens, broken WAM: these fixes help) from an account or
// Conditional Access cause (they do not). Tokens in Credential Manager are normal, so the purge runs
// only on the symptom: repeated silent sign-in failures since the last fix. The broker is the WAM plugin
// of work and school accounts; Microsoft.Windows.CloudExperienceHost, which Microsoft's guidance
// re-registers beside it, is the plugin of personal Microsoft accounts (SupportArticles-docs,
// "Fix authentication issues in Microsoft 365 apps"), so it is not part of this remediation.
// The failures the diagnosis reads are the WAM plugin's own (AAD/Operational 1097/1098): new Teams and
// Microsoft 365 apps keep their tokens there, so the OS cause also signs Office's accounts out of WAM,
// the route of Microsoft's Office sign-in reset; the purge covers tokens of the older ADAL clients.
const diagnosis = signInDiagnostics();

export default defineRemediation({
  id: 'teams-signin-50058',
  displayName: 'Teams sign-in error 50058 (silent sign-in failed)',
  description:
    'Detects repeated silent sign-in failures of Teams and Microsoft 365 apps (AADSTS50058, WAM ' +
    'interaction required) and a missing or damaged AAD Broker Plugin registration. When the cause is ' +
    'in Windows, it re-registers the broker and removes the stale Teams and Office tokens from ' +
    'Credential Manager (closing Teams first when Teams is the app that fails) and signs Office out of ' +
    'Web Account Manager; when the cause is the account or Conditional Access, it changes nothing and ' +
    'says what the user or admin must do.',
  publisher: 'remc',
  version: '1.0.0',
  runAs: 'user',
  runAs64Bit: true,
  coolDownHours: 24,
  // One bad hour is not a broken machine: the OS cause must be seen by two detections in a row.
  confirmRuns: 2,
  checks: [
    diagnosis,
    brokerPluginRegistration({ trigger: [onDrift(), diagnosis.finds('os')] }),
    credentialPurge({
      trigger: diagnosis.finds('os'),
      stopProcesses: ['Teams', 'ms-teams'],
    }),
    wamAccountSignOut({ trigger: diagnosis.finds('os') }),
  ],
});
