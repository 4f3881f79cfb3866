function Repair-RemcCredentialPurge {
    param($Config, $Context, $Probe)
    # Re-read instead of trusting $Probe: the set may have changed since the probe ran.
    $selected = @(Select-RemcCredentialTarget -Credential @(Get-RemcCredentialSet -Filter $Config.EnumerateFilters) -Config $Config)
    if ([bool]$Config.ReportOnly) {
        # Names, so the admin sees what a real run would remove; the summary line cuts them to fit.
        $would = Format-RemcCredentialCount -Count $selected.Count
        $names = @($selected | ForEach-Object { [string]$_.TargetName }) -join ', '
        if ($names) { $would = '{0}: {1}' -f $would, $names }
        return @{ Summary = ('would remove {0}' -f $would); Changed = 0; ReportOnly = $true; Facts = @{ Removed = @() } }
    }
    if ($selected.Count -eq 0) { return @{ Summary = 'removed 0 credentials'; Changed = 0; Facts = @{ Removed = @() } } }
    # Stop the apps first so they cannot write the stale tokens back on exit.
    $stopped = Stop-RemcCredentialOwner -Name $Config.StopProcesses -Evidence $Context.Evidence
    $outcome = Remove-RemcCredentialSelection -Credential $selected
    if ($outcome.Failed -gt 0) {
        throw ('failed to remove {0} of {1} (removed {2}); first error: {3}' -f $outcome.Failed, (Format-RemcCredentialCount -Count $selected.Count), $outcome.Removed.Count, $outcome.FirstError)
    }
    $summary = 'removed {0}' -f (Format-RemcCredentialCount -Count $outcome.Removed.Count)
    if ($stopped -gt 0) { $summary = '{0}, stopped {1}' -f $summary, (Format-RemcCredentialProcessCount -Count $stopped) }
    return @{ Summary = $summary; Changed = $outcome.Removed.Count; Facts = @{ Removed = $outcome.Removed } }
}

function Stop-RemcCredentialOwner {
    # The declared processes; when the evidence that triggered the purge names the apps whose sign-in
    # fails (a diagnosis' FailingApps), only those of them: an Office failure does not close Teams, and
    # a failure whose app the events do not name closes nothing (no app is chosen by guess).
    param($Name, $Evidence)
    $names = @(@($Name) | Where-Object { -not [string]::IsNullOrEmpty([string]$_) } | ForEach-Object { [string]$_ })
    $named = @(@($Evidence.Values) | Where-Object { $_ -is [System.Collections.IDictionary] -and $_.Contains('FailingApps') })
    if ($named.Count -gt 0) {
        $failing = @($named | ForEach-Object { @($_.FailingApps) })
        $names = @($names | Where-Object { $failing -contains $_ })
    }
    if ($names.Count -eq 0) { return 0 }
    return [int](Stop-RemcProcess -Name $names)
}

function Remove-RemcCredentialSelection {
    param($Credential)
    # Try every target even after a failure, then report how many failed.
    $removed = @()
    $failed = 0
    $firstError = ''
    foreach ($item in @($Credential)) {
        try {
            # $false = already gone: the desired state holds, nothing to count.
            if (Remove-RemcCredential -TargetName ([string]$item.TargetName) -Type ([int]$item.Type)) { $removed += [string]$item.TargetName }
        }
        catch {
            $failed++
            if ($failed -eq 1) { $firstError = ('{0}: {1}' -f $item.TargetName, (([string]$_.Exception.Message) -replace '\s+', ' ')) }
        }
    }
    return @{ Removed = $removed; Failed = $failed; FirstError = $firstError }
}

function Format-RemcCredentialProcessCount {
    param([int] $Count)
    if ($Count -eq 1) { return '1 process' }
    return ('{0} processes' -f $Count)
}
