function Invoke-RemcDetection {
    # Exit 1 exactly when a fix is due, a problem needs a person, the limit of fixes is reached, or a probe
    # failed; a detect-only remediation (no fixes) exits 1 when a check is out of its desired state. Never
    # changes the machine: the only thing it writes is remc's own marker (its count of symptoms awaiting
    # confirmation, the verdict on the last fix's proof, and a date from the future clamped to now).
    param($Remediation, $Checks, $State)
    $context = New-RemcContext -Remediation $Remediation -Mode 'detect' -State $State
    $probes = Invoke-RemcProbes -Checks $Checks -Context $context -Remediation $Remediation
    $plan = @(Resolve-RemcPlan -Checks $Checks -Probes $probes -Context $context)
    $attention = @()
    $attention = @(Get-RemcAttention -Checks $Checks -Probes $probes -Plan $plan) # remc-when: action-needed
    $parts = @()
    $outcomes = @()
    $due = $false; $failed = $false; $drift = $false; $held = $false; $escalated = $false; $skipped = $false; $confirming = $false; $abnormal = $false
    for ($i = 0; $i -lt $Checks.Count; $i++) {
        $check = $Checks[$i]; $probe = $probes[$check.Name]; $entry = $plan[$i]
        if ($entry.Escalated) { $escalated = $true }
        elseif ($entry.Held) { $held = $true }
        elseif ($entry.Due) { $due = $true }
        elseif ($entry.Confirming) { $confirming = $true }
        if ($entry.Error) { $failed = $true }
        if ($probe.Ok -and -not $probe.InDesiredState) { $drift = $true }
        if ($probe.Skipped) { $skipped = $true }
        if (Test-RemcAbnormal -Probe $probe) { $abnormal = $true }
        $parts += Format-RemcCheckPart -Check $check -Probe $probe -Entry $entry
        $outcomes += Get-RemcCheckOutcome -Check $check -Probe $probe -Entry $entry
    }
    $proof = $null
    $proof = Resolve-RemcProof -Remediation $Remediation -Checks $Checks -Probes $probes -Context $context -State $State # remc-when: symptom-fixes
    if ($null -ne $proof) { $parts += $proof.Part }
    $parts += Format-RemcNotRun -Checks $Checks -Probes $probes
    # A held or confirming fix is not due now: exit 0 and say so, rather than a remediation that would
    # hold it again on every run. The limit of fixes reached, and a problem no fix here answers, are
    # issues for a person: exit 1, and the remediation Intune then runs says the same and fixes nothing.
    $chosen = Select-RemcStatus -Statuses $Remediation.Statuses.Detect -Holds @{
        'ERROR' = $failed
        'FIX DUE' = $due
        'ESCALATE' = $escalated
        'ISSUE FOUND' = ($Remediation.DetectOnly -and $drift)
        'ACTION NEEDED' = ($attention.Count -gt 0)
        'HELD' = $held
        'CONFIRMING' = $confirming
        'ABNORMAL' = $abnormal
        'UNPROVEN' = ($null -ne $proof -and $proof.Pending)
        'SKIPPED' = $skipped
    }
    $status = $chosen.Word; $code = $chosen.ExitCode
    # Symptoms: what a remediation that confirms them (confirmRuns) counts; the script saves them.
    $symptoms = @()
    $symptoms = @(Get-RemcSymptoms -Checks $Checks -Probes $probes -Context $context) # remc-when: saves-detection
    @{ ExitCode = $code; Status = $status; Summary = (Format-RemcSummary -Head "[$($Remediation.Id)] $status" -Parts $parts); Checks = $outcomes; Symptoms = $symptoms; Context = $context; Proof = $proof }
}
