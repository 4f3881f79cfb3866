# Test fakes of the path-cleanup service seams (dot-sourced by fakes.ps1). State:
# $RemcFakeState.PathCleanupServices, one hashtable per service (Name, DisplayName, Status, Dependents,
# StopPolls, StartPolls, DenyStop, StartCode, Pending), primitives only; what was stopped and started, in
# order, in PathCleanupServiceLog ('stop:<name>', 'start:<name>').
# - Get-Service -Name (Learn: "Get-Service", output System.ServiceProcess.ServiceController; "Example 4:
#   Get dependent services" shows DependentServices): Name, ServiceName, DisplayName, Status
#   [System.ServiceProcess.ServiceControllerStatus] (Stopped 1, StartPending 2, StopPending 3, Running 4),
#   DependentServices (ServiceController[]: every service that depends on it, directly or not, in the
#   reverse of their start order: Learn, "EnumDependentServices function"). No such service: nothing
#   (the seam asks with -ErrorAction SilentlyContinue).
# - Stop-Service -NoWait (Learn: "Stop-Service"): the service goes StopPending and, some polls later,
#   Stopped; a service whose dependents still run is refused without -Force: ServiceCommandException
#   "Cannot stop service '<display> (<name>)' because it has dependent services. It can only be stopped
#   if the Force flag is set."; a refusal: "Service '<display> (<name>)' cannot be stopped due to the
#   following error: Cannot stop <name> service on computer '.'.".
# - Invoke-CimMethod Win32_Service StartService (Learn: "StartService method of the Win32_Service
#   class"): ReturnValue [uint32] 0 accepted (StartPending, then Running), 10 already running, other
#   codes as given.

function New-RemcFakePathCleanupService {
    param(
        [Parameter(Mandatory = $true)] [string] $Name,
        [string] $DisplayName = '',
        [ValidateSet('Running', 'Stopped')] [string] $Status = 'Running',
        # The services that depend on it, directly or not, in the order Windows would stop them.
        [string[]] $Dependents = @(),
        # Polls (half a second each) from the stop request to Stopped; -1: it never stops (hung).
        [int] $StopPolls = 1,
        [int] $StartPolls = 1,
        # Stop-Service is refused (the service does not accept a stop control).
        [switch] $DenyStop,
        # StartService's ReturnValue when asked to start a stopped service (0 = accepted).
        [int] $StartCode = 0
    )
    if ($DisplayName -eq '') { $DisplayName = $Name }
    @{ Name = $Name; DisplayName = $DisplayName; Status = $Status; Dependents = @($Dependents); StopPolls = $StopPolls; StartPolls = $StartPolls; DenyStop = [bool]$DenyStop; StartCode = $StartCode; Pending = 0 }
}

function Get-RemcFakePathCleanupWindowsUpdateService {
    # Windows Update and BITS as a device has them: both running (BITS and wuauserv start on demand).
    New-RemcFakePathCleanupService -Name 'wuauserv' -DisplayName 'Windows Update'
    New-RemcFakePathCleanupService -Name 'BITS' -DisplayName 'Background Intelligent Transfer Service'
}

function Set-RemcFakePathCleanupServices {
    param($Service = @())
    # The services of the simulated machine (call after Reset-RemcFakePathCleanup).
    $list = New-Object System.Collections.ArrayList
    foreach ($one in @($Service)) { if ($null -ne $one) { $null = $list.Add($one) } }
    $global:RemcFakeState.PathCleanupServices = $list
    $global:RemcFakeState.PathCleanupServiceLog = New-Object System.Collections.ArrayList
}

function Find-RemcFakePathCleanupService {
    param([string] $Name)
    # Service names are case-insensitive.
    foreach ($one in @($global:RemcFakeState.PathCleanupServices)) { if ($null -ne $one -and [string]$one.Name -eq $Name) { return $one } }
    return $null
}

