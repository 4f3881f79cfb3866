function Get-RemcUtcNow {
    [DateTime]::UtcNow
}

function Format-RemcLine {
    # One line of printable ASCII within MaxLength: Intune keeps only the last line of output (and only
    # its last 2,048 characters), and non-ASCII text is mangled by the OEM code page on the way.
    param([string] $Text, [int] $MaxLength = 2048)
    $clean = ($Text -replace '[\r\n\t]+', ' ') -replace '[^\x20-\x7E]', '?'
    if ($clean.Length -gt $MaxLength) { $clean = $clean.Substring(0, [Math]::Max(0, $MaxLength - 3)) + '...' }
    $clean
}

function Format-RemcSummary {
    # The head stays whole; each part is cut to a fair share so the line always fits.
    param([string] $Head, [string[]] $Parts)
    $count = [Math]::Max(1, @($Parts).Count)
    $share = [Math]::Max(40, [Math]::Floor((2048 - $Head.Length - 3 * $count) / $count))
    $cut = @(foreach ($part in $Parts) { Format-RemcLine -Text $part -MaxLength $share })
    Format-RemcLine -Text ((@($Head) + $cut) -join ' | ') -MaxLength 2048
}

function New-RemcContext {
    # What every probe and fix is told about this run: the clock, and the last fix this remediation
    # made here (evidence older than that is history, not a symptom).
    param($Remediation, [string] $Mode, $State)
    $now = Get-RemcUtcNow
    $since = $null
    $coolingUntil = $null
    if ($null -ne $State -and $State.LastFixUtcTicks) {
        $since = New-Object DateTime ([long] $State.LastFixUtcTicks), ([DateTimeKind]::Utc)
        $until = $since.AddHours([double] $Remediation.CoolDownHours)
        if ($until -gt $now) { $coolingUntil = $until }
    }
    @{ RemediationId = $Remediation.Id; Mode = $Mode; Now = $now; Since = $since; CoolingUntil = $coolingUntil }
}

function Invoke-RemcProbes {
    # Runs every probe; a probe that throws or breaks the protocol becomes an error record, never a crash.
    param($Checks, $Context)
    $probes = @{}
    foreach ($check in $Checks) {
        try {
            $result = & $check.Probe -Config $check.Config -Context $Context
            if ($result -isnot [System.Collections.IDictionary] -or -not $result.Contains('InDesiredState')) {
                throw "$($check.Probe) returned no probe result (a template must return exactly one hashtable)"
            }
            $probes[$check.Name] = @{
                Ok = $true
                InDesiredState = [bool] $result.InDesiredState
                Summary = [string] $result.Summary
                Cause = [string] $result.Cause
                Advice = [string] $result.Advice
                Result = $result
            }
        } catch {
            $probes[$check.Name] = @{ Ok = $false; Error = (Format-RemcLine -Text $_.Exception.Message -MaxLength 400) }
        }
    }
    $probes
}

function Resolve-RemcPlan {
    # Decides for each check whether its fix is due. Drift is observable state, so it stays due in
    # cool-down (and the remediation holds the fix); a symptom seen during cool-down only waits.
    param($Checks, $Probes, $Context)
    foreach ($check in $Checks) {
        $probe = $Probes[$check.Name]
        $entry = @{ Name = $check.Name; Due = $false; Why = $null; Held = $null; Error = $null }
        if (-not $probe.Ok) {
            $entry.Error = $probe.Error
        } elseif ($check.Fix) {
            foreach ($trigger in $check.Triggers) {
                if ($trigger.Kind -eq 'drift' -and -not $probe.InDesiredState) {
                    $entry.Due = $true
                    $entry.Why = 'drift'
                } elseif ($trigger.Kind -eq 'cause') {
                    $source = $Probes[$trigger.Check]
                    if (-not $source.Ok) {
                        $entry.Error = "not decided: $($trigger.Check) failed"
                    } elseif (@($trigger.Causes) -contains $source.Cause) {
                        if ($null -ne $Context.CoolingUntil) {
                            $entry.Held = 'cool-down until ' + $Context.CoolingUntil.ToString('yyyy-MM-ddTHH:mmZ')
                        } elseif (-not $entry.Due) {
                            $entry.Due = $true
                            $entry.Why = "$($trigger.Check): $($source.Cause) cause"
                        }
                    }
                }
            }
            if ($entry.Due -and $entry.Why -eq 'drift' -and $null -ne $Context.CoolingUntil) {
                $entry.Held = 'cool-down until ' + $Context.CoolingUntil.ToString('yyyy-MM-ddTHH:mmZ')
            }
            if ($null -ne $entry.Error) { $entry.Due = $false }
        }
        $entry
    }
}

function Format-RemcCheckPart {
    # "name: what the probe saw", plus the advice and the decision.
    param($Check, $Probe, $Entry)
    if (-not $Probe.Ok) { return "$($Check.Name): ERROR $($Probe.Error)" }
    $text = "$($Check.Name): $($Probe.Summary)"
    if ($Probe.Advice) { $text += " - $($Probe.Advice)" }
    if ($Entry.Error) { $text += " -> $($Entry.Error)" }
    elseif ($Entry.Due -and $Entry.Held) { $text += " -> fix due ($($Entry.Why)), held: $($Entry.Held)" }
    elseif ($Entry.Due) { $text += " -> fix due ($($Entry.Why))" }
    elseif ($Entry.Held) { $text += " -> waits: $($Entry.Held)" }
    $text
}
