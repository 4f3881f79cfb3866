# Probe of defender-preference: is each declared Microsoft Defender Antivirus preference as declared?
# Read-only: Get-MpComputerStatus (is Defender the active antivirus, is Tamper Protection on) and
# Get-MpPreference, whose booleans and numbers are compared with the declared values; display text is
# never read. When Defender is not the active antivirus, the probe throws (an error, never drift). A value
# a Group Policy or Intune policy sets looks like any other here: only the fix's read-back shows it.
function Test-RemcDefenderPreference {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcDefenderPreferenceWant -Config $Config
    $state = Get-RemcDefenderPreferenceSnapshot -Want $want
    return (Get-RemcDefenderPreferenceVerdict -Want $want -State $state)
}

# What a supported preference takes: Kind 'bool' or 'number', the numbers it may have (Values) or its
# range (Min, Max), its value names by number (Words), and whether Tamper Protection protects it.
function Get-RemcDefenderPreferenceRule {
    param([string] $Name)
    $onOff = @{ '0' = 'disabled'; '1' = 'enabled'; '2' = 'audit' }
    switch ($Name) {
        'DisableRealtimeMonitoring' { return @{ Kind = 'bool'; Protected = $true } }
        'DisableBehaviorMonitoring' { return @{ Kind = 'bool'; Protected = $true } }
        'DisableIOAVProtection' { return @{ Kind = 'bool'; Protected = $true } }
        'DisableScriptScanning' { return @{ Kind = 'bool'; Protected = $false } }
        'PUAProtection' { return @{ Kind = 'number'; Words = $onOff; Protected = $false } }
        'MAPSReporting' { return @{ Kind = 'number'; Words = @{ '0' = 'disabled'; '1' = 'basic'; '2' = 'advanced' }; Protected = $true } }
        'SubmitSamplesConsent' { return @{ Kind = 'number'; Words = @{ '0' = 'alwaysPrompt'; '1' = 'sendSafeSamples'; '2' = 'neverSend'; '3' = 'sendAllSamples' }; Protected = $false } }
        'CloudBlockLevel' { return @{ Kind = 'number'; Words = @{ '0' = 'default'; '1' = 'moderate'; '2' = 'high'; '4' = 'highPlus'; '6' = 'zeroTolerance' }; Protected = $false } }
        'CloudExtendedTimeout' { return @{ Kind = 'number'; Min = 0; Max = 50; Protected = $false } }
        'EnableNetworkProtection' { return @{ Kind = 'number'; Words = $onOff; Protected = $false } }
    }
    throw ("'{0}' is not a supported Defender preference" -f $Name)
}

# The declared preferences from $Config, checked (the compiler validates too; a hand-edited script must
# not turn a bad value into a wrong write): @{ Settings = @(@{ Name; Value; Rule }); ReportOnly }.
function Get-RemcDefenderPreferenceWant {
    param($Config)
    $settings = @()
    foreach ($item in @($Config.Settings)) {
        if ($null -eq $item) { continue }
        $name = [string]$item.Name
        $rule = Get-RemcDefenderPreferenceRule -Name $name
        $value = $item.Value
        if ($rule.Kind -eq 'bool') {
            if ($value -isnot [bool]) { throw ("{0} must be true or false, not '{1}'" -f $name, $value) }
        }
        else {
            if ($value -is [bool] -or $null -eq $value -or ([string]$value) -notmatch '^[0-9]+$') { throw ("{0} must be a number, not '{1}'" -f $name, $value) }
            $value = [int]$value
            if ($rule.ContainsKey('Words') -and -not $rule.Words.ContainsKey([string]$value)) { throw ("{0} cannot be {1}" -f $name, $value) }
            if ($rule.ContainsKey('Max') -and ($value -lt $rule.Min -or $value -gt $rule.Max)) { throw ("{0} must be from {1} to {2}, not {3}" -f $name, $rule.Min, $rule.Max, $value) }
        }
        $settings += @{ Name = $name; Value = $value; Rule = $rule }
    }
    if ($settings.Count -eq 0) { throw 'Settings is empty: declare at least one Defender preference' }
    return @{ Settings = $settings; ReportOnly = [bool]$Config.ReportOnly }
}

