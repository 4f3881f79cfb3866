# Test fakes for the broker-plugin-registration seams (never emitted). Dot-source this file: it
# defines the fakes and points the seam names at them with aliases, which win over functions.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its
# own script scope); only this template's keys are touched.

function Reset-RemcFakeBrokerPluginRegistration {
    param(
        $Package = @(),
        [string[]] $ExistingPath = @(),
        $RegisterError = $null,
        # RegisterHangs: Add-AppxPackage does not return; the seam's wait runs out.
        [switch] $RegisterHangs,
        # QueryError: Get-AppxPackage itself fails (the seam throws this message).
        $QueryError = $null,
        [switch] $RegisterHeals
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.AppxPackages = New-Object System.Collections.ArrayList
    foreach ($item in @($Package)) { if ($null -ne $item) { $null = $state.AppxPackages.Add($item) } }
    $state.ExistingPaths = @($ExistingPath)
    # RegisterError: a message or exception Add-AppxPackage throws; RegisterHeals: success makes the package Ok.
    $state.RegisterError = $RegisterError
    $state.RegisterHangs = [bool]$RegisterHangs
    $state.RegisterHeals = [bool]$RegisterHeals
    $state.AppxQueryError = $QueryError
    $state.Registered = New-Object System.Collections.ArrayList
    $state.AppxQueries = New-Object System.Collections.ArrayList
    $state.PathQueries = New-Object System.Collections.ArrayList
}

# The enums behind an AppxPackage's text (Microsoft Learn: Windows.Management.Deployment.PackageStatus, a
# flags enum; Windows.System.ProcessorArchitecture; PackageSignatureKind). samples/README.md names the sample.
[Flags()] enum RemcFakeBrokerPackageStatus {
    Ok = 0
    LicenseIssue = 1
    Modified = 2
    Tampered = 4
    Disabled = 8
}
enum RemcFakeBrokerArchitecture {
    X86 = 0
    Arm = 5
    X64 = 9
    Neutral = 11
    Arm64 = 12
}
enum RemcFakeBrokerSignatureKind {
    None = 0
    Developer = 1
    Enterprise = 2
    Store = 3
    System = 4
}

function New-RemcFakeAppxPackage {
    # A plain record (it survives the scenario state's Clixml round trip); Get-RemcFakeAppxPackage turns it
    # into a package as Get-AppxPackage returns it.
    param(
        [string] $Name = 'Microsoft.AAD.BrokerPlugin',
        [string] $Status = 'Ok',
        [string] $Version = '1000.19580.1000.0',
        [string] $InstallLocation = 'C:\Windows\SystemApps\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy'
    )
    [pscustomobject]@{ Name = $Name; Status = $Status; Version = $Version; InstallLocation = $InstallLocation }
}

function ConvertTo-RemcFakeBrokerAppxPackage {
    # The fields and types of Get-AppxPackage's AppxPackage for a system app (samples/get-appxpackage-brokerplugin.txt).
    param($Record)
    $family = '{0}_cw5n1h2txyewy' -f $Record.Name
    # A value outside the enum (the probe's robustness tests) stays the text it was given.
    try { $status = [RemcFakeBrokerPackageStatus]([string]$Record.Status) } catch { $status = [string]$Record.Status }
    [pscustomobject]@{
        Name              = [string]$Record.Name
        Publisher         = 'CN=Microsoft Windows, O=Microsoft Corporation, L=Redmond, S=Washington, C=US'
        Architecture      = [RemcFakeBrokerArchitecture]::Neutral
        ResourceId        = 'neutral'
        Version           = [string]$Record.Version
        PackageFullName   = '{0}_{1}_neutral_neutral_cw5n1h2txyewy' -f $Record.Name, $Record.Version
        InstallLocation   = [string]$Record.InstallLocation
        IsFramework       = $false
        PackageFamilyName = $family
        PublisherId       = 'cw5n1h2txyewy'
        IsResourcePackage = $false
        IsBundle          = $false
        IsDevelopmentMode = $false
        NonRemovable      = $true
        IsPartiallyStaged = $false
        SignatureKind     = [RemcFakeBrokerSignatureKind]::System
        Status            = $status
    }
}

function Get-RemcFakeAppxPackage {
    param([string] $Name)
    $state = $global:RemcFakeState
    $null = $state.AppxQueries.Add($Name)
    if ($null -ne $state.AppxQueryError) { throw $state.AppxQueryError }
    # Deliberately loose (prefix match) so the probe's own exact-name filter is what gets tested.
    foreach ($item in @($state.AppxPackages)) {
        if ([string]$item.Name -like ($Name + '*')) { ConvertTo-RemcFakeBrokerAppxPackage -Record $item }
    }
}

function Register-RemcFakeAppxManifest {
    param([string] $Path, [int] $TimeoutSeconds = 120)
    $state = $global:RemcFakeState
    $null = $state.Registered.Add($Path)
    if ($state.RegisterHangs) { throw ('the registration did not finish within {0} s (stopped waiting; Windows may still complete it)' -f $TimeoutSeconds) }
    if ($null -ne $state.RegisterError) { throw $state.RegisterError }
    if ($state.RegisterHeals) {
        $state.AppxPackages.Clear()
        $null = $state.AppxPackages.Add((New-RemcFakeAppxPackage))
    }
}

function Test-RemcFakePath {
    param([string] $Path)
    $state = $global:RemcFakeState
    $null = $state.PathQueries.Add($Path)
    return ($state.ExistingPaths -contains $Path)
}

Set-Alias -Name Get-RemcAppxPackage -Value Get-RemcFakeAppxPackage
Set-Alias -Name Register-RemcAppxManifest -Value Register-RemcFakeAppxManifest
Set-Alias -Name Test-RemcPath -Value Test-RemcFakePath
