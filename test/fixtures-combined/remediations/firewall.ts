import { defineRemediation, firewallProfile } from 'remc';

export default defineRemediation({
  id: 'firewall',
  displayName: 'Windows Defender Firewall',
  description: 'Keeps Windows Defender Firewall on for the Domain, Private and Public profiles.',
  publisher: 'IT',
  runAs: 'system',
  checks: [firewallProfile({})],
});
