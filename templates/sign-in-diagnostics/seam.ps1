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
    # Error ids and exception type names only: the messages are localized. Type names through
    # pstypenames: Constrained Language Mode allows neither GetType() nor these type literals.
    $id = [string]$ErrorRecord.FullyQualifiedErrorId
    if ($id -like 'NoMatchingEventsFound*') { return 'empty' }
    if ($id -like 'NoMatchingLogsFound*') { return 'log not found' }
    $ex = $ErrorRecord.Exception
    while ($null -ne $ex) {
        $types = @($ex.pstypenames)
        if ($types -contains 'System.UnauthorizedAccessException') { return 'access denied' }
        if ($types -contains 'System.Diagnostics.Eventing.Reader.EventLogNotFoundException') { return 'log not found' }
        $ex = $ex.InnerException
    }
    if ([string]$ErrorRecord.CategoryInfo.Category -eq 'PermissionDenied') { return 'access denied' }
    return ''
}

function Test-RemcAadLogAccess {
    param([string] $LogName)
    # Reading the channel without a filter tells 'empty' from 'not allowed to read' (FilterHashtable
    # reports both as no events); a cmdlet, so it works in Constrained Language Mode too.
    try {
        $null = @(Get-WinEvent -LogName $LogName -MaxEvents 1 -ErrorAction Stop)
        return 'empty'
    }
    catch {
        $reason = Get-RemcAadLogFailure -ErrorRecord $_
        # Anything unexpected here: trust Get-WinEvent's answer (no events).
        if ($reason -eq '') { return 'empty' }
        return $reason
    }
}

function Get-RemcDsregStatus {
    param([int] $TimeoutSeconds = 30)
    # dsregcmd /status also runs network diagnostics on some builds: it gets a time limit, and runs
    # once per script run (a remediation's second diagnosis reads the same answer).
    if ($null -ne $script:RemcDsregStatus) { return $script:RemcDsregStatus.Lines }
    $lines = Invoke-RemcDsregStatus -TimeoutSeconds $TimeoutSeconds
    $script:RemcDsregStatus = @{ Lines = $lines }
    return $lines
}

function Invoke-RemcDsregStatus {
    param([int] $TimeoutSeconds)
    $exe = Get-RemcDsregPath
    if ($null -eq $exe) { return $null }
    $folder = $env:TEMP
    if ([string]::IsNullOrEmpty($folder)) { $folder = Split-Path -Parent $exe }
    $out = Join-Path -Path $folder -ChildPath ('remc-dsregcmd-{0}.out' -f $PID)
    $err = Join-Path -Path $folder -ChildPath ('remc-dsregcmd-{0}.err' -f $PID)
    try {
        $process = Start-Process -FilePath $exe -ArgumentList '/status' -NoNewWindow -PassThru -RedirectStandardOutput $out -RedirectStandardError $err -ErrorAction Stop
        try {
            $process | Wait-Process -Timeout $TimeoutSeconds -ErrorAction Stop
        }
        catch {
            # Still running after the limit: stop it; its answer is unknown, never a guess.
            $process | Stop-Process -Force -ErrorAction SilentlyContinue
            return $null
        }
        # Off Windows, Start-Process copies the output to the file after the exit too: wait for it.
        if ($PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows) { $process.WaitForExit() }
        $lines = @(Get-Content -LiteralPath $out -ErrorAction Stop | ForEach-Object { [string]$_ } | Where-Object { $_.Trim() -ne '' })
        if ($lines.Count -eq 0) { return $null }
        return $lines
    }
    catch {
        return $null
    }
    finally {
        Remove-Item -LiteralPath $out, $err -Force -ErrorAction SilentlyContinue
    }
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
