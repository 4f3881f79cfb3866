function Repair-RemcScheduledTask {
    param($Config, $Context, $Probe)
    $want = Get-RemcScheduledTaskWanted -Config $Config
    if ($want.Folder) { return (Repair-RemcScheduledTaskFolder -Want $want) }
    # Re-read instead of trusting $Probe: the task may have changed since the probe ran.
    $task = Find-RemcScheduledTaskEntry -Path $want.Path -Name $want.Name
    if ($null -eq $task) {
        if ($want.Ensure -eq 'absent') { return @{ Summary = ('{0} already absent' -f $want.FullName); Changed = 0 } }
        throw ('cannot create {0}: remc never creates scheduled tasks (it cannot know their actions); deploy the task another way (e.g. a Win32 app) and this check keeps it' -f $want.FullName)
    }
    if ($want.Ensure -eq 'absent') {
        return (Invoke-RemcScheduledTaskChange -Want $want -Task $task -Change 'remove')
    }
    if ($null -eq $want.Enabled) { return @{ Summary = ('{0} present, nothing to change' -f $want.FullName); Changed = 0 } }
    $enabled = Get-RemcScheduledTaskEnabled -Task $task
    if ($null -eq $enabled) {
        throw ('{0} has state {1} and no Settings.Enabled: cannot tell whether it is enabled' -f $want.FullName, (Get-RemcScheduledTaskStateText -Task $task))
    }
    if ($enabled -eq $want.Enabled) {
        return @{ Summary = ('{0} already {1}' -f $want.FullName, (Format-RemcScheduledTaskEnabled -Enabled $enabled)); Changed = 0 }
    }
    if ($want.Enabled) { return (Invoke-RemcScheduledTaskChange -Want $want -Task $task -Change 'enable') }
    return (Invoke-RemcScheduledTaskChange -Want $want -Task $task -Change 'disable')
}

# Makes one change (enable, disable or remove), honouring report-only, then reads the task again to
# verify it: the fix says "done" only for what Windows now shows.
function Invoke-RemcScheduledTaskChange {
    param($Want, $Task, [string] $Change)
    $verb = @{ enable = 'enabled'; disable = 'disabled'; remove = 'removed' }[$Change]
    $infinitive = @{ enable = 'enable'; disable = 'disable'; remove = 'remove' }[$Change]
    if ($Want.ReportOnly) {
        return @{ Summary = ('report-only: would {0} {1}' -f $infinitive, $Want.FullName); Changed = 0; ReportOnly = $true }
    }
    $running = ((Get-RemcScheduledTaskStateText -Task $Task) -eq 'Running')
    $cmdlet = @{ enable = 'Enable-ScheduledTask'; disable = 'Disable-ScheduledTask'; remove = 'Unregister-ScheduledTask' }[$Change]
    try {
        if ($Change -eq 'enable') { Enable-RemcScheduledTaskEntry -Task $Task }
        elseif ($Change -eq 'disable') { Disable-RemcScheduledTaskEntry -Task $Task }
        else { Unregister-RemcScheduledTaskEntry -Task $Task }
    }
    catch {
        throw ('{0}: {1}' -f $Want.FullName, (Format-RemcScheduledTaskError -ErrorRecord $_ -Action $cmdlet))
    }
    $after = Find-RemcScheduledTaskEntry -Path $Want.Path -Name $Want.Name
    if ($Change -eq 'remove') {
        if ($null -ne $after) { throw ('{0} reported success, but {1} is still registered' -f $cmdlet, $Want.FullName) }
        return @{ Summary = ('removed {0}' -f $Want.FullName); Changed = 1 }
    }
    if ($null -eq $after) { throw ('{0} disappeared while it was being {1}' -f $Want.FullName, $verb) }
    $now = Get-RemcScheduledTaskEnabled -Task $after
    if ($now -ne $Want.Enabled) {
        throw ('{0} reported success, but {1} is still {2} (state {3})' -f $cmdlet, $Want.FullName, (Format-RemcScheduledTaskEnabled -Enabled (-not $Want.Enabled)), (Get-RemcScheduledTaskStateText -Task $after))
    }
    $summary = '{0} {1}' -f $verb, $Want.FullName
    # Disabling does not stop a running instance: say so, so nobody expects it gone.
    if ($Change -eq 'disable' -and $running) { $summary = '{0} (its running instance was left to finish)' -f $summary }
    return @{ Summary = $summary; Changed = 1 }
}

