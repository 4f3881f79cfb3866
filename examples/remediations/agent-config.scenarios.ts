import type { RemediationScenario } from 'remc';

const CFG = 'C:\\ProgramData\\Contoso\\Agent\\agent.cfg';
/** The configuration as the agent writes it, last written `written` (PowerShell, a [datetime] in UTC). */
const good = (written: string) => `New-RemcFakeFileStateFile -Path '${CFG}' -WrittenUtc ${written} -Text "[agent]\`r\`nServer=agent.contoso.com\`r\`nPort=443\`r\`n"`;

export const scenarios: RemediationScenario[] = [
  {
    name: 'the configuration is there and names its server: msiexec is not even probed',
    setup: `Reset-RemcFakeFileState -File @(${good('$ScenarioNow.AddDays(-12)')})`,
    steps: [
      {
        run: 'detect',
        expect: {
          exitCode: 0,
          lastLine: '[agent-config] OK | agent-config: agent.cfg present, written 2026-11-13 12:00 UTC (12 days ago); contains "Server=" | repair: not probed: nothing calls for its fix',
          state: { ProgramCalls: [] },
        },
      },
    ],
  },
  {
    name: 'the configuration is missing: the repair runs once, and the next detections find it restored',
    setup: 'Reset-RemcFakeFileState',
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: '[agent-config] FIX DUE | agent-config: agent.cfg missing from C:\\ProgramData\\Contoso\\Agent | repair: msiexec.exe present -> fix due (agent-config: found)' } },
      {
        run: 'remediate',
        at: 5,
        expect: {
          exitCode: 0,
          lastLine: ['[agent-config] APPLIED | agent-config: agent.cfg missing from C:\\ProgramData\\Contoso\\Agent | repair: fixed: msiexec.exe exited 0'],
          check: (s) => {
            const calls = (s.state['ProgramCalls'] ?? []) as { CommandLine: string }[];
            return calls.length === 1 && calls[0]!.CommandLine === '/fa {6F1D3B5A-7C2E-4E8B-9A0D-3B6C5E7F8A91} /qn /norestart' ? undefined : `msiexec ran ${JSON.stringify(calls)}`;
          },
        },
      },
      // The repair wrote the file back (the fake program writes nothing itself).
      {
        run: 'detect',
        at: 65,
        change: `$RemcFakeState.FileStateFiles = @(${good('$ScenarioNow.AddMinutes(-55)')})`,
        expect: { exitCode: 0, lastLine: [/^\[agent-config\] UNPROVEN \| agent-config: agent\.cfg present, written 2026-11-25 12:10 UTC \(less than a day ago\); contains "Server="/, 'its symptom not seen again'] },
      },
    ],
  },
  {
    name: 'the configuration names no server: the repair runs; without the installation source msiexec exits 1612 and the run fails saying so',
    setup: `Reset-RemcFakeFileState -File @(New-RemcFakeFileStateFile -Path '${CFG}' -WrittenUtc $ScenarioNow.AddDays(-3) -Text '')\nReset-RemcFakeProgram -ExitCode 1612`,
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: '[agent-config] FIX DUE | agent-config: agent.cfg present, written 2026-11-22 12:00 UTC (3 days ago); does not contain "Server=" | repair: msiexec.exe present -> fix due (agent-config: found)' } },
      { run: 'remediate', at: 5, expect: { exitCode: 1, lastLine: ['[agent-config] FAILED | agent-config: agent.cfg present, written 2026-11-22 12:00 UTC (3 days ago); does not contain "Server="', '| repair: FIX FAILED: msiexec.exe exited 1612, not 0/3010'] } },
    ],
  },
];
