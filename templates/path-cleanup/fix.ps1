function Repair-RemcPathCleanup {
    param($Config, $Context, $Probe)
    # Re-plan instead of trusting $Probe: files come and go between the probe and the fix.
    $plan = Get-RemcPathCleanupPlan -Config $Config -Now ([datetime]$Context.Now)
    if ([bool]$Config.ReportOnly) {
        $would = 'nothing to clean'
        if ($plan.Remove.Count -gt 0) { $would = 'would remove {0}' -f (Format-RemcPathCleanupWhat -Plan $plan) }
        return @{ Summary = ('report-only: {0}' -f $would); Changed = 0; ReportOnly = $true }
    }
    if ($plan.Remove.Count -eq 0) { return @{ Summary = 'nothing to clean'; Changed = 0 } }
    # Close the apps first so they release their files; throws (removing nothing) if one stays. Then
    # stop the services (dependents first) and plan again: they may have written files until they stopped.
    $stopped = Stop-RemcPathCleanupOwner -Config $Config
    $services = Stop-RemcPathCleanupServiceSet -Config $Config
    $failure = ''
    $outcome = $null
    $restart = @{ Text = ''; Failed = 0 }
    try {
        if ($services.Problem -ne '') { throw ('{0}, removed nothing' -f $services.Problem) }
        if ($stopped -gt 0 -or $services.Stopped.Count -gt 0) { $plan = Get-RemcPathCleanupPlan -Config $Config -Now ([datetime]$Context.Now) }
        $outcome = Remove-RemcPathCleanupSelection -Plan $plan
        if ($outcome.Failed -gt 0) {
            throw ('failed to remove {0} of {1} items (removed {2}); first error: {3}' -f $outcome.Failed, $plan.Remove.Count, ($outcome.Files + $outcome.Folders), $outcome.FirstError)
        }
    }
    catch {
        $failure = (([string]$_.Exception.Message) -replace '\s+', ' ').Trim()
    }
    finally {
        # Always, also when the removal failed or the run is being stopped: what was stopped runs again.
        $restart = Start-RemcPathCleanupServiceSet -Name $services.Stopped -Config $Config
    }
    if ($failure -ne '') {
        if ($restart.Text -ne '') { $failure += ('; ' + $restart.Text) }
        throw $failure
    }
    $summary = 'removed {0}{1}' -f (Format-RemcPathCleanupWhat -Plan $plan -Files $outcome.Files -Folders $outcome.Folders -Bytes $outcome.Bytes), (Format-RemcPathCleanupUsers -Plan $plan)
    if ($stopped -gt 0) { $summary += (', stopped {0}' -f (Format-RemcPathCleanupCount -Count $stopped -Word 'process')) }
    if ($restart.Text -ne '') { $summary += (', ' + $restart.Text) }
    if ($plan.Truncated) { $summary += ('; item limit {0} reached, the rest next run' -f $plan.Limit) }
    # A service left stopped is a broken device: the cleanup worked, the fix still fails saying so.
    if ($restart.Failed -gt 0) { throw $summary }
    return @{ Summary = $summary; Changed = ($outcome.Files + $outcome.Folders) }
}

function Get-RemcPathCleanupServiceName {
    param($Config)
    # Exact service names only (no wildcards: Get-Service -Name would expand them; none a WQL string breaks).
    foreach ($one in @($Config.StopServices)) {
        $name = [string]$one
        if ([string]::IsNullOrEmpty($name)) { continue }
        if ($name -notmatch '^[A-Za-z0-9_.$-]+$') { throw ('stopServices: "{0}" is not a service name' -f $name) }
        $name
    }
}

function Wait-RemcPathCleanupServiceStatus {
    param([string] $Name, [string] $Status, [int] $Seconds)
    # Looks at the service every half second, at most Seconds long: $true once it has the status.
    for ($poll = 0; $poll -le ($Seconds * 2); $poll++) {
        $service = Get-RemcPathCleanupService -Name $Name
        if ($null -eq $service) { return ($Status -eq 'Stopped') }
        if ([string]$service.Status -eq $Status) { return $true }
        if ($poll -lt ($Seconds * 2)) { Wait-RemcPathCleanupPoll }
    }
    return $false
}

