import { credentialPurge, defineRemediation, signInDiagnostics } from 'remc';

// A purge on the account cause (not the OS cause the credential-purge scenarios set up): once it ran,
// the failures before it are history, and the diagnosis no longer concludes the account cause.
const diagnosis = signInDiagnostics();

export default defineRemediation({
  id: 'purge-on-account',
  displayName: 'Teams tokens purged on an account cause',
  description: 'Removes the Teams tokens when the account session is expired or revoked.',
  publisher: 'remc tests',
  runAs: 'user',
  checks: [diagnosis, credentialPurge({ trigger: diagnosis.finds('account') })],
});
