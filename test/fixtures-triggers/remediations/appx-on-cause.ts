import { appxRegistration, defineRemediation, signInDiagnostics } from 'remc';

// The Store is registered again only on the diagnosis' OS cause: never probed without it.
const diagnosis = signInDiagnostics();

export default defineRemediation({
  id: 'appx-on-cause',
  displayName: 'Store registered again on an OS cause',
  description: 'Registers the Microsoft Store again when silent sign-in keeps failing for a reason in Windows.',
  publisher: 'remc tests',
  runAs: 'user',
  checks: [diagnosis, appxRegistration({ packageName: 'Microsoft.WindowsStore', trigger: diagnosis.finds('os') })],
});
