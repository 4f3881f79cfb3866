function Test-RemcEventSignal {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $signal = Get-RemcEventSignalSpec -Config $Config
    $now = ConvertTo-RemcEventSignalUtc -Time $Context.Now
    if ($null -eq $now) { $now = [DateTime]::UtcNow }
    # Evidence older than the last fix (the marker) is history, not a symptom of the machine now.
    $start = $now.AddHours(-$signal.WindowHours)
    $sinceFix = $false
    $since = ConvertTo-RemcEventSignalUtc -Time $Context.Since
    if ($null -ne $since -and $since -gt $start) { $start = $since; $sinceFix = $true }
    # Enough to decide and to say how many: the threshold, and never fewer than 100.
    $max = $signal.MinCount
    if ($max -lt 100) { $max = 100 }
    $read = Get-RemcEventSignalRecord -LogName $signal.Log -ProviderName $signal.Provider -Id $signal.Ids -Level $signal.Levels -StartTime $start -MaxEvents $max
    if ($null -eq $read) { throw ("reading event log '{0}' returned nothing" -f $signal.Log) }
    if (-not $read.Available) { throw (Format-RemcEventSignalUnavailable -Log $signal.Log -Reason ([string]$read.Reason)) }
    $records = @(@($read.Records) | Where-Object { $null -ne $_ })
    $events = @(Select-RemcEventSignalEvent -Records $records -Signal $signal -Start $start)
    $capped = ($records.Count -ge $max)
    $found = ($events.Count -ge $signal.MinCount)
    $times = @($events | ForEach-Object { $_.TimeCreated } | Sort-Object)
    $oldest = $null
    $newest = $null
    if ($times.Count -gt 0) { $oldest = $times[0]; $newest = $times[-1] }
    return @{
        InDesiredState = (-not $found)
        Summary        = (Format-RemcEventSignalSummary -Signal $signal -Count $events.Count -Capped $capped -Start $start -SinceFix $sinceFix)
        Facts          = @{
            Found        = $found
            Count        = $events.Count
            Capped       = $capped
            MinCount     = $signal.MinCount
            LogName      = $signal.Log
            ProviderName = $signal.Provider
            Ids          = $signal.Ids
            Levels       = $signal.Levels
            WindowStart  = $start
            SinceLastFix = $sinceFix
            Oldest       = $oldest
            Newest       = $newest
            Events       = @($events | Select-Object -First 5)
        }
    }
}

function Get-RemcEventSignalSpec {
    param($Config)
    # The declaration as the probe uses it; the compiler checked it, this guards hand-made configs.
    $log = ([string]$Config.Log).Trim()
    if ($log -eq '' -or $log -match '[\*\?\[\]]') { throw ("Log must be one event log name without wildcards: '{0}'" -f $Config.Log) }
    $provider = ''
    if ($null -ne $Config.Provider) { $provider = ([string]$Config.Provider).Trim() }
    $ids = @()
    foreach ($item in @($Config.Ids)) {
        if ($null -eq $item) { continue }
        $number = Get-RemcEventSignalNumber -Value $item -Default -1
        if ($number -lt 0 -or $number -gt 65535 -or [double][long]$number -ne $number) { throw ("Ids must be event ids from 0 to 65535: '{0}'" -f $item) }
        if ($ids -notcontains [int]$number) { $ids += [int]$number }
    }
    if ($ids.Count -eq 0) { throw 'Ids must list at least one event id' }
    $levelName = ''
    if ($null -ne $Config.Level) { $levelName = ([string]$Config.Level).Trim().ToLowerInvariant() }
    $levels = @(Get-RemcEventSignalLevel -Name $levelName)
    $minCount = [int](Get-RemcEventSignalNumber -Value $Config.MinCount -Default 3)
    if ($minCount -lt 1) { $minCount = 1 }
    $hours = Get-RemcEventSignalNumber -Value $Config.WindowHours -Default 24
    if ($hours -le 0) { $hours = 24 }
    return @{ Log = $log; Provider = $provider; Ids = $ids; LevelName = $levelName; Levels = $levels; MinCount = $minCount; WindowHours = $hours }
}

function Get-RemcEventSignalNumber {
    param($Value, [double] $Default)
    # A number as [double]::TryParse reads it (NumberStyles.Float, the invariant culture), else Default:
    # a pattern, then Parse. TryParse itself needs [ref], which Constrained Language Mode refuses.
    if ($null -eq $Value) { return $Default }
    $text = ([string]$Value).Trim()
    if ($text -notmatch '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$') { return $Default }
    try {
        $number = [double]::Parse($text, [Globalization.NumberStyles]::Float, [Globalization.CultureInfo]::InvariantCulture)
    }
    catch {
        # Too large for a double (Windows PowerShell 5.1's .NET Framework throws; TryParse said false).
        return $Default
    }
    if ([double]::IsInfinity($number)) { return $Default }
    return $number
}

