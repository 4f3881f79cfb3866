# Test fakes for the registry-value seams (never emitted). Dot-source this file: it defines the fakes
# and points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only keys starting with 'Registry' are this template's.
#
# The simulated registry, as lists (they survive Export-Clixml and read well as JSON):
#   RegistryKeys    @{ Hive = 'HKLM'|'HKCU'; Key = 'SOFTWARE\Contoso' }: keys that exist (their parents do too)
#   RegistryValues  @{ Hive; Key; Name; Kind = 'DWord' (a RegistryValueKind name); Data }: Data holds what
#                   RegistryKey.GetValue returns for the kind (see New-RemcFakeRegistryValue)
#   RegistryRemoved @{ Hive; Key; Name }: values deleted although RegistryUnlisted made them exist
#   RegistryRemovedKeys @{ Hive; Key }: keys deleted (with everything below them) although RegistryUnlisted made them exist
#   RegistryProfiles the ProfileList (New-RemcFakeRegistryProfile): @{ Sid; ProfileImagePath; State; Loaded; Loadable }
#   RegistryMounted  SIDs whose NTUSER.DAT the run loaded as HKU\remc_<SID> (and has not unloaded yet);
#                   what a seam call reads or writes below HKU\remc_<SID> is recorded at HKU\<SID>
#   RegistryHiveCalls every load and unload: @{ Op = 'load'|'unload'; Name; File; Code }
#   RegistryStaleFor SIDs whose unlisted values hold a stale REG_SZ (Reset's -StaleFor)
#   RegistryUnloadFails $true: every unload fails (a handle some other process keeps open in the hive)
#   RegistryUnloaded hives of HKEY_USERS that are not loaded (a user who is not signed in): nothing below them exists
#   RegistrySecrets @{ Path; Name; Kind; Data }: the data of the values the remediation declares secret,
#                   from the checks as the remediation script carries them (detection carries only a digest)
#   RegistryUnlisted what every key and value the lists do not hold looks like (Reset's -Unlisted)
#   RegistryCalls   every seam call in order: @{ Op = 'read'|'create'|'set'|'delete'|'delete-key'; Hive; Key; Name; Kind }
#                   (Name $null for a key's own read, create and delete)
# Key paths and value names compare case-insensitively (-eq), as the registry does.

