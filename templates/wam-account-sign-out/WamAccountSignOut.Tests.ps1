# Pester 5 tests of the wam-account-sign-out probe and fix against fakes (seam.ps1 needs WinRT: Windows only).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/pester/harness/template-rules.ps1')

    function New-TestConfig {
        param([hashtable] $Override = @{})
        New-RemcTestConfig -Template 'wam-account-sign-out' -Override $Override
    }

    function Get-TwoAccounts {
        @((New-RemcFakeWamAccount -UserName 'alice@contoso.com'), (New-RemcFakeWamAccount -UserName 'alice@fabrikam.com'))
    }
}

Describe 'wam-account-sign-out emitted files' {
    It '<File> parses, is ASCII, defines only Remc functions and uses Windows PowerShell 5.1 syntax' -ForEach @(
        @{ File = 'probe.ps1' }, @{ File = 'fix.ps1' }, @{ File = 'seam.ps1' }
    ) {
        Get-RemcScriptViolation -Path (Join-Path $PSScriptRoot $File) | Should -BeNullOrEmpty
    }
}

Describe 'Test-RemcWamAccountSignOut' {
    It 'lists the accounts of the app, asked for by its client id, and changes nothing' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $result = Test-RemcWamAccountSignOut -Config (New-TestConfig) -Context (New-RemcTestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '2 WAM accounts: alice@contoso.com, alice@fabrikam.com'
        @($result.Facts.Accounts) | Should -Be @('alice@contoso.com', 'alice@fabrikam.com')
        @($global:RemcFakeState.WamCalls) | Should -Be @('find:d3590ed6-52b3-4102-aeff-aad2292ab01c')
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

Describe 'Repair-RemcWamAccountSignOut' {
    It 'signs every account of the app out and says how many' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $result = Repair-RemcWamAccountSignOut -Config (New-TestConfig) -Context (New-RemcTestContext) -Probe @{}
        $result.Summary | Should -Be 'signed out 2 WAM accounts'
        $result.Changed | Should -Be 2
        @($global:RemcFakeState.WamSignedOut) | Should -Be @('alice@contoso.com', 'alice@fabrikam.com')
        $global:RemcFakeState.WamAccounts.Count | Should -Be 0
    }

    It 'signs out the rest when one fails, then throws with the first error' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts) -FailSignOut 'alice@contoso.com'
        { Repair-RemcWamAccountSignOut -Config (New-TestConfig) -Context (New-RemcTestContext) -Probe @{} } |
            Should -Throw 'failed to sign out 1 of 2 WAM accounts (signed out 1); first error: alice@contoso.com: SignOutAsync failed with HRESULT 0x80070005'
        @($global:RemcFakeState.WamSignedOut) | Should -Be @('alice@fabrikam.com')
    }

    It 'in report-only mode signs nobody out, lists who it would, and says it changed nothing' {
        Reset-RemcFakeWamAccountSignOut -Account (Get-TwoAccounts)
        $result = Repair-RemcWamAccountSignOut -Config (New-TestConfig -Override @{ ReportOnly = $true }) -Context (New-RemcTestContext) -Probe @{}
        $result.ReportOnly | Should -BeTrue
        $result.Changed | Should -Be 0
        $result.Summary | Should -Be 'would sign out 2 WAM accounts: alice@contoso.com, alice@fabrikam.com'
        @($global:RemcFakeState.WamCalls | Where-Object { $_ -like 'signout:*' }).Count | Should -Be 0
    }

    It 'signs nobody out when there is nobody' {
        Reset-RemcFakeWamAccountSignOut
        (Repair-RemcWamAccountSignOut -Config (New-TestConfig) -Context (New-RemcTestContext) -Probe @{}).Summary | Should -Be 'signed out 0 WAM accounts'
    }
}
