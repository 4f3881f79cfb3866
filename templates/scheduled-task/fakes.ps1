# Test fakes for the scheduled-task seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only the ScheduledTask* keys are touched. Tasks are stored as plain records (TaskPath,
# TaskName, State text, Enabled) so they survive the Clixml/JSON round trip between scenario steps; the
# fakes turn them into MSFT_ScheduledTask-like objects on every query.
#
# A record whose TaskPath and TaskName are both '*' is "the declared task": it answers a query for any
# folder and name (a template scenario cannot know which task a remediation declares), and while it
# exists it is the only answer, so an ordinary task of the same name never stands in for it. To a folder
# query it answers as one task in that folder (named RemcDeclaredTask), by the declared author.

# The real State is Microsoft.PowerShell.Cmdletization.GeneratedTypes.ScheduledTask.StateEnum, generated
# from the TASK_STATE values (Microsoft Learn, "TASK_STATE enumeration (taskschd.h)": Unknown 0,
# Disabled 1, Queued 2, Ready 3, Running 4). Its [string] is the name, which is all the probe reads.
enum RemcFakeScheduledTaskStateEnum {
    Unknown = 0
    Disabled = 1
    Queued = 2
    Ready = 3
    Running = 4
}

function Reset-RemcFakeScheduledTask {
    param(
        # Tasks besides the ordinary Windows ones (New-RemcFakeScheduledTask).
        $Task = @(),
        # Start with no ordinary tasks at all.
        [switch] $NoOrdinaryTask,
        # Get-ScheduledTask fails for another reason than not-found: the seam throws
        # 'Get-ScheduledTask failed (<QueryHResult>): <QueryMessage>'.
        [string] $QueryHResult = '',
        [string] $QueryMessage = '',
        # These changes ('enable', 'disable', 'remove') fail with a CimException like the cmdlets'
        # (error id 'HRESULT <FailHResult>,<cmdlet>').
        [string[]] $FailAction = @(),
        [string] $FailHResult = '0x80070005',
        [string] $FailMessage = 'Access is denied.',
        # The cmdlets report success but the task does not change (for the fix's own verification).
        [switch] $NoEffect,
        # The Author of a record whose Author is '*' (the declared task's): a folder match's declared author.
        [string] $DeclaredAuthor = ''
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.ScheduledTasks = New-Object System.Collections.ArrayList
    if (-not $NoOrdinaryTask) {
        foreach ($item in (New-RemcFakeOrdinaryScheduledTask)) { $null = $state.ScheduledTasks.Add($item) }
    }
    foreach ($item in @($Task)) { if ($null -ne $item) { $null = $state.ScheduledTasks.Add($item) } }
    $state.ScheduledTaskQueryError = $null
    if ($QueryMessage -ne '') { $state.ScheduledTaskQueryError = @{ HResult = $QueryHResult; Message = $QueryMessage } }
    $state.ScheduledTaskFail = @{ Actions = @($FailAction); HResult = $FailHResult; Message = $FailMessage }
    $state.ScheduledTaskNoEffect = [bool]$NoEffect
    $state.ScheduledTaskDeclaredAuthor = $DeclaredAuthor
    # Changes: what changed the machine ('enable:\Contoso\Cleanup', 'disable:...', 'remove:...').
    $state.ScheduledTaskChanges = New-Object System.Collections.ArrayList
    # Calls: every change asked for, even one that failed or had no effect; Queries: every lookup.
    $state.ScheduledTaskCalls = New-Object System.Collections.ArrayList
    $state.ScheduledTaskQueries = New-Object System.Collections.ArrayList
}

# A stored task record. -Declared: the task the remediation declares, whatever its folder and name.
function New-RemcFakeScheduledTask {
    param(
        [string] $TaskPath = '\',
        [string] $TaskName = 'Task',
        [ValidateSet('Ready', 'Disabled', 'Running', 'Queued', 'Unknown')] [string] $State = 'Ready',
        # Settings.Enabled; by default what the state implies (only Disabled is disabled).
        $Enabled = $null,
        # RegistrationInfo's Author, free text; '*': the declared author (Reset -DeclaredAuthor).
        [string] $Author = 'Contoso',
        [switch] $Declared
    )
    if ($Declared) {
        $TaskPath = '*'
        $TaskName = '*'
        if (-not $PSBoundParameters.ContainsKey('Author')) { $Author = '*' }
    }
    $isEnabled = ($State -ne 'Disabled')
    if ($null -ne $Enabled) { $isEnabled = [bool]$Enabled }
    [pscustomobject]@{ TaskPath = $TaskPath; TaskName = $TaskName; State = $State; Enabled = $isEnabled; Author = $Author }
}

# What an ordinary Windows 10/11 machine has (names as Task Scheduler shows them). The fakes give them
# no Author (the element is optional), so no declared author matches them.
function New-RemcFakeOrdinaryScheduledTask {
    New-RemcFakeScheduledTask -TaskPath '\' -TaskName 'MicrosoftEdgeUpdateTaskMachineCore' -Author ''
    New-RemcFakeScheduledTask -TaskPath '\' -TaskName 'MicrosoftEdgeUpdateTaskMachineUA' -Author ''
    New-RemcFakeScheduledTask -TaskPath '\Microsoft\Windows\Defrag\' -TaskName 'ScheduledDefrag' -Author ''
    New-RemcFakeScheduledTask -TaskPath '\Microsoft\Windows\Application Experience\' -TaskName 'Microsoft Compatibility Appraiser' -Author ''
    New-RemcFakeScheduledTask -TaskPath '\Microsoft\Windows\Customer Experience Improvement Program\' -TaskName 'Consolidator' -Author ''
    New-RemcFakeScheduledTask -TaskPath '\Microsoft\Windows\Windows Defender\' -TaskName 'Windows Defender Scheduled Scan' -Author ''
    New-RemcFakeScheduledTask -TaskPath '\Microsoft\Windows\UpdateOrchestrator\' -TaskName 'Schedule Scan' -Author ''
}

# An MSFT_ScheduledTask-like object, shaped as Get-ScheduledTask returns it (Microsoft Learn,
# "Get-ScheduledTask": output Microsoft.Management.Infrastructure.CimInstance#MSFT_ScheduledTask[]; and
# Author is the task's RegistrationInfo author (Microsoft Learn, "Author (registrationInfoType) Element":
# an optional string, "the author of the task"; "RegistrationInfo.Author property": any text, or a
# resource reference '$(@ [Dll], [ResourceID])'), free text whoever registered the task chose; its
# properties Actions, Author, Date, Description, Documentation, Principal, SecurityDescriptor, Settings
# (MSFT_TaskSettings, with the Boolean Enabled of "TaskSettings object"), Source, State, TaskName,
# TaskPath (leading and trailing backslash), Triggers, URI, Version).
function ConvertTo-RemcFakeScheduledTaskInstance {
    param($Record, [string] $TaskPath, [string] $TaskName)
    $settings = [pscustomobject]@{
        AllowDemandStart = $true; AllowHardTerminate = $true; Compatibility = 'Win8'; DisallowStartIfOnBatteries = $true
        Enabled = [bool]$Record.Enabled; ExecutionTimeLimit = 'PT72H'; Hidden = $false; MultipleInstances = 'IgnoreNew'
        Priority = 7; RunOnlyIfIdle = $false; RunOnlyIfNetworkAvailable = $false; StartWhenAvailable = $false; WakeToRun = $false
    }
    $settings.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/MSFT_TaskSettings3')
    $task = [pscustomobject]@{
        Actions            = @()
        Author             = (Get-RemcFakeScheduledTaskAuthor -Record $Record)
        Date               = '2026-01-15T09:00:00'
        Description        = ''
        Documentation      = $null
        Principal          = $null
        SecurityDescriptor = ''
        Settings           = $settings
        Source             = $null
        State              = [RemcFakeScheduledTaskStateEnum][string]$Record.State
        TaskName           = $TaskName
        TaskPath           = $TaskPath
        Triggers           = @()
        URI                = ($TaskPath + $TaskName)
        Version            = $null
        PSComputerName     = $null
    }
    $task.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#MSFT_ScheduledTask')
    $task.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/MSFT_ScheduledTask')
    return $task
}

function Get-RemcFakeScheduledTaskAuthor {
    param($Record)
    $author = [string]$Record.Author
    if ($author -ne '*') { return $author }
    $declared = [string]$global:RemcFakeState.ScheduledTaskDeclaredAuthor
    if ($declared -ne '') { return $declared }
    return 'Contoso'
}

function Test-RemcFakeScheduledTaskMatch {
    param($Record, [string] $TaskPath, [string] $TaskName)
    if ([string]$Record.TaskPath -eq '*' -and [string]$Record.TaskName -eq '*') { return $true }
    return ([string]$Record.TaskPath -eq $TaskPath -and [string]$Record.TaskName -eq $TaskName)
}

function Find-RemcFakeScheduledTaskRecord {
    param([string] $TaskPath, [string] $TaskName)
    $records = @($global:RemcFakeState.ScheduledTasks)
    foreach ($record in $records) { if ([string]$record.TaskPath -eq '*' -and [string]$record.TaskName -eq '*') { return $record } }
    foreach ($record in $records) {
        if (Test-RemcFakeScheduledTaskMatch -Record $record -TaskPath $TaskPath -TaskName $TaskName) { return $record }
    }
    return $null
}

# The error a ScheduledTasks cmdlet raises with -ErrorAction Stop: a CimException in an ErrorRecord whose
# id names the HRESULT (as in "Disable-ScheduledTask : The system cannot find the file specified. ...
# CimException ... FullyQualifiedErrorId : HRESULT 0x80070002,Disable-ScheduledTask", PowerShell issue 3915).
function New-RemcFakeScheduledTaskError {
    param([string] $HResult, [string] $Message, [string] $Cmdlet, [string] $Category = 'NotSpecified')
    $exception = $null
    if ($null -ne ('Microsoft.Management.Infrastructure.CimException' -as [type])) {
        $exception = New-Object Microsoft.Management.Infrastructure.CimException -ArgumentList $Message
    }
    else { $exception = New-Object System.Exception -ArgumentList $Message }
    $id = 'HRESULT {0},{1}' -f $HResult, $Cmdlet
    return (New-Object System.Management.Automation.ErrorRecord -ArgumentList $exception, $id, ([System.Management.Automation.ErrorCategory]$Category), $null)
}

function Get-RemcFakeScheduledTaskEntry {
    param([string] $TaskPath, [string] $TaskName)
    $state = $global:RemcFakeState
    $null = $state.ScheduledTaskQueries.Add(('{0}{1}' -f $TaskPath, $TaskName))
    if ($null -ne $state.ScheduledTaskQueryError) {
        throw ('Get-ScheduledTask failed ({0}): {1}' -f $state.ScheduledTaskQueryError.HResult, $state.ScheduledTaskQueryError.Message)
    }
    $record = Find-RemcFakeScheduledTaskRecord -TaskPath $TaskPath -TaskName $TaskName
    if ($null -eq $record) { return }
    $path = [string]$record.TaskPath
    $name = [string]$record.TaskName
    if ($path -eq '*') {
        $path = $TaskPath
        $name = $TaskName
    }
    ConvertTo-RemcFakeScheduledTaskInstance -Record $record -TaskPath $path -TaskName $name
}

# Get-ScheduledTask -TaskPath '<folder>' or '<folder>*' (-Recurse): the folder's tasks, or with the
# trailing wildcard also those of its subfolders (Microsoft Learn, "Get-ScheduledTask", example
# "Get-ScheduledTask -TaskPath "\UpdateTasks\*""). The declared task answers as one task of the folder.
function Get-RemcFakeScheduledTaskFolderEntry {
    param([string] $TaskPath, [switch] $Recurse)
    $state = $global:RemcFakeState
    $pattern = $TaskPath
    if ($Recurse) { $pattern = $TaskPath + '*' }
    $null = $state.ScheduledTaskQueries.Add($pattern)
    if ($null -ne $state.ScheduledTaskQueryError) {
        throw ('Get-ScheduledTask failed ({0}): {1}' -f $state.ScheduledTaskQueryError.HResult, $state.ScheduledTaskQueryError.Message)
    }
    $records = @($state.ScheduledTasks)
    foreach ($record in $records) {
        if ([string]$record.TaskPath -eq '*' -and [string]$record.TaskName -eq '*') {
            ConvertTo-RemcFakeScheduledTaskInstance -Record $record -TaskPath $TaskPath -TaskName 'RemcDeclaredTask'
            return
        }
    }
    foreach ($record in $records) {
        $path = [string]$record.TaskPath
        if ($path -eq $TaskPath -or ($Recurse -and $path -like ($TaskPath + '*'))) {
            ConvertTo-RemcFakeScheduledTaskInstance -Record $record -TaskPath $path -TaskName ([string]$record.TaskName)
        }
    }
}

function Invoke-RemcFakeScheduledTaskChange {
    param($Task, [string] $Change, [string] $Cmdlet)
    $state = $global:RemcFakeState
    $fullName = '{0}{1}' -f $Task.TaskPath, $Task.TaskName
    $null = $state.ScheduledTaskCalls.Add(('{0}:{1}' -f $Change, $fullName))
    if (@($state.ScheduledTaskFail.Actions) -contains $Change) {
        throw (New-RemcFakeScheduledTaskError -HResult $state.ScheduledTaskFail.HResult -Message $state.ScheduledTaskFail.Message -Cmdlet $Cmdlet -Category 'PermissionDenied')
    }
    $record = Find-RemcFakeScheduledTaskRecord -TaskPath ([string]$Task.TaskPath) -TaskName ([string]$Task.TaskName)
    if ($null -eq $record) {
        throw (New-RemcFakeScheduledTaskError -HResult '0x80070002' -Message 'The system cannot find the file specified.' -Cmdlet $Cmdlet -Category 'ObjectNotFound')
    }
    if ($state.ScheduledTaskNoEffect) { return }
    if ($Change -eq 'remove') {
        $state.ScheduledTasks.Remove($record)
        # The declared task stood for this folder and name: an ordinary record of it goes with it.
        foreach ($other in @($state.ScheduledTasks)) {
            if ([string]$other.TaskPath -eq [string]$Task.TaskPath -and [string]$other.TaskName -eq [string]$Task.TaskName) { $state.ScheduledTasks.Remove($other) }
        }
    }
    elseif ($Change -eq 'enable') {
        $record.Enabled = $true
        if ([string]$record.State -eq 'Disabled') { $record.State = 'Ready' }
    }
    else {
        $record.Enabled = $false
        # TASK_STATE_DISABLED: disabled with no instance queued or running; a running instance keeps running.
        if ([string]$record.State -ne 'Running') { $record.State = 'Disabled' }
    }
    $null = $state.ScheduledTaskChanges.Add(('{0}:{1}' -f $Change, $fullName))
}

function Enable-RemcFakeScheduledTaskEntry {
    param($Task)
    Invoke-RemcFakeScheduledTaskChange -Task $Task -Change 'enable' -Cmdlet 'Enable-ScheduledTask'
}

function Disable-RemcFakeScheduledTaskEntry {
    param($Task)
    Invoke-RemcFakeScheduledTaskChange -Task $Task -Change 'disable' -Cmdlet 'Disable-ScheduledTask'
}

function Unregister-RemcFakeScheduledTaskEntry {
    param($Task)
    Invoke-RemcFakeScheduledTaskChange -Task $Task -Change 'remove' -Cmdlet 'Unregister-ScheduledTask'
}

Set-Alias -Name Get-RemcScheduledTaskEntry -Value Get-RemcFakeScheduledTaskEntry
Set-Alias -Name Get-RemcScheduledTaskFolderEntry -Value Get-RemcFakeScheduledTaskFolderEntry
Set-Alias -Name Enable-RemcScheduledTaskEntry -Value Enable-RemcFakeScheduledTaskEntry
Set-Alias -Name Disable-RemcScheduledTaskEntry -Value Disable-RemcFakeScheduledTaskEntry
Set-Alias -Name Unregister-RemcScheduledTaskEntry -Value Unregister-RemcFakeScheduledTaskEntry
