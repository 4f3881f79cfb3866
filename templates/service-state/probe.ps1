# Probe of service-state: is the declared service installed, in the declared status and (when
# declared) with the declared start type? Read-only: it only queries CIM (and, on hosts whose
# Win32_Service lacks DelayedAutoStart, one registry value).
function Test-RemcServiceState {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcServiceWant -Config $Config
    $info = Get-RemcServiceSnapshot -Name $want.Name
    return (Get-RemcServiceVerdict -Want $want -Info $info)
}

# The declared state from $Config, checked (the compiler validates too; a hand-edited script must not
# turn a bad value into a wrong action).
function Get-RemcServiceWant {
    param($Config)
    $name = [string]$Config.Name
    if ([string]::IsNullOrEmpty($name.Trim())) { throw 'Name is empty: declare the service short name, e.g. Spooler' }
    if ($name -match '[\\/\*\?\[\]]') { throw ("Name must be a service short name without \, / or wildcards: '{0}'" -f $name) }
    $status = [string]$Config.Status
    if ([string]::IsNullOrEmpty($status)) { $status = 'running' }
    if (@('running', 'stopped') -notcontains $status) { throw ("Status must be 'running' or 'stopped', not '{0}'" -f $status) }
    $startType = $null
    if (-not [string]::IsNullOrEmpty([string]$Config.StartType)) {
        $startType = [string]$Config.StartType
        if (@('automatic', 'automatic-delayed', 'manual', 'disabled') -notcontains $startType) {
            throw ("StartType must be 'automatic', 'automatic-delayed', 'manual' or 'disabled', not '{0}'" -f $startType)
        }
    }
    if ($status -eq 'running' -and $startType -eq 'disabled') { throw "StartType 'disabled' contradicts Status 'running'" }
    $timeout = 30
    if ($null -ne $Config.TimeoutSeconds -and [int]$Config.TimeoutSeconds -ge 1) { $timeout = [int]$Config.TimeoutSeconds }
    return @{
        Name           = $name
        Status         = $status
        StartType      = $startType
        AllowMissing   = [bool]$Config.AllowMissing
        TimeoutSeconds = $timeout
        ReportOnly     = [bool]$Config.ReportOnly
    }
}

# The service as one hashtable: Installed, Name, DisplayName, State ('Running', 'Stopped',
# 'Start Pending', ...), StartMode ('Auto', 'Manual', 'Disabled', ...), DelayedAutoStart, StartType
# (this template's words), ProcessId, ExitCode, ServiceSpecificExitCode, AcceptStop.
function Get-RemcServiceSnapshot {
    param([string] $Name)
    # Exact name: the WQL filter already is, this also guards against a look-alike answer.
    $found = @(Get-RemcServiceInfo -Name $Name | Where-Object { $null -ne $_ -and [string]$_.Name -eq $Name })
    if ($found.Count -eq 0) { return @{ Installed = $false; Name = $Name } }
    $service = $found[0]
    $delayed = $service.DelayedAutoStart
    if ($null -eq $delayed) {
        # Win32_Service has DelayedAutoStart since Windows 10 / Server 2016; before, the registry has it.
        $raw = Get-RemcServiceDelayedAutostartValue -Name ([string]$service.Name)
        $delayed = ($null -ne $raw -and [int]$raw -ne 0)
    }
    $startMode = [string]$service.StartMode
    return @{
        Installed               = $true
        Name                    = [string]$service.Name
        DisplayName             = [string]$service.DisplayName
        State                   = [string]$service.State
        StartMode               = $startMode
        DelayedAutoStart        = [bool]$delayed
        StartType               = (Get-RemcServiceStartTypeName -StartMode $startMode -Delayed ([bool]$delayed))
        ProcessId               = [int64]$service.ProcessId
        ExitCode                = [int64]$service.ExitCode
        ServiceSpecificExitCode = [int64]$service.ServiceSpecificExitCode
        AcceptStop              = [bool]$service.AcceptStop
    }
}

