# Pester 5 tests of the wam-account-sign-out probe and fix against fakes (seam.ps1 needs WinRT: Windows only).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    # The device's own tenant (the sign-in-diagnostics fakes' dsregcmd TenantId) and another organization's.
    $script:Contoso = '96fa76d0-0000-4000-8000-eb60cc220000'
    $script:Fabrikam = '0f0e0d0c-0000-4000-8000-000000000009'

    function New-TestConfig {
        param([hashtable] $Override = @{})
        New-RemcTestConfig -Template 'wam-account-sign-out' -Override $Override
    }

    function Get-TwoAccounts {
        @((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'alice@fabrikam.com' -TenantId $script:Fabrikam))
    }

    # The fix's $Context as the runtime hands it over: Evidence holds the facts of the checks whose
    # symptoms triggered it, by check name (here a sign-in diagnosis' facts: FailingTenants, JoinType,
    # TenantId, as templates/sign-in-diagnostics/probe.ps1 returns them).
    function New-EvidenceContext {
        param([string[]] $Tenants = @(), [string] $JoinType = 'registered', [string] $TenantId = $script:Contoso, [hashtable] $Extra = @{})
        $facts = @{ FailingTenants = @($Tenants); JoinType = $JoinType; TenantId = $TenantId; FailingApps = @(); Failures = 5 }
        foreach ($key in $Extra.Keys) { $facts[$key] = $Extra[$key] }
        $context = New-RemcTestContext
        $context.Evidence = @{ diagnosis = $facts }
        $context
    }

    function Invoke-Fix {
        param($Context, [hashtable] $Override = @{})
        Repair-RemcWamAccountSignOut -Config (New-TestConfig -Override $Override) -Context $Context -Probe @{}
    }

    function Get-SignOutCall {
        @($global:RemcFakeState.WamCalls | Where-Object { $_ -like 'signout:*' })
    }
}

Describe 'wam-account-sign-out defaults' {
    It 'waits for the Microsoft 365 desktop apps of the Office client id' {
        $config = New-TestConfig
        $config.ClientId | Should -Be 'd3590ed6-52b3-4102-aeff-aad2292ab01c'
        @($config.AppProcesses) | Should -Be @('OUTLOOK', 'WINWORD', 'EXCEL', 'POWERPNT', 'ONENOTE', 'MSACCESS', 'MSPUB', 'VISIO', 'WINPROJ')
    }
}

Describe 'Test-RemcWamAccountSignOut' {
    It 'lists the accounts of the app, asked for by its client id, and changes nothing' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $result = Test-RemcWamAccountSignOut -Config (New-TestConfig) -Context (New-RemcTestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '2 WAM accounts: alice@contoso.com, alice@fabrikam.com'
        @($result.Facts.Accounts) | Should -Be @('alice@contoso.com', 'alice@fabrikam.com')
        # It looks for the app's processes too (read only): its fix waits while one runs.
        @($global:RemcFakeState.WamCalls) | Should -Be @('find:d3590ed6-52b3-4102-aeff-aad2292ab01c', 'processes:OUTLOOK,WINWORD,EXCEL,POWERPNT,ONENOTE,MSACCESS,MSPUB,VISIO,WINPROJ')
        $result.ContainsKey('Waits') | Should -BeFalse
    }

    It 'says its fix waits while <Said> running, so detection holds it' -ForEach @(
        @{ Running = @('OUTLOOK'); Said = 'OUTLOOK is' }
        @{ Running = @('WINWORD', 'OUTLOOK'); Said = 'WINWORD, OUTLOOK are' }
    ) {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts) -Process $Running
        $result = Test-RemcWamAccountSignOut -Config (New-TestConfig) -Context (New-RemcTestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Waits | Should -Be ('{0} running' -f $Said)
    }

    It 'says no wait when report-only (it changes nothing anyway) or without accounts' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts) -Process @('OUTLOOK')
        (Test-RemcWamAccountSignOut -Config (New-TestConfig -Override @{ ReportOnly = $true }) -Context (New-RemcTestContext)).ContainsKey('Waits') | Should -BeFalse
        Reset-RemcFakeWamAccountSignOut -Process @('OUTLOOK')
        (Test-RemcWamAccountSignOut -Config (New-TestConfig) -Context (New-RemcTestContext)).ContainsKey('Waits') | Should -BeFalse
    }

    It 'is in desired state without accounts' {
        Reset-RemcFakeWamAccountSignOut
        $result = Test-RemcWamAccountSignOut -Config (New-TestConfig) -Context (New-RemcTestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'no Web Account Manager accounts of the app'
    }

    It 'throws when Web Account Manager fails, so the runtime reports an error and fixes nothing' {
        Reset-RemcFakeWamAccountSignOut -QueryError 'FindAllAccountsAsync answered ProviderError'
        { Test-RemcWamAccountSignOut -Config (New-TestConfig) -Context (New-RemcTestContext) } | Should -Throw 'FindAllAccountsAsync answered ProviderError'
    }
}

