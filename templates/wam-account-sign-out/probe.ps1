function Test-RemcWamAccountSignOut {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $accounts = @(Get-RemcWamAccountList -Config $Config)
    $names = @($accounts | ForEach-Object { [string]$_.UserName })
    $summary = 'no Web Account Manager accounts of the app'
    if ($accounts.Count -gt 0) { $summary = '{0}: {1}' -f (Format-RemcWamCount -Count $accounts.Count), ($names -join ', ') }
    $result = @{
        InDesiredState = ($accounts.Count -eq 0)
        Summary        = $summary
        Facts          = @{ Accounts = $names }
    }
    # Its fix never signs out while the app runs: say so, so that detection holds it (HELD, exit 0)
    # rather than asking for a remediation that could only wait. Report-only changes nothing anyway.
    if ($accounts.Count -gt 0 -and -not [bool]$Config.ReportOnly) {
        $running = @(Get-RemcWamRunningApp -Name $Config.AppProcesses)
        if ($running.Count -gt 0) { $result.Waits = '{0} {1} running' -f ($running -join ', '), (Format-RemcWamVerb -Count $running.Count) }
    }
    return $result
}

function Get-RemcWamAccountList {
    param($Config)
    return @(Get-RemcWamAccount -ProviderId ([string]$Config.ProviderId) -Authority ([string]$Config.Authority) -ClientId ([string]$Config.ClientId) -TimeoutSeconds ([int]$Config.TimeoutSeconds))
}

function Format-RemcWamCount {
    param([int] $Count)
    # '1 WAM account', '2 WAM accounts'
    if ($Count -eq 1) { return '1 WAM account' }
    return ('{0} WAM accounts' -f $Count)
}

function Get-RemcWamRunningApp {
    # The app's processes running in this user's session, by name, each once.
    param($Name)
    $names = @(@($Name) | Where-Object { -not [string]::IsNullOrEmpty([string]$_) } | ForEach-Object { [string]$_ })
    if ($names.Count -eq 0) { return }
    $session = Get-RemcWamSessionId
    $found = @()
    foreach ($process in @(Get-RemcWamProcess -Name $names)) {
        if ($null -eq $process -or [int]$process.SessionId -ne [int]$session) { continue }
        # Get-Process -Name also expands wildcards; only the exact names count.
        $match = @($names | Where-Object { $_ -eq [string]$process.ProcessName })
        if ($match.Count -gt 0 -and $found -notcontains $match[0]) { $found += $match[0] }
    }
    @($found)
}

function Format-RemcWamVerb {
    param([int] $Count)
    if ($Count -eq 1) { return 'is' }
    return 'are'
}
