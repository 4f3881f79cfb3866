function Get-RemcUtcNow {
    [DateTime]::UtcNow
}

function Get-RemcClock {
    # The real clock, for time limits (Get-RemcUtcNow is the clock evidence is judged by).
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

function Select-RemcStatus {
    # The status word: the first of the protocol's ranking (STATUSES, carried in $RemcRemediation) that holds.
    param($Statuses, [hashtable] $Holds)
    $ranking = $Statuses.Ranking -split ','
    $word = $ranking[-1]
    foreach ($candidate in $ranking) { if ($Holds[$candidate]) { $word = $candidate; break } }
    @{ Word = $word; ExitCode = [int] (($Statuses.ExitOne -split ',') -contains $word) }
}

function Format-RemcNotRun {
    # Every check that did not run is counted in the line, whatever the word.
    param($Checks, $Probes)
    $names = @(foreach ($check in $Checks) { if ($Probes[$check.Name].Skipped) { $check.Name } })
    if ($names.Count -gt 0) { 'not run: {0} of {1} checks ({2})' -f $names.Count, @($Checks).Count, ($names -join ', ') }
}

function Test-RemcAbnormal {
    # In its desired state, yet naming a cause (unknown, network): abnormal, never OK.
    param($Probe)
    $Probe.Ok -and -not $Probe.Idle -and $Probe.InDesiredState -and $Probe.Cause -and $Probe.Cause -ne 'none'
}

function New-RemcContext {
    # What every probe and fix is told about this run: the clock, the last fix this remediation made here
    # (evidence older than that is history, not a symptom), the cool-down, whether the limit of fixes
    # within the window is reached (then nothing is fixed until a person looks: escalate), and the
    # symptoms earlier detections saw (a symptom's fix waits for ConfirmRuns consecutive detections).
    param($Remediation, [string] $Mode, $State)
    $now = Get-RemcUtcNow
    $since = $null
    $coolingUntil = $null
    $attempts = @()
    $notHeld = @()
    $sightings = @{}
    if ($null -ne $State -and $State.LastFixUtcTicks) {
        $since = New-Object DateTime ([long] $State.LastFixUtcTicks), ([DateTimeKind]::Utc)
        $until = $since.AddHours([double] $Remediation.CoolDownHours)
        if ($until -gt $now) { $coolingUntil = $until }
        $windowStart = $now.AddHours(-[double] $Remediation.FixWindowHours).Ticks
        $attempts = @(@($State.Attempts) | Where-Object { [long] $_ -gt $windowStart })
        $notHeld = @(@($State.NotHeld) | Where-Object { $null -ne $_ -and [long] $_ -gt $windowStart })
    }
    if ($null -ne $State -and $null -ne $State.Sightings) {
        $oldest = $now.AddHours(-[double] $Remediation.ConfirmWithinHours).Ticks
        foreach ($seen in @($State.Sightings)) {
            if ([long] $seen.LastUtcTicks -ge $oldest) { $sightings[[string] $seen.Key] = $seen }
        }
    }
    # A fix proven not to have held counts twice toward the limit: a person hears of it sooner.
    $escalation = $null
    if ($attempts.Count -gt 0 -and $attempts.Count + $notHeld.Count -ge [int] $Remediation.MaxFixes) {
        $first = New-Object DateTime ([long] ($attempts | Sort-Object | Select-Object -First 1)), ([DateTimeKind]::Utc)
        $escalation = 'escalate: {0} fixes since {1} did not hold (limit {2} in {3} h)' -f $attempts.Count, (Format-RemcTime -Time $first), $Remediation.MaxFixes, $Remediation.FixWindowHours
        if ($notHeld.Count -gt 0) { $escalation = 'escalate: {0} fixes since {1} did not hold, {2} of them proven not to (each counts twice; limit {3} in {4} h)' -f $attempts.Count, (Format-RemcTime -Time $first), $notHeld.Count, $Remediation.MaxFixes, $Remediation.FixWindowHours } # remc-when: symptom-fixes
    }
    @{
        RemediationId = $Remediation.Id; Mode = $Mode; Now = $now; Since = $since; CoolingUntil = $coolingUntil
        Attempts = $attempts; NotHeld = $notHeld; Escalation = $escalation; ConfirmRuns = [int] $Remediation.ConfirmRuns; Sightings = $sightings
    }
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
    # Runs the probes in order; a probe that throws or breaks the protocol becomes an error record, never
    # a crash. A check that needs FullLanguage is not probed in Constrained Language Mode (AppLocker,
    # WDAC): it is skipped, and says so. A fix that only a symptom triggers is probed only when its fix
    # would run now: a healthy device never runs the probes of fixes it does not need.
    param($Checks, $Context, $Remediation, [string[]] $Verify = @())
    $probes = @{}
    $mode = [string] $ExecutionContext.SessionState.LanguageMode
    $started = Get-RemcClock
    $budget = [double] $Remediation.ProbeBudgetSeconds
    foreach ($check in $Checks) {
        # A fix that just ran is probed again whatever holds it now: that is how it is verified.
        # remc-when-begin: symptom-fixes
        if ($Verify -notcontains $check.Name -and -not (Test-RemcProbeNeeded -Check $check -Probes $probes -Context $Context)) {
            $probes[$check.Name] = @{ Ok = $true; Skipped = $false; Idle = $true; InDesiredState = $true; Summary = 'not probed: nothing calls for its fix'; Cause = ''; Advice = ''; Result = $null }
            continue
        }
        # remc-when-end
        if ($check.NeedsFullLanguage -and $mode -ne 'FullLanguage') {
            $probes[$check.Name] = @{ Ok = $false; Skipped = $true; Error = "not checked: needs FullLanguage, this host runs $mode" }
            continue
        }
        # Intune runs one script at a time: past the budget a probe is not started (unknown, nothing fixed).
        $spent = ((Get-RemcClock) - $started).TotalSeconds
        if ($spent -ge $budget) {
            $probes[$check.Name] = @{ Ok = $false; Skipped = $true; Error = ('not checked: the probes took {0:0} s of their {1:0} s budget' -f $spent, $budget) }
            continue
        }
        try {
            $result = Assert-RemcResult -Result (& $check.Probe -Config $check.Config -Context $Context) -From $check.Probe -Keys $Remediation.ProbeKeys -Required 'InDesiredState'
            $probes[$check.Name] = @{
                Ok = $true
                Skipped = $false
                Idle = $false
                InDesiredState = [bool] $result.InDesiredState
                Summary = [string] $result.Summary
                Cause = [string] $result.Cause
                Advice = [string] $result.Advice
                Waits = [string] $result.Waits
                Repairable = ($result.Repairable -ne $false)
                Result = $result
            }
        } catch {
            $probes[$check.Name] = @{ Ok = $false; Skipped = $false; Error = (Format-RemcLine -Text $_.Exception.Message -MaxLength 400) }
        }
    }
    $probes
}

function Test-RemcProbeNeeded {
    # A check without a fix, or with a drift trigger, is always probed (its state is the evidence). One
    # whose fix only symptoms trigger is probed when the plan, decided from the checks before it, would
    # run that fix now: not when nothing fired, nor while it is held, confirming or escalated.
    param($Check, $Probes, $Context)
    if (-not $Check.Fix) { return $true }
    foreach ($trigger in $Check.Triggers) {
        if ($trigger.Kind -eq 'drift' -or $trigger.Kind -eq 'schedule') { return $true }
        foreach ($part in @(Get-RemcTriggerParts -Trigger $trigger)) {
            if ($part.Kind -ne 'drift' -and -not $Probes.Contains($part.Check)) { return $true }
        }
    }
    # Its own state assumed out of desired state: what an allOf's drift part needs to fire. Its plain
    # triggers all read other checks here, so only the symptoms they saw decide.
    $assumed = @{}
    foreach ($key in $Probes.Keys) { $assumed[$key] = $Probes[$key] }
    $assumed[$Check.Name] = @{ Ok = $true; Skipped = $false; InDesiredState = $false; Repairable = $true }
    $entry = @(Resolve-RemcPlan -Checks @($Check) -Probes $assumed -Context $Context)[0]
    return ($entry.Due -and -not $entry.Held)
}

function Resolve-RemcPlan {
    # Decides for each check whether its fix is due. Drift is observable state, so it stays due in
    # cool-down (and the remediation holds the fix); a symptom (a cause or a finding of another check)
    # seen during cool-down only waits, and one seen by fewer than ConfirmRuns consecutive detections
    # waits for the next (detection counts them; remediation trusts detection's count). Nothing is
    # decided on a probe that failed or was skipped.
    param($Checks, $Probes, $Context)
    foreach ($check in $Checks) {
        $probe = $Probes[$check.Name]
        $entry = @{ Name = $check.Name; Due = $false; Why = $null; Held = $null; Escalated = $false; Error = $null; Skipped = $null; Confirming = $null; Next = $null; Sources = @() }
        if ($probe.Skipped) {
            $entry.Skipped = $probe.Error
        } elseif (-not $probe.Ok) {
            $entry.Error = $probe.Error
        } elseif ($check.Fix) {
            foreach ($trigger in $check.Triggers) {
                if ($trigger.Kind -eq 'drift') {
                    if (-not $probe.InDesiredState -and $probe.Repairable) {
                        $entry.Due = $true
                        $entry.Why = 'drift'
                    }
                    continue
                }
                # remc-when-begin: schedule
                # A scheduled action has no symptom: due on every run, except in the cool-down after the
                # last run, when nothing is wrong and the next run is said.
                if ($trigger.Kind -eq 'schedule') {
                    if ($null -ne $Context.CoolingUntil) { $entry.Next = Format-RemcTime -Time $Context.CoolingUntil }
                    elseif (-not $entry.Due) { $entry.Due = $true; $entry.Why = 'schedule' }
                    continue
                }
                # remc-when-end
                # remc-when-begin: symptom-fixes
                $fired = Get-RemcTriggerFiring -Trigger $trigger -Check $check -Probes $Probes
                if ($null -ne $fired.Skipped) { $entry.Skipped = $fired.Skipped; continue }
                if ($null -ne $fired.Error) { $entry.Error = $fired.Error; continue }
                $why = $fired.Why
                if ($null -eq $why) { continue }
                $entry.Sources += $fired.Sources
                if ($null -ne $Context.CoolingUntil) {
                    $entry.Held = 'cool-down until ' + (Format-RemcTime -Time $Context.CoolingUntil)
                    continue
                }
                $seen = Get-RemcSightingCount -Symptom $why -Context $Context
                if ($seen -lt $Context.ConfirmRuns) {
                    if (-not $entry.Due) { $entry.Confirming = 'seen by {0} of {1} consecutive detections ({2})' -f $seen, $Context.ConfirmRuns, $why }
                } elseif (-not $entry.Due) {
                    $entry.Due = $true
                    $entry.Why = $why
                    $entry.Confirming = $null
                }
                # remc-when-end
            }
            if ($entry.Due -and $entry.Why -eq 'drift' -and $null -ne $Context.CoolingUntil) {
                $entry.Held = 'cool-down until ' + (Format-RemcTime -Time $Context.CoolingUntil)
            }
            if ($entry.Due -and -not $entry.Held -and $null -ne $Context.Escalation) {
                $entry.Held = $Context.Escalation
                $entry.Escalated = $true
            }
            # The probe says its fix cannot act now (an app the user has open): held, tried again next run.
            if ($entry.Due -and -not $entry.Held -and $probe.Waits) { $entry.Held = 'waits: ' + $probe.Waits }
            if ($null -ne $entry.Error) { $entry.Due = $false; $entry.Confirming = $null }
        }
        $entry
    }
}

function Resolve-RemcProof {
    # The verdict on the last fix a symptom triggered, decided by detection alone: 'not held' when its
    # symptom is seen again after the fix (the diagnosis reads only evidence since then), 'held' on
    # positive evidence since the fix from every source (a probe's Proof: for sign-ins, a primary refresh
    # token renewed after it and no failure), 'unknown' when the limit's window passes with neither;
    # else 'pending'. The absence of a failure alone is never proof. A decided verdict stays until the
    # next fix. Returns $null when no fix awaits or got a proof.
    param($Remediation, $Checks, $Probes, $Context, $State)
    if ($null -eq $State -or $null -eq $State.Proof) { return $null }
    $record = $State.Proof.Clone()
    $fixTime = New-Object DateTime ([long] $record.FixUtcTicks), ([DateTimeKind]::Utc)
    $changed = $false
    if ($record.Verdict -eq 'pending' -and $Context.Mode -eq 'detect') {
        $missed = @(); $proofs = @(); $open = 0
        foreach ($entry in @($record.Checks)) {
            $pair = $entry -split '=', 2
            $source = ($pair[1] -split ': ', 2)[0]
            $check = @($Checks | Where-Object { $_.Name -eq $pair[0] })[0]
            $probe = $Probes[$source]
            if ($null -eq $check -or $null -eq $probe -or -not $probe.Ok -or $probe.Idle) { $open++; continue }
            $again = $null
            foreach ($trigger in @($check.Triggers)) {
                if ($trigger.Kind -eq 'all') { $fired = Get-RemcAllOfFiring -Trigger $trigger -Check $check -Probes $Probes; if ($null -ne $fired.Why -and @($fired.Sources)[0] -eq $source) { $again = $fired.Why }; continue } # remc-when: all-of
                if ($trigger.Kind -eq 'drift' -or $trigger.Check -ne $source) { continue }
                $symptom = Get-RemcTriggerSymptom -Trigger $trigger -Source $probe
                if ($null -ne $symptom) { $again = $symptom }
            }
            if ($null -ne $again) { $missed += "$again again"; continue }
            if ($null -ne $probe.Result -and $probe.Result.Contains('Proof') -and [string] $probe.Result.Proof) { $proofs += "${source}: $($probe.Result.Proof)" } else { $open++ }
        }
        $verdict = 'pending'; $evidence = $null
        if ($missed.Count -gt 0) { $verdict = 'not held'; $evidence = @($missed | Select-Object -Unique) -join '; ' }
        elseif ($open -eq 0 -and $proofs.Count -gt 0) { $verdict = 'held'; $evidence = @($proofs | Select-Object -Unique) -join '; ' }
        elseif ($Context.Now -ge $fixTime.AddHours([double] $Remediation.FixWindowHours)) {
            $verdict = 'unknown'; $evidence = 'neither its symptom nor evidence of success seen in {0} h' -f $Remediation.FixWindowHours
        }
        if ($verdict -ne 'pending') {
            $record.Verdict = $verdict; $record.Evidence = $evidence; $record.DecidedUtcTicks = $Context.Now.Ticks
            $changed = $true
        }
    }
    $head = 'fix of {0}: ' -f (Format-RemcTime -Time $fixTime)
    if ($record.Verdict -eq 'pending') {
        $hours = ($Context.Now - $fixTime).TotalHours
        $part = $head + ('not yet proven ({0:0} h since; its symptom not seen again, no evidence of success yet)' -f $hours)
    } else {
        $part = $head + $record.Verdict + ' - ' + [string] $record.Evidence
    }
    @{ Record = $record; Changed = $changed; Part = $part; Pending = ($record.Verdict -eq 'pending') }
}

function Get-RemcAttention {
    # Checks without a fix that found a problem no fix of this remediation answers (a device cause, a
    # policy block), and checks whose probe says its drift is none its fix can repair: a person must act,
    # so the run says ACTION NEEDED. A symptom that triggers a fix, even one held or confirming, is the
    # fix's business.
    param($Checks, $Probes, $Plan)
    $answered = @(foreach ($entry in $Plan) { @($entry.Sources) })
    foreach ($check in $Checks) {
        $probe = $Probes[$check.Name]
        if (($check.Fix -and $probe.Repairable) -or -not $probe.Ok -or $probe.Idle -or $probe.InDesiredState) { continue }
        if ($answered -contains $check.Name) { continue }
        $check.Name
    }
}

function Get-RemcIdentity {
    # Who this process runs as: its SID, and whether it is SYSTEM ($null when the host cannot tell).
    $sid = $null
    # whoami's CSV is not localized, and it runs in Constrained Language Mode, which refuses WindowsIdentity.
    # Its stderr is never written to in a normal run; whatever fails lands in the catch: the host cannot tell.
    try { if ([string] (& whoami.exe /user /fo csv /nh 2>$null) -match 'S-1-[0-9-]+') { $sid = $Matches[0] } } catch { $sid = $null }
    if (-not $sid) { return @{ Sid = $null; IsSystem = $null } }
    @{ Sid = $sid; IsSystem = ($sid -eq 'S-1-5-18') }
}
