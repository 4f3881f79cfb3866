import { checkOutcome, type RemediationScenario } from 'remc';

export const scenarios: RemediationScenario[] = [
  {
    name: 'unknown keys are errors, never results',
    setup: '',
    steps: [
      {
        run: 'detect',
        expect: {
          exitCode: 1,
          check: (s) => {
            const probe = checkOutcome(s, 'probe-extra')?.Probe;
            return probe?.State === 'error' && probe.Error === "Test-Extra returned the unknown key 'Detail' (the protocol has InDesiredState, Summary, Facts, Cause, Advice, Proof, Waits, Repairable)"
              ? undefined
              : `probe-extra: ${JSON.stringify(probe)}`;
          },
        },
      },
      {
        run: 'remediate',
        expect: {
          exitCode: 1,
          check: (s) => {
            const fix = checkOutcome(s, 'fix-extra');
            return fix?.Fix === 'failed' && fix.FixError === "Repair-Extra returned the unknown key 'Removed' (the protocol has Summary, Changed, ReportOnly, Waits, Facts)"
              ? undefined
              : `fix-extra: ${JSON.stringify(fix)}`;
          },
        },
      },
    ],
  },
];
