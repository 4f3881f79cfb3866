# Fix of service-state: sets the declared start type first (only when declared), then starts, resumes
# or stops the service once and waits a bounded time for it. It never installs, enables (unless
# startType says so) or stops any other service; a failure is thrown as one line and the remediation's
# cool-down decides when the next attempt comes.
function Repair-RemcServiceState {
    param($Config, $Context, $Probe)
    $want = Get-RemcServiceWant -Config $Config
    # Read again instead of trusting $Probe: the service may have changed since the probe ran.
    $info = Get-RemcServiceSnapshot -Name $want.Name
    if (-not $info.Installed) { throw ('{0} is not installed; this check does not install services' -f $want.Name) }
    $setStartType = ($null -ne $want.StartType -and $info.StartType -ne $want.StartType)
    $statusOk = Test-RemcServiceStatusMatch -State $info.State -Status $want.Status
    # Refuse before changing anything when the status cannot be reached.
    if ($want.Status -eq 'running' -and -not $statusOk -and -not $setStartType -and $info.StartType -eq 'disabled') {
        throw ('{0} is disabled; set startType to manage it (the fix never enables a service on its own)' -f $want.Name)
    }
    if ($want.Status -eq 'stopped' -and -not $statusOk) {
        $blocking = @(Get-RemcServiceRunningDependent -Name $want.Name)
        if ($blocking.Count -gt 0) { throw (Format-RemcServiceDependentError -Name $want.Name -Dependent $blocking) }
    }
    $plan = @()
    if ($setStartType) { $plan += ('set start type {0} (was {1})' -f $want.StartType, $info.StartType) }
    if (-not $statusOk) {
        $verb = 'stop'
        if ($want.Status -eq 'running') { $verb = 'start' }
        $plan += ('{0} {1} (is {2})' -f $verb, $want.Name, $info.State.ToLowerInvariant())
    }
    if ($plan.Count -eq 0) {
        return @{ Summary = ('{0} already {1}; start type {2}: nothing to do' -f $want.Name, $want.Status, $info.StartType); Changed = 0 }
    }
    if ($want.ReportOnly) {
        return @{ Summary = ('report-only: would {0}' -f ($plan -join ', then ')); Changed = 0; ReportOnly = $true }
    }
    $done = @()
    if ($setStartType) {
        Set-RemcServiceStartType -Want $want
        $done += ('set start type {0} (was {1})' -f $want.StartType, $info.StartType)
    }
    if (-not $statusOk) {
        $text = Set-RemcServiceStatus -Want $want
        if ($null -ne $text) { $done += $text }
    }
    if ($done.Count -eq 0) { return @{ Summary = ('{0} reached {1} on its own' -f $want.Name, $want.Status); Changed = 0 } }
    return @{ Summary = ($done -join '; '); Changed = $done.Count }
}

# Automatic types through sc.exe (sets the delayed flag both ways); manual and disabled through CIM
# ChangeStartMode. Then reads the service back: a start type that did not take is a failure.
function Set-RemcServiceStartType {
    param($Want)
    $name = $Want.Name
    if ($Want.StartType -eq 'automatic' -or $Want.StartType -eq 'automatic-delayed') {
        $code = Set-RemcServiceAutomaticStart -Name $name -Delayed ($Want.StartType -eq 'automatic-delayed')
        if ($code -ne 0) {
            throw ('could not set {0} start type {1}: sc.exe config exited with {2}' -f $name, $Want.StartType, (Format-RemcServiceWin32Error -Code $code))
        }
    }
    else {
        $mode = 'Manual'
        if ($Want.StartType -eq 'disabled') { $mode = 'Disabled' }
        $result = Invoke-RemcServiceMethod -Name $name -MethodName 'ChangeStartMode' -Arguments @{ StartMode = $mode } -TimeoutSeconds $Want.TimeoutSeconds
        if ($null -eq $result) { throw ('could not set {0} start type {1}: the service is no longer installed' -f $name, $Want.StartType) }
        if ([int64]$result -ne 0) {
            throw ('could not set {0} start type {1}: ChangeStartMode returned {2}' -f $name, $Want.StartType, (Format-RemcServiceReturn -Code $result))
        }
    }
    $after = Get-RemcServiceSnapshot -Name $name
    if ($after.StartType -ne $Want.StartType) {
        throw ('{0} start type is {1} after setting {2}' -f $name, $after.StartType, $Want.StartType)
    }
}

