# Pester 5 tests of the machine-environment probe and fix against the fakes (seam.ps1 is never loaded).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    # remc's test helpers (New-RemcTestConfig, Get-RemcScriptViolation): `remc test` names their file.
    . $env:REMC_TEST_HELPERS
    $script:Context = @{ RemediationId = 'test'; Mode = 'remediate'; Now = [datetime]::UtcNow; Since = $null }
    # The config remc emits for the spec's defaults, with the required options filled in.
    function New-TestConfig { New-RemcTestConfig -Template 'machine-environment' -Override @{ Variable = 'CONTOSO_PROXY'; Value = 'http://proxy:8080' } }
}

Describe 'machine-environment emitted files' {
    It '<File> keeps the rules of an emitted template file' -ForEach @(@{ File = 'probe.ps1' }, @{ File = 'fix.ps1' }, @{ File = 'seam.ps1' }) {
        Get-RemcScriptViolation -Path (Join-Path $PSScriptRoot $File) | Should -BeNullOrEmpty
    }
}

Describe 'Test-RemcMachineEnvironment' {
    It 'is in desired state when the value matches exactly' {
        Reset-RemcFakeMachineEnvironment -Variables @{ CONTOSO_PROXY = 'http://proxy:8080' }
        $r = Test-RemcMachineEnvironment -Config (New-TestConfig) -Context $script:Context
        $r.InDesiredState | Should -BeTrue
        $r.Summary | Should -Be 'CONTOSO_PROXY is set as declared'
    }

    It 'drifts when the variable is missing, and says so' {
        Reset-RemcFakeMachineEnvironment
        $r = Test-RemcMachineEnvironment -Config (New-TestConfig) -Context $script:Context
        $r.InDesiredState | Should -BeFalse
        $r.Summary | Should -Be 'CONTOSO_PROXY is not set'
    }

    It 'drifts on a value that differs only in case' {
        Reset-RemcFakeMachineEnvironment -Variables @{ CONTOSO_PROXY = 'HTTP://PROXY:8080' }
        (Test-RemcMachineEnvironment -Config (New-TestConfig) -Context $script:Context).InDesiredState | Should -BeFalse
    }
}

Describe 'Repair-RemcMachineEnvironment' {
    It 'sets the declared value' {
        Reset-RemcFakeMachineEnvironment
        $r = Repair-RemcMachineEnvironment -Config (New-TestConfig) -Context $script:Context -Probe @{}
        $r.Summary | Should -Be 'set CONTOSO_PROXY'
        $global:RemcFakeState.MachineVariables['CONTOSO_PROXY'] | Should -Be 'http://proxy:8080'
    }

    It 'throws when the write is refused' {
        Reset-RemcFakeMachineEnvironment -SetError 'Requested registry access is not allowed.'
        { Repair-RemcMachineEnvironment -Config (New-TestConfig) -Context $script:Context -Probe @{} } | Should -Throw 'Requested registry access is not allowed.'
    }
}