# Defender's state: @{ Tamper ([bool] IsTamperProtected); Settings = @(@{ Name; Value (read); Is }) }, Is
# 'ok' (as declared), 'local' (the fix sets it) or 'tamper' (Tamper Protection is on and protects it).
# Defender not the active antivirus, or a value it cannot read, is thrown: unknown is never judged.
function Get-RemcDefenderPreferenceSnapshot {
    param($Want)
    try { $status = Get-RemcDefenderStatus }
    catch { throw (Format-RemcDefenderReadFailure -Call 'Get-MpComputerStatus' -ErrorRecord $_) }
    $mode = [string]$status.AMRunningMode
    if ($mode -ne 'Normal') {
        if ($mode -eq '') { $mode = 'unknown' }
        throw ("Microsoft Defender Antivirus is not the active antivirus (AMRunningMode '{0}'): its preferences do not protect this device, so none was checked" -f $mode)
    }
    $tamper = ($status.IsTamperProtected -is [bool]) -and $status.IsTamperProtected
    try { $pref = Get-RemcDefenderPreference }
    catch { throw (Format-RemcDefenderReadFailure -Call 'Get-MpPreference' -ErrorRecord $_) }
    $settings = @()
    foreach ($s in $Want.Settings) {
        $raw = $pref.($s.Name)
        if ($null -eq $raw) { throw ('Get-MpPreference has no {0} on this device (an older Defender platform?)' -f $s.Name) }
        if ($s.Rule.Kind -eq 'bool') {
            if ($raw -isnot [bool]) { throw ('Get-MpPreference says {0} {1}, not true or false' -f $s.Name, $raw) }
            $value = [bool]$raw
        }
        else {
            if ($raw -is [bool] -or ([string]$raw) -notmatch '^[0-9]+$') { throw ('Get-MpPreference says {0} {1}, not a number' -f $s.Name, $raw) }
            $value = [int]$raw
        }
        $is = 'ok'
        if ($value -ne $s.Value) {
            $is = 'local'
            if ($tamper -and $s.Rule.Protected) { $is = 'tamper' }
        }
        $settings += @{ Name = $s.Name; Value = $value; Is = $is }
    }
    return @{ Tamper = $tamper; Settings = $settings }
}

# 'Microsoft Defender Antivirus is not running (0x800106BA) ...' for the code Windows gives when Defender
# is off or another antivirus is active; otherwise the call and the error code.
function Format-RemcDefenderReadFailure {
    param([string] $Call, $ErrorRecord)
    $code = Get-RemcDefenderErrorCode -ErrorRecord $ErrorRecord
    if ($code -eq '0x800106BA') {
        return ('Microsoft Defender Antivirus is not running ({0} failed with 0x800106BA): another antivirus is active or Defender is off, so no preference was checked' -f $Call)
    }
    if ($code -eq '') { $code = ((([string]$ErrorRecord.Exception.Message) -split "`n")[0]).Trim() }
    if ($code -eq '') { $code = 'no error code' }
    return ('{0} failed ({1})' -f $Call, $code)
}

# A value as the declaration names it: 'true', 'enabled', '10'; a number no name stands for as 'unknown (7)'.
function Get-RemcDefenderPreferenceWord {
    param($Rule, $Value)
    if ($Rule.Kind -eq 'bool') { return ([string]$Value).ToLowerInvariant() }
    if ($Rule.ContainsKey('Words')) {
        if ($Rule.Words.ContainsKey([string]$Value)) { return $Rule.Words[[string]$Value] }
        return ('unknown ({0})' -f $Value)
    }
    return [string]$Value
}

function Get-RemcDefenderPreferenceVerdict {
    param($Want, $State)
    $parts = @(); $tamper = @(); $local = 0
    for ($i = 0; $i -lt $Want.Settings.Count; $i++) {
        $w = $Want.Settings[$i]
        $s = $State.Settings[$i]
        $part = '{0} {1}' -f $w.Name, (Get-RemcDefenderPreferenceWord -Rule $w.Rule -Value $s.Value)
        if ($s.Is -ne 'ok') { $part += (', should be {0}' -f (Get-RemcDefenderPreferenceWord -Rule $w.Rule -Value $w.Value)) }
        if ($s.Is -eq 'tamper') { $part += ' (Tamper Protection on)'; $tamper += $w.Name }
        if ($s.Is -eq 'local') { $local++ }
        $parts += $part
    }
    $ok = ($local -eq 0 -and $tamper.Count -eq 0)
    $result = @{ InDesiredState = $ok; Summary = ($parts -join '; '); Facts = @{ Settings = @($State.Settings); Tamper = $State.Tamper } }
    if ($tamper.Count -gt 0) {
        $result.Advice = Format-RemcDefenderTamperAdvice -Names $tamper
        # Every setting out of place is one Tamper Protection keeps: nothing the fix can change, so it does not run.
        if ($local -eq 0) { $result.Repairable = $false }
    }
    return $result
}

# What a person must do about settings Tamper Protection keeps: the fix never writes them.
function Format-RemcDefenderTamperAdvice {
    param($Names)
    return ('Tamper Protection is on and keeps {0}: change it in Intune or the Microsoft Defender portal (security center); a local Set-MpPreference does not' -f (@($Names) -join ', '))
}
