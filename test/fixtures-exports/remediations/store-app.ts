import { appxRegistration, defineRemediation } from 'remc';

export default defineRemediation({
  id: 'store-app',
  displayName: 'Microsoft Store registered',
  description: 'Re-registers the Microsoft Store for the user when its registration is missing or broken.',
  publisher: 'Contoso IT',
  runAs: 'user',
  // Run in these tools as the signed-in user (their setting; Tactical's export sets run_as_user).
  userContextIn: ['tactical', 'ninjaone', 'immybot'],
  checks: [appxRegistration({ packageName: 'Microsoft.WindowsStore' })],
});