Describe 'Repair-RemcWamAccountSignOut: only the tenants the evidence names' {
    It "signs out the failing tenant's account and leaves another tenant's account alone" {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso)
        $result.Summary | Should -Be 'signed out 1 WAM account: alice@contoso.com; kept alice@fabrikam.com (no failures seen in its tenant)'
        $result.Changed | Should -Be 1
        $result.ContainsKey('ReportOnly') | Should -BeFalse
        @($global:RemcFakeState.WamSignedOut) | Should -Be @('alice@contoso.com')
        @(Get-SignOutCall) | Should -Be @('signout:alice@contoso.com')
        @($global:RemcFakeState.WamAccounts | ForEach-Object { $_.UserName }) | Should -Be @('alice@fabrikam.com')
    }

    It 'leaves a guest account alone unless its tenant''s failures were seen (failing: <Case>)' -ForEach @(
        @{ Case = 'the device''s own tenant only'; Tenants = @('96fa76d0-0000-4000-8000-eb60cc220000'); Out = @() }
        @{ Case = 'a third tenant'; Tenants = @('11111111-0000-4000-8000-000000000001'); Out = @() }
        @{ Case = 'the guest''s tenant'; Tenants = @('0f0e0d0c-0000-4000-8000-000000000009'); Out = @('alice@fabrikam.com') }
    ) {
        # An Entra-joined device: alice@contoso.com is its primary account, alice@fabrikam.com a guest
        # account in another organization.
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $null = Invoke-Fix -Context (New-EvidenceContext -Tenants $Tenants -JoinType 'entra')
        @($global:RemcFakeState.WamSignedOut) | Should -Be $Out
        @(Get-SignOutCall) | Should -Be @($Out | ForEach-Object { 'signout:' + $_ })
    }

    It 'signs out only the accounts the evidence names, where it names any' {
        Reset-RemcFakeWamAccountSignOut -Account @((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'admin@contoso.com'))
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso -Extra @{ FailingAccounts = @('ADMIN@contoso.com') })
        $result.Summary | Should -Be 'signed out 1 WAM account: admin@contoso.com; kept alice@contoso.com (not an account the failures name)'
        @($global:RemcFakeState.WamSignedOut) | Should -Be @('admin@contoso.com')
    }

    It 'never signs out an account whose tenant Web Account Manager does not state' {
        Reset-RemcFakeWamAccountSignOut -Account @(New-RemcFakeWamAccount -UserName 'alice@contoso.com' -TenantId '')
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso)
        $result.Summary | Should -Be 'signed out nobody: kept alice@contoso.com (tenant unknown)'
        $result.Changed | Should -Be 0
        @(Get-SignOutCall).Count | Should -Be 0
    }

    It 'says so when the failing tenant has no account of the app' {
        Reset-RemcFakeWamAccountSignOut
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso)
        $result.Summary | Should -Be 'signed out nobody: no account of the failing tenant (96fa76d0-0000-4000-8000-eb60cc220000)'
        $result.Changed | Should -Be 0
    }
}