function Reset-RemcFakeRegistryValue {
    param(
        # Values the registry holds besides the ordinary ones (New-RemcFakeRegistryValue); a listed
        # value replaces an ordinary one of the same name, and its key exists.
        $Value = @(),
        # Keys that exist without values of their own, as 'HKLM:\SOFTWARE\Contoso'.
        [string[]] $Key = @(),
        # What every key and value not listed looks like:
        #   'Declared' (default: a healthy machine): every key exists and every value holds what the
        #      check reading it declares (present with its type and data, or absent). The fake reads
        #      the declaration from the probe's or fix's $Config (the check protocol's parameter, in
        #      the caller's scope) and converts it with its own code, never the probe's.
        #   'NoKey': a machine the setting never reached: no key exists unless listed.
        #   'NoValue': every key exists, no value does unless listed.
        #   a value (New-RemcFakeRegistryValue; its path and name are ignored) that every unlisted value holds.
        $Unlisted = 'Declared',
        # Key paths (-like patterns such as 'HKLM:\SOFTWARE\Policies\*', or '*') where opening the key
        # is denied (SecurityException, as RegistryKey.OpenSubKey throws), or writing is denied
        # (CreateSubKey's UnauthorizedAccessException; OpenSubKey(name, $true)'s SecurityException).
        [string[]] $DenyRead = @(),
        [string[]] $DenyWrite = @(),
        # Writes and deletes succeed but change nothing: something else (a policy, an app) restores the value.
        [switch] $WritesDoNotStick,
        # SIDs (-like patterns such as 'S-1-5-21-*') whose hives HKEY_USERS does not hold (users not
        # signed in); every other hive is loaded.
        [string[]] $Unloaded = @(),
        # The checks as the remediation script carries them ($RemcChecks rows), for the data of secret
        # values that -Unlisted 'Declared' needs while detection carries only their digest. A scenario
        # gets them as $ScenarioChecks.
        $Declared = (Get-Variable -Name 'ScenarioChecks' -ValueOnly -ErrorAction SilentlyContinue),
        # Start from an empty registry instead of an ordinary machine's few keys and values.
        [switch] $Bare,
        # The ProfileList of the machine (New-RemcFakeRegistryProfile), for forEachUser: by default the
        # three system accounts' and one signed-in user's (alice). A profile not Loaded is unloaded in HKU.
        $Profiles = (Get-RemcFakeRegistryStandardProfile),
        # SIDs in whose hives every value a forEachUser check reads, and no list holds, is a stale REG_SZ
        # ('remc-stale-value') instead of what -Unlisted makes it.
        [string[]] $StaleFor = @()
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.RegistryKeys = New-Object System.Collections.ArrayList
    $state.RegistryValues = New-Object System.Collections.ArrayList
    $state.RegistryRemoved = New-Object System.Collections.ArrayList
    $state.RegistryCalls = New-Object System.Collections.ArrayList
    $state.RegistryRemovedKeys = New-Object System.Collections.ArrayList
    # A list of lists (a setup's 'a, b' of arrays) is one list of profiles.
    $Profiles = @(foreach ($group in @($Profiles)) { foreach ($one in @($group)) { if ($null -ne $one) { $one } } })
    $state.RegistryUnloaded = @($Unloaded) + @(foreach ($one in @($Profiles)) { if ($null -ne $one -and -not $one.Loaded) { [string]$one.Sid } })
    $state.RegistryProfiles = @($Profiles)
    $state.RegistryMounted = New-Object System.Collections.ArrayList
    $state.RegistryHiveCalls = New-Object System.Collections.ArrayList
    $state.RegistryUnloadFails = $false
    $state.RegistryStaleFor = @($StaleFor)
    $state.RegistrySecrets = @(foreach ($row in @($Declared)) {
            if ($null -ne $row -and $null -ne $row.Config -and [bool]$row.Config.Secret) {
                @{ Path = [string]$row.Config.Path; Name = [string]$row.Config.Name; Kind = [string]$row.Config.Type; Data = $row.Config.Value }
            }
        })
    if ($Unlisted -is [string] -and @('Declared', 'NoKey', 'NoValue') -notcontains $Unlisted) { throw "Unlisted must be 'Declared', 'NoKey', 'NoValue' or a value" }
    if ($Unlisted -isnot [string]) { $Unlisted = @{ Kind = $Unlisted.Kind; Data = $Unlisted.Data } }
    $state.RegistryUnlisted = $Unlisted
    $state.RegistryDenyRead = @($DenyRead)
    $state.RegistryDenyWrite = @($DenyWrite)
    $state.RegistryWritesDoNotStick = [bool]$WritesDoNotStick
    $seed = @()
    $keys = @($Key)
    if (-not $Bare) {
        $seed = @(Get-RemcFakeRegistryOrdinaryValue)
        # Keys that exist on a stock install without values of their own.
        $keys = @('HKLM:\SOFTWARE\Policies\Microsoft\Windows', 'HKCU:\Software\Policies\Microsoft') + $keys
    }
    foreach ($item in @($seed) + @($Value)) {
        if ($null -ne $item) { Set-RemcFakeRegistryRecord -Record $item }
    }
    foreach ($path in $keys) {
        $parsed = ConvertFrom-RemcFakeRegistryPath -Path $path
        Add-RemcFakeRegistryKey -Hive $parsed.Hive -Key $parsed.Key
    }
}

function Get-RemcFakeRegistryOrdinaryValue {
    # A few values every Windows 10/11 machine has (regedit on a stock install), so a check reading
    # next to them sees existing keys and other values, as on a real machine.
    @(
        New-RemcFakeRegistryValue -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion' -Name 'ProgramFilesDir' -Kind String -Data 'C:\Program Files'
        New-RemcFakeRegistryValue -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion' -Name 'ProgramFilesPath' -Kind ExpandString -Data '%ProgramFiles%'
        New-RemcFakeRegistryValue -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name 'CurrentMajorVersionNumber' -Kind DWord -Data 10
        New-RemcFakeRegistryValue -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name 'CurrentBuild' -Kind String -Data '19045'
        New-RemcFakeRegistryValue -Path 'HKCU:\Environment' -Name 'TEMP' -Kind ExpandString -Data '%USERPROFILE%\AppData\Local\Temp'
        New-RemcFakeRegistryValue -Path 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Explorer\Advanced' -Name 'HideFileExt' -Kind DWord -Data 1
        New-RemcFakeRegistryValue -Path 'HKCU:\Control Panel\International' -Name 'LocaleName' -Kind String -Data 'en-US'
    )
}

function New-RemcFakeRegistryValue {
    param(
        [string] $Path = 'HKLM:\SOFTWARE\Contoso',
        [string] $Name = 'Setting',
        [ValidateSet('String', 'ExpandString', 'DWord', 'QWord', 'MultiString', 'Binary', 'None', 'Unknown')]
        [string] $Kind = 'String',
        $Data = ''
    )
    # Data is stored as RegistryKey.GetValue returns it (Learn: "RegistryKey.GetValue Method", remarks
    # table; "RegistryValueKind Enum"): REG_SZ / REG_EXPAND_SZ a String (unexpanded: the seam passes
    # RegistryValueOptions.DoNotExpandEnvironmentNames), REG_DWORD an Int32 (so 0xFFFFFFFF is -1),
    # REG_QWORD an Int64, REG_MULTI_SZ a String[], REG_BINARY and REG_NONE a Byte[]; a kind .NET does
    # not support (REG_LINK, REG_RESOURCE_LIST: Unknown) returns the default given to GetValue, $null.
    $parsed = ConvertFrom-RemcFakeRegistryPath -Path $Path
    return @{ Hive = $parsed.Hive; Key = $parsed.Key; Name = $Name; Kind = $Kind; Data = (ConvertTo-RemcFakeRegistryStored -Kind $Kind -Data $Data) }
}

function ConvertTo-RemcFakeRegistryStored {
    param([string] $Kind, $Data)
    # A number for DWord / QWord may be given unsigned (4294967295) or as the signed value Windows hands .NET (-1).
    if ($Kind -eq 'DWord') {
        $number = [decimal]$Data
        if ($number -gt [int]::MaxValue) { $number = $number - [decimal]4294967296 }
        return [int]$number
    }
    if ($Kind -eq 'QWord') {
        $number = [decimal]::Parse([string]$Data, [Globalization.CultureInfo]::InvariantCulture)
        if ($number -gt [long]::MaxValue) { $number = $number - [decimal]::Parse('18446744073709551616', [Globalization.CultureInfo]::InvariantCulture) }
        return [long]$number
    }
    if ($Kind -eq 'MultiString') { return ,([string[]]@($Data)) }
    if ($Kind -eq 'Binary' -or $Kind -eq 'None') { return ,([byte[]]@($Data)) }
    if ($Kind -eq 'Unknown') { return $null }
    return [string]$Data
}

function ConvertFrom-RemcFakeRegistryPath {
    param([string] $Path)
    if ($Path -notmatch '^(?i)(HKLM|HKCU|HKU):\\(.+)$') { throw ("fake registry: not an HKLM:\, HKCU:\ or HKU:\ path: '{0}'" -f $Path) }
    return @{ Hive = $Matches[1].ToUpperInvariant(); Key = $Matches[2].TrimEnd('\') }
}

function Test-RemcFakeRegistryPattern {
    param([string] $Text, $Pattern)
    foreach ($one in @($Pattern)) {
        if (-not [string]::IsNullOrEmpty([string]$one) -and $Text -like [string]$one) { return $true }
    }
    return $false
}

function Test-RemcFakeRegistryKey {
    param([string] $Hive, [string] $Key)
    $state = $global:RemcFakeState
    # HKEY_USERS holds a hive only while it is loaded; a loaded hive's root always exists.
    if ($Hive -eq 'HKU') {
        $first = $Key.Split([char]'\')[0]
        # A hive loaded for the run (remc_<SID>) is resolved to its SID while mounted: one left here is not loaded.
        if ($first -like 'remc_*') { return $false }
        if (@($state.RegistryMounted) -notcontains $first -and (Test-RemcFakeRegistryPattern -Text $first -Pattern $state.RegistryUnloaded)) { return $false }
        if ($Key -eq $first) { return $true }
    }
    $gone = Test-RemcFakeRegistryBelow -Hive $Hive -Key $Key -List $state.RegistryRemovedKeys
    if (-not $gone -and $state.RegistryUnlisted -ne 'NoKey') {
        # -Unlisted 'Declared': a key the calling check declares absent does not exist (nor below it).
        $config = Get-RemcFakeRegistryCallerConfig
        if ($null -eq $config -or $null -ne $config.Name -or [string]$config.Ensure -ne 'absent') { return $true }
        $declared = ConvertFrom-RemcFakeRegistryPath -Path ([string]$config.Path)
        if ($declared.Hive -ne $Hive -or -not ($Key -eq $declared.Key -or $Key.StartsWith($declared.Key + '\', [StringComparison]::OrdinalIgnoreCase))) { return $true }
    }
    foreach ($item in @($state.RegistryKeys)) {
        # A key exists when it is listed or a listed key lies below it.
        if ($item.Hive -eq $Hive -and ($item.Key -eq $Key -or ([string]$item.Key).StartsWith($Key + '\', [StringComparison]::OrdinalIgnoreCase))) { return $true }
    }
    return $false
}

function Test-RemcFakeRegistryBelow {
    param([string] $Hive, [string] $Key, $List)
    # Whether Key is one of List's keys or lies below one.
    foreach ($item in @($List)) {
        if ($null -ne $item -and $item.Hive -eq $Hive -and ($Key -eq $item.Key -or $Key.StartsWith([string]$item.Key + '\', [StringComparison]::OrdinalIgnoreCase))) { return $true }
    }
    return $false
}

function Add-RemcFakeRegistryKey {
    param([string] $Hive, [string] $Key)
    $state = $global:RemcFakeState
    foreach ($item in @($state.RegistryKeys)) { if ($item.Hive -eq $Hive -and $item.Key -eq $Key) { return } }
    $null = $state.RegistryKeys.Add(@{ Hive = $Hive; Key = $Key })
}

function Find-RemcFakeRegistryRecord {
    param([string] $Hive, [string] $Key, [string] $Name)
    $state = $global:RemcFakeState
    for ($i = 0; $i -lt $state.RegistryValues.Count; $i++) {
        $item = $state.RegistryValues[$i]
        if ($item.Hive -eq $Hive -and $item.Key -eq $Key -and $item.Name -eq $Name) { return $i }
    }
    return -1
}

function Find-RemcFakeRegistryRemoved {
    param([string] $Hive, [string] $Key, [string] $Name)
    $state = $global:RemcFakeState
    for ($i = 0; $i -lt $state.RegistryRemoved.Count; $i++) {
        $item = $state.RegistryRemoved[$i]
        if ($item.Hive -eq $Hive -and $item.Key -eq $Key -and $item.Name -eq $Name) { return $i }
    }
    return -1
}

function Set-RemcFakeRegistryRecord {
    param($Record)
    $state = $global:RemcFakeState
    Add-RemcFakeRegistryKey -Hive $Record.Hive -Key $Record.Key
    $at = Find-RemcFakeRegistryRecord -Hive $Record.Hive -Key $Record.Key -Name $Record.Name
    if ($at -ge 0) { $state.RegistryValues.RemoveAt($at) }
    $null = $state.RegistryValues.Add(@{ Hive = $Record.Hive; Key = $Record.Key; Name = $Record.Name; Kind = $Record.Kind; Data = $Record.Data })
    $gone = Find-RemcFakeRegistryRemoved -Hive $Record.Hive -Key $Record.Key -Name $Record.Name
    if ($gone -ge 0) { $state.RegistryRemoved.RemoveAt($gone) }
}

function Get-RemcFakeRegistryCurrent {
    param([string] $Hive, [string] $Key, [string] $Name, $Declared)
    # The value as the simulated registry holds it now: @{ Kind; Data } or $null when there is none.
    # Declared: the $Config of the check reading it (used by -Unlisted 'Declared').
    $state = $global:RemcFakeState
    $at = Find-RemcFakeRegistryRecord -Hive $Hive -Key $Key -Name $Name
    if ($at -ge 0) { return $state.RegistryValues[$at] }
    if ($Hive -eq 'HKU' -and @($state.RegistryStaleFor) -contains $Key.Split([char]'\')[0] -and (Find-RemcFakeRegistryRemoved -Hive $Hive -Key $Key -Name $Name) -lt 0) {
        return @{ Kind = 'String'; Data = 'remc-stale-value' }
    }
    if ($state.RegistryUnlisted -eq 'NoKey' -or $state.RegistryUnlisted -eq 'NoValue') { return $null }
    if ((Find-RemcFakeRegistryRemoved -Hive $Hive -Key $Key -Name $Name) -ge 0) { return $null }
    if ($state.RegistryUnlisted -eq 'Declared') { return (Get-RemcFakeRegistryDeclared -Hive $Hive -Key $Key -Name $Name -Config $Declared) }
    return $state.RegistryUnlisted
}

function Get-RemcFakeRegistryCallerConfig {
    # The $Config of the probe or fix that called the seam (PowerShell resolves variables through the
    # callers' scopes); only -Unlisted 'Declared' needs it, and says so loudly when it is not there.
    if ($global:RemcFakeState.RegistryUnlisted -ne 'Declared') { return $null }
    $config = Get-Variable -Name 'Config' -ValueOnly -ErrorAction SilentlyContinue
    if ($null -eq $config -or $null -eq $config.Path) { throw "fake registry: -Unlisted 'Declared' reads the calling check's `$Config, and there is none in scope" }
    return $config
}

function Get-RemcFakeRegistryDeclared {
    param([string] $Hive, [string] $Key, [string] $Name, $Config)
    # What $Config declares for this value: @{ Kind; Data } when it is the value the check declares
    # present; $null when the check wants it absent or declares another value.
    $path = [string]$Config.Path
    if ($path -notmatch '^(?i)(?:Registry::)?(HKLM:|HKCU:|HKU:|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_USERS)\\(.+?)\\?$') { return $null }
    # forEachUser: HKU\<SID>\<key> (or the mounted remc_<SID>, resolved to the SID) is each user's HKCU:\<key>.
    if ([bool]$Config.ForEachUser -and $Hive -eq 'HKU' -and $Key.Contains('\')) {
        $Hive = 'HKCU'
        $Key = $Key.Substring($Key.IndexOf('\') + 1)
    }
    $declaredHive = 'HKCU'
    if ($Matches[1] -eq 'HKLM:' -or $Matches[1] -eq 'HKEY_LOCAL_MACHINE') { $declaredHive = 'HKLM' }
    if ($Matches[1] -eq 'HKU:' -or $Matches[1] -eq 'HKEY_USERS') { $declaredHive = 'HKU' }
    if ($null -eq $Config.Name -or $declaredHive -ne $Hive -or $Matches[2] -ne $Key -or [string]$Config.Name -ne $Name) { return $null }
    if ([string]$Config.Ensure -eq 'absent') { return $null }
    $kind = [string]$Config.Type
    if ($kind -eq '') { $kind = 'String' }
    $value = $Config.Value
    # A bit check declares only its bits: the value holds them set (and nothing else).
    if ($null -ne $Config.Bits) { return @{ Kind = 'DWord'; Data = (ConvertTo-RemcFakeRegistryStored -Kind 'DWord' -Data $Config.Bits.Set) } }
    if ([bool]$Config.Secret -and $null -eq $value) {
        # Detection carries only the digest: the data is the remediation's, as the scenario declared it.
        $secret = @($global:RemcFakeState.RegistrySecrets | Where-Object { $null -ne $_ -and $_.Path -eq $path -and $_.Name -eq [string]$Config.Name })
        if ($secret.Count -eq 0) { throw ("fake registry: -Unlisted 'Declared' needs the data of the secret {0}\{1}: pass the remediation's checks as -Declared" -f $path, $Config.Name) }
        $value = $secret[0].Data
    }
    # A check for any data declares none: the value holds some of its kind.
    if ($null -eq $value) { return @{ Kind = $kind; Data = (Get-RemcFakeRegistrySomeData -Kind $kind) } }
    return @{ Kind = $kind; Data = (ConvertTo-RemcFakeRegistryStored -Kind $kind -Data $value) }
}

function Get-RemcFakeRegistrySomeData {
    param([string] $Kind)
    if ($Kind -eq 'DWord' -or $Kind -eq 'QWord') { return (ConvertTo-RemcFakeRegistryStored -Kind $Kind -Data 1) }
    if ($Kind -eq 'MultiString') { return ,([string[]]@('remc-some-data')) }
    if ($Kind -eq 'Binary') { return ,([byte[]]@(1)) }
    return 'remc-some-data'
}

function Get-RemcFakeRegistryReturned {
    param([string] $Kind, $Data)
    # Exactly the .NET type RegistryKey.GetValue returns (Clixml gives String[] back as an ArrayList).
    if ($Kind -eq 'DWord') { return [int]$Data }
    if ($Kind -eq 'QWord') { return [long]$Data }
    if ($Kind -eq 'MultiString') { return ,([string[]]@($Data)) }
    if ($Kind -eq 'Binary' -or $Kind -eq 'None') { return ,([byte[]]@($Data)) }
    if ($Kind -eq 'Unknown') { return $null }
    return [string]$Data
}

function Get-RemcFakeRegistryValueEntry {
    param([string] $Hive, [string] $SubKey, [string] $Name)
    $SubKey = Resolve-RemcFakeRegistryMount -Hive $Hive -Key $SubKey
    $state = $global:RemcFakeState
    $null = $state.RegistryCalls.Add(@{ Op = 'read'; Hive = $Hive; Key = $SubKey; Name = $Name; Kind = $null })
    $keyPath = '{0}:\{1}' -f $Hive, $SubKey
    # RegistryKey.OpenSubKey: SecurityException "Requested registry access is not allowed." on
    # ERROR_ACCESS_DENIED (Learn: "RegistryKey.OpenSubKey Method", Exceptions); the seam turns it into this line.
    if (Test-RemcFakeRegistryPattern -Text $keyPath -Pattern $state.RegistryDenyRead) {
        throw ('access denied: cannot read {0} (Requested registry access is not allowed.)' -f $keyPath)
    }
    # OpenSubKey returns null for a missing key.
    if (-not (Test-RemcFakeRegistryKey -Hive $Hive -Key $SubKey)) { return @{ KeyExists = $false; Exists = $false; Kind = $null; Data = $null } }
    $current = Get-RemcFakeRegistryCurrent -Hive $Hive -Key $SubKey -Name $Name -Declared (Get-RemcFakeRegistryCallerConfig)
    if ($null -eq $current) { return @{ KeyExists = $true; Exists = $false; Kind = $null; Data = $null } }
    # GetValueKind returns a RegistryValueKind (Learn: "RegistryKey.GetValueKind(String) Method").
    $kind = [Microsoft.Win32.RegistryValueKind]([string]$current.Kind)
    $data = Get-RemcFakeRegistryReturned -Kind ([string]$current.Kind) -Data $current.Data
    return @{ KeyExists = $true; Exists = $true; Kind = $kind; Data = $data }
}

function Set-RemcFakeRegistryValueEntry {
    param([string] $Hive, [string] $SubKey, [string] $Name, [string] $Kind, $Data)
    $SubKey = Resolve-RemcFakeRegistryMount -Hive $Hive -Key $SubKey
    $state = $global:RemcFakeState
    $null = $state.RegistryCalls.Add(@{ Op = 'set'; Hive = $Hive; Key = $SubKey; Name = $Name; Kind = $Kind })
    $keyPath = '{0}:\{1}' -f $Hive, $SubKey
    $valuePath = '{0}\{1}' -f $keyPath, $Name
    # RegistryKey.CreateSubKey: UnauthorizedAccessException "Access to the registry key '...' is denied."
    # (Learn: "RegistryKey.CreateSubKey Method", Exceptions: the user does not have the permissions).
    if (Test-RemcFakeRegistryPattern -Text $keyPath -Pattern $state.RegistryDenyWrite) {
        $long = Get-RemcFakeRegistryHiveName -Hive $Hive
        throw ("access denied: cannot write {0} (Access to the registry key '{1}\{2}' is denied.)" -f $valuePath, $long, $SubKey)
    }
    $stored = ConvertTo-RemcFakeRegistrySetData -Kind $Kind -Data $Data -Path $valuePath
    if (-not (Test-RemcFakeRegistryKey -Hive $Hive -Key $SubKey)) {
        $null = $state.RegistryCalls.Add(@{ Op = 'create'; Hive = $Hive; Key = $SubKey; Name = $null; Kind = $null })
    }
    if ($state.RegistryWritesDoNotStick) { return }
    Set-RemcFakeRegistryRecord -Record @{ Hive = $Hive; Key = $SubKey; Name = $Name; Kind = $Kind; Data = $stored }
}

function ConvertTo-RemcFakeRegistrySetData {
    param([string] $Kind, $Data, [string] $Path)
    # What RegistryKey.SetValue(name, value, kind) does with value (.NET Framework 4.8 RegistryKey.cs;
    # Learn: "RegistryKey.SetValue Method", Exceptions): String/ExpandString store value.ToString();
    # DWord Convert.ToInt32(value, InvariantCulture), QWord Convert.ToInt64 (a UInt32 above 0x7FFFFFFF
    # overflows); MultiString casts to String[] (null items refused), Binary to Byte[]. An overflow, a
    # format or a cast failure is an ArgumentException; a null value an ArgumentNullException.
    $mismatch = 'cannot write {0}: The type of the value object did not match the specified RegistryValueKind or the object could not be properly converted.' -f $Path
    if ($null -eq $Data) { throw ('cannot write {0}: Value cannot be null. Parameter name: value' -f $Path) }
    $inv = [Globalization.CultureInfo]::InvariantCulture
    if ($Kind -eq 'String' -or $Kind -eq 'ExpandString') { return $Data.ToString() }
    if ($Kind -eq 'DWord') {
        try { return [Convert]::ToInt32([object]$Data, $inv) } catch { throw $mismatch }
    }
    if ($Kind -eq 'QWord') {
        try { return [Convert]::ToInt64([object]$Data, $inv) } catch { throw $mismatch }
    }
    if ($Kind -eq 'MultiString') {
        if ($Data -isnot [string[]]) { throw $mismatch }
        foreach ($item in $Data) { if ($null -eq $item) { throw ('cannot write {0}: RegistryKey.SetValue does not allow a String[] that contains a null String reference.' -f $Path) } }
        return ,([string[]]$Data.Clone())
    }
    if ($Kind -eq 'Binary' -or $Kind -eq 'None') {
        if ($Data -isnot [byte[]]) { throw $mismatch }
        return ,([byte[]]$Data.Clone())
    }
    throw ('cannot write {0}: The specified RegistryValueKind is an invalid value.' -f $Path)
}

function Remove-RemcFakeRegistryValueEntry {
    param([string] $Hive, [string] $SubKey, [string] $Name)
    $SubKey = Resolve-RemcFakeRegistryMount -Hive $Hive -Key $SubKey
    $state = $global:RemcFakeState
    $null = $state.RegistryCalls.Add(@{ Op = 'delete'; Hive = $Hive; Key = $SubKey; Name = $Name; Kind = $null })
    $keyPath = '{0}:\{1}' -f $Hive, $SubKey
    # OpenSubKey(name, $true) on a key the caller may not write: SecurityException.
    if (Test-RemcFakeRegistryPattern -Text $keyPath -Pattern @(@($state.RegistryDenyRead) + @($state.RegistryDenyWrite))) {
        throw ('access denied: cannot delete {0}\{1} (Requested registry access is not allowed.)' -f $keyPath, $Name)
    }
    if (-not (Test-RemcFakeRegistryKey -Hive $Hive -Key $SubKey)) { return $false }
    if ($null -eq (Get-RemcFakeRegistryCurrent -Hive $Hive -Key $SubKey -Name $Name -Declared (Get-RemcFakeRegistryCallerConfig))) { return $false }
    if ($state.RegistryWritesDoNotStick) { return $true }
    $at = Find-RemcFakeRegistryRecord -Hive $Hive -Key $SubKey -Name $Name
    if ($at -ge 0) { $state.RegistryValues.RemoveAt($at) }
    # The key stays (DeleteValue never deletes a key); an unlisted value stays gone.
    Add-RemcFakeRegistryKey -Hive $Hive -Key $SubKey
    if ($state.RegistryUnlisted -ne 'NoKey' -and $state.RegistryUnlisted -ne 'NoValue') { $null = $state.RegistryRemoved.Add(@{ Hive = $Hive; Key = $SubKey; Name = $Name }) }
    return $true
}

Set-Alias -Name Get-RemcRegistryValueEntry -Value Get-RemcFakeRegistryValueEntry
Set-Alias -Name Set-RemcRegistryValueEntry -Value Set-RemcFakeRegistryValueEntry
Set-Alias -Name Remove-RemcRegistryValueEntry -Value Remove-RemcFakeRegistryValueEntry

function Get-RemcFakeRegistryHiveName {
    param([string] $Hive)
    if ($Hive -eq 'HKLM') { return 'HKEY_LOCAL_MACHINE' }
    if ($Hive -eq 'HKU') { return 'HKEY_USERS' }
    return 'HKEY_CURRENT_USER'
}

function Get-RemcFakeRegistryValueKey {
    param([string] $Hive, [string] $SubKey)
    $SubKey = Resolve-RemcFakeRegistryMount -Hive $Hive -Key $SubKey
    # RegistryKey.OpenSubKey(name, $false) with SubKeyCount and ValueCount: the counts of what the lists
    # hold (the keys and values an -Unlisted mode makes exist are not counted).
    $state = $global:RemcFakeState
    $null = $state.RegistryCalls.Add(@{ Op = 'read'; Hive = $Hive; Key = $SubKey; Name = $null; Kind = $null })
    $keyPath = '{0}:\{1}' -f $Hive, $SubKey
    if (Test-RemcFakeRegistryPattern -Text $keyPath -Pattern $state.RegistryDenyRead) {
        throw ('access denied: cannot read {0} (Requested registry access is not allowed.)' -f $keyPath)
    }
    return (Get-RemcFakeRegistryKeyCounts -Hive $Hive -SubKey $SubKey)
}

function Get-RemcFakeRegistryKeyCounts {
    param([string] $Hive, [string] $SubKey)
    $state = $global:RemcFakeState
    if (-not (Test-RemcFakeRegistryKey -Hive $Hive -Key $SubKey)) { return @{ Exists = $false; SubKeyCount = 0; ValueCount = 0 } }
    $children = @{}
    foreach ($item in @($state.RegistryKeys)) {
        if ($item.Hive -eq $Hive -and ([string]$item.Key).StartsWith($SubKey + '\', [StringComparison]::OrdinalIgnoreCase)) {
            $children[([string]$item.Key).Substring($SubKey.Length + 1).Split([char]'\')[0].ToLowerInvariant()] = $true
        }
    }
    $values = @($state.RegistryValues | Where-Object { $_.Hive -eq $Hive -and $_.Key -eq $SubKey }).Count
    return @{ Exists = $true; SubKeyCount = [int]$children.Count; ValueCount = [int]$values }
}

function New-RemcFakeRegistryValueKey {
    param([string] $Hive, [string] $SubKey)
    $SubKey = Resolve-RemcFakeRegistryMount -Hive $Hive -Key $SubKey
    $state = $global:RemcFakeState
    $keyPath = '{0}:\{1}' -f $Hive, $SubKey
    # CreateSubKey on a key the caller may not write: UnauthorizedAccessException.
    if (Test-RemcFakeRegistryPattern -Text $keyPath -Pattern $state.RegistryDenyWrite) {
        throw ("access denied: cannot create {0} (Access to the registry key '{1}\{2}' is denied.)" -f $keyPath, (Get-RemcFakeRegistryHiveName -Hive $Hive), $SubKey)
    }
    if (Test-RemcFakeRegistryKey -Hive $Hive -Key $SubKey) { return }
    $null = $state.RegistryCalls.Add(@{ Op = 'create'; Hive = $Hive; Key = $SubKey; Name = $null; Kind = $null })
    if ($state.RegistryWritesDoNotStick) { return }
    Add-RemcFakeRegistryKey -Hive $Hive -Key $SubKey
    # Created again: no longer among the deleted (nor are the keys above it).
    for ($i = $state.RegistryRemovedKeys.Count - 1; $i -ge 0; $i--) {
        $gone = $state.RegistryRemovedKeys[$i]
        if ($gone.Hive -eq $Hive -and ($SubKey -eq $gone.Key -or $SubKey.StartsWith([string]$gone.Key + '\', [StringComparison]::OrdinalIgnoreCase))) { $state.RegistryRemovedKeys.RemoveAt($i) }
    }
}

function Remove-RemcFakeRegistryValueKey {
    param([string] $Hive, [string] $SubKey)
    $SubKey = Resolve-RemcFakeRegistryMount -Hive $Hive -Key $SubKey
    $state = $global:RemcFakeState
    $null = $state.RegistryCalls.Add(@{ Op = 'delete-key'; Hive = $Hive; Key = $SubKey; Name = $null; Kind = $null })
    $keyPath = '{0}:\{1}' -f $Hive, $SubKey
    # DeleteSubKey on a key the caller may not write: UnauthorizedAccessException (Learn:
    # "RegistryKey.DeleteSubKey Method", Exceptions); on a key with subkeys: InvalidOperationException.
    if (Test-RemcFakeRegistryPattern -Text $keyPath -Pattern @(@($state.RegistryDenyRead) + @($state.RegistryDenyWrite))) {
        throw ("access denied: cannot delete {0} (Access to the registry key '{1}\{2}' is denied.)" -f $keyPath, (Get-RemcFakeRegistryHiveName -Hive $Hive), $SubKey)
    }
    if (-not (Test-RemcFakeRegistryKey -Hive $Hive -Key $SubKey)) { return }
    if ((Get-RemcFakeRegistryKeyCounts -Hive $Hive -SubKey $SubKey).SubKeyCount -gt 0) {
        throw ('cannot delete {0}: Registry key has subkeys and recursive removes are not supported by this method.' -f $keyPath)
    }
    if ($state.RegistryWritesDoNotStick) { return }
    for ($i = $state.RegistryValues.Count - 1; $i -ge 0; $i--) {
        $item = $state.RegistryValues[$i]
        if ($item.Hive -eq $Hive -and $item.Key -eq $SubKey) { $state.RegistryValues.RemoveAt($i) }
    }
    for ($i = $state.RegistryKeys.Count - 1; $i -ge 0; $i--) {
        $item = $state.RegistryKeys[$i]
        if ($item.Hive -eq $Hive -and $item.Key -eq $SubKey) { $state.RegistryKeys.RemoveAt($i) }
    }
    $null = $state.RegistryRemovedKeys.Add(@{ Hive = $Hive; Key = $SubKey })
}

Set-Alias -Name Get-RemcRegistryValueKey -Value Get-RemcFakeRegistryValueKey
Set-Alias -Name New-RemcRegistryValueKey -Value New-RemcFakeRegistryValueKey
Set-Alias -Name Remove-RemcRegistryValueKey -Value Remove-RemcFakeRegistryValueKey

function New-RemcFakeRegistryProfile {
    param(
        [Parameter(Mandatory = $true)] [string] $Sid,
        # As stored: REG_EXPAND_SZ, e.g. %SystemDrive%\Users\alice (Get-ItemProperty returns it expanded).
        [Parameter(Mandatory = $true)] [string] $ProfileImagePath,
        $State = 0,
        # The user's hive is loaded (HKU\<SID> exists): signed in, or a process of theirs runs.
        [switch] $Loaded,
        # reg.exe LOAD of its NTUSER.DAT succeeds (exit 0); $false as for a missing or locked file (exit 1).
        [bool] $Loadable = $true
    )
    @{ Sid = $Sid; ProfileImagePath = $ProfileImagePath; State = $State; Loaded = [bool]$Loaded; Loadable = $Loadable }
}

function Get-RemcFakeRegistryStandardProfile {
    # The keys every Windows has (the three system accounts' profiles), and one signed-in user.
    New-RemcFakeRegistryProfile -Sid 'S-1-5-18' -ProfileImagePath '%systemroot%\system32\config\systemprofile' -Loaded
    New-RemcFakeRegistryProfile -Sid 'S-1-5-19' -ProfileImagePath '%systemroot%\ServiceProfiles\LocalService' -Loaded
    New-RemcFakeRegistryProfile -Sid 'S-1-5-20' -ProfileImagePath '%systemroot%\ServiceProfiles\NetworkService' -Loaded
    New-RemcFakeRegistryProfile -Sid 'S-1-5-21-1004336348-1177238915-682003330-1001' -ProfileImagePath '%SystemDrive%\Users\alice' -Loaded
}

function Expand-RemcFakeRegistryProfilePath {
    param([string] $Text)
    return ($Text -replace '(?i)%systemroot%', 'C:\Windows' -replace '(?i)%systemdrive%', 'C:')
}

function Resolve-RemcFakeRegistryMount {
    param([string] $Hive, [string] $Key)
    # HKU\remc_<SID>\... while that hive is mounted is the SID's hive file: recorded and stored at HKU\<SID>\...
    if ($Hive -ne 'HKU' -or $Key -notmatch '^(?i)remc_(S-1-[0-9-]+)(\\.*)?$') { return $Key }
    if (@($global:RemcFakeState.RegistryMounted) -notcontains $Matches[1]) { return $Key }
    return ($Matches[1] + $Matches[2])
}

function Get-RemcFakeRegistryValueProfile {
    # The seam reads ProfileList with RegistryKey: per subkey @{ Sid = the key name (the SID, or
    # <SID>.bak for a backup key); ProfileImagePath = GetValue of the REG_EXPAND_SZ, expanded
    # (%SystemDrive%\Users\alice -> C:\Users\alice; Learn: "RegistryKey.GetValue Method" expands
    # REG_EXPAND_SZ unless DoNotExpandEnvironmentNames); State = the REG_DWORD as Int32, $null when
    # absent }. Keys as every Windows has them: S-1-5-18 (systemprofile), S-1-5-19, S-1-5-20
    # (ServiceProfiles), then one per account; State 0x0800 = temporary profile loaded (Windows IT Pro,
    # "What is the meaning of the State value name"; precedence.co.uk "ProfileStates").
    foreach ($entry in @($global:RemcFakeState.RegistryProfiles)) {
        if ($null -eq $entry) { continue }
        $state = $null
        if ($null -ne $entry.State) { $state = [int]$entry.State }
        @{ Sid = [string]$entry.Sid; ProfileImagePath = (Expand-RemcFakeRegistryProfilePath -Text ([string]$entry.ProfileImagePath)); State = $state }
    }
}

function Mount-RemcFakeRegistryValueUserHive {
    param([string] $Name, [string] $File)
    # reg.exe LOAD HKU\<Name> <File>: exit code 0 when loaded, 1 when not (reg.exe /?: "Return Code: 0 -
    # Successful, 1 - Failed"): a missing file, a hive already loaded, or one another session holds open.
    $state = $global:RemcFakeState
    $sid = $Name -replace '^remc_', ''
    $code = 1
    foreach ($entry in @($state.RegistryProfiles)) {
        if ($null -eq $entry -or [string]$entry.Sid -ne $sid) { continue }
        $expected = (Expand-RemcFakeRegistryProfilePath -Text ([string]$entry.ProfileImagePath)).TrimEnd('\') + '\NTUSER.DAT'
        if ([bool]$entry.Loadable -and -not [bool]$entry.Loaded -and $File -eq $expected -and @($state.RegistryMounted) -notcontains $sid) { $code = 0 }
    }
    if ($code -eq 0) { $null = $state.RegistryMounted.Add($sid) }
    $null = $state.RegistryHiveCalls.Add(@{ Op = 'load'; Name = $Name; File = $File; Code = $code })
    return $code
}

function Dismount-RemcFakeRegistryValueUserHive {
    param([string] $Name)
    # reg.exe UNLOAD HKU\<Name>: 0 when unloaded, 1 when no such hive is loaded.
    $state = $global:RemcFakeState
    $sid = $Name -replace '^remc_', ''
    $code = 1
    # RegistryUnloadFails: an app keeps a handle open in the hive: reg.exe UNLOAD fails (exit 1).
    if (@($state.RegistryMounted) -contains $sid -and -not [bool]$state.RegistryUnloadFails) {
        $state.RegistryMounted.Remove($sid)
        $code = 0
    }
    $null = $state.RegistryHiveCalls.Add(@{ Op = 'unload'; Name = $Name; File = $null; Code = $code })
    return $code
}

Set-Alias -Name Get-RemcRegistryValueProfile -Value Get-RemcFakeRegistryValueProfile
Set-Alias -Name Mount-RemcRegistryValueUserHive -Value Mount-RemcFakeRegistryValueUserHive
Set-Alias -Name Dismount-RemcRegistryValueUserHive -Value Dismount-RemcFakeRegistryValueUserHive
