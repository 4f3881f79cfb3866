function Test-RemcCommandProbe {
    # Runs the program once (compiler/ps/runtime/program.ps1) and judges its exit code and output.
    # Throws (a probe error: unknown, nothing fixed on it) when the program is missing or outlives its limit.
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $lines = 0
    if ($Config.OutputMatches) { $lines = 1000 }
    $run = Invoke-RemcProgram -Path $Config.Path -Arguments @($Config.Arguments) -TimeoutSeconds $Config.TimeoutSeconds -MaxLines $lines
    Assert-RemcProgramRan -Run $run -TimeoutSeconds $Config.TimeoutSeconds
    $desired = @(@($Config.DesiredExitCodes) | ForEach-Object { [int] $_ })
    $codeOk = $desired -contains [int] $run.ExitCode
    $matched = $null
    if ($Config.OutputMatches) { $matched = Test-RemcCommandProbeOutput -Text $run.Text -Pattern $Config.OutputMatches }
    $summary = '{0} exited {1}' -f (Split-Path -Path $run.Path -Leaf), (Format-RemcProgramExitCode -Code $run.ExitCode)
    if (-not $codeOk) { $summary += (', not {0}' -f ($desired -join '/')) }
    if ($false -eq $matched) { $summary += ', output does not match' }
    $summary += (Format-RemcProgramRun -Run $run)
    @{
        InDesiredState = ($codeOk -and $false -ne $matched)
        Summary = $summary
        Facts = @{ Path = $run.Path; ExitCode = $run.ExitCode; ExitCodeOk = $codeOk; OutputMatched = $matched; Output = $run.Output; ErrorOutput = $run.ErrorOutput }
    }
}

function Test-RemcCommandProbeOutput {
    # Whether the output matches the pattern (case-insensitive); a pattern .NET cannot read is a probe error.
    param([string] $Text, [string] $Pattern)
    try { return [bool] ($Text -match $Pattern) }
    catch { throw ('outputMatches is not a .NET regular expression: {0}' -f $Pattern) }
}
