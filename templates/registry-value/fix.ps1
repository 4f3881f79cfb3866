function Repair-RemcRegistryValue {
    param($Config, $Context, $Probe)
    # Re-read instead of trusting $Probe: the value may have changed since the probe ran.
    $target = Get-RemcRegistryValueTarget -Config $Config
    $ensure = Get-RemcRegistryValueEnsure -Config $Config
    $want = $null
    if ($ensure -eq 'present') { $want = ConvertTo-RemcRegistryValueWant -Type $Config.Type -Value $Config.Value }
    $found = Get-RemcRegistryValueEntry -Hive $target.Hive -SubKey $target.SubKey -Name $target.Name
    $before = Compare-RemcRegistryValueState -Target $target -Ensure $ensure -Want $want -Found $found
    if ($before.InDesiredState) { return @{ Summary = ('nothing to do: {0}' -f $before.Summary); Changed = 0 } }
    if ($ensure -eq 'absent') { return (Remove-RemcRegistryValueDeclared -Config $Config -Target $target -Before $before) }
    return (Set-RemcRegistryValueDeclared -Config $Config -Target $target -Want $want -Found $found -Before $before)
}

function Set-RemcRegistryValueDeclared {
    param($Config, $Target, $Want, $Found, $Before)
    $was = 'missing'
    if (-not $Found.KeyExists) { $was = 'missing, no key' }
    elseif ($Found.Exists) { $was = '{0} ({1})' -f $Before.FoundText, $Before.FoundKind }
    $what = '{0} to {1} ({2})' -f $Target.ValuePath, $Want.Text, $Want.Kind
    if ([bool]$Config.ReportOnly) {
        return @{ Summary = ('report-only: would set {0}, now {1}' -f $what, $was); Changed = 0; ReportOnly = $true }
    }
    try {
        $null = Set-RemcRegistryValueEntry -Hive $Target.Hive -SubKey $Target.SubKey -Name $Target.Name -Kind $Want.Kind -Data $Want.Data
    }
    catch {
        throw (Format-RemcRegistryValueFixError -Target $Target -ErrorRecord $_)
    }
    # Verify: read it back the way the probe does.
    $after = Get-RemcRegistryValueEntry -Hive $Target.Hive -SubKey $Target.SubKey -Name $Target.Name
    $verdict = Compare-RemcRegistryValueState -Target $Target -Ensure 'present' -Want $Want -Found $after
    if (-not $verdict.InDesiredState) {
        # The reason first: the runtime keeps 400 characters of a failure.
        throw ('something else writes this value back (a policy or an app): wrote {0}, but {1}' -f $what, $verdict.Summary)
    }
    $summary = 'set {0} (was {1})' -f $what, $was
    if (-not $Found.KeyExists) { $summary = 'created {0} and set {1}' -f $Target.KeyPath, $what }
    return @{ Summary = $summary; Changed = 1 }
}

function Remove-RemcRegistryValueDeclared {
    param($Config, $Target, $Before)
    # Deletes the one value; the key stays, even when it is left empty.
    $was = '{0} ({1})' -f $Before.FoundText, $Before.FoundKind
    if ([bool]$Config.ReportOnly) {
        return @{ Summary = ('report-only: would delete {0}, now {1}' -f $Target.ValuePath, $was); Changed = 0; ReportOnly = $true }
    }
    try {
        $deleted = Remove-RemcRegistryValueEntry -Hive $Target.Hive -SubKey $Target.SubKey -Name $Target.Name
    }
    catch {
        throw (Format-RemcRegistryValueFixError -Target $Target -ErrorRecord $_)
    }
    $after = Get-RemcRegistryValueEntry -Hive $Target.Hive -SubKey $Target.SubKey -Name $Target.Name
    if ($after.Exists) {
        throw ('something else writes this value back (a policy or an app): deleted {0}, but it is back as {1} ({2})' -f $Target.ValuePath, (Format-RemcRegistryValueData -Kind ([string]$after.Kind) -Data $after.Data), [string]$after.Kind)
    }
    if (-not $deleted) { return @{ Summary = ('{0} was already gone' -f $Target.ValuePath); Changed = 0 } }
    return @{ Summary = ('deleted {0} (was {1})' -f $Target.ValuePath, $was); Changed = 1 }
}

function Format-RemcRegistryValueFixError {
    param($Target, $ErrorRecord)
    # The seam's message says what failed and why in one line; add what an admin can do about a denial.
    $message = (([string]$ErrorRecord.Exception.Message) -replace '\s+', ' ').Trim()
    if ($message -like 'access denied:*') {
        if ($Target.Hive -eq 'HKCU' -and $Target.SubKey -match '^(?i)Software\\Policies(\\|$)') {
            return ('{0}; users may only read HKCU:\Software\Policies: set policies through Group Policy or Intune settings' -f $message)
        }
        if ($Target.Hive -eq 'HKLM') { return ('{0}; check the key''s permissions (SYSTEM needs write access)' -f $message) }
    }
    return $message
}
