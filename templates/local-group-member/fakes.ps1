# Test fakes for the local-group-member seams (never emitted). Dot-source this file: it defines the fakes
# and points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState; only this template's keys (LocalGroup*) are touched:
#   LocalGroupComputer      the device's computer name (its own accounts are <computer>\<name>)
#   LocalGroupList          the local groups: @{ Sid; Name (this Windows' name); Members (SID strings) }
#   LocalGroupAccounts      the accounts LookupAccountName / LookupAccountSid know: @{ Name (DOMAIN\name);
#                           Sid; Class ('User' or 'Group') }. A member SID no account has is orphaned
#                           (its account was deleted from the domain or from Entra ID).
#   LocalGroupQueryError    a message listing the members throws (ADSI broken), or $null
#   LocalGroupAddError      the HResult every Add throws (a COMException, as ADSI), or 0
#   LocalGroupRemoveError   the HResult every Remove throws, or 0
#   LocalGroupNoStick       Add and Remove answer success and change nothing (a policy puts it back)
#   LocalGroupCalls         every call in order: 'members:<group>', and the calls that change the
#                           machine: 'add:<group>:<sid>' and 'remove:<group>:<sid>'
#
# Where the shapes come from:
# - Names: .NET's SecurityIdentifier.Translate(NTAccount) answers 'BUILTIN\Administrators' (Learn:
#   "SecurityIdentifier.Translate(Type)"; "Well-known SIDs": S-1-5-32-544 is the alias Administrators,
#   -545 Users, -546 Guests, -555 Remote Desktop Users, -578 Hyper-V Administrators) and throws
#   IdentityNotMappedException for a SID or name no account has. A French Windows names the group
#   Administrateurs, a German one Administratoren, with the domain VORDEFINIERT for BUILTIN: the SID is
#   the same, which is why the probe goes by it.
# - Members: the WinNT provider's members of a group, each read through IADs (Hey, Scripting Guy!,
#   "The Admin's First Steps: Local Group Membership", 2013: [ADSI]"WinNT://./Administrators",
#   $group.Invoke("Members"), InvokeMember(<property>, 'GetProperty', ...)): ADsPath
#   'WinNT://CONTOSO/Helpdesk' (a local account: 'WinNT://WORKGROUP/PC01/Administrator'), Name, Class
#   ('User' or 'Group'), objectSid as a byte array (the binary SID). An orphaned SID is listed by its SID
#   (ADsPath 'WinNT://S-1-5-21-...', Name the SID string): the case that makes Get-LocalGroupMember fail
#   with "Failed to compare two elements in the array" / error 1789 (PowerShell issues #2996, #21617).
# - Entra ID: an Entra-joined device's Administrators holds the SIDs of the Global Administrator role and
#   the Azure AD Joined Device Local Administrator role, S-1-12-1-3631037392-1129650370-1889695928-310471729
#   and S-1-12-1-1307019558-1095313948-1185333899-1455320757 in the samples of "Manage the local
#   Administrators group on AzureAD joined devices" (tech.tristantyson.com) and matrixpost's "Windows
#   local Administrators group membership on Azure AD joined devices"; Computer Management shows them
#   by SID, as a name lookup cannot resolve them.
# - Failures: IADsGroup::Add and ::Remove through DirectoryEntry.Invoke throw a MethodInvocationException
#   wrapping a TargetInvocationException wrapping the COMException whose HResult is the Windows error,
#   e.g. 0x80070562 (ERROR_MEMBER_IN_ALIAS, 1378), 0x80070561 (ERROR_MEMBER_NOT_IN_ALIAS, 1377),
#   0x80070005 (access denied) (Learn: "System Error Codes (1300-1699)").

$script:RemcFakeLocalGroupContoso = 'S-1-5-21-3623811015-3361044348-30300820'
$script:RemcFakeLocalGroupDevice = 'S-1-5-21-1004336348-1177238915-682003330'

# A local group of the simulated device: its SID, the name this Windows gives it, its members' SIDs.
function New-RemcFakeLocalGroup {
    param([string] $Sid = 'S-1-5-32-544', [string] $Name = 'Administrators', [string[]] $Member = @())
    $members = New-Object System.Collections.ArrayList
    foreach ($m in @($Member)) { if (-not [string]::IsNullOrEmpty($m)) { $null = $members.Add($m) } }
    return @{ Sid = $Sid; Name = $Name; Members = $members }
}

