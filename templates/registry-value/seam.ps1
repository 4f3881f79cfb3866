# The registry-value seam: the only functions that touch the registry. Each is a thin wrapper over
# Microsoft.Win32.RegistryKey (.NET Framework 4.x) opened in the 64-bit view, so a 32-bit host reads
# and writes the same HKLM\SOFTWARE (and HKEY_USERS) a 64-bit one does (on 32-bit Windows Registry64 falls back to the
# default view). The fakes in fakes.ps1 replace exactly these functions.

function Open-RemcRegistryValueBaseKey {
    param([string] $Hive)
    # RegistryKey.OpenBaseKey(RegistryHive, RegistryView): the hive's root in the requested view.
    if ($Hive -eq 'HKLM') { $root = [Microsoft.Win32.RegistryHive]::LocalMachine }
    elseif ($Hive -eq 'HKCU') { $root = [Microsoft.Win32.RegistryHive]::CurrentUser }
    elseif ($Hive -eq 'HKU') { $root = [Microsoft.Win32.RegistryHive]::Users }
    else { throw ('Open-RemcRegistryValueBaseKey: unsupported hive {0}' -f $Hive) }
    return [Microsoft.Win32.RegistryKey]::OpenBaseKey($root, [Microsoft.Win32.RegistryView]::Registry64)
}

function Get-RemcRegistryValueErrorText {
    param($ErrorRecord, [string] $Action, [string] $Path)
    # .NET calls arrive wrapped in MethodInvocationException; the inner exception's TYPE says what
    # happened whatever the display language (its message is localized, so it is only quoted).
    $ex = $ErrorRecord.Exception
    if ($ex -is [System.Management.Automation.MethodInvocationException] -and $null -ne $ex.InnerException) { $ex = $ex.InnerException }
    $message = (([string]$ex.Message) -replace '\s+', ' ').Trim()
    if ($ex -is [System.UnauthorizedAccessException] -or $ex -is [System.Security.SecurityException]) {
        return ('access denied: cannot {0} {1} ({2})' -f $Action, $Path, $message)
    }
    return ('cannot {0} {1}: {2}' -f $Action, $Path, $message)
}

function Get-RemcRegistryValueEntry {
    param([string] $Hive, [string] $SubKey, [string] $Name)
    # Returns @{ KeyExists; Exists; Kind = [Microsoft.Win32.RegistryValueKind] or $null; Data } where
    # Data is what RegistryKey.GetValue returns: String/ExpandString [string] (unexpanded), DWord [int],
    # QWord [long], MultiString [string[]], Binary and None [byte[]].
    $display = '{0}:\{1}' -f $Hive, $SubKey
    $base = $null
    $key = $null
    try {
        $base = Open-RemcRegistryValueBaseKey -Hive $Hive
        # OpenSubKey(name, false): read-only; $null when the key does not exist.
        $key = $base.OpenSubKey($SubKey, $false)
        if ($null -eq $key) { return @{ KeyExists = $false; Exists = $false; Kind = $null; Data = $null } }
        # GetValueNames lists '' for a default value that is set; names compare case-insensitively.
        if (@($key.GetValueNames()) -notcontains $Name) { return @{ KeyExists = $true; Exists = $false; Kind = $null; Data = $null } }
        $kind = $key.GetValueKind($Name)
        $data = $key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
        return @{ KeyExists = $true; Exists = $true; Kind = $kind; Data = $data }
    }
    catch {
        throw (Get-RemcRegistryValueErrorText -ErrorRecord $_ -Action 'read' -Path $display)
    }
    finally {
        if ($null -ne $key) { $key.Close() }
        if ($null -ne $base) { $base.Close() }
    }
}

