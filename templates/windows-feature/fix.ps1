# Fix of windows-feature: enables (with its parent features) or disables the declared feature once,
# never restarting and never removing a payload, and waits a bounded time for DISM. A feature already
# waiting for a restart is left alone (the fix waits for the restart); a failure is thrown as one line
# with DISM's error code, and the remediation's cool-down decides when the next attempt comes.
function Repair-RemcWindowsFeature {
    param($Config, $Context, $Probe)
    $want = Get-RemcWindowsFeatureWant -Config $Config
    # Read again instead of trusting $Probe: a restart or another tool may have changed the feature.
    $info = Get-RemcWindowsFeatureSnapshot -Name $want.Name
    if (-not $info.Present) {
        if ($want.State -eq 'disabled') { return @{ Summary = ('{0} is not available on this Windows: nothing to do' -f $want.Name); Changed = 0 } }
        throw ('{0} is not available on this Windows (DISM knows no feature of that name); this check does not install it' -f $want.Name)
    }
    if ($info.Is -eq 'unknown') { throw ('{0} is in state {1}, which this check does not change' -f $info.Name, $info.State) }
    if ($info.Is -eq 'pending') {
        return @{ Summary = ('{0} is {1}; changed nothing' -f $info.Name, $info.State); Changed = 0; Waits = ('a restart ({0} is {1})' -f $info.Name, $info.State) }
    }
    if ($info.Is -eq $want.State) { return @{ Summary = ('{0} already {1}: nothing to do' -f $info.Name, $want.State); Changed = 0 } }
    $verb = 'disable'
    if ($want.State -eq 'enabled') { $verb = 'enable' }
    if ($want.ReportOnly) {
        return @{ Summary = ('report-only: would {0} {1} (is {2})' -f $verb, $info.Name, $info.State); Changed = 0; ReportOnly = $true }
    }
    $source = ''
    if ($want.State -eq 'enabled') { $source = $want.Source }
    $run = Invoke-RemcWindowsFeatureChange -Name $info.Name -Enable ($want.State -eq 'enabled') -Source $source -LimitAccess ($want.State -eq 'enabled' -and $want.LimitAccess) -TimeoutSeconds $want.TimeoutSeconds
    if (-not $run.Finished) {
        throw ('{0} {1}: DISM did not finish within {2} s (stopped waiting; Windows may still finish it, and the next run reads the result)' -f $verb, $info.Name, $want.TimeoutSeconds)
    }
    if (-not $run.Succeeded) { throw (Format-RemcWindowsFeatureFailure -Verb $verb -Name $info.Name -HResult $run.HResult -Message $run.Message) }
    # Read back: success is the declared state, or a pending one that a restart finishes.
    $after = Get-RemcWindowsFeatureSnapshot -Name $info.Name
    $done = '{0}d {1}' -f $verb, $info.Name
    if ($after.Is -eq 'pending' -or ($run.RestartNeeded -and $after.Is -eq $want.State)) {
        return @{ Summary = ('{0}; a restart finishes it (this check never restarts the device)' -f $done); Changed = 1 }
    }
    if ($after.Is -ne $want.State) { throw ('{0} is {1} after DISM reported success' -f $info.Name, $after.State) }
    return @{ Summary = $done; Changed = 1 }
}

# 'could not enable NetFx3: DISM error 0x800F0954 (...)'. The meanings are those of Learn's "DISM error
# codes" / "Troubleshoot .NET Framework 3.5 installation errors"; any other code is named as it is,
# with the first line of DISM's (localized) message.
function Format-RemcWindowsFeatureFailure {
    param([string] $Verb, [string] $Name, [int] $HResult, [string] $Message)
    $code = ConvertTo-RemcWindowsFeatureCode -HResult $HResult
    $known = @{
        '0x800F0954' = 'Windows Update or WSUS could not provide the files: declare a source, or allow optional content from Windows Update by policy'
        '0x800F081F' = 'the source files could not be found: check source'
        '0x800F0906' = 'the source files could not be downloaded: check the connection to Windows Update, or declare a source'
        '0x800F0907' = 'a policy or limitAccess kept DISM from downloading the files: declare a source'
        '0x800F080C' = 'DISM knows no feature of that name'
        '0x800F082F' = 'another servicing operation is pending: restart first'
        '0x800F0922' = 'an installer of the feature failed'
        '0x80070005' = 'access denied: run as system'
        '0x800702E4' = 'elevation required: run as system'
    }
    $text = ([string]$Message -split "`n")[0].Trim()
    if ($code -ne '' -and $known.ContainsKey($code)) { return ('could not {0} {1}: DISM error {2} ({3})' -f $Verb, $Name, $code, $known[$code]) }
    if ($code -ne '') {
        if ($text -ne '') { return ('could not {0} {1}: DISM error {2}: {3}' -f $Verb, $Name, $code, $text) }
        return ('could not {0} {1}: DISM error {2}' -f $Verb, $Name, $code)
    }
    if ($text -eq '') { $text = 'no error code' }
    return ('could not {0} {1}: {2}' -f $Verb, $Name, $text)
}
