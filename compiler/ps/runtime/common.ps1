function Get-RemcUtcNow {
    [DateTime]::UtcNow
}

function Format-RemcLine {
    # One line of printable ASCII within MaxLength: Intune keeps only the last line of output (and only
    # its last 2,048 characters), and non-ASCII text is mangled by the OEM code page on the way.
    param([string] $Text, [int] $MaxLength = 2048)
    # No [Math] here or below: Constrained Language Mode (AppLocker, WDAC) allows no method calls on it.
    $clean = ($Text -replace '[\r\n\t]+', ' ') -replace '[^\x20-\x7E]', '?'
    if ($clean.Length -gt $MaxLength) {
        $keep = $MaxLength - 3
        if ($keep -lt 0) { $keep = 0 }
        $clean = $clean.Substring(0, $keep) + '...'
    }
    $clean
}

function Format-RemcSummary {
    # The head stays whole; each part is cut to a fair share so the line always fits.
    param([string] $Head, [string[]] $Parts)
    $count = @($Parts).Count
    if ($count -lt 1) { $count = 1 }
    $room = 2048 - $Head.Length - 3 * $count
    $share = ($room - ($room % $count)) / $count
    if ($share -lt 40) { $share = 40 }
    $cut = @(foreach ($part in $Parts) { Format-RemcLine -Text $part -MaxLength $share })
    Format-RemcLine -Text ((@($Head) + $cut) -join ' | ') -MaxLength 2048
}

function New-RemcContext {
    # What every probe and fix is told about this run: the clock, the last fix this remediation made here
    # (evidence older than that is history, not a symptom), the cool-down, and whether the limit of fixes
    # within the window is reached (then nothing is fixed until a person looks: escalate).
    param($Remediation, [string] $Mode, $State)
    $now = Get-RemcUtcNow
    $since = $null
    $coolingUntil = $null
    $attempts = @()
    if ($null -ne $State -and $State.LastFixUtcTicks) {
        $since = New-Object DateTime ([long] $State.LastFixUtcTicks), ([DateTimeKind]::Utc)
        $until = $since.AddHours([double] $Remediation.CoolDownHours)
        if ($until -gt $now) { $coolingUntil = $until }
        $windowStart = $now.AddHours(-[double] $Remediation.FixWindowHours).Ticks
        $attempts = @(@($State.Attempts) | Where-Object { [long] $_ -gt $windowStart })
    }
    $escalation = $null
    if ($attempts.Count -ge [int] $Remediation.MaxFixes) {
        $first = New-Object DateTime ([long] ($attempts | Sort-Object | Select-Object -First 1)), ([DateTimeKind]::Utc)
        $escalation = 'escalate: {0} fixes since {1} did not hold (limit {2} in {3} h)' -f $attempts.Count, (Format-RemcTime -Time $first), $Remediation.MaxFixes, $Remediation.FixWindowHours
    }
    @{ RemediationId = $Remediation.Id; Mode = $Mode; Now = $now; Since = $since; CoolingUntil = $coolingUntil; Attempts = $attempts; Escalation = $escalation }
}

function Assert-RemcResult {
    # A probe's or fix's answer must be one hashtable with the protocol's keys and no other (the
    # protocol's keys are written into the script from compiler/protocol.ts).
    param($Result, [string] $From, $Keys, [string] $Required)
    if ($Result -isnot [System.Collections.IDictionary] -or -not $Result.Contains($Required)) {
        throw "$From returned no result with $Required (it must return exactly one hashtable, or throw)"
    }
    foreach ($key in @($Result.Keys)) {
        if (@($Keys) -notcontains [string] $key) { throw "$From returned the unknown key '$key' (the protocol has $(@($Keys) -join ', '))" }
    }
    $Result
}

