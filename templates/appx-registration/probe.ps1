function Test-RemcAppxRegistration {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcAppxRegistrationWanted -Config $Config
    $package = Find-RemcAppxRegistrationPackage -Name $want.Name
    if ($null -eq $package) {
        $facts = @{ Present = $false; Status = $null; Version = $null; InstallLocation = $null; Source = 'declared'; Manifest = $want.Manifest }
        if ($want.Manifest -eq '') {
            $facts.Source = ''
            return @{ InDesiredState = $false; Summary = ('{0} not registered for this user (no manifest declared to register it from)' -f $want.Name); Facts = $facts }
        }
        return @{ InDesiredState = $false; Summary = ('{0} not registered for this user' -f $want.Name); Facts = $facts }
    }
    $status = Get-RemcAppxRegistrationStatusText -Package $package
    $ok = ($status -eq 'Ok')
    $location = [string]$package.InstallLocation
    $facts = @{ Present = $true; Status = $status; Version = [string]$package.Version; InstallLocation = $location; Source = 'InstallLocation'; Manifest = (Join-RemcAppxRegistrationManifestPath -InstallLocation $location) }
    if ($ok) { return @{ InDesiredState = $true; Summary = ('{0} registered, status Ok' -f $want.Name); Facts = $facts } }
    return @{ InDesiredState = $false; Summary = ('{0} status {1}' -f $want.Name, $status); Facts = $facts }
}

# %NAME% replaced from this process's environment (the Env: drive: case-insensitive on Windows), as
# Environment.ExpandEnvironmentVariables does, which Constrained Language Mode does not allow: an undefined
# variable stays as written, and its closing % may open the next name.
function Expand-RemcAppxRegistrationVariable {
    param([string] $Text)
    $out = ''
    $rest = $Text
    for ($found = [regex]::Match($rest, '%([^%]*)%'); $found.Success; $found = [regex]::Match($rest, '%([^%]*)%')) {
        $name = $found.Groups[1].Value
        $value = $null
        if ($name -ne '' -and (Test-Path -LiteralPath ('Env:' + $name))) { $value = [string](Get-Item -LiteralPath ('Env:' + $name)).Value }
        if ($null -eq $value) {
            $keep = $found.Index + $found.Length - 1
            $out += $rest.Substring(0, $keep)
            $rest = $rest.Substring($keep)
        }
        else {
            $out += $rest.Substring(0, $found.Index) + $value
            $rest = $rest.Substring($found.Index + $found.Length)
        }
    }
    return $out + $rest
}

# The configuration, checked: the compiler validated it, but a hand-edited script must not act on a pattern.
function Get-RemcAppxRegistrationWanted {
    param($Config)
    $name = [string]$Config.PackageName
    # Identity Name: 3 to 50 letters, digits, dots and hyphens. A published sample said
    # 'Microsoft.AAD.Broker Plugin' and never matched: refuse spaces and wildcards.
    if ($name -notmatch '^[A-Za-z0-9.-]{3,50}$') {
        throw ("PackageName must be an exact package name without spaces or wildcards: '{0}'" -f $name)
    }
    $manifest = ''
    if ($null -ne $Config.Manifest -and [string]$Config.Manifest -ne '') {
        # Declarations stay machine-neutral with %SystemRoot%, %LOCALAPPDATA%, ...; the device resolves them.
        $manifest = Expand-RemcAppxRegistrationVariable -Text ([string]$Config.Manifest)
    }
    $timeout = 120
    if ($null -ne $Config.TimeoutSeconds) { $timeout = [int]$Config.TimeoutSeconds }
    if ($timeout -lt 1 -or $timeout -gt 3600) { throw ('TimeoutSeconds must be between 1 and 3600: {0}' -f $timeout) }
    return @{ Name = $name; Manifest = $manifest; TimeoutSeconds = $timeout }
}

function Find-RemcAppxRegistrationPackage {
    param([string] $Name)
    return (Select-RemcAppxRegistrationPackage -Package @(Get-RemcAppxRegistration -Name $Name) -Name $Name)
}

# The registration that describes the package: exact name only (Get-AppxPackage -Name matches wildcards
# and look-alikes); among several (e.g. architectures), a healthy one is enough.
function Select-RemcAppxRegistrationPackage {
    param($Package, [string] $Name)
    $found = @(@($Package) | Where-Object { $null -ne $_ -and [string]$_.Name -eq $Name })
    if ($found.Count -eq 0) { return $null }
    $healthy = @($found | Where-Object { (Get-RemcAppxRegistrationStatusText -Package $_) -eq 'Ok' })
    if ($healthy.Count -gt 0) { return $healthy[0] }
    return $found[0]
}

function Get-RemcAppxRegistrationStatusText {
    param($Package)
    # Status is an enum (text Ok, Modified, Tampered, LicenseIssue, Disabled, or several joined by ', ').
    $status = [string]$Package.Status
    if ([string]::IsNullOrEmpty($status)) { return 'unknown' }
    if ($status -eq 'Ok') { return 'Ok' }
    return $status
}

function Join-RemcAppxRegistrationManifestPath {
    param([string] $InstallLocation)
    if ([string]::IsNullOrEmpty($InstallLocation)) { return '' }
    return ($InstallLocation.TrimEnd('\') + '\AppxManifest.xml')
}
