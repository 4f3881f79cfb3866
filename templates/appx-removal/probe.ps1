# Probe of appx-removal: is the declared package installed for no user and (with Deprovision) not
# provisioned for new users? Read-only: one Get-AppxPackage -AllUsers and, with Deprovision, one
# Get-AppxProvisionedPackage -Online. Users are counted by SID (InstallState Installed), never by name.
function Test-RemcAppxRemoval {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcAppxRemovalWanted -Config $Config
    $seen = Get-RemcAppxRemovalSnapshot -Want $want
    $facts = @{
        Name             = $want.Name
        Users            = @($seen.Users)
        UserCount        = @($seen.Users).Count
        Provisioned      = @($seen.Provisioned | ForEach-Object { [string]$_.PackageName })
        ProvisionChecked = $seen.ProvisionChecked
        Packages         = @($seen.Packages | ForEach-Object { [string]$_.PackageFullName })
        Framework        = $seen.Framework
        NonRemovable     = $seen.NonRemovable
    }
    $summary = Format-RemcAppxRemovalState -Want $want -Seen $seen
    $ok = Test-RemcAppxRemovalAbsent -Want $want -Seen $seen
    $result = @{ InDesiredState = $ok; Summary = $summary; Facts = $facts }
    # Neither is ever handed to Windows: drift no fix here repairs, for a person (ACTION NEEDED).
    if (-not $ok -and $seen.Framework) {
        $result.Summary += ' (a framework package: this check does not remove it)'
        $result.Repairable = $false
        $result.Advice = 'other apps load this framework package: remove the apps that need it, or stop declaring it'
    }
    elseif (-not $ok -and $seen.NonRemovable) {
        $result.Summary += ' (marked non-removable by policy: Windows refuses to remove it)'
        $result.Repairable = $false
        $result.Advice = 'a policy marks it non-removable: lift that policy (Set-NonRemovableAppsPolicy) before it can be removed'
    }
    return $result
}

# The configuration, checked: the compiler validated it, but a hand-edited script must not act on a pattern.
function Get-RemcAppxRemovalWanted {
    param($Config)
    $name = [string]$Config.PackageName
    # Identity Name: 3 to 50 letters, digits, dots and hyphens; no spaces, no wildcards.
    if ($name -notmatch '^[A-Za-z0-9.-]{3,50}$') {
        throw ("PackageName must be an exact package name without spaces or wildcards: '{0}'" -f $name)
    }
    $deprovision = $true
    if ($null -ne $Config.Deprovision) { $deprovision = [bool]$Config.Deprovision }
    $timeout = 300
    if ($null -ne $Config.TimeoutSeconds) { $timeout = [int]$Config.TimeoutSeconds }
    if ($timeout -lt 1 -or $timeout -gt 3600) { throw ('TimeoutSeconds must be between 1 and 3600: {0}' -f $timeout) }
    return @{ Name = $name; Deprovision = $deprovision; TimeoutSeconds = $timeout }
}

# What Windows says of the package: Packages (exact name only: -Name matches wildcards), Users (the
# SIDs for which some of them is Installed, sorted, each once), Targets (what Remove-AppxPackage
# -AllUsers is given: the bundles when the package came in one, else the main packages a user has),
# Framework / NonRemovable (Windows' own flags), Provisioned (the entries whose DisplayName is the name;
# read only with Deprovision, ProvisionChecked says whether it was).
function Get-RemcAppxRemovalSnapshot {
    param($Want)
    $packages = @(Get-RemcAppxRemovalPackage -Name $Want.Name | Where-Object { $null -ne $_ -and [string]$_.Name -eq $Want.Name })
    $users = @()
    $installed = @()
    foreach ($package in $packages) {
        $mine = @(Get-RemcAppxRemovalInstalledUser -Package $package)
        if ($mine.Count -gt 0 -and -not [bool]$package.IsBundle) { $installed += [string]$package.PackageFullName }
        foreach ($sid in $mine) { if ($users -notcontains $sid) { $users += $sid } }
    }
    $bundles = @($packages | Where-Object { [bool]$_.IsBundle } | ForEach-Object { [string]$_.PackageFullName } | Select-Object -Unique)
    $targets = @()
    if ($users.Count -gt 0) {
        $targets = $installed
        if ($bundles.Count -gt 0) { $targets = $bundles }
    }
    $provisioned = @()
    if ($Want.Deprovision) {
        $provisioned = @(Get-RemcAppxRemovalProvisioned -Name $Want.Name | Where-Object { $null -ne $_ -and [string]$_.DisplayName -eq $Want.Name })
    }
    return @{
        Packages         = $packages
        Users            = @($users | Sort-Object)
        Targets          = @($targets | Select-Object -Unique)
        Framework        = (@($packages | Where-Object { [bool]$_.IsFramework }).Count -gt 0)
        NonRemovable     = (@($packages | Where-Object { [bool]$_.NonRemovable }).Count -gt 0)
        Provisioned      = $provisioned
        ProvisionChecked = [bool]$Want.Deprovision
    }
}

# The SIDs of a package's PackageUserInformation whose InstallState is Installed (Staged, Paused and the
# others are not installed for that user). InstallState is an enum; its name is the same in every language.
function Get-RemcAppxRemovalInstalledUser {
    param($Package)
    foreach ($user in @($Package.PackageUserInformation)) {
        if ($null -eq $user -or [string]$user.InstallState -ne 'Installed') { continue }
        $sid = ''
        if ($null -ne $user.UserSecurityId) { $sid = [string]$user.UserSecurityId.Sid }
        if ($sid -eq '') { $sid = 'unknown SID' }
        $sid
    }
}

function Test-RemcAppxRemovalAbsent {
    param($Want, $Seen)
    if (@($Seen.Users).Count -gt 0) { return $false }
    if ($Want.Deprovision -and @($Seen.Provisioned).Count -gt 0) { return $false }
    return $true
}

# 'Microsoft.BingNews installed for 2 users, provisioned for new users': both halves read, never assumed.
function Format-RemcAppxRemovalState {
    param($Want, $Seen)
    $text = '{0} installed for {1}' -f $Want.Name, (Format-RemcAppxRemovalUserCount -Count @($Seen.Users).Count)
    if (-not $Seen.ProvisionChecked) { return ('{0}; provisioning not read (deprovision is off)' -f $text) }
    if (@($Seen.Provisioned).Count -gt 0) { return ('{0}, provisioned for new users' -f $text) }
    return ('{0}, not provisioned' -f $text)
}

function Format-RemcAppxRemovalUserCount {
    param([int] $Count)
    if ($Count -eq 0) { return 'no user' }
    if ($Count -eq 1) { return '1 user' }
    return ('{0} users' -f $Count)
}

# An HRESULT as Windows prints it, '0x80073CFA': the exception's own unless it is a generic .NET one
# (0x8013xxxx names no cause), else the first HRESULT in the message ("Deployment failed with HRESULT:
# 0x80073CFA, ..." in every display language), else ''.
function Get-RemcAppxRemovalHResult {
    param([int] $HResult, [string] $Message)
    $hex = '0x{0:X8}' -f $HResult
    if ($HResult -lt 0 -and $hex -notlike '0x8013*') { return $hex }
    $found = [regex]::Match([string]$Message, '0x[0-9A-Fa-f]{8}')
    if ($found.Success) { return ('0x' + $found.Value.Substring(2).ToUpperInvariant()) }
    return ''
}
