function Repair-RemcWamAccountSignOut {
    param($Config, $Context, $Probe)
    # Read again instead of trusting $Probe: the accounts may have changed since the probe ran.
    $accounts = @(Get-RemcWamAccountList -Config $Config)
    $names = @($accounts | ForEach-Object { [string]$_.UserName })
    if ([bool]$Config.ReportOnly) {
        $would = Format-RemcWamCount -Count $accounts.Count
        if ($names.Count -gt 0) { $would = '{0}: {1}' -f $would, ($names -join ', ') }
        return @{ Summary = ('would sign out {0}' -f $would); Changed = 0; ReportOnly = $true; Facts = @{ SignedOut = @() } }
    }
    $done = @()
    $firstError = ''
    foreach ($account in $accounts) {
        try {
            Invoke-RemcWamSignOut -Account $account -ClientId ([string]$Config.ClientId) -TimeoutSeconds ([int]$Config.TimeoutSeconds)
            $done += [string]$account.UserName
        }
        catch {
            if ($firstError -eq '') { $firstError = '{0}: {1}' -f $account.UserName, ((([string]$_.Exception.Message) -replace '\s+', ' ').Trim()) }
        }
    }
    if ($done.Count -lt $accounts.Count) {
        throw ('failed to sign out {0} of {1} (signed out {2}); first error: {3}' -f ($accounts.Count - $done.Count), (Format-RemcWamCount -Count $accounts.Count), $done.Count, $firstError)
    }
    return @{ Summary = ('signed out {0}' -f (Format-RemcWamCount -Count $done.Count)); Changed = $done.Count; Facts = @{ SignedOut = $done } }
}
