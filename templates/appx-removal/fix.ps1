# Fix of appx-removal: de-provisions the declared package (with Deprovision) and removes it for every
# user, once, in one background job bounded by TimeoutSeconds; then reads both again. Done is only what
# Windows then says: a user it could not remove the package for is named by SID with the HRESULT, and the
# fix fails (never reported as fixed). Framework and non-removable packages are never handed to Windows.
function Repair-RemcAppxRemoval {
    param($Config, $Context, $Probe)
    $want = Get-RemcAppxRemovalWanted -Config $Config
    # Read again instead of trusting $Probe: a user may have signed in or Windows may have moved on.
    $before = Get-RemcAppxRemovalSnapshot -Want $want
    if (Test-RemcAppxRemovalAbsent -Want $want -Seen $before) {
        return @{ Summary = ('{0}: nothing to do' -f (Format-RemcAppxRemovalState -Want $want -Seen $before)); Changed = 0 }
    }
    if ($before.Framework) { throw ('{0} is a framework package other apps load; this check does not remove it' -f $want.Name) }
    if ($before.NonRemovable) { throw ('{0} is marked non-removable by policy (Set-NonRemovableAppsPolicy); Windows refuses to remove it' -f $want.Name) }
    $deprovision = @()
    if ($want.Deprovision) { $deprovision = @($before.Provisioned | ForEach-Object { [string]$_.PackageName } | Where-Object { $_ -ne '' } | Select-Object -Unique) }
    $remove = @($before.Targets)
    $run = Invoke-RemcAppxRemovalChange -Deprovision $deprovision -Remove $remove -TimeoutSeconds $want.TimeoutSeconds
    if (-not $run.Finished) {
        throw ('removing {0} did not finish within {1} s (stopped waiting; Windows may still finish it, and the next run reads the result)' -f $want.Name, $want.TimeoutSeconds)
    }
    $after = Get-RemcAppxRemovalSnapshot -Want $want
    if (Test-RemcAppxRemovalAbsent -Want $want -Seen $after) {
        return @{ Summary = (Format-RemcAppxRemovalDone -Name $want.Name -Users @($before.Users).Count -Deprovisioned $deprovision.Count); Changed = 1 }
    }
    throw (Format-RemcAppxRemovalFailure -Want $want -Run $run -After $after -Expected ($deprovision.Count + $remove.Count))
}

# 'removed Microsoft.BingNews for 2 users and de-provisioned it'.
function Format-RemcAppxRemovalDone {
    param([string] $Name, [int] $Users, [int] $Deprovisioned)
    if ($Users -gt 0 -and $Deprovisioned -gt 0) { return ('removed {0} for {1} and de-provisioned it' -f $Name, (Format-RemcAppxRemovalUserCount -Count $Users)) }
    if ($Users -gt 0) { return ('removed {0} for {1}' -f $Name, (Format-RemcAppxRemovalUserCount -Count $Users)) }
    return ('de-provisioned {0}' -f $Name)
}

# One line: each call Windows failed, with its HRESULT, then what is left ('still installed for 1 user
# (S-1-5-21-...)', 'still provisioned'), as Windows says it after the calls.
function Format-RemcAppxRemovalFailure {
    param($Want, $Run, $After, [int] $Expected)
    $parts = @()
    foreach ($step in @($Run.Steps)) {
        if ([bool]$step.Succeeded) { continue }
        $parts += (Format-RemcAppxRemovalStepError -Step $step)
    }
    if (@($Run.Steps).Count -lt $Expected) {
        $reason = [string]$Run.Reason
        if ($reason -eq '') { $reason = 'no reason given' }
        $parts += ('the removal job ended after {0} of {1} calls: {2}' -f @($Run.Steps).Count, $Expected, $reason)
    }
    if ($parts.Count -eq 0) { $parts += 'Windows reported success' }
    $left = @()
    $users = @($After.Users)
    if ($users.Count -gt 0) {
        $shown = @($users | Select-Object -First 3) -join ', '
        if ($users.Count -gt 3) { $shown += ', ...' }
        $left += ('still installed for {0} ({1})' -f (Format-RemcAppxRemovalUserCount -Count $users.Count), $shown)
    }
    if ($Want.Deprovision -and @($After.Provisioned).Count -gt 0) { $left += 'still provisioned for new users' }
    return ('{0}; {1} {2}' -f ($parts -join '; '), $Want.Name, ($left -join ' and '))
}

function Format-RemcAppxRemovalStepError {
    param($Step)
    $verb = 'removing'
    if ([string]$Step.Kind -eq 'deprovision') { $verb = 'de-provisioning' }
    # Remove-AppxPackage before Windows 10 1809 has no -AllUsers: PowerShell's error id says so in any language.
    if ([string]$Step.ErrorId -like 'NamedParameterNotFound*') {
        return ('{0} {1} failed: Remove-AppxPackage has no -AllUsers on this Windows (it needs Windows 10 1809 or later)' -f $verb, $Step.Target)
    }
    $text = (([string]$Step.Message) -replace '\s+', ' ').Trim()
    if ($text.Length -gt 200) { $text = $text.Substring(0, 200) + '...' }
    if ($text -eq '') { $text = 'no message' }
    $code = Get-RemcAppxRemovalHResult -HResult ([int]$Step.HResult) -Message $text
    if ($code -ne '') { return ('{0} {1} failed ({2}): {3}' -f $verb, $Step.Target, $code, $text) }
    return ('{0} {1} failed: {2}' -f $verb, $Step.Target, $text)
}
