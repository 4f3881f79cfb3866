import type { RemediationScenario } from 'remc';

const CACHE = 'C:\\ProgramData\\Contoso\\Agent\\Cache';
/** The agent's cache with files in it (12 files, 4.5 MB), as SYSTEM sees the device; folderSize sees as much. */
const FULL_CACHE = `Reset-RemcFakePathCleanup -System -Item @(New-RemcFakePathCleanupTeamsCache -Root '${CACHE}')\nReset-RemcFakeFolderSize -AnyFiles 12 -AnyFileMB 0.375`;
/** The cache folder exists and is empty. */
const EMPTY_CACHE = `Reset-RemcFakePathCleanup -System -Item @(New-RemcFakePathCleanupFolder -Path '${CACHE}')`;
/** The system drive: 2 GB free of 256 GB (below 10 % and below 20 GB), or 150 GB free. */
const LOW = 'Reset-RemcFakeDiskSpace -AnySizeGB 256 -AnyFreeGB 2';
const PLENTY = 'Reset-RemcFakeDiskSpace -AnySizeGB 256 -AnyFreeGB 150';

export const scenarios: RemediationScenario[] = [
  {
    name: 'space is low and the cache holds files: both parts of allOf fire, the cache is cleared, and the space still missing is reported for a person',
    setup: `${LOW}\n${FULL_CACHE}`,
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: [/^\[low-disk-cache\] FIX DUE \| space: C: 2\.0 GB free of 256\.0 GB \(0\.8 %\), below 10 % and 20 GB/, '-> fix due (space: found + drift)'] } },
      { run: 'remediate', at: 5, expect: { exitCode: 0, lastLine: [/^\[low-disk-cache\] ACTION NEEDED \| space: C: 2\.0 GB free/, '| cache: fixed: removed 12 files and 10 folders (4.5 MB); now: nothing to clean'] } },
    ],
  },
  {
    name: 'space is low but the cache is empty: allOf does not fire, nothing is removed, and the low disk is reported for a person',
    setup: `${LOW}\n${EMPTY_CACHE}`,
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: [/^\[low-disk-cache\] ACTION NEEDED \| space: C: 2\.0 GB free/, '| cache: nothing to clean'] } },
      { run: 'remediate', at: 5, expect: { check: (s) => (s.outcome.Checks.find((c) => c.Name === 'cache')?.Fix === 'none' ? undefined : 'the cleanup ran with nothing to clean') } },
    ],
  },
  {
    name: 'the cache holds files but space is plenty: allOf does not fire, and the cleanup is not even enumerated',
    setup: `${PLENTY}\n${FULL_CACHE}`,
    steps: [
      { run: 'detect', expect: { exitCode: 0, lastLine: [/^\[low-disk-cache\] OK \| space: C: 150\.0 GB free of 256\.0 GB \(58\.6 %\), thresholds 10 % and 20 GB/, 'cache: not probed'] } },
    ],
  },
];
