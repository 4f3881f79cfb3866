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
    $others = @($snap.Others)
    if ($change.Count -eq 0 -and $others.Count -eq 0) {
        if ($cannot -ne '') { throw ('{0}: changed nothing; {1}' -f $snap.Name, $cannot) }
        return @{ Summary = ('{0} already as declared: nothing to do' -f $snap.Name); Changed = 0 }
    }
    if ($want.ReportOnly) { return (Get-RemcLocalGroupReportOnly -Name $snap.Name -Change $change -Others $others -Adding $adding) }
    $run = Invoke-RemcLocalGroupChangeSet -Want $want -Group $snap.Name -Items $change -Adding $adding
    $summaries = @()
    if ($run.Done.Count -gt 0) {
        $verb = 'removed {0} from {1}'
        if ($adding) { $verb = 'added {0} to {1}' }
        $summaries += ($verb -f (Format-RemcLocalGroupNames -Items $run.Done), $snap.Name)
    }
    $problems = @($run.Failures)
    if ($cannot -ne '') { $problems += $cannot }
    $changed = $run.Done.Count
    if ($others.Count -gt 0) {
        # Exclusive: the undeclared members go only once every declared member is in the group.
        $held = Get-RemcLocalGroupExclusiveHold -Want $want -Others $others -Problems $problems
        if ($held -ne '') { $problems += $held }
        else {
            $removal = Invoke-RemcLocalGroupChangeSet -Want $want -Group $snap.Name -Items $others -Adding $false
            if ($removal.Done.Count -gt 0) { $summaries += ('removed {0} from {1} (not declared)' -f (Format-RemcLocalGroupNames -Items $removal.Done -All), $snap.Name) }
            $problems += @($removal.Failures)
            $changed += $removal.Done.Count
        }
    }
    $summary = $summaries -join '; '
    if ($problems.Count -gt 0) {
        $head = 'changed nothing'
        if ($summary -ne '') { $head = $summary }
        throw ('{0}: {1}; {2}' -f $snap.Name, $head, ($problems -join '; '))
    }
    return @{ Summary = $summary; Changed = $changed }
}

# 'report-only: would add A to Administrators; would remove B, C (not declared)'.
function Get-RemcLocalGroupReportOnly {
    param([string] $Name, $Change, $Others, [bool] $Adding)
    $parts = @()
    if (@($Change).Count -gt 0) {
        $verb = 'would remove {0} from {1}'
        if ($Adding) { $verb = 'would add {0} to {1}' }
        $parts += ($verb -f (Format-RemcLocalGroupNames -Items $Change), $Name)
    }
    if (@($Others).Count -gt 0) { $parts += ('would remove {0} from {1} (not declared)' -f (Format-RemcLocalGroupNames -Items $Others -All), $Name) }
    return @{ Summary = ('report-only: {0}' -f ($parts -join '; ')); Changed = 0; ReportOnly = $true }
}

# Why exclusive removes nobody this run ('' when it may): a declared member is not in the group (not
# resolved, or not added), or more members would go than maxRemovals allows.
function Get-RemcLocalGroupExclusiveHold {
    param($Want, $Others, $Problems)
    if (@($Problems).Count -gt 0) { return 'removed no undeclared member: not every declared member is in the group' }
    if (@($Others).Count -gt $Want.MaxRemovals) {
        # The count and the limit first: a long list of SIDs must not push them out of the summary line.
        return ('removed no undeclared member: {0} would go, more than maxRemovals ({2}): {1}' -f @($Others).Count, (Format-RemcLocalGroupNames -Items $Others), $Want.MaxRemovals)
    }
    return ''
}

# Adds or removes each item (@{ Sid; Text }) once, then reads the group back: Done (the items now as
# wanted) and Failures (one line per item that is not).
function Invoke-RemcLocalGroupChangeSet {
    param($Want, [string] $Group, $Items, [bool] $Adding)
    $failures = @(foreach ($item in @($Items)) { Invoke-RemcLocalGroupChange -Group $Group -Item $item -Adding $Adding })
    $failures = @($failures | Where-Object { $_ -ne '' })
    # Read back: a member ADSI accepted must now be in (or out of) the group.
    $after = Get-RemcLocalGroupSnapshot -Want $Want
    $done = @()
    foreach ($item in @($Items)) {
        $isMember = @($after.MemberSids) -contains $item.Sid
        if ($isMember -eq $Adding) { $done += $item; continue }
        if (@($failures | Where-Object { $_.StartsWith($item.Text + ':') }).Count -eq 0) {
            $failures += ('{0}: still {1} member after Windows reported success' -f $item.Text, $(if ($Adding) { 'not a' } else { 'a' }))
        }
    }
    return @{ Done = $done; Failures = $failures }
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