function Set-RemcRegistryValueEntry {
    param([string] $Hive, [string] $SubKey, [string] $Name, [string] $Kind, $Data)
    # Data must already have the .NET type SetValue needs for Kind: [string], [int] (a DWORD above
    # 0x7FFFFFFF as its negative Int32), [long], [string[]] or [byte[]].
    $display = '{0}:\{1}\{2}' -f $Hive, $SubKey, $Name
    $base = $null
    $key = $null
    try {
        $base = Open-RemcRegistryValueBaseKey -Hive $Hive
        # CreateSubKey(name) creates every missing key on the path and opens the last one for writing.
        $key = $base.CreateSubKey($SubKey)
        $key.SetValue($Name, $Data, [Microsoft.Win32.RegistryValueKind]$Kind)
    }
    catch {
        throw (Get-RemcRegistryValueErrorText -ErrorRecord $_ -Action 'write' -Path $display)
    }
    finally {
        if ($null -ne $key) { $key.Close() }
        if ($null -ne $base) { $base.Close() }
    }
}

function Remove-RemcRegistryValueEntry {
    param([string] $Hive, [string] $SubKey, [string] $Name)
    # Deletes the value, never the key. $true when it deleted it, $false when it was not there.
    $display = '{0}:\{1}\{2}' -f $Hive, $SubKey, $Name
    $base = $null
    $key = $null
    try {
        $base = Open-RemcRegistryValueBaseKey -Hive $Hive
        $key = $base.OpenSubKey($SubKey, $true)
        if ($null -eq $key) { return $false }
        if (@($key.GetValueNames()) -notcontains $Name) { return $false }
        $key.DeleteValue($Name, $false)
        return $true
    }
    catch {
        throw (Get-RemcRegistryValueErrorText -ErrorRecord $_ -Action 'delete' -Path $display)
    }
    finally {
        if ($null -ne $key) { $key.Close() }
        if ($null -ne $base) { $base.Close() }
    }
}

function Get-RemcRegistryValueKey {
    param([string] $Hive, [string] $SubKey)
    # Returns @{ Exists; SubKeyCount; ValueCount } of a key (RegistryKey.SubKeyCount / ValueCount),
    # opened read-only; Exists $false (counts 0) when OpenSubKey returns $null.
    $display = '{0}:\{1}' -f $Hive, $SubKey
    $base = $null
    $key = $null
    try {
        $base = Open-RemcRegistryValueBaseKey -Hive $Hive
        $key = $base.OpenSubKey($SubKey, $false)
        if ($null -eq $key) { return @{ Exists = $false; SubKeyCount = 0; ValueCount = 0 } }
        return @{ Exists = $true; SubKeyCount = [int]$key.SubKeyCount; ValueCount = [int]$key.ValueCount }
    }
    catch {
        throw (Get-RemcRegistryValueErrorText -ErrorRecord $_ -Action 'read' -Path $display)
    }
    finally {
        if ($null -ne $key) { $key.Close() }
        if ($null -ne $base) { $base.Close() }
    }
}

function New-RemcRegistryValueKey {
    param([string] $Hive, [string] $SubKey)
    # CreateSubKey(name) creates every missing key on the path (an existing one is only opened).
    $display = '{0}:\{1}' -f $Hive, $SubKey
    $base = $null
    $key = $null
    try {
        $base = Open-RemcRegistryValueBaseKey -Hive $Hive
        $key = $base.CreateSubKey($SubKey)
    }
    catch {
        throw (Get-RemcRegistryValueErrorText -ErrorRecord $_ -Action 'create' -Path $display)
    }
    finally {
        if ($null -ne $key) { $key.Close() }
        if ($null -ne $base) { $base.Close() }
    }
}

function Remove-RemcRegistryValueKey {
    param([string] $Hive, [string] $SubKey)
    # DeleteSubKey(name, $false): deletes the key with its values; a missing key is no error, and a
    # key that has subkeys is refused (InvalidOperationException): never the whole tree.
    $display = '{0}:\{1}' -f $Hive, $SubKey
    $base = $null
    try {
        $base = Open-RemcRegistryValueBaseKey -Hive $Hive
        $base.DeleteSubKey($SubKey, $false)
    }
    catch {
        throw (Get-RemcRegistryValueErrorText -ErrorRecord $_ -Action 'delete' -Path $display)
    }
    finally {
        if ($null -ne $base) { $base.Close() }
    }
}

