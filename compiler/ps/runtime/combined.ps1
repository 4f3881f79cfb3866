function Resolve-RemcMode {
    # -Mode, else the environment variable the tool sets (RMM tools pass variables that way, and the
    # 64-bit relaunch hands the mode on through REMC_MODE), else the default. Any other word is refused:
    # a typo must never fix what was only to be checked.
    param([string] $Mode, [string] $Variable, [string] $Default)
    if (-not $Mode -and $Variable) {
        $item = Get-Item -LiteralPath ('Env:' + $Variable) -ErrorAction SilentlyContinue
        if ($null -ne $item) { $Mode = [string] $item.Value }
    }
    if (-not $Mode -and $env:REMC_MODE) { $Mode = $env:REMC_MODE }
    if (-not $Mode) { $Mode = $Default }
    $word = $Mode.Trim().ToLowerInvariant()
    if (@('detect', 'remediate', 'both') -notcontains $word) { throw "unknown mode '$Mode': use detect, remediate or both" }
    $word
}

function Invoke-RemcCombined {
    # Detect -> fix -> verify in one run, for tools that run a single script.
    param($Remediation, $Checks, [string] $Mode)
    # The decisions are the pair's own (Invoke-RemcDetection, Invoke-RemcRemediation); only the sequence
    # is here. detect and remediate run as the Intune scripts do; both runs detection and, only when it
    # exits 1, the remediation and then detection again, as Intune's post-remediation detection would.
    # The lines of the earlier steps go in Trail; Script names the step whose result this is.
    #
    # The tool chose the account: as another than the declared one (an RMM tool runs scripts as SYSTEM
    # unless set otherwise), a user remediation would read SYSTEM's own registry and profile, a SYSTEM one
    # would lack its rights; so it checks nothing and says so. A host that cannot tell who it is goes on.
    $system = (Get-RemcIdentity).IsSystem
    if ($null -ne $system -and $system -ne ($Remediation.RunAs -eq 'system')) {
        return @{ ExitCode = 1; Status = 'WRONG ACCOUNT'; Script = 'detect'; Checks = @(); Summary = "[$($Remediation.Id)] WRONG ACCOUNT | runs as $(@('a user', 'SYSTEM')[[int] $system]), declared runAs $($Remediation.RunAs): nothing checked" }
    }
    $state = $null
    if (-not $Remediation.DetectOnly) { $state = Read-RemcState -Remediation $Remediation }
    if ($Mode -eq 'remediate') {
        if ($Remediation.DetectOnly) { $result = Invoke-RemcCombinedDetection -Remediation $Remediation -Checks $Checks -State $state; $result.Script = 'detect'; return $result }
        $result = Invoke-RemcRemediation -Remediation $Remediation -Checks $Checks -State $state
        $result.Script = 'remediate'
        return $result
    }
    $detected = Invoke-RemcCombinedDetection -Remediation $Remediation -Checks $Checks -State $state
    $detected.Script = 'detect'
    if ($Mode -eq 'detect' -or $detected.ExitCode -eq 0 -or $Remediation.DetectOnly) { return $detected }
    # The marker as this detection left it (its count of a symptom's sightings is what confirms it).
    $fixed = Invoke-RemcRemediation -Remediation $Remediation -Checks $Checks -State (Read-RemcState -Remediation $Remediation)
    $fixed.Script = 'remediate'
    $fixed.Trail = @($detected.Summary)
    if ($fixed.ExitCode -ne 0) { return $fixed }
    $verified = Invoke-RemcCombinedDetection -Remediation $Remediation -Checks $Checks -State (Read-RemcState -Remediation $Remediation)
    if ($verified.ExitCode -eq 0) { return $fixed }
    # What was fixed is done, and a person must act on the rest: the remediation's outcome (the fixes it
    # made are the run's), exit 1 (not compliant) as detection says of it.
    if ($verified.Status -eq 'ACTION NEEDED' -and $fixed.Status -eq 'ACTION NEEDED') {
        $fixed.ExitCode = 1
        $fixed.Trail = @($detected.Summary, $verified.Summary)
        return $fixed
    }
    # The fix said it converged, detection disagrees: what Intune reports as recurred. The fixes made
    # stay the outcome's; the line says what detection found.
    $fixed.ExitCode = 1
    $fixed.Status = 'NOT CONVERGED'
    $fixed.Trail = @($detected.Summary, $fixed.Summary)
    $fixed.Summary = "[$($Remediation.Id)] NOT CONVERGED | detection after the fix: " + $verified.Summary
    $fixed
}

function Invoke-RemcCombinedDetection {
    # A detection as detect.ps1 runs it, with what it saves: sightings of symptoms (confirmRuns), a proof's verdict.
    param($Remediation, $Checks, $State)
    $result = Invoke-RemcDetection -Remediation $Remediation -Checks $Checks -State $State
    if (-not $Remediation.DetectOnly) {
        Save-RemcDetection -Remediation $Remediation -Context $result.Context -Symptoms $result.Symptoms -Proof $result.Proof # remc-when: saves-detection
    }
    $result
}
