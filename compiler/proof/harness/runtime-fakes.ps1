# Fakes of the runtime's own seams (the clock, the host's bitness, who the script runs as), backed by the scenario state.

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

function Get-RemcFakeIdentity {
    # The account a scenario runs as: $RemcFakeState.Identity, e.g. @{ Sid = 'S-1-5-18'; Name = 'NT AUTHORITY\SYSTEM';
    # IsSystem = $true } (the shape Get-RemcIdentity returns from WindowsIdentity.GetCurrent()). Unset, the
    # account is unknown (IsSystem $null), as on a host that cannot tell, and the script goes on.
    $identity = $global:RemcFakeState.Identity
    if ($null -eq $identity) { return @{ Sid = $null; Name = [string]$env:USERNAME; IsSystem = $null } }
    $identity
}

Set-Alias -Name Get-RemcUtcNow -Value Get-RemcFakeUtcNow
Set-Alias -Name Get-RemcClock -Value Get-RemcFakeClock
Set-Alias -Name Get-RemcHostBitness -Value Get-RemcFakeHostBitness
Set-Alias -Name Get-RemcIdentity -Value Get-RemcFakeIdentity
