# Fix of firewall-profile: sets, in the local store (PersistentStore), each declared setting that is not as
# declared in force and that the local store does not already hold, once per run, then reads the policy in
# force again and reports what it is. A value a Group Policy or MDM policy decides (the local store already
# holds the declared one) is never written: the fix names it and the policy. Failures are thrown as one
# line; the remediation's cool-down decides when the next attempt comes.
function Repair-RemcFirewallProfile {
    param($Config, $Context, $Probe)
    $want = Get-RemcFirewallProfileWant -Config $Config
    # Read again instead of trusting $Probe: a policy refresh may have changed the profiles since.
    $state = Get-RemcFirewallProfileSnapshot -Want $want
    $plan = @(Get-RemcFirewallProfilePlan -Want $want -State $state)
    $policy = @(Get-RemcFirewallProfilePolicyParts -Want $want -State $state)
    if ($plan.Count -eq 0 -and $policy.Count -eq 0) { return @{ Summary = 'every declared profile already as declared: nothing to do'; Changed = 0 } }
    if ($plan.Count -eq 0) {
        throw ('changed nothing: {0}' -f (Format-RemcFirewallProfileAdvice -Policy $policy))
    }
    $words = @($plan | ForEach-Object { $_.Words })
    if ($want.ReportOnly) {
        return @{ Summary = ('report-only: would {0}' -f ($words -join ', ')); Changed = 0; ReportOnly = $true }
    }
    $failed = @(); $failedWords = @()
    foreach ($step in $plan) {
        try {
            if ($step.Setting -eq 'Enabled') { Set-RemcFirewallProfileEnabled -Name $step.Name -Enabled $step.Value }
            else { Set-RemcFirewallProfileInbound -Name $step.Name -Action $step.Value }
        }
        catch {
            $failed += (Format-RemcFirewallProfileFailure -Words $step.Words -Exception $_.Exception)
            $failedWords += $step.Words
        }
    }
    # Read back the policy in force: the local store may hold the value and a policy still win over it.
    $after = Get-RemcFirewallProfileSnapshot -Want $want
    $kept = @()
    $done = @()
    foreach ($step in $plan) {
        if ($failedWords -contains $step.Words) { continue }
        $now = @($after.Profiles | Where-Object { $_.Name -eq $step.Name })[0]
        $is = $now.EnabledIs
        if ($step.Setting -eq 'Inbound') { $is = $now.InboundIs }
        if ($is -eq 'ok') { $done += $step.Words } else { $kept += $step.Words }
    }
    $summary = Format-RemcFirewallProfileFixSummary -Done $done -Kept $kept -Failed $failed -Policy $policy
    if ($failed.Count -gt 0 -or $kept.Count -gt 0) { throw $summary }
    return @{ Summary = $summary; Changed = $done.Count }
}

# One step per setting the fix writes: @{ Name; Setting ('Enabled' or 'Inbound'); Value; Words }.
function Get-RemcFirewallProfilePlan {
    param($Want, $State)
    foreach ($p in $State.Profiles) {
        if ($p.EnabledIs -eq 'local') {
            $verb = 'turn off'
            if ($Want.Enabled -eq 'True') { $verb = 'turn on' }
            @{ Name = $p.Name; Setting = 'Enabled'; Value = $Want.Enabled; Words = ('{0} {1}' -f $verb, $p.Name) }
        }
        if ($p.InboundIs -eq 'local') {
            @{ Name = $p.Name; Setting = 'Inbound'; Value = $Want.Inbound; Words = ('set {0} inbound to {1}' -f $p.Name, $Want.Inbound.ToLowerInvariant()) }
        }
    }
}

# The values a policy decides, as the probe names them ('Private off', 'Public inbound allow').
function Get-RemcFirewallProfilePolicyParts {
    param($Want, $State)
    foreach ($p in $State.Profiles) {
        if ($p.EnabledIs -eq 'policy') { '{0} {1}' -f $p.Name, (Get-RemcFirewallProfileWord -Enabled $p.Enabled) }
        if ($p.InboundIs -eq 'policy') { '{0} inbound {1}' -f $p.Name, $p.Inbound.ToLowerInvariant() }
    }
}

# 'could not turn on Private: AccessDenied 0x80041003'; the first line of the (localized) message only when
# the error carries no code.
function Format-RemcFirewallProfileFailure {
    param([string] $Words, $Exception)
    $code = Get-RemcFirewallProfileErrorCode -Exception $Exception
    if ($code -ne '') { return ('{0}: could not ({1})' -f $Words, $code) }
    $text = (([string]$Exception.Message -split "`n")[0]).Trim()
    if ($text -eq '') { $text = 'no error code' }
    return ('{0}: could not ({1})' -f $Words, $text)
}

# What the fix did, in the words the scenarios check: 'turned on Private', then what did not take.
function Format-RemcFirewallProfileFixSummary {
    param($Done, $Kept, $Failed, $Policy)
    $parts = @()
    foreach ($d in @($Done)) { $parts += ($d -replace '^turn ', 'turned ') }
    foreach ($k in @($Kept)) { $parts += ('{0}: written to the local store, but the policy in force still differs (a Group Policy or MDM policy decides it)' -f $k) }
    $parts += @($Failed)
    if (@($Policy).Count -gt 0) { $parts += ('not changed: ' + (Format-RemcFirewallProfileAdvice -Policy $Policy)) }
    return ($parts -join '; ')
}