Describe 'Repair-RemcWamAccountSignOut: never the primary account of a joined device' {
    It 'signs out no account of the device''s own tenant on a <JoinType>-joined device, though its failures were seen' -ForEach @(
        @{ JoinType = 'entra' }, @{ JoinType = 'hybrid' }
    ) {
        Reset-RemcFakeWamAccountSignOut -Account @((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'ALICE@contoso.com' -Id 'second'))
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso -JoinType $JoinType -TenantId $script:Contoso.ToUpperInvariant())
        $result.Summary | Should -Be 'signed out nobody: kept alice@contoso.com (the device''s primary account), ALICE@contoso.com (the device''s primary account)'
        $result.Changed | Should -Be 0
        @(Get-SignOutCall).Count | Should -Be 0
        $global:RemcFakeState.WamAccounts.Count | Should -Be 2
    }

    It 'signs out the same account on a registered device, whose work account is not the Windows sign-in' {
        Reset-RemcFakeWamAccountSignOut -Account @(New-RemcFakeWamAccount -UserName 'alice@contoso.com')
        (Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso -JoinType 'registered')).Summary | Should -Be 'signed out 1 WAM account: alice@contoso.com'
    }

    It 'signs out nobody when the evidence does not say how the device is joined' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $context = New-RemcTestContext
        $context.Evidence = @{ signal = @{ FailingTenants = @($script:Contoso, $script:Fabrikam) } }
        $result = Invoke-Fix -Context $context
        $result.Summary | Should -Be 'signed out nobody: the evidence does not say how the device is joined, so its primary account cannot be told'
        @($global:RemcFakeState.WamCalls).Count | Should -Be 0
    }

    It 'signs out nobody when a joined device''s tenant is unknown' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Fabrikam -JoinType 'hybrid' -TenantId '')
        $result.Summary | Should -Be 'signed out nobody: the device is hybrid-joined but the evidence does not name its tenant, so its primary account cannot be told'
        @(Get-SignOutCall).Count | Should -Be 0
    }

    It 'takes the stricter reading when two pieces of evidence disagree on the join' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $context = New-RemcTestContext
        $context.Evidence = [ordered]@{
            a = @{ FailingTenants = @($script:Contoso); JoinType = 'registered'; TenantId = $script:Contoso }
            b = @{ FailingTenants = @(); JoinType = 'entra'; TenantId = $script:Contoso }
        }
        $null = Invoke-Fix -Context $context
        @(Get-SignOutCall).Count | Should -Be 0
    }
}

Describe 'Repair-RemcWamAccountSignOut: never while the app runs' {
    It 'signs out nobody while <Running> runs in the user''s session, and says it waits' -ForEach @(
        @{ Running = @('OUTLOOK'); Said = 'OUTLOOK is' }
        @{ Running = @('WINWORD', 'OUTLOOK'); Said = 'WINWORD, OUTLOOK are' }
    ) {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts) -Process $Running
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso)
        $result.Summary | Should -Be 'signed out nobody (would sign out 1 WAM account: alice@contoso.com)'
        # Held: the runtime counts no attempt, starts no cool-down, says HELD, and tries again next run.
        $result.Waits | Should -Be ('{0} running' -f $Said)
        $result.ContainsKey('ReportOnly') | Should -BeFalse
        $result.Changed | Should -Be 0
        @(Get-SignOutCall).Count | Should -Be 0
        @($global:RemcFakeState.WamSignedOut).Count | Should -Be 0
        $global:RemcFakeState.WamAccounts.Count | Should -Be 2
    }

    It 'is not held by <Case>' -ForEach @(
        @{ Case = 'another user''s Outlook (another session)'; Process = @(@{ Name = 'OUTLOOK'; Id = 4100; SessionId = 2 }) }
        @{ Case = 'an app that is not the account''s'; Process = @('ms-teams', 'OneDrive') }
        @{ Case = 'a name that only starts like one'; Process = @('OUTLOOKX') }
    ) {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts) -Process $Process
        (Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso)).Summary | Should -Be 'signed out 1 WAM account: alice@contoso.com; kept alice@fabrikam.com (no failures seen in its tenant)'
    }

    It 'waits for the processes the declaration names' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts) -Process @('ms-teams')
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso) -Override @{ AppProcesses = @('ms-teams') }
        $result.Waits | Should -Be 'ms-teams is running'
        $result.Summary | Should -Be 'signed out nobody (would sign out 1 WAM account: alice@contoso.com)'
        @(Get-SignOutCall).Count | Should -Be 0
    }

    It 'does not look at processes when the evidence allows nobody' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts) -Process @('OUTLOOK')
        (Invoke-Fix -Context (New-EvidenceContext -Tenants '22222222-0000-4000-8000-000000000002')).Summary | Should -Be 'signed out nobody: kept alice@contoso.com (no failures seen in its tenant), alice@fabrikam.com (no failures seen in its tenant)'
        @($global:RemcFakeState.WamCalls | Where-Object { $_ -like 'processes:*' }).Count | Should -Be 0
    }
}

