import type { RemediationScenario, StepView } from 'remc';

const TEMP = 'C:\\ProgramData\\Contoso\\Temp';
const FILES = `Reset-RemcFakePathCleanup -System -Item @(New-RemcFakePathCleanupTeamsCache -Root '${TEMP}')`;
const EMPTY = `Reset-RemcFakePathCleanup -System -Item @(New-RemcFakePathCleanupFolder -Path '${TEMP}')`;
const LOW = 'Reset-RemcFakeDiskSpace -AnySizeGB 100 -AnyFreeGB 4';
const PLENTY = 'Reset-RemcFakeDiskSpace -AnySizeGB 100 -AnyFreeGB 60';

/** The cleanup's outcome in the step: its fix's result and the trigger it fired on. */
function cleanup(step: StepView): string {
  const c = step.outcome.Checks.find((x) => x.Name === 'cleanup');
  return `${c?.Probe.State} ${c?.Fix} ${c?.Trigger}`;
}

/** The temp folder's files are all still there (the fake lists what it removed in PathCleanupDeleted). */
function nothingRemoved(step: StepView): string | undefined {
  const removed = step.state['PathCleanupDeleted'];
  return Array.isArray(removed) && removed.length > 0 ? `removed ${removed.length} items` : undefined;
}

export const scenarios: RemediationScenario[] = [
  {
    name: 'space is low and the folder holds files: both parts fire, and the fix runs on both',
    setup: `${LOW}\n${FILES}`,
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: '| cleanup: 12 files and 10 folders (4.5 MB) to remove -> fix due (space: found + drift)', check: (s) => (cleanup(s) === 'drift due space: found + drift' ? undefined : cleanup(s)) } },
      { run: 'remediate', at: 5, expect: { lastLine: '| cleanup: fixed: removed 12 files and 10 folders (4.5 MB); now: nothing to clean', check: (s) => (cleanup(s).startsWith('drift fixed space: found + drift') ? undefined : cleanup(s)) } },
    ],
  },
  {
    name: 'space is low, the folder is empty: the drift part does not fire, so neither does the fix',
    setup: `${LOW}\n${EMPTY}`,
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: /ACTION NEEDED \| space: C: 4\.0 GB free of 100\.0 GB \(4\.0 %\), below 10 % \| cleanup: nothing to clean$/ } },
      { run: 'remediate', at: 5, expect: { check: (s) => (cleanup(s) === 'ok none null' ? nothingRemoved(s) : cleanup(s)) } },
    ],
  },
  {
    name: 'space is plenty, the folder holds files: the finding part does not fire, the fix is not due and the folder is not even read',
    setup: `${PLENTY}\n${FILES}`,
    steps: [
      { run: 'detect', expect: { exitCode: 0, lastLine: /^\[cleanup-on-all-of\] OK \| /, check: (s) => (cleanup(s) === 'idle none null' ? undefined : cleanup(s)) } },
      { run: 'remediate', at: 5, expect: { check: (s) => (cleanup(s) === 'idle none null' ? nothingRemoved(s) : cleanup(s)) } },
    ],
  },
  {
    name: 'the drive cannot be read, the folder holds files: nothing is decided on an unknown, the cleanup is not run, and the run says so',
    setup: `Reset-RemcFakeDiskSpace -Missing '*'\n${FILES}`,
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: /^\[cleanup-on-all-of\] ERROR \| space: ERROR drive C: not found on this device \| cleanup: not probed/, check: (s) => (cleanup(s) === 'idle none null' ? undefined : cleanup(s)) } },
      { run: 'remediate', at: 5, expect: { exitCode: 1, lastLine: /^\[cleanup-on-all-of\] PROBE ERROR \| /, check: (s) => (cleanup(s) === 'idle none null' ? nothingRemoved(s) : cleanup(s)) } },
    ],
  },
];
