function Test-RemcScheduledTask {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcScheduledTaskWanted -Config $Config
    $task = Find-RemcScheduledTaskEntry -Path $want.Path -Name $want.Name
    if ($null -eq $task) {
        $facts = @{ Present = $false; State = $null; Enabled = $null; FullName = $want.FullName }
        if ($want.Ensure -eq 'absent') {
            return @{ InDesiredState = $true; Summary = ('{0} absent' -f $want.FullName); Facts = $facts }
        }
        # remc cannot create a task (it does not know its actions): the fix reports this and fails.
        return @{ InDesiredState = $false; Summary = ('{0} missing (remc cannot create it)' -f $want.FullName); Facts = $facts }
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
    $name = [string]$Config.Name
    if ($path -notmatch '^\\([^\\/:*?"<>|\[\]]+\\)*$') {
        throw ("Path must be a task folder with a leading and trailing backslash and no wildcards: '{0}'" -f $path)
    }
    if ($name -notmatch '^[^\\/:*?"<>|]+$') { throw ('Name must be a task name without \ / : * ? " < > |: ''{0}''' -f $name) }
    $ensure = [string]$Config.Ensure
    if ([string]::IsNullOrEmpty($ensure)) { $ensure = 'present' }
    if ($ensure -ne 'present' -and $ensure -ne 'absent') { throw ("Ensure must be 'present' or 'absent': '{0}'" -f $ensure) }
    $enabled = $null
    if ($null -ne $Config.Enabled) { $enabled = [bool]$Config.Enabled }
    return @{ Path = $path; Name = $name; FullName = ($path + $name); Ensure = $ensure; Enabled = $enabled; ReportOnly = [bool]$Config.ReportOnly }
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
