import { brokerPluginRegistration, credentialPurge, defineRemediation, onDrift, signInDiagnostics } from 'remc';

// The diagnosis tells an OS cause (stale tokens, broken WAM: these fixes help) from an account or
// Conditional Access cause (they do not). Tokens in Credential Manager are normal, so the purge runs
// only on the symptom: repeated silent sign-in failures since the last fix. The broker is the WAM plugin
// of work and school accounts; Microsoft.Windows.CloudExperienceHost, which Microsoft's guidance
// re-registers beside it, is the plugin of personal Microsoft accounts (SupportArticles-docs,
// "Fix authentication issues in Microsoft 365 apps"), so it is not part of this remediation.
// Signing Office's accounts out of Web Account Manager (wamAccountSignOut) is not part of it: Microsoft
// presents that sign-out (signoutofwamaccounts.ps1) as one step of resetting Office's activation state
// for a tenant move or a repurposed device, not as a sign-in repair, and every account signed out must
// sign in again in Outlook, Teams and OneDrive. No documented evidence says it fixes 50058; opt in with
// your own remediation (examples/remediations/office-wam-sign-out.ts) if you want it.
const diagnosis = signInDiagnostics();

export default defineRemediation({
  id: 'teams-signin-50058',
  displayName: 'Teams sign-in error 50058 (silent sign-in failed)',
  description:
    'Detects repeated silent sign-in failures of Teams and Microsoft 365 apps (AADSTS50058, WAM ' +
    'interaction required) and a missing or damaged AAD Broker Plugin registration. When the cause is ' +
    'in Windows, it re-registers the broker and removes the stale Teams and Office tokens from ' +
    'Credential Manager (closing Teams first when Teams is the app that fails); when the cause is the ' +
    'account or Conditional Access, it changes nothing and says what the user or admin must do.',
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
  ],
});
