# Probe of windows-feature: is the declared optional feature in the declared state? Read-only: one
# Get-WindowsOptionalFeature call. A feature waiting for a restart is in neither state: it is reported
# as pending, and its fix waits for the restart (Waits) instead of asking DISM again.
function Test-RemcWindowsFeature {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcWindowsFeatureWant -Config $Config
    $info = Get-RemcWindowsFeatureSnapshot -Name $want.Name
    return (Get-RemcWindowsFeatureVerdict -Want $want -Info $info)
}

# The declared state from $Config, checked (the compiler validates too; a hand-edited script must not
# turn a bad value into a wrong action).
function Get-RemcWindowsFeatureWant {
    param($Config)
    $name = [string]$Config.Name
    if ($name -notmatch '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$') { throw ("Name must be an optional feature name such as NetFx3 (no wildcards): '{0}'" -f $name) }
    $state = [string]$Config.State
    if (@('enabled', 'disabled') -notcontains $state) { throw ("State must be 'enabled' or 'disabled', not '{0}'" -f $state) }
    $timeout = 600
    if ($null -ne $Config.TimeoutSeconds -and [int]$Config.TimeoutSeconds -ge 1) { $timeout = [int]$Config.TimeoutSeconds }
    return @{
        Name           = $name
        State          = $state
        Source         = [string]$Config.Source
        LimitAccess    = [bool]$Config.LimitAccess
        TimeoutSeconds = $timeout
        ReportOnly     = [bool]$Config.ReportOnly
    }
}

# The feature as one hashtable: Present, Name, State (DISM's FeatureState name: Enabled, Disabled,
# DisabledWithPayloadRemoved, EnablePending, DisablePending, ...), Is ('enabled', 'disabled',
# 'pending' or 'unknown': this template's words), RestartRequired (DISM's RestartType: No, Possible,
# Required).
function Get-RemcWindowsFeatureSnapshot {
    param([string] $Name)
    # Exact name: -FeatureName takes wildcards, the declared name has none; this also guards a look-alike.
    $found = @(Get-RemcWindowsFeatureInfo -Name $Name | Where-Object { $null -ne $_ -and [string]$_.FeatureName -eq $Name })
    if ($found.Count -eq 0) { return @{ Present = $false; Name = $Name; State = ''; Is = 'absent'; RestartRequired = '' } }
    $state = [string]$found[0].State
    return @{
        Present         = $true
        Name            = [string]$found[0].FeatureName
        State           = $state
        Is              = (Get-RemcWindowsFeatureStateWord -State $state)
        RestartRequired = [string]$found[0].RestartRequired
    }
}

# DISM's FeatureState in this template's words. DisabledWithPayloadRemoved is disabled (its files are
# gone: enabling needs them from Windows Update or a source). Any other value is not judged.
function Get-RemcWindowsFeatureStateWord {
    param([string] $State)
    switch ($State) {
        'Enabled' { return 'enabled' }
        'Disabled' { return 'disabled' }
        'DisabledWithPayloadRemoved' { return 'disabled' }
        'EnablePending' { return 'pending' }
        'DisablePending' { return 'pending' }
    }
    return 'unknown'
}

function Get-RemcWindowsFeatureVerdict {
    param($Want, $Info)
    $facts = @{ Name = $Want.Name; WantState = $Want.State; Present = [bool]$Info.Present; State = $Info.State; RestartRequired = $Info.RestartRequired }
    if (-not $Info.Present) {
        # A feature this Windows does not have is not enabled: fine when it must be disabled.
        $ok = ($Want.State -eq 'disabled')
        return @{ InDesiredState = $ok; Summary = ('{0} is not available on this Windows' -f $Want.Name); Facts = $facts }
    }
    if ($Info.Is -eq 'unknown') {
        throw ('{0} is in state {1}, which this check does not judge' -f $Info.Name, $Info.State)
    }
    if ($Info.Is -eq 'pending') {
        $verb = 'enable'
        if ($Info.State -eq 'DisablePending') { $verb = 'disable' }
        $summary = '{0} {1} pending: a restart finishes it' -f $Info.Name, $verb
        if ($verb -ne $Want.State.Substring(0, $Want.State.Length - 1)) { $summary = '{0}; should be {1}' -f $summary, $Want.State }
        return @{
            InDesiredState = $false
            Summary        = $summary
            Facts          = $facts
            Waits          = ('a restart ({0} is {1})' -f $Info.Name, $Info.State)
        }
    }
    $summary = '{0} {1}' -f $Info.Name, $Info.Is
    if ($Info.State -eq 'DisabledWithPayloadRemoved') { $summary = '{0} disabled (payload removed)' -f $Info.Name }
    $ok = ($Info.Is -eq $Want.State)
    if (-not $ok) { $summary = '{0}, should be {1}' -f $summary, $Want.State }
    return @{ InDesiredState = $ok; Summary = $summary; Facts = $facts }
}

# An HRESULT as DISM prints it, '0x800F0954'; '' for 0 and for the HResult of an exception that carries
# no code of its own (COR_E_EXCEPTION 0x80131500, COR_E_SYSTEM 0x80131501).
function ConvertTo-RemcWindowsFeatureCode {
    param([int] $HResult)
    if ($HResult -eq 0 -or $HResult -eq -2146233088 -or $HResult -eq -2146233087) { return '' }
    return ('0x{0:X8}' -f $HResult)
}