# Brings the service to the declared status: lets a pending start or stop finish, then one start,
# resume or stop request, then waits. All waiting shares one budget of TimeoutSeconds.
# Returns what it did ('started Spooler'), or $null when the service got there by itself.
function Set-RemcServiceStatus {
    param($Want)
    $poll = 500
    # [decimal], not [math]: Constrained Language Mode allows no method of System.Math.
    $budget = @{ Left = [int][decimal]::Ceiling([decimal]$Want.TimeoutSeconds * 1000 / $poll); PollMilliseconds = $poll }
    $pending = @('Start Pending', 'Stop Pending', 'Continue Pending', 'Pause Pending')
    $info = Wait-RemcServiceState -Name $Want.Name -Pending $pending -Budget $budget
    if (-not $info.Installed) { throw ('{0} is no longer installed' -f $Want.Name) }
    if ($pending -contains $info.State) {
        throw ('{0} is still {1} after {2} s' -f $Want.Name, $info.State.ToLowerInvariant(), $Want.TimeoutSeconds)
    }
    if ($Want.Status -eq 'running') { return (Start-RemcServiceInstance -Want $Want -Info $info -Budget $budget) }
    return (Stop-RemcServiceInstance -Want $Want -Info $info -Budget $budget)
}

function Start-RemcServiceInstance {
    param($Want, $Info, $Budget)
    $name = $Want.Name
    $method = 'StartService'
    $done = 'started'
    if ($Info.State -eq 'Running') { return $null }
    if ($Info.State -eq 'Paused') {
        # StartService on a paused service answers "already running" and leaves it paused (Learn).
        $method = 'ResumeService'
        $done = 'resumed'
    }
    elseif ($Info.State -ne 'Stopped') {
        throw ('cannot start {0}: it is {1}' -f $name, $Info.State.ToLowerInvariant())
    }
    $result = Invoke-RemcServiceMethod -Name $name -MethodName $method -TimeoutSeconds $Want.TimeoutSeconds
    if ($null -eq $result) { throw ('could not start {0}: the service is no longer installed' -f $name) }
    # 10 = already running: another start came first, which is what we want.
    if ([int64]$result -ne 0 -and [int64]$result -ne 10) {
        throw ('could not start {0}: {1} returned {2}' -f $name, $method, (Format-RemcServiceReturn -Code $result))
    }
    $after = Wait-RemcServiceState -Name $name -Pending @('Start Pending', 'Continue Pending') -Budget $Budget
    if ($after.State -eq 'Running') { return ('{0} {1}' -f $done, $name) }
    if (-not $after.Installed) { throw ('{0} is no longer installed' -f $name) }
    if ($after.State -eq 'Stopped') { throw ('{0} started, then stopped ({1})' -f $name, (Format-RemcServiceExitCode -Info $after)) }
    if ($after.State -eq 'Start Pending' -or $after.State -eq 'Continue Pending') {
        throw ('{0} is still {1} after {2} s' -f $name, $after.State.ToLowerInvariant(), $Want.TimeoutSeconds)
    }
    throw ('{0} is {1} after the start request' -f $name, $after.State.ToLowerInvariant())
}

