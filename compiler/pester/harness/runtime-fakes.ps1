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

Set-Alias -Name Get-RemcUtcNow -Value Get-RemcFakeUtcNow
Set-Alias -Name Get-RemcHostBitness -Value Get-RemcFakeHostBitness
