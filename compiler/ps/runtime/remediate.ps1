function Invoke-RemcRemediation {
    # Intune runs this after any non-zero detection, even one that crashed, so it decides again from its
    # own probes, fixes only what is due (never on a probe error, never past the cool-down or the limit of
    # fixes), stamps the marker, and probes again the way the post-remediation detection will. Exit 0 only
    # when every fix worked and nothing is due any more. A report-only fix changed nothing: it is never
    # "fixed", never starts the cool-down, and the run exits 1.
    param($Remediation, $Checks, $State)
    $context = New-RemcContext -Remediation $Remediation -Mode 'remediate' -State $State
    $probes = Invoke-RemcProbes -Checks $Checks -Context $context -Remediation $Remediation
    $plan = @(Resolve-RemcPlan -Checks $Checks -Probes $probes -Context $context)
    $said = @{}
    $fixResults = @{}
    $acted = @()
    $paced = 0
    $failures = 0
    for ($i = 0; $i -lt $Checks.Count; $i++) {
        $check = $Checks[$i]; $entry = $plan[$i]
        if (-not $entry.Due -or $entry.Held) { continue }
        # A fix a symptom triggers is also told the evidence of its symptom's checks.
        $fixContext = $context
        $fixContext = Get-RemcFixContext -Check $check -Probes $probes -Context $context # remc-when: symptom-fixes
        try {
            $result = Assert-RemcResult -Result (& $check.Fix -Config $check.Config -Context $fixContext -Probe $probes[$check.Name].Result) -From $check.Fix -Keys $Remediation.FixKeys -Required 'Summary'
            if ([string] $result.Waits) {
                # It cannot act now and changed nothing: held, no attempt, tried again on the next run.
                $said[$check.Name] = 'waits: ' + [string] $result.Waits + '; ' + [string] $result.Summary
                $fixResults[$check.Name] = @{ Fix = 'held'; Summary = [string] $result.Summary; Error = $null; Waits = [string] $result.Waits }
                continue
            }
            if ($result.ReportOnly) {
                $said[$check.Name] = 'reported: ' + [string] $result.Summary
                $fixResults[$check.Name] = @{ Fix = 'reported'; Summary = [string] $result.Summary; Error = $null }
                continue
            }
            $said[$check.Name] = 'fixed: ' + [string] $result.Summary
            $fixResults[$check.Name] = @{ Fix = 'fixed'; Summary = [string] $result.Summary; Error = $null }
            if ($entry.Why -eq 'schedule') { $paced++ } # remc-when: schedule
        } catch {
            $message = Format-RemcLine -Text $_.Exception.Message -MaxLength 400
            $said[$check.Name] = 'FIX FAILED: ' + $message
            $fixResults[$check.Name] = @{ Fix = 'failed'; Summary = $null; Error = $message }
            $failures++
        }
        $acted += $check.Name
    }
    # A fix that ran (worked or failed) starts the cool-down and counts against the limit, except a
    # scheduled action that worked: running again on schedule is its purpose, not a fix that did not hold.
    if ($acted.Count -gt 0) {
        try {
            $attempts = @($context.Attempts)
            if ($acted.Count -gt $paced) { $attempts += $context.Now.Ticks }
            # The fixes a symptom triggered await proof on the next detections; one of drift was read back below.
            $awaiting = @()
            $awaiting = @(Get-RemcAwaitingProof -Checks $Checks -Plan $plan -FixResults $fixResults) # remc-when: symptom-fixes
            Save-RemcState -Remediation $Remediation -Now $context.Now -Fixed $acted -Attempts $attempts -Awaiting $awaiting -NotHeld $context.NotHeld
            $State = Read-RemcState -Remediation $Remediation
        } catch {
            $failures++
            $said['state'] = 'cannot save the marker: ' + $_.Exception.Message
        }
    }
    $after = New-RemcContext -Remediation $Remediation -Mode 'remediate' -State $State
    $reprobes = Invoke-RemcProbes -Checks $Checks -Context $after -Remediation $Remediation -Verify $acted
    $replan = @(Resolve-RemcPlan -Checks $Checks -Probes $reprobes -Context $after)
    $attention = @()
    $attention = @(Get-RemcAttention -Checks $Checks -Probes $reprobes -Plan $replan) # remc-when: action-needed
    $parts = @()
    $outcomes = @()
    $pending = $false; $errors = $false; $held = $false; $escalated = $false; $reported = $false; $fixed = $false; $applied = $false; $skipped = $false; $confirming = $false
    for ($i = 0; $i -lt $Checks.Count; $i++) {
        $check = $Checks[$i]; $entry = $replan[$i]; $before = $plan[$i]; $done = $fixResults[$check.Name]
        if ($null -ne $done -and $done.Fix -eq 'reported') { $reported = $true }
        elseif ($null -ne $done -and $done.Fix -eq 'held') { $held = $true }
        elseif ($entry.Due -and (-not $entry.Held -or $null -ne $done)) { $pending = $true }
        if ($null -ne $done -and $done.Fix -eq 'fixed') { if ($before.Why -eq 'drift') { $fixed = $true } else { $applied = $true } }
        # A probe that failed before the fixes is an error of this run, even if nothing probes it after.
        if ($entry.Error -or $before.Error) { $errors = $true }
        if ($reprobes[$check.Name].Skipped) { $skipped = $true }
        if ($before.Escalated) { $escalated = $true }
        elseif (($before.Held -and -not $done) -or $entry.Held) { $held = $true }
        elseif ($before.Confirming -and -not $done) { $confirming = $true }
        # A probe that failed before the fixes and is not probed after them: its error is the news.
        $shownProbe = $reprobes[$check.Name]; $shownEntry = $entry
        if ($shownProbe.Idle -and -not $probes[$check.Name].Ok) { $shownProbe = $probes[$check.Name]; $shownEntry = $before }
        $part = Format-RemcCheckPart -Check $check -Probe $shownProbe -Entry $shownEntry
        if ($said.Contains($check.Name)) { $part = "$($check.Name): $($said[$check.Name]); now: " + $part.Substring($check.Name.Length + 2) }
        $parts += $part
        if ($null -ne $done) {
            $outcomes += Get-RemcCheckOutcome -Check $check -Probe $probes[$check.Name] -Entry $before -Fix $done.Fix -FixSummary $done.Summary -FixError $done.Error -After $reprobes[$check.Name]
        } else {
            $outcomes += Get-RemcCheckOutcome -Check $check -Probe $probes[$check.Name] -Entry $before -After $reprobes[$check.Name]
        }
    }
    if ($said.Contains('state')) { $parts += $said['state'] }
    $parts += Format-RemcNotRun -Checks $Checks -Probes $reprobes
    # A fix held by the cool-down is not a failure: detection says HELD with exit 0, and so does this. A
    # problem no fix answers is said, not hidden behind FIXED: exit 0 (nothing failed), and the detection
    # after it still says ACTION NEEDED, so Intune shows the device as not remediated.
    $chosen = Select-RemcStatus -Statuses $Remediation.Statuses.Remediate -Holds @{
        'FAILED' = ($failures -gt 0)
        'PROBE ERROR' = $errors
        'ESCALATE' = $escalated
        'NOT CONVERGED' = $pending
        'REPORTED ONLY' = $reported
        'ACTION NEEDED' = ($attention.Count -gt 0)
        'APPLIED' = $applied
        'FIXED' = $fixed
        'HELD' = $held
        'CONFIRMING' = $confirming
        'SKIPPED' = $skipped
    }
    $status = $chosen.Word; $code = $chosen.ExitCode
    @{ ExitCode = $code; Status = $status; Summary = (Format-RemcSummary -Head "[$($Remediation.Id)] $status" -Parts $parts); Checks = $outcomes }
}

function Get-RemcAwaitingProof {
    # 'check=symptom' for each fix that worked and that a symptom triggered: what the next detections prove.
    param($Checks, $Plan, $FixResults)
    for ($i = 0; $i -lt $Checks.Count; $i++) {
        $done = $FixResults[$Checks[$i].Name]
        if ($null -ne $done -and $done.Fix -eq 'fixed' -and $Plan[$i].Why -ne 'drift') { "$($Checks[$i].Name)=$($Plan[$i].Why)" }
    }
}
