# Pester 5 tests of the credential-purge probe and fix against fakes (seam.ps1 is never loaded).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')

    # The defaults the compiler emits for this template.
    function New-TestConfig {
        # The compiler's defaults (from the spec), with the stop list the flagship declares.
        param([hashtable] $Override = @{})
        $values = @{ StopProcesses = @('Teams', 'ms-teams') }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'credential-purge' -Override $values
    }

    function New-TestContext {
        New-RemcTestContext -RemediationId 'teams-50058'
    }

    # A realistic user credential set: 17 entries the defaults must remove, the rest must stay.
    function Get-TargetedName {
        $names = @()
        foreach ($i in 0..9) { $names += ('msteams_adalsso/adal_context_{0}' -f $i) }
        $names += 'msteams_adalsso/adal_context_segments'
        $names += 'MSTEAMS_ADALSSO/ADAL_CONTEXT_10'
        $names += 'MicrosoftOffice16_Data:ADAL:0f1c2d3e-4a5b-6c7d-8e9f-a0b1c2d3e4f5'
        $names += 'MicrosoftOffice16_Data:ADAL:11111111-2222-3333-4444-555555555555'
        $names += 'MicrosoftOffice16_Data:ADAL:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'
        $names += 'MicrosoftOffice16_Data:ADALWAM:9e8d7c6b-5a49-3827-1605-f4e3d2c1b0a9_user@contoso.com'
        $names += 'MicrosoftOffice15_Data:ADAL:12345678-90ab-cdef-1234-567890abcdef'
        return $names
    }

    function Get-KeptCredential {
        @(
            New-RemcFakeCredential -TargetName 'msteams_adalsso/adal_context_99' -Type 2
            New-RemcFakeCredential -TargetName 'msteams_adalsso_backup'
            New-RemcFakeCredential -TargetName 'MicrosoftOffice16_Data:identitycrl'
            New-RemcFakeCredential -TargetName 'MicrosoftOffice16_Data:SSPI:user@contoso.com'
            New-RemcFakeCredential -TargetName 'MicrosoftOffice16_Data:OneAuth:user@contoso.com'
            New-RemcFakeCredential -TargetName 'OneDrive Cached Credential Business - Business1'
            New-RemcFakeCredential -TargetName 'Microsoft_OneDrive_Cookies_v2_Business1'
            New-RemcFakeCredential -TargetName 'MicrosoftAccount:target=SSO_POP_Device' -UserName '02abcdef'
            New-RemcFakeCredential -TargetName 'MicrosoftAccount:target=SSO_POP_User:user=a@b.com' -UserName 'a@b.com'
            New-RemcFakeCredential -TargetName 'WindowsLive:target=virtualapp/didlogical' -UserName '02abcdef'
            New-RemcFakeCredential -TargetName 'WindowsLive:(token):name=a@b.com;serviceuri=*'
            New-RemcFakeCredential -TargetName 'git:https://github.com' -UserName 'octocat'
            New-RemcFakeCredential -TargetName 'TERMSRV/host' -Type 2 -UserName 'CONTOSO\admin'
            New-RemcFakeCredential -TargetName 'Domain:target=fs01.contoso.com' -Type 2
            New-RemcFakeCredential -TargetName 'XblGrts|DeviceKey'
            New-RemcFakeCredential -TargetName 'Adobe App Info (Part1)'
        )
    }

    function Get-MixedCredential {
        $set = @(Get-TargetedName | ForEach-Object { New-RemcFakeCredential -TargetName $_ })
        return @($set + @(Get-KeptCredential))
    }

    function Get-DeletedName {
        @($global:RemcFakeState.Deleted | ForEach-Object { $_.TargetName })
    }

    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')
}

Describe 'credential-purge emitted files' {
    It 'native.cs is ASCII and never touches the secret blob' {
        $path = Join-Path $PSScriptRoot 'native.cs'
        @([System.IO.File]::ReadAllBytes($path) | Where-Object { $_ -gt 127 }).Count | Should -Be 0
        $text = Get-Content -LiteralPath $path -Raw
        $text | Should -Not -Match 'native\.CredentialBlob|PtrToStringUni\(native\.CredentialBlob'
        $text | Should -Match 'namespace Remc\.Native'
    }
}

