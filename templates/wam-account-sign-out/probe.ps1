function Test-RemcWamAccountSignOut {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $accounts = @(Get-RemcWamAccountList -Config $Config)
    $names = @($accounts | ForEach-Object { [string]$_.UserName })
    $summary = 'no Web Account Manager accounts of the app'
    if ($accounts.Count -gt 0) { $summary = '{0}: {1}' -f (Format-RemcWamCount -Count $accounts.Count), ($names -join ', ') }
    return @{
        InDesiredState = ($accounts.Count -eq 0)
        Summary        = $summary
        Facts          = @{ Accounts = $names }
    }
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
