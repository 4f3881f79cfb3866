# Pester 5 tests of the path-cleanup probe, fix and seam rules against the fakes (fakes.ps1); the real
# seams are exercised on the test host's own file system where the cmdlets behave the same on every OS,
# and the real seams, probe and fix once more in Constrained Language Mode (the last Describe).

BeforeAll {
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    # The defaults the compiler emits for this template (index.ts); Paths has no default (it is
    # required unless a preset gives it), so the tests name the new Teams cache.
    function New-TestConfig {
        # The compiler's defaults (from the spec, through New-RemcTestConfig), with the new Teams cache folder as the path.
        param([hashtable] $Override = @{})
        $values = @{ Paths = @('%LOCALAPPDATA%\Packages\MSTeams_8wekyb3d8bbwe\LocalCache\Microsoft\MSTeams') }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'path-cleanup' -Override $values
    }

    # What preset: 'new-teams-cache' emits.
    function New-TeamsConfig {
        param([hashtable] $Override = @{})
        $config = New-TestConfig -Override @{ Exclude = @('Backgrounds\Uploads'); StopProcesses = @('ms-teams') }
        foreach ($key in $Override.Keys) { $config[$key] = $Override[$key] }
        return $config
    }

    $script:Now = [datetime]::SpecifyKind([datetime]'2026-11-25T12:00:00', [System.DateTimeKind]::Utc)
    $script:Teams = 'C:\Users\alice\AppData\Local\Packages\MSTeams_8wekyb3d8bbwe\LocalCache\Microsoft\MSTeams'

    function New-TestContext {
        param([string] $Mode = 'remediate')
        New-RemcTestContext -RemediationId 'teams-cache' -Mode $Mode -Now $script:Now
    }

    function Reset-Test {
        param($Item = @(New-RemcFakePathCleanupTeamsCache), $Process = @(New-RemcFakePathCleanupProcess), [switch] $System, [hashtable] $Environment = @{})
        $global:RemcFakeState = @{ Now = $script:Now }
        Reset-RemcFakePathCleanup -Item $Item -Process $Process -System:$System -Environment $Environment
    }

    function Get-ItemName {
        @($global:RemcFakeState.PathCleanupItems | ForEach-Object { [string]$_.FullName })
    }

    function Get-Call {
        param([string] $Prefix)
        @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -like ($Prefix + '*') })
    }

    # The 10 files and 8 folders of the fake cache that are not the user's uploaded backgrounds.
    function Get-TeamsRemovable {
        @(Get-ItemName | Where-Object { $_ -ne $script:Teams -and $_ -notlike ($script:Teams + '\Backgrounds*') })
    }

    function Invoke-Probe {
        param($Config = (New-TeamsConfig))
        Test-RemcPathCleanup -Config $Config -Context (New-TestContext -Mode 'detect')
    }

    function Invoke-Fix {
        param($Config = (New-TeamsConfig))
        Repair-RemcPathCleanup -Config $Config -Context (New-TestContext) -Probe @{}
    }
}

Describe 'path-cleanup emitted files' {
    It '<File> never deletes recursively, by wildcard or through a link' -ForEach @(
        @{ File = 'probe.ps1' }, @{ File = 'fix.ps1' }, @{ File = 'seam.ps1' }
    ) {
        # Get-ChildItem and Remove-Item are how a script lists and deletes in Constrained Language Mode
        # (AppLocker, WDAC): no method of FileInfo, DirectoryInfo or [System.IO.File] is allowed there.
        # What must never be written is what is dangerous: -Recurse (a recursive Remove-Item follows
        # junctions on some Windows PowerShell 5.1 builds), a wildcard path (-Path expands * ? [ ]),
        # any .Delete() method, and Remove-Item outside the two removal seams, which look first (a file
        # is a file; a folder is empty and no link) and pass Remove-Item exactly one item.
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $File), [ref] $tokens, [ref] $errors)
        $code = @($tokens | Where-Object { $_.Kind -ne 'Comment' } | ForEach-Object { $_.Text }) -join ' '
        $code | Should -Not -Match '-Rec|\.Delete\s*\(|DeleteFolder|\brd\b|\brmdir\b'
        $commands = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true))
        foreach ($command in $commands) {
            $name = [string]$command.GetCommandName()
            if (@('Remove-Item', 'Get-ChildItem', 'Get-Item', 'Set-ItemProperty', 'ri', 'rm', 'del', 'rd', 'rmdir', 'erase', 'gci', 'ls', 'dir') -notcontains $name) { continue }
            @('Remove-Item', 'Get-ChildItem', 'Get-Item', 'Set-ItemProperty') | Should -Contain $name -Because "$File calls $name by its full name, not an alias"
            $parameters = @($command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName })
            $parameters | Should -Contain 'LiteralPath' -Because "$File`: $($command.Extent.Text)"
            $parameters | Should -Not -Contain 'Path' -Because "$File`: $($command.Extent.Text)"
            if ($name -eq 'Remove-Item') {
                $File | Should -Be 'seam.ps1'
                $function = $command.Parent
                while ($function -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) { $function = $function.Parent }
                @('Remove-RemcPathCleanupFile', 'Remove-RemcPathCleanupDirectory') | Should -Contain $function.Name
            }
        }
    }

    It 'the probe calls no seam that changes the machine' {
        $tokens = $null
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'probe.ps1'), [ref] $tokens, [ref] $errors)
        $code = @($tokens | Where-Object { $_.Kind -ne 'Comment' } | ForEach-Object { $_.Text }) -join ' '
        $code | Should -Not -Match 'Remove-RemcPathCleanup|Set-RemcPathCleanup|Stop-RemcPathCleanup|Wait-RemcPathCleanup'
    }
}

