function Get-RemcStatePath {
    # Per user for user-context remediations (the symptoms and tokens are the user's), per machine for SYSTEM.
    param($Remediation)
    if ($Remediation.RunAs -eq 'user') { $base = $env:LOCALAPPDATA } else { $base = $env:ProgramData }
    if (-not $base) { throw 'cannot keep the remediation state: LOCALAPPDATA / ProgramData is not set' }
    Join-Path (Join-Path $base 'remc') ($Remediation.Id + '.json')
}

function Read-RemcState {
    # The marker of the last fix; a missing or unreadable marker means no fix was made here.
    param($Remediation)
    $path = Get-RemcStatePath -Remediation $Remediation
    if (-not (Test-Path -LiteralPath $path)) { return $null }
    try { Get-Content -LiteralPath $path -Raw -ErrorAction Stop | ConvertFrom-Json -ErrorAction Stop } catch { $null }
}

function Save-RemcState {
    # Ticks as a string: ConvertFrom-Json turns ISO dates into DateTime on PowerShell 7 but not on 5.1.
    param($Remediation, [datetime] $Now, [string[]] $Fixed)
    $path = Get-RemcStatePath -Remediation $Remediation
    $folder = Split-Path -Parent $path
    if (-not (Test-Path -LiteralPath $folder)) { $null = New-Item -ItemType Directory -Path $folder -Force }
    $state = [ordered]@{ LastFixUtc = $Now.ToString('yyyy-MM-ddTHH:mm:ssZ'); LastFixUtcTicks = [string] $Now.Ticks; Fixed = @($Fixed) }
    [System.IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $state -Compress))
}
