# The seam of local-group-member: the only Windows-facing calls. The probe and fix hold the logic; the
# tests replace these functions with fakes (fakes.ps1).
# - Names and SIDs: .NET's SecurityIdentifier / NTAccount Translate (LookupAccountSid /
#   LookupAccountName), language-independent: a SID is the same on a French or German Windows.
# - Members: the ADSI WinNT provider (Learn: "WinNT ADsPath"; the group's IADsGroup::Members and each
#   member's objectSid), not Get-LocalGroupMember, which fails on a group holding an orphaned SID
#   (PowerShell issues #2996 and #21617: "Failed to compare two elements in the array", error 1789),
#   and not `net localgroup`, whose output is in the device's language.
# Constrained Language Mode refuses these calls (New-Object of SecurityIdentifier and NTAccount, method
# calls on the members' COM objects): the check needs FullLanguage, and where that mode applies the
# runtime skips it and says so.

# The account name of a SID as LookupAccountSid gives it, 'BUILTIN\Administrateurs' on a French
# Windows; '' when no account has that SID here (IdentityNotMappedException).
function ConvertTo-RemcLocalGroupAccountName {
    param([string] $Sid)
    if ([string]::IsNullOrEmpty($Sid)) { throw 'ConvertTo-RemcLocalGroupAccountName: Sid is empty' }
    $id = New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $Sid
    try {
        return [string]$id.Translate([System.Security.Principal.NTAccount]).Value
    }
    catch {
        if (Test-RemcLocalGroupNotMapped -Exception $_.Exception) { return '' }
        throw
    }
}

# The SID of an account name ('CONTOSO\Helpdesk', 'AzureAD\jane@contoso.com'; '.\support' is an
# account of this device: <computer name>\support) as LookupAccountName gives it, 'S-1-5-21-...'; ''
# when the device cannot map the name.
function Resolve-RemcLocalGroupAccountSid {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Resolve-RemcLocalGroupAccountSid: Name is empty' }
    if ($Name.StartsWith('.\')) { $Name = (Get-RemcLocalGroupComputerName) + $Name.Substring(1) }
    $account = New-Object System.Security.Principal.NTAccount -ArgumentList $Name
    try {
        return [string]$account.Translate([System.Security.Principal.SecurityIdentifier]).Value
    }
    catch {
        if (Test-RemcLocalGroupNotMapped -Exception $_.Exception) { return '' }
        throw
    }
}

# The group's members as the WinNT provider lists them: one object per member with the IADs
# properties ADsPath, Name, Class and objectSid (the SID as a byte array). An orphaned SID is listed
# too (ADsPath WinNT://S-1-5-21-..., its SID string as Name). Group is the group's name on this device.
function Get-RemcLocalGroupMemberEntry {
    param([string] $Group)
    if ([string]::IsNullOrEmpty($Group)) { throw 'Get-RemcLocalGroupMemberEntry: Group is empty' }
    $entry = [ADSI]('WinNT://./{0},group' -f $Group)
    $list = New-Object System.Collections.ArrayList
    foreach ($member in @($entry.psbase.Invoke('Members'))) {
        if ($null -eq $member) { continue }
        $type = $member.GetType()
        $values = @{}
        foreach ($property in 'ADsPath', 'Name', 'Class', 'objectSid') {
            try { $values[$property] = $type.InvokeMember($property, 'GetProperty', $null, $member, $null) }
            catch { $values[$property] = $null }
        }
        $item = New-Object PSObject -Property ([ordered]@{
                ADsPath   = [string]$values['ADsPath']
                Name      = [string]$values['Name']
                Class     = [string]$values['Class']
                objectSid = $values['objectSid']
            })
        $null = $list.Add($item)
    }
    return $list.ToArray()
}

# Adds the account with this SID to the group (IADsGroup::Add with the ADsPath WinNT://<SID>, which
# also takes a SID no name resolves, e.g. an Entra group's S-1-12-1-...). Throws what ADSI throws: a
# COMException whose HResult is the Windows error (0x80070562: already a member).
function Add-RemcLocalGroupMemberSid {
    param([string] $Group, [string] $Sid)
    if ([string]::IsNullOrEmpty($Group) -or [string]::IsNullOrEmpty($Sid)) { throw 'Add-RemcLocalGroupMemberSid: Group and Sid are required' }
    $entry = [ADSI]('WinNT://./{0},group' -f $Group)
    $null = $entry.psbase.Invoke('Add', ('WinNT://' + $Sid))
}

# Removes the account with this SID from the group (IADsGroup::Remove), an orphaned SID included.
# Throws what ADSI throws (0x80070561: not a member).
function Remove-RemcLocalGroupMemberSid {
    param([string] $Group, [string] $Sid)
    if ([string]::IsNullOrEmpty($Group) -or [string]::IsNullOrEmpty($Sid)) { throw 'Remove-RemcLocalGroupMemberSid: Group and Sid are required' }
    $entry = [ADSI]('WinNT://./{0},group' -f $Group)
    $null = $entry.psbase.Invoke('Remove', ('WinNT://' + $Sid))
}

# The device's computer name: the domain part of its own accounts' names (PC01\Administrator).
function Get-RemcLocalGroupComputerName {
    return [string]$env:COMPUTERNAME
}

# Whether an exception (or one it wraps) says the name or SID maps to no account.
function Test-RemcLocalGroupNotMapped {
    param($Exception)
    $ex = $Exception
    while ($null -ne $ex) {
        if ($ex.GetType().FullName -eq 'System.Security.Principal.IdentityNotMappedException') { return $true }
        $ex = $ex.InnerException
    }
    return $false
}

# The HRESULT of an ADSI failure, '0x80070562', from the exception or the first inner exception that
# carries one ('' when none does: COR_E_EXCEPTION, COR_E_SYSTEM, COR_E_TARGETINVOCATION and
# PowerShell's own wrappers carry no code of their own).
function Get-RemcLocalGroupErrorCode {
    param($Exception)
    $ex = $Exception
    while ($null -ne $ex) {
        $code = [int]$ex.HResult
        if ($code -ne 0 -and $code -ne -2146233088 -and $code -ne -2146233087 -and $code -ne -2146232828) { return ('0x{0:X8}' -f $code) }
        $ex = $ex.InnerException
    }
    return ''
}