# Win32_Service.StartMode ('Auto', 'Manual', 'Disabled', 'Boot', 'System') and the delayed flag in
# this template's words. The flag only counts for 'Auto' (Learn: SERVICE_DELAYED_AUTO_START_INFO).
function Get-RemcServiceStartTypeName {
    param([string] $StartMode, [bool] $Delayed)
    switch ($StartMode) {
        'Auto' { if ($Delayed) { return 'automatic-delayed' } return 'automatic' }
        'Manual' { return 'manual' }
        'Disabled' { return 'disabled' }
        'Boot' { return 'boot' }
        'System' { return 'system' }
    }
    if ([string]::IsNullOrEmpty($StartMode)) { return 'unknown' }
    return $StartMode.ToLowerInvariant()
}

# Whether a Win32_Service.State is the declared status. Pending states are neither.
function Test-RemcServiceStatusMatch {
    param([string] $State, [string] $Status)
    if ($Status -eq 'running') { return ($State -eq 'Running') }
    return ($State -eq 'Stopped')
}

function Get-RemcServiceVerdict {
    param($Want, $Info)
    $facts = @{
        Installed     = [bool]$Info.Installed
        Name          = $Want.Name
        WantStatus    = $Want.Status
        WantStartType = $Want.StartType
    }
    if (-not $Info.Installed) {
        $facts.StatusOk = $false
        $facts.StartTypeOk = ($null -eq $Want.StartType)
        if ($Want.AllowMissing) { return @{ InDesiredState = $true; Summary = ('{0} is not installed' -f $Want.Name); Facts = $facts } }
        # The fix never installs services: drift it cannot repair, for a person (ACTION NEEDED).
        return @{
            InDesiredState = $false
            Summary        = ('{0} is not installed' -f $Want.Name)
            Facts          = $facts
            Repairable     = $false
            Advice         = 'install the service, or set allowMissing when devices may lack it (the fix never installs services)'
        }
    }
    $statusOk = Test-RemcServiceStatusMatch -State $Info.State -Status $Want.Status
    $startTypeOk = ($null -eq $Want.StartType -or $Info.StartType -eq $Want.StartType)
    foreach ($key in @('DisplayName', 'State', 'StartMode', 'DelayedAutoStart', 'StartType', 'ProcessId', 'ExitCode')) { $facts[$key] = $Info[$key] }
    $facts.StatusOk = $statusOk
    $facts.StartTypeOk = $startTypeOk
    $result = @{
        InDesiredState = ($statusOk -and $startTypeOk)
        Summary        = (Format-RemcServiceSummary -Want $Want -Info $Info -StatusOk $statusOk -StartTypeOk $startTypeOk)
        Facts          = $facts
    }
    # Disabled, and no start type declared: the fix never enables a service on its own, so a person must.
    if (-not $statusOk -and $Want.Status -eq 'running' -and $null -eq $Want.StartType -and $Info.StartType -eq 'disabled') {
        $result.Repairable = $false
        $result.Advice = 'the service is disabled: enable it, or declare startType to have the fix manage it'
    }
    return $result
}

# 'Spooler running; start type automatic', 'Spooler stopped, should be running; start type manual',
# 'Spooler running; start type manual, should be automatic'.
function Format-RemcServiceSummary {
    param($Want, $Info, [bool] $StatusOk, [bool] $StartTypeOk)
    $state = [string]$Info.State
    if ([string]::IsNullOrEmpty($state)) { $state = 'in an unknown state' }
    $text = '{0} {1}' -f $Info.Name, $state.ToLowerInvariant()
    if (-not $StatusOk) { $text = '{0}, should be {1}' -f $text, $Want.Status }
    $text = '{0}; start type {1}' -f $text, $Info.StartType
    if (-not $StartTypeOk) { $text = '{0}, should be {1}' -f $text, $Want.StartType }
    return $text
}
