# Pester 5 tests of registry-value's forEachUser (an HKCU value kept in every real user's hive from
# SYSTEM): the profile list, the signed-in users' loaded hives, the NTUSER.DAT of the others loaded for
# the run and always unloaded, a hive that cannot be loaded, and the fix writing only what differs.

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    $script:Alice = 'S-1-5-21-1004336348-1177238915-682003330-1001'
    $script:Bob = 'S-1-5-21-1004336348-1177238915-682003330-1002'
    $script:Carol = 'S-1-12-1-1234567890-1234567890-1234567890-1234567890'
    $script:Dave = 'S-1-5-21-1004336348-1177238915-682003330-1004'
    $script:Key = 'Software\Contoso\App'

    function New-TestConfig {
        param([hashtable] $Override = @{})
        $values = @{ Path = 'HKCU:\Software\Contoso\App'; Name = 'Telemetry'; Type = 'DWord'; Value = 0; ForEachUser = $true }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'registry-value' -Override $values
    }

    function New-TestContext {
        param([string] $Mode = 'remediate')
        New-RemcTestContext -RemediationId 'contoso-telemetry' -Mode $Mode
    }

    function Get-TestProfiles {
        # Three system accounts, a temporary profile, a backup key; alice and bob signed in, carol not
        # (her NTUSER.DAT loads), dave not, and his NTUSER.DAT cannot be loaded.
        @(
            Get-RemcFakeRegistryStandardProfile | Where-Object { $_.Sid -notlike 'S-1-5-21-*' }
            New-RemcFakeRegistryProfile -Sid $script:Alice -ProfileImagePath '%SystemDrive%\Users\alice' -Loaded
            New-RemcFakeRegistryProfile -Sid $script:Bob -ProfileImagePath '%SystemDrive%\Users\bob' -Loaded
            New-RemcFakeRegistryProfile -Sid $script:Carol -ProfileImagePath '%SystemDrive%\Users\carol'
            New-RemcFakeRegistryProfile -Sid $script:Dave -ProfileImagePath '%SystemDrive%\Users\dave' -Loadable $false
            New-RemcFakeRegistryProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1005' -ProfileImagePath '%SystemDrive%\Users\TEMP' -State 0x800 -Loaded
            New-RemcFakeRegistryProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1001.bak' -ProfileImagePath '%SystemDrive%\Users\alice'
        )
    }

    function Set-TestMachine {
        param([int] $Alice = 0, [int] $Bob = 1, [int] $Carol = 0, $Extra = @())
        $values = @(
            New-RemcFakeRegistryValue -Path ('HKU:\{0}\{1}' -f $script:Alice, $script:Key) -Name 'Telemetry' -Kind DWord -Data $Alice
            New-RemcFakeRegistryValue -Path ('HKU:\{0}\{1}' -f $script:Bob, $script:Key) -Name 'Telemetry' -Kind DWord -Data $Bob
            New-RemcFakeRegistryValue -Path ('HKU:\{0}\{1}' -f $script:Carol, $script:Key) -Name 'Telemetry' -Kind DWord -Data $Carol
        ) + @($Extra)
        Reset-RemcFakeRegistryValue -Unlisted 'NoKey' -Profiles (Get-TestProfiles) -Value $values
    }

    function Get-TestWrites {
        @($global:RemcFakeState.RegistryCalls | Where-Object { $_.Op -ne 'read' } | ForEach-Object { '{0} {1}:\{2}\{3}' -f $_.Op, $_.Hive, $_.Key, $_.Name })
    }

    function Get-TestStoredFor {
        param([string] $Sid, [string] $Name = 'Telemetry')
        $global:RemcFakeState.RegistryValues | Where-Object { $_.Hive -eq 'HKU' -and $_.Key -eq ($Sid + '\' + $script:Key) -and $_.Name -eq $Name }
    }
}

Describe 'registry-value forEachUser: the probe' {
    It 'counts the real users, names the one that differs and the one it cannot reach, and skips system, temporary and backup profiles' {
        Set-TestMachine
        $result = Test-RemcRegistryValue -Config (New-TestConfig) -Context (New-TestContext -Mode 'detect')
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'HKCU:\Software\Contoso\App\Telemetry is not 0 (DWord) for 1 of 4 users (bob: 1 (DWord)); as wanted for 2; 1 not reachable (hive could not be loaded: dave)'
        $result.Facts.Users | Should -Be 4
        $result.Facts.SkippedProfiles | Should -Be 5
        @($result.Facts.AsWanted) | Should -Be @('alice', 'carol')
        @($result.Facts.NotAsWanted) | Should -Be @('bob')
        @($result.Facts.NotReachable) | Should -Be @('dave')
    }

    It 'reads carol''s NTUSER.DAT through a hive loaded for the run and unloads it; writes nothing' {
        Set-TestMachine
        $null = Test-RemcRegistryValue -Config (New-TestConfig) -Context (New-TestContext -Mode 'detect')
        $calls = @($global:RemcFakeState.RegistryHiveCalls | ForEach-Object { '{0} {1} {2} {3}' -f $_.Op, $_.Name, $_.File, $_.Code })
        $calls | Should -Be @(
            ('load remc_{0} C:\Users\carol\NTUSER.DAT 0' -f $script:Carol)
            ('unload remc_{0}  0' -f $script:Carol)
            ('load remc_{0} C:\Users\dave\NTUSER.DAT 1' -f $script:Dave)
        )
        @($global:RemcFakeState.RegistryMounted).Count | Should -Be 0
        Get-TestWrites | Should -BeNullOrEmpty
    }

    It 'is in its desired state when every reachable user is as wanted, and still says who was not reachable' {
        Set-TestMachine -Bob 0
        $result = Test-RemcRegistryValue -Config (New-TestConfig) -Context (New-TestContext -Mode 'detect')
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'HKCU:\Software\Contoso\App\Telemetry is 0 (DWord) for 3 of 4 users; 1 not reachable (hive could not be loaded: dave)'
    }

    It 'says so when the device has no user profile' {
        Reset-RemcFakeRegistryValue -Unlisted 'NoKey' -Profiles @(Get-RemcFakeRegistryStandardProfile | Where-Object { $_.Sid -notlike 'S-1-5-21-*' })
        $result = Test-RemcRegistryValue -Config (New-TestConfig) -Context (New-TestContext -Mode 'detect')
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'HKCU:\Software\Contoso\App\Telemetry: no user profile on this device'
        $result.Facts.SkippedProfiles | Should -Be 3
    }

    It 'fails loudly when a hive it loaded cannot be unloaded' {
        Set-TestMachine
        $global:RemcFakeState.RegistryUnloadFails = $true
        { Test-RemcRegistryValue -Config (New-TestConfig) -Context (New-TestContext -Mode 'detect') } | Should -Throw ('HKU\remc_{0} (the hive of carol, loaded for this run) could not be unloaded: reg.exe exit code 1' -f $script:Carol)
    }

    It 'refuses a path outside HKCU and a key check' -ForEach @(
        @{ Override = @{ Path = 'HKLM:\SOFTWARE\Contoso' } }
        @{ Override = @{ Name = $null; Type = $null; Value = $null } }
    ) {
        Set-TestMachine
        { Test-RemcRegistryValue -Config (New-TestConfig -Override $Override) -Context (New-TestContext -Mode 'detect') } | Should -Throw 'ForEachUser needs a value in HKCU: *'
    }
}

Describe 'registry-value forEachUser: the fix' {
    It 'writes only the user whose value differs, verifies it, and the probe then finds every reachable user as wanted' {
        Set-TestMachine
        $config = New-TestConfig
        $fix = Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe $null
        $fix.Changed | Should -Be 1
        $fix.Summary | Should -Be 'set HKCU:\Software\Contoso\App\Telemetry of bob to 0 (DWord) (was 1 (DWord)); 1 not reachable (hive could not be loaded: dave)'
        Get-TestWrites | Should -Be @(('set HKU:\{0}\{1}\Telemetry' -f $script:Bob, $script:Key))
        (Get-TestStoredFor -Sid $script:Bob).Data | Should -Be 0
        (Test-RemcRegistryValue -Config $config -Context (New-TestContext -Mode 'detect')).InDesiredState | Should -BeTrue
    }

    It 'writes a user who is not signed in through the hive loaded for the run, and unloads it' {
        Set-TestMachine -Bob 0 -Carol 7
        $fix = Repair-RemcRegistryValue -Config (New-TestConfig) -Context (New-TestContext) -Probe $null
        $fix.Changed | Should -Be 1
        (Get-TestStoredFor -Sid $script:Carol).Data | Should -Be 0
        Get-TestWrites | Should -Be @(('set HKU:\{0}\{1}\Telemetry' -f $script:Carol, $script:Key))
        @($global:RemcFakeState.RegistryMounted).Count | Should -Be 0
        @($global:RemcFakeState.RegistryHiveCalls | Where-Object { $_.Op -eq 'unload' -and $_.Code -eq 0 }).Count | Should -Be 1
    }

    It 'changes nothing when every reachable user is as wanted' {
        Set-TestMachine -Bob 0
        $fix = Repair-RemcRegistryValue -Config (New-TestConfig) -Context (New-TestContext) -Probe $null
        $fix.Changed | Should -Be 0
        $fix.Summary | Should -Be 'nothing to do: HKCU:\Software\Contoso\App\Telemetry is as wanted for every reachable user; 1 not reachable (hive could not be loaded: dave)'
        Get-TestWrites | Should -BeNullOrEmpty
    }

    It 'reports only, with reportOnly' {
        Set-TestMachine
        $fix = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ ReportOnly = $true }) -Context (New-TestContext) -Probe $null
        $fix.ReportOnly | Should -BeTrue
        $fix.Changed | Should -Be 0
        $fix.Summary | Should -BeLike 'report-only: would set HKCU:\Software\Contoso\App\Telemetry of bob to 0 (DWord), now 1 (DWord)*'
        Get-TestWrites | Should -BeNullOrEmpty
    }

    It 'goes on with the other users when one write is denied, then fails naming it' {
        Set-TestMachine -Carol 7
        $global:RemcFakeState.RegistryDenyWrite = @(('HKU:\{0}\*' -f $script:Bob))
        { Repair-RemcRegistryValue -Config (New-TestConfig) -Context (New-TestContext) -Probe $null } | Should -Throw 'failed for 1 of 4 users: bob: access denied: cannot write *; done: 1; 1 not reachable (hive could not be loaded: dave)'
        (Get-TestStoredFor -Sid $script:Carol).Data | Should -Be 0
        @($global:RemcFakeState.RegistryMounted).Count | Should -Be 0
    }
}