function Stop-RemcPathCleanupServiceSet {
    param($Config)
    # Stops each declared service that is not stopped, its dependents that are not stopped first
    # (DependentServices lists them in the order to stop them). At the first one that refuses, or is
    # not stopped within StopTimeoutSeconds, it stops no more. Returns the names it stopped, in order,
    # and the problem ('' when none): the caller starts them again in either case.
    $seconds = [int]$Config.StopTimeoutSeconds
    if ($seconds -le 0) { $seconds = 15 }
    $stopped = @()
    foreach ($name in @(Get-RemcPathCleanupServiceName -Config $Config)) {
        $service = Get-RemcPathCleanupService -Name $name
        if ($null -eq $service -or [string]$service.Status -eq 'Stopped') { continue }
        $order = @(@($service.DependentServices) | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_.Name }) + @([string]$service.Name)
        foreach ($one in $order) {
            if ($stopped -contains $one) { continue }
            $current = Get-RemcPathCleanupService -Name $one
            if ($null -eq $current -or [string]$current.Status -eq 'Stopped') { continue }
            try {
                Stop-RemcPathCleanupService -Name $one
            }
            catch {
                return @{ Stopped = $stopped; Problem = ('could not stop service {0}: {1}' -f $one, (([string]$_.Exception.Message) -replace '\s+', ' ').Trim()) }
            }
            if (-not (Wait-RemcPathCleanupServiceStatus -Name $one -Status 'Stopped' -Seconds $seconds)) {
                return @{ Stopped = $stopped; Problem = ('service {0} still not stopped {1} s after the stop' -f $one, $seconds) }
            }
            $stopped += $one
        }
    }
    return @{ Stopped = $stopped; Problem = '' }
}

function Start-RemcPathCleanupServiceSet {
    param([string[]] $Name, $Config)
    # Starts the stopped services again, last stopped first (a service before its dependents), each
    # waited for at most StopTimeoutSeconds. Text: what the summary says ('' when none was stopped).
    $seconds = [int]$Config.StopTimeoutSeconds
    if ($seconds -le 0) { $seconds = 15 }
    $list = @(@($Name) | Where-Object { -not [string]::IsNullOrEmpty([string]$_) })
    if ($list.Count -eq 0) { return @{ Text = ''; Failed = 0 } }
    $running = @()
    $failed = @()
    for ($i = $list.Count - 1; $i -ge 0; $i--) {
        $one = [string]$list[$i]
        $why = ''
        try {
            $code = Start-RemcPathCleanupService -Name $one
            if ($null -eq $code) { $why = 'no such service' }
            elseif ([int]$code -ne 0 -and [int]$code -ne 10) { $why = 'StartService returned {0}' -f $code }
            elseif (-not (Wait-RemcPathCleanupServiceStatus -Name $one -Status 'Running' -Seconds $seconds)) { $why = 'not running {0} s after the start' -f $seconds }
        }
        catch {
            $why = (([string]$_.Exception.Message) -replace '\s+', ' ').Trim()
        }
        if ($why -eq '') { $running += $one } else { $failed += ('{0} ({1})' -f $one, $why) }
    }
    $parts = @()
    if ($running.Count -gt 0) { $parts += ('services stopped and started again: {0}' -f ($running -join ', ')) }
    if ($failed.Count -gt 0) { $parts += ('services stopped and NOT started again: {0}' -f ($failed -join ', ')) }
    return @{ Text = ($parts -join '; '); Failed = $failed.Count }
}

