import { defineRemediation, signInDiagnostics, wamAccountSignOut } from 'remc';

// A sign-out on the device cause: the WAM scenarios, which set up an OS cause, are not about it.
const diagnosis = signInDiagnostics();

export default defineRemediation({
  id: 'wam-on-device',
  displayName: 'Office WAM sign-out on a device cause',
  description: "Signs Office's WAM accounts of the failing tenants out when the cause is the device.",
  publisher: 'remc tests',
  runAs: 'user',
  checks: [diagnosis, wamAccountSignOut({ trigger: diagnosis.finds('device') })],
});
