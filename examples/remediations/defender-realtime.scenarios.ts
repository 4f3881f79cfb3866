import { checkOutcome, type RemediationScenario } from 'remc';

export const scenarios: RemediationScenario[] = [
  {
    name: 'real-time protection is on: nothing to do',
    setup: 'Reset-FakeDefender',
    steps: [{ run: 'detect', expect: { exitCode: 0, lastLine: '[defender-realtime] OK | defender: real-time protection on' } }],
  },
  {
    name: 'real-time protection is off: turned back on',
    setup: 'Reset-FakeDefender -RealTime $false',
    steps: [
      { run: 'detect', expect: { exitCode: 1, check: (s) => (checkOutcome(s, 'defender')?.Fix === 'due' ? undefined : 'the fix is not due') } },
      { run: 'remediate', at: 5, expect: { exitCode: 0, lastLine: 'defender: fixed: turned real-time protection on', state: { DefenderPreferenceCalls: [{ DisableRealtimeMonitoring: false }] } } },
      { run: 'detect', expect: { exitCode: 0 } },
    ],
  },
  {
    // AppLocker or WDAC run an unsigned script in Constrained Language Mode: the pair must work there too.
    name: 'under Constrained Language Mode: the same detect, fix and detect',
    setup: 'Reset-FakeDefender -RealTime $false',
    steps: [
      { run: 'detect', constrainedLanguage: true, expect: { exitCode: 1, lastLine: '[defender-realtime] FIX DUE | defender: real-time protection off' } },
      { run: 'remediate', at: 5, constrainedLanguage: true, expect: { exitCode: 0, lastLine: '[defender-realtime] FIXED | defender: fixed: turned real-time protection on' } },
      { run: 'detect', constrainedLanguage: true, expect: { exitCode: 0, lastLine: '[defender-realtime] OK | defender: real-time protection on' } },
    ],
  },
  {
    name: 'another antivirus is primary (passive mode): nothing to do',
    setup: "Reset-FakeDefender -RealTime $false -Mode 'Passive Mode'",
    steps: [
      { run: 'detect', expect: { exitCode: 0, lastLine: 'another antivirus is primary' } },
      { run: 'remediate', expect: { exitCode: 0, state: { DefenderPreferenceCalls: [] } } },
    ],
  },
  {
    name: 'tamper protection refuses the change: the remediation fails and says why',
    setup: "Reset-FakeDefender -RealTime $false -SetError 'Operation failed with the following error: 0x800106ba'",
    steps: [
      { run: 'detect', expect: { exitCode: 1 } },
      { run: 'remediate', at: 5, expect: { exitCode: 1, check: (s) => (checkOutcome(s, 'defender')?.FixError?.includes('0x800106ba') ? undefined : 'no error from the fix') } },
    ],
  },
  {
    name: 'the Defender service is off: an error, and nothing is changed',
    setup: 'Reset-FakeDefender -ServiceEnabled $false',
    steps: [
      { run: 'detect', expect: { exitCode: 1, check: (s) => (checkOutcome(s, 'defender')?.Probe.State === 'error' ? undefined : 'not an error') } },
      { run: 'remediate', expect: { exitCode: 1, state: { DefenderPreferenceCalls: [] } } },
    ],
  },
];
