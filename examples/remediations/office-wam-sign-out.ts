import { defineRemediation, signInDiagnostics, wamAccountSignOut } from 'remc';

// Opting in to the Web Account Manager sign-out that the teams-signin-50058 flagship leaves out. Microsoft
// presents it as one step of resetting Office's activation state (a tenant move, a repurposed device), not
// as a sign-in repair: every account it signs out must sign in again, so the user sees sign-in prompts in
// Outlook, Teams and OneDrive for that account. It never goes wider than the diagnosis' evidence: only
// accounts of a tenant the failures name (a failure sent to 'common' names none), never an account of the
// device's own tenant on an Entra-joined or hybrid-joined device (its primary account), and never while an
// Office app runs (it waits, and the run says REPORTED ONLY until the app is closed). In practice it acts
// on registered devices whose failures name their tenant; on joined devices it signs nobody out.
const diagnosis = signInDiagnostics();

export default defineRemediation({
  id: 'office-wam-sign-out',
  displayName: 'Office WAM sign-out on a confirmed OS cause (opt-in)',
  description:
    "Signs Office's Web Account Manager accounts of the tenants whose silent sign-in keeps failing out when the cause is in Windows, " +
    "never the device's primary account and never while an Office app runs; the user signs in again in Outlook, Teams and OneDrive.",
  publisher: 'Contoso IT',
  runAs: 'user',
  checks: [diagnosis, wamAccountSignOut({ trigger: diagnosis.finds('os') })],
});
