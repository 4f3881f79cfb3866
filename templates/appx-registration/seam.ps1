# The Windows-facing calls of appx-registration: the Appx module, for the current user only (-AllUsers
# needs admin and would describe other users' registrations). Thin wrappers; the rules live in probe.ps1
# and fix.ps1.

# The package objects (AppxPackage: Name, Version, Status, InstallLocation, ...) Get-AppxPackage returns
# for the current user, or nothing. -Name is a wildcard pattern: the caller filters the exact name.
function Get-RemcAppxRegistration {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcAppxRegistration: Name is empty' }
    $ProgressPreference = 'SilentlyContinue'
    @(Get-AppxPackage -Name $Name -ErrorAction Stop)
}

function Test-RemcAppxRegistrationFile {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { return $false }
    return [bool](Test-Path -LiteralPath $Path -PathType Leaf)
}

# Registers the manifest for the current user, waiting at most TimeoutSeconds. Returns
# @{ Finished = [bool]; Succeeded = [bool]; HResult = [int]; Message = [string] }: Finished is false when
# the wait ran out (the job is stopped; the deployment service may still complete the registration).
function Register-RemcAppxRegistrationManifest {
    param([string] $Path, [int] $TimeoutSeconds)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Register-RemcAppxRegistrationManifest: Path is empty' }
    $block = {
        param([string] $ManifestPath)
        $ProgressPreference = 'SilentlyContinue'
        try {
            $null = Add-AppxPackage -Register -Path $ManifestPath -DisableDevelopmentMode -ForceApplicationShutdown -ErrorAction Stop
            @{ Succeeded = $true; HResult = 0; Message = '' }
        }
        catch {
            # A plain hashtable crosses the job boundary intact; an exception would arrive re-wrapped.
            @{ Succeeded = $false; HResult = [int]$_.Exception.HResult; Message = [string]$_.Exception.Message }
        }
    }
    $run = Invoke-RemcAppxRegistrationJob -ScriptBlock $block -ArgumentList @($Path) -TimeoutSeconds $TimeoutSeconds
    if (-not $run.Finished) { return @{ Finished = $false; Succeeded = $false; HResult = 0; Message = '' } }
    $answers = @($run.Output | Where-Object { $_ -is [hashtable] -and $_.ContainsKey('Succeeded') })
    if ($answers.Count -eq 0) {
        return @{ Finished = $true; Succeeded = $false; HResult = 0; Message = ('the registration job ended ({0}) without an answer: {1}' -f $run.State, $run.Reason) }
    }
    $answer = $answers[$answers.Count - 1]
    return @{ Finished = $true; Succeeded = [bool]$answer.Succeeded; HResult = [int]$answer.HResult; Message = [string]$answer.Message }
}

# Runs a script block in a background job (a child powershell.exe of the same user and bitness) and waits
# at most TimeoutSeconds. Returns @{ Finished; State; Output; Reason }; a job still running is stopped.
# The job is always removed, and its errors never reach the host.
function Invoke-RemcAppxRegistrationJob {
    param([scriptblock] $ScriptBlock, [object[]] $ArgumentList = @(), [int] $TimeoutSeconds)
    if ($TimeoutSeconds -lt 1) { throw ('Invoke-RemcAppxRegistrationJob: TimeoutSeconds must be at least 1, got {0}' -f $TimeoutSeconds) }
    $job = Start-Job -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
    try {
        $null = Wait-Job -Job $job -Timeout $TimeoutSeconds
        $state = [string]$job.State
        if ($state -eq 'NotStarted' -or $state -eq 'Running' -or $state -eq 'Blocked' -or $state -eq 'Suspended') {
            $null = Stop-Job -Job $job -Confirm:$false
            return @{ Finished = $false; State = $state; Output = @(); Reason = '' }
        }
        $jobErrors = $null
        $output = @(Receive-Job -Job $job -ErrorAction SilentlyContinue -ErrorVariable jobErrors)
        $reason = ''
        if ($state -eq 'Failed' -and $job.ChildJobs.Count -gt 0 -and $null -ne $job.ChildJobs[0].JobStateInfo.Reason) {
            $reason = [string]$job.ChildJobs[0].JobStateInfo.Reason.Message
        }
        elseif (@($jobErrors).Count -gt 0) { $reason = [string]@($jobErrors)[0] }
        return @{ Finished = $true; State = $state; Output = $output; Reason = (($reason -replace '\s+', ' ').Trim()) }
    }
    finally {
        $null = Remove-Job -Job $job -Force -Confirm:$false -ErrorAction SilentlyContinue
    }
}