# An account LookupAccountName and LookupAccountSid know: DOMAIN\name, its SID, User or Group.
function New-RemcFakeLocalAccount {
    param([string] $Name, [string] $Sid, [ValidateSet('User', 'Group')] [string] $Class = 'User')
    return @{ Name = $Name; Sid = $Sid; Class = $Class }
}

# An Entra-joined Windows 11 client in English (illustrative): the built-in Administrator (RID 500,
# disabled) and the two Entra role SIDs in Administrators, INTERACTIVE and Authenticated Users in
# Users, the Guest account in Guests, an empty Remote Desktop Users; no Hyper-V Administrators group.
function Get-RemcFakeOrdinaryLocalGroup {
    param([ValidateSet('en', 'fr', 'de')] [string] $Language = 'en')
    $names = @{
        en = @('Administrators', 'Users', 'Guests', 'Remote Desktop Users', 'Power Users')
        fr = @('Administrateurs', 'Utilisateurs', ('Invit' + [char]0x00E9 + 's'), ('Utilisateurs du Bureau ' + [char]0x00E0 + ' distance'), 'Utilisateurs avec pouvoir')
        de = @('Administratoren', 'Benutzer', ('G' + [char]0x00E4 + 'ste'), 'Remotedesktopbenutzer', 'Hauptbenutzer')
    }[$Language]
    $device = $script:RemcFakeLocalGroupDevice
    @(
        (New-RemcFakeLocalGroup -Sid 'S-1-5-32-544' -Name $names[0] -Member @("$device-500", 'S-1-12-1-3631037392-1129650370-1889695928-310471729', 'S-1-12-1-1307019558-1095313948-1185333899-1455320757'))
        (New-RemcFakeLocalGroup -Sid 'S-1-5-32-545' -Name $names[1] -Member @('S-1-5-4', 'S-1-5-11'))
        (New-RemcFakeLocalGroup -Sid 'S-1-5-32-546' -Name $names[2] -Member @("$device-501"))
        (New-RemcFakeLocalGroup -Sid 'S-1-5-32-555' -Name $names[3])
        (New-RemcFakeLocalGroup -Sid 'S-1-5-32-547' -Name $names[4])
    )
}

# The accounts such a device can name: its own, two of NT AUTHORITY, a domain's (CONTOSO, the Learn
# sample domain SID S-1-5-21-3623811015-3361044348-30300820) and an Entra user that signed in.
function Get-RemcFakeOrdinaryLocalAccount {
    param([string] $Computer = 'PC01')
    $device = $script:RemcFakeLocalGroupDevice
    $contoso = $script:RemcFakeLocalGroupContoso
    @(
        (New-RemcFakeLocalAccount -Name "$Computer\Administrator" -Sid "$device-500")
        (New-RemcFakeLocalAccount -Name "$Computer\Guest" -Sid "$device-501")
        (New-RemcFakeLocalAccount -Name "$Computer\support" -Sid "$device-1001")
        (New-RemcFakeLocalAccount -Name 'NT AUTHORITY\INTERACTIVE' -Sid 'S-1-5-4' -Class 'Group')
        (New-RemcFakeLocalAccount -Name 'NT AUTHORITY\Authenticated Users' -Sid 'S-1-5-11' -Class 'Group')
        (New-RemcFakeLocalAccount -Name 'CONTOSO\Helpdesk' -Sid "$contoso-1013" -Class 'Group')
        (New-RemcFakeLocalAccount -Name 'CONTOSO\jdoe' -Sid "$contoso-1104")
        (New-RemcFakeLocalAccount -Name 'AzureAD\jane@contoso.com' -Sid 'S-1-12-1-2229440612-1233145153-2843627187-3431516447')
    )
}

