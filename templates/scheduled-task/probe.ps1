function Test-RemcScheduledTask {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcScheduledTaskWanted -Config $Config
    if ($want.Folder) { return (Test-RemcScheduledTaskFolder -Want $want) }
    $task = Find-RemcScheduledTaskEntry -Path $want.Path -Name $want.Name
    if ($null -eq $task) {
        $facts = @{ Present = $false; State = $null; Enabled = $null; FullName = $want.FullName }
        if ($want.Ensure -eq 'absent') {
            return @{ InDesiredState = $true; Summary = ('{0} absent' -f $want.FullName); Facts = $facts }
        }
        # remc cannot create a task (it does not know its actions): drift no fix here repairs, so the run
        # asks a person (ACTION NEEDED) instead of running a fix that can only fail on every device.
        return @{ InDesiredState = $false; Summary = ('{0} missing (remc cannot create it)' -f $want.FullName); Facts = $facts; Repairable = $false; Advice = 'the task is not on this device: deploy it (the fix only enables, disables or removes existing tasks)' }
    }
    $state = Get-RemcScheduledTaskStateText -Task $task
    $enabled = Get-RemcScheduledTaskEnabled -Task $task
    $facts = @{ Present = $true; State = $state; Enabled = $enabled; FullName = $want.FullName }
    if ($want.Ensure -eq 'absent') {
        return @{ InDesiredState = $false; Summary = ('{0} present (state {1}), should be absent' -f $want.FullName, $state); Facts = $facts }
    }
    if ($null -eq $want.Enabled) {
        return @{ InDesiredState = $true; Summary = ('{0} present, state {1}' -f $want.FullName, $state); Facts = $facts }
    }
    if ($null -eq $enabled) {
        throw ('{0} has state {1} and no Settings.Enabled: cannot tell whether it is enabled' -f $want.FullName, $state)
    }
    if ($enabled -eq $want.Enabled) {
        return @{ InDesiredState = $true; Summary = ('{0} {1}, state {2}' -f $want.FullName, (Format-RemcScheduledTaskEnabled -Enabled $enabled), $state); Facts = $facts }
    }
    $summary = '{0} {1} (state {2}), should be {3}' -f $want.FullName, (Format-RemcScheduledTaskEnabled -Enabled $enabled), $state, (Format-RemcScheduledTaskEnabled -Enabled $want.Enabled)
    return @{ InDesiredState = $false; Summary = $summary; Facts = $facts }
}

# The configuration, checked: the compiler validated it, but a hand-edited script must not act on a pattern.
function Get-RemcScheduledTaskWanted {
    param($Config)
    $path = [string]$Config.Path
    if ($path -notmatch '^\\([^\\/:*?"<>|\[\]]+\\)*$') {
        throw ("Path must be a task folder with a leading and trailing backslash and no wildcards: '{0}'" -f $path)
    }
    $folder = ($null -eq $Config.Name)
    $name = [string]$Config.Name
    if (-not $folder -and $name -notmatch '^[^\\/:*?"<>|]+$') { throw ('Name must be a task name without \ / : * ? " < > |: ''{0}''' -f $name) }
    $ensure = [string]$Config.Ensure
    if ([string]::IsNullOrEmpty($ensure)) { $ensure = 'present' }
    if ($ensure -ne 'present' -and $ensure -ne 'absent') { throw ("Ensure must be 'present' or 'absent': '{0}'" -f $ensure) }
    $enabled = $null
    if ($null -ne $Config.Enabled) { $enabled = [bool]$Config.Enabled }
    $want = @{ Path = $path; Name = $name; FullName = ($path + $name); Ensure = $ensure; Enabled = $enabled; ReportOnly = [bool]$Config.ReportOnly; Folder = $folder }
    # No name at all (not an empty one): every task of the folder, within the bounds the declaration gives.
    if ($folder) { Add-RemcScheduledTaskFolderBound -Want $want -Config $Config }
    return $want
}

