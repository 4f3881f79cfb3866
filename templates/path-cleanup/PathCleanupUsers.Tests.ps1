# Pester 5 tests of path-cleanup's forEachUser (every real profile's folders from SYSTEM) and known-folder
# roots ({Desktop}), against the fakes (fakes-profiles.ps1), and the logic once more in Constrained
# Language Mode (the last Describe).

BeforeAll {
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    $script:Now = [datetime]::SpecifyKind([datetime]'2026-11-25T12:00:00', [System.DateTimeKind]::Utc)
    $script:Known = @(
        @{ Name = 'AppData'; Value = 'AppData'; Fallback = 'AppData\Roaming' },
        @{ Name = 'Desktop'; Value = 'Desktop'; Fallback = 'Desktop' },
        @{ Name = 'LocalAppData'; Value = 'Local AppData'; Fallback = 'AppData\Local' }
    )

    function New-TestConfig {
        param([hashtable] $Override = @{})
        $values = @{ Paths = @('%LOCALAPPDATA%\Temp'); ForEachUser = $true; OlderThanDays = 7; KnownFolders = $script:Known }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'path-cleanup' -Override $values
    }

    function New-Temp {
        param([string] $Local, [long] $Length = 1048576)
        (New-RemcFakePathCleanupFolder -Path ($Local + '\Temp') -AgeDays 300)
        (New-RemcFakePathCleanupFile -Path ($Local + '\Temp\old.log') -Length $Length -AgeDays 30)
        (New-RemcFakePathCleanupFile -Path ($Local + '\Temp\new.tmp') -AgeDays 1)
    }

    # alice (Entra ID, signed in, desktop moved by OneDrive), bob (signed out), a temporary profile over
    # dave's backup key, and the system accounts.
    function Reset-Test {
        param($Item = @(), [switch] $User)
        $global:RemcFakeState = @{ Now = $script:Now }
        $items = @(New-Temp -Local 'C:\Users\alice\AppData\Local') + @(New-Temp -Local 'C:\Users\bob\AppData\Local') + @(New-Temp -Local 'C:\Users\TEMP\AppData\Local') +
            @(New-Temp -Local 'C:\Users\dave\AppData\Local') + @(New-Temp -Local 'C:\Windows\system32\config\systemprofile\AppData\Local') + @($Item)
        Reset-RemcFakePathCleanup -System:(-not $User) -Item $items
        Set-RemcFakePathCleanupProfiles -Profile (@(Get-RemcFakePathCleanupStandardProfile) + @(
                (New-RemcFakePathCleanupProfile -Sid 'S-1-12-1-3570092163-1164063431-2412289951-1740113377' -ProfileImagePath 'C:\Users\alice' -Loaded -ShellFolders (New-RemcFakePathCleanupShellFolders -Override @{ Desktop = '%USERPROFILE%\OneDrive - Contoso\Desktop' })),
                (New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1001' -ProfileImagePath '%SystemDrive%\Users\bob'),
                (New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1003.bak' -ProfileImagePath 'C:\Users\dave'),
                (New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1003' -ProfileImagePath 'C:\Users\TEMP' -State 0x804 -Loaded)
            ))
    }

    function Invoke-Probe {
        param($Config = (New-TestConfig))
        Test-RemcPathCleanup -Config $Config -Context (New-RemcTestContext -Mode 'detect' -Now $script:Now)
    }

    function Invoke-Fix {
        param($Config = (New-TestConfig))
        Repair-RemcPathCleanup -Config $Config -Context (New-RemcTestContext -Now $script:Now) -Probe @{}
    }
}

Describe 'path-cleanup forEachUser' {
    It 'cleans each real profile, and counts the users' {
        Reset-Test
        $probe = Invoke-Probe
        $probe.Summary | Should -Be '2 files (2.0 MB) to remove for 2 users'
        $probe.Facts.Paths | Should -Be @('C:\Users\alice\AppData\Local\Temp', 'C:\Users\bob\AppData\Local\Temp')
        $probe.Facts.Users | Should -Be 2
        (Invoke-Fix).Summary | Should -Be 'removed 2 files (2.0 MB) for 2 users'
        @($global:RemcFakeState.PathCleanupDeleted) | Should -Be @('C:\Users\bob\AppData\Local\Temp\old.log', 'C:\Users\alice\AppData\Local\Temp\old.log')
        (Invoke-Probe).Summary | Should -Be 'nothing to clean in 2 user profiles'
    }

    It 'skips system accounts, backup keys and temporary profiles: <Why>' -ForEach @(
        @{ Why = 'SYSTEM'; Sid = 'S-1-5-18'; Path = 'C:\Windows\system32\config\systemprofile'; State = 0 }
        @{ Why = 'LocalService'; Sid = 'S-1-5-19'; Path = 'C:\Windows\ServiceProfiles\LocalService'; State = 0 }
        @{ Why = 'a backup key'; Sid = 'S-1-5-21-1-2-3-1003.bak'; Path = 'C:\Users\dave'; State = 0 }
        @{ Why = 'State 0x800 (temporary profile loaded)'; Sid = 'S-1-5-21-1-2-3-1004'; Path = 'C:\Users\erin'; State = 0x800 }
        @{ Why = 'a TEMP folder'; Sid = 'S-1-5-21-1-2-3-1005'; Path = 'C:\Users\TEMP'; State = 0 }
        @{ Why = 'a TEMP.<domain> folder'; Sid = 'S-1-5-21-1-2-3-1006'; Path = 'C:\Users\TEMP.CONTOSO'; State = 0 }
        @{ Why = 'no profile path'; Sid = 'S-1-5-21-1-2-3-1007'; Path = ''; State = 0 }
    ) {
        Test-RemcPathCleanupRealProfile -Profile ([pscustomobject]@{ PSChildName = $Sid; ProfileImagePath = $Path; State = $State }) | Should -BeFalse
    }

    It 'takes domain, local and Entra ID accounts: <Sid>' -ForEach @(
        @{ Sid = 'S-1-5-21-1004336348-1177238915-682003330-500' }
        @{ Sid = 'S-1-12-1-3570092163-1164063431-2412289951-1740113377' }
    ) {
        Test-RemcPathCleanupRealProfile -Profile ([pscustomobject]@{ PSChildName = $Sid; ProfileImagePath = 'C:\Users\x' }) | Should -BeTrue
    }

    It 'reads a signed-in user''s folders from the user''s hive, mapped back from SYSTEM''s profile' {
        Reset-Test
        $scope = Get-RemcPathCleanupScope -Config (New-TestConfig)
        $scope.Scopes[0].Folders.Desktop | Should -Be 'C:\Users\alice\OneDrive - Contoso\Desktop'
        $scope.Scopes[0].Folders.LocalAppData | Should -Be 'C:\Users\alice\AppData\Local'
        $scope.Scopes[1].Folders.Desktop | Should -Be 'C:\Users\bob\Desktop'
        $scope.Skipped | Should -Be 5
        $scope.Defaults | Should -Be 1
        @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -like 'shell-folders:*' }) | Should -Be @('shell-folders:S-1-12-1-3570092163-1164063431-2412289951-1740113377', 'shell-folders:S-1-5-21-1004336348-1177238915-682003330-1001')
    }

    It 'follows a redirected Local AppData, and goes on past a user whose folder cannot be read' {
        Reset-Test -Item @((New-RemcFakePathCleanupFolder -Path 'D:\Local\carol\Temp' -Denied))
        $global:RemcFakeState.PathCleanupProfiles.Add((New-RemcFakePathCleanupProfile -Sid 'S-1-5-21-1-2-3-1002' -ProfileImagePath 'C:\Users\carol' -Loaded -ShellFolders (New-RemcFakePathCleanupShellFolders -Override @{ 'Local AppData' = 'D:\Local\carol' })))
        $probe = Invoke-Probe
        $probe.Summary | Should -Be '2 files (2.0 MB) to remove for 2 users; 1 folder unreadable'
        $probe.Facts.FirstUnreadable | Should -BeLike "Access to the path 'D:\Local\carol\Temp' is denied.*"
        (Invoke-Fix).Summary | Should -Be 'removed 2 files (2.0 MB) for 2 users'
    }

    It 'refuses on the device a user''s protected folder: <Path>' -ForEach @(
        @{ Path = '%USERPROFILE%\Desktop' }
        @{ Path = '%LOCALAPPDATA%' }
        @{ Path = '%APPDATA%\..' }
    ) {
        Reset-Test
        { Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @($Path) }) } | Should -Throw -ExpectedMessage 'refused to clean *(user alice)'
    }
}

