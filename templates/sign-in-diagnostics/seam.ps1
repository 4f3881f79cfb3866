function Get-RemcAadEvent {
    param([datetime] $Since, [int[]] $Id)
    $log = 'Microsoft-Windows-AAD/Operational'
    # Get-WinEvent turns StartTime into text and back as local time, so hand it local time.
    $filter = @{ LogName = $log; Id = $Id; StartTime = $Since.ToLocalTime() }
    try {
        $records = @(Get-WinEvent -FilterHashtable $filter -ErrorAction Stop)
    }
    catch {
        $failure = $_
        $reason = Get-RemcAadLogFailure -ErrorRecord $failure
        # FilterHashtable tolerates query errors: a channel we may not read also looks empty.
        if ($reason -eq 'empty') { $reason = Test-RemcAadLogAccess -LogName $log }
        if ($reason -eq 'empty') { return @{ Available = $true; Reason = ''; Events = @() } }
        if ($reason -ne '') { return @{ Available = $false; Reason = $reason; Events = @() } }
        throw $failure
    }
    # The records as Get-WinEvent returns them: the probe reads their typed properties.
    return @{ Available = $true; Reason = ''; Events = $records }
}

function Get-RemcAadLogFailure {
    param($ErrorRecord)
    # Error ids and exception types only: the messages are localized.
    $id = [string]$ErrorRecord.FullyQualifiedErrorId
    if ($id -like 'NoMatchingEventsFound*') { return 'empty' }
    if ($id -like 'NoMatchingLogsFound*') { return 'log not found' }
    $ex = $ErrorRecord.Exception
    while ($null -ne $ex) {
        if ($ex -is [System.UnauthorizedAccessException]) { return 'access denied' }
        if ($ex.GetType().FullName -eq 'System.Diagnostics.Eventing.Reader.EventLogNotFoundException') { return 'log not found' }
        $ex = $ex.InnerException
    }
    if ([string]$ErrorRecord.CategoryInfo.Category -eq 'PermissionDenied') { return 'access denied' }
    return ''
}

function Test-RemcAadLogAccess {
    param([string] $LogName)
    # Opening the channel without tolerated errors tells 'empty' from 'not allowed to read'.
    $reader = $null
    try {
        $type = [System.Diagnostics.Eventing.Reader.PathType]::LogName
        $query = New-Object System.Diagnostics.Eventing.Reader.EventLogQuery -ArgumentList $LogName, $type, '*[System[EventID=0]]'
        $reader = New-Object System.Diagnostics.Eventing.Reader.EventLogReader -ArgumentList $query
        $null = $reader.ReadEvent()
        return 'empty'
    }
    catch {
        $reason = Get-RemcAadLogFailure -ErrorRecord $_
        # Anything unexpected here: trust Get-WinEvent's answer (no events).
        if ($reason -eq '') { return 'empty' }
        return $reason
    }
    finally {
        if ($null -ne $reader) { $reader.Dispose() }
    }
}

function Get-RemcDsregStatus {
    $exe = Get-RemcDsregPath
    if ($null -eq $exe) { return $null }
    # Windows PowerShell 5.1 throws on native stderr under Stop: relax it here and drop stderr.
    $ErrorActionPreference = 'Continue'
    try {
        $output = @(& $exe /status 2>$null)
    }
    catch {
        return $null
    }
    $lines = @($output | ForEach-Object { [string]$_ } | Where-Object { $_.Trim() -ne '' })
    if ($lines.Count -eq 0) { return $null }
    return $lines
}

function Get-RemcDsregPath {
    if ([string]::IsNullOrEmpty($env:SystemRoot)) { return $null }
    # A 32-bit host sees SysWOW64 as System32; Sysnative (only visible there) reaches the real tool.
    foreach ($folder in @('Sysnative', 'System32')) {
        $path = Join-Path -Path $env:SystemRoot -ChildPath ('{0}\dsregcmd.exe' -f $folder)
        if (Test-Path -LiteralPath $path -PathType Leaf) { return $path }
    }
    return $null
}

function Get-RemcIdentity {
    try {
        $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
        return @{ Sid = [string]$identity.User.Value; Name = [string]$identity.Name; IsSystem = [bool]$identity.IsSystem }
    }
    catch {
        # Not Windows (tooling, tests): without a SID no event is filtered by user.
        return @{ Sid = $null; Name = [Environment]::UserName; IsSystem = $false }
    }
}
