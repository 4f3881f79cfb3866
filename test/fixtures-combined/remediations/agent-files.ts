import { commandFix, defineRemediation, fileState, onFinding } from 'remc';

const config = fileState({ checkName: 'agent-config', path: '%ProgramData%\\Contoso\\Agent\\agent.cfg', maxAgeDays: 30, contains: 'Server=' });
const stale = fileState({ checkName: 'old-agent', path: '%ProgramFiles%\\Contoso\\Agent\\agent.exe', minVersion: '2.0' });

export default defineRemediation({
  id: 'agent-files',
  displayName: 'Contoso agent configuration',
  description: "Repairs the Contoso agent when its configuration is missing, stale or lacks its server, or the agent is older than 2.0.",
  publisher: 'IT',
  runAs: 'system',
  checks: [
    config,
    stale,
    commandFix({
      checkName: 'repair',
      path: '%SystemRoot%\\System32\\msiexec.exe',
      arguments: ['/fa', '{6F1D3B5A-7C2E-4E8B-9A0D-3B6C5E7F8A91}', '/qn'],
      timeoutSeconds: 600,
      successExitCodes: [0, 3010],
      trigger: [onFinding(config), onFinding(stale)],
    }),
  ],
});
