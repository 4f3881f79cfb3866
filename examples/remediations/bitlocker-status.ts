import { bitLockerStatus, defineRemediation } from 'remc';

// Detect-only: Intune shows "with issues" on devices whose OS volume is not protected, and the
// summary line says why. No remediation script is generated.
export default defineRemediation({
  id: 'bitlocker-status',
  displayName: 'BitLocker protection status',
  description: 'Reports the BitLocker protection of the OS volume and the fixed data volumes.',
  publisher: 'Contoso IT',
  runAs: 'system', // the BitLocker WMI class needs administrative rights
  checks: [bitLockerStatus()],
});