Describe 'Repair-RemcWamAccountSignOut: no evidence, nobody' {
    It 'signs out nobody and does not ask Web Account Manager when <Case>' -ForEach @(
        @{ Case = 'the fix gets no evidence'; Evidence = $null }
        @{ Case = 'the evidence is empty'; Evidence = @{} }
        @{ Case = 'the failures name no tenant (common, organizations)'; Evidence = @{ diagnosis = @{ FailingTenants = @(); JoinType = 'registered'; TenantId = '96fa76d0-0000-4000-8000-eb60cc220000' } } }
        @{ Case = 'the evidence is a finding without tenants'; Evidence = @{ signal = @{ Count = 5 } } }
    ) {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $context = New-RemcTestContext
        if ($null -ne $Evidence) { $context.Evidence = $Evidence }
        $result = Invoke-Fix -Context $context
        $result.Summary | Should -Be 'signed out nobody: the evidence names no failing tenant (a failure sent to common or organizations names none)'
        $result.Changed | Should -Be 0
        @($global:RemcFakeState.WamCalls).Count | Should -Be 0
        $global:RemcFakeState.WamAccounts.Count | Should -Be 2
    }
}

Describe 'Repair-RemcWamAccountSignOut: failures and report-only' {
    It 'signs out the rest when one fails, then throws with the first error' {
        Reset-RemcFakeWamAccountSignOut -Account @((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'admin@contoso.com')) -FailSignOut 'alice@contoso.com'
        { Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso) } |
            Should -Throw 'failed to sign out 1 of 2 WAM accounts (signed out 1); first error: alice@contoso.com: SignOutAsync failed with HRESULT 0x80070005'
        @($global:RemcFakeState.WamSignedOut) | Should -Be @('admin@contoso.com')
    }

    It 'in report-only mode signs nobody out, lists who it would, and says it changed nothing' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso) -Override @{ ReportOnly = $true }
        $result.ReportOnly | Should -BeTrue
        $result.Changed | Should -Be 0
        $result.Summary | Should -Be 'would sign out 1 WAM account: alice@contoso.com; kept alice@fabrikam.com (no failures seen in its tenant)'
        @(Get-SignOutCall).Count | Should -Be 0
    }

    It 'in report-only mode says a real run would wait for the running app' {
        Reset-RemcFakeWamAccountSignOut -Account @(New-RemcFakeWamAccount -UserName 'alice@contoso.com') -Process @('OUTLOOK')
        $result = Invoke-Fix -Context (New-EvidenceContext -Tenants $script:Contoso) -Override @{ ReportOnly = $true }
        $result.Summary | Should -Be 'would sign out 1 WAM account: alice@contoso.com, once OUTLOOK is closed'
        @(Get-SignOutCall).Count | Should -Be 0
    }
}
