import { commandFix, defineRemediation, fileState, onFinding } from 'remc';

// The Contoso agent cannot start without its configuration file, which users and cleanup scripts
// sometimes delete or empty. When the file is missing or has no server line, Windows Installer repairs
// the agent (msiexec /fa: every file of the product reinstalled, its configuration among them); a device
// whose configuration is fine never runs msiexec. The repair needs the product's installation source:
// where Windows Installer cannot reach it, msiexec exits 1612 and the run says FAILED with that code.
const config = fileState({ checkName: 'agent-config', path: '%ProgramData%\\Contoso\\Agent\\agent.cfg', contains: 'Server=' });

export default defineRemediation({
  id: 'agent-config',
  displayName: 'Contoso agent configuration',
  description: 'Repairs the Contoso agent with Windows Installer when its configuration file is missing or names no server.',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [
    config,
    commandFix({
      checkName: 'repair',
      path: '%SystemRoot%\\System32\\msiexec.exe',
      arguments: ['/fa', '{6F1D3B5A-7C2E-4E8B-9A0D-3B6C5E7F8A91}', '/qn', '/norestart'],
      timeoutSeconds: 900,
      successExitCodes: [0, 3010],
      trigger: onFinding(config),
    }),
  ],
});