function Get-RemcPathCleanupProcessName {
    param($Config)
    # Exact names only: Get-Process -Name would also expand wildcards.
    foreach ($one in @($Config.StopProcesses)) {
        $name = [string]$one
        if ([string]::IsNullOrEmpty($name)) { continue }
        if ($name -match '[\*\?\[\]\\/]' -or $name -like '*.exe') { throw ('stopProcesses: "{0}" is not an exact process name (no wildcards, paths or .exe)' -f $name) }
        $name
    }
}

function Stop-RemcPathCleanupOwner {
    param($Config)
    # Stops the named processes (the user's own session, or every session as SYSTEM) and waits a
    # bounded time for them to exit. Returns how many it stopped.
    $names = @(Get-RemcPathCleanupProcessName -Config $Config)
    if ($names.Count -eq 0) { return 0 }
    $identity = Get-RemcPathCleanupIdentity
    $found = @()
    foreach ($process in @(Get-RemcPathCleanupProcess -Name $names)) {
        if ($null -eq $process) { continue }
        if ($names -notcontains [string]$process.ProcessName) { continue }
        if (-not $identity.IsSystem -and [int]$process.SessionId -ne [int]$identity.SessionId) { continue }
        $found += $process
    }
    if ($found.Count -eq 0) { return 0 }
    $stopped = 0
    $firstError = ''
    foreach ($process in $found) {
        try {
            Stop-RemcPathCleanupProcess -Process $process
            $stopped++
        }
        catch {
            # Already gone is fine; anything else shows up below if it keeps the process running.
            if ($firstError -eq '') { $firstError = (([string]$_.Exception.Message) -replace '\s+', ' ').Trim() }
        }
    }
    $seconds = [int]$Config.StopTimeoutSeconds
    if ($seconds -le 0) { $seconds = 15 }
    $running = @(Wait-RemcPathCleanupProcessExit -Process $found -Seconds $seconds)
    if ($running.Count -gt 0) {
        $which = @($running | ForEach-Object { '{0} ({1})' -f $_.ProcessName, $_.Id }) -join ', '
        $why = ''
        if ($firstError -ne '') { $why = '; ' + $firstError }
        throw ('{0} still running {1} s after the stop, removed nothing{2}' -f $which, $seconds, $why)
    }
    return $stopped
}

function Remove-RemcPathCleanupSelection {
    param($Plan)
    # Deepest first, one item at a time: a folder is removed only once empty, and never recursively,
    # so nothing behind a link is ever reached. A failure skips the folders above it, the rest goes on.
    $blocked = @{}
    $files = 0
    $folders = 0
    $bytes = [long]0
    $failed = 0
    $firstError = ''
    foreach ($entry in @($Plan.Remove)) {
        if ($blocked.ContainsKey($entry.Index)) {
            $blocked[$entry.Parent] = $true
            continue
        }
        try {
            if (($entry.Attributes -band 1) -ne 0) {
                # ReadOnly blocks the delete (Remove-Item -Force clears it too).
                Set-RemcPathCleanupAttribute -Path $entry.Path -Attributes ($entry.Attributes -band (-bnot 1))
            }
            # Each seam says whether it removed the item or found it gone already (another process
            # cleaned it: the desired state holds, and it is not counted).
            if ($entry.IsDirectory) {
                if (Remove-RemcPathCleanupDirectory -Path $entry.Path) { $folders++ }
            }
            elseif (Remove-RemcPathCleanupFile -Path $entry.Path) {
                $files++
                $bytes += [long]$entry.Length
            }
        }
        catch {
            $exception = $_.Exception
            if ($exception -is [System.Management.Automation.ItemNotFoundException] -or $exception -is [System.IO.DirectoryNotFoundException] -or $exception -is [System.IO.FileNotFoundException]) { continue }
            $failed++
            $blocked[$entry.Parent] = $true
            if ($failed -eq 1) { $firstError = ('{0}: {1}' -f $entry.Relative, (([string]$exception.Message) -replace '\s+', ' ').Trim()) }
        }
    }
    return @{ Files = $files; Folders = $folders; Bytes = $bytes; Failed = $failed; FirstError = $firstError }
}
