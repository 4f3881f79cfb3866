# Probe of firewall-profile: is Windows Defender Firewall on (or off, as declared), and when declared with
# the declared default inbound action, on each declared profile? Read-only: two Get-NetFirewallProfile
# calls, the policy in force (ActiveStore) and the local store (PersistentStore). A setting in force that
# differs from the declared one while the local store already holds the declared one is decided by a Group
# Policy or MDM policy: the probe says so (Advice), and the fix does not change the local store for it.
function Test-RemcFirewallProfile {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcFirewallProfileWant -Config $Config
    $state = Get-RemcFirewallProfileSnapshot -Want $want
    return (Get-RemcFirewallProfileVerdict -Want $want -State $state)
}

# The declared state from $Config, checked (the compiler validates too; a hand-edited script must not turn
# a bad value into a wrong action). Profiles in the order Windows lists them: Domain, Private, Public.
function Get-RemcFirewallProfileWant {
    param($Config)
    $names = @()
    foreach ($item in @($Config.Profiles)) {
        $word = ([string]$item).ToLowerInvariant()
        if (@('domain', 'private', 'public') -notcontains $word) { throw ("Profiles must list 'domain', 'private' or 'public', not '{0}'" -f $item) }
    }
    foreach ($name in @('Domain', 'Private', 'Public')) {
        if (@(@($Config.Profiles) | Where-Object { ([string]$_) -eq $name }).Count -gt 0) { $names += $name }
    }
    if ($names.Count -eq 0) { throw 'Profiles is empty: declare domain, private or public' }
    if ($Config.Enabled -isnot [bool]) { throw ("Enabled must be true or false, not '{0}'" -f $Config.Enabled) }
    $enabled = 'False'
    if ($Config.Enabled) { $enabled = 'True' }
    $inbound = ''
    $declared = [string]$Config.DefaultInboundAction
    if ($declared -ne '') {
        if (@('block', 'allow') -notcontains $declared) { throw ("DefaultInboundAction must be 'block' or 'allow', not '{0}'" -f $declared) }
        $inbound = 'Block'
        if ($declared -eq 'allow') { $inbound = 'Allow' }
    }
    return @{ Profiles = $names; Enabled = $enabled; Inbound = $inbound; ReportOnly = [bool]$Config.ReportOnly }
}

# Each declared profile as one hashtable: Name, Enabled and Inbound (in force), LocalEnabled and
# LocalInbound (the local store), and EnabledIs / InboundIs: 'ok' (as declared), 'local' (the fix sets the
# local store), 'policy' (the local store already holds the declared value, so a policy decides the value
# in force) or '' (not declared). A value in force this check does not judge (NotConfigured, or a number it
# does not know) is thrown: unknown is never judged.
function Get-RemcFirewallProfileSnapshot {
    param($Want)
    $active = @(Get-RemcFirewallProfileStore -Store 'ActiveStore')
    $local = @(Get-RemcFirewallProfileStore -Store 'PersistentStore')
    $profiles = @()
    foreach ($name in $Want.Profiles) {
        $inForce = Find-RemcFirewallProfileEntry -List $active -Name $name -Store 'ActiveStore'
        $mine = Find-RemcFirewallProfileEntry -List $local -Name $name -Store 'PersistentStore'
        $entry = @{
            Name         = $name
            Enabled      = (ConvertTo-RemcFirewallGpoBoolean -Value $inForce.Enabled)
            LocalEnabled = (ConvertTo-RemcFirewallGpoBoolean -Value $mine.Enabled)
            Inbound      = (ConvertTo-RemcFirewallAction -Value $inForce.DefaultInboundAction)
            LocalInbound = (ConvertTo-RemcFirewallAction -Value $mine.DefaultInboundAction)
        }
        if (@('True', 'False') -notcontains $entry.Enabled) {
            throw ('{0}: the policy in force says Enabled {1}, which this check does not judge' -f $name, $entry.Enabled)
        }
        $entry.EnabledIs = Get-RemcFirewallProfileSource -InForce $entry.Enabled -Local $entry.LocalEnabled -Want $Want.Enabled
        $entry.InboundIs = ''
        if ($Want.Inbound -ne '') {
            if (@('Block', 'Allow') -notcontains $entry.Inbound) {
                throw ('{0}: the policy in force says DefaultInboundAction {1}, which this check does not judge' -f $name, $entry.Inbound)
            }
            $entry.InboundIs = Get-RemcFirewallProfileSource -InForce $entry.Inbound -Local $entry.LocalInbound -Want $Want.Inbound
        }
        $profiles += $entry
    }
    return @{ Profiles = $profiles }
}

