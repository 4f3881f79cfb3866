# Fix of defender-preference: sets each declared preference that does not read as declared, one
# Set-MpPreference call each, once a run, then reads every one back with Get-MpPreference and says what
# it reads. A write that did not take (Tamper Protection ignores or refuses it, or a Group Policy or Intune
# policy decides the value) is reported as not changed, never as fixed. A preference Tamper Protection is
# known to keep (IsTamperProtected) is never written, and the fix then fails naming it. Failures are thrown as one line; the remediation's
# cool-down decides when the next attempt comes.
function Repair-RemcDefenderPreference {
    param($Config, $Context, $Probe)
    $want = Get-RemcDefenderPreferenceWant -Config $Config
    # Read again instead of trusting $Probe: a policy refresh may have changed the preferences since.
    $state = Get-RemcDefenderPreferenceSnapshot -Want $want
    $plan = @(); $tamper = @()
    for ($i = 0; $i -lt $want.Settings.Count; $i++) {
        if ($state.Settings[$i].Is -eq 'local') { $plan += $want.Settings[$i] }
        if ($state.Settings[$i].Is -eq 'tamper') { $tamper += $want.Settings[$i].Name }
    }
    if ($plan.Count -eq 0 -and $tamper.Count -eq 0) { return @{ Summary = 'every declared preference already as declared: nothing to do'; Changed = 0 } }
    if ($plan.Count -eq 0) { throw ('changed nothing: {0}' -f (Format-RemcDefenderTamperAdvice -Names $tamper)) }
    $words = @($plan | ForEach-Object { '{0} to {1}' -f $_.Name, (Get-RemcDefenderPreferenceWord -Rule $_.Rule -Value $_.Value) })
    if ($want.ReportOnly) {
        return @{ Summary = ('report-only: would set {0}' -f ($words -join ', ')); Changed = 0; ReportOnly = $true }
    }
    $failed = @()
    foreach ($step in $plan) {
        try { Set-RemcDefenderPreference -Name $step.Name -Value $step.Value }
        catch {
            $code = Get-RemcDefenderErrorCode -ErrorRecord $_
            if ($code -eq '') { $code = ((([string]$_.Exception.Message) -split "`n")[0]).Trim() }
            $failed += ('{0}: Set-MpPreference failed ({1})' -f $step.Name, $code)
        }
    }
    # Read back: Tamper Protection and policies can leave a write without effect and without an error.
    $after = Get-RemcDefenderPreferenceSnapshot -Want $want
    $done = @(); $kept = @()
    for ($i = 0; $i -lt $want.Settings.Count; $i++) {
        $w = $want.Settings[$i]
        if (@($plan | Where-Object { $_.Name -eq $w.Name }).Count -eq 0) { continue }
        if (@($failed | Where-Object { $_.StartsWith($w.Name + ':') }).Count -gt 0) { continue }
        $now = $after.Settings[$i]
        $word = Get-RemcDefenderPreferenceWord -Rule $w.Rule -Value $w.Value
        if ($now.Is -eq 'ok') { $done += ('set {0} to {1}' -f $w.Name, $word); continue }
        $kept += ('{0}: set to {1}, but Get-MpPreference still reads {2} (Tamper Protection, or a Group Policy or Intune policy, decides it)' -f $w.Name, $word, (Get-RemcDefenderPreferenceWord -Rule $w.Rule -Value $now.Value))
    }
    $parts = @($done) + @($kept) + @($failed)
    if ($tamper.Count -gt 0) { $parts += ('not changed: ' + (Format-RemcDefenderTamperAdvice -Names $tamper)) }
    $summary = $parts -join '; '
    # A preference Tamper Protection keeps is still not as declared: the check is not fixed.
    if ($failed.Count -gt 0 -or $kept.Count -gt 0 -or $tamper.Count -gt 0) { throw $summary }
    return @{ Summary = $summary; Changed = $done.Count }
}