function Reset-RemcFakeLocalGroup {
    param(
        # The groups; default: Get-RemcFakeOrdinaryLocalGroup in -Language.
        $Group = $null,
        # The accounts besides the built-in groups' own; default: Get-RemcFakeOrdinaryLocalAccount.
        $Account = $null,
        # The names (and BUILTIN's) of this Windows' language: 'en', 'fr' or 'de'.
        [ValidateSet('en', 'fr', 'de')] [string] $Language = 'en',
        # The checks as the remediation script carries them ($RemcChecks rows; a scenario has them as
        # $ScenarioChecks): every declared group exists (unless in -Missing), and every declared name
        # is an account (unless it matches -Unresolvable), so a scenario works for any declaration.
        $Declared = (Get-Variable -Name 'ScenarioChecks' -ValueOnly -ErrorAction SilentlyContinue),
        # Where every declared member is: 'in' its declared group, 'out' of it, or 'asis' (as -Group says).
        [ValidateSet('in', 'out', 'asis')] [string] $DeclaredMembers = 'asis',
        # Declared names (-like patterns) the device cannot resolve.
        [string[]] $Unresolvable = @(),
        # Group SIDs this device does not have.
        [string[]] $Missing = @(),
        # SIDs of deleted accounts in every declared group (and Administrators): orphaned members.
        [string[]] $Orphan = @(),
        # Listing the members throws this message (ADSI broken).
        [string] $QueryError = '',
        # Every Add / Remove throws this Windows error (an HResult such as 0x80070005), as ADSI does.
        [long] $AddError = 0,
        [long] $RemoveError = 0,
        # Add and Remove answer success and change nothing (something puts the membership back).
        [switch] $NoStick
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $computer = 'PC01'
    if (-not $PSBoundParameters.ContainsKey('Group')) { $Group = Get-RemcFakeOrdinaryLocalGroup -Language $Language }
    if (-not $PSBoundParameters.ContainsKey('Account')) { $Account = Get-RemcFakeOrdinaryLocalAccount -Computer $computer }
    $state.LocalGroupComputer = $computer
    $state.LocalGroupList = New-Object System.Collections.ArrayList
    foreach ($g in @($Group)) { if ($null -ne $g -and @($Missing) -notcontains $g.Sid) { $null = $state.LocalGroupList.Add($g) } }
    $state.LocalGroupAccounts = New-Object System.Collections.ArrayList
    foreach ($a in @($Account)) { if ($null -ne $a) { $null = $state.LocalGroupAccounts.Add($a) } }
    $state.LocalGroupQueryError = $null
    if ($QueryError -ne '') { $state.LocalGroupQueryError = $QueryError }
    $state.LocalGroupAddError = $AddError
    $state.LocalGroupRemoveError = $RemoveError
    $state.LocalGroupNoStick = [bool]$NoStick
    $state.LocalGroupCalls = New-Object System.Collections.ArrayList
    $rows = @($Declared | Where-Object { $null -ne $_ -and [string]$_.Probe -eq 'Test-RemcLocalGroupMember' })
    $next = 2000
    foreach ($row in $rows) {
        $sid = [string]$row.Config.GroupSid
        if (@($Missing) -contains $sid) { continue }
        $entry = Find-RemcFakeLocalGroupEntry -Sid $sid
        if ($null -eq $entry) {
            $entry = New-RemcFakeLocalGroup -Sid $sid -Name ([string]$row.Config.Group)
            $null = $state.LocalGroupList.Add($entry)
        }
        foreach ($text in @($row.Config.Members)) {
            $member = Add-RemcFakeLocalGroupDeclared -Text ([string]$text) -Unresolvable $Unresolvable -Next ([ref]$next)
            if ($member -eq '') { continue }
            if ($DeclaredMembers -eq 'in' -and -not $entry.Members.Contains($member)) { $null = $entry.Members.Add($member) }
            if ($DeclaredMembers -eq 'out') { while ($entry.Members.Contains($member)) { $entry.Members.Remove($member) } }
        }
        foreach ($o in @($Orphan)) { if (-not $entry.Members.Contains($o)) { $null = $entry.Members.Add($o) } }
    }
    $admins = Find-RemcFakeLocalGroupEntry -Sid 'S-1-5-32-544'
    if ($null -ne $admins) { foreach ($o in @($Orphan)) { if (-not $admins.Members.Contains($o)) { $null = $admins.Members.Add($o) } } }
}

# The SID a declared member has on the simulated device ('' when it cannot be resolved there): a SID
# as written; a known name's SID; any other name becomes an account of CONTOSO (or of the device, for
# .\name) with a new SID.
function Add-RemcFakeLocalGroupDeclared {
    param([string] $Text, [string[]] $Unresolvable, [ref] $Next)
    if ($Text -match '^S-1-\d+(-\d+)+$') { return $Text.ToUpperInvariant() }
    $state = $global:RemcFakeState
    $name = $Text
    $domain = $script:RemcFakeLocalGroupContoso
    if ($Text.StartsWith('.\')) {
        $name = $state.LocalGroupComputer + $Text.Substring(1)
        $domain = $script:RemcFakeLocalGroupDevice
    }
    foreach ($pattern in @($Unresolvable)) {
        if ($Text -notlike $pattern) { continue }
        # The device cannot map the name, even one the ordinary accounts have.
        $known = Find-RemcFakeLocalGroupAccount -Name $name
        if ($null -ne $known) { $state.LocalGroupAccounts.Remove($known) }
        return ''
    }
    $known = Find-RemcFakeLocalGroupAccount -Name $name
    if ($null -ne $known) { return [string]$known.Sid }
    $Next.Value = $Next.Value + 1
    $sid = '{0}-{1}' -f $domain, $Next.Value
    $null = $state.LocalGroupAccounts.Add((New-RemcFakeLocalAccount -Name $name -Sid $sid))
    return $sid
}

function Find-RemcFakeLocalGroupEntry {
    param([string] $Sid)
    foreach ($g in @($global:RemcFakeState.LocalGroupList)) { if ([string]$g.Sid -eq $Sid) { return $g } }
    return $null
}

function Find-RemcFakeLocalGroupEntryByName {
    param([string] $Name)
    foreach ($g in @($global:RemcFakeState.LocalGroupList)) { if ([string]$g.Name -eq $Name) { return $g } }
    return $null
}

function Find-RemcFakeLocalGroupAccount {
    param([string] $Name = '', [string] $Sid = '')
    foreach ($a in @($global:RemcFakeState.LocalGroupAccounts)) {
        if ($Name -ne '' -and [string]$a.Name -eq $Name) { return $a }
        if ($Sid -ne '' -and [string]$a.Sid -eq $Sid) { return $a }
    }
    return $null
}

# The domain part a built-in group's name has in this Windows' language (LookupAccountSid's domain).
function Get-RemcFakeLocalGroupBuiltinDomain {
    $first = Find-RemcFakeLocalGroupEntry -Sid 'S-1-5-32-544'
    if ($null -ne $first -and [string]$first.Name -eq 'Administratoren') { return 'VORDEFINIERT' }
    return 'BUILTIN'
}

# A binary SID (objectSid) from its string form: revision 1, the sub-authority count, the 48-bit
# authority big-endian, each sub-authority as 4 bytes little-endian (Learn: "SID structure").
function ConvertTo-RemcFakeLocalGroupSidBytes {
    param([string] $Sid)
    $parts = @($Sid.Split('-'))
    $subs = @($parts[3..($parts.Count - 1)] | ForEach-Object { [long]$_ })
    $bytes = New-Object 'byte[]' (8 + 4 * $subs.Count)
    $bytes[0] = 1
    $bytes[1] = [byte]$subs.Count
    [long]$authority = [long]$parts[2]
    for ($i = 7; $i -ge 2; $i--) { $bytes[$i] = [byte]($authority % 256); $authority = [math]::Floor($authority / 256) }
    for ($k = 0; $k -lt $subs.Count; $k++) {
        [long]$v = $subs[$k]
        for ($j = 0; $j -lt 4; $j++) { $bytes[8 + 4 * $k + $j] = [byte]($v % 256); $v = [math]::Floor($v / 256) }
    }
    return , $bytes
}

function ConvertTo-RemcFakeLocalGroupAccountName {
    param([string] $Sid)
    $group = Find-RemcFakeLocalGroupEntry -Sid $Sid
    if ($null -ne $group) {
        $domain = Get-RemcFakeLocalGroupBuiltinDomain
        if ($Sid -like 'S-1-5-21-*') { $domain = $global:RemcFakeState.LocalGroupComputer }
        return ('{0}\{1}' -f $domain, $group.Name)
    }
    $account = Find-RemcFakeLocalGroupAccount -Sid $Sid
    if ($null -ne $account) { return [string]$account.Name }
    return ''
}

function Resolve-RemcFakeLocalGroupAccountSid {
    param([string] $Name)
    if ($Name.StartsWith('.\')) { $Name = $global:RemcFakeState.LocalGroupComputer + $Name.Substring(1) }
    $account = Find-RemcFakeLocalGroupAccount -Name $Name
    if ($null -ne $account) { return [string]$account.Sid }
    return ''
}

function Get-RemcFakeLocalGroupComputerName { return [string]$global:RemcFakeState.LocalGroupComputer }

# The members as the seam returns them: ADsPath, Name, Class, objectSid (byte[]).
function Get-RemcFakeLocalGroupMemberEntry {
    param([string] $Group)
    $state = $global:RemcFakeState
    $null = $state.LocalGroupCalls.Add('members:' + $Group)
    if ($null -ne $state.LocalGroupQueryError) { throw [string]$state.LocalGroupQueryError }
    $entry = Find-RemcFakeLocalGroupEntryByName -Name $Group
    # The WinNT provider: "The group name could not be found." (NERR_GroupNotFound, 0x800708AC).
    if ($null -eq $entry) { throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'The group name could not be found.', -2147022676) }
    $list = New-Object System.Collections.ArrayList
    foreach ($sid in @($entry.Members)) {
        $account = Find-RemcFakeLocalGroupAccount -Sid $sid
        $path = 'WinNT://' + $sid
        $name = $sid
        $class = 'User'
        if ($null -ne $account) {
            $parts = ([string]$account.Name) -split '\\', 2
            $name = $parts[1]
            $class = [string]$account.Class
            $path = 'WinNT://{0}/{1}' -f $parts[0], $parts[1]
            if ($parts[0] -eq $state.LocalGroupComputer) { $path = 'WinNT://WORKGROUP/{0}/{1}' -f $parts[0], $parts[1] }
        }
        $null = $list.Add((New-Object PSObject -Property ([ordered]@{ ADsPath = $path; Name = $name; Class = $class; objectSid = (ConvertTo-RemcFakeLocalGroupSidBytes -Sid $sid) })))
    }
    return $list.ToArray()
}

# What DirectoryEntry.Invoke throws for an ADSI failure: the COMException, wrapped twice.
function New-RemcFakeLocalGroupError {
    param([long] $HResult, [string] $Message)
    if ($HResult -gt [int]::MaxValue) { $HResult = $HResult - 4294967296 }
    $com = New-Object System.Runtime.InteropServices.COMException -ArgumentList $Message, ([int]$HResult)
    $target = New-Object System.Reflection.TargetInvocationException -ArgumentList $com
    return (New-Object System.Management.Automation.MethodInvocationException -ArgumentList ('Exception calling "Invoke" with "2" argument(s): "{0}"' -f $Message), $target)
}

function Add-RemcFakeLocalGroupMemberSid {
    param([string] $Group, [string] $Sid)
    $state = $global:RemcFakeState
    $null = $state.LocalGroupCalls.Add(('add:{0}:{1}' -f $Group, $Sid))
    $entry = Find-RemcFakeLocalGroupEntryByName -Name $Group
    if ([long]$state.LocalGroupAddError -ne 0) { throw (New-RemcFakeLocalGroupError -HResult $state.LocalGroupAddError -Message 'Le membre ne peut pas etre ajoute.') }
    if ($entry.Members.Contains($Sid)) { throw (New-RemcFakeLocalGroupError -HResult 0x80070562 -Message 'The specified account name is already a member of the group.') }
    if (-not [bool]$state.LocalGroupNoStick) { $null = $entry.Members.Add($Sid) }
}

function Remove-RemcFakeLocalGroupMemberSid {
    param([string] $Group, [string] $Sid)
    $state = $global:RemcFakeState
    $null = $state.LocalGroupCalls.Add(('remove:{0}:{1}' -f $Group, $Sid))
    $entry = Find-RemcFakeLocalGroupEntryByName -Name $Group
    if ([long]$state.LocalGroupRemoveError -ne 0) { throw (New-RemcFakeLocalGroupError -HResult $state.LocalGroupRemoveError -Message 'Zugriff verweigert') }
    if (-not $entry.Members.Contains($Sid)) { throw (New-RemcFakeLocalGroupError -HResult 0x80070561 -Message 'The specified account name is not a member of the group.') }
    if (-not [bool]$state.LocalGroupNoStick) { $entry.Members.Remove($Sid) }
}

Set-Alias -Name ConvertTo-RemcLocalGroupAccountName -Value ConvertTo-RemcFakeLocalGroupAccountName
Set-Alias -Name Resolve-RemcLocalGroupAccountSid -Value Resolve-RemcFakeLocalGroupAccountSid
Set-Alias -Name Get-RemcLocalGroupComputerName -Value Get-RemcFakeLocalGroupComputerName
Set-Alias -Name Get-RemcLocalGroupMemberEntry -Value Get-RemcFakeLocalGroupMemberEntry
Set-Alias -Name Add-RemcLocalGroupMemberSid -Value Add-RemcFakeLocalGroupMemberSid
Set-Alias -Name Remove-RemcLocalGroupMemberSid -Value Remove-RemcFakeLocalGroupMemberSid