function ConvertTo-RemcFakePathCleanupController {
    param($Entry, [switch] $Nested)
    $dependents = @()
    if (-not $Nested) {
        foreach ($name in @($Entry.Dependents)) {
            $found = Find-RemcFakePathCleanupService -Name ([string]$name)
            if ($null -ne $found) { $dependents += (ConvertTo-RemcFakePathCleanupController -Entry $found -Nested) }
        }
    }
    $status = [Enum]::Parse([System.ServiceProcess.ServiceControllerStatus], [string]$Entry.Status)
    $controller = [pscustomobject]@{ Name = [string]$Entry.Name; ServiceName = [string]$Entry.Name; DisplayName = [string]$Entry.DisplayName; Status = $status; DependentServices = $dependents }
    # Named after the real type afterwards: a PSTypeName key would make PowerShell construct a real ServiceController.
    $controller.PSObject.TypeNames.Insert(0, 'System.ServiceProcess.ServiceController')
    $controller
}

function Get-RemcFakePathCleanupService {
    param([string] $Name)
    $null = $global:RemcFakeState.PathCleanupCalls.Add('service:' + $Name)
    $entry = Find-RemcFakePathCleanupService -Name $Name
    if ($null -eq $entry) { return $null }
    return (ConvertTo-RemcFakePathCleanupController -Entry $entry)
}

function Stop-RemcFakePathCleanupService {
    param([string] $Name)
    $state = $global:RemcFakeState
    $null = $state.PathCleanupCalls.Add('service-stop:' + $Name)
    $entry = Find-RemcFakePathCleanupService -Name $Name
    if ($null -eq $entry) { throw ("Cannot find any service with service name '{0}'." -f $Name) }
    $label = '{0} ({1})' -f $entry.DisplayName, $entry.Name
    foreach ($dependent in @($entry.Dependents)) {
        $other = Find-RemcFakePathCleanupService -Name ([string]$dependent)
        if ($null -ne $other -and [string]$other.Status -ne 'Stopped') { throw ("Cannot stop service '{0}' because it has dependent services. It can only be stopped if the Force flag is set." -f $label) }
    }
    if ($entry.DenyStop) { throw ("Service '{0}' cannot be stopped due to the following error: Cannot stop {1} service on computer '.'." -f $label, $entry.Name) }
    if ([string]$entry.Status -eq 'Stopped') { return }
    $null = $state.PathCleanupServiceLog.Add('stop:' + $entry.Name)
    $entry.Status = 'StopPending'
    $entry.Pending = [int]$entry.StopPolls
    if ($entry.Pending -eq 0) { $entry.Status = 'Stopped' }
}

function Start-RemcFakePathCleanupService {
    param([string] $Name)
    $state = $global:RemcFakeState
    $null = $state.PathCleanupCalls.Add('service-start:' + $Name)
    $entry = Find-RemcFakePathCleanupService -Name $Name
    if ($null -eq $entry) { return $null }
    if ([string]$entry.Status -eq 'Running') { return [uint32]10 }
    if ([int]$entry.StartCode -ne 0) { return [uint32]$entry.StartCode }
    $null = $state.PathCleanupServiceLog.Add('start:' + $entry.Name)
    $entry.Status = 'StartPending'
    $entry.Pending = [int]$entry.StartPolls
    if ($entry.Pending -eq 0) { $entry.Status = 'Running' }
    return [uint32]0
}

function Wait-RemcFakePathCleanupPoll {
    # Half a second passes: each pending service comes one poll closer to its new state.
    $null = $global:RemcFakeState.PathCleanupCalls.Add('poll')
    foreach ($entry in @($global:RemcFakeState.PathCleanupServices)) {
        if ($null -eq $entry -or [int]$entry.Pending -le 0) { continue }
        $entry.Pending = [int]$entry.Pending - 1
        if ($entry.Pending -gt 0) { continue }
        if ([string]$entry.Status -eq 'StopPending') { $entry.Status = 'Stopped' }
        elseif ([string]$entry.Status -eq 'StartPending') { $entry.Status = 'Running' }
    }
}

Set-Alias -Name Get-RemcPathCleanupService -Value Get-RemcFakePathCleanupService
Set-Alias -Name Stop-RemcPathCleanupService -Value Stop-RemcFakePathCleanupService
Set-Alias -Name Start-RemcPathCleanupService -Value Start-RemcFakePathCleanupService
Set-Alias -Name Wait-RemcPathCleanupPoll -Value Wait-RemcFakePathCleanupPoll
