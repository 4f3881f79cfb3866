function Get-RemcAppxPackage {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcAppxPackage: Name is empty' }
    # Current user only: -AllUsers needs admin and would describe other users' registrations.
    $ProgressPreference = 'SilentlyContinue'
    @(Get-AppxPackage -Name $Name -ErrorAction Stop)
}

function Register-RemcAppxManifest {
    # Registers for the calling user in a background job (a child PowerShell of the same user and
    # bitness), waiting at most TimeoutSeconds: Add-AppxPackage has no time limit of its own, and Intune
    # runs one script at a time. Throws the deployment's error, or that the wait ran out.
    param([string] $Path, [int] $TimeoutSeconds = 120)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Register-RemcAppxManifest: Path is empty' }
    $job = Start-Job -ArgumentList @($Path) -ScriptBlock {
        param([string] $ManifestPath)
        $ProgressPreference = 'SilentlyContinue'
        try {
            $null = Add-AppxPackage -Register -Path $ManifestPath -DisableDevelopmentMode -ForceApplicationShutdown -ErrorAction Stop
            @{ Succeeded = $true; Message = '' }
        }
        catch {
            # A plain hashtable crosses the job boundary intact; an exception would arrive re-wrapped.
            @{ Succeeded = $false; Message = [string]$_.Exception.Message }
        }
    }
    try {
        $null = Wait-Job -Job $job -Timeout $TimeoutSeconds
        if (@('NotStarted', 'Running', 'Blocked', 'Suspended') -contains [string]$job.State) {
            $null = Stop-Job -Job $job -Confirm:$false
            throw ('the registration did not finish within {0} s (stopped waiting; Windows may still complete it)' -f $TimeoutSeconds)
        }
        $answers = @(Receive-Job -Job $job -ErrorAction SilentlyContinue | Where-Object { $_ -is [hashtable] -and $_.ContainsKey('Succeeded') })
        if ($answers.Count -eq 0) { throw ('the registration job ended ({0}) without an answer' -f $job.State) }
        if (-not $answers[-1].Succeeded) { throw $answers[-1].Message }
    }
    finally {
        $null = Remove-Job -Job $job -Force -Confirm:$false -ErrorAction SilentlyContinue
    }
}

function Test-RemcPath {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { return $false }
    return [bool](Test-Path -LiteralPath $Path)
}