# The profile of that name in one store's answer; a store without it is not judged.
function Find-RemcFirewallProfileEntry {
    param($List, [string] $Name, [string] $Store)
    $found = @($List | Where-Object { $null -ne $_ -and [string]$_.Name -eq $Name })
    if ($found.Count -eq 0) { throw ('Get-NetFirewallProfile -PolicyStore {0} returned no {1} profile' -f $Store, $Name) }
    return $found[0]
}

# 'ok', 'policy' or 'local': see Get-RemcFirewallProfileSnapshot.
function Get-RemcFirewallProfileSource {
    param([string] $InForce, [string] $Local, [string] $Want)
    if ($InForce -eq $Want) { return 'ok' }
    if ($Local -eq $Want) { return 'policy' }
    return 'local'
}

# A GpoBoolean as its name: 'True', 'False', 'NotConfigured'. The cmdlet's objects carry the enum, whose
# [string] is its name; the CIM class's own uint16 (0 False, 1 True, 2 NotConfigured) is read too. Never
# [bool]: NotConfigured (2) would read as on.
function ConvertTo-RemcFirewallGpoBoolean {
    param($Value)
    $text = [string]$Value
    switch ($text) {
        'True' { return 'True' }
        'False' { return 'False' }
        'NotConfigured' { return 'NotConfigured' }
        '1' { return 'True' }
        '0' { return 'False' }
        '2' { return 'NotConfigured' }
    }
    if ($text -eq '') { return 'unknown' }
    return $text
}

# A NetSecurity Action as its name: 'Allow', 'Block', 'NotConfigured' (uint16 2, 4, 0 in the CIM class).
function ConvertTo-RemcFirewallAction {
    param($Value)
    $text = [string]$Value
    switch ($text) {
        'Allow' { return 'Allow' }
        'Block' { return 'Block' }
        'NotConfigured' { return 'NotConfigured' }
        '2' { return 'Allow' }
        '4' { return 'Block' }
        '0' { return 'NotConfigured' }
    }
    if ($text -eq '') { return 'unknown' }
    return $text
}

function Get-RemcFirewallProfileVerdict {
    param($Want, $State)
    $parts = @(); $policy = @(); $ok = $true; $local = 0
    foreach ($p in $State.Profiles) {
        $part = '{0} {1}' -f $p.Name, (Get-RemcFirewallProfileWord -Enabled $p.Enabled)
        if ($p.EnabledIs -eq 'policy') { $part += ' by policy'; $policy += ('{0} {1}' -f $p.Name, (Get-RemcFirewallProfileWord -Enabled $p.Enabled)) }
        if ($p.EnabledIs -ne 'ok') { $part += (', should be {0}' -f (Get-RemcFirewallProfileWord -Enabled $Want.Enabled)); $ok = $false }
        if ($p.EnabledIs -ne 'ok' -and $p.EnabledIs -ne 'policy') { $local++ }
        if ($Want.Inbound -ne '') {
            $part += (', inbound {0}' -f $p.Inbound.ToLowerInvariant())
            if ($p.InboundIs -eq 'policy') { $part += ' by policy'; $policy += ('{0} inbound {1}' -f $p.Name, $p.Inbound.ToLowerInvariant()) }
            if ($p.InboundIs -ne 'ok') { $part += (', should be {0}' -f $Want.Inbound.ToLowerInvariant()); $ok = $false }
            if ($p.InboundIs -ne 'ok' -and $p.InboundIs -ne 'policy') { $local++ }
        }
        $parts += $part
    }
    $facts = @{ Profiles = @($State.Profiles); WantEnabled = $Want.Enabled; WantInbound = $Want.Inbound; ByPolicy = $policy.Count }
    $result = @{ InDesiredState = $ok; Summary = ($parts -join '; '); Facts = $facts }
    if ($policy.Count -gt 0) { $result.Advice = Format-RemcFirewallProfileAdvice -Policy $policy }
    # Every setting out of place is one a policy decides: nothing the fix may change, so it does not run.
    if (-not $ok -and $local -eq 0) { $result.Repairable = $false }
    return $result
}

function Get-RemcFirewallProfileWord {
    param([string] $Enabled)
    if ($Enabled -eq 'True') { return 'on' }
    return 'off'
}

# What a person must do about values a policy decides: the fix never changes them.
function Format-RemcFirewallProfileAdvice {
    param($Policy)
    return ('a Group Policy or MDM (Intune) firewall policy decides {0}: change that policy; a local change does not override it' -f (@($Policy) -join ', '))
}
