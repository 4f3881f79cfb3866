import type { RemediationScenario } from 'remc';

const ALICE = 'C:\\Users\\alice';
const BOB = 'C:\\Users\\bob';
/** Alice's desktop, which OneDrive Known Folder Move moved into her OneDrive folder. */
const ALICE_DESKTOP = `${ALICE}\\OneDrive - Contoso\\Desktop`;
const SHORTCUT = 'Contoso VPN (old).lnk';

export const scenarios: RemediationScenario[] = [
  {
    name: 'two users: alice signed in with her desktop in OneDrive, bob signed out; each has old temp files and the retired shortcut',
    setup: [
      'Reset-RemcFakePathCleanup -System -Item @(' +
        [
          `(New-RemcFakePathCleanupFolder -Path '${ALICE}\\AppData\\Local\\Temp' -AgeDays 300)`,
          `(New-RemcFakePathCleanupFile -Path '${ALICE}\\AppData\\Local\\Temp\\install.log' -Length 1048576 -AgeDays 30)`,
          `(New-RemcFakePathCleanupFile -Path '${ALICE}\\AppData\\Local\\Temp\\today.tmp' -AgeDays 0.1)`,
          `(New-RemcFakePathCleanupFolder -Path '${BOB}\\AppData\\Local\\Temp' -AgeDays 300)`,
          `(New-RemcFakePathCleanupFile -Path '${BOB}\\AppData\\Local\\Temp\\old.tmp' -Length 2048 -AgeDays 9)`,
          `(New-RemcFakePathCleanupFolder -Path '${ALICE_DESKTOP}')`,
          `(New-RemcFakePathCleanupFile -Path '${ALICE_DESKTOP}\\${SHORTCUT}' -Length 1024 -AgeDays 200)`,
          `(New-RemcFakePathCleanupFile -Path '${ALICE_DESKTOP}\\budget.xlsx' -AgeDays 200)`,
          `(New-RemcFakePathCleanupFolder -Path '${BOB}\\Desktop')`,
          `(New-RemcFakePathCleanupFile -Path '${BOB}\\Desktop\\${SHORTCUT}' -Length 1024 -AgeDays 200)`,
        ].join(', ') +
        ')',
      'Set-RemcFakePathCleanupProfiles -Profile (@(Get-RemcFakePathCleanupStandardProfile) + @(' +
        `(New-RemcFakePathCleanupProfile -Sid 'S-1-12-1-3570092163-1164063431-2412289951-1740113377' -ProfileImagePath '${ALICE}' -Loaded -ShellFolders (New-RemcFakePathCleanupShellFolders -Override @{ Desktop = '%USERPROFILE%\\OneDrive - Contoso\\Desktop' })), ` +
        `(New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1001' -ProfileImagePath '%SystemDrive%\\Users\\bob')))`,
    ].join('\n'),
    steps: [
      { run: 'detect', expect: { exitCode: 1, lastLine: ['user-temp: 2 files (1.0 MB) to remove for 2 users', 'old-vpn-shortcut: 2 files (2.0 KB) to remove for 2 users'] } },
      {
        run: 'remediate',
        at: 5,
        expect: {
          exitCode: 0,
          lastLine: ['removed 2 files (1.0 MB) for 2 users', 'removed 2 files (2.0 KB) for 2 users'],
          state: {
            // Deepest and last listed first, one item at a time.
            PathCleanupDeleted: [`${BOB}\\AppData\\Local\\Temp\\old.tmp`, `${ALICE}\\AppData\\Local\\Temp\\install.log`, `${BOB}\\Desktop\\${SHORTCUT}`, `${ALICE_DESKTOP}\\${SHORTCUT}`],
          },
        },
      },
      { run: 'detect', at: 10, expect: { exitCode: 0 } },
    ],
  },
];
