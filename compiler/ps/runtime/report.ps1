function Format-RemcTime {
    # ISO 8601 UTC in the invariant culture: a Thai or Persian culture must not change the calendar.
    param([datetime] $Time)
    $Time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mmZ', [System.Globalization.CultureInfo]::InvariantCulture)
}

function Get-RemcProbeOutcome {
    # A probe as the run's outcome reports it (the check protocol's probe outcome).
    param($Probe)
    if ($Probe.Skipped) { return [ordered]@{ State = 'skipped'; Summary = [string] $Probe.Error; Cause = $null; Advice = $null; Error = $null } }
    if ($Probe.Idle) { return [ordered]@{ State = 'idle'; Summary = [string] $Probe.Summary; Cause = $null; Advice = $null; Error = $null } }
    if (-not $Probe.Ok) { return [ordered]@{ State = 'error'; Summary = ''; Cause = $null; Advice = $null; Error = [string] $Probe.Error } }
    $state = 'drift'
    if ($Probe.InDesiredState) { $state = 'ok' }
    $cause = $null
    if ($Probe.Cause) { $cause = $Probe.Cause }
    $advice = $null
    if ($Probe.Advice) { $advice = $Probe.Advice }
    [ordered]@{ State = $state; Summary = $Probe.Summary; Cause = $cause; Advice = $advice; Error = $null }
}

function Get-RemcCheckOutcome {
    # One check in the run's outcome: what the probe saw, the trigger that fired, what became of the fix.
    param($Check, $Probe, $Entry, [string] $Fix = 'none', $FixSummary = $null, $FixError = $null, $After = $null)
    if ($Fix -eq 'none' -and $Entry.Escalated) { $Fix = 'escalated' }
    elseif ($Fix -eq 'none' -and $Entry.Due) {
        if ($Entry.Held) { $Fix = 'held' } else { $Fix = 'due' }
    }
    elseif ($Fix -eq 'none' -and $Entry.Held) { $Fix = 'held' }
    elseif ($Fix -eq 'none' -and $Entry.Confirming) { $Fix = 'confirming' }
    $afterOutcome = $null
    if ($null -ne $After) { $afterOutcome = Get-RemcProbeOutcome -Probe $After }
    [ordered]@{
        Name = $Check.Name
        Probe = (Get-RemcProbeOutcome -Probe $Probe)
        Trigger = $Entry.Why
        Held = $Entry.Held
        Fix = $Fix
        FixSummary = $FixSummary
        FixError = $FixError
        After = $afterOutcome
    }
}

function Write-RemcOutcome {
    # Only when asked (tests, RMM wrappers): the run's outcome as JSON in the file the environment
    # names. It never changes the summary line or the exit code, and never writes to stderr.
    param($Remediation, [string] $Script, $Result)
    $path = $env:REMC_OUTCOME_PATH
    if (-not $path -or $Result.Relayed) { return }
    try {
        $status = [string] $Result.Status
        if (-not $status) { $status = 'ERROR' }
        $outcome = [ordered]@{
            Protocol = [int] $Remediation.Protocol
            Remediation = [string] $Remediation.Id
            Script = $Script
            Status = $status
            ExitCode = [int] $Result.ExitCode
            Summary = [string] (Format-RemcLine -Text $Result.Summary)
            Checks = @($Result.Checks)
        }
        Set-Content -LiteralPath $path -Value (ConvertTo-Json -InputObject $outcome -Depth 6 -Compress) -Encoding UTF8 -NoNewline
    } catch {
        $null = $_
    }
}

function Format-RemcCheckPart {
    # "name: what the probe saw", plus the advice and the decision.
    param($Check, $Probe, $Entry)
    if ($Probe.Skipped) { return "$($Check.Name): SKIPPED $($Probe.Error)" }
    if (-not $Probe.Ok) { return "$($Check.Name): ERROR $($Probe.Error)" }
    $text = "$($Check.Name): $($Probe.Summary)"
    if ($Probe.Advice) { $text += " - $($Probe.Advice)" }
    # Drift is its own evidence: a trigger whose source was skipped does not hide a fix due on drift.
    if ($Entry.Error) { $text += " -> $($Entry.Error)" }
    elseif ($Entry.Escalated) { $text += " -> fix due ($($Entry.Why)), not run: $($Entry.Held)" }
    elseif ($Entry.Due -and $Entry.Held) { $text += " -> fix due ($($Entry.Why)), held: $($Entry.Held)" }
    elseif ($Entry.Due) { $text += " -> fix due ($($Entry.Why))" }
    elseif ($Entry.Skipped) { $text += " -> $($Entry.Skipped)" }
    elseif ($Entry.Held) { $text += " -> waits: $($Entry.Held)" }
    elseif ($Entry.Confirming) { $text += " -> waits: $($Entry.Confirming)" }
    elseif ($Entry.Next) { $text += " -> next run after $($Entry.Next)" } # remc-when: schedule
    $text
}
