function Invoke-RemcRemediation {
    # Intune runs this after any non-zero detection, even one that crashed, so it decides again from its
    # own probes, fixes only what is due (never on a probe error), stamps the marker, and probes again
    # the way the post-remediation detection will. Exit 0 only when every fix worked and nothing is due.
    param($Remediation, $Checks, $State)
    $context = New-RemcContext -Remediation $Remediation -Mode 'remediate' -State $State
    $probes = Invoke-RemcProbes -Checks $Checks -Context $context -Remediation $Remediation
    $plan = @(Resolve-RemcPlan -Checks $Checks -Probes $probes -Context $context)
    $outcome = @{}
    $fixResults = @{}
    $fixed = @()
    $failures = 0
    for ($i = 0; $i -lt $Checks.Count; $i++) {
        $check = $Checks[$i]; $entry = $plan[$i]
        if (-not $entry.Due -or $entry.Held) { continue }
        try {
            $result = & $check.Fix -Config $check.Config -Context $context -Probe $probes[$check.Name].Result
            $outcome[$check.Name] = 'fixed: ' + [string] $result.Summary
            $kind = 'fixed'
            if ($result -is [System.Collections.IDictionary] -and $result.ReportOnly) { $kind = 'reported' }
            $fixResults[$check.Name] = @{ Fix = $kind; Summary = [string] $result.Summary; Error = $null }
        } catch {
            $message = Format-RemcLine -Text $_.Exception.Message -MaxLength 400
            $outcome[$check.Name] = 'FIX FAILED: ' + $message
            $fixResults[$check.Name] = @{ Fix = 'failed'; Summary = $null; Error = $message }
            $failures++
        }
        $fixed += $check.Name
    }
    if ($fixed.Count -gt 0) {
        try {
            Save-RemcState -Remediation $Remediation -Now $context.Now -Fixed $fixed
            $State = Read-RemcState -Remediation $Remediation
        } catch {
            $failures++
            $outcome['state'] = 'cannot save the marker: ' + $_.Exception.Message
        }
    }
    $after = New-RemcContext -Remediation $Remediation -Mode 'remediate' -State $State
    $reprobes = Invoke-RemcProbes -Checks $Checks -Context $after -Remediation $Remediation
    $replan = @(Resolve-RemcPlan -Checks $Checks -Probes $reprobes -Context $after)
    $parts = @()
    $outcomes = @()
    $pending = $false; $errors = $false; $held = $false
    for ($i = 0; $i -lt $Checks.Count; $i++) {
        $check = $Checks[$i]; $entry = $replan[$i]; $before = $plan[$i]
        if ($entry.Due) { $pending = $true }
        if ($entry.Error) { $errors = $true }
        if ($before.Held -and $before.Due) { $held = $true }
        $part = Format-RemcCheckPart -Check $check -Probe $reprobes[$check.Name] -Entry $entry
        if ($outcome.Contains($check.Name)) { $part = "$($check.Name): $($outcome[$check.Name]); now: " + $part.Substring($check.Name.Length + 2) }
        $parts += $part
        $done = $fixResults[$check.Name]
        if ($null -ne $done) {
            $outcomes += Get-RemcCheckOutcome -Check $check -Probe $probes[$check.Name] -Entry $before -Fix $done.Fix -FixSummary $done.Summary -FixError $done.Error -After $reprobes[$check.Name]
        } else {
            $outcomes += Get-RemcCheckOutcome -Check $check -Probe $probes[$check.Name] -Entry $before -After $reprobes[$check.Name]
        }
    }
    if ($outcome.Contains('state')) { $parts += $outcome['state'] }
    $code = 1
    if ($failures -gt 0) { $status = 'FAILED' }
    elseif ($errors) { $status = 'FAILED (probe error, nothing fixed on it)' }
    elseif ($held -and $pending) { $status = 'HELD BY COOL-DOWN' }
    elseif ($pending) { $status = 'NOT CONVERGED' }
    elseif ($fixed.Count -gt 0) { $status = 'FIXED'; $code = 0 }
    else { $status = 'NOTHING TO FIX'; $code = 0 }
    @{ ExitCode = $code; Status = $status; Summary = (Format-RemcSummary -Head "[$($Remediation.Id)] $status" -Parts $parts); Checks = $outcomes }
}
