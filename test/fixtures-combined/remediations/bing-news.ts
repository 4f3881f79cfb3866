import { appxRemoval, defineRemediation } from 'remc';

export default defineRemediation({
  id: 'bing-news',
  displayName: 'Microsoft News removed',
  description: 'Keeps the preinstalled Microsoft News app removed for every user and from new profiles.',
  publisher: 'IT',
  runAs: 'system',
  checks: [appxRemoval({ packageName: 'Microsoft.BingNews' })],
});