function Invoke-RemcProbes {
    # Runs every probe; a probe that throws or breaks the protocol becomes an error record, never a crash.
    # A check that needs FullLanguage is not probed in Constrained Language Mode (AppLocker, WDAC): it
    # is skipped, and says so.
    param($Checks, $Context, $Remediation)
    $probes = @{}
    $mode = [string] $ExecutionContext.SessionState.LanguageMode
    foreach ($check in $Checks) {
        if ($check.NeedsFullLanguage -and $mode -ne 'FullLanguage') {
            $probes[$check.Name] = @{ Ok = $false; Skipped = $true; Error = "not checked: needs FullLanguage, this host runs $mode" }
            continue
        }
        try {
            $result = Assert-RemcResult -Result (& $check.Probe -Config $check.Config -Context $Context) -From $check.Probe -Keys $Remediation.ProbeKeys -Required 'InDesiredState'
            $probes[$check.Name] = @{
                Ok = $true
                Skipped = $false
                InDesiredState = [bool] $result.InDesiredState
                Summary = [string] $result.Summary
                Cause = [string] $result.Cause
                Advice = [string] $result.Advice
                Result = $result
            }
        } catch {
            $probes[$check.Name] = @{ Ok = $false; Skipped = $false; Error = (Format-RemcLine -Text $_.Exception.Message -MaxLength 400) }
        }
    }
    $probes
}

function Resolve-RemcPlan {
    # Decides for each check whether its fix is due. Drift is observable state, so it stays due in
    # cool-down (and the remediation holds the fix); a symptom (a cause or a finding of another check)
    # seen during cool-down only waits. Nothing is decided on a probe that failed or was skipped.
    param($Checks, $Probes, $Context)
    foreach ($check in $Checks) {
        $probe = $Probes[$check.Name]
        $entry = @{ Name = $check.Name; Due = $false; Why = $null; Held = $null; Escalated = $false; Error = $null; Skipped = $null }
        if ($probe.Skipped) {
            $entry.Skipped = $probe.Error
        } elseif (-not $probe.Ok) {
            $entry.Error = $probe.Error
        } elseif ($check.Fix) {
            foreach ($trigger in $check.Triggers) {
                if ($trigger.Kind -eq 'drift') {
                    if (-not $probe.InDesiredState) {
                        $entry.Due = $true
                        $entry.Why = 'drift'
                    }
                    continue
                }
                $source = $Probes[$trigger.Check]
                if ($source.Skipped) { $entry.Skipped = "not decided: $($trigger.Check) was not checked"; continue }
                if (-not $source.Ok) { $entry.Error = "not decided: $($trigger.Check) failed"; continue }
                $fires = $false
                if ($trigger.Kind -eq 'cause' -and @($trigger.Causes) -contains $source.Cause) { $fires = $true; $why = "$($trigger.Check): $($source.Cause) cause" }
                if ($trigger.Kind -eq 'finding' -and -not $source.InDesiredState) { $fires = $true; $why = "$($trigger.Check): found" }
                if (-not $fires) { continue }
                if ($null -ne $Context.CoolingUntil) {
                    $entry.Held = 'cool-down until ' + (Format-RemcTime -Time $Context.CoolingUntil)
                } elseif (-not $entry.Due) {
                    $entry.Due = $true
                    $entry.Why = $why
                }
            }
            if ($entry.Due -and $entry.Why -eq 'drift' -and $null -ne $Context.CoolingUntil) {
                $entry.Held = 'cool-down until ' + (Format-RemcTime -Time $Context.CoolingUntil)
            }
            if ($entry.Due -and -not $entry.Held -and $null -ne $Context.Escalation) {
                $entry.Held = $Context.Escalation
                $entry.Escalated = $true
            }
            if ($null -ne $entry.Error) { $entry.Due = $false }
        }
        $entry
    }
}

function Format-RemcTime {
    # ISO 8601 UTC in the invariant culture: a Thai or Persian culture must not change the calendar.
    param([datetime] $Time)
    $Time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mmZ', [System.Globalization.CultureInfo]::InvariantCulture)
}

function Get-RemcProbeOutcome {
    # A probe as the run's outcome reports it (the check protocol's probe outcome).
    param($Probe)
    if ($Probe.Skipped) { return [ordered]@{ State = 'skipped'; Summary = [string] $Probe.Error; Cause = $null; Advice = $null; Error = $null } }
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
    $text
}
