import { defineRemediation, windowsFeature } from 'remc';

// Keep .NET Framework 3.5 enabled for the line-of-business apps that still need it. DISM enables it
// from Windows Update, or from the install media's sources\sxs folder where devices are managed by
// WSUS (which serves no optional content: error 0x800F0954). It never restarts the device: a feature
// that waits for a restart is reported as pending, and its fix waits for the restart.
export default defineRemediation({
  id: 'netfx3',
  displayName: '.NET Framework 3.5 enabled',
  description: 'Enables the optional feature NetFx3 (.NET Framework 3.5) when it is disabled, without restarting.',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [windowsFeature({ name: 'NetFx3', state: 'enabled' })],
});
