# Probe of local-group-member: is every declared member in (ensure present) or out of (ensure absent)
# the declared local group? Read-only. The group is found by its SID, the members are compared by SID;
# a declared name the device cannot resolve is reported as such, never matched by a guess.
function Test-RemcLocalGroupMember {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcLocalGroupWant -Config $Config
    $snap = Get-RemcLocalGroupSnapshot -Want $want
    return (Get-RemcLocalGroupVerdict -Want $want -Snap $snap)
}

# The declaration from $Config, checked (the compiler validates too; a hand-edited script must not
# turn a bad value into a wrong change).
function Get-RemcLocalGroupWant {
    param($Config)
    $sid = [string]$Config.GroupSid
    if ($sid -notmatch '^S-1-5-(32-\d+|21-\d+-\d+-\d+-\d+)$') { throw ("GroupSid must be a local group's SID (S-1-5-32-... or S-1-5-21-...), not '{0}'" -f $sid) }
    $ensure = [string]$Config.Ensure
    if (@('present', 'absent') -notcontains $ensure) { throw ("Ensure must be 'present' or 'absent', not '{0}'" -f $ensure) }
    $members = @($Config.Members | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_ })
    if ($members.Count -eq 0) { throw 'Members must list at least one account' }
    foreach ($member in $members) {
        if ($member -notmatch '^S-1-\d+(-\d+)+$' -and $member -notmatch '^(\.|[^\\/*?"<>|:]+)\\[^\\/*?"<>|]+$') {
            throw ("Members must be SIDs or DOMAIN\name account names, not '{0}'" -f $member)
        }
    }
    $label = [string]$Config.Group
    if ($label -eq '') { $label = $sid }
    $exclusive = [bool]$Config.Exclusive
    if ($exclusive -and $ensure -ne 'present') { throw "Exclusive applies only with Ensure 'present'" }
    $max = 5
    if ($null -ne $Config.MaxRemovals -and [int]$Config.MaxRemovals -ge 1) { $max = [int]$Config.MaxRemovals }
    return @{ Group = $label; GroupSid = $sid; Members = $members; Ensure = $ensure; Exclusive = $exclusive; MaxRemovals = $max; ReportOnly = [bool]$Config.ReportOnly }
}

# The group and the declared members as this device has them: Exists, Name (the group's name here,
# e.g. Administrateurs), MemberSids (every member's SID, orphaned ones included) and Declared (per
# declared member: Text, Sid ('' when unresolved), Problem (why it is unresolved), IsMember).
function Get-RemcLocalGroupSnapshot {
    param($Want)
    $account = ConvertTo-RemcLocalGroupAccountName -Sid $Want.GroupSid
    $snap = @{ Exists = $false; Name = ''; MemberSids = @(); Declared = @(); Others = @() }
    if ($account -eq '') { return $snap }
    $parts = $account -split '\\', 2
    $name = $parts[$parts.Count - 1]
    # A group of the device's own accounts (S-1-5-21-...) must be the device's, not a domain's.
    if ($Want.GroupSid -like 'S-1-5-21-*' -and ($parts.Count -lt 2 -or $parts[0] -ne (Get-RemcLocalGroupComputerName))) {
        throw ('{0} is {1}, not a local group of this device' -f $Want.GroupSid, $account)
    }
    $snap.Exists = $true
    $snap.Name = $name
    $sids = @()
    foreach ($entry in @(Get-RemcLocalGroupMemberEntry -Group $name)) {
        if ($null -eq $entry) { continue }
        $sid = ConvertFrom-RemcLocalGroupSidBytes -Bytes $entry.objectSid
        if ($sid -eq '') { throw ('{0} has a member whose SID cannot be read ({1})' -f $name, [string]$entry.ADsPath) }
        $sids += $sid
    }
    $snap.MemberSids = $sids
    $snap.Declared = @(foreach ($text in $Want.Members) { Resolve-RemcLocalGroupDeclared -Text $text -MemberSids $sids })
    $snap.Others = @()
    if ($Want.Exclusive) { $snap.Others = @(Get-RemcLocalGroupOther -MemberSids $sids -Declared $snap.Declared) }
    return $snap
}

# With exclusive: the members no declaration names, each @{ Sid; Text (its account name, or its SID
# when none resolves: an orphan) }, leaving out the device's built-in Administrator (RID 500 of the
# device's own accounts, told from a domain's RID 500 by the account's domain: the computer name).
function Get-RemcLocalGroupOther {
    param($MemberSids, $Declared)
    $known = @($Declared | Where-Object { $_.Sid -ne '' } | ForEach-Object { $_.Sid })
    $computer = Get-RemcLocalGroupComputerName
    $others = @()
    foreach ($sid in @($MemberSids)) {
        if ($known -contains $sid) { continue }
        $name = [string](ConvertTo-RemcLocalGroupAccountName -Sid $sid)
        if ($sid -match '^S-1-5-21-\d+-\d+-\d+-500$' -and $name -ne '' -and ($name -split '\\', 2)[0] -eq $computer) { continue }
        $text = $sid
        if ($name -ne '') { $text = $name }
        $others += @{ Sid = $sid; Text = $text }
    }
    return $others
}

# One declared member: a SID is used as written, a name is resolved on the device (the seam takes
# .\name as an account of this device). Never guessed: a name that does not resolve stays unresolved.
function Resolve-RemcLocalGroupDeclared {
    param([string] $Text, $MemberSids)
    $sid = ''
    $problem = ''
    if ($Text -match '^S-1-\d+(-\d+)+$') { $sid = $Text.ToUpperInvariant() }
    else {
        try {
            $sid = [string](Resolve-RemcLocalGroupAccountSid -Name $Text)
            if ($sid -eq '') { $problem = 'no account of that name' }
        }
        catch { $problem = ([string]$_.Exception.Message -split "`n")[0].Trim() }
    }
    $isMember = ($sid -ne '' -and @($MemberSids) -contains $sid)
    return @{ Text = $Text; Sid = $sid; Problem = $problem; IsMember = $isMember }
}

