function Repair-RemcWamAccountSignOut {
    param($Config, $Context, $Probe)
    # Never wider than the evidence that triggered it: the accounts of the tenants it names as failing
    # (and only the accounts it names, where it names any), never the device's primary account, never
    # while the app runs. Without a named tenant nobody is signed out, and Web Account Manager is not asked.
    $scope = Get-RemcWamEvidenceScope -Evidence $Context.Evidence
    if ($scope.Tenants.Count -eq 0) {
        return (New-RemcWamNobody -Why 'the evidence names no failing tenant (a failure sent to common or organizations names none)')
    }
    if ($null -eq $scope.Join) {
        return (New-RemcWamNobody -Why 'the evidence does not say how the device is joined, so its primary account cannot be told')
    }
    if (($scope.Join -eq 'entra' -or $scope.Join -eq 'hybrid') -and $scope.HomeTenant -eq '') {
        return (New-RemcWamNobody -Why ('the device is {0}-joined but the evidence does not name its tenant, so its primary account cannot be told' -f $scope.Join))
    }
    # Read again instead of trusting $Probe: the accounts may have changed since the probe ran.
    $plan = Select-RemcWamAccount -Account @(Get-RemcWamAccountList -Config $Config) -Scope $scope
    $names = @($plan.Selected | ForEach-Object { [string]$_.UserName })
    $kept = Format-RemcWamKept -Kept $plan.Kept
    if ($plan.Selected.Count -eq 0) {
        $why = 'no account of the failing tenant ({0})' -f ($scope.Tenants -join ', ')
        if ($kept -ne '') { $why = $kept }
        return (New-RemcWamNobody -Why $why)
    }
    $would = '{0}: {1}' -f (Format-RemcWamCount -Count $names.Count), ($names -join ', ')
    $running = @(Get-RemcWamRunningApp -Name $Config.AppProcesses)
    if ([bool]$Config.ReportOnly) {
        $summary = 'would sign out {0}' -f $would
        if ($running.Count -gt 0) { $summary = '{0}, once {1} {2} closed' -f $summary, ($running -join ', '), (Format-RemcWamVerb -Count $running.Count) }
        if ($kept -ne '') { $summary = '{0}; {1}' -f $summary, $kept }
        return @{ Summary = $summary; Changed = 0; ReportOnly = $true; Facts = @{ SignedOut = @(); Selected = $names; Running = $running } }
    }
    if ($running.Count -gt 0) {
        # Held, not failed and not an attempt: nothing changed, no cool-down starts, the next run tries again.
        $summary = 'signed out nobody (would sign out {0})' -f $would
        return @{ Summary = $summary; Changed = 0; Waits = ('{0} {1} running' -f ($running -join ', '), (Format-RemcWamVerb -Count $running.Count)); Facts = @{ SignedOut = @(); Selected = $names; Running = $running } }
    }
    $done = @()
    $firstError = ''
    foreach ($account in @($plan.Selected)) {
        try {
            Invoke-RemcWamSignOut -Account $account -ClientId ([string]$Config.ClientId) -TimeoutSeconds ([int]$Config.TimeoutSeconds)
            $done += [string]$account.UserName
        }
        catch {
            if ($firstError -eq '') { $firstError = '{0}: {1}' -f $account.UserName, ((([string]$_.Exception.Message) -replace '\s+', ' ').Trim()) }
        }
    }
    if ($done.Count -lt $plan.Selected.Count) {
        throw ('failed to sign out {0} of {1} (signed out {2}); first error: {3}' -f ($plan.Selected.Count - $done.Count), (Format-RemcWamCount -Count $plan.Selected.Count), $done.Count, $firstError)
    }
    $summary = 'signed out {0}: {1}' -f (Format-RemcWamCount -Count $done.Count), ($done -join ', ')
    if ($kept -ne '') { $summary = '{0}; {1}' -f $summary, $kept }
    return @{ Summary = $summary; Changed = $done.Count; Facts = @{ SignedOut = $done; Selected = $names; Running = @() } }
}

function New-RemcWamNobody {
    # Nothing the evidence allows: nobody signed out, said with why (a fix that had nothing to do).
    param([string] $Why)
    return @{ Summary = ('signed out nobody: {0}' -f $Why); Changed = 0; Facts = @{ SignedOut = @(); Selected = @(); Running = @() } }
}

function Get-RemcWamEvidenceScope {
    # What the evidence (the facts of the checks whose symptoms triggered the fix, by check name) allows:
    # Tenants: the failing tenants named (a diagnosis' FailingTenants), lower case; Accounts: the failing
    # accounts named (FailingAccounts), lower case, none when no evidence names any; Join: the device's
    # join type (JoinType), $null when no evidence says; HomeTenant: the device's tenant (TenantId), ''.
    param($Evidence)
    $tenants = @()
    $accounts = @()
    $join = $null
    $homeTenant = ''
    foreach ($facts in @(@($Evidence.Values) | Where-Object { $_ -is [System.Collections.IDictionary] })) {
        if ($facts.Contains('FailingTenants')) { $tenants += @(@($facts.FailingTenants) | ForEach-Object { ([string]$_).Trim().ToLowerInvariant() } | Where-Object { $_ }) }
        if ($facts.Contains('FailingAccounts')) { $accounts += @(@($facts.FailingAccounts) | ForEach-Object { ([string]$_).Trim().ToLowerInvariant() } | Where-Object { $_ }) }
        if ($facts.Contains('JoinType') -and -not [string]::IsNullOrEmpty([string]$facts.JoinType)) {
            $one = ([string]$facts.JoinType).ToLowerInvariant()
            # Two sources that disagree on the join: the stricter reading (a joined device) stands.
            if ($null -eq $join -or $one -eq 'entra' -or $one -eq 'hybrid') { $join = $one }
            if (($one -eq 'entra' -or $one -eq 'hybrid') -and $facts.Contains('TenantId')) { $homeTenant = ([string]$facts.TenantId).Trim().ToLowerInvariant() }
        }
    }
    return @{ Tenants = @($tenants | Select-Object -Unique); Accounts = @($accounts | Select-Object -Unique); Join = $join; HomeTenant = $homeTenant }
}

function Select-RemcWamAccount {
    # Selected: the accounts the scope allows; Kept: the others, each with why.
    param($Account, $Scope)
    $selected = @()
    $kept = @()
    $joined = ($Scope.Join -eq 'entra' -or $Scope.Join -eq 'hybrid')
    foreach ($item in @($Account)) {
        if ($null -eq $item) { continue }
        $tenant = ([string]$item.TenantId).ToLowerInvariant()
        $why = ''
        if ($tenant -eq '') { $why = 'tenant unknown' }
        elseif ($joined -and $tenant -eq $Scope.HomeTenant) { $why = 'the device''s primary account' }
        elseif ($Scope.Tenants -notcontains $tenant) { $why = 'no failures seen in its tenant' }
        elseif ($Scope.Accounts.Count -gt 0 -and $Scope.Accounts -notcontains ([string]$item.UserName).ToLowerInvariant()) { $why = 'not an account the failures name' }
        if ($why -eq '') { $selected += $item } else { $kept += @{ UserName = [string]$item.UserName; Why = $why } }
    }
    return @{ Selected = $selected; Kept = $kept }
}

function Format-RemcWamKept {
    # 'kept alice@contoso.com (the device's primary account), bob@fabrikam.com (no failures seen in its tenant)'
    param($Kept)
    if (@($Kept).Count -eq 0) { return '' }
    return ('kept {0}' -f (@(@($Kept) | ForEach-Object { '{0} ({1})' -f $_.UserName, $_.Why }) -join ', '))
}
