function Repair-RemcRegistryValue {
    param($Config, $Context, $Probe)
    # Re-read instead of trusting $Probe: the value may have changed since the probe ran.
    $target = Get-RemcRegistryValueTarget -Config $Config
    $ensure = Get-RemcRegistryValueEnsure -Config $Config
    $rule = $null
    if (-not $target.KeyOnly) { $rule = Get-RemcRegistryValueRule -Config $Config -Ensure $ensure }
    Assert-RemcRegistryValueHive -Target $target
    if ([bool]$Config.ForEachUser) { return (Repair-RemcRegistryValueEachUser -Config $Config -Target $target -Rule $rule) } # remc-when: ForEachUser
    if ($target.KeyOnly) { return (Repair-RemcRegistryValueKey -Config $Config -Target $target -Ensure $ensure) }
    $found = Get-RemcRegistryValueEntry -Hive $target.Hive -SubKey $target.SubKey -Name $target.Name
    $before = Compare-RemcRegistryValueState -Target $target -Rule $rule -Found $found
    if ($before.InDesiredState) { return @{ Summary = ('nothing to do: {0}' -f $before.Summary); Changed = 0 } }
    if ($rule.Mode -eq 'absent') { return (Remove-RemcRegistryValueDeclared -Config $Config -Target $target -Before $before) }
    if ($rule.Mode -eq 'any') { throw ('cannot fix {0}: no data is declared to write (a check for any data detects only)' -f $target.ValuePath) }
    if ($rule.Secret -and $null -eq $rule.Data) { throw ('cannot fix {0}: this script does not carry the secret data' -f $target.ValuePath) }
    $want = @{ Kind = $rule.Kind; Data = $rule.Data; Text = $rule.Text }
    if ($rule.Mode -eq 'bits') { $want = Get-RemcRegistryValueBitsWant -Rule $rule -Found $found }
    return (Set-RemcRegistryValueDeclared -Config $Config -Target $target -Rule $rule -Want $want -Found $found -Before $before)
}

function Get-RemcRegistryValueBitsWant {
    param($Rule, $Found)
    # The DWORD with the declared bits set and cleared and every other bit as found (none when the
    # value is missing or of another kind: there is nothing to keep).
    $data = 0
    if ($Found.Exists -and [string]$Found.Kind -eq 'DWord' -and $Found.Data -is [int]) { $data = [int]$Found.Data }
    $data = ($data -bor $Rule.Set) -band (-bnot $Rule.Clear)
    return @{ Kind = 'DWord'; Data = [int]$data; Text = ('0x{0:X8}' -f $data) }
}