Describe 'Test-RemcCredentialPurge' {
    BeforeEach { Reset-RemcFakeCredentialPurge -Credential (Get-MixedCredential) -Process 'Teams', 'ms-teams' }

    It 'returns exactly one hashtable' {
        $result = @(Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext))
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
    }

    It 'reports exactly the targeted credentials of a mixed set of 33' {
        $all = Get-MixedCredential
        $all.Count | Should -Be 33
        $result = Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '17 matching credentials'
        # Read through the targets' CredEnumerateW filters: only the 21 whose names start like a target.
        $result.Facts.Total | Should -Be 21
        @($global:RemcFakeState.EnumerateFilters) | Should -Be @('MicrosoftOffice1*', 'msteams_adalsso/*')
        @($result.Facts.Matched | Sort-Object) | Should -Be @(Get-TargetedName | Sort-Object)
    }

    It 'never changes the machine' {
        $null = Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext)
        $global:RemcFakeState.Deleted.Count | Should -Be 0
        $global:RemcFakeState.Credentials.Count | Should -Be 33
        @($global:RemcFakeState.Calls) | Should -Be @('enumerate')
    }

    It 'is in desired state when nothing matches' {
        Reset-RemcFakeCredentialPurge -Credential (Get-KeptCredential)
        $result = Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'no matching credentials'
        @($result.Facts.Matched).Count | Should -Be 0
        # The look-alikes that start like a target are read, and kept.
        $result.Facts.Total | Should -Be 4
    }

    It 'reads the whole set only when a target has no prefix to filter by' {
        $config = New-TestConfig -Override @{ Targets = @('*_adalsso/*'); EnumerateFilters = @() }
        $result = Test-RemcCredentialPurge -Config $config -Context (New-TestContext)
        $result.Facts.Total | Should -Be 33
        @($global:RemcFakeState.EnumerateFilters) | Should -Be @('(all)')
    }

    It 'is in desired state with an empty credential set (ERROR_NOT_FOUND)' {
        Reset-RemcFakeCredentialPurge
        $result = Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Facts.Total | Should -Be 0
    }

    It 'uses the singular for one match' {
        Reset-RemcFakeCredentialPurge -Credential @(New-RemcFakeCredential -TargetName 'msteams_adalsso/adal_context_0')
        (Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext)).Summary | Should -Be '1 matching credential'
    }

    It 'throws a clear error when there is no logon session' {
        Reset-RemcFakeCredentialPurge -Credential (Get-MixedCredential) -NoLogonSession
        { Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage 'no logon session: the credential set belongs to the signed-in user; run this remediation as the user, not SYSTEM'
    }

    It 'lets any other credential API failure through as the probe error' {
        Reset-RemcFakeCredentialPurge -Credential (Get-MixedCredential) -EnumerateError 'CredEnumerateW failed with Win32 error 1004'
        { Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage 'CredEnumerateW failed with Win32 error 1004'
    }

    It 'selects nothing without Targets' {
        $result = Test-RemcCredentialPurge -Config (New-TestConfig -Override @{ Targets = @() }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
    }

    It 'considers only the configured credential types' {
        $result = Test-RemcCredentialPurge -Config (New-TestConfig -Override @{ Types = @(1, 2) }) -Context (New-TestContext)
        $result.Facts.Matched | Should -Contain 'msteams_adalsso/adal_context_99'
        @($result.Facts.Matched).Count | Should -Be 18
    }

    It 'never selects a protected entry even when a target names it' {
        $config = New-TestConfig -Override @{ Targets = @('MicrosoftAccount:*', 'WindowsLive:*') }
        (Test-RemcCredentialPurge -Config $config -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }
}

Describe 'Repair-RemcCredentialPurge' {
    BeforeEach { Reset-RemcFakeCredentialPurge -Credential (Get-MixedCredential) -Process 'Teams', 'ms-teams', 'OUTLOOK' }

    It 'deletes exactly the targeted credentials by exact name and type' {
        $result = @(Repair-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) -Probe @{})
        $result.Count | Should -Be 1
        $result[0].Summary | Should -Be 'removed 17 credentials, stopped 2 processes'
        $result[0].Changed | Should -Be 17
        @(Get-DeletedName | Sort-Object) | Should -Be @(Get-TargetedName | Sort-Object)
        @($global:RemcFakeState.Deleted | Where-Object { $_.Type -ne 1 }).Count | Should -Be 0
        $kept = @($global:RemcFakeState.Credentials | ForEach-Object { $_.TargetName } | Sort-Object)
        $kept | Should -Be @(Get-KeptCredential | ForEach-Object { $_.TargetName } | Sort-Object)
        @($result[0].Facts.Removed).Count | Should -Be 17
    }

    It 'stops Teams classic and new Teams before deleting anything' {
        $null = Repair-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) -Probe @{}
        $calls = @($global:RemcFakeState.Calls)
        $calls[0] | Should -Be 'enumerate'
        $calls[1] | Should -Be 'stop:Teams,ms-teams'
        @($calls | Select-Object -Skip 2 | Where-Object { $_ -notlike 'delete:*' }).Count | Should -Be 0
        @($global:RemcFakeState.Processes) | Should -Be @('OUTLOOK')
    }

    It 'stops only the declared processes of the apps the evidence names as failing' {
        $context = New-TestContext
        $context.Evidence = @{ diagnosis = @{ FailingApps = @() } }
        $result = Repair-RemcCredentialPurge -Config (New-TestConfig) -Context $context -Probe @{}
        $result.Summary | Should -Be 'removed 17 credentials'
        @($global:RemcFakeState.Processes) | Should -Be @('Teams', 'ms-teams', 'OUTLOOK')
        Reset-RemcFakeCredentialPurge -Credential (Get-MixedCredential) -Process 'Teams', 'ms-teams', 'OUTLOOK'
        $context.Evidence = @{ diagnosis = @{ FailingApps = @('ms-teams', 'Teams') } }
        (Repair-RemcCredentialPurge -Config (New-TestConfig) -Context $context -Probe @{}).Summary | Should -Be 'removed 17 credentials, stopped 2 processes'
    }

    It 'keeps excluded credentials' {
        $config = New-TestConfig -Override @{ Exclude = @('msteams_adalsso/adal_context_segments', 'MicrosoftOffice16_Data:ADALWAM*') }
        $result = Repair-RemcCredentialPurge -Config $config -Context (New-TestContext) -Probe @{}
        $result.Changed | Should -Be 15
        Get-DeletedName | Should -Not -Contain 'msteams_adalsso/adal_context_segments'
        @(Get-DeletedName | Where-Object { $_ -like '*ADALWAM*' }).Count | Should -Be 0
    }

    It 'deletes a target with spaces intact once the declaration explicitly names it' {
        $config = New-TestConfig -Override @{ Targets = @('OneDrive Cached Credential*'); EnumerateFilters = @('OneDrive Cached Credential*'); Protected = @('MicrosoftAccount:*', 'WindowsLive:*') }
        $result = Repair-RemcCredentialPurge -Config $config -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'removed 1 credential, stopped 2 processes'
        @(Get-DeletedName) | Should -Be @('OneDrive Cached Credential Business - Business1')
        @($global:RemcFakeState.Calls) | Should -Contain 'delete:OneDrive Cached Credential Business - Business1|1'
    }

    It 'deletes nothing and stops nothing in report-only mode' {
        $result = Repair-RemcCredentialPurge -Config (New-TestConfig -Override @{ ReportOnly = $true }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -BeLike 'would remove 17 credentials: msteams_adalsso/*'
        $result.ReportOnly | Should -BeTrue
        $result.Changed | Should -Be 0
        $global:RemcFakeState.Deleted.Count | Should -Be 0
        @($global:RemcFakeState.Calls) | Should -Be @('enumerate')
    }

    It 're-enumerates instead of trusting the probe' {
        $probe = Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext)
        $global:RemcFakeState.Credentials.Clear()
        $null = $global:RemcFakeState.Credentials.Add((New-RemcFakeCredential -TargetName 'msteams_adalsso/adal_context_new'))
        $null = $global:RemcFakeState.Credentials.Add((New-RemcFakeCredential -TargetName 'git:https://github.com'))
        $result = Repair-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) -Probe $probe
        $result.Changed | Should -Be 1
        @(Get-DeletedName) | Should -Be @('msteams_adalsso/adal_context_new')
        @($global:RemcFakeState.Calls | Where-Object { $_ -like 'delete:*' }).Count | Should -Be 1
    }

    It 'accepts credentials that vanished before deletion' {
        Reset-RemcFakeCredentialPurge -Credential (Get-MixedCredential) -GoneOnDelete 'msteams_adalsso/adal_context_3'
        $result = Repair-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'removed 16 credentials'
        $result.Changed | Should -Be 16
    }

    It 'tries every target and then throws naming how many failed' {
        Reset-RemcFakeCredentialPurge -Credential (Get-MixedCredential) -FailDelete 'msteams_adalsso/adal_context_0', 'MicrosoftOffice15_Data:ADAL:12345678-90ab-cdef-1234-567890abcdef'
        { Repair-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'failed to remove 2 of 17 credentials (removed 15); first error: msteams_adalsso/adal_context_0: CredDeleteW failed with Win32 error 5'
        $global:RemcFakeState.Deleted.Count | Should -Be 15
        @($global:RemcFakeState.Calls | Where-Object { $_ -like 'delete:*' }).Count | Should -Be 17
    }

    It 'throws the clear no-logon-session error and deletes nothing' {
        Reset-RemcFakeCredentialPurge -Credential (Get-MixedCredential) -NoLogonSession -Process 'Teams'
        { Repair-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'no logon session: *run this remediation as the user, not SYSTEM'
        $global:RemcFakeState.Deleted.Count | Should -Be 0
        @($global:RemcFakeState.Processes) | Should -Be @('Teams')
    }

    It 'stops no process when nothing is selected' {
        Reset-RemcFakeCredentialPurge -Credential (Get-KeptCredential) -Process 'Teams'
        $result = Repair-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'removed 0 credentials'
        $result.Changed | Should -Be 0
        @($global:RemcFakeState.Calls) | Should -Be @('enumerate')
    }

    It 'does not call Stop-RemcProcess without StopProcesses and omits it from the summary' {
        $result = Repair-RemcCredentialPurge -Config (New-TestConfig -Override @{ StopProcesses = @() }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'removed 17 credentials'
        @($global:RemcFakeState.Calls | Where-Object { $_ -like 'stop:*' }).Count | Should -Be 0
    }

    It 'leaves the probe in desired state afterwards' {
        $null = Repair-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext) -Probe @{}
        (Test-RemcCredentialPurge -Config (New-TestConfig) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }
}