Describe 'Test-RemcPathCleanup' {
    BeforeEach { Reset-Test }

    It 'returns exactly one hashtable with only protocol keys' {
        $result = @(Invoke-Probe)
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
        @($result[0].Keys | Where-Object { @('InDesiredState', 'Summary', 'Facts') -notcontains $_ }) | Should -BeNullOrEmpty
    }

    It 'finds the new Teams cache to clean, keeping the uploaded backgrounds' {
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '10 files and 8 folders (2.5 MB) to remove'
        $result.Facts.Count | Should -Be 18
        $result.Facts.Bytes | Should -Be 2569865
        $result.Facts.Protected | Should -Be 1
        $result.Facts.Paths | Should -Be @($script:Teams)
        @($result.Facts.Sample).Count | Should -Be 5
        @($result.Facts.Sample | Where-Object { $_ -like '*Backgrounds*' }) | Should -BeNullOrEmpty
    }

    It 'never changes the machine (lists only)' {
        $before = @(Get-ItemName)
        $null = Invoke-Probe
        @(Get-ItemName) | Should -Be $before
        $global:RemcFakeState.PathCleanupDeleted.Count | Should -Be 0
        $global:RemcFakeState.PathCleanupStopped.Count | Should -Be 0
        @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -notlike 'list:*' }) | Should -BeNullOrEmpty
    }

    It 'never lists an excluded folder' {
        $null = Invoke-Probe
        Get-Call 'list:' | Should -Not -Contain ('list:' + $script:Teams + '\Backgrounds\Uploads')
    }

    It 'is in desired state when the path does not exist' {
        Reset-Test -Item @()
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'nothing to clean: 1 path not found'
        $result.Facts.Missing | Should -Be @($script:Teams)
    }

    It 'is in desired state when only protected items are left' {
        Reset-Test -Item @(New-RemcFakePathCleanupTeamsCache | Where-Object { $_.FullName -eq $script:Teams -or $_.FullName -like ($script:Teams + '\Backgrounds*') })
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'nothing to clean'
    }

    It 'keeps the declared folder itself: an empty one is in desired state' {
        Reset-Test -Item @(New-RemcFakePathCleanupFolder -Path $script:Teams)
        (Invoke-Probe).Summary | Should -Be 'nothing to clean'
    }

    It 'matches a pattern without a backslash against names at any depth' {
        $result = Invoke-Probe -Config (New-TeamsConfig -Override @{ Include = @('*.log', 'index') })
        $result.Summary | Should -Be '5 files (2.0 MB) to remove'
    }

    It 'matches a pattern with a backslash against the path relative to the declared folder' {
        $result = Invoke-Probe -Config (New-TeamsConfig -Override @{ Include = @('EBWebView\Default\Cache') })
        # Cache\Cache_Data with its 4 files, Cache_Data and Cache itself.
        $result.Summary | Should -Be '4 files and 2 folders (579.3 KB) to remove'
    }

    It 'keeps what an exclude protects, its whole subtree and its parent folders' {
        $config = New-TestConfig -Override @{ Exclude = @('EBWebView\Default\Code Cache\js\*') }
        $result = Invoke-Probe -Config $config
        # All 12 files but the 2 in js; folders: all 10 but EBWebView, Default, Code Cache, js.
        $result.Summary | Should -Be '10 files and 6 folders (4.4 MB) to remove'
        $result.Facts.Protected | Should -Be 2
    }

    It 'without an exclude removes the backgrounds too' {
        (Invoke-Probe -Config (New-TestConfig)).Summary | Should -Be '12 files and 10 folders (4.5 MB) to remove'
    }

    It 'removes only files last written before olderThanDays, and keeps their folders otherwise' {
        $items = @(
            New-RemcFakePathCleanupFolder -Path 'C:\Users\alice\AppData\Local\Temp' -AgeDays 400
            New-RemcFakePathCleanupFolder -Path 'C:\Users\alice\AppData\Local\Temp\old' -AgeDays 20
            New-RemcFakePathCleanupFile -Path 'C:\Users\alice\AppData\Local\Temp\old\a.tmp' -AgeDays 20
            New-RemcFakePathCleanupFolder -Path 'C:\Users\alice\AppData\Local\Temp\mixed' -AgeDays 1
            New-RemcFakePathCleanupFile -Path 'C:\Users\alice\AppData\Local\Temp\mixed\b.tmp' -AgeDays 30
            New-RemcFakePathCleanupFile -Path 'C:\Users\alice\AppData\Local\Temp\mixed\c.tmp' -AgeDays 2
            New-RemcFakePathCleanupFile -Path 'C:\Users\alice\AppData\Local\Temp\d.tmp' -AgeDays 6.9
            New-RemcFakePathCleanupFile -Path 'C:\Users\alice\AppData\Local\Temp\e.tmp' -AgeDays 7.1
        )
        Reset-Test -Item $items
        $result = Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @('%TEMP%'); OlderThanDays = 7 })
        # a.tmp, b.tmp, e.tmp and the folder old; mixed keeps c.tmp (2 days), d.tmp is 6.9 days old.
        $result.Summary | Should -Be '3 files and 1 folder (12.0 KB) to remove'
        $result.Facts.Kept | Should -Be 2
    }

    It 'never enters nor counts a junction, and keeps its parent folders' {
        $items = @(New-RemcFakePathCleanupTeamsCache) + @(
            New-RemcFakePathCleanupFolder -Path 'C:\Users\alice\Documents'
            New-RemcFakePathCleanupFile -Path 'C:\Users\alice\Documents\thesis.docx'
            New-RemcFakePathCleanupLink -Path ($script:Teams + '\Logs\docs') -Target 'C:\Users\alice\Documents'
        )
        Reset-Test -Item $items
        $result = Invoke-Probe
        Get-Call 'list:' | Should -Not -Contain ('list:' + $script:Teams + '\Logs\docs')
        $result.Facts.Skipped | Should -Be 1
        # The 2 log files still go; Logs stays (it holds the link).
        $result.Summary | Should -Be '10 files and 7 folders (2.5 MB) to remove'
    }

    It 'never cleans through a declared folder that is itself a link' {
        Reset-Test -Item @(
            New-RemcFakePathCleanupFolder -Path 'D:\Cache'
            New-RemcFakePathCleanupFile -Path 'D:\Cache\a.bin'
            New-RemcFakePathCleanupLink -Path 'C:\ProgramData\Vendor\Cache' -Target 'D:\Cache'
        )
        $result = Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @('%ProgramData%\Vendor\Cache') })
        $result.InDesiredState | Should -BeTrue
        $result.Facts.LinkedRoots | Should -Be @('C:\ProgramData\Vendor\Cache')
        Get-Call 'list:' | Should -BeNullOrEmpty
    }

    It 'never counts a cloud placeholder (online-only OneDrive file)' {
        Reset-Test -Item @(
            New-RemcFakePathCleanupFolder -Path 'C:\Users\alice\OneDrive - Contoso\Cache'
            New-RemcFakePathCleanupPlaceholder -Path 'C:\Users\alice\OneDrive - Contoso\Cache\report.pdf'
            New-RemcFakePathCleanupFile -Path 'C:\Users\alice\OneDrive - Contoso\Cache\local.tmp'
        )
        $result = Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @('%OneDrive%\Cache') })
        $result.Summary | Should -Be '1 file (4.0 KB) to remove'
        $result.Facts.Skipped | Should -Be 1
    }

    It 'reports an unreadable folder inside, keeping it and its parents' {
        Reset-Test -Item (@(New-RemcFakePathCleanupTeamsCache | Where-Object { $_.FullName -ne ($script:Teams + '\Logs') }) + @(New-RemcFakePathCleanupFolder -Path ($script:Teams + '\Logs') -Denied))
        $result = Invoke-Probe
        $result.Summary | Should -Be '8 files and 7 folders (973.6 KB) to remove; 1 folder unreadable'
        $result.Facts.FirstUnreadable | Should -Be ("Access to the path '{0}\Logs' is denied." -f $script:Teams)
    }

    It 'throws when the declared folder itself cannot be read' {
        Reset-Test -Item @(New-RemcFakePathCleanupFolder -Path $script:Teams -Denied)
        { Invoke-Probe } | Should -Throw -ExpectedMessage ("cannot read {0}: Access to the path '{0}' is denied." -f $script:Teams)
    }

    It 'refuses a dangerous root on the device: <Path>' -ForEach @(
        @{ Path = '%USERPROFILE%'; Message = 'refused to clean %USERPROFILE%: "C:\Users\alice" is a user profile folder' }
        @{ Path = '%LOCALAPPDATA%'; Message = 'refused to clean %LOCALAPPDATA%: "C:\Users\alice\AppData\Local" is a user profile folder' }
        @{ Path = '%LOCALAPPDATA%\Packages'; Message = 'refused to clean %LOCALAPPDATA%\Packages: "C:\Users\alice\AppData\Local\Packages" is a protected folder' }
        @{ Path = '%SystemDrive%\'; Message = 'refused to clean %SystemDrive%\: "C:\" is a drive or share root' }
        @{ Path = 'C:\Users\alice\AppData'; Message = 'refused to clean C:\Users\alice\AppData: "C:\Users\alice\AppData" is a user profile folder' }
        @{ Path = 'C:\Program Files\..'; Message = 'refused to clean C:\Program Files\..: "C:\Program Files\.." holds a . or .. segment' }
        @{ Path = '%ProgramFiles%'; Message = 'refused to clean %ProgramFiles%: "C:\Program Files" is a protected folder' }
        @{ Path = 'C:\Windows\System32\'; Message = 'refused to clean C:\Windows\System32\: "C:\Windows\System32\" is a protected folder' }
        @{ Path = '%VENDORCACHE%\Cache'; Message = 'refused to clean %VENDORCACHE%\Cache: environment variable VENDORCACHE is not set' }
        @{ Path = 'Cache\Teams'; Message = 'refused to clean Cache\Teams: "Cache\Teams" is not an absolute path' }
        @{ Path = '\\?\C:\Temp'; Message = 'refused to clean \\?\C:\Temp: "\\?\C:\Temp" is not an absolute path' }
        @{ Path = '\\fs01\profiles$'; Message = 'refused to clean \\fs01\profiles$: "\\fs01\profiles$" is a drive or share root' }
        @{ Path = 'C:\Windows\Temp\*'; Message = 'refused to clean C:\Windows\Temp\*: "C:\Windows\Temp\*" holds a wildcard' }
    ) {
        { Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @($Path) }) } | Should -Throw -ExpectedMessage $Message
        Get-Call 'list:' | Should -BeNullOrEmpty
    }

    It 'refuses under SYSTEM a folder that contains SYSTEM''s profile' {
        Reset-Test -System
        { Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @('C:\Windows\system32\config') }) } |
            Should -Throw -ExpectedMessage 'refused to clean C:\Windows\system32\config: "C:\Windows\system32\config" contains the protected folder c:\windows\system32\config\systemprofile'
    }

    It 'expands %LOCALAPPDATA% under SYSTEM to SYSTEM''s own profile' {
        Reset-Test -System
        $result = Invoke-Probe
        $result.Facts.Paths | Should -Be @('C:\Windows\system32\config\systemprofile\AppData\Local\Packages\MSTeams_8wekyb3d8bbwe\LocalCache\Microsoft\MSTeams')
        $result.Summary | Should -Be 'nothing to clean: 1 path not found'
    }

    It 'allows ordinary cleanup folders: <Path>' -ForEach @(
        @{ Path = '%TEMP%' }, @{ Path = '%SystemRoot%\Temp' }, @{ Path = '%ProgramData%\Vendor\Logs' }, @{ Path = '\\fs01\share\cache' }, @{ Path = 'D:\Build\obj\' }
    ) {
        (Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @($Path) })).InDesiredState | Should -BeTrue
    }

    It 'refuses a path without any declared paths' {
        { Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @() }) } | Should -Throw -ExpectedMessage 'no paths to clean (declare paths or a preset)'
    }

    It 'lists a path declared twice or inside another declared path once' {
        $config = New-TeamsConfig -Override @{ Paths = @('%LOCALAPPDATA%\Packages\MSTeams_8wekyb3d8bbwe\LocalCache\Microsoft\MSTeams', ($script:Teams + '\Logs'), ($script:Teams.ToUpperInvariant() + '\')) }
        $result = Invoke-Probe -Config $config
        $result.Facts.Paths | Should -Be @($script:Teams)
        $result.Facts.Count | Should -Be 18
        @(Get-Call ('list:' + $script:Teams + '\Logs')).Count | Should -Be 1
    }

    It 'takes a declared file as the one candidate' {
        Reset-Test -Item @(New-RemcFakePathCleanupFile -Path 'C:\ProgramData\Vendor\crash.dmp' -Length 5242880)
        $result = Invoke-Probe -Config (New-TestConfig -Override @{ Paths = @('C:\ProgramData\Vendor\crash.dmp') })
        $result.Summary | Should -Be '1 file (5.0 MB) to remove'
    }

    It 'stops enumerating at maxItems and says so' {
        $result = Invoke-Probe -Config (New-TeamsConfig -Override @{ MaxItems = 5 })
        $result.Facts.Truncated | Should -BeTrue
        $result.Summary | Should -Match 'to remove, item limit 5 reached$'
        # Folders whose listing was cut off or never read are never removed.
        @($result.Facts.Sample).Count | Should -BeLessOrEqual 5
        @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -like 'list:*' }).Count | Should -BeLessThan 10
    }
}

