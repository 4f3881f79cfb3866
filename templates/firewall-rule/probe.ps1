# Probe of firewall-rule: are the declared built-in rules (one Name, or every rule of one Group) enabled or
# disabled as declared, in force? Read-only: one Get-NetFirewallRule call on the ActiveStore. A rule that
# differs and does not come from the local store (PolicyStoreSourceType other than Local: a Group Policy or
# MDM rule) is decided by that policy: the probe says so (Advice), and the fix never writes it.
function Test-RemcFirewallRule {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcFirewallRuleWant -Config $Config
    $rules = @(Get-RemcFirewallRuleSnapshot -Want $want)
    return (Get-RemcFirewallRuleVerdict -Want $want -Rules $rules)
}

# The declared state from $Config, checked (the compiler validates too).
function Get-RemcFirewallRuleWant {
    param($Config)
    $name = [string]$Config.Name
    $group = [string]$Config.Group
    if (($name -eq '') -eq ($group -eq '')) { throw 'declare exactly one of Name and Group' }
    foreach ($value in @($name, $group)) {
        if ($value -match '[*?\[\]]' -or $value.Length -gt 255) { throw ("Name and Group are matched literally: no wildcards, at most 255 characters: '{0}'" -f $value) }
    }
    if ($Config.Enabled -isnot [bool]) { throw ("Enabled must be true or false, not '{0}'" -f $Config.Enabled) }
    $label = $name
    if ($group -ne '') { $label = 'group ' + $group }
    return @{ Name = $name; Group = $group; Enabled = [bool]$Config.Enabled; Label = $label; ReportOnly = [bool]$Config.ReportOnly }
}

# The declared rules in force, each as @{ Name; Enabled ('True', 'False', or what else it says); Source
# (PolicyStoreSourceType's name); Is ('ok', 'local': the fix writes it, 'policy': a policy decides it) }.
# Exact matches only: the cmdlet's -Name and -Group also take wildcards, the declared values have none.
function Get-RemcFirewallRuleSnapshot {
    param($Want)
    if ($Want.Name -ne '') {
        $found = @(Get-RemcFirewallRuleActive -Name $Want.Name | Where-Object { $null -ne $_ -and [string]$_.Name -eq $Want.Name })
    }
    else {
        $found = @(Get-RemcFirewallRuleActive -Group $Want.Group | Where-Object { $null -ne $_ -and [string]$_.Group -eq $Want.Group })
    }
    $target = 'False'
    if ($Want.Enabled) { $target = 'True' }
    $rules = @()
    foreach ($rule in $found) {
        $enabled = ConvertTo-RemcFirewallRuleEnabled -Value $rule.Enabled
        if (@('True', 'False') -notcontains $enabled) { throw ('{0} says Enabled {1}, which this check does not judge' -f [string]$rule.Name, $enabled) }
        $source = [string]$rule.PolicyStoreSourceType
        $is = 'ok'
        if ($enabled -ne $target) {
            $is = 'policy'
            if ($source -eq 'Local') { $is = 'local' }
        }
        $rules += @{ Name = [string]$rule.Name; Enabled = $enabled; Source = $source; Is = $is }
    }
    return $rules
}

# The NetSecurity Enabled enum as its name ('True', 'False'); the CIM class's uint16 too (1 enabled,
# 2 disabled). Never [bool]: False (2) would read as enabled.
function ConvertTo-RemcFirewallRuleEnabled {
    param($Value)
    $text = [string]$Value
    switch ($text) {
        'True' { return 'True' }
        'False' { return 'False' }
        '1' { return 'True' }
        '2' { return 'False' }
    }
    if ($text -eq '') { return 'unknown' }
    return $text
}

function Get-RemcFirewallRuleVerdict {
    param($Want, $Rules)
    # A function that returns no rule hands over $null, and @($null) counts one.
    $Rules = @($Rules | Where-Object { $null -ne $_ })
    $word = 'disabled'
    if ($Want.Enabled) { $word = 'enabled' }
    $facts = @{ Rules = @($Rules); WantEnabled = $Want.Enabled; Label = $Want.Label }
    if (@($Rules).Count -eq 0) {
        # A rule Windows does not have allows nothing: fine when it must be disabled. One that must be
        # enabled is not the fix's to create: a person must see why it is gone.
        if (-not $Want.Enabled) { return @{ InDesiredState = $true; Summary = ('{0}: no such rule' -f $Want.Label); Facts = $facts } }
        return @{ InDesiredState = $false; Summary = ('{0}: no such rule' -f $Want.Label); Facts = $facts; Repairable = $false; Advice = 'the rule is not on this device: the fix only enables or disables existing rules' }
    }
    $wrong = @($Rules | Where-Object { $_.Is -ne 'ok' })
    $policy = @($Rules | Where-Object { $_.Is -eq 'policy' })
    if ($wrong.Count -eq 0) {
        if ($Want.Name -ne '') { return @{ InDesiredState = $true; Summary = ('{0} {1}' -f $Want.Name, $word); Facts = $facts } }
        return @{ InDesiredState = $true; Summary = ('{0}: {1} rules {2}' -f $Want.Label, @($Rules).Count, $word); Facts = $facts }
    }
    $other = 'enabled'
    if ($Want.Enabled) { $other = 'disabled' }
    if ($Want.Name -ne '') { $summary = '{0} {1}' -f $Want.Name, $other }
    else { $summary = '{0}: {1} of {2} rules {3} ({4})' -f $Want.Label, $wrong.Count, @($Rules).Count, $other, (Format-RemcFirewallRuleNames -Rules $wrong) }
    if ($policy.Count -gt 0) { $summary += (' (by policy: {0})' -f (Format-RemcFirewallRuleNames -Rules $policy -Source)) }
    $summary += (', should be {0}' -f $word)
    $result = @{ InDesiredState = $false; Summary = $summary; Facts = $facts }
    if ($policy.Count -gt 0) { $result.Advice = Format-RemcFirewallRuleAdvice -Rules $policy }
    # Every rule out of place is one a policy decides: nothing the fix may change, so it does not run.
    if ($policy.Count -eq $wrong.Count) { $result.Repairable = $false }
    return $result
}

# 'A, B, C and 2 more'; with -Source each as 'A from GroupPolicy'.
function Format-RemcFirewallRuleNames {
    param($Rules, [switch] $Source)
    $list = @($Rules)
    $names = @()
    foreach ($rule in ($list | Select-Object -First 3)) {
        if ($Source) { $names += ('{0} from {1}' -f $rule.Name, $rule.Source) } else { $names += $rule.Name }
    }
    $text = $names -join ', '
    if ($list.Count -gt 3) { $text += (' and {0} more' -f ($list.Count - 3)) }
    return $text
}

function Format-RemcFirewallRuleAdvice {
    param($Rules)
    return ('a Group Policy or MDM (Intune) firewall policy decides {0}: change that policy; a local change does not override it' -f (Format-RemcFirewallRuleNames -Rules $Rules))
}
