import { bitLockerStatus, defineRemediation } from 'remc';

export default defineRemediation({
  id: 'bitlocker',
  displayName: 'BitLocker protection',
  description: 'Reports the BitLocker protection of the OS volume (detect-only).',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [bitLockerStatus()],
});
