function Get-RemcTriggerParts {
    # The single triggers a trigger is made of: itself, or an allOf's parts.
    param($Trigger)
    if ($Trigger.Kind -eq 'all') { return @($Trigger.Parts) } # remc-when: all-of
    @($Trigger)
}

function Get-RemcTriggerFiring {
    # What a cause, finding or allOf trigger of a check sees in the probes: Why (the symptom, or $null
    # when it does not fire), Sources (the checks whose symptom it is), or Skipped / Error when a check
    # it reads was not checked or failed, so nothing can be decided on it.
    param($Trigger, $Check, $Probes)
    if ($Trigger.Kind -eq 'all') { return (Get-RemcAllOfFiring -Trigger $Trigger -Check $Check -Probes $Probes) } # remc-when: all-of
    $source = $Probes[$Trigger.Check]
    if ($source.Skipped) { return @{ Why = $null; Sources = @(); Skipped = "not decided: $($Trigger.Check) was not checked"; Error = $null } }
    if (-not $source.Ok) { return @{ Why = $null; Sources = @(); Skipped = $null; Error = "not decided: $($Trigger.Check) failed" } }
    @{ Why = (Get-RemcTriggerSymptom -Trigger $Trigger -Source $source); Sources = @($Trigger.Check); Skipped = $null; Error = $null }
}

function Get-RemcAllOfFiring {
    # An allOf fires when every part fires in this run; its symptom is theirs joined with ' + ', the
    # parts that read other checks first and drift (the check's own probe) last: 'space: found + drift'.
    # A part known not to fire decides it, whatever the others; otherwise a part that could not be
    # read leaves it undecided, said as that part's reason.
    param($Trigger, $Check, $Probes)
    $whys = @(); $sources = @(); $drift = $false; $unknown = $null
    foreach ($part in @($Trigger.Parts)) {
        if ($part.Kind -eq 'drift') {
            $own = $Probes[$Check.Name]
            if ($null -eq $own -or $own.Skipped -or -not $own.Ok) { if ($null -eq $unknown) { $unknown = @{ Why = $null; Sources = @(); Skipped = $null; Error = "not decided: $($Check.Name) failed" } }; continue }
            if ($own.InDesiredState -or -not $own.Repairable) { return @{ Why = $null; Sources = @(); Skipped = $null; Error = $null } }
            $drift = $true
            continue
        }
        $one = Get-RemcTriggerFiring -Trigger $part -Check $Check -Probes $Probes
        if ($null -ne $one.Skipped -or $null -ne $one.Error) { if ($null -eq $unknown) { $unknown = $one }; continue }
        if ($null -eq $one.Why) { return @{ Why = $null; Sources = @(); Skipped = $null; Error = $null } }
        $whys += $one.Why
        $sources += $one.Sources
    }
    if ($null -ne $unknown) { return $unknown }
    if ($drift) { $whys += 'drift' }
    @{ Why = ($whys -join ' + '); Sources = $sources; Skipped = $null; Error = $null }
}

function Get-RemcTriggerSymptom {
    # The symptom a cause or finding trigger fires on ('diagnosis: os cause', 'signal: found'), or $null.
    # One definition for the plan, the sightings and nothing else to drift apart.
    param($Trigger, $Source)
    if ($Trigger.Kind -eq 'cause' -and @($Trigger.Causes) -contains $Source.Cause) { return "$($Trigger.Check): $($Source.Cause) cause" }
    if ($Trigger.Kind -eq 'finding' -and -not $Source.InDesiredState) { return "$($Trigger.Check): found" }
    $null
}

function Get-RemcSightingCount {
    # How many consecutive detections, this one included, saw the symptom. Detection counts; the
    # remediation Intune runs after it trusts that count and adds none of its own.
    param([string] $Symptom, $Context)
    $seen = 0
    if ($Context.Sightings.Contains($Symptom)) { $seen = [int] $Context.Sightings[$Symptom].Count }
    if ($Context.Mode -eq 'detect' -or $Context.ConfirmRuns -le 1) { $seen++ }
    $seen
}

function Get-RemcSymptoms {
    # The symptoms this run saw that would trigger a fix ('diagnosis: os cause', 'signal: found'),
    # whatever became of the fix; outside the cool-down only, which holds them anyway.
    param($Checks, $Probes, $Context)
    if ($null -ne $Context.CoolingUntil) { return }
    $found = @{}
    foreach ($check in $Checks) {
        if (-not $check.Fix) { continue }
        foreach ($trigger in $check.Triggers) {
            if ($trigger.Kind -eq 'drift' -or $trigger.Kind -eq 'schedule') { continue }
            $fired = Get-RemcTriggerFiring -Trigger $trigger -Check $check -Probes $Probes
            if ($null -ne $fired.Why) { $found[$fired.Why] = $true }
        }
    }
    @($found.Keys | Sort-Object)
}

function Get-RemcFixContext {
    # What a fix is told besides the run's context: the facts of the checks whose symptoms trigger it
    # (Evidence, by check name), so it can act only as far as the evidence goes.
    param($Check, $Probes, $Context)
    $evidence = @{}
    foreach ($part in @(foreach ($trigger in $Check.Triggers) { Get-RemcTriggerParts -Trigger $trigger })) {
        if ($part.Kind -eq 'drift' -or $part.Kind -eq 'schedule') { continue }
        $source = $Probes[$part.Check]
        if ($null -ne $source -and $source.Ok -and $null -ne $source.Result -and $source.Result.Contains('Facts')) { $evidence[$part.Check] = $source.Result.Facts }
    }
    $fixContext = $Context.Clone()
    $fixContext.Evidence = $evidence
    $fixContext
}
