import { defineRemediation, registryValue } from 'remc';

// Remove a per-user value that an old logon script left behind. HKCU is the signed-in user's hive,
// so the remediation runs as the user (as SYSTEM, HKCU would be SYSTEM's own hive: a type error).
export default defineRemediation({
  id: 'stale-proxy-override',
  displayName: 'Remove the legacy proxy override',
  description: "Deletes the ProxyOverride value the retired Contoso logon script wrote under the user's Contoso key.",
  publisher: 'Contoso IT',
  runAs: 'user',
  checks: [registryValue({ path: 'HKCU:\\Software\\Contoso\\Network', name: 'ProxyOverride', ensure: 'absent' })],
});
