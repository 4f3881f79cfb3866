import { defineRemediation, signInDiagnostics, wamAccountSignOut } from 'remc';

// The WAM sign-out the flagship leaves out, so its template scenarios run against the combined script too.
const diagnosis = signInDiagnostics();

export default defineRemediation({
  id: 'office-wam',
  displayName: 'Office WAM sign-out (opt-in)',
  description: "Signs Office's WAM accounts of the tenants whose silent sign-in keeps failing out when the cause is in Windows.",
  publisher: 'Contoso IT',
  runAs: 'user',
  checks: [diagnosis, wamAccountSignOut({ trigger: diagnosis.finds('os') })],
});
