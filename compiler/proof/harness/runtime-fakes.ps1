# Fakes of the runtime's own seams (the clock and the host's bitness), backed by the scenario state.

function Get-RemcFakeUtcNow {
    if ($global:RemcFakeState.Contains('Now') -and $null -ne $global:RemcFakeState.Now) { return [datetime] $global:RemcFakeState.Now }
    [DateTime]::UtcNow
}

function Get-RemcFakeHostBitness {
    # Default: the 64-bit host Intune starts when "Run script in 64-bit PowerShell" is on.
    $process64 = $true
    if ($global:RemcFakeState.Contains('Host32Bit') -and $global:RemcFakeState.Host32Bit) { $process64 = $false }
    @{ Is64BitOS = $true; Is64BitProcess = $process64 }
}

function Get-RemcFakeClock {
    # The real clock, unless a scenario makes every reading ClockStepSeconds later than the one before
    # (slow probes, to reach the probe budget).
    if (-not $global:RemcFakeState.Contains('ClockStepSeconds') -or -not $global:RemcFakeState.ClockStepSeconds) { return [DateTime]::UtcNow }
    $global:RemcFakeState.ClockReadings = [int] $global:RemcFakeState.ClockReadings + 1
    ([datetime] '2026-01-01T00:00:00Z').ToUniversalTime().AddSeconds([double] $global:RemcFakeState.ClockStepSeconds * $global:RemcFakeState.ClockReadings)
}

Set-Alias -Name Get-RemcUtcNow -Value Get-RemcFakeUtcNow
Set-Alias -Name Get-RemcClock -Value Get-RemcFakeClock
Set-Alias -Name Get-RemcHostBitness -Value Get-RemcFakeHostBitness
