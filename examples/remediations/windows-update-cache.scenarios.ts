import type { RemediationScenario } from 'remc';

const DOWNLOAD = 'C:\\Windows\\SoftwareDistribution\\Download';
/** A download that never installed (30 days old, 412 MB) and one from yesterday, as SYSTEM sees the cache. */
const CACHE = [
  `(New-RemcFakePathCleanupFolder -Path '${DOWNLOAD}' -AgeDays 400)`,
  `(New-RemcFakePathCleanupFolder -Path '${DOWNLOAD}\\3b3f1e1c5a0d4a7e9b1c' -AgeDays 30)`,
  `(New-RemcFakePathCleanupFile -Path '${DOWNLOAD}\\3b3f1e1c5a0d4a7e9b1c\\windows10.0-kb5046613-x64.cab' -Length 412000000 -AgeDays 30)`,
  `(New-RemcFakePathCleanupFile -Path '${DOWNLOAD}\\SharedFileCache.dat' -Length 65536 -AgeDays 1)`,
].join(', ');
/** Windows Update and BITS running, as on a device that is downloading. */
const SERVICES = 'Set-RemcFakePathCleanupServices -Service @(Get-RemcFakePathCleanupWindowsUpdateService)';
const FULL = `Reset-RemcFakePathCleanup -System -Item @(${CACHE})\n${SERVICES}`;
/** The system drive: 4 GB free of 128 GB (below 10 % and 15 GB), or 90 GB free. */
const LOW = 'Reset-RemcFakeDiskSpace -AnySizeGB 128 -AnyFreeGB 4';
const PLENTY = 'Reset-RemcFakeDiskSpace -AnySizeGB 128 -AnyFreeGB 90';

/** The services stopped and started again, in that order, by the step (the fakes' log). */
function serviceLog(step: { state: Record<string, unknown> }): string {
  return ((step.state['PathCleanupServiceLog'] as string[] | undefined) ?? []).join(' ');
}

export const scenarios: RemediationScenario[] = [
  {
    name: 'space is low and an old download sits in the cache: Windows Update and BITS are stopped, the old download removed, both started again',
    setup: `${LOW}\n${FULL}`,
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: [/^\[windows-update-cache\] FIX DUE \| space: C: 4\.0 GB free of 128\.0 GB/, '-> fix due (space: found + drift)'] } },
      {
        run: 'remediate',
        at: 5,
        expect: {
          lastLine: [/\| cache: fixed: removed 1 file and 1 folder \(392\.9 MB\)/, 'services stopped and started again: '],
          check: (s) => {
            const log = serviceLog(s);
            if (!/^stop:wuauserv .*stop:BITS .*start:BITS .*start:wuauserv$|^stop:BITS .*stop:wuauserv .*start:wuauserv .*start:BITS$/i.test(log)) return `services not stopped and started again in order: ${log}`;
            const kept = JSON.stringify(s.state['PathCleanupItems'] ?? '');
            return kept.includes('SharedFileCache.dat') ? undefined : 'the download from yesterday was removed';
          },
        },
      },
    ],
  },
  {
    name: 'space is plenty: the cache is not even enumerated, no service is touched',
    setup: `${PLENTY}\n${FULL}`,
    steps: [
      {
        run: 'detect',
        expect: { exitCode: 0, lastLine: [/^\[windows-update-cache\] OK \| space: C: 90\.0 GB free of 128\.0 GB/, 'cache: not probed'], check: (s) => (serviceLog(s) === '' ? undefined : `services touched: ${serviceLog(s)}`) },
      },
    ],
  },
];
