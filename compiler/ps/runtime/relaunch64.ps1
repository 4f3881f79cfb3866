function Get-RemcHostBitness {
    @{ Is64BitOS = [Environment]::Is64BitOperatingSystem; Is64BitProcess = [Environment]::Is64BitProcess }
}

function Invoke-RemcRelaunch64 {
    # Intune starts 32-bit PowerShell unless told otherwise, where AppX cmdlets fail and System32 is
    # redirected. Run this same file in the 64-bit host (reached through Sysnative) and relay its last
    # line and exit code, never its error stream. $null when this host is already right.
    param([string] $ScriptPath)
    $bits = Get-RemcHostBitness
    if (-not $bits.Is64BitOS -or $bits.Is64BitProcess) { return $null }
    $exe = Join-Path $env:SystemRoot 'Sysnative\WindowsPowerShell\v1.0\powershell.exe'
    if (-not (Test-Path -LiteralPath $exe)) { throw "64-bit PowerShell not found at $exe" }
    # Windows PowerShell 5.1 turns native stderr into terminating errors under 'Stop'.
    $ErrorActionPreference = 'Continue'
    $lines = @(& $exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $ScriptPath 2>$null)
    $code = $LASTEXITCODE
    if ($lines.Count -gt 0) { $last = [string] $lines[$lines.Count - 1] } else { $last = 'relaunched in 64-bit PowerShell, which printed nothing' }
    # The child wrote the run's outcome (it inherits REMC_OUTCOME_PATH): relayed, not written again.
    @{ ExitCode = $code; Summary = $last; Relayed = $true; Checks = @() }
}