# A folder match: the same change for every matched task that needs it, each made and verified as a
# single task's is; none at all when more than maxTasks would change.
function Repair-RemcScheduledTaskFolder {
    param($Want)
    # Re-read instead of trusting $Probe: tasks may have come or gone since the probe ran.
    $tasks = @(Find-RemcScheduledTaskMatch -Want $Want)
    if ($tasks.Count -eq 0) {
        if ($Want.Ensure -eq 'absent') { return @{ Summary = ('no task in {0}, nothing to remove' -f $Want.Label); Changed = 0 } }
        throw ('cannot create a task in {0}: remc never creates scheduled tasks (it cannot know their actions); deploy the tasks another way (e.g. a Win32 app) and this check keeps them' -f $Want.Label)
    }
    if ($Want.Ensure -eq 'absent') {
        $targets = $tasks
        $change = 'remove'
    }
    elseif ($null -eq $Want.Enabled) { return @{ Summary = ('{0} in {1}, nothing to change' -f (Format-RemcScheduledTaskCount -Count $tasks.Count), $Want.Label); Changed = 0 } }
    else {
        $targets = @(Get-RemcScheduledTaskToSwitch -Want $Want -Tasks $tasks)
        $change = 'disable'
        if ($Want.Enabled) { $change = 'enable' }
        if ($targets.Count -eq 0) {
            return @{ Summary = ('{0} in {1} already {2}' -f (Format-RemcScheduledTaskCount -Count $tasks.Count), $Want.Label, (Format-RemcScheduledTaskEnabled -Enabled $Want.Enabled)); Changed = 0 }
        }
    }
    $verb = @{ enable = 'enabled'; disable = 'disabled'; remove = 'removed' }[$change]
    $count = Format-RemcScheduledTaskCount -Count $targets.Count
    $list = Format-RemcScheduledTaskList -Tasks $targets
    if ($targets.Count -gt $Want.MaxTasks) {
        throw ('changed nothing: {0} in {1} would be {2}, more than maxTasks ({3}): {4}' -f $count, $Want.Label, $verb, $Want.MaxTasks, $list)
    }
    if ($Want.ReportOnly) {
        return @{ Summary = ('report-only: would {0} {1} in {2}: {3}' -f $change, $count, $Want.Label, $list); Changed = 0; ReportOnly = $true }
    }
    return (Invoke-RemcScheduledTaskFolderChange -Want $Want -Targets $targets -Change $change)
}

# Changes each target (a failure does not stop the others), then says what changed and what failed.
function Invoke-RemcScheduledTaskFolderChange {
    param($Want, $Targets, [string] $Change)
    $done = @()
    $failed = @()
    $running = $false
    foreach ($task in @($Targets)) {
        $one = @{ Path = [string]$task.TaskPath; Name = [string]$task.TaskName; FullName = ([string]$task.TaskPath + [string]$task.TaskName); Ensure = $Want.Ensure; Enabled = $Want.Enabled; ReportOnly = $false }
        try {
            $result = Invoke-RemcScheduledTaskChange -Want $one -Task $task -Change $Change
            $done += $task
            if ([string]$result.Summary -like '*left to finish*') { $running = $true }
        }
        catch { $failed += [string]$_.Exception.Message }
    }
    $verb = @{ enable = 'enabled'; disable = 'disabled'; remove = 'removed' }[$Change]
    $summary = '{0} {1} in {2}' -f $verb, (Format-RemcScheduledTaskCount -Count $done.Count), $Want.Label
    if ($done.Count -gt 0) { $summary = '{0}: {1}' -f $summary, (Format-RemcScheduledTaskList -Tasks $done) }
    if ($failed.Count -gt 0) { throw ('{0}; {1} of {2} failed: {3}' -f $summary, $failed.Count, @($Targets).Count, ($failed -join '; ')) }
    if ($running) { $summary = '{0} (running instances were left to finish)' -f $summary }
    return @{ Summary = $summary; Changed = $done.Count }
}
