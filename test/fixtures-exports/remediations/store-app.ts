import { appxRegistration, defineRemediation } from 'remc';

export default defineRemediation({
  id: 'store-app',
  displayName: 'Microsoft Store registered',
  description: 'Re-registers the Microsoft Store for the user when its registration is missing or broken.',
  publisher: 'Contoso IT',
  runAs: 'user',
  checks: [appxRegistration({ packageName: 'Microsoft.WindowsStore' })],
});