function Set-RemcRegistryValueDeclared {
    param($Config, $Target, $Rule, $Want, $Found, $Before)
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
    $verdict = Compare-RemcRegistryValueState -Target $Target -Rule $Rule -Found $after
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

function Repair-RemcRegistryValueKey {
    param($Config, $Target, [string] $Ensure)
    # Creates the key (and its missing parents), or deletes it with its values: only a key without
    # subkeys (DeleteSubKey refuses the others), so a key-absent check never takes a tree with it.
    $key = Get-RemcRegistryValueKey -Hive $Target.Hive -SubKey $Target.SubKey
    $before = Compare-RemcRegistryValueKeyState -Target $Target -Ensure $Ensure -Key $key
    if ($before.InDesiredState) { return @{ Summary = ('nothing to do: {0}' -f $before.Summary); Changed = 0 } }
    $path = $Target.KeyPath
    if ($Ensure -eq 'absent' -and $key.SubKeyCount -gt 0) {
        throw ('{0} has {1} subkeys: remc deletes only a key without subkeys; name the subkeys in checks of their own, or remove them another way' -f $path, $key.SubKeyCount)
    }
    $verb = 'create'
    if ($Ensure -eq 'absent') { $verb = 'delete' }
    if ([bool]$Config.ReportOnly) {
        return @{ Summary = ('report-only: would {0} {1} ({2})' -f $verb, $path, $before.Summary); Changed = 0; ReportOnly = $true }
    }
    try {
        if ($Ensure -eq 'absent') { Remove-RemcRegistryValueKey -Hive $Target.Hive -SubKey $Target.SubKey }
        else { New-RemcRegistryValueKey -Hive $Target.Hive -SubKey $Target.SubKey }
    }
    catch {
        throw (Format-RemcRegistryValueFixError -Target $Target -ErrorRecord $_)
    }
    $after = Compare-RemcRegistryValueKeyState -Target $Target -Ensure $Ensure -Key (Get-RemcRegistryValueKey -Hive $Target.Hive -SubKey $Target.SubKey)
    if (-not $after.InDesiredState) { throw ('something else puts this key back (a policy or an app): tried to {0} it, but {1}' -f $verb, $after.Summary) }
    if ($Ensure -eq 'absent') { return @{ Summary = ('deleted {0} (had {1} values)' -f $path, $key.ValueCount); Changed = 1 } }
    return @{ Summary = ('created {0}' -f $path); Changed = 1 }
}

function Format-RemcRegistryValueFixError {
    param($Target, $ErrorRecord)
    # The seam's message says what failed and why in one line; add what an admin can do about a denial.
    $message = (([string]$ErrorRecord.Exception.Message) -replace '\s+', ' ').Trim()
    if ($message -like 'access denied:*') {
        if ($Target.Hive -eq 'HKCU' -and $Target.SubKey -match '^(?i)Software\\Policies(\\|$)') {
            return ('{0}; users may only read HKCU:\Software\Policies: set policies through Group Policy or Intune settings' -f $message)
        }
        if ($Target.Hive -ne 'HKCU') { return ('{0}; check the key''s permissions (SYSTEM needs write access)' -f $message) }
    }
    return $message
}

function Repair-RemcRegistryValueOneUser {
    param($Config, $Target, $Rule, $Found, $Before)
    # One user's value, as the single-value fix writes it (verified by reading it back).
    if ($Rule.Mode -eq 'absent') { return (Remove-RemcRegistryValueDeclared -Config $Config -Target $Target -Before $Before) }
    if ($Rule.Mode -eq 'any') { throw ('cannot fix {0}: no data is declared to write (a check for any data detects only)' -f $Target.ValuePath) }
    if ($Rule.Secret -and $null -eq $Rule.Data) { throw ('cannot fix {0}: this script does not carry the secret data' -f $Target.ValuePath) }
    $want = @{ Kind = $Rule.Kind; Data = $Rule.Data; Text = $Rule.Text }
    if ($Rule.Mode -eq 'bits') { $want = Get-RemcRegistryValueBitsWant -Rule $Rule -Found $Found }
    return (Set-RemcRegistryValueDeclared -Config $Config -Target $Target -Rule $Rule -Want $want -Found $Found -Before $Before)
}

function Repair-RemcRegistryValueForUser {
    param($Config, $Target, $Rule, $User)
    # One user's value, re-read and written when it differs: the fix's result, $null when it is as
    # wanted, 'not reachable' when the user's hive cannot be loaded. A hive loaded for it is unloaded.
    $hive = Open-RemcRegistryValueUserHive -User $User
    if (-not $hive.Reachable) { return 'not reachable' }
    try {
        $one = Get-RemcRegistryValueUserTarget -Target $Target -User $User -Hive $hive
        $found = Get-RemcRegistryValueEntry -Hive 'HKU' -SubKey $one.SubKey -Name $one.Name
        $before = Compare-RemcRegistryValueState -Target $one -Rule $Rule -Found $found
        if ($before.InDesiredState) { return $null }
        return (Repair-RemcRegistryValueOneUser -Config $Config -Target $one -Rule $Rule -Found $found -Before $before)
    }
    finally {
        Close-RemcRegistryValueUserHive -User $User -Hive $hive
    }
}

function Repair-RemcRegistryValueEachUser {
    param($Config, $Target, $Rule)
    # Re-reads every user's value and writes only those that differ; a user whose write fails does not
    # stop the others, and the fix then fails naming each failure. Unreachable hives are said, not written.
    if ($Target.Hive -ne 'HKCU' -or $Target.KeyOnly) { throw ('ForEachUser needs a value in HKCU: {0}' -f $Target.ValuePath) }
    $list = Get-RemcRegistryValueUser
    $done = @()
    $failed = @()
    $away = @()
    $changed = 0
    $reportOnly = $false
    foreach ($user in $list.Users) {
        try {
            $fix = Repair-RemcRegistryValueForUser -Config $Config -Target $Target -Rule $Rule -User $user
        }
        catch {
            $failed += ('{0}: {1}' -f $user.Name, ((([string]$_.Exception.Message) -replace '\s+', ' ').Trim()))
            continue
        }
        if ($fix -eq 'not reachable') { $away += $user.Name; continue }
        if ($null -eq $fix) { continue }
        $changed += [int]$fix.Changed
        if ([bool]$fix.ReportOnly) { $reportOnly = $true }
        $done += [string]$fix.Summary
    }
    $tail = ''
    if ($away.Count -gt 0) { $tail = '; {0} not reachable (hive could not be loaded: {1})' -f $away.Count, ($away -join ', ') }
    if ($failed.Count -gt 0) {
        # The reason first: the runtime keeps 400 characters of a failure.
        throw ('failed for {0} of {1} users: {2}; done: {3}{4}' -f $failed.Count, $list.Users.Count, ($failed -join '; '), $done.Count, $tail)
    }
    if ($done.Count -eq 0) { return @{ Summary = ('nothing to do: {0} is as wanted for every reachable user{1}' -f $Target.ValuePath, $tail); Changed = 0 } }
    $result = @{ Summary = (($done -join '; ') + $tail); Changed = $changed }
    if ($reportOnly) { $result.ReportOnly = $true }
    return $result
}