Describe 'Repair-RemcPathCleanup' {
    BeforeEach { Reset-Test }

    It 'removes exactly what the probe found, deepest first, and stops Teams before' {
        $expected = @(Get-TeamsRemovable)
        $result = @(Invoke-Fix)
        $result.Count | Should -Be 1
        $result[0].Summary | Should -Be 'removed 10 files and 8 folders (2.5 MB), stopped 1 process'
        $result[0].Changed | Should -Be 18
        @($global:RemcFakeState.PathCleanupDeleted | Sort-Object) | Should -Be @($expected | Sort-Object)
        @(Get-ItemName | Sort-Object) | Should -Be @(@($script:Teams, ($script:Teams + '\Backgrounds'), ($script:Teams + '\Backgrounds\Uploads'), ($script:Teams + '\Backgrounds\Uploads\3b6c2a2e-7f3c-4a7e-9f11-2d6c1b0e9a41.png'), ($script:Teams + '\Backgrounds\Uploads\3b6c2a2e-7f3c-4a7e-9f11-2d6c1b0e9a41_thumb.png')) | Sort-Object)
        $changes = @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -notlike 'list:*' })
        $changes[0] | Should -Be 'processes'
        $changes[1] | Should -Be 'stop:ms-teams (4242)'
        $changes[2] | Should -Be 'wait:15'
        @($changes | Select-Object -Skip 3 | Where-Object { $_ -notlike 'delete-*' }) | Should -BeNullOrEmpty
    }

    It 'plans again after the stop: what Teams wrote as it exited goes too' {
        Reset-Test -Process @(New-RemcFakePathCleanupProcess -WritesOnStop @(($script:Teams + '\Logs\MSTeams_exit.log'), ($script:Teams + '\EBWebView\Default\GPUCache\data_1')))
        $result = Invoke-Fix
        $result.Summary | Should -Be 'removed 12 files and 8 folders (2.5 MB), stopped 1 process'
        (Invoke-Probe).InDesiredState | Should -BeTrue
    }

    It 'leaves the probe in desired state afterwards' {
        $null = Invoke-Fix
        $after = Invoke-Probe
        $after.InDesiredState | Should -BeTrue
        $after.Summary | Should -Be 'nothing to clean'
    }

    It 'stops only the processes of the user''s own session' {
        Reset-Test -Process @((New-RemcFakePathCleanupProcess -Id 10 -SessionId 1), (New-RemcFakePathCleanupProcess -Id 20 -SessionId 2), (New-RemcFakePathCleanupProcess -Name 'ms-teamsupdate' -Id 30))
        $null = Invoke-Fix
        @($global:RemcFakeState.PathCleanupStopped) | Should -Be @('ms-teams (10)')
    }

    It 'stops the processes of every session as SYSTEM' {
        $items = @(New-RemcFakePathCleanupFolder -Path 'C:\ProgramData\Vendor\Cache') + @(New-RemcFakePathCleanupFile -Path 'C:\ProgramData\Vendor\Cache\a.bin')
        Reset-Test -System -Item $items -Process @((New-RemcFakePathCleanupProcess -Name 'vendor' -Id 10 -SessionId 1), (New-RemcFakePathCleanupProcess -Name 'vendor' -Id 20 -SessionId 2))
        $result = Invoke-Fix -Config (New-TestConfig -Override @{ Paths = @('%ProgramData%\Vendor\Cache'); StopProcesses = @('vendor') })
        $result.Summary | Should -Be 'removed 1 file (4.0 KB), stopped 2 processes'
    }

    It 'stops nothing when there is nothing to clean' {
        Reset-Test -Item @(New-RemcFakePathCleanupFolder -Path $script:Teams)
        $result = Invoke-Fix
        $result.Summary | Should -Be 'nothing to clean'
        $result.Changed | Should -Be 0
        @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -notlike 'list:*' }) | Should -BeNullOrEmpty
    }

    It 'omits the processes from the summary when none runs' {
        Reset-Test -Process @()
        (Invoke-Fix).Summary | Should -Be 'removed 10 files and 8 folders (2.5 MB)'
    }

    It 'removes nothing and stops nothing in report-only mode' {
        $result = Invoke-Fix -Config (New-TeamsConfig -Override @{ ReportOnly = $true })
        $result.Summary | Should -Be 'report-only: would remove 10 files and 8 folders (2.5 MB)'
        $result.Changed | Should -Be 0
        $result.ReportOnly | Should -BeTrue
        @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -notlike 'list:*' }) | Should -BeNullOrEmpty
    }

    It 'says report-only with nothing to clean too' {
        Reset-Test -Item @()
        $result = Invoke-Fix -Config (New-TeamsConfig -Override @{ ReportOnly = $true })
        $result.Summary | Should -Be 'report-only: nothing to clean'
        $result.ReportOnly | Should -BeTrue
    }

    It 'goes on past a locked file, keeps its folders, then throws naming the count and the first error' {
        $locked = $script:Teams + '\EBWebView\Default\Cache\Cache_Data\data_1'
        Reset-Test -Item @(New-RemcFakePathCleanupTeamsCache | ForEach-Object { if ($_.FullName -eq $locked) { $_.Locked = $true }; $_ })
        { Invoke-Fix } | Should -Throw -ExpectedMessage ("failed to remove 1 of 18 items (removed 13); first error: EBWebView\Default\Cache\Cache_Data\data_1: The process cannot access the file '{0}' because it is being used by another process." -f $locked)
        # Its 4 parent folders were never tried; everything else is gone.
        Get-Call 'delete-dir:' | Should -Not -Contain ('delete-dir:' + $script:Teams + '\EBWebView')
        @(Get-ItemName | Where-Object { $_ -like ($script:Teams + '\EBWebView*') }).Count | Should -Be 5
        $global:RemcFakeState.PathCleanupDeleted.Count | Should -Be 13
        Get-ItemName | Should -Not -Contain ($script:Teams + '\Logs')
    }

    It 'removes nothing when a stopped process does not exit within stopTimeoutSeconds' {
        Reset-Test -Process @(New-RemcFakePathCleanupProcess -Survives)
        { Invoke-Fix -Config (New-TeamsConfig -Override @{ StopTimeoutSeconds = 20 }) } | Should -Throw -ExpectedMessage 'ms-teams (4242) still running 20 s after the stop, removed nothing'
        Get-Call 'wait:' | Should -Be @('wait:20')
        Get-Call 'delete-' | Should -BeNullOrEmpty
    }

    It 'says why when a process cannot be stopped' {
        Reset-Test -Process @(New-RemcFakePathCleanupProcess -Denied)
        { Invoke-Fix } | Should -Throw -ExpectedMessage 'ms-teams (4242) still running 15 s after the stop, removed nothing; Cannot stop process "ms-teams (4242)" because of the following error: Access is denied'
        $global:RemcFakeState.PathCleanupDeleted.Count | Should -Be 0
    }

    It 'refuses a wildcard or .exe process name at run time too' {
        { Invoke-Fix -Config (New-TeamsConfig -Override @{ StopProcesses = @('ms-*') }) } | Should -Throw -ExpectedMessage 'stopProcesses: "ms-*" is not an exact process name (no wildcards, paths or .exe)'
        Get-Call 'stop:' | Should -BeNullOrEmpty
        $global:RemcFakeState.PathCleanupDeleted.Count | Should -Be 0
    }

    It 'clears ReadOnly before removing a file, as Remove-Item -Force does' {
        $readOnly = $script:Teams + '\Logs\MSTeams_2026-11-24_09-12-01.00.log'
        Reset-Test -Item @(New-RemcFakePathCleanupTeamsCache | ForEach-Object { if ($_.FullName -eq $readOnly) { $_.Attributes = 0x21 }; $_ })
        (Invoke-Fix).Changed | Should -Be 18
        Get-Call 'attributes:' | Should -Be @('attributes:' + $readOnly)
    }

    It 'never removes anything behind a junction, nor the junction' {
        $items = @(New-RemcFakePathCleanupTeamsCache) + @(
            New-RemcFakePathCleanupFolder -Path 'C:\Users\alice\Documents'
            New-RemcFakePathCleanupFile -Path 'C:\Users\alice\Documents\thesis.docx'
            New-RemcFakePathCleanupLink -Path ($script:Teams + '\EBWebView\Default\docs') -Target 'C:\Users\alice\Documents'
            New-RemcFakePathCleanupLink -Path ($script:Teams + '\Logs\latest.log') -Target 'C:\Users\alice\Documents\thesis.docx' -File
        )
        Reset-Test -Item $items
        $result = Invoke-Fix
        # EBWebView and Default hold the junction, Logs the file link: they stay.
        $result.Summary | Should -Be 'removed 10 files and 5 folders (2.5 MB), stopped 1 process'
        Get-ItemName | Should -Contain 'C:\Users\alice\Documents\thesis.docx'
        Get-ItemName | Should -Contain ($script:Teams + '\EBWebView\Default\docs')
        Get-ItemName | Should -Contain ($script:Teams + '\Logs\latest.log')
        @($global:RemcFakeState.PathCleanupDeleted | Where-Object { $_ -notlike ($script:Teams + '\*') }) | Should -BeNullOrEmpty
    }

    It 're-plans instead of trusting the probe' {
        $probe = Invoke-Probe
        $null = $global:RemcFakeState.PathCleanupItems.Add((New-RemcFakePathCleanupFile -Path ($script:Teams + '\Logs\new.log')))
        $result = Repair-RemcPathCleanup -Config (New-TeamsConfig) -Context (New-TestContext) -Probe $probe
        $result.Changed | Should -Be 19
    }

    It 'treats an item that vanished before its turn as done' {
        $plan = @{ Remove = @(@{ Path = 'C:\Temp\gone'; Relative = 'gone'; IsDirectory = $true; Attributes = 0x10; Length = 0; Index = 1; Parent = 0 }) }
        $outcome = Remove-RemcPathCleanupSelection -Plan $plan
        $outcome.Failed | Should -Be 0
        $outcome.Folders | Should -Be 0
    }

    It 'reports a folder that is not empty after all (a file appeared) as a failure' {
        $plan = Get-RemcPathCleanupPlan -Config (New-TeamsConfig) -Now $script:Now
        $null = $global:RemcFakeState.PathCleanupItems.Add((New-RemcFakePathCleanupFile -Path ($script:Teams + '\Logs\late.log')))
        $outcome = Remove-RemcPathCleanupSelection -Plan $plan
        $outcome.Failed | Should -Be 1
        $outcome.FirstError | Should -Be ("Logs: The directory is not empty: '{0}\Logs'" -f $script:Teams)
    }

    It 'removes at most maxItems per run and leaves the rest for the next' {
        $first = Invoke-Fix -Config (New-TeamsConfig -Override @{ MaxItems = 8 })
        $first.Summary | Should -Match '; item limit 8 reached, the rest next run$'
        $first.Changed | Should -BeGreaterThan 0
        (Invoke-Probe).InDesiredState | Should -BeFalse
        $runs = 1
        while (-not (Invoke-Probe -Config (New-TeamsConfig -Override @{ MaxItems = 8 })).InDesiredState -and $runs -lt 10) {
            $null = Invoke-Fix -Config (New-TeamsConfig -Override @{ MaxItems = 8 })
            $runs++
        }
        $runs | Should -Be 5
        (Invoke-Probe).InDesiredState | Should -BeTrue
        Get-ItemName | Should -Contain ($script:Teams + '\Backgrounds\Uploads\3b6c2a2e-7f3c-4a7e-9f11-2d6c1b0e9a41.png')
    }
}