Describe 'path-cleanup known folders' {
    It 'removes a named shortcut from each user''s desktop, where OneDrive moved it, and keeps the rest' {
        Reset-Test -Item @(
            (New-RemcFakePathCleanupFolder -Path 'C:\Users\alice\OneDrive - Contoso\Desktop'), (New-RemcFakePathCleanupFile -Path 'C:\Users\alice\OneDrive - Contoso\Desktop\Old App.lnk'),
            (New-RemcFakePathCleanupFile -Path 'C:\Users\alice\OneDrive - Contoso\Desktop\budget.xlsx'),
            (New-RemcFakePathCleanupFolder -Path 'C:\Users\bob\Desktop'), (New-RemcFakePathCleanupFile -Path 'C:\Users\bob\Desktop\Old App.lnk')
        )
        $config = New-TestConfig -Override @{ Paths = @('{Desktop}'); Include = @('Old App.lnk'); OlderThanDays = 0 }
        (Invoke-Fix -Config $config).Summary | Should -Be 'removed 2 files (8.0 KB) for 2 users'
        @($global:RemcFakeState.PathCleanupDeleted) | Should -Be @('C:\Users\bob\Desktop\Old App.lnk', 'C:\Users\alice\OneDrive - Contoso\Desktop\Old App.lnk')
    }

    It 'refuses on the device to empty a known folder: include <Include>' -ForEach @(
        @{ Include = @('*') }, @{ Include = @('*.*') }, @{ Include = @('Old App.lnk', '*\*') }
    ) {
        Reset-Test
        { Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @('{Desktop}'); Include = $Include }) } | Should -Throw -ExpectedMessage 'refused to clean {Desktop}: "C:\Users\alice\OneDrive - Contoso\Desktop" is a known folder itself, and include "*" would empty it (user alice)'
    }

    It 'tells specific patterns: <Pattern> -> <Specific>' -ForEach @(
        @{ Pattern = 'Old App.lnk'; Specific = $true }, @{ Pattern = '*.lnk'; Specific = $true }, @{ Pattern = 'Contoso*'; Specific = $true }
        @{ Pattern = '*'; Specific = $false }, @{ Pattern = '*.*'; Specific = $false }, @{ Pattern = '*\*'; Specific = $false }, @{ Pattern = '[a-z]*'; Specific = $false }
    ) {
        Test-RemcPathCleanupSpecificPattern -Pattern $Pattern | Should -Be $Specific
    }

    It 'reads the running user''s own desktop from HKCU without forEachUser' {
        Reset-Test -User -Item @((New-RemcFakePathCleanupFolder -Path 'C:\Users\alice\Desktop\Tools'), (New-RemcFakePathCleanupFile -Path 'C:\Users\alice\Desktop\Tools\a.url'))
        $config = New-TestConfig -Override @{ Paths = @('{Desktop}\Tools'); ForEachUser = $false; OlderThanDays = 0; KnownFolders = @($script:Known[1]) }
        $global:RemcFakeState.PathCleanupProfiles.Clear()
        (Invoke-Probe -Config $config).Summary | Should -Be '1 file (4.0 KB) to remove'
        @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -like 'shell-folders:*' }) | Should -Be @('shell-folders:')
    }

    It 'the fakes return what Get-ItemProperty returns for ProfileList and User Shell Folders' {
        Reset-Test
        $entries = @(Get-RemcPathCleanupProfile)
        $bob = $entries | Where-Object { $_.PSChildName -eq 'S-1-5-21-1004336348-1177238915-682003330-1001' }
        $bob.ProfileImagePath | Should -Be 'C:\Users\bob'
        $bob.State | Should -BeOfType ([int])
        (Get-RemcPathCleanupShellFolder -Sid 'S-1-5-21-1004336348-1177238915-682003330-1001') | Should -BeNullOrEmpty
        $alice = Get-RemcPathCleanupShellFolder -Sid 'S-1-12-1-3570092163-1164063431-2412289951-1740113377'
        # Expanded by the reading process (SYSTEM): the probe maps it back.
        $alice.'Local AppData' | Should -Be 'C:\Windows\system32\config\systemprofile\AppData\Local'
        $alice.'{374DE290-123F-4565-9164-39C4925E467B}' | Should -Be 'C:\Windows\system32\config\systemprofile\Downloads'
    }
}

