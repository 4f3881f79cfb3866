# Fix of firewall-rule: enables or disables, by Name and in the local store, each declared rule that is
# not as declared in force and comes from the local store, once per run; then reads the rules in force
# again. A rule a Group Policy or MDM policy decides is never written: the fix names it and the policy.
# A rule Windows does not have is never created. Failures are thrown as one line.
function Repair-RemcFirewallRule {
    param($Config, $Context, $Probe)
    $want = Get-RemcFirewallRuleWant -Config $Config
    # Read again instead of trusting $Probe: a policy refresh may have changed the rules since.
    $rules = @(Get-RemcFirewallRuleSnapshot -Want $want)
    $verb = 'disable'
    if ($want.Enabled) { $verb = 'enable' }
    if ($rules.Count -eq 0) {
        if (-not $want.Enabled) { return @{ Summary = ('{0}: no such rule: nothing to do' -f $want.Label); Changed = 0 } }
        throw ('{0}: no such rule on this Windows; this check never creates rules' -f $want.Label)
    }
    $local = @($rules | Where-Object { $_.Is -eq 'local' })
    $policy = @($rules | Where-Object { $_.Is -eq 'policy' })
    if ($local.Count -eq 0 -and $policy.Count -eq 0) { return @{ Summary = ('{0} already {1}d: nothing to do' -f $want.Label, $verb); Changed = 0 } }
    if ($local.Count -eq 0) { throw ('changed nothing: {0}' -f (Format-RemcFirewallRuleAdvice -Rules $policy)) }
    if ($want.ReportOnly) {
        return @{ Summary = ('report-only: would {0} {1}' -f $verb, (Format-RemcFirewallRuleNames -Rules $local)); Changed = 0; ReportOnly = $true }
    }
    $failed = @()
    $tried = @()
    foreach ($rule in $local) {
        try { Set-RemcFirewallRuleLocal -Name $rule.Name -Enable $want.Enabled; $tried += $rule.Name }
        catch { $failed += ('could not {0} {1} ({2})' -f $verb, $rule.Name, (Get-RemcFirewallRuleErrorText -ErrorRecord $_)) }
    }
    # Read back the rules in force: a policy may still win over what was written.
    $after = @(Get-RemcFirewallRuleSnapshot -Want $want)
    $done = @(); $kept = @()
    foreach ($name in $tried) {
        $now = @($after | Where-Object { $_.Name -eq $name })
        if ($now.Count -gt 0 -and $now[0].Is -eq 'ok') { $done += $name } else { $kept += $name }
    }
    $parts = @()
    if ($done.Count -gt 0) { $parts += ('{0}d {1}' -f $verb, ($done -join ', ')) }
    foreach ($name in $kept) { $parts += ('{0}: written to the local store, but the rule in force still differs' -f $name) }
    $parts += $failed
    if ($policy.Count -gt 0) { $parts += ('not changed: ' + (Format-RemcFirewallRuleAdvice -Rules $policy)) }
    $summary = $parts -join '; '
    if ($failed.Count -gt 0 -or $kept.Count -gt 0) { throw $summary }
    return @{ Summary = $summary; Changed = $done.Count }
}

# What failed, in words no display language changes: the error's category and, when it carries one, the
# CimException's NativeErrorCode ('PermissionDenied', 'AccessDenied').
function Get-RemcFirewallRuleErrorText {
    param($ErrorRecord)
    $ex = $ErrorRecord.Exception
    while ($null -ne $ex) {
        if (@($ex.PSObject.TypeNames) -contains 'Microsoft.Management.Infrastructure.CimException') { return [string]$ex.NativeErrorCode }
        $ex = $ex.InnerException
    }
    return [string]$ErrorRecord.CategoryInfo.Category
}
