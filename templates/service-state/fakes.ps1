# Test fakes for the service-state seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only this template's keys (Service*) are touched:
#   ServiceList        the installed services this scenario names: hashtables made by New-RemcFakeService
#                      (Export-Clixml keeps them hashtables between the steps of a scenario)
#   ServiceDefault     the service every other name is (a template; its Name is the name asked for), or
#                      $null: every other name is not installed. A default service joins ServiceList only
#                      when something changes it, so a query never changes the state.
#   ServiceQueryError  a message Get-CimInstance throws (WMI broken), or $null
#   ServiceCalls       every seam call in order (an observation log): 'query:<name>', 'dependents:<name>',
#                      'registry:<name>', 'poll:<ms>', and the calls that change the machine:
#                      'method:<name>:<Method>[:<StartMode>]', 'sc:<name>:<auto|delayed-auto>'; plus
#                      'scm-start:<name>' for a dependency the service control manager started.
#   ServiceNextPid     the process id the next started service gets
#
# Time: a started or stopped service first reports 'Start Pending' / 'Stop Pending' and reaches its
# next state after StartTicks / StopTicks polls (Wait-RemcServicePoll), or never ('hang').

# One service of the simulated machine. Property names and value sets are those of Win32_Service
# (Learn: "Win32_Service class"): State 'Running' | 'Stopped' | 'Start Pending' | 'Stop Pending' |
# 'Continue Pending' | 'Pause Pending' | 'Paused' | 'Unknown'; StartMode 'Auto' | 'Manual' | 'Disabled' |
# 'Boot' | 'System'. The other keys steer the fake:
#   DependsOn      names of the services this one needs (the SCM starts them first)
#   OnStart        'run' (default), 'crash' (stops again with CrashExitCode), 'hang' (stays Start Pending)
#   OnStop         'stop' (default) or 'hang' (stays Stop Pending)
#   Results        @{ <Method> = <uint32> }: a Win32_Service method answers this and changes nothing
#   ScExitCode     what `sc.exe config` exits with (0: it works)
#   NoDelayedAutoStartProperty   a host before Windows 10 / Server 2016: Win32_Service has no
#                  DelayedAutoStart, the flag is the registry value RegistryDelayedAutostart (Int32)
function New-RemcFakeService {
    param(
        [string] $Name = 'Spooler',
        [string] $DisplayName = '',
        [string] $State = 'Running',
        [string] $StartMode = 'Auto',
        [bool] $DelayedAutoStart = $false,
        [switch] $NoDelayedAutoStartProperty,
        $RegistryDelayedAutostart = $null,
        [long] $ProcessId = -1,
        [long] $ExitCode = 0,
        [long] $ServiceSpecificExitCode = 0,
        [bool] $AcceptStop = $true,
        [bool] $AcceptPause = $false,
        [string[]] $DependsOn = @(),
        [ValidateSet('run', 'crash', 'hang')] [string] $OnStart = 'run',
        [int] $StartTicks = 1,
        [long] $CrashExitCode = 1067,
        [ValidateSet('stop', 'hang')] [string] $OnStop = 'stop',
        [int] $StopTicks = 1,
        [hashtable] $Results = @{},
        [int] $ScExitCode = 0,
        [string] $ServiceType = 'Own Process'
    )
    if ([string]::IsNullOrEmpty($DisplayName)) { $DisplayName = $Name }
    if ($ProcessId -lt 0) {
        # Learn example value; a stopped service has process id 0.
        $ProcessId = 0
        if ($State -ne 'Stopped') { $ProcessId = 324 }
    }
    $delayed = $DelayedAutoStart
    if ($NoDelayedAutoStartProperty) { $delayed = $null }
    return @{
        Name                     = $Name
        DisplayName              = $DisplayName
        State                    = $State
        StartMode                = $StartMode
        DelayedAutoStart         = $delayed
        RegistryDelayedAutostart = $RegistryDelayedAutostart
        ProcessId                = $ProcessId
        ExitCode                 = $ExitCode
        ServiceSpecificExitCode  = $ServiceSpecificExitCode
        AcceptStop               = $AcceptStop
        AcceptPause              = $AcceptPause
        ServiceType              = $ServiceType
        DependsOn                = @($DependsOn)
        OnStart                  = $OnStart
        StartTicks               = $StartTicks
        CrashExitCode            = $CrashExitCode
        OnStop                   = $OnStop
        StopTicks                = $StopTicks
        Results                  = $Results
        ScExitCode               = $ScExitCode
        # Set while a start or stop is under way: the ticks left and the state it ends in.
        PendingTicks             = 0
        PendingTarget            = $null
    }
}