function Find-RemcScheduledTaskEntry {
    param([string] $Path, [string] $Name)
    # Exact folder and name (case-insensitive, as the Task Scheduler compares them), never a pattern:
    # checked here too, so no look-alike is ever acted on.
    $found = @(Get-RemcScheduledTaskEntry -TaskPath $Path -TaskName $Name | Where-Object {
            $null -ne $_ -and [string]$_.TaskPath -eq $Path -and [string]$_.TaskName -eq $Name
        })
    if ($found.Count -eq 0) { return $null }
    return $found[0]
}

function Get-RemcScheduledTaskStateText {
    param($Task)
    # State is an enum (ScheduledTask.StateEnum); its text is Ready, Disabled, Running, Queued or Unknown.
    $state = [string]$Task.State
    if ([string]::IsNullOrEmpty($state)) { return 'Unknown' }
    return $state
}

# $true / $false, or $null when it cannot be told. TASK_STATE_DISABLED means disabled with no instance
# queued or running, so a Running or Queued task may be disabled too: then Settings.Enabled decides.
function Get-RemcScheduledTaskEnabled {
    param($Task)
    $state = Get-RemcScheduledTaskStateText -Task $Task
    if ($state -eq 'Disabled') { return $false }
    if ($state -eq 'Ready') { return $true }
    $settings = $Task.Settings
    if ($null -ne $settings -and $settings.Enabled -is [bool]) { return [bool]$settings.Enabled }
    return $null
}

function Format-RemcScheduledTaskEnabled {
    param($Enabled)
    if ($Enabled) { return 'enabled' }
    return 'disabled'
}

# ---- folder match: every task of a folder (no name), within the bounds the declaration gives ----

# The bounds, checked again on the device: a hand-edited script must not match wider than the compiler allows.
function Add-RemcScheduledTaskFolderBound {
    param($Want, $Config)
    $recurse = [bool]$Config.Recurse
    $author = $null
    if ($null -ne $Config.Author) {
        $author = [string]$Config.Author
        if ($author.Trim() -eq '') { throw ("Author must not be empty: '{0}'" -f $author) }
    }
    $max = 10
    if ($null -ne $Config.MaxTasks) { $max = [int]$Config.MaxTasks }
    if ($max -lt 1) { throw ('MaxTasks must be at least 1: {0}' -f $max) }
    if ($Want.Path -eq '\' -and ($recurse -or $null -eq $author)) {
        throw "Path '\' with recurse or without author matches every vendor's tasks: a folder match never does"
    }
    if ($Want.Path -like '\Microsoft\*') { throw ("Path '{0}' holds Windows' own tasks: a folder match never reaches them" -f $Want.Path) }
    $label = $Want.Path
    if ($recurse) { $label = '{0} (and its subfolders)' -f $label }
    if ($null -ne $author) { $label = "{0} by author '{1}'" -f $label, $author }
    $Want.Recurse = $recurse
    $Want.Author = $author
    $Want.MaxTasks = $max
    $Want.Label = $label
}

function Test-RemcScheduledTaskFolder {
    param($Want)
    $tasks = @(Find-RemcScheduledTaskMatch -Want $Want)
    $facts = @{ Matched = @(Get-RemcScheduledTaskFullName -Tasks $tasks); Label = $Want.Label }
    if ($tasks.Count -eq 0) {
        if ($Want.Ensure -eq 'absent') { return @{ InDesiredState = $true; Summary = ('no task in {0}' -f $Want.Label); Facts = $facts } }
        # remc cannot create tasks: not repairable, as for a single missing task.
        return @{ InDesiredState = $false; Summary = ('no task in {0} (remc cannot create one)' -f $Want.Label); Facts = $facts; Repairable = $false; Advice = 'no matching task is on this device: deploy the tasks (the fix only enables, disables or removes existing tasks)' }
    }
    $count = Format-RemcScheduledTaskCount -Count $tasks.Count
    $list = Format-RemcScheduledTaskList -Tasks $tasks
    if ($Want.Ensure -eq 'absent') {
        $summary = '{0} in {1}, should be absent: {2}{3}' -f $count, $Want.Label, $list, (Format-RemcScheduledTaskOverCap -Want $Want -Count $tasks.Count)
        return @{ InDesiredState = $false; Summary = $summary; Facts = $facts }
    }
    if ($null -eq $Want.Enabled) { return @{ InDesiredState = $true; Summary = ('{0} in {1}: {2}' -f $count, $Want.Label, $list); Facts = $facts } }
    $wrong = @(Get-RemcScheduledTaskToSwitch -Want $Want -Tasks $tasks)
    $facts.Wrong = @(Get-RemcScheduledTaskFullName -Tasks $wrong)
    $wanted = Format-RemcScheduledTaskEnabled -Enabled $Want.Enabled
    if ($wrong.Count -eq 0) {
        return @{ InDesiredState = $true; Summary = ('{0} in {1}, all {2}: {3}' -f $count, $Want.Label, $wanted, $list); Facts = $facts }
    }
    $summary = '{0} of {1} in {2} {3}, should be {4}: {5}{6}' -f $wrong.Count, $count, $Want.Label, (Format-RemcScheduledTaskEnabled -Enabled (-not $Want.Enabled)),
        $wanted, (Format-RemcScheduledTaskList -Tasks $wrong), (Format-RemcScheduledTaskOverCap -Want $Want -Count $wrong.Count)
    return @{ InDesiredState = $false; Summary = $summary; Facts = $facts }
}