Describe 'path-cleanup pure helpers' {
    It 'matches patterns: <Pattern> on <Relative>' -ForEach @(
        @{ Pattern = '*.log'; Relative = 'Logs\a.LOG'; Expected = $true }
        @{ Pattern = 'Logs'; Relative = 'x\Logs'; Expected = $true }
        @{ Pattern = 'Logs\*'; Relative = 'x\Logs\a.log'; Expected = $false }
        @{ Pattern = 'backgrounds\uploads'; Relative = 'Backgrounds\Uploads'; Expected = $true }
        @{ Pattern = 'Backgrounds\Uploads\*'; Relative = 'Backgrounds\Uploads\a\b.png'; Expected = $true }
        @{ Pattern = 'Backgrounds\Uploads\*'; Relative = 'Backgrounds\Uploads'; Expected = $false }
    ) {
        $name = $Relative.Substring($Relative.LastIndexOf('\') + 1)
        Test-RemcPathCleanupPattern -Name $name -Relative $Relative -Pattern @($Pattern) | Should -Be $Expected
    }

    It 'never touches links and cloud placeholders (attributes 0x<Hex>)' -ForEach @(
        @{ Hex = '410'; Expected = $true }, @{ Hex = '420'; Expected = $true }, @{ Hex = '1020'; Expected = $true }
        @{ Hex = '400020'; Expected = $true }, @{ Hex = '40020'; Expected = $true }, @{ Hex = '20'; Expected = $false }, @{ Hex = '10'; Expected = $false }, @{ Hex = '27'; Expected = $false }
    ) {
        Test-RemcPathCleanupUntouchable -Attributes ([Convert]::ToInt32($Hex, 16)) | Should -Be $Expected
    }

    It 'formats sizes in the invariant culture' {
        $culture = [System.Threading.Thread]::CurrentThread.CurrentCulture
        try {
            [System.Threading.Thread]::CurrentThread.CurrentCulture = [System.Globalization.CultureInfo]::GetCultureInfo('de-DE')
            Format-RemcPathCleanupSize -Bytes 1572864 | Should -Be '1.5 MB'
        }
        finally { [System.Threading.Thread]::CurrentThread.CurrentCulture = $culture }
        Format-RemcPathCleanupSize -Bytes 512 | Should -Be '512 bytes'
        Format-RemcPathCleanupSize -Bytes 3221225472 | Should -Be '3.00 GB'
    }

    It 'tells absolute paths' {
        Test-RemcPathCleanupAbsolute -Path 'C:\x' | Should -BeTrue
        Test-RemcPathCleanupAbsolute -Path '\\srv\share\x' | Should -BeTrue
        Test-RemcPathCleanupAbsolute -Path 'C:x' | Should -BeFalse
        Test-RemcPathCleanupAbsolute -Path '\x' | Should -BeFalse
        Test-RemcPathCleanupAbsolute -Path '\\.\C:\x' | Should -BeFalse
    }
}

Describe 'path-cleanup seams on a real file system' {
    BeforeAll {
        $script:Real = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-pathcleanup-' + [guid]::NewGuid().ToString('n'))
        $null = [System.IO.Directory]::CreateDirectory((Join-Path $script:Real 'sub'))
        [System.IO.File]::WriteAllText((Join-Path $script:Real 'a.txt'), 'hello')
        [System.IO.File]::WriteAllText((Join-Path $script:Real 'sub/b.txt'), 'world')
        # The real seam functions, past the fakes' aliases.
        function Invoke-RealSeam {
            param([string] $Name, [hashtable] $Arguments = @{})
            $command = Get-Command -Name $Name -CommandType Function
            & $command @Arguments
        }
    }
    AfterAll {
        if ($script:Real -and [System.IO.Directory]::Exists($script:Real)) { [System.IO.Directory]::Delete($script:Real, $true) }
    }

    It 'unwraps the exception of a .NET call' {
        try { [System.IO.Directory]::Delete((Join-Path $script:Real 'missing-folder'), $false) } catch { $record = $_ }
        $record.Exception | Should -BeOfType [System.Management.Automation.MethodInvocationException]
        Get-RemcPathCleanupException -ErrorRecord $record | Should -BeOfType [System.IO.DirectoryNotFoundException]
    }

    It 'lists the direct children as FileInfo / DirectoryInfo, at most Limit' {
        $all = @(Invoke-RealSeam Get-RemcPathCleanupChildItem @{ Path = $script:Real; Limit = 10 })
        @($all | ForEach-Object { $_.GetType().Name } | Sort-Object) | Should -Be @('DirectoryInfo', 'FileInfo')
        @(Invoke-RealSeam Get-RemcPathCleanupChildItem @{ Path = $script:Real; Limit = 1 }).Count | Should -Be 1
    }

    It 'the fakes return the property types of the real FileInfo / DirectoryInfo' {
        $real = @(Invoke-RealSeam Get-RemcPathCleanupChildItem @{ Path = $script:Real; Limit = 10 })
        $global:RemcFakeState = @{ Now = [datetime]::UtcNow }
        Reset-RemcFakePathCleanup -Item @((New-RemcFakePathCleanupFolder -Path 'C:\r'), (New-RemcFakePathCleanupFolder -Path 'C:\r\sub'), (New-RemcFakePathCleanupFile -Path 'C:\r\a.txt'))
        $fake = @(Get-RemcPathCleanupChildItem -Path 'C:\r' -Limit 10)
        foreach ($kind in 'FileInfo', 'DirectoryInfo') {
            $r = $real | Where-Object { $_.GetType().Name -eq $kind }
            $f = $fake | Where-Object { $_.PSObject.TypeNames[0] -eq "System.IO.$kind" }
            # The fake's own properties (the type name also brings PowerShell's extended members, as on the real ones).
            foreach ($property in @($f.PSObject.Properties | Where-Object { $_.MemberType -eq 'NoteProperty' })) {
                $r.PSObject.Properties[$property.Name] | Should -Not -BeNullOrEmpty -Because "$kind has $($property.Name)"
                $property.Value.GetType() | Should -Be $r.PSObject.Properties[$property.Name].Value.GetType() -Because "$kind.$($property.Name)"
            }
            $r.LastWriteTimeUtc.Kind | Should -Be $f.LastWriteTimeUtc.Kind
        }
        $fake | Where-Object { $_.Name -eq 'sub' } | ForEach-Object { $_.PSObject.Properties['Length'] } | Should -BeNullOrEmpty
    }

    It 'returns the item, or nothing when it does not exist' {
        Invoke-RealSeam Get-RemcPathCleanupItem @{ Path = $script:Real } | Should -BeOfType [System.IO.DirectoryInfo]
        Invoke-RealSeam Get-RemcPathCleanupItem @{ Path = (Join-Path $script:Real 'a.txt') } | Should -BeOfType [System.IO.FileInfo]
        Invoke-RealSeam Get-RemcPathCleanupItem @{ Path = (Join-Path $script:Real 'nope') } | Should -BeNullOrEmpty
    }

    It 'removes a folder only when it is empty, and a file only when it is one' {
        { Invoke-RealSeam Remove-RemcPathCleanupDirectory @{ Path = (Join-Path $script:Real 'sub') } } | Should -Throw -ExpectedMessage "The directory is not empty: '*sub'"
        Test-Path -LiteralPath (Join-Path $script:Real 'sub/b.txt') | Should -BeTrue
        { Invoke-RealSeam Remove-RemcPathCleanupFile @{ Path = (Join-Path $script:Real 'sub') } } | Should -Throw -ExpectedMessage '*it is a folder, not a file.'
        Invoke-RealSeam Remove-RemcPathCleanupFile @{ Path = (Join-Path $script:Real 'sub/b.txt') } | Should -BeTrue
        Invoke-RealSeam Remove-RemcPathCleanupDirectory @{ Path = (Join-Path $script:Real 'sub') } | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $script:Real 'sub') | Should -BeFalse
    }

    It 'says $false for what is gone already, as the fakes do' {
        Invoke-RealSeam Remove-RemcPathCleanupFile @{ Path = (Join-Path $script:Real 'never.txt') } | Should -BeFalse
        Invoke-RealSeam Remove-RemcPathCleanupDirectory @{ Path = (Join-Path $script:Real 'never') } | Should -BeFalse
        $global:RemcFakeState = @{}
        Reset-RemcFakePathCleanup
        Remove-RemcPathCleanupFile -Path 'C:\never.txt' | Should -BeFalse
        Remove-RemcPathCleanupDirectory -Path 'C:\never' | Should -BeFalse
    }

    It 'never removes a link to a folder, nor what it points at' {
        $target = Join-Path $script:Real 'target'
        $null = New-Item -ItemType Directory -Path $target
        Set-Content -LiteralPath (Join-Path $target 'keep.txt') -Value 'keep'
        $link = Join-Path $script:Real 'link'
        if ($IsLinux -or $IsMacOS) { $null = New-Item -ItemType SymbolicLink -Path $link -Target $target }
        else { $null = New-Item -ItemType Junction -Path $link -Target $target }
        $item = Invoke-RealSeam Get-RemcPathCleanupItem @{ Path = $link }
        ([int]$item.Attributes -band 0x400) | Should -Be 0x400
        { Invoke-RealSeam Remove-RemcPathCleanupDirectory @{ Path = $link } } | Should -Throw -ExpectedMessage '*is a link now; links are never removed'
        Test-Path -LiteralPath (Join-Path $target 'keep.txt') | Should -BeTrue
        Test-Path -LiteralPath $link | Should -BeTrue
    }

    It 'expands %NAME% as Environment.ExpandEnvironmentVariables does: <Text>' -ForEach @(
        @{ Text = '%REMC_PATHCLEANUP_A%\x' }, @{ Text = '%remc_pathcleanup_b%' }, @{ Text = '%REMC_SURELY_UNDEFINED%\x' }
        @{ Text = '%REMC_SURELY_UNDEFINED%REMC_PATHCLEANUP_A%' }, @{ Text = '%REMC_PATHCLEANUP_A%%REMC_PATHCLEANUP_A%' }
        @{ Text = '100%' }, @{ Text = '%%' }, @{ Text = 'a%b' }, @{ Text = '%REMC_PATHCLEANUP_A%%' }, @{ Text = '' }
    ) {
        $env:REMC_PATHCLEANUP_A = 'C:\Users\alice\AppData\Local'
        $env:REMC_PATHCLEANUP_B = 'b value'
        try {
            # Variable names are case-insensitive on Windows only; the test host's own rule decides.
            Invoke-RealSeam Expand-RemcPathCleanupVariable @{ Text = $Text } | Should -BeExactly ([System.Environment]::ExpandEnvironmentVariables($Text))
        }
        finally {
            $env:REMC_PATHCLEANUP_A = $null
            $env:REMC_PATHCLEANUP_B = $null
        }
    }

    It 'leaves an undefined variable as written' {
        Invoke-RealSeam Expand-RemcPathCleanupVariable @{ Text = '%REMC_SURELY_UNDEFINED%\x' } | Should -Be '%REMC_SURELY_UNDEFINED%\x'
        $global:RemcFakeState = @{}
        Reset-RemcFakePathCleanup
        Expand-RemcPathCleanupVariable -Text '%REMC_SURELY_UNDEFINED%\x' | Should -Be '%REMC_SURELY_UNDEFINED%\x'
        Expand-RemcPathCleanupVariable -Text '%localappdata%\x' | Should -Be 'C:\Users\alice\AppData\Local\x'
    }

    It 'the fake lists a junction as its target, as Windows does (why the probe must never list one)' {
        $global:RemcFakeState = @{}
        Reset-RemcFakePathCleanup -Item @((New-RemcFakePathCleanupFolder -Path 'C:\t'), (New-RemcFakePathCleanupFile -Path 'C:\t\x.txt'), (New-RemcFakePathCleanupLink -Path 'C:\c\j' -Target 'C:\t'))
        @(Get-RemcPathCleanupChildItem -Path 'C:\c\j' -Limit 10 | ForEach-Object { $_.FullName }) | Should -Be @('C:\c\j\x.txt')
        Remove-RemcPathCleanupFile -Path 'C:\c\j\x.txt' | Should -BeTrue
        @($global:RemcFakeState.PathCleanupDeleted) | Should -Be @('C:\t\x.txt')
    }
}

Describe 'path-cleanup in Constrained Language Mode (its real seams, probe and fix on a temp folder)' {
    # AppLocker and WDAC run unsigned scripts in Constrained Language Mode. A child PowerShell (this
    # one's executable) switches to it, then loads seam.ps1, probe.ps1 and fix.ps1 (functions keep the
    # mode they were defined in), and runs them against a real folder: the seams one by one, then a
    # whole probe, fix and probe again. Only Resolve-RemcPathCleanupRoot is replaced, by a function
    # defined in the same mode, so that the test host's own temp folder may be cleaned (its rules take
    # Windows paths only); it still runs once, on a Windows path, to prove that it runs at all.
    BeforeAll {
        $script:Clm = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-pathcleanup-clm-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $script:Clm
        $script:ClmScript = Join-Path $script:Clm 'run.ps1'
        Set-Content -LiteralPath $script:ClmScript -Encoding ascii -Value @'
param([string] $Template, [string] $Root, [string] $Shell, [string] $ShellDll)
$ErrorActionPreference = 'Stop'
$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'
. (Join-Path $Template 'seam.ps1')
. (Join-Path $Template 'probe.ps1')
. (Join-Path $Template 'fix.ps1')
$out = @{ Mode = [string]$ExecutionContext.SessionState.LanguageMode }
function Step {
    param([string] $Name, [scriptblock] $Body)
    try { $out[$Name] = & $Body }
    catch { $out[$Name] = 'ERROR: ' + [string]$_.Exception.Message }
}
$cache = Join-Path $Root 'cache'
$outside = Join-Path $Root 'outside'
Step 'Expand' { $env:REMC_PATHCLEANUP_CLM = 'C:\Clm'; Expand-RemcPathCleanupVariable -Text '%REMC_PATHCLEANUP_CLM%\a\%REMC_SURELY_UNDEFINED%' }
Step 'Identity' { $who = Get-RemcPathCleanupIdentity; '{0} {1}' -f ($who.SessionId -is [int]), $who.IsSystem }
Step 'Item' { $one = Get-RemcPathCleanupItem -Path $cache; '{0} {1}' -f $one.PSIsContainer, ($null -eq (Get-RemcPathCleanupItem -Path (Join-Path $Root 'nope'))) }
Step 'Children' { '{0} {1}' -f @(Get-RemcPathCleanupChildItem -Path $cache -Limit 100).Count, @(Get-RemcPathCleanupChildItem -Path $cache -Limit 2).Count }
Step 'Attributes' { $file = Join-Path $cache 'old.log'; Set-RemcPathCleanupAttribute -Path $file -Attributes 1; $set = [int](Get-Item -LiteralPath $file).Attributes -band 1; Set-RemcPathCleanupAttribute -Path $file -Attributes 32; '{0} {1}' -f $set, ([int](Get-Item -LiteralPath $file).Attributes -band 1) }
Step 'NotEmpty' { try { $null = Remove-RemcPathCleanupDirectory -Path (Join-Path $cache 'sub'); 'removed' } catch { 'refused ' + ([string]$_.Exception.Message -like 'The directory is not empty*') + ' ' + (Test-Path -LiteralPath (Join-Path $cache 'sub/a.tmp')) } }
Step 'Link' { try { $null = Remove-RemcPathCleanupDirectory -Path (Join-Path $cache 'sub/link'); 'removed' } catch { 'refused ' + ([string]$_.Exception.Message -like '*is a link now*') + ' ' + (Test-Path -LiteralPath (Join-Path $outside 'precious.txt')) } }
Step 'Gone' { '{0} {1}' -f (Remove-RemcPathCleanupFile -Path (Join-Path $Root 'nope.txt')), (Remove-RemcPathCleanupDirectory -Path (Join-Path $Root 'nope')) }
Step 'Resolve' { @(Resolve-RemcPathCleanupRoot -Config @{ Paths = @('C:\Temp\Vendor\Cache\') } | ForEach-Object { $_.Path }) -join ',' }
Step 'Process' {
    $arguments = @('-NoProfile', '-NonInteractive', '-Command', 'Start-Sleep -Seconds 60')
    if ($ShellDll -ne '') { $arguments = @($ShellDll) + $arguments }
    $child = Start-Process -FilePath $Shell -ArgumentList $arguments -PassThru
    $listed = @(Get-RemcPathCleanupProcess -Name @([string]$child.ProcessName) | Where-Object { $_.Id -eq $child.Id }).Count
    Stop-RemcPathCleanupProcess -Process $child
    '{0} {1}' -f $listed, @(Wait-RemcPathCleanupProcessExit -Process @($child) -Seconds 10).Count
}
function Resolve-RemcPathCleanupRoot { param($Config, $Scopes) @($Config.Paths) | ForEach-Object { @{ Path = $_; User = '' } } }
$config = @{ Paths = @($cache); Include = @('*'); Exclude = @('keep'); OlderThanDays = 0; StopProcesses = @(); StopTimeoutSeconds = 5; ReportOnly = $false; MaxItems = 1000 }
$context = @{ Now = (Get-Date).ToUniversalTime() }
Step 'Probe' { $probe = Test-RemcPathCleanup -Config $config -Context $context; '{0} | {1}' -f $probe.InDesiredState, $probe.Summary }
Step 'Fix' { (Repair-RemcPathCleanup -Config $config -Context $context -Probe @{}).Summary }
Step 'After' { $probe = Test-RemcPathCleanup -Config $config -Context $context; '{0} | {1}' -f $probe.InDesiredState, $probe.Summary }
Step 'Left' {
    # What is left under the root, links listed but not entered (Windows PowerShell's -Recurse enters them).
    $left = @()
    $folders = @($Root)
    for ($i = 0; $i -lt $folders.Count; $i++) {
        foreach ($item in @(Get-ChildItem -LiteralPath $folders[$i] -Force)) {
            $left += $item.FullName.Substring($Root.Length + 1).Replace('\', '/')
            if ($item.PSIsContainer -and ([int]$item.Attributes -band 0x400) -eq 0) { $folders += $item.FullName }
        }
    }
    @($left | Sort-Object) -join ','
}
$out | ConvertTo-Json -Compress
'@
        # The folder to clean: files (a hidden and a read-only one among them), a folder the exclude
        # keeps, and a link to a folder outside, which must survive with what it points at.
        $root = Join-Path $script:Clm 'tree'
        foreach ($folder in 'cache', 'cache/sub', 'cache/sub/deep', 'cache/keep', 'outside') { $null = New-Item -ItemType Directory -Path (Join-Path $root $folder) }
        foreach ($file in 'cache/old.log', 'cache/sub/a.tmp', 'cache/sub/deep/b.tmp', 'cache/keep/c.txt', 'outside/precious.txt') { Set-Content -LiteralPath (Join-Path $root $file) -Value 'x' -NoNewline }
        $hidden = Join-Path $root 'cache/.hidden'
        Set-Content -LiteralPath $hidden -Value 'x' -NoNewline
        $readOnly = Join-Path $root 'cache/sub/readonly.txt'
        Set-Content -LiteralPath $readOnly -Value 'x' -NoNewline
        Set-ItemProperty -LiteralPath $readOnly -Name Attributes -Value 1
        $link = Join-Path $root 'cache/sub/link'
        if ($IsLinux -or $IsMacOS) { $null = New-Item -ItemType SymbolicLink -Path $link -Target (Join-Path $root 'outside') }
        else { $null = New-Item -ItemType Junction -Path $link -Target (Join-Path $root 'outside') }
        # This PowerShell's own executable; one that runs as a .NET tool (remc setup's) is dotnet and its pwsh.dll.
        $shell = (Get-Process -Id $PID).Path
        $dll = ''
        if ([System.IO.Path]::GetFileNameWithoutExtension($shell) -eq 'dotnet') { $dll = Join-Path $PSHOME 'pwsh.dll' }
        $prefix = @($dll | Where-Object { $_ -ne '' })
        # Windows PowerShell 5.1 turns a native program's stderr into errors under 'Stop'.
        $ErrorActionPreference = 'Continue'
        $lines = @(& $shell @prefix -NoProfile -NonInteractive -File $script:ClmScript -Template $PSScriptRoot -Root $root -Shell $shell -ShellDll $dll 2>&1)
        $script:ClmOutput = ($lines | ForEach-Object { [string]$_ }) -join "`n"
        $script:ClmResult = $null
        try { $script:ClmResult = $lines[-1] | ConvertFrom-Json } catch { $script:ClmResult = $null }
    }
    AfterAll {
        if ($script:Clm -and (Test-Path -LiteralPath $script:Clm)) {
            # The link first (as the link), so that nothing is removed through it.
            $link = Join-Path $script:Clm 'tree/cache/sub/link'
            if (Test-Path -LiteralPath $link) { (Get-Item -LiteralPath $link -Force).Delete() }
            Remove-Item -LiteralPath $script:Clm -Recurse -Force
        }
    }

    It 'runs in Constrained Language Mode' {
        $script:ClmResult | Should -Not -BeNullOrEmpty -Because $script:ClmOutput
        $script:ClmResult.Mode | Should -Be 'ConstrainedLanguage'
    }

    It 'the seam <Name> works there: <Expected>' -ForEach @(
        @{ Name = 'Expand'; Expected = 'C:\Clm\a\%REMC_SURELY_UNDEFINED%' }
        @{ Name = 'Identity'; Expected = 'True False' }
        @{ Name = 'Item'; Expected = 'True True' }
        @{ Name = 'Children'; Expected = '4 2' }
        @{ Name = 'Attributes'; Expected = '1 0' }
        @{ Name = 'NotEmpty'; Expected = 'refused True True' }
        @{ Name = 'Link'; Expected = 'refused True True' }
        @{ Name = 'Gone'; Expected = 'False False' }
        @{ Name = 'Resolve'; Expected = 'C:\Temp\Vendor\Cache' }
        @{ Name = 'Process'; Expected = '1 0' }
    ) {
        $script:ClmResult.$Name | Should -Be $Expected -Because $script:ClmOutput
    }

    It 'probes, cleans all but the excluded folder and the link (and its parents), and is clean afterwards' {
        $script:ClmResult.Probe | Should -Be 'False | 5 files and 1 folder (5 bytes) to remove' -Because $script:ClmOutput
        $script:ClmResult.Fix | Should -Be 'removed 5 files and 1 folder (5 bytes)' -Because $script:ClmOutput
        $script:ClmResult.After | Should -Be 'True | nothing to clean' -Because $script:ClmOutput
        $script:ClmResult.Left | Should -Be 'cache,cache/keep,cache/keep/c.txt,cache/sub,cache/sub/link,outside,outside/precious.txt' -Because $script:ClmOutput
    }
}