# Services as a Windows 10/11 client has them (illustrative, not a full list): the spooler running,
# Fax (manual, stopped) depending on it, Remote Registry disabled, Windows Update manual and stopped.
function Get-RemcFakeOrdinaryService {
    @(
        (New-RemcFakeService -Name 'Spooler' -DisplayName 'Print Spooler' -State 'Running' -StartMode 'Auto' -ProcessId 2716 -ServiceType 'Own Process')
        (New-RemcFakeService -Name 'Fax' -DisplayName 'Fax' -State 'Stopped' -StartMode 'Manual' -DependsOn @('Spooler'))
        (New-RemcFakeService -Name 'RemoteRegistry' -DisplayName 'Remote Registry' -State 'Stopped' -StartMode 'Disabled' -ServiceType 'Share Process')
        (New-RemcFakeService -Name 'wuauserv' -DisplayName 'Windows Update' -State 'Stopped' -StartMode 'Manual' -ServiceType 'Share Process')
    )
}

function Reset-RemcFakeServiceState {
    param(
        # The services the scenario names; default: Get-RemcFakeOrdinaryService.
        $Service = $null,
        # What every other name is (New-RemcFakeService; its Name is ignored); $null: not installed.
        # Default: a running service with start type automatic, so that any declared service exists.
        $Default = $null,
        # Get-CimInstance fails with this message (e.g. a broken WMI repository).
        $QueryError = $null
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    if (-not $PSBoundParameters.ContainsKey('Service')) { $Service = Get-RemcFakeOrdinaryService }
    if (-not $PSBoundParameters.ContainsKey('Default')) { $Default = New-RemcFakeService -Name '*' -State 'Running' -StartMode 'Auto' -ProcessId 4100 }
    $state.ServiceList = New-Object System.Collections.ArrayList
    foreach ($item in @($Service)) { if ($null -ne $item) { $null = $state.ServiceList.Add($item) } }
    $state.ServiceDefault = $Default
    $state.ServiceQueryError = $QueryError
    $state.ServiceCalls = New-Object System.Collections.ArrayList
    $state.ServiceNextPid = 5000
}

# The entry of an installed service by name (case-insensitive, as the SCM and WQL compare), from the
# list or, when -Materialize, made from ServiceDefault and added to the list; $null when not installed.
function Find-RemcFakeServiceEntry {
    param([string] $Name, [switch] $Materialize)
    $state = $global:RemcFakeState
    foreach ($entry in @($state.ServiceList)) { if ([string]$entry.Name -eq $Name) { return $entry } }
    if ($null -eq $state.ServiceDefault) { return $null }
    $entry = @{}
    foreach ($key in @($state.ServiceDefault.Keys)) { $entry[$key] = $state.ServiceDefault[$key] }
    $entry.Name = $Name
    $entry.DisplayName = $Name
    $entry.DependsOn = @()
    # Its own copy of the answers, so that the default stays as it was set up.
    $entry.Results = @{}
    if ($null -ne $state.ServiceDefault.Results) {
        foreach ($key in @($state.ServiceDefault.Results.Keys)) { $entry.Results[$key] = $state.ServiceDefault.Results[$key] }
    }
    if ($Materialize) { $null = $state.ServiceList.Add($entry) }
    return $entry
}

# A Win32_Service instance as Get-CimInstance returns it: the CIM type name, and every property with
# the MOF type of Learn's "Win32_Service class" (uint32 -> UInt32, boolean -> Boolean, string -> String).
function ConvertTo-RemcFakeCimService {
    param($Entry)
    $delayed = $null
    if ($null -ne $Entry.DelayedAutoStart) { $delayed = [bool]$Entry.DelayedAutoStart }
    $object = [pscustomobject][ordered]@{
        AcceptPause             = [bool]$Entry.AcceptPause
        AcceptStop              = [bool]$Entry.AcceptStop
        Caption                 = [string]$Entry.DisplayName
        CheckPoint              = [uint32]0
        CreationClassName       = 'Win32_Service'
        DelayedAutoStart        = $delayed
        Description             = ''
        DesktopInteract         = $false
        DisplayName             = [string]$Entry.DisplayName
        ErrorControl            = 'Normal'
        ExitCode                = [uint32]$Entry.ExitCode
        InstallDate             = $null
        Name                    = [string]$Entry.Name
        PathName                = 'C:\Windows\System32\svchost.exe -k netsvcs -p'
        ProcessId               = [uint32]$Entry.ProcessId
        ServiceSpecificExitCode = [uint32]$Entry.ServiceSpecificExitCode
        ServiceType             = [string]$Entry.ServiceType
        Started                 = ([string]$Entry.State -eq 'Running' -or [string]$Entry.State -eq 'Paused')
        StartMode               = [string]$Entry.StartMode
        StartName               = 'LocalSystem'
        State                   = [string]$Entry.State
        Status                  = 'OK'
        SystemCreationClassName = 'Win32_ComputerSystem'
        SystemName              = 'DESKTOP-REMC01'
        TagId                   = [uint32]0
        WaitHint                = [uint32]0
    }
    $object.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Service')
    return $object
}

function Test-RemcFakeServiceQueryError {
    $state = $global:RemcFakeState
    if ($null -ne $state.ServiceQueryError) { throw $state.ServiceQueryError }
}

function Get-RemcFakeServiceInfo {
    param([string] $Name)
    $null = $global:RemcFakeState.ServiceCalls.Add(('query:{0}' -f $Name))
    Test-RemcFakeServiceQueryError
    $entry = Find-RemcFakeServiceEntry -Name $Name
    if ($null -ne $entry) { ConvertTo-RemcFakeCimService -Entry $entry }
}

function Get-RemcFakeServiceDependent {
    param([string] $Name)
    $null = $global:RemcFakeState.ServiceCalls.Add(('dependents:{0}' -f $Name))
    Test-RemcFakeServiceQueryError
    foreach ($entry in @($global:RemcFakeState.ServiceList)) {
        if (@($entry.DependsOn) -contains $Name) { ConvertTo-RemcFakeCimService -Entry $entry }
    }
}

function Get-RemcFakeServiceDelayedAutostartValue {
    param([string] $Name)
    $null = $global:RemcFakeState.ServiceCalls.Add(('registry:{0}' -f $Name))
    $entry = Find-RemcFakeServiceEntry -Name $Name
    if ($null -eq $entry -or $null -eq $entry.RegistryDelayedAutostart) { return $null }
    # REG_DWORD through Get-ItemProperty: Int32.
    return [int]$entry.RegistryDelayedAutostart
}

# Win32_Service methods with the return values of Learn's "StartService method of the Win32_Service
# class" table (0 accepted, 3 dependent services running, 4 invalid control, 5 cannot accept control,
# 6 not active, 10 already running, 14 disabled, 21 invalid parameter); $null when no service matched.
function Invoke-RemcFakeServiceMethod {
    param([string] $Name, [string] $MethodName, [hashtable] $Arguments = @{}, [int] $TimeoutSeconds = 60)
    $state = $global:RemcFakeState
    $record = 'method:{0}:{1}' -f $Name, $MethodName
    if ($MethodName -eq 'ChangeStartMode') { $record = '{0}:{1}' -f $record, $Arguments.StartMode }
    $null = $state.ServiceCalls.Add($record)
    Test-RemcFakeServiceQueryError
    $entry = Find-RemcFakeServiceEntry -Name $Name -Materialize
    if ($null -eq $entry) { return $null }
    if ($null -ne $entry.Results -and $entry.Results.ContainsKey($MethodName)) { return [uint32]$entry.Results[$MethodName] }
    switch ($MethodName) {
        'StartService' { return [uint32](Start-RemcFakeServiceEntry -Entry $entry) }
        'ResumeService' {
            if ($entry.State -ne 'Paused') { return [uint32]5 }
            $entry.State = 'Running'
            return [uint32]0
        }
        'StopService' { return [uint32](Stop-RemcFakeServiceEntry -Entry $entry) }
        'ChangeStartMode' {
            $modes = @{ Automatic = 'Auto'; Manual = 'Manual'; Disabled = 'Disabled'; Boot = 'Boot'; System = 'System' }
            $mode = [string]$Arguments.StartMode
            if (-not $modes.ContainsKey($mode)) { return [uint32]21 }
            # The delayed flag is a separate setting (SERVICE_DELAYED_AUTO_START_INFO): it stays.
            $entry.StartMode = $modes[$mode]
            return [uint32]0
        }
    }
    return [uint32]1
}

function Start-RemcFakeServiceEntry {
    param($Entry)
    if ($Entry.State -ne 'Stopped') { return 10 }
    if ($Entry.StartMode -eq 'Disabled') { return 14 }
    # "If you start a stopped service that depends on another service, then both services are started."
    foreach ($need in @($Entry.DependsOn)) {
        $dependency = Find-RemcFakeServiceEntry -Name $need -Materialize
        if ($null -ne $dependency -and $dependency.State -eq 'Stopped') {
            Set-RemcFakeServiceFinal -Entry $dependency -Target 'Running'
            $null = $global:RemcFakeState.ServiceCalls.Add(('scm-start:{0}' -f $dependency.Name))
        }
    }
    $Entry.State = 'Start Pending'
    $Entry.PendingTarget = 'Running'
    if ($Entry.OnStart -eq 'crash') { $Entry.PendingTarget = 'Crashed' }
    $Entry.PendingTicks = [int]$Entry.StartTicks
    if ($Entry.OnStart -eq 'hang') { $Entry.PendingTicks = -1 }
    if ($Entry.PendingTicks -eq 0) { Set-RemcFakeServiceFinal -Entry $Entry -Target $Entry.PendingTarget }
    return 0
}

function Stop-RemcFakeServiceEntry {
    param($Entry)
    if ($Entry.State -eq 'Stopped') { return 6 }
    if ($Entry.State -ne 'Running' -and $Entry.State -ne 'Paused') { return 5 }
    if (-not $Entry.AcceptStop) { return 4 }
    foreach ($other in @($global:RemcFakeState.ServiceList)) {
        if (@($other.DependsOn) -contains $Entry.Name -and $other.State -ne 'Stopped') { return 3 }
    }
    $Entry.State = 'Stop Pending'
    $Entry.PendingTarget = 'Stopped'
    $Entry.PendingTicks = [int]$Entry.StopTicks
    if ($Entry.OnStop -eq 'hang') { $Entry.PendingTicks = -1 }
    if ($Entry.PendingTicks -eq 0) { Set-RemcFakeServiceFinal -Entry $Entry -Target 'Stopped' }
    return 0
}

function Set-RemcFakeServiceFinal {
    param($Entry, [string] $Target)
    $state = $global:RemcFakeState
    $Entry.PendingTicks = 0
    $Entry.PendingTarget = $null
    switch ($Target) {
        'Running' {
            $Entry.State = 'Running'
            $Entry.ExitCode = 0
            $Entry.ProcessId = [long]$state.ServiceNextPid
            $state.ServiceNextPid = [long]$state.ServiceNextPid + 4
        }
        'Crashed' {
            # ExitCode: "Windows error code that defines errors encountered in starting or stopping the service".
            $Entry.State = 'Stopped'
            $Entry.ExitCode = [long]$Entry.CrashExitCode
            $Entry.ProcessId = 0
        }
        'Stopped' {
            $Entry.State = 'Stopped'
            $Entry.ExitCode = 0
            $Entry.ProcessId = 0
        }
    }
}

# sc.exe config <name> start= auto | delayed-auto: sets StartMode Auto and the delayed flag both ways
# (Learn: "sc.exe config" changes the registry and the SCM database). Exit code: 0 or the Win32 error
# (1060 ERROR_SERVICE_DOES_NOT_EXIST when there is no such service).
function Set-RemcFakeServiceAutomaticStart {
    param([string] $Name, [bool] $Delayed)
    $mode = 'auto'
    if ($Delayed) { $mode = 'delayed-auto' }
    $null = $global:RemcFakeState.ServiceCalls.Add(('sc:{0}:{1}' -f $Name, $mode))
    $entry = Find-RemcFakeServiceEntry -Name $Name -Materialize
    if ($null -eq $entry) { return 1060 }
    if ([int]$entry.ScExitCode -ne 0) { return [int]$entry.ScExitCode }
    $entry.StartMode = 'Auto'
    if ($null -eq $entry.DelayedAutoStart) { $entry.RegistryDelayedAutostart = [int]$Delayed }
    else { $entry.DelayedAutoStart = $Delayed }
    return 0
}

# A pause: time passes for every pending start or stop.
function Wait-RemcFakeServicePoll {
    param([int] $Milliseconds)
    $null = $global:RemcFakeState.ServiceCalls.Add(('poll:{0}' -f $Milliseconds))
    foreach ($entry in @($global:RemcFakeState.ServiceList)) {
        if ([int]$entry.PendingTicks -gt 0) {
            $entry.PendingTicks = [int]$entry.PendingTicks - 1
            if ($entry.PendingTicks -eq 0) { Set-RemcFakeServiceFinal -Entry $entry -Target ([string]$entry.PendingTarget) }
        }
    }
}

Set-Alias -Name Get-RemcServiceInfo -Value Get-RemcFakeServiceInfo
Set-Alias -Name Get-RemcServiceDependent -Value Get-RemcFakeServiceDependent
Set-Alias -Name Get-RemcServiceDelayedAutostartValue -Value Get-RemcFakeServiceDelayedAutostartValue
Set-Alias -Name Invoke-RemcServiceMethod -Value Invoke-RemcFakeServiceMethod
Set-Alias -Name Set-RemcServiceAutomaticStart -Value Set-RemcFakeServiceAutomaticStart
Set-Alias -Name Wait-RemcServicePoll -Value Wait-RemcFakeServicePoll
