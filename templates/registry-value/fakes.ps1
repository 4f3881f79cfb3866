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
#   RegistryUnlisted what every key and value the lists do not hold looks like (Reset's -Unlisted)
#   RegistryCalls   every seam call in order: @{ Op = 'read'|'create'|'set'|'delete'; Hive; Key; Name; Kind }
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
        # Start from an empty registry instead of an ordinary machine's few keys and values.
        [switch] $Bare
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.RegistryKeys = New-Object System.Collections.ArrayList
    $state.RegistryValues = New-Object System.Collections.ArrayList
    $state.RegistryRemoved = New-Object System.Collections.ArrayList
    $state.RegistryCalls = New-Object System.Collections.ArrayList
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
    if ($Path -notmatch '^(?i)(HKLM|HKCU):\\(.+)$') { throw ("fake registry: not an HKLM:\ or HKCU:\ path: '{0}'" -f $Path) }
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
    if ($state.RegistryUnlisted -ne 'NoKey') { return $true }
    foreach ($item in @($state.RegistryKeys)) {
        # A key exists when it is listed or a listed key lies below it.
        if ($item.Hive -eq $Hive -and ($item.Key -eq $Key -or ([string]$item.Key).StartsWith($Key + '\', [StringComparison]::OrdinalIgnoreCase))) { return $true }
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
    if ($path -notmatch '^(?i)(?:Registry::)?(HKLM:|HKCU:|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER)\\(.+?)\\?$') { return $null }
    $declaredHive = 'HKCU'
    if ($Matches[1] -eq 'HKLM:' -or $Matches[1] -eq 'HKEY_LOCAL_MACHINE') { $declaredHive = 'HKLM' }
    if ($declaredHive -ne $Hive -or $Matches[2] -ne $Key -or [string]$Config.Name -ne $Name) { return $null }
    if ([string]$Config.Ensure -eq 'absent') { return $null }
    $kind = [string]$Config.Type
    if ($kind -eq '') { $kind = 'String' }
    return @{ Kind = $kind; Data = (ConvertTo-RemcFakeRegistryStored -Kind $kind -Data $Config.Value) }
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
    $state = $global:RemcFakeState
    $null = $state.RegistryCalls.Add(@{ Op = 'set'; Hive = $Hive; Key = $SubKey; Name = $Name; Kind = $Kind })
    $keyPath = '{0}:\{1}' -f $Hive, $SubKey
    $valuePath = '{0}\{1}' -f $keyPath, $Name
    # RegistryKey.CreateSubKey: UnauthorizedAccessException "Access to the registry key '...' is denied."
    # (Learn: "RegistryKey.CreateSubKey Method", Exceptions: the user does not have the permissions).
    if (Test-RemcFakeRegistryPattern -Text $keyPath -Pattern $state.RegistryDenyWrite) {
        $long = 'HKEY_CURRENT_USER'
        if ($Hive -eq 'HKLM') { $long = 'HKEY_LOCAL_MACHINE' }
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
