import { defineRemediation, onDrift, pathCleanup } from 'remc';

// Every user's old temp files, from SYSTEM: each real profile's %LOCALAPPDATA%\Temp (read from the
// user's shell folders when signed in, else AppData\Local under the profile), files untouched for a
// week. System accounts, temporary and backup profiles are skipped. Also removes a retired VPN
// client's shortcut from each user's desktop, wherever OneDrive moved the desktop to.
export default defineRemediation({
  id: 'user-temp-files',
  displayName: "Clear every user's old temp files",
  description: "Removes files older than a week from each user's temp folder, and the old VPN shortcut from each desktop.",
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [
    pathCleanup({ checkName: 'user-temp', paths: ['%LOCALAPPDATA%\\Temp'], forEachUser: true, olderThanDays: 7, trigger: onDrift() }),
    pathCleanup({ checkName: 'old-vpn-shortcut', paths: ['{Desktop}'], include: ['Contoso VPN (old).lnk'], forEachUser: true, trigger: onDrift() }),
  ],
});
