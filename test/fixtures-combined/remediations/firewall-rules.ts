import { defineRemediation, firewallRule } from 'remc';

export default defineRemediation({
  id: 'firewall-rules',
  displayName: 'Firewall rules',
  description: 'Keeps inbound file sharing off and the Remote Desktop rules on.',
  publisher: 'IT',
  runAs: 'system',
  checks: [
    firewallRule({ checkName: 'smb', name: 'FPS-SMB-In-TCP', enabled: false }),
    firewallRule({ checkName: 'rdp', group: '@FirewallAPI.dll,-28752', enabled: true }),
  ],
});