function Get-RemcRegistryValueProfile {
    # Every profile Windows keeps (forEachUser): each subkey of HKLM\SOFTWARE\Microsoft\Windows NT\
    # CurrentVersion\ProfileList as @{ Sid = the key name (the SID; S-1-5-21-...-1001.bak for a backup
    # key); ProfileImagePath = its REG_EXPAND_SZ, expanded by GetValue (C:\Users\alice), '' when absent;
    # State = its REG_DWORD as [int], $null when the key has none }.
    $list = 'SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
    $base = $null
    $key = $null
    try {
        $base = Open-RemcRegistryValueBaseKey -Hive 'HKLM'
        $key = $base.OpenSubKey($list, $false)
        if ($null -eq $key) { return }
        foreach ($name in @($key.GetSubKeyNames())) {
            $one = $key.OpenSubKey($name, $false)
            if ($null -eq $one) { continue }
            try {
                $state = $one.GetValue('State', $null)
                if ($null -ne $state) { $state = [int]$state }
                @{ Sid = [string]$name; ProfileImagePath = [string]$one.GetValue('ProfileImagePath', ''); State = $state }
            }
            finally { $one.Close() }
        }
    }
    catch {
        throw (Get-RemcRegistryValueErrorText -ErrorRecord $_ -Action 'read' -Path ('HKLM:\' + $list))
    }
    finally {
        if ($null -ne $key) { $key.Close() }
        if ($null -ne $base) { $base.Close() }
    }
}

function Invoke-RemcRegistryValueRegExe {
    param([string] $Arguments)
    # reg.exe with its output discarded (localized text: only the exit code is read), at most 60 seconds.
    $info = [System.Diagnostics.ProcessStartInfo]::new([System.IO.Path]::Combine([Environment]::SystemDirectory, 'reg.exe'), $Arguments)
    $info.UseShellExecute = $false
    $info.CreateNoWindow = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    try {
        $null = $process.StandardOutput.ReadToEnd()
        $null = $process.StandardError.ReadToEnd()
        if (-not $process.WaitForExit(60000)) { return -1 }
        return [int]$process.ExitCode
    }
    finally { $process.Dispose() }
}

function Mount-RemcRegistryValueUserHive {
    param([string] $Name, [string] $File)
    # Loads a user's hive file (NTUSER.DAT) as HKEY_USERS\<Name> with reg.exe LOAD, which enables the
    # backup and restore privileges SYSTEM holds (RegLoadKey needs them). Returns reg.exe's exit code:
    # 0 loaded; 1 not (a missing file, or one the user's session holds open).
    if ($Name -notmatch '^remc_S-1-[0-9-]+$') { throw ('Mount-RemcRegistryValueUserHive: refused hive name {0}' -f $Name) }
    if ($File -match '"') { throw ('Mount-RemcRegistryValueUserHive: refused file name {0}' -f $File) }
    return (Invoke-RemcRegistryValueRegExe -Arguments ('LOAD "HKU\{0}" "{1}"' -f $Name, $File))
}

function Dismount-RemcRegistryValueUserHive {
    param([string] $Name)
    # Unloads what Mount-RemcRegistryValueUserHive loaded. A .NET RegistryKey handle not yet finalized
    # keeps the hive busy and reg.exe UNLOAD fails: collect them first, and try again a few times.
    if ($Name -notmatch '^remc_S-1-[0-9-]+$') { throw ('Dismount-RemcRegistryValueUserHive: refused hive name {0}' -f $Name) }
    $code = 1
    for ($try = 0; $try -lt 5 -and $code -ne 0; $try++) {
        [GC]::Collect()
        [GC]::WaitForPendingFinalizers()
        if ($try -gt 0) { [System.Threading.Thread]::Sleep(500) }
        $code = Invoke-RemcRegistryValueRegExe -Arguments ('UNLOAD "HKU\{0}"' -f $Name)
    }
    return $code
}
