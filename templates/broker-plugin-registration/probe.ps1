function Test-RemcBrokerPluginRegistration {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $name = Get-RemcBrokerPackageName -Config $Config
    $package = Find-RemcBrokerPackage -Name $name
    if ($null -eq $package) {
        return @{
            InDesiredState = $false
            Summary        = 'BrokerPlugin not registered for this user'
            Facts          = @{ Present = $false; Status = $null; Version = $null }
        }
    }
    $status = [string]$package.Status
    $ok = ($status -eq 'Ok')
    $summary = 'BrokerPlugin registered, status Ok'
    if (-not $ok) { $summary = 'BrokerPlugin status {0}' -f (Get-RemcBrokerStatusText -Status $status) }
    return @{
        InDesiredState = $ok
        Summary        = $summary
        Facts          = @{ Present = $true; Status = $status; Version = [string]$package.Version }
    }
}

function Get-RemcBrokerPackageName {
    param($Config)
    $name = [string]$Config.PackageName
    if ([string]::IsNullOrEmpty($name)) { $name = 'Microsoft.AAD.BrokerPlugin' }
    # A published sample said 'Microsoft.AAD.Broker Plugin' and never matched: refuse such names.
    if ($name -match '[\s\*\?\[\]]') {
        throw ("PackageName must be an exact package name without spaces or wildcards: '{0}'" -f $name)
    }
    return $name
}

function Find-RemcBrokerPackage {
    param([string] $Name)
    # Exact name only: Get-AppxPackage -Name also matches wildcards and look-alike packages.
    $found = @(Get-RemcAppxPackage -Name $Name | Where-Object { $null -ne $_ -and [string]$_.Name -eq $Name })
    if ($found.Count -eq 0) { return $null }
    # Several registrations (e.g. architectures): one healthy registration is enough.
    $healthy = @($found | Where-Object { [string]$_.Status -eq 'Ok' })
    if ($healthy.Count -gt 0) { return $healthy[0] }
    return $found[0]
}

function Get-RemcBrokerStatusText {
    param([string] $Status)
    if ([string]::IsNullOrEmpty($Status)) { return 'unknown' }
    return $Status
}
