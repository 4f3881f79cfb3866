import { defineRemediation, registryValue } from 'remc';

const winlogon = 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';

// A kiosk that signs its local account in by itself (Winlogon's automatic logon). The values need
// no checkName: they are named after their values (AutoAdminLogon, DefaultUserName, DefaultPassword). The password is
// secret: detect.ps1 compares a salted hash of it and no summary line shows it, but remediate.ps1
// must carry it to write it, and every device the remediation is assigned to can read that script
// (remc build warns, REMC080). Assign it only to the kiosks, and give the account nothing more.
export default defineRemediation({
  id: 'kiosk-autologon',
  displayName: 'Kiosk automatic logon',
  description: "Keeps Winlogon's automatic logon of the kiosk account: AutoAdminLogon on, its user name and its password.",
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [
    registryValue({ path: winlogon, name: 'AutoAdminLogon', value: '1' }),
    registryValue({ path: winlogon, name: 'DefaultUserName', value: 'kiosk' }),
    registryValue({ path: winlogon, name: 'DefaultPassword', value: 'Kiosk-Example-Pa55', secret: true }),
  ],
});
