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
    # plan again: an app may have written files until it stopped.
    $stopped = Stop-RemcPathCleanupOwner -Config $Config
    if ($stopped -gt 0) { $plan = Get-RemcPathCleanupPlan -Config $Config -Now ([datetime]$Context.Now) }
    $outcome = Remove-RemcPathCleanupSelection -Plan $plan
    if ($outcome.Failed -gt 0) {
        throw ('failed to remove {0} of {1} items (removed {2}); first error: {3}' -f $outcome.Failed, $plan.Remove.Count, ($outcome.Files + $outcome.Folders), $outcome.FirstError)
    }
    $summary = 'removed {0}' -f (Format-RemcPathCleanupWhat -Plan $plan -Files $outcome.Files -Folders $outcome.Folders -Bytes $outcome.Bytes)
    if ($stopped -gt 0) { $summary += (', stopped {0}' -f (Format-RemcPathCleanupCount -Count $stopped -Word 'process')) }
    if ($plan.Truncated) { $summary += ('; item limit {0} reached, the rest next run' -f $plan.Limit) }
    return @{ Summary = $summary; Changed = ($outcome.Files + $outcome.Folders) }
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