Describe 'path-cleanup forEachUser in Constrained Language Mode (the logic, with seams defined there)' {
    # The registry is not there to read on this host: the profile and shell-folder seams are replaced
    # by functions defined in the same mode; the rest (scopes, roots, the plan) is the real code.
    BeforeAll {
        $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-pathcleanup-users-' + [guid]::NewGuid().ToString('n'))
        foreach ($folder in 'alice/local/Temp', 'bob/local/Temp') { $null = New-Item -ItemType Directory -Path (Join-Path $script:Root $folder) }
        foreach ($file in 'alice/local/Temp/a.tmp', 'bob/local/Temp/b.tmp') { Set-Content -LiteralPath (Join-Path $script:Root $file) -Value 'x' -NoNewline }
        $script:ClmScript = Join-Path $script:Root 'run.ps1'
        Set-Content -LiteralPath $script:ClmScript -Encoding ascii -Value @'
param([string] $Template, [string] $Root)
$ErrorActionPreference = 'Stop'
$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'
. (Join-Path $Template 'seam.ps1')
. (Join-Path $Template 'probe.ps1')
. (Join-Path $Template 'fix.ps1')
function Get-RemcPathCleanupProfile {
    @{ PSChildName = 'S-1-5-18'; ProfileImagePath = 'C:\Windows\system32\config\systemprofile'; State = 0 }
    @{ PSChildName = 'S-1-5-21-1-2-3-1001'; ProfileImagePath = (Join-Path $Root 'alice'); State = 0 }
    @{ PSChildName = 'S-1-12-1-1-2-3-4'; ProfileImagePath = (Join-Path $Root 'bob') }
}
function Get-RemcPathCleanupShellFolder { param([string] $Sid) if ($Sid -eq 'S-1-12-1-1-2-3-4') { @{ 'Local AppData' = (Join-Path $Root 'bob/local') } } }
# Hashtables stand in for Get-ItemProperty's objects (the mode allows no [pscustomobject]). Roots are
# checked against Windows rules (drive or share paths); this host's temp folder is no Windows path.
function Get-RemcPathCleanupRootProblem { '' }
function Test-RemcPathCleanupAbsolute { $true }
$config = @{ Paths = @('%LOCALAPPDATA%'); Include = @('*.tmp'); Exclude = @(); OlderThanDays = 0; StopProcesses = @(); StopServices = @(); StopTimeoutSeconds = 5; ForEachUser = $true; ReportOnly = $false; MaxItems = 1000
    KnownFolders = @(@{ Name = 'LocalAppData'; Value = 'Local AppData'; Fallback = 'local' }) }
$context = @{ Now = (Get-Date).ToUniversalTime() }
$out = @{ Mode = [string]$ExecutionContext.SessionState.LanguageMode }
try {
    $out.Probe = (Test-RemcPathCleanup -Config $config -Context $context).Summary
    $out.Fix = (Repair-RemcPathCleanup -Config $config -Context $context -Probe @{}).Summary
}
catch { $out.Error = $_.Exception.Message }
$out | ConvertTo-Json -Compress
'@
        $shell = (Get-Process -Id $PID).Path
        $prefix = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($shell) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        $ErrorActionPreference = 'Continue'
        $lines = @(& $shell @prefix -NoProfile -NonInteractive -File $script:ClmScript -Template $PSScriptRoot -Root $script:Root 2>&1)
        $script:ClmOutput = ($lines | ForEach-Object { [string]$_ }) -join "`n"
        $script:ClmResult = $null
        try { $script:ClmResult = $lines[-1] | ConvertFrom-Json } catch { $script:ClmResult = $null }
    }
    AfterAll { Remove-Item -LiteralPath $script:Root -Recurse -Force -ErrorAction SilentlyContinue }

    It 'finds and removes each user''s files, in Constrained Language Mode' {
        $script:ClmResult.Mode | Should -Be 'ConstrainedLanguage' -Because $script:ClmOutput
        $script:ClmResult.Probe | Should -Be '2 files (2 bytes) to remove for 2 users' -Because $script:ClmOutput
        $script:ClmResult.Fix | Should -Be 'removed 2 files (2 bytes) for 2 users' -Because $script:ClmOutput
        Test-Path -LiteralPath (Join-Path $script:Root 'bob/local/Temp') | Should -BeTrue
    }
}