function Stop-RemcServiceInstance {
    param($Want, $Info, $Budget)
    $name = $Want.Name
    if ($Info.State -eq 'Stopped') { return $null }
    if ($Info.State -ne 'Running' -and $Info.State -ne 'Paused') {
        throw ('cannot stop {0}: it is {1}' -f $name, $Info.State.ToLowerInvariant())
    }
    # Win32_Service.AcceptStop: the service itself refuses stop requests (StopService would answer 4).
    if (-not $Info.AcceptStop) { throw ('cannot stop {0}: the service does not accept stop requests' -f $name) }
    # CIM StopService never stops dependent services: it answers 3 while they run.
    $result = Invoke-RemcServiceMethod -Name $name -MethodName 'StopService' -TimeoutSeconds $Want.TimeoutSeconds
    if ($null -eq $result) { throw ('could not stop {0}: the service is no longer installed' -f $name) }
    if ([int64]$result -eq 3) {
        throw (Format-RemcServiceDependentError -Name $name -Dependent @(Get-RemcServiceRunningDependent -Name $name))
    }
    # 6 = not active: it stopped on its own in the meantime.
    if ([int64]$result -ne 0 -and [int64]$result -ne 6) {
        throw ('could not stop {0}: StopService returned {1}' -f $name, (Format-RemcServiceReturn -Code $result))
    }
    $after = Wait-RemcServiceState -Name $name -Pending @('Stop Pending') -Budget $Budget
    if ($after.State -eq 'Stopped' -or -not $after.Installed) { return ('stopped {0}' -f $name) }
    if ($after.State -eq 'Stop Pending') { throw ('{0} is still stop pending after {1} s' -f $name, $Want.TimeoutSeconds) }
    throw ('{0} is {1} after the stop request' -f $name, $after.State.ToLowerInvariant())
}

# Looks at the service until its state leaves $Pending or the budget of polls is spent; returns the
# last snapshot. Never more than $Budget.Left pauses, shared by every wait of one fix.
function Wait-RemcServiceState {
    param([string] $Name, [string[]] $Pending, $Budget)
    $info = Get-RemcServiceSnapshot -Name $Name
    while ($info.Installed -and $Pending -contains $info.State -and $Budget.Left -gt 0) {
        $Budget.Left = $Budget.Left - 1
        Wait-RemcServicePoll -Milliseconds $Budget.PollMilliseconds
        $info = Get-RemcServiceSnapshot -Name $Name
    }
    return $info
}

# Names of the services that depend on this one and are not stopped, sorted.
function Get-RemcServiceRunningDependent {
    param([string] $Name)
    $names = @(Get-RemcServiceDependent -Name $Name |
            Where-Object { $null -ne $_ -and [string]$_.State -ne 'Stopped' } |
            ForEach-Object { [string]$_.Name })
    return @($names | Sort-Object)
}

function Format-RemcServiceDependentError {
    param([string] $Name, $Dependent)
    $list = @($Dependent) -join ', '
    if ([string]::IsNullOrEmpty($list)) { $list = 'unknown' }
    return ('{0} not stopped: running services depend on it ({1}); stop them first (the fix never stops other services)' -f $Name, $list)
}

# 'exit code 1067' or 'exit code 1066, service-specific 42' (Win32_Service ExitCode and
# ServiceSpecificExitCode; 1066 is ERROR_SERVICE_SPECIFIC_ERROR).
function Format-RemcServiceExitCode {
    param($Info)
    if ([int64]$Info.ExitCode -eq 1066) { return ('exit code 1066, service-specific {0}' -f $Info.ServiceSpecificExitCode) }
    return ('exit code {0}' -f $Info.ExitCode)
}

# A Win32_Service method's return value with its meaning (Learn: "StartService method of the
# Win32_Service class"; the same table serves StopService, ResumeService and ChangeStartMode).
function Format-RemcServiceReturn {
    param($Code)
    $texts = @(
        'success', 'not supported', 'access denied', 'dependent services running', 'invalid service control',
        'service cannot accept control', 'service not active', 'service request timeout', 'unknown failure',
        'path not found', 'service already running', 'service database locked', 'service dependency deleted',
        'service dependency failure', 'service disabled', 'service logon failed', 'service marked for deletion',
        'service has no thread', 'circular dependency', 'duplicate name', 'invalid name', 'invalid parameter',
        'invalid service account', 'service exists', 'service already paused'
    )
    $number = [int64]$Code
    if ($number -ge 0 -and $number -lt $texts.Count) { return ('{0} ({1})' -f $number, $texts[$number]) }
    return ([string]$number)
}

# sc.exe's exit code is the Win32 error code; name the common ones.
function Format-RemcServiceWin32Error {
    param([int] $Code)
    switch ($Code) {
        5 { return '5 (access denied)' }
        1060 { return '1060 (no such service)' }
        1072 { return '1072 (service marked for deletion)' }
    }
    return ([string]$Code)
}