# The members that differ from the declaration: those missing (present) or there (absent), resolved.
function Get-RemcLocalGroupToChange {
    param($Want, $Snap)
    $wantIn = ($Want.Ensure -eq 'present')
    return @($Snap.Declared | Where-Object { $_.Sid -ne '' -and $_.IsMember -ne $wantIn })
}

function Get-RemcLocalGroupVerdict {
    param($Want, $Snap)
    $label = '{0} ({1})' -f $Want.Group, $Want.GroupSid
    if (-not $Snap.Exists) {
        if ($Want.Ensure -eq 'present') { throw ('{0} does not exist on this device; this check does not create groups' -f $label) }
        return @{ InDesiredState = $true; Summary = ('{0} does not exist on this device: none of the declared members is in it' -f $label); Facts = @{ GroupSid = $Want.GroupSid; Exists = $false } }
    }
    $change = @(Get-RemcLocalGroupToChange -Want $Want -Snap $Snap)
    $unresolved = @($Snap.Declared | Where-Object { $_.Sid -eq '' })
    $facts = @{
        GroupSid   = $Want.GroupSid
        Group      = $Snap.Name
        Ensure     = $Want.Ensure
        Change     = @($change | ForEach-Object { $_.Sid })
        Unresolved = @($unresolved | ForEach-Object { $_.Text })
    }
    $others = @($Snap.Others)
    $facts.Others = @($others | ForEach-Object { $_.Sid })
    $total = @($Want.Members).Count
    $cannot = ''
    if ($unresolved.Count -gt 0) { $cannot = 'cannot resolve {0} on this device' -f (Format-RemcLocalGroupUnresolved -Unresolved $unresolved) }
    $extra = ''
    if ($others.Count -gt 0) { $extra = 'has {0} undeclared member(s): {1}' -f $others.Count, (Format-RemcLocalGroupNames -Items $others) }
    if ($change.Count -gt 0 -or $extra -ne '') {
        $parts = @()
        if ($change.Count -gt 0) {
            $names = Format-RemcLocalGroupNames -Items $change
            $head = 'lacks {0} ({1} of {2} declared members)' -f $names, $change.Count, $total
            if ($Want.Ensure -eq 'absent') { $head = 'has {0}, which must not be members ({1} of {2} declared)' -f $names, $change.Count, $total }
            $parts += $head
        }
        if ($extra -ne '') { $parts += $extra }
        if ($cannot -ne '') { $parts += $cannot }
        return @{ InDesiredState = $false; Summary = ('{0} {1}' -f $Snap.Name, ($parts -join '; ')); Facts = $facts }
    }
    if ($cannot -ne '') {
        throw ('{0}: {1}; the other {2} of {3} declared members are as declared' -f $Snap.Name, $cannot, ($total - $unresolved.Count), $total)
    }
    $summary = '{0} has all {1} declared members' -f $Snap.Name, $total
    if ($Want.Exclusive) {
        # What is neither declared nor another member is the built-in Administrator, which is kept.
        $kept = @($Snap.MemberSids).Count - @($Snap.Declared | Where-Object { $_.IsMember }).Count
        $summary = '{0} and no other' -f $summary
        if ($kept -gt 0) { $summary = '{0} but the built-in Administrator' -f $summary }
    }
    if ($Want.Ensure -eq 'absent') { $summary = '{0} has none of the {1} declared members' -f $Snap.Name, $total }
    return @{ InDesiredState = $true; Summary = $summary; Facts = $facts }
}

# 'CONTOSO\Helpdesk, S-1-12-1-...' (the declared texts; at most 3, then 'and N more'; -All: every one,
# for the members exclusive removes, which the summary names).
function Format-RemcLocalGroupNames {
    param($Items, [switch] $All)
    $texts = @($Items | ForEach-Object { [string]$_.Text })
    if ($All -or $texts.Count -le 3) { return ($texts -join ', ') }
    return ('{0} and {1} more' -f (($texts[0..2]) -join ', '), ($texts.Count - 3))
}

# 'CONTOSO\Nobody (no account of that name)'.
function Format-RemcLocalGroupUnresolved {
    param($Unresolved)
    return ((@($Unresolved | ForEach-Object { '{0} ({1})' -f $_.Text, $_.Problem })) -join ', ')
}

# A SID's string form from its binary form (the objectSid byte array: revision, sub-authority count,
# 48-bit big-endian authority, 32-bit little-endian sub-authorities; Learn: "SID structure"); '' when
# the bytes are not a SID. Plain arithmetic: no .NET type, so it runs in any language mode.
function ConvertFrom-RemcLocalGroupSidBytes {
    param($Bytes)
    $b = @($Bytes)
    if ($b.Count -lt 8 -or [int]$b[0] -ne 1) { return '' }
    $count = [int]$b[1]
    if ($b.Count -ne 8 + 4 * $count) { return '' }
    [long]$authority = 0
    for ($i = 2; $i -le 7; $i++) { $authority = $authority * 256 + [int]$b[$i] }
    $text = 'S-1-' + $authority
    for ($k = 0; $k -lt $count; $k++) {
        $o = 8 + 4 * $k
        [long]$sub = [long]$b[$o] + [long]256 * $b[$o + 1] + [long]65536 * $b[$o + 2] + [long]16777216 * $b[$o + 3]
        $text += '-' + $sub
    }
    return $text
}