# The tasks the folder match names, sorted by full name (stable summaries and changes): directly in the
# folder (or below it, with recurse), by the declared author when there is one, never under \Microsoft\.
function Find-RemcScheduledTaskMatch {
    param($Want)
    $found = @(Get-RemcScheduledTaskFolderEntry -TaskPath $Want.Path -Recurse:([bool]$Want.Recurse) | Where-Object {
            $null -ne $_ -and (Test-RemcScheduledTaskInMatch -Want $Want -Task $_)
        })
    return @($found | Sort-Object -Property @{ Expression = { [string]$_.TaskPath + [string]$_.TaskName } })
}

# Checked here too, whatever the seam returned: the path literally (no wildcard is allowed in it, so
# -like reads it as text), the author exactly and case-insensitively (-eq on strings).
function Test-RemcScheduledTaskInMatch {
    param($Want, $Task)
    $taskPath = [string]$Task.TaskPath
    if ([string]::IsNullOrEmpty([string]$Task.TaskName) -or $taskPath -like '\Microsoft\*') { return $false }
    if ($Want.Recurse) {
        if ($taskPath -notlike ($Want.Path + '*')) { return $false }
    }
    elseif ($taskPath -ne $Want.Path) { return $false }
    if ($null -ne $Want.Author -and [string]$Task.Author -ne $Want.Author) { return $false }
    return $true
}

# The matched tasks whose enabled state is not the declared one; throws when one's cannot be told.
function Get-RemcScheduledTaskToSwitch {
    param($Want, $Tasks)
    foreach ($task in @($Tasks)) {
        $enabled = Get-RemcScheduledTaskEnabled -Task $task
        if ($null -eq $enabled) {
            throw ('{0}{1} has state {2} and no Settings.Enabled: cannot tell whether it is enabled' -f $task.TaskPath, $task.TaskName, (Get-RemcScheduledTaskStateText -Task $task))
        }
        if ($enabled -ne $Want.Enabled) { $task }
    }
}

function Get-RemcScheduledTaskFullName {
    param($Tasks)
    foreach ($task in @($Tasks)) { [string]$task.TaskPath + [string]$task.TaskName }
}

# The first three full names, then how many more.
function Format-RemcScheduledTaskList {
    param($Tasks)
    $names = @(Get-RemcScheduledTaskFullName -Tasks $Tasks)
    if ($names.Count -le 3) { return ($names -join ', ') }
    return ('{0} and {1} more' -f ($names[0..2] -join ', '), ($names.Count - 3))
}

function Format-RemcScheduledTaskCount {
    param([int] $Count)
    if ($Count -eq 1) { return '1 task' }
    return ('{0} tasks' -f $Count)
}

function Format-RemcScheduledTaskOverCap {
    param($Want, [int] $Count)
    if ($Count -le $Want.MaxTasks) { return '' }
    return ('; more than maxTasks ({0}): the fix changes none' -f $Want.MaxTasks)
}
