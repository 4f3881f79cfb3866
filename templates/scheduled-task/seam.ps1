# The Windows-facing calls of scheduled-task: the ScheduledTasks module (CIM class MSFT_ScheduledTask in
# root/Microsoft/Windows/TaskScheduler). Each is a thin wrapper; the rules live in probe.ps1 and fix.ps1.

# The task named exactly TaskName in the folder TaskPath (CimInstance#MSFT_ScheduledTask: TaskName, TaskPath,
# State, Settings, ...), or nothing when there is none or the folder does not exist. Any other failure
# throws one line.
function Get-RemcScheduledTaskEntry {
    param([string] $TaskPath, [string] $TaskName)
    if ([string]::IsNullOrEmpty($TaskPath)) { throw 'Get-RemcScheduledTaskEntry: TaskPath is empty' }
    if ([string]::IsNullOrEmpty($TaskName)) { throw 'Get-RemcScheduledTaskEntry: TaskName is empty' }
    # Query the folder, not the name: -TaskName is a wildcard pattern ('[' is legal in task names).
    $tasks = @(Invoke-RemcScheduledTaskQuery -TaskPath $TaskPath)
    # -eq on strings is case-insensitive, as the Task Scheduler compares names.
    $tasks | Where-Object { $null -ne $_ -and [string]$_.TaskName -eq $TaskName -and [string]$_.TaskPath -eq $TaskPath }
}

# Every task directly in the folder TaskPath, or (-Recurse) in it and below it (CimInstance#MSFT_ScheduledTask,
# with Author, the task's RegistrationInfo author), or nothing when there is none or the folder does not
# exist. Any other failure throws one line.
function Get-RemcScheduledTaskFolderEntry {
    param([string] $TaskPath, [switch] $Recurse)
    if ([string]::IsNullOrEmpty($TaskPath)) { throw 'Get-RemcScheduledTaskFolderEntry: TaskPath is empty' }
    if ($TaskPath -match '[*?\[\]]') { throw ("Get-RemcScheduledTaskFolderEntry: TaskPath is not literal: '{0}'" -f $TaskPath) }
    # -TaskPath is a wildcard pattern: the folder (literal: no wildcard is allowed in it), then its subfolders.
    $pattern = $TaskPath
    if ($Recurse) { $pattern = $TaskPath + '*' }
    $tasks = @(Invoke-RemcScheduledTaskQuery -TaskPath $pattern)
    $tasks | Where-Object {
        $null -ne $_ -and ([string]$_.TaskPath -eq $TaskPath -or ($Recurse -and [string]$_.TaskPath -like ($TaskPath + '*')))
    }
}

# Get-ScheduledTask -TaskPath: its tasks; not found (a non-terminating error) is nothing, any other failure throws.
function Invoke-RemcScheduledTaskQuery {
    param([string] $TaskPath)
    # Not found is a non-terminating error; collect the errors instead of letting them reach the host.
    $queryErrors = $null
    try {
        $tasks = @(Get-ScheduledTask -TaskPath $TaskPath -ErrorAction SilentlyContinue -ErrorVariable queryErrors)
    }
    catch {
        # Terminating failures (the module cannot load, the service is unreachable) are never "not found".
        throw (Format-RemcScheduledTaskError -ErrorRecord $_ -Action 'Get-ScheduledTask')
    }
    foreach ($record in @($queryErrors)) {
        if ($null -eq $record) { continue }
        if (-not (Test-RemcScheduledTaskNotFoundError -ErrorRecord $record)) {
            throw (Format-RemcScheduledTaskError -ErrorRecord $record -Action 'Get-ScheduledTask')
        }
    }
    $tasks
}

function Enable-RemcScheduledTaskEntry {
    param($Task)
    if ($null -eq $Task) { throw 'Enable-RemcScheduledTaskEntry: Task is null' }
    # -InputObject: the exact task found, never a name the cmdlet would read as a pattern.
    $null = Enable-ScheduledTask -InputObject $Task -ErrorAction Stop
}

function Disable-RemcScheduledTaskEntry {
    param($Task)
    if ($null -eq $Task) { throw 'Disable-RemcScheduledTaskEntry: Task is null' }
    $null = Disable-ScheduledTask -InputObject $Task -ErrorAction Stop
}

function Unregister-RemcScheduledTaskEntry {
    param($Task)
    if ($null -eq $Task) { throw 'Unregister-RemcScheduledTaskEntry: Task is null' }
    # Unregister-ScheduledTask asks for confirmation by default (ConfirmImpact High).
    $null = Unregister-ScheduledTask -InputObject $Task -Confirm:$false -ErrorAction Stop
}

# Whether an error of Get-ScheduledTask means "no such task or folder", by its language-neutral error id:
# 'CmdletizationQuery_NotFound_TaskPath,Get-ScheduledTask' (or _TaskName), or the Win32 file / path not
# found HRESULTs the Task Scheduler reports for a missing folder.
function Test-RemcScheduledTaskNotFoundError {
    param($ErrorRecord)
    if ($null -eq $ErrorRecord) { return $false }
    $id = [string]$ErrorRecord.FullyQualifiedErrorId
    if ($id -like 'CmdletizationQuery_NotFound*') { return $true }
    if ($id -like 'HRESULT 0x80070002,*' -or $id -like 'HRESULT 0x80070003,*') { return $true }
    return $false
}

# One line: what failed, the HRESULT when there is one (language-neutral), and the message.
function Format-RemcScheduledTaskError {
    param($ErrorRecord, [string] $Action)
    $exception = $null
    $message = ''
    if ($ErrorRecord -is [System.Management.Automation.ErrorRecord]) {
        $exception = $ErrorRecord.Exception
        $message = [string]$exception.Message
    }
    elseif ($ErrorRecord -is [System.Exception]) {
        $exception = $ErrorRecord
        $message = [string]$exception.Message
    }
    else { $message = [string]$ErrorRecord }
    $message = ($message -replace '\s+', ' ').Trim()
    if ($message.Length -gt 300) { $message = $message.Substring(0, 300) + '...' }
    $code = Get-RemcScheduledTaskHResult -ErrorRecord $ErrorRecord -Exception $exception -Message $message
    if ($code -ne '') { return ('{0} failed ({1}): {2}' -f $Action, $code, $message) }
    return ('{0} failed: {1}' -f $Action, $message)
}

function Get-RemcScheduledTaskHResult {
    param($ErrorRecord, $Exception, [string] $Message)
    # The cmdletization layer names the provider's result in the error id: 'HRESULT 0x80070005,Enable-ScheduledTask'.
    if ($ErrorRecord -is [System.Management.Automation.ErrorRecord]) {
        $fromId = [regex]::Match([string]$ErrorRecord.FullyQualifiedErrorId, '^HRESULT 0x([0-9A-Fa-f]{8})')
        if ($fromId.Success) { return ('0x' + $fromId.Groups[1].Value.ToUpperInvariant()) }
    }
    # Then the exception's own HRESULT; generic .NET codes (0x8013xxxx) name no cause.
    if ($null -ne $Exception) {
        $hresult = [int]$Exception.HResult
        $hex = '0x{0:X8}' -f $hresult
        if ($hresult -lt 0 -and $hex -notlike '0x8013*') { return $hex }
    }
    $found = [regex]::Match($Message, '0x[0-9A-Fa-f]{8}')
    if ($found.Success) { return ('0x' + $found.Value.Substring(2).ToUpperInvariant()) }
    return ''
}
