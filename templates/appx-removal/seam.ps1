# The Windows-facing calls of appx-removal: the Appx module for every user's packages (-AllUsers needs
# administrative rights: SYSTEM under Intune) and the DISM module for the provisioned list. Thin wrappers;
# the rules live in probe.ps1 and fix.ps1, and the tests replace these functions with fakes (fakes.ps1).

# The package objects Get-AppxPackage -AllUsers returns for the name (Learn: "Get-AppxPackage", output
# Microsoft.Windows.Appx.PackageManager.Commands.AppxPackage: Name, PackageFullName, IsBundle,
# IsFramework, NonRemovable, PackageUserInformation with each user's UserSecurityId and InstallState), of
# the types Main and Bundle: Remove-AppxPackage -AllUsers "works off the parent package type. If it's a
# bundle, use PackageTypeFilter with the Get-AppxPackage command and specify the bundle" (Learn:
# "Remove-AppxPackage"). -Name is a wildcard pattern: the caller keeps the exact name only.
function Get-RemcAppxRemovalPackage {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcAppxRemovalPackage: Name is empty' }
    $ProgressPreference = 'SilentlyContinue'
    @(Get-AppxPackage -AllUsers -Name $Name -PackageTypeFilter Main, Bundle -ErrorAction Stop)
}

# The provisioned entries (Learn: "Get-AppxProvisionedPackage", output
# Microsoft.Dism.Commands.AppxPackageObject: DisplayName, Version, Architecture, ResourceId, PackageName,
# Regions) whose DisplayName is the name; the cmdlet has no name filter of its own.
function Get-RemcAppxRemovalProvisioned {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcAppxRemovalProvisioned: Name is empty' }
    $ProgressPreference = 'SilentlyContinue'
    @(Get-AppxProvisionedPackage -Online -ErrorAction Stop | Where-Object { $null -ne $_ -and [string]$_.DisplayName -eq $Name })
}

# De-provisions each PackageName (Remove-AppxProvisionedPackage -Online -PackageName), then removes each
# PackageFullName for every user (Remove-AppxPackage -Package -AllUsers), in one background job (a child
# powershell.exe) waited for at most TimeoutSeconds. Returns @{ Finished; Steps; Reason }: Steps holds one
# @{ Kind = 'deprovision' | 'remove'; Target; Succeeded; HResult; Message; ErrorId } per call that ended
# (ErrorId: PowerShell's FullyQualifiedErrorId, the same in every language); Finished
# is false when the wait ran out (the job is stopped; Windows may still complete what it started).
function Invoke-RemcAppxRemovalChange {
    param([string[]] $Deprovision = @(), [string[]] $Remove = @(), [int] $TimeoutSeconds)
    if ($TimeoutSeconds -lt 1) { throw ('Invoke-RemcAppxRemovalChange: TimeoutSeconds must be at least 1, got {0}' -f $TimeoutSeconds) }
    $block = {
        param([string] $DeprovisionList, [string] $RemoveList)
        $ProgressPreference = 'SilentlyContinue'
        foreach ($target in @($DeprovisionList -split '\|' | Where-Object { $_ -ne '' })) {
            try {
                $null = Remove-AppxProvisionedPackage -Online -PackageName $target -ErrorAction Stop
                @{ Kind = 'deprovision'; Target = $target; Succeeded = $true; HResult = 0; Message = ''; ErrorId = '' }
            }
            catch {
                # A plain hashtable crosses the job boundary intact; an exception would arrive re-wrapped.
                @{ Kind = 'deprovision'; Target = $target; Succeeded = $false; HResult = [int]$_.Exception.HResult; Message = [string]$_.Exception.Message; ErrorId = [string]$_.FullyQualifiedErrorId }
            }
        }
        foreach ($target in @($RemoveList -split '\|' | Where-Object { $_ -ne '' })) {
            try {
                $null = Remove-AppxPackage -Package $target -AllUsers -ErrorAction Stop
                @{ Kind = 'remove'; Target = $target; Succeeded = $true; HResult = 0; Message = ''; ErrorId = '' }
            }
            catch {
                @{ Kind = 'remove'; Target = $target; Succeeded = $false; HResult = [int]$_.Exception.HResult; Message = [string]$_.Exception.Message; ErrorId = [string]$_.FullyQualifiedErrorId }
            }
        }
    }
    # Names and full names hold no '|' (letters, digits, '.', '-', '_', '~'): one string each crosses intact.
    $job = Start-Job -ScriptBlock $block -ArgumentList @((@($Deprovision) -join '|'), (@($Remove) -join '|'))
    try {
        $null = Wait-Job -Job $job -Timeout $TimeoutSeconds
        $state = [string]$job.State
        if (@('NotStarted', 'Running', 'Blocked', 'Suspended') -contains $state) {
            $null = Stop-Job -Job $job -Confirm:$false
            return @{ Finished = $false; Steps = @(); Reason = '' }
        }
        $jobErrors = $null
        $steps = @(Receive-Job -Job $job -ErrorAction SilentlyContinue -ErrorVariable jobErrors | Where-Object { $_ -is [hashtable] -and $_.ContainsKey('Kind') })
        $reason = ''
        if ($state -eq 'Failed' -and $job.ChildJobs.Count -gt 0 -and $null -ne $job.ChildJobs[0].JobStateInfo.Reason) {
            $reason = [string]$job.ChildJobs[0].JobStateInfo.Reason.Message
        }
        elseif (@($jobErrors).Count -gt 0) { $reason = [string]@($jobErrors)[0] }
        return @{ Finished = $true; Steps = $steps; Reason = (($reason -replace '\s+', ' ').Trim()) }
    }
    finally {
        $null = Remove-Job -Job $job -Force -Confirm:$false -ErrorAction SilentlyContinue
    }
}
