function Repair-RemcCommandFix {
    # Runs the program once (compiler/ps/runtime/program.ps1). It worked when it exited in time with a
    # success code; else it throws, with the exit code and the last lines of its output.
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context, $Probe)
    $run = Invoke-RemcProgram -Path $Config.Path -Arguments @($Config.Arguments) -TimeoutSeconds $Config.TimeoutSeconds
    Assert-RemcProgramRan -Run $run -TimeoutSeconds $Config.TimeoutSeconds
    $success = @(@($Config.SuccessExitCodes) | ForEach-Object { [int] $_ })
    $text = '{0} exited {1}' -f (Split-Path -Path $run.Path -Leaf), (Format-RemcProgramExitCode -Code $run.ExitCode)
    if ($success -notcontains [int] $run.ExitCode) { throw ('{0}, not {1}{2}' -f $text, ($success -join '/'), (Format-RemcProgramRun -Run $run)) }
    @{ Summary = $text + (Format-RemcProgramRun -Run $run); Changed = 1; Facts = @{ Path = $run.Path; ExitCode = $run.ExitCode; Output = $run.Output; ErrorOutput = $run.ErrorOutput } }
}
