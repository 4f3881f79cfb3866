# Test fakes for the event-signal seam (never emitted). Dot-source this file: it defines the fake and
# points the seam name at it with an alias, which wins over functions.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only this template's keys (EventSignal*) are touched.

function Reset-RemcFakeEventSignal {
    param(
        # The events in the device's logs (New-RemcFakeWinEvent). Default: none.
        $Event = @(),
        # For scenarios, which cannot know the declaration: at these times (UTC) the device logged an
        # event that matches whatever a query asks for (its log, first id, provider and level).
        [datetime[]] $MatchingAt = @(),
        # Logs that do not exist on the device, as -like patterns ('*': every log). Every other log exists.
        [string[]] $MissingLog = @(),
        # Logs this account may not read, as -like patterns (the Security log for a standard user).
        [string[]] $DeniedLog = @(),
        # Any other failure of Get-WinEvent: the seam throws this message.
        $ReadError = $null
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.EventSignalEvents = New-Object System.Collections.ArrayList
    foreach ($item in @($Event)) { if ($null -ne $item) { $null = $state.EventSignalEvents.Add($item) } }
    $state.EventSignalMatchingAt = @(@($MatchingAt) | ForEach-Object { $_.ToUniversalTime() })
    $state.EventSignalMissingLogs = @($MissingLog)
    $state.EventSignalDeniedLogs = @($DeniedLog)
    $state.EventSignalReadError = $ReadError
    $state.EventSignalQueries = New-Object System.Collections.ArrayList
}

function Test-RemcFakeEventSignalLogIn {
    param([string] $LogName, $Patterns)
    foreach ($pattern in @($Patterns)) { if (-not [string]::IsNullOrEmpty([string]$pattern) -and $LogName -like [string]$pattern) { return $true } }
    return $false
}

function New-RemcFakeWinEvent {
    # One event as Get-WinEvent returns it: an EventLogRecord (Microsoft Learn "EventLogRecord Class",
    # System.Diagnostics.Eventing.Reader) with the Message note property Get-WinEvent adds. Types as the
    # class declares them: Id Int32, Level Nullable<Byte>, LevelDisplayName String (localized on a real
    # machine), LogName String, ProviderName String, RecordId Nullable<Int64>, TimeCreated
    # Nullable<DateTime> in the machine's local time. -Time is UTC (or local, when its Kind says so).
    param(
        [datetime] $Time,
        [int] $Id = 1000,
        [string] $ProviderName = 'Application Error',
        [string] $LogName = 'Application',
        [int] $Level = 2,
        [long] $RecordId = 0
    )
    $utc = $Time
    if ([string]$Time.Kind -eq 'Local') { $utc = $Time.ToUniversalTime() }
    if ([string]$Time.Kind -eq 'Unspecified') { $utc = [datetime]::SpecifyKind($Time, [DateTimeKind]::Utc) }
    if ($RecordId -eq 0) { $RecordId = [long](($utc.Ticks / 10000000) % 100000000) }
    $display = @{ 0 = 'Information'; 1 = 'Critical'; 2 = 'Error'; 3 = 'Warning'; 4 = 'Information'; 5 = 'Verbose' }
    return [pscustomobject]@{
        PSTypeName       = 'System.Diagnostics.Eventing.Reader.EventLogRecord'
        Id               = [int]$Id
        Level            = [byte]$Level
        LevelDisplayName = [string]$display[$Level]
        LogName          = $LogName
        MachineName      = 'PC-0042.contoso.com'
        ProviderName     = $ProviderName
        RecordId         = [long]$RecordId
        TimeCreated      = $utc.ToLocalTime()
        Message          = ('Faulting application name: app.exe (event {0})' -f $Id)
    }
}

function Get-RemcFakeEventSignalRecord {
    # What the seam returns, filtering as its query does: log, provider, ids, levels, StartTime; newest
    # first (Get-WinEvent reads backwards unless -Oldest), at most MaxEvents.
    param([string] $LogName, [string] $ProviderName, [int[]] $Id, [int[]] $Level, [datetime] $StartTime, [long] $MaxEvents)
    $state = $global:RemcFakeState
    $ids = @(@($Id) | Where-Object { $null -ne $_ })
    $levels = @(@($Level) | Where-Object { $null -ne $_ })
    $null = $state.EventSignalQueries.Add(@{ LogName = $LogName; ProviderName = $ProviderName; Id = $ids; Level = $levels; StartTime = $StartTime; MaxEvents = $MaxEvents })
    if ($null -ne $state.EventSignalReadError) { throw $state.EventSignalReadError }
    if (Test-RemcFakeEventSignalLogIn -LogName $LogName -Patterns $state.EventSignalMissingLogs) { return @{ Available = $false; Reason = 'log not found'; Records = @() } }
    if (Test-RemcFakeEventSignalLogIn -LogName $LogName -Patterns $state.EventSignalDeniedLogs) { return @{ Available = $false; Reason = 'access denied'; Records = @() } }
    $all = @($state.EventSignalEvents)
    foreach ($time in @($state.EventSignalMatchingAt)) {
        if ($null -eq $time -or $ids.Count -eq 0) { continue }
        $provider = $ProviderName
        if ($provider -eq '') { $provider = 'Contoso Agent' }
        $severity = 2
        if ($levels.Count -gt 0) { $severity = @($levels | Sort-Object)[-1] }
        $all += New-RemcFakeWinEvent -Time ([datetime]$time) -Id $ids[0] -ProviderName $provider -LogName $LogName -Level $severity
    }
    $start = $StartTime
    if ([string]$start.Kind -eq 'Local') { $start = $start.ToUniversalTime() }
    $matched = @($all | Where-Object {
            [string]$_.LogName -eq $LogName -and
            ($ProviderName -eq '' -or [string]$_.ProviderName -eq $ProviderName) -and
            ($ids -contains [int]$_.Id) -and
            ($levels.Count -eq 0 -or $levels -contains [int]$_.Level) -and
            ([datetime]$_.TimeCreated).ToUniversalTime() -ge $start
        })
    $newest = @($matched | Sort-Object -Property @{ Expression = { ([datetime]$_.TimeCreated).ToUniversalTime() }; Descending = $true } | Select-Object -First $MaxEvents)
    return @{ Available = $true; Reason = ''; Records = $newest }
}

Set-Alias -Name Get-RemcEventSignalRecord -Value Get-RemcFakeEventSignalRecord