Describe 'registry-value forEachUser: a secret value' {
    BeforeAll {
        $script:Secret = 'P@ssw0rd!'
        # The digest is salted with the declared HKCU path, the same for every user.
        $script:Digest = Get-RemcRegistryValueDigest -Path 'HKCU:\Software\Contoso\App' -Name 'Token' -Kind 'String' -Data $script:Secret
    }

    It 'detects by the digest in each user''s hive, never shows the data, and the remediation writes only the user who differs' {
        $extra = @(
            New-RemcFakeRegistryValue -Path ('HKU:\{0}\{1}' -f $script:Alice, $script:Key) -Name 'Token' -Kind String -Data $script:Secret
            New-RemcFakeRegistryValue -Path ('HKU:\{0}\{1}' -f $script:Bob, $script:Key) -Name 'Token' -Kind String -Data 'Old-Pa55'
            New-RemcFakeRegistryValue -Path ('HKU:\{0}\{1}' -f $script:Carol, $script:Key) -Name 'Token' -Kind String -Data $script:Secret
        )
        Set-TestMachine -Extra $extra
        $detect = New-TestConfig -Override @{ Name = 'Token'; Type = 'String'; Value = $null; Secret = $true; ValueDigest = $script:Digest }
        $result = Test-RemcRegistryValue -Config $detect -Context (New-TestContext -Mode 'detect')
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'HKCU:\Software\Contoso\App\Token is not the secret data (String) for 1 of 4 users (bob: (hidden) (String)); as wanted for 2; 1 not reachable (hive could not be loaded: dave)'
        ($result | ConvertTo-Json -Depth 6) | Should -Not -Match 'Pa55|P@ss'
        $remediate = New-TestConfig -Override @{ Name = 'Token'; Type = 'String'; Value = $script:Secret; Secret = $true; ValueDigest = $script:Digest }
        $fix = Repair-RemcRegistryValue -Config $remediate -Context (New-TestContext) -Probe $null
        $fix.Changed | Should -Be 1
        $fix.Summary | Should -Not -Match 'Pa55|P@ss'
        (Get-TestStoredFor -Sid $script:Bob -Name 'Token').Data | Should -Be $script:Secret
    }
}
