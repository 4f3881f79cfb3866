function Get-RemcStatePath {
    # Per user for user-context remediations (the symptoms and tokens are the user's), per machine for SYSTEM.
    param($Remediation)
    if ($Remediation.RunAs -eq 'user') { $base = $env:LOCALAPPDATA } else { $base = $env:ProgramData }
    if (-not $base) { throw 'cannot keep the remediation state: LOCALAPPDATA / ProgramData is not set' }
    Join-Path (Join-Path $base 'remc') ($Remediation.Id + '.json')
}

function Read-RemcState {
    # The marker of the last fix (the check protocol's Marker). Missing, unreadable, of another shape, or
    # from the future (a clock that was wrong, a copied profile): treated as absent, and the next fix
    # writes a good one. Trusting it could hold fixes for years or hide history.
    param($Remediation)
    $path = Get-RemcStatePath -Remediation $Remediation
    if (-not (Test-Path -LiteralPath $path)) { return $null }
    try { $marker = Get-Content -LiteralPath $path -Raw -ErrorAction Stop | ConvertFrom-Json -ErrorAction Stop } catch { return $null }
    # Digits only, then a cast: [long]::TryParse with [ref] is not allowed in Constrained Language Mode.
    if ($null -eq $marker -or [string] $marker.LastFixUtcTicks -notmatch '^[0-9]{1,18}$') { return $null }
    $ticks = [long] [string] $marker.LastFixUtcTicks
    $now = Get-RemcUtcNow
    if ($ticks -le 0 -or $ticks -gt $now.AddMinutes(5).Ticks) { return $null }
    $attempts = @(@($marker.Attempts) | Where-Object { [string] $_ -match '^[0-9]{1,18}$' } | ForEach-Object { [long] [string] $_ } | Where-Object { $_ -gt 0 -and $_ -le $ticks })
    @{ LastFixUtcTicks = $ticks; Fixed = @($marker.Fixed); Attempts = $attempts }
}

function Save-RemcState {
    # Ticks as strings: ConvertFrom-Json turns ISO dates into DateTime on PowerShell 7 but not on 5.1.
    # Attempts keeps the times of the fixes inside the remediation's window (its limit counts them).
    param($Remediation, [datetime] $Now, [string[]] $Fixed, [long[]] $Attempts)
    $path = Get-RemcStatePath -Remediation $Remediation
    $folder = Split-Path -Parent $path
    if (-not (Test-Path -LiteralPath $folder)) { $null = New-Item -ItemType Directory -Path $folder -Force }
    $state = [ordered]@{
        Protocol = [int] $Remediation.Protocol
        LastFixUtc = $Now.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
        LastFixUtcTicks = [string] $Now.Ticks
        Fixed = @($Fixed)
        Attempts = @(@($Attempts) | ForEach-Object { [string] $_ })
    }
    Set-Content -LiteralPath $path -Value (ConvertTo-Json -InputObject $state -Compress) -Encoding ASCII -NoNewline
}
