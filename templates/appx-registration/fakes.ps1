# Test fakes for the appx-registration seams (never emitted). Dot-source this file: it defines the fakes
# and points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only the AppxRegistration* keys are touched (broker-plugin-registration's fakes keep
# their own). Packages and manifests are stored as plain records, so they survive the Clixml/JSON round
# trip between scenario steps; the fakes build AppxPackage-like objects on every query.
#
# "The declared package": a package record named '*' answers a query for any name (and while it exists it
# is the only answer, so an ordinary package of the same name never stands in for it); a manifest record
# with Path '*' is whatever manifest the check declares (a template scenario cannot know them).

# The Status of an AppxPackage is an enum whose text Get-AppxPackage shows as 'Ok'. Values as
# Windows.Management.Deployment.PackageStatus (Microsoft Learn, "PackageStatus Enum", a flags enum):
# OK 0, LicenseIssue 1, Modified 2, Tampered 4, Disabled 8.
[Flags()] enum RemcFakeAppxPackageStatus {
    Ok = 0
    LicenseIssue = 1
    Modified = 2
    Tampered = 4
    Disabled = 8
}

function Reset-RemcFakeAppxRegistration {
    param(
        # Packages registered for the user besides the ordinary ones (New-RemcFakeAppxRegistrationPackage).
        $Package = @(),
        # Manifests on disk besides those of registered packages (New-RemcFakeAppxRegistrationManifest).
        $Manifest = @(),
        # Start with no ordinary packages.
        [switch] $NoOrdinaryPackage,
        # The install locations' AppxManifest.xml files are missing (a damaged install).
        [switch] $MissingInstallManifest,
        # Get-AppxPackage fails (the seam throws this message).
        [string] $QueryError = '',
        # What Add-AppxPackage -Register does: 'heal' (register the manifest's package, status Ok),
        # 'fail' (RegisterHResult / RegisterMessage), 'timeout' (still running when the wait ends),
        # 'noeffect' (reports success, changes nothing).
        [ValidateSet('heal', 'fail', 'timeout', 'noeffect')] [string] $Register = 'heal',
        [int] $RegisterHResult = -2146233088,
        [string] $RegisterMessage = 'Deployment failed with HRESULT: 0x80073CF6, Package could not be registered.'
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.AppxRegistrationPackages = New-Object System.Collections.ArrayList
    if (-not $NoOrdinaryPackage) {
        foreach ($item in (New-RemcFakeOrdinaryAppxRegistrationPackage)) { $null = $state.AppxRegistrationPackages.Add($item) }
    }
    foreach ($item in @($Package)) { if ($null -ne $item) { $null = $state.AppxRegistrationPackages.Add($item) } }
    # Each registered package's install location holds its manifest, unless told otherwise.
    $state.AppxRegistrationManifests = New-Object System.Collections.ArrayList
    if (-not $MissingInstallManifest) {
        foreach ($item in @($state.AppxRegistrationPackages)) {
            $null = $state.AppxRegistrationManifests.Add((New-RemcFakeAppxRegistrationManifest -Path (Join-RemcFakeAppxRegistrationPath -InstallLocation $item.InstallLocation) -Name $item.Name -Version $item.Version))
        }
    }
    foreach ($item in @($Manifest)) { if ($null -ne $item) { $null = $state.AppxRegistrationManifests.Add($item) } }
    $state.AppxRegistrationQueryError = $null
    if ($QueryError -ne '') { $state.AppxRegistrationQueryError = $QueryError }
    $state.AppxRegistrationRegister = @{ Outcome = $Register; HResult = $RegisterHResult; Message = $RegisterMessage }
    # Registered: manifests registered with success (a change of the machine).
    $state.AppxRegistrationRegistered = New-Object System.Collections.ArrayList
    # Calls: every registration asked for ('<path>|<timeout>'); Queries: every Get-AppxPackage and file test.
    $state.AppxRegistrationCalls = New-Object System.Collections.ArrayList
    $state.AppxRegistrationQueries = New-Object System.Collections.ArrayList
}

# A registered package record. -Declared: the package the remediation declares, whatever its name.
function New-RemcFakeAppxRegistrationPackage {
    param(
        [string] $Name = 'Contoso.App',
        [string] $Status = 'Ok',
        [string] $Version = '1.4.2.0',
        [string] $InstallLocation = '',
        [switch] $Declared
    )
    if ($Declared) { $Name = '*' }
    if ($InstallLocation -eq '') {
        $label = $Name
        if ($Declared) { $label = 'Declared.Package' }
        $InstallLocation = 'C:\Program Files\WindowsApps\{0}_{1}_x64__8wekyb3d8bbwe' -f $label, $Version
    }
    [pscustomobject]@{ Name = $Name; Status = $Status; Version = $Version; InstallLocation = $InstallLocation }
}

# A manifest on disk and the package it describes. -Declared: the manifest the check declares (any path),
# describing the declared package.
function New-RemcFakeAppxRegistrationManifest {
    param([string] $Path = '', [string] $Name = 'Contoso.App', [string] $Version = '1.4.2.0', [switch] $Declared)
    if ($Declared) {
        $Path = '*'
        $Name = '*'
    }
    [pscustomobject]@{ Path = $Path; Name = $Name; Version = $Version }
}

# The packages every simulated device has besides the ones a scenario lists: the AAD broker plugin,
# the shell experience host, Calculator, the Store and the VCLibs framework, each registered and Ok.
function New-RemcFakeOrdinaryAppxRegistrationPackage {
    New-RemcFakeAppxRegistrationPackage -Name 'Microsoft.AAD.BrokerPlugin' -Version '1000.19580.1000.0' -InstallLocation 'C:\Windows\SystemApps\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy'
    New-RemcFakeAppxRegistrationPackage -Name 'Microsoft.Windows.ShellExperienceHost' -Version '10.0.19041.4355' -InstallLocation 'C:\Windows\SystemApps\ShellExperienceHost_cw5n1h2txyewy'
    New-RemcFakeAppxRegistrationPackage -Name 'Microsoft.WindowsCalculator' -Version '11.2405.2.0'
    New-RemcFakeAppxRegistrationPackage -Name 'Microsoft.WindowsStore' -Version '22405.1401.12.0'
    New-RemcFakeAppxRegistrationPackage -Name 'Microsoft.VCLibs.140.00' -Version '14.0.33519.0'
}

function Join-RemcFakeAppxRegistrationPath {
    param([string] $InstallLocation)
    return ($InstallLocation.TrimEnd('\') + '\AppxManifest.xml')
}

# An AppxPackage-like object, shaped as Get-AppxPackage returns it (Microsoft Learn, "Get-AppxPackage":
# output Microsoft.Windows.Appx.PackageManager.Commands.AppxPackage; its list view shows Name, Publisher,
# Architecture, ResourceId, Version, PackageFullName, InstallLocation, IsFramework, PackageFamilyName,
# PublisherId, IsResourcePackage, IsBundle, IsDevelopmentMode, NonRemovable, IsPartiallyStaged,
# SignatureKind, Status).
function ConvertTo-RemcFakeAppxPackageInstance {
    param($Record, [string] $Name)
    $family = '{0}_8wekyb3d8bbwe' -f $Name
    $package = [pscustomobject]@{
        Name              = $Name
        Publisher         = 'CN=Contoso, O=Contoso, L=Redmond, S=Washington, C=US'
        Architecture      = 'X64'
        ResourceId        = ''
        Version           = [string]$Record.Version
        PackageFullName   = ('{0}_{1}_x64__8wekyb3d8bbwe' -f $Name, $Record.Version)
        InstallLocation   = [string]$Record.InstallLocation
        IsFramework       = $false
        PackageFamilyName = $family
        PublisherId       = '8wekyb3d8bbwe'
        IsResourcePackage = $false
        IsBundle          = $false
        IsDevelopmentMode = $false
        NonRemovable      = $false
        IsPartiallyStaged = $false
        SignatureKind     = 'Store'
        Status            = $null
    }
    if ([string]$Record.Status -ne '') { $package.Status = [RemcFakeAppxPackageStatus]([string]$Record.Status) }
    $package.PSObject.TypeNames.Insert(0, 'Microsoft.Windows.Appx.PackageManager.Commands.AppxPackage')
    return $package
}

function Get-RemcFakeAppxRegistration {
    param([string] $Name)
    $state = $global:RemcFakeState
    $null = $state.AppxRegistrationQueries.Add(('get:{0}' -f $Name))
    if ($null -ne $state.AppxRegistrationQueryError) { throw $state.AppxRegistrationQueryError }
    $records = @($state.AppxRegistrationPackages)
    $declared = @($records | Where-Object { [string]$_.Name -eq '*' })
    if ($declared.Count -gt 0) {
        foreach ($record in $declared) { ConvertTo-RemcFakeAppxPackageInstance -Record $record -Name $Name }
        return
    }
    foreach ($record in $records) {
        # Get-AppxPackage -Name takes a wildcard pattern ("Wildcards are permitted").
        if ([string]$record.Name -like $Name) { ConvertTo-RemcFakeAppxPackageInstance -Record $record -Name ([string]$record.Name) }
    }
}

function Find-RemcFakeAppxRegistrationManifest {
    param([string] $Path)
    $state = $global:RemcFakeState
    foreach ($record in @($state.AppxRegistrationManifests)) {
        if ([string]$record.Path -eq $Path) { return $record }
    }
    # The declared manifest is any path, but never a registered package's own (install location) manifest.
    foreach ($package in @($state.AppxRegistrationPackages)) {
        if ((Join-RemcFakeAppxRegistrationPath -InstallLocation ([string]$package.InstallLocation)) -eq $Path) { return $null }
    }
    foreach ($record in @($state.AppxRegistrationManifests)) {
        if ([string]$record.Path -eq '*') { return $record }
    }
    return $null
}

function Test-RemcFakeAppxRegistrationFile {
    param([string] $Path)
    $null = $global:RemcFakeState.AppxRegistrationQueries.Add(('file:{0}' -f $Path))
    if ([string]::IsNullOrEmpty($Path)) { return $false }
    return ($null -ne (Find-RemcFakeAppxRegistrationManifest -Path $Path))
}

function Register-RemcFakeAppxRegistrationManifest {
    param([string] $Path, [int] $TimeoutSeconds)
    $state = $global:RemcFakeState
    $null = $state.AppxRegistrationCalls.Add(('{0}|{1}' -f $Path, $TimeoutSeconds))
    $register = $state.AppxRegistrationRegister
    if ($register.Outcome -eq 'timeout') { return @{ Finished = $false; Succeeded = $false; HResult = 0; Message = '' } }
    if ($register.Outcome -eq 'fail') { return @{ Finished = $true; Succeeded = $false; HResult = [int]$register.HResult; Message = [string]$register.Message } }
    $manifest = Find-RemcFakeAppxRegistrationManifest -Path $Path
    if ($null -eq $manifest) {
        # What Add-AppxPackage says for a manifest path that does not exist.
        return @{ Finished = $true; Succeeded = $false; HResult = -2147024893; Message = 'Deployment failed with HRESULT: 0x80070003, The system cannot find the path specified.' }
    }
    if ($register.Outcome -eq 'noeffect') { return @{ Finished = $true; Succeeded = $true; HResult = 0; Message = '' } }
    # Registering makes the manifest's package registered and Ok (the declared manifest heals the declared package).
    $healed = $false
    foreach ($record in @($state.AppxRegistrationPackages)) {
        if ([string]$record.Name -eq [string]$manifest.Name) {
            $record.Status = 'Ok'
            $record.Version = [string]$manifest.Version
            $healed = $true
        }
    }
    if (-not $healed) {
        $location = $Path.Substring(0, [Math]::Max(0, $Path.LastIndexOf('\')))
        if ([string]$manifest.Path -eq '*') { $location = 'C:\Program Files\WindowsApps\Declared.Package_{0}_x64__8wekyb3d8bbwe' -f $manifest.Version }
        $null = $state.AppxRegistrationPackages.Add((New-RemcFakeAppxRegistrationPackage -Name ([string]$manifest.Name) -Version ([string]$manifest.Version) -InstallLocation $location))
    }
    $null = $state.AppxRegistrationRegistered.Add($Path)
    return @{ Finished = $true; Succeeded = $true; HResult = 0; Message = '' }
}

Set-Alias -Name Get-RemcAppxRegistration -Value Get-RemcFakeAppxRegistration
Set-Alias -Name Test-RemcAppxRegistrationFile -Value Test-RemcFakeAppxRegistrationFile
Set-Alias -Name Register-RemcAppxRegistrationManifest -Value Register-RemcFakeAppxRegistrationManifest