function Get-RemcEventSignalLevel {
    param([string] $Name)
    # System/Level: 1 critical, 2 error, 3 warning, 4 information (0, LogAlways, shows as information
    # too), 5 verbose. A level counts itself and every more severe one.
    switch ($Name) {
        '' { return @() }
        'critical' { return @(1) }
        'error' { return @(1, 2) }
        'warning' { return @(1, 2, 3) }
        'information' { return @(0, 1, 2, 3, 4) }
    }
    throw ("Level must be critical, error, warning or information: '{0}'" -f $Name)
}

function ConvertTo-RemcEventSignalUtc {
    param($Time)
    # Context times are UTC; an EventLogRecord's TimeCreated is local time.
    if ($null -eq $Time -or [string]$Time -eq '') { return $null }
    $value = [datetime]$Time
    if ([string]$value.Kind -eq 'Utc') { return $value }
    if ([string]$value.Kind -eq 'Local') { return $value.ToUniversalTime() }
    return [DateTime]::SpecifyKind($value, [DateTimeKind]::Utc)
}

function Select-RemcEventSignalEvent {
    param($Records, $Signal, [datetime] $Start)
    # The query already filtered; this keeps the count honest whatever the log returned, and turns each
    # record into plain values: TimeCreated (UTC), Id, ProviderName, Level, RecordId.
    foreach ($record in @($Records)) {
        $time = $null
        if ($null -ne $record.TimeCreated) { $time = ([datetime]$record.TimeCreated).ToUniversalTime() }
        if ($null -eq $time -or $time -lt $Start) { continue }
        if ($Signal.Ids -notcontains [int]$record.Id) { continue }
        if ($Signal.Provider -ne '' -and [string]$record.ProviderName -ne $Signal.Provider) { continue }
        $level = $null
        if ($null -ne $record.Level) { $level = [int]$record.Level }
        if (@($Signal.Levels).Count -gt 0 -and @($Signal.Levels) -notcontains $level) { continue }
        $recordId = $null
        if ($null -ne $record.RecordId) { $recordId = [long]$record.RecordId }
        @{ TimeCreated = $time; Id = [int]$record.Id; ProviderName = [string]$record.ProviderName; Level = $level; RecordId = $recordId }
    }
}

function Format-RemcEventSignalUnavailable {
    param([string] $Log, [string] $Reason)
    # Unknown is not "no events": the probe fails, so no fix runs on it, and says why.
    if ($Reason -eq 'log not found') { return ("event log '{0}' not found on this device" -f $Log) }
    if ($Reason -eq 'access denied') { return ("cannot read event log '{0}': access denied (this account may not read it; the Security log needs system)" -f $Log) }
    return ("event log '{0}' unavailable: {1}" -f $Log, $Reason)
}

function Format-RemcEventSignalIdList {
    param($Ids)
    # '1000', '1000/1001', or the first five and '+3'.
    $all = @($Ids)
    $shown = @($all | Select-Object -First 5)
    $text = ($shown -join '/')
    if ($all.Count -gt $shown.Count) { $text += (' +{0}' -f ($all.Count - $shown.Count)) }
    return $text
}

function Format-RemcEventSignalSummary {
    param($Signal, [int] $Count, [bool] $Capped, [datetime] $Start, [bool] $SinceFix)
    # '5 events 1000 from Application Error in the last 24 h (threshold 3)'
    $noun = 'events'
    if ($Count -eq 1) { $noun = 'event' }
    $number = [string]$Count
    if ($Capped) { $number = 'at least {0}' -f $Count }
    $text = '{0} {1} {2}' -f $number, $noun, (Format-RemcEventSignalIdList -Ids $Signal.Ids)
    $levelText = @{ 'critical' = 'critical'; 'error' = 'error or critical'; 'warning' = 'warning or worse'; 'information' = 'information or worse' }
    if ($Signal.LevelName -ne '') { $text += (' ({0})' -f $levelText[$Signal.LevelName]) }
    if ($Signal.Provider -ne '') { $text += (' from {0}' -f $Signal.Provider) } else { $text += (' in {0}' -f $Signal.Log) }
    if ($SinceFix) {
        $text += (' since the last fix at {0}' -f $Start.ToString("yyyy-MM-dd'T'HH:mm'Z'", [Globalization.CultureInfo]::InvariantCulture))
    } else {
        $text += (' in the last {0} h' -f $Signal.WindowHours)
    }
    return ('{0} (threshold {1})' -f $text, $Signal.MinCount)
}
