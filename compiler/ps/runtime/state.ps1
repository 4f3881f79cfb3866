function Get-RemcStatePath {
    # Per user for user-context remediations (the symptoms and tokens are the user's), per machine for SYSTEM.
    param($Remediation)
    if ($Remediation.RunAs -eq 'user') { $base = $env:LOCALAPPDATA } else { $base = $env:ProgramData }
    if (-not $base) { throw 'cannot keep the remediation state: LOCALAPPDATA / ProgramData is not set' }
    Join-Path (Join-Path $base 'remc') ($Remediation.Id + '.json')
}

function ConvertFrom-RemcTicks {
    # Digits only, then a cast: [long]::TryParse with [ref] is not allowed in Constrained Language Mode.
    param($Value)
    if ([string] $Value -notmatch '^[0-9]{1,18}$') { return $null }
    [long] [string] $Value
}

function Read-RemcState {
    # The marker (the check protocol's Marker). Missing, unreadable or of another shape: treated as
    # absent, and the next write makes a good one. A time from the future (a clock that went back, an
    # edited or copied file) counts as now: the fixes it records happened, so their cool-down holds and
    # each still counts toward the limit. Trusting the date could hold fixes for years; dropping the
    # marker would forget the attempts and let a fix that does not hold run again and again. The clamped
    # marker is written back at once, so its cool-down and window run from the first run that saw it,
    # not from every later run's now. A sighting from the future is forgotten (its count starts again).
    param($Remediation)
    $path = Get-RemcStatePath -Remediation $Remediation
    if (-not (Test-Path -LiteralPath $path)) { return $null }
    try { $marker = Get-Content -LiteralPath $path -Raw -ErrorAction Stop | ConvertFrom-Json -ErrorAction Stop } catch { return $null }
    if ($null -eq $marker) { return $null }
    $now = (Get-RemcUtcNow).Ticks
    $latest = (Get-RemcUtcNow).AddMinutes(5).Ticks
    $clamped = $false
    $ticks = ConvertFrom-RemcTicks -Value $marker.LastFixUtcTicks
    if ($null -ne $marker.LastFixUtcTicks -and ($null -eq $ticks -or $ticks -le 0)) { return $null }
    if ($null -ne $ticks -and $ticks -gt $now) { $ticks = $now; $clamped = $true }
    $attempts = @()
    if ($null -ne $ticks) {
        $attempts = @(foreach ($value in @($marker.Attempts)) {
                $attempt = ConvertFrom-RemcTicks -Value $value
                if ($null -eq $attempt -or $attempt -le 0) { continue }
                if ($attempt -gt $now) { $attempt = $now; $clamped = $true }
                if ($attempt -le $ticks) { $attempt }
            })
    }
    $sightings = @(@($marker.Sightings) | Where-Object { $null -ne $_ } | ForEach-Object {
            $last = ConvertFrom-RemcTicks -Value $_.LastUtcTicks
            if ($null -ne $last -and $last -le $latest -and [string] $_.Count -match '^[0-9]{1,3}$' -and [string] $_.Key) {
                @{ Key = [string] $_.Key; Count = [int] [string] $_.Count; LastUtcTicks = $last }
            }
        })
    $state = @{ LastFixUtcTicks = $ticks; Fixed = @($marker.Fixed); Attempts = $attempts; Sightings = $sightings }
    if ($clamped) {
        # Best effort: a marker that cannot be written is clamped again on the next read.
        try { Write-RemcMarker -Remediation $Remediation -LastFixTicks $ticks -Fixed $state.Fixed -Attempts $attempts -Sightings $sightings } catch { $null = $_ }
    }
    $state
}

function Write-RemcMarker {
    # Ticks as strings: ConvertFrom-Json turns ISO dates into DateTime on PowerShell 7 but not on 5.1.
    param($Remediation, $LastFixTicks, [string[]] $Fixed, $Attempts, $Sightings)
    $path = Get-RemcStatePath -Remediation $Remediation
    $folder = Split-Path -Parent $path
    if (-not (Test-Path -LiteralPath $folder)) { $null = New-Item -ItemType Directory -Path $folder -Force }
    # PowerShell names are case-insensitive: these must not be called $lastFixTicks.
    $fixTime = $null
    $fixTicks = $null
    if ($null -ne $LastFixTicks) {
        $time = New-Object DateTime ([long] $LastFixTicks), ([DateTimeKind]::Utc)
        $fixTime = $time.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
        $fixTicks = [string] $LastFixTicks
    }
    $state = [ordered]@{
        Protocol = [int] $Remediation.Protocol
        LastFixUtc = $fixTime
        LastFixUtcTicks = $fixTicks
        Fixed = @($Fixed)
        Attempts = @(@($Attempts) | ForEach-Object { [string] $_ })
        Sightings = @(@($Sightings) | ForEach-Object { [ordered]@{ Key = [string] $_.Key; Count = [int] $_.Count; LastUtcTicks = [string] $_.LastUtcTicks } })
    }
    Set-Content -LiteralPath $path -Value (ConvertTo-Json -InputObject $state -Compress -Depth 4) -Encoding ASCII -NoNewline
}

function Save-RemcState {
    # After a fix: the cool-down starts, the fix counts against the limit, and the symptoms that led to it
    # start their count again.
    param($Remediation, [datetime] $Now, [string[]] $Fixed, [long[]] $Attempts)
    Write-RemcMarker -Remediation $Remediation -LastFixTicks $Now.Ticks -Fixed $Fixed -Attempts $Attempts -Sightings @()
}

function Save-RemcSightings {
    # Detection's count of consecutive sightings of each symptom, written only when there is something
    # to count or forget: a healthy device writes nothing, and a symptom not seen again starts from zero.
    param($Remediation, $Context, [string[]] $Symptoms)
    if (@($Symptoms).Count -eq 0 -and $Context.Sightings.Count -eq 0) { return }
    $now = $Context.Now.Ticks
    $seen = @(foreach ($symptom in @($Symptoms)) { @{ Key = $symptom; Count = (Get-RemcSightingCount -Symptom $symptom -Context $Context); LastUtcTicks = $now } })
    try {
        $state = Read-RemcState -Remediation $Remediation
        $previousFix = $null; $fixed = @(); $attempts = @()
        if ($null -ne $state) { $previousFix = $state.LastFixUtcTicks; $fixed = @($state.Fixed); $attempts = @($state.Attempts) }
        Write-RemcMarker -Remediation $Remediation -LastFixTicks $previousFix -Fixed $fixed -Attempts $attempts -Sightings $seen
    } catch {
        # A marker that cannot be written only delays a fix: the next detection counts from one again.
        $null = $_
    }
}
