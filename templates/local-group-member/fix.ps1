# Fix of local-group-member: adds the declared members missing from the group (ensure present) or
# removes the declared members found in it (ensure absent), by SID, once each; no other member and no
# other group is touched. Each change is read back. A member that could not be changed, or a declared
# name the device cannot resolve, fails the fix with its reason after the other members are done.
function Repair-RemcLocalGroupMember {
    param($Config, $Context, $Probe)
    $want = Get-RemcLocalGroupWant -Config $Config
    # Read again instead of trusting $Probe: another tool may have changed the group since.
    $snap = Get-RemcLocalGroupSnapshot -Want $want
    if (-not $snap.Exists) {
        $label = '{0} ({1})' -f $want.Group, $want.GroupSid
        if ($want.Ensure -eq 'absent') { return @{ Summary = ('{0} does not exist on this device: nothing to do' -f $label); Changed = 0 } }
        throw ('{0} does not exist on this device; this check does not create groups' -f $label)
    }
    $change = @(Get-RemcLocalGroupToChange -Want $want -Snap $snap)
    $unresolved = @($snap.Declared | Where-Object { $_.Sid -eq '' })
    $cannot = ''
    if ($unresolved.Count -gt 0) { $cannot = 'cannot resolve {0} on this device' -f (Format-RemcLocalGroupUnresolved -Unresolved $unresolved) }
    $adding = ($want.Ensure -eq 'present')
    if ($change.Count -eq 0) {
        if ($cannot -ne '') { throw ('{0}: changed nothing; {1}' -f $snap.Name, $cannot) }
        return @{ Summary = ('{0} already as declared: nothing to do' -f $snap.Name); Changed = 0 }
    }
    $names = Format-RemcLocalGroupNames -Items $change
    if ($want.ReportOnly) {
        $verb = 'remove {0} from'
        if ($adding) { $verb = 'add {0} to' }
        return @{ Summary = ('report-only: would {0} {1}' -f ($verb -f $names), $snap.Name); Changed = 0; ReportOnly = $true }
    }
    $failures = @(foreach ($item in $change) { Invoke-RemcLocalGroupChange -Group $snap.Name -Item $item -Adding $adding })
    $failures = @($failures | Where-Object { $_ -ne '' })
    # Read back: a member ADSI accepted must now be in (or out of) the group.
    $after = Get-RemcLocalGroupSnapshot -Want $want
    $done = @()
    foreach ($item in $change) {
        $now = @($after.Declared | Where-Object { $_.Sid -eq $item.Sid })
        if ($now.Count -gt 0 -and $now[0].IsMember -eq $adding) { $done += $item; continue }
        if (@($failures | Where-Object { $_.StartsWith($item.Text + ':') }).Count -eq 0) {
            $failures += ('{0}: still {1} member after Windows reported success' -f $item.Text, $(if ($adding) { 'not a' } else { 'a' }))
        }
    }
    $summary = ''
    if ($done.Count -gt 0) {
        $summary = 'removed {0} from {1}' -f (Format-RemcLocalGroupNames -Items $done), $snap.Name
        if ($adding) { $summary = 'added {0} to {1}' -f (Format-RemcLocalGroupNames -Items $done), $snap.Name }
    }
    $problems = @($failures)
    if ($cannot -ne '') { $problems += $cannot }
    if ($problems.Count -gt 0) {
        $head = 'changed nothing'
        if ($summary -ne '') { $head = $summary }
        throw ('{0}: {1}; {2}' -f $snap.Name, $head, ($problems -join '; '))
    }
    return @{ Summary = $summary; Changed = $done.Count }
}

# Adds or removes one member by SID; '' when done (or already so: a race with another tool), else
# 'CONTOSO\Helpdesk: could not add: error 0x80070005 (access denied: run as system)'.
function Invoke-RemcLocalGroupChange {
    param([string] $Group, $Item, [bool] $Adding)
    try {
        if ($Adding) { Add-RemcLocalGroupMemberSid -Group $Group -Sid $Item.Sid }
        else { Remove-RemcLocalGroupMemberSid -Group $Group -Sid $Item.Sid }
        return ''
    }
    catch {
        $code = Get-RemcLocalGroupErrorCode -Exception $_.Exception
        # ERROR_MEMBER_IN_ALIAS (1378) / ERROR_MEMBER_NOT_IN_ALIAS (1377): already as wanted.
        if (($Adding -and $code -eq '0x80070562') -or (-not $Adding -and $code -eq '0x80070561')) { return '' }
        $verb = 'remove'
        if ($Adding) { $verb = 'add' }
        return ('{0}: could not {1}: {2}' -f $Item.Text, $verb, (Format-RemcLocalGroupFailure -Code $code -Message ([string]$_.Exception.Message)))
    }
}

# A Windows error of a group change with what it means (the system error codes of Learn's "System
# Error Codes (1300-1699)" and "(1700-3999)"); any other code as it is, with the first line of the
# (localized) message.
function Format-RemcLocalGroupFailure {
    param([string] $Code, [string] $Message)
    $known = @{
        '0x80070005' = 'access denied: run as system'
        '0x80070534' = 'no account has that SID (ERROR_NONE_MAPPED)'
        '0x80070560' = 'the local group does not exist (ERROR_NO_SUCH_ALIAS)'
        '0x8007056B' = 'the member does not exist (ERROR_NO_SUCH_MEMBER)'
        '0x8007056C' = 'the account type cannot be a member of this group (ERROR_INVALID_MEMBER)'
        '0x800706FD' = 'the trust relationship with the domain failed (ERROR_TRUSTED_RELATIONSHIP_FAILURE)'
    }
    $text = ([string]$Message -split "`n")[0].Trim()
    if ($Code -ne '' -and $known.ContainsKey($Code)) { return ('error {0} ({1})' -f $Code, $known[$Code]) }
    if ($Code -ne '' -and $text -ne '') { return ('error {0}: {1}' -f $Code, $text) }
    if ($Code -ne '') { return ('error {0}' -f $Code) }
    if ($text -eq '') { $text = 'no error code' }
    return $text
}
