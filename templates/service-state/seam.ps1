# The seam of service-state: the only Windows-facing calls, each a thin wrapper of one documented API.
# The probe and fix hold the logic; the tests replace these functions with fakes (fakes.ps1).
# Everything goes through CIM (Win32_Service): numeric return codes and untranslated property values,
# no localized text, and no method calls on .NET objects (works in Constrained Language Mode).

# A WQL string literal in double quotes, for a WHERE clause and for the key of an object path: a
# backslash, double quote or single quote is escaped with a backslash (Learn: "WHERE Clause", WMI).
function ConvertTo-RemcServiceWqlString {
    param([string] $Text)
    $escaped = (($Text -replace '\\', '\\') -replace '"', '\"') -replace "'", "\'"
    return ('"{0}"' -f $escaped)
}

# The Win32_Service instance of the service, or nothing when no service of that name is installed.
# Real: Get-CimInstance (CimCmdlets), class Win32_Service (Learn: "Win32_Service class").
function Get-RemcServiceInfo {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcServiceInfo: Name is empty' }
    $filter = 'Name = {0}' -f (ConvertTo-RemcServiceWqlString -Text $Name)
    @(Get-CimInstance -ClassName Win32_Service -Filter $filter -OperationTimeoutSec 60 -ErrorAction Stop)
}

# The services that depend on this one (Win32_Service instances): it plays the Antecedent role of
# Win32_DependentService (Learn: "StartService method of the Win32_Service class", Associators Of).
function Get-RemcServiceDependent {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcServiceDependent: Name is empty' }
    # Concatenated, not -f: a doubled brace is a placeholder to RMM tools (docs/check-protocol.md).
    $query = 'ASSOCIATORS OF {Win32_Service.Name=' + (ConvertTo-RemcServiceWqlString -Text $Name) + '} WHERE AssocClass = Win32_DependentService Role = Antecedent'
    @(Get-CimInstance -Query $query -OperationTimeoutSec 60 -ErrorAction Stop)
}

# Calls a Win32_Service method (StartService, StopService, ResumeService, ChangeStartMode) and returns
# its uint32 ReturnValue (0 = accepted; the codes are on Learn: "StartService method of the
# Win32_Service class"), or $null when no such service matched. The call returns once the service
# control manager has the request; it does not wait for the service to reach the new state.
function Invoke-RemcServiceMethod {
    param([string] $Name, [string] $MethodName, [hashtable] $Arguments = @{}, [int] $TimeoutSeconds = 60)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Invoke-RemcServiceMethod: Name is empty' }
    $query = 'SELECT * FROM Win32_Service WHERE Name = {0}' -f (ConvertTo-RemcServiceWqlString -Text $Name)
    if ($Arguments.Count -gt 0) {
        $result = @(Invoke-CimMethod -Query $query -MethodName $MethodName -Arguments $Arguments -OperationTimeoutSec $TimeoutSeconds -Confirm:$false -ErrorAction Stop)
    }
    else {
        $result = @(Invoke-CimMethod -Query $query -MethodName $MethodName -OperationTimeoutSec $TimeoutSeconds -Confirm:$false -ErrorAction Stop)
    }
    if ($result.Count -eq 0) { return $null }
    return $result[0].ReturnValue
}

# Sets an automatic start type with sc.exe (Learn: "sc.exe config", start= auto | delayed-auto), which
# changes both the registry and the service control manager's database. Windows PowerShell 5.1 has no
# other way: neither Set-Service -StartupType nor CIM ChangeStartMode knows a delayed start.
# Returns sc.exe's exit code (0 = success, else the Win32 error code). `sc` alone is Set-Content.
function Set-RemcServiceAutomaticStart {
    param([string] $Name, [bool] $Delayed)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Set-RemcServiceAutomaticStart: Name is empty' }
    $mode = 'auto'
    if ($Delayed) { $mode = 'delayed-auto' }
    $sc = Join-Path -Path $env:SystemRoot -ChildPath 'System32\sc.exe'
    # Its text (stdout or stderr) is localized and never read; 5.1 turns redirected native stderr into
    # error records, which must not stop the script.
    $ErrorActionPreference = 'Continue'
    $null = & $sc config $Name start= $mode 2>&1
    return [int]$LASTEXITCODE
}

# Before Windows 10 / Server 2016, Win32_Service has no DelayedAutoStart: the flag is then the
# DelayedAutostart DWORD under the service's key (Int32 through Get-ItemProperty), or $null when absent.
function Get-RemcServiceDelayedAutostartValue {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcServiceDelayedAutostartValue: Name is empty' }
    $key = 'HKLM:\SYSTEM\CurrentControlSet\Services\{0}' -f $Name
    $item = Get-ItemProperty -LiteralPath $key -Name 'DelayedAutostart' -ErrorAction SilentlyContinue
    if ($null -eq $item) { return $null }
    return $item.DelayedAutostart
}

# One pause between two looks at a pending service (the fix bounds how many it takes).
function Wait-RemcServicePoll {
    param([int] $Milliseconds)
    Start-Sleep -Milliseconds $Milliseconds
}
