# Pester 5 tests of command-fix's probe and fix against the fake program (compiler/proof/harness/runtime-fakes.ps1).
# The runtime's program functions they call (compiler/ps/runtime/program.ps1) are tested, with their
# real seams, in templates/command-probe/CommandProbe.Tests.ps1.

BeforeAll {
    . (Join-Path $PSScriptRoot '../../compiler/ps/runtime/common.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/ps/runtime/program.ps1')
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/runtime-fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    function New-TestConfig {
        # The compiler's defaults (from the spec), with Office's Click-to-Run quick repair as the program.
        param([hashtable] $Override = @{})
        $values = @{
            Path = '%CommonProgramFiles%\Microsoft Shared\ClickToRun\OfficeClickToRun.exe'
            Arguments = @('scenario=Repair', 'platform=x64', 'culture=en-us', 'RepairType=QuickRepair', 'DisplayLevel=False')
            TimeoutSeconds = 900
        }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'command-fix' -Override $values
    }

    function Invoke-Probe { param([hashtable] $Override = @{}) Test-RemcCommandFix -Config (New-TestConfig -Override $Override) -Context (New-RemcTestContext -Mode 'detect') }
    function Invoke-Fix { param([hashtable] $Override = @{}) Repair-RemcCommandFix -Config (New-TestConfig -Override $Override) -Context (New-RemcTestContext) -Probe @{} }
}

Describe 'Test-RemcCommandFix' {
    It 'is in desired state when the program is there, and never runs it' {
        Reset-RemcFakeProgram
        $result = @(Invoke-Probe)
        $result.Count | Should -Be 1
        $result[0].InDesiredState | Should -BeTrue
        $result[0].Summary | Should -BeExactly 'OfficeClickToRun.exe present'
        $result[0].Facts.Path | Should -BeExactly 'C:\Program Files\Common Files\Microsoft Shared\ClickToRun\OfficeClickToRun.exe'
        $global:RemcFakeState.ProgramCalls.Count | Should -Be 0
    }

    It 'is a probe error when the program is not there (so no fix is attempted)' {
        Reset-RemcFakeProgram -Missing
        { Invoke-Probe } | Should -Throw -ExpectedMessage 'OfficeClickToRun.exe not found: C:\Program Files\Common Files\Microsoft Shared\ClickToRun\OfficeClickToRun.exe'
    }
}

Describe 'Repair-RemcCommandFix' {
    It 'runs the program once with its arguments and reports the exit code and the last output' {
        Reset-RemcFakeProgram -Output @('Repair started.')
        $result = Invoke-Fix
        $result.Summary | Should -BeExactly 'OfficeClickToRun.exe exited 0; output: Repair started.'
        $result.Changed | Should -Be 1
        $global:RemcFakeState.ProgramCalls.Count | Should -Be 1
        $global:RemcFakeState.ProgramCalls[0].CommandLine | Should -BeExactly 'scenario=Repair platform=x64 culture=en-us RepairType=QuickRepair DisplayLevel=False'
        $global:RemcFakeState.ProgramFilesLeft | Should -Be 0
    }

    It 'fails on an exit code that is not a success code, with the errors' {
        Reset-RemcFakeProgram -ExitCode 1603 -Output @() -ErrorOutput @('MainEngineThread is returning 1603')
        { Invoke-Fix } | Should -Throw -ExpectedMessage 'OfficeClickToRun.exe exited 1603, not 0; errors: MainEngineThread is returning 1603'
    }

    It 'takes the declared success codes, and says a restart is needed (never restarting)' {
        Reset-RemcFakeProgram -ExitCode 3010 -Output @()
        (Invoke-Fix -Override @{ SuccessExitCodes = @(0, 3010) }).Summary | Should -BeExactly 'OfficeClickToRun.exe exited 3010 (restart required)'
    }

    It 'fails after its limit, having ended the program and what it started' {
        Reset-RemcFakeProgram -Hangs -Output @('Repairing...')
        { Invoke-Fix -Override @{ TimeoutSeconds = 600 } } | Should -Throw -ExpectedMessage 'OfficeClickToRun.exe still running after 600 s: ended it and the 2 processes it started; output: Repairing...'
        @($global:RemcFakeState.ProgramStopCalls) | Should -Be @(4242, 4300, 4301)
        $global:RemcFakeState.ProgramFilesLeft | Should -Be 0
    }

    It 'fails without starting anything when the program is gone' {
        Reset-RemcFakeProgram -Missing
        { Invoke-Fix } | Should -Throw -ExpectedMessage 'OfficeClickToRun.exe not found: *'
        $global:RemcFakeState.ProgramCalls.Count | Should -Be 0
    }
}
