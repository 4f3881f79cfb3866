# The only Windows-facing call of event-signal. Tests replace Get-RemcEventSignalRecord with a fake;
# New-RemcEventSignalXPath and Get-RemcEventSignalFailure are pure and tested directly.

function Get-RemcEventSignalRecord {
    # The newest events (EventLogRecord objects, at most MaxEvents) of one log that match the ids, the
    # levels (none: every level), the provider (empty: every provider) and StartTime (UTC).
    # Returns @{ Available; Reason; Records }: no events is Available with none; a log that does not
    # exist or that this account may not read is not Available, with the reason; anything else throws.
    param([string] $LogName, [string] $ProviderName, [int[]] $Id, [int[]] $Level, [datetime] $StartTime, [long] $MaxEvents)
    $xpath = New-RemcEventSignalXPath -ProviderName $ProviderName -Id $Id -Level $Level -StartTime $StartTime
    # -LogName with -FilterXPath, not -FilterHashtable: the hashtable form reads with tolerated query
    # errors (an unreadable log looks empty) and resolves ProviderName through provider metadata (a
    # provider that is not registered, or not linked to the log, fails the query).
    try {
        $records = @(Get-WinEvent -LogName $LogName -FilterXPath $xpath -MaxEvents $MaxEvents -ErrorAction Stop)
    }
    catch {
        $reason = Get-RemcEventSignalFailure -ErrorRecord $_
        if ($reason -eq 'empty') { return @{ Available = $true; Reason = ''; Records = @() } }
        if ($reason -ne '') { return @{ Available = $false; Reason = $reason; Records = @() } }
        $text = (([string]$_.Exception.Message) -replace '\s+', ' ').Trim()
        if ($text.Length -gt 200) { $text = $text.Substring(0, 200) + '...' }
        throw ("reading event log '{0}' failed: {1}" -f $LogName, $text)
    }
    return @{ Available = $true; Reason = ''; Records = $records }
}

function New-RemcEventSignalXPath {
    # The event log query, in the form Get-WinEvent -FilterHashtable builds itself, e.g.
    # *[System/Provider[@Name='Application Error'] and ((System/EventID=1000) or (System/EventID=1002))
    #   and ((System/Level=1) or (System/Level=2)) and (System/TimeCreated[@SystemTime>='2024-05-01T10:00:00.000Z'])]
    param([string] $ProviderName, [int[]] $Id, [int[]] $Level, [datetime] $StartTime)
    $terms = @()
    if ($ProviderName -ne '') {
        if ($ProviderName.Contains("'")) { throw ("a provider name cannot hold a quote: {0}" -f $ProviderName) }
        $terms += ("System/Provider[@Name='{0}']" -f $ProviderName)
    }
    $ids = @(@($Id) | Where-Object { $null -ne $_ })
    if ($ids.Count -eq 0) { throw 'at least one event id is needed' }
    $terms += ('(' + ((@($ids | ForEach-Object { '(System/EventID={0})' -f [int]$_ })) -join ' or ') + ')')
    $levels = @(@($Level) | Where-Object { $null -ne $_ })
    if ($levels.Count -gt 0) {
        $terms += ('(' + ((@($levels | ForEach-Object { '(System/Level={0})' -f [int]$_ })) -join ' or ') + ')')
    }
    $utc = $StartTime
    if ([string]$utc.Kind -eq 'Local') { $utc = $utc.ToUniversalTime() }
    $stamp = $utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", [Globalization.CultureInfo]::InvariantCulture)
    $terms += ("(System/TimeCreated[@SystemTime>='{0}'])" -f $stamp)
    return ('*[' + ($terms -join ' and ') + ']')
}

function Get-RemcEventSignalFailure {
    # 'empty', 'log not found', 'access denied' or '' (anything else), from error ids and exception
    # types only: the messages are localized. Get-WinEvent writes NoMatchingEventsFound when nothing
    # matched and NoMatchingLogsFound for an unknown log; a log it may not open throws
    # UnauthorizedAccessException (or reports it inside LogInfoUnavailable).
    param($ErrorRecord)
    $id = [string]$ErrorRecord.FullyQualifiedErrorId
    if ($id -eq 'NoMatchingEventsFound' -or $id -like 'NoMatchingEventsFound,*') { return 'empty' }
    if ($id -eq 'NoMatchingLogsFound' -or $id -like 'NoMatchingLogsFound,*') { return 'log not found' }
    $ex = $ErrorRecord.Exception
    while ($null -ne $ex) {
        $types = @($ex.PSObject.TypeNames)
        if ($types -contains 'System.UnauthorizedAccessException') { return 'access denied' }
        if ($types -contains 'System.Diagnostics.Eventing.Reader.EventLogNotFoundException') { return 'log not found' }
        $ex = $ex.InnerException
    }
    if ($id -like 'System.UnauthorizedAccessException*') { return 'access denied' }
    if ([string]$ErrorRecord.CategoryInfo.Category -eq 'PermissionDenied') { return 'access denied' }
    return ''
}
