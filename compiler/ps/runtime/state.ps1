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
    $notHeld = @()
    $notHeld = @(Read-RemcNotHeld -Value $marker.NotHeld -LastFixTicks $ticks) # remc-when: symptom-fixes
    $state = @{ LastFixUtcTicks = $ticks; Fixed = @($marker.Fixed); Attempts = $attempts; Sightings = $sightings; NotHeld = $notHeld; Proof = $null }
    $state.Proof = Read-RemcProofRecord -Value $marker.Proof -LastFixTicks $ticks # remc-when: symptom-fixes
    if ($clamped) {
        # Best effort: a marker that cannot be written is clamped again on the next read.
        try { Write-RemcMarker -Remediation $Remediation -State $state } catch { $null = $_ }
    }
    $state
}

function Read-RemcNotHeld {
    # The times of fixes proven not to have held (each counts once more toward the limit); like attempts,
    # none later than the last fix (a later one counts as made then).
    param($Value, $LastFixTicks)
    if ($null -eq $LastFixTicks) { return }
    foreach ($item in @($Value)) {
        $missed = ConvertFrom-RemcTicks -Value $item
        if ($null -eq $missed -or $missed -le 0) { continue }
        if ($missed -gt $LastFixTicks) { $missed = $LastFixTicks }
        $missed
    }
}

function Read-RemcProofRecord {
    # The proof the last fix awaits or got (the protocol's Marker.Proof): it belongs to the last fix and
    # to no other, so one of another time, or of an unknown verdict, is forgotten.
    param($Value, $LastFixTicks)
    if ($null -eq $Value -or $null -eq $LastFixTicks) { return $null }
    $fixTicks = ConvertFrom-RemcTicks -Value $Value.FixUtcTicks
    if ($null -ne $fixTicks -and $fixTicks -gt $LastFixTicks) { $fixTicks = $LastFixTicks }
    if ($null -eq $fixTicks -or $fixTicks -ne $LastFixTicks) { return $null }
    $verdict = [string] $Value.Verdict
    if (@('pending', 'held', 'not held', 'unknown') -notcontains $verdict) { return $null }
    $entries = @(@($Value.Checks) | Where-Object { [string] $_ -match '^[^=]+=.+$' } | ForEach-Object { [string] $_ })
    if ($entries.Count -eq 0) { return $null }
    $evidence = $null
    if ($null -ne $Value.Evidence) { $evidence = [string] $Value.Evidence }
    @{ FixUtcTicks = $fixTicks; Checks = $entries; Verdict = $verdict; Evidence = $evidence; DecidedUtcTicks = (ConvertFrom-RemcTicks -Value $Value.DecidedUtcTicks) }
}

function Write-RemcMarker {
    # The whole marker from a state as Read-RemcState returns it. Ticks as strings: ConvertFrom-Json turns
    # ISO dates into DateTime on PowerShell 7 but not on 5.1.
    param($Remediation, $State)
    $path = Get-RemcStatePath -Remediation $Remediation
    $folder = Split-Path -Parent $path
    if (-not (Test-Path -LiteralPath $folder)) { $null = New-Item -ItemType Directory -Path $folder -Force }
    $fixTime = $null
    $fixTicks = $null
    if ($null -ne $State.LastFixUtcTicks) {
        $time = New-Object DateTime ([long] $State.LastFixUtcTicks), ([DateTimeKind]::Utc)
        $fixTime = $time.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
        $fixTicks = [string] $State.LastFixUtcTicks
    }
    $proof = $null
    if ($null -ne $State.Proof) {
        $decided = $null
        if ($null -ne $State.Proof.DecidedUtcTicks) { $decided = [string] $State.Proof.DecidedUtcTicks }
        $proof = [ordered]@{ FixUtcTicks = [string] $State.Proof.FixUtcTicks; Checks = @($State.Proof.Checks); Verdict = [string] $State.Proof.Verdict; Evidence = $State.Proof.Evidence; DecidedUtcTicks = $decided }
    }
    $marker = [ordered]@{
        Protocol = [int] $Remediation.Protocol
        LastFixUtc = $fixTime
        LastFixUtcTicks = $fixTicks
        Fixed = @($State.Fixed)
        Attempts = @(@($State.Attempts) | ForEach-Object { [string] $_ })
        Sightings = @(@($State.Sightings) | ForEach-Object { [ordered]@{ Key = [string] $_.Key; Count = [int] $_.Count; LastUtcTicks = [string] $_.LastUtcTicks } })
        NotHeld = @(@($State.NotHeld) | ForEach-Object { [string] $_ })
        Proof = $proof
    }
    Set-Content -LiteralPath $path -Value (ConvertTo-Json -InputObject $marker -Compress -Depth 4) -Encoding ASCII -NoNewline
}

function Save-RemcState {
    # After a fix: the cool-down starts, the fix counts against the limit, and the symptoms that led to it
    # start their count again. A fix a symptom triggered awaits its proof (Proof: 'check=symptom' each);
    # one of drift was proven by the probe that read the state back, and awaits none.
    param($Remediation, [datetime] $Now, [string[]] $Fixed, [long[]] $Attempts, [string[]] $Awaiting, $NotHeld)
    $proof = $null
    if (@($Awaiting).Count -gt 0) { $proof = @{ FixUtcTicks = $Now.Ticks; Checks = @($Awaiting); Verdict = 'pending'; Evidence = $null; DecidedUtcTicks = $null } }
    Write-RemcMarker -Remediation $Remediation -State @{ LastFixUtcTicks = $Now.Ticks; Fixed = $Fixed; Attempts = $Attempts; Sightings = @(); NotHeld = @($NotHeld); Proof = $proof }
}

function Save-RemcDetection {
    # What detection learned: its count of consecutive sightings of each symptom (for confirmRuns), and
    # the verdict on the last fix's proof once one is reached. Written only when there is something to
    # count, forget or decide: a healthy device writes nothing, and a symptom not seen again starts from zero.
    param($Remediation, $Context, [string[]] $Symptoms, $Proof)
    $counts = [int] $Remediation.ConfirmRuns -gt 1 -and -not (@($Symptoms).Count -eq 0 -and $Context.Sightings.Count -eq 0)
    $decided = $null -ne $Proof -and $Proof.Changed
    if (-not $counts -and -not $decided) { return }
    try {
        $state = Read-RemcState -Remediation $Remediation
        if ($null -eq $state) { $state = @{ LastFixUtcTicks = $null; Fixed = @(); Attempts = @(); Sightings = @(); NotHeld = @(); Proof = $null } }
        if ($counts) {
            $now = $Context.Now.Ticks
            $state.Sightings = @(foreach ($symptom in @($Symptoms)) { @{ Key = $symptom; Count = (Get-RemcSightingCount -Symptom $symptom -Context $Context); LastUtcTicks = $now } })
        }
        if ($decided -and $null -ne $state.Proof -and $state.Proof.FixUtcTicks -eq $Proof.Record.FixUtcTicks) {
            $state.Proof = $Proof.Record
            if ($Proof.Record.Verdict -eq 'not held') { $state.NotHeld = @(@($state.NotHeld) + @($Proof.Record.FixUtcTicks)) }
        }
        Write-RemcMarker -Remediation $Remediation -State $state
    } catch {
        # A marker that cannot be written only delays: the next detection counts or decides again.
        $null = $_
    }
}
