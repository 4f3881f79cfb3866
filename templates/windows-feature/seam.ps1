# The seam of windows-feature: the only Windows-facing calls, each a thin wrapper of the DISM module
# (Learn: "Get-WindowsOptionalFeature", "Enable-WindowsOptionalFeature", "Disable-WindowsOptionalFeature").
# The probe and fix hold the logic; the tests replace these functions with fakes (fakes.ps1). No method
# calls on .NET objects: properties and casts only (works in Constrained Language Mode).

# The feature as Get-WindowsOptionalFeature -Online -FeatureName returns it (an AdvancedFeatureObject:
# FeatureName, DisplayName, State, RestartRequired, ...), or nothing when this Windows has no feature of
# that name (DISM answers 0x800F080C, "Feature name ... is unknown").
function Get-RemcWindowsFeatureInfo {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcWindowsFeatureInfo: Name is empty' }
    $ProgressPreference = 'SilentlyContinue'
    try {
        return @(Get-WindowsOptionalFeature -Online -FeatureName $Name -ErrorAction Stop)
    }
    catch {
        if ((Get-RemcWindowsFeatureErrorCode -Exception $_.Exception) -eq '0x800F080C') { return @() }
        throw
    }
}

# Enables (with -All: the parent features it needs) or disables the feature, never restarting, in a
# background job (a child powershell.exe) it waits for at most TimeoutSeconds: DISM has no time limit of
# its own. Returns @{ Finished; Succeeded; RestartNeeded; HResult; Message }. Finished is false when the
# wait ran out: the job is stopped, and Windows may still complete the change.
function Invoke-RemcWindowsFeatureChange {
    param([string] $Name, [bool] $Enable, [string] $Source = '', [bool] $LimitAccess = $false, [int] $TimeoutSeconds)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Invoke-RemcWindowsFeatureChange: Name is empty' }
    if ($TimeoutSeconds -lt 1) { throw ('Invoke-RemcWindowsFeatureChange: TimeoutSeconds must be at least 1, got {0}' -f $TimeoutSeconds) }
    $block = {
        param([string] $FeatureName, [bool] $On, [string] $From, [bool] $Limit)
        $ProgressPreference = 'SilentlyContinue'
        try {
            if ($On) {
                $arguments = @{ Online = $true; FeatureName = $FeatureName; All = $true; NoRestart = $true; ErrorAction = 'Stop' }
                if ($From -ne '') { $arguments.Source = $From }
                if ($Limit) { $arguments.LimitAccess = $true }
                $result = @(Enable-WindowsOptionalFeature @arguments)
            }
            else {
                $result = @(Disable-WindowsOptionalFeature -Online -FeatureName $FeatureName -NoRestart -ErrorAction Stop)
            }
            # An ImageObject (Learn: the cmdlets' output type); RestartNeeded says whether a restart finishes it.
            $restart = @($result | Where-Object { $null -ne $_ -and [bool]$_.RestartNeeded }).Count -gt 0
            @{ Succeeded = $true; RestartNeeded = $restart; HResult = 0; Message = '' }
        }
        catch {
            # A plain hashtable crosses the job boundary intact; an exception would arrive re-wrapped.
            @{ Succeeded = $false; RestartNeeded = $false; HResult = [int]$_.Exception.HResult; Message = [string]$_.Exception.Message }
        }
    }
    $job = Start-Job -ScriptBlock $block -ArgumentList @($Name, $Enable, $Source, $LimitAccess)
    try {
        $null = Wait-Job -Job $job -Timeout $TimeoutSeconds
        $state = [string]$job.State
        if (@('NotStarted', 'Running', 'Blocked', 'Suspended') -contains $state) {
            $null = Stop-Job -Job $job -Confirm:$false
            return @{ Finished = $false; Succeeded = $false; RestartNeeded = $false; HResult = 0; Message = '' }
        }
        $answers = @(Receive-Job -Job $job -ErrorAction SilentlyContinue | Where-Object { $_ -is [hashtable] -and $_.ContainsKey('Succeeded') })
        if ($answers.Count -eq 0) {
            return @{ Finished = $true; Succeeded = $false; RestartNeeded = $false; HResult = 0; Message = ('the DISM job ended ({0}) without an answer' -f $state) }
        }
        $answer = $answers[$answers.Count - 1]
        return @{ Finished = $true; Succeeded = [bool]$answer.Succeeded; RestartNeeded = [bool]$answer.RestartNeeded; HResult = [int]$answer.HResult; Message = [string]$answer.Message }
    }
    finally {
        $null = Remove-Job -Job $job -Force -Confirm:$false -ErrorAction SilentlyContinue
    }
}

# The HRESULT of a DISM failure, '0x800F0954', from the exception or the first inner exception that
# carries one; '' when none does. DISM reports COMExceptions whose HResult is its error code.
function Get-RemcWindowsFeatureErrorCode {
    param($Exception)
    $ex = $Exception
    while ($null -ne $ex) {
        $code = ConvertTo-RemcWindowsFeatureCode -HResult ([int]$ex.HResult)
        if ($code -ne '') { return $code }
        $ex = $ex.InnerException
    }
    return ''
}
