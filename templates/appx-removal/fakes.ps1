# Test fakes for the appx-removal seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState; only the AppxRemoval* keys are touched:
#   AppxRemovalPackages     installed packages: hashtables made by New-RemcFakeAppxRemovalPackage
#   AppxRemovalProvisioned  provisioned entries: hashtables made by New-RemcFakeAppxRemovalProvisioned
#   AppxRemovalQueryError   a message Get-AppxPackage throws, or $null
#   AppxRemovalHang         the removal job never answers within the wait
#   AppxRemovalCalls        every seam call in order: 'query:<name>', 'provisioned:<name>', and the calls
#                           that change the machine: 'deprovision:<PackageName>', 'remove:<PackageFullName>'
# Records are plain hashtables (users an array of hashtables), so they survive the Clixml/JSON round trip
# between scenario steps; the fakes build the cmdlets' objects on every query.
#
# "The declared package": a record named '*' answers for whatever name the check declares (a template
# scenario cannot know it); its full names are made from the name asked for.

# PackageUserInformation.InstallState: Windows.Management.Deployment.PackageInstallState (Microsoft Learn,
# "PackageInstallState Enum"): NotInstalled 0, Staged 1, Installed 2, Paused 6.
enum RemcFakeAppxPackageInstallState {
    NotInstalled = 0
    Staged = 1
    Installed = 2
    Paused = 6
}

# ERROR_REMOVE_FAILED as Remove-AppxPackage throws it (Learn: "Troubleshooting packaging, deployment, and
# query of Windows apps": 0x80073CFA, "The package couldn't be uninstalled"; the text as a published
# transcript shows it, "Remove-AppxPackage : Deployment failed with HRESULT: 0x80073CFA, Removal failed.
# Please contact your software vendor.", followed by the deployment's own reason, e.g. error 0x80070032
# "This app is part of Windows and cannot be uninstalled on a per-user basis").
function Get-RemcFakeAppxRemovalFailure {
    @{
        HResult = -2147009286
        Message = 'Deployment failed with HRESULT: 0x80073CFA, Removal failed. Please contact your software vendor. (Exception from HRESULT: 0x80073CFA) error 0x80070032: AppX Deployment Remove operation on package failed.'
    }
}

function Reset-RemcFakeAppxRemoval {
    param(
        # Installed packages besides the ordinary ones (New-RemcFakeAppxRemovalPackage).
        $Package = @(),
        # Provisioned entries besides the ordinary ones (New-RemcFakeAppxRemovalProvisioned).
        $Provisioned = @(),
        # Start without the ordinary packages and entries (New-RemcFakeOrdinaryAppxRemoval).
        [switch] $NoOrdinaryPackage,
        # Get-AppxPackage fails (the seam throws this message).
        [string] $QueryError = '',
        # The removal job is still running when the wait ends.
        [switch] $Hang
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.AppxRemovalPackages = New-Object System.Collections.ArrayList
    $state.AppxRemovalProvisioned = New-Object System.Collections.ArrayList
    if (-not $NoOrdinaryPackage) {
        $ordinary = New-RemcFakeOrdinaryAppxRemoval
        foreach ($item in @($ordinary.Package)) { $null = $state.AppxRemovalPackages.Add($item) }
        foreach ($item in @($ordinary.Provisioned)) { $null = $state.AppxRemovalProvisioned.Add($item) }
    }
    foreach ($item in @($Package)) { if ($null -ne $item) { $null = $state.AppxRemovalPackages.Add($item) } }
    foreach ($item in @($Provisioned)) { if ($null -ne $item) { $null = $state.AppxRemovalProvisioned.Add($item) } }
    $state.AppxRemovalQueryError = $null
    if ($QueryError -ne '') { $state.AppxRemovalQueryError = $QueryError }
    $state.AppxRemovalHang = [bool]$Hang
    $state.AppxRemovalCalls = New-Object System.Collections.ArrayList
}

# One user's entry of a package's PackageUserInformation. The SIDs default to those of a published
# Get-AppxPackage -AllUsers listing ("PackageUserInformation : {S-1-5-21-2131847279-499954021-2616371242-1003
# [Dorian]: Installed}"). -Refuses: Remove-AppxPackage -AllUsers cannot remove the package for this user
# (it fails with 0x80073CFA and the package stays installed for them).
function New-RemcFakeAppxRemovalUser {
    param(
        [string] $Sid = 'S-1-5-21-2131847279-499954021-2616371242-1003',
        [string] $UserName = 'Dorian',
        [ValidateSet('Installed', 'Staged', 'Paused', 'NotInstalled')] [string] $InstallState = 'Installed',
        [switch] $Refuses
    )
    return @{ Sid = $Sid; UserName = $UserName; InstallState = $InstallState; Refuses = [bool]$Refuses }
}

# An installed package record. -Users: its users (New-RemcFakeAppxRemovalUser); -Bundle: it came in a bundle
# (Get-AppxPackage -PackageTypeFilter Main, Bundle answers both); -Declared: the package the check declares.
function New-RemcFakeAppxRemovalPackage {
    param(
        [string] $Name = 'Microsoft.BingNews',
        [string] $Version = '4.55.62231.0',
        $Users = @(),
        [switch] $Bundle,
        [switch] $Framework,
        [switch] $NonRemovable,
        [switch] $Declared
    )
    if ($Declared) { $Name = '*' }
    return @{ Name = $Name; Version = $Version; Users = @($Users); Bundle = [bool]$Bundle; IsFramework = [bool]$Framework; NonRemovable = [bool]$NonRemovable }
}

# A provisioned entry (Get-AppxProvisionedPackage -Online). -Declared: the entry of the declared package.
function New-RemcFakeAppxRemovalProvisioned {
    param([string] $Name = 'Microsoft.BingNews', [string] $Version = '4.55.62231.0', [switch] $Declared)
    if ($Declared) { $Name = '*' }
    return @{ DisplayName = $Name; Version = $Version }
}

# What every simulated device has besides a scenario's packages: Calculator installed for one user and
# provisioned, and the VCLibs framework (names from Learn, "Understand the different apps included in
# Windows 10").
function New-RemcFakeOrdinaryAppxRemoval {
    @{
        Package     = @(
            (New-RemcFakeAppxRemovalPackage -Name 'Microsoft.WindowsCalculator' -Version '11.2405.2.0' -Users @(New-RemcFakeAppxRemovalUser) -Bundle)
            (New-RemcFakeAppxRemovalPackage -Name 'Microsoft.VCLibs.140.00' -Version '14.0.33519.0' -Users @(New-RemcFakeAppxRemovalUser) -Framework)
        )
        Provisioned = @(New-RemcFakeAppxRemovalProvisioned -Name 'Microsoft.WindowsCalculator' -Version '11.2405.2.0')
    }
}

# The identity Name of a full name ('Microsoft.BingNews_4.55.62231.0_neutral_~_8wekyb3d8bbwe').
function Get-RemcFakeAppxRemovalNameOf {
    param([string] $FullName)
    return ([string]$FullName -split '_')[0]
}

function Get-RemcFakeAppxRemovalMainName {
    param([string] $Name, [string] $Version)
    return ('{0}_{1}_x64__8wekyb3d8bbwe' -f $Name, $Version)
}

function Get-RemcFakeAppxRemovalBundleName {
    param([string] $Name, [string] $Version)
    return ('{0}_{1}_neutral_~_8wekyb3d8bbwe' -f $Name, $Version)
}

# The name a record answers to when asked for Name: its own, or the asked one for the declared record.
function Get-RemcFakeAppxRemovalRecordName {
    param($Record, [string] $Name)
    if ([string]$Record.Name -eq '*') { return $Name }
    return [string]$Record.Name
}

# A PackageUserInformation entry as scripts read it: UserSecurityId.Sid, UserSecurityId.UserName and
# InstallState (compared with 'Installed' as text).
function ConvertTo-RemcFakeAppxRemovalUserInfo {
    param($User)
    $id = [pscustomobject]@{ Sid = [string]$User.Sid; UserName = [string]$User.UserName }
    $info = [pscustomobject]@{ UserSecurityId = $id; InstallState = [RemcFakeAppxPackageInstallState]([string]$User.InstallState) }
    $info.PSObject.TypeNames.Insert(0, 'Microsoft.Windows.Appx.PackageManager.Commands.PackageUserInformation')
    return $info
}

# An AppxPackage as Get-AppxPackage -AllUsers returns it (Learn: "Get-AppxPackage", output
# Microsoft.Windows.Appx.PackageManager.Commands.AppxPackage; the properties of a published -AllUsers
# listing: Name, Publisher, Architecture, ResourceId, Version, PackageFullName, InstallLocation,
# IsFramework, PackageFamilyName, PublisherId, PackageUserInformation, IsResourcePackage, IsBundle,
# IsDevelopmentMode, NonRemovable, IsPartiallyStaged, SignatureKind, Status).
function ConvertTo-RemcFakeAppxRemovalPackage {
    param($Record, [string] $Name, [switch] $AsBundle)
    $full = Get-RemcFakeAppxRemovalMainName -Name $Name -Version ([string]$Record.Version)
    $architecture = 'X64'
    if ($AsBundle) {
        $full = Get-RemcFakeAppxRemovalBundleName -Name $Name -Version ([string]$Record.Version)
        $architecture = 'Neutral'
    }
    $package = [pscustomobject]@{
        Name                   = $Name
        Publisher              = 'CN=Microsoft Corporation, O=Microsoft Corporation, L=Redmond, S=Washington, C=US'
        Architecture           = $architecture
        ResourceId             = ''
        Version                = [string]$Record.Version
        PackageFullName        = $full
        InstallLocation        = ('C:\Program Files\WindowsApps\{0}' -f $full)
        IsFramework            = [bool]$Record.IsFramework
        PackageFamilyName      = ('{0}_8wekyb3d8bbwe' -f $Name)
        PublisherId            = '8wekyb3d8bbwe'
        PackageUserInformation = @(@($Record.Users) | ForEach-Object { ConvertTo-RemcFakeAppxRemovalUserInfo -User $_ })
        IsResourcePackage      = $false
        IsBundle               = [bool]$AsBundle
        IsDevelopmentMode      = $false
        NonRemovable           = [bool]$Record.NonRemovable
        IsPartiallyStaged      = $false
        SignatureKind          = 'Store'
        Status                 = 'Ok'
    }
    $package.PSObject.TypeNames.Insert(0, 'Microsoft.Windows.Appx.PackageManager.Commands.AppxPackage')
    return $package
}

# An AppxPackageObject as Get-AppxProvisionedPackage -Online returns it (Learn: "Get-AppxProvisionedPackage",
# output Microsoft.Dism.Commands.AppxPackageObject; the fields DISM's AppxProvider prints for each entry:
# DisplayName, Version, Architecture, ResourceId, PackageName, Regions), with those it has as an
# ImageObject (Online, RestartNeeded, LogPath, ...). Architecture is DISM's number for it; 11 (neutral) is
# not taken from a published listing, and nothing in the template reads it.
function ConvertTo-RemcFakeAppxRemovalProvisioned {
    param($Record, [string] $Name)
    $entry = [pscustomobject]@{
        DisplayName      = $Name
        Version          = [string]$Record.Version
        Architecture     = [uint32]11
        ResourceId       = '~'
        PackageName      = (Get-RemcFakeAppxRemovalBundleName -Name $Name -Version ([string]$Record.Version))
        Regions          = ''
        InstallLocation  = ('%SYSTEMDRIVE%\Program Files\WindowsApps\{0}\AppxMetadata\AppxBundleManifest.xml' -f (Get-RemcFakeAppxRemovalBundleName -Name $Name -Version ([string]$Record.Version)))
        Path             = $null
        Online           = $true
        WinPath          = $null
        SysDrivePath     = $null
        RestartNeeded    = $false
        LogPath          = 'C:\WINDOWS\Logs\DISM\dism.log'
        ScratchDirectory = $null
        LogLevel         = 'WarningsInfo'
    }
    $entry.PSObject.TypeNames.Insert(0, 'Microsoft.Dism.Commands.AppxPackageObject')
    return $entry
}

# Get-AppxPackage -AllUsers -Name <pattern> -PackageTypeFilter Main, Bundle. A record with no users left
# is gone (the fakes drop it when its last user is removed).
function Get-RemcFakeAppxRemovalPackage {
    param([string] $Name)
    $state = $global:RemcFakeState
    $null = $state.AppxRemovalCalls.Add('query:' + $Name)
    if ($null -ne $state.AppxRemovalQueryError) { throw [string]$state.AppxRemovalQueryError }
    foreach ($record in @($state.AppxRemovalPackages)) {
        $answer = Get-RemcFakeAppxRemovalRecordName -Record $record -Name $Name
        # -Name takes a wildcard pattern ("Wildcards are permitted").
        if ($answer -notlike $Name) { continue }
        ConvertTo-RemcFakeAppxRemovalPackage -Record $record -Name $answer
        if ([bool]$record.Bundle) { ConvertTo-RemcFakeAppxRemovalPackage -Record $record -Name $answer -AsBundle }
    }
}

# Get-AppxProvisionedPackage -Online, the entries whose DisplayName is the name (as the seam filters).
function Get-RemcFakeAppxRemovalProvisioned {
    param([string] $Name)
    $state = $global:RemcFakeState
    $null = $state.AppxRemovalCalls.Add('provisioned:' + $Name)
    foreach ($record in @($state.AppxRemovalProvisioned)) {
        $answer = Get-RemcFakeAppxRemovalRecordName -Record @{ Name = $record.DisplayName } -Name $Name
        if ($answer -eq $Name) { ConvertTo-RemcFakeAppxRemovalProvisioned -Record $record -Name $answer }
    }
}

# The job of Invoke-RemcAppxRemovalChange: each de-provisioning, then each removal for every user.
function Invoke-RemcFakeAppxRemovalChange {
    param([string[]] $Deprovision = @(), [string[]] $Remove = @(), [int] $TimeoutSeconds)
    $state = $global:RemcFakeState
    foreach ($target in @($Deprovision)) { $null = $state.AppxRemovalCalls.Add('deprovision:' + $target) }
    foreach ($target in @($Remove)) { $null = $state.AppxRemovalCalls.Add('remove:' + $target) }
    if ([bool]$state.AppxRemovalHang) { return @{ Finished = $false; Steps = @(); Reason = '' } }
    $steps = @()
    foreach ($target in @($Deprovision)) { $steps += (Invoke-RemcFakeAppxRemovalDeprovision -Target $target) }
    foreach ($target in @($Remove)) { $steps += (Invoke-RemcFakeAppxRemovalRemove -Target $target) }
    return @{ Finished = $true; Steps = $steps; Reason = '' }
}

function Invoke-RemcFakeAppxRemovalDeprovision {
    param([string] $Target)
    $state = $global:RemcFakeState
    $name = Get-RemcFakeAppxRemovalNameOf -FullName $Target
    $kept = New-Object System.Collections.ArrayList
    $found = $false
    foreach ($record in @($state.AppxRemovalProvisioned)) {
        $answer = Get-RemcFakeAppxRemovalRecordName -Record @{ Name = $record.DisplayName } -Name $name
        if ((Get-RemcFakeAppxRemovalBundleName -Name $answer -Version ([string]$record.Version)) -eq $Target) { $found = $true; continue }
        $null = $kept.Add($record)
    }
    $state.AppxRemovalProvisioned = $kept
    if (-not $found) {
        # DISM: the package is not provisioned (ERROR_NOT_FOUND).
        return @{ Kind = 'deprovision'; Target = $Target; Succeeded = $false; HResult = -2147023728; Message = 'Element not found.'; ErrorId = 'Microsoft.Dism.Commands.RemoveAppxProvisionedPackageCommand' }
    }
    return @{ Kind = 'deprovision'; Target = $Target; Succeeded = $true; HResult = 0; Message = ''; ErrorId = '' }
}

# Remove-AppxPackage -Package <full name> -AllUsers: every user of the record loses the package but those
# that refuse; a record with no user left is gone.
function Invoke-RemcFakeAppxRemovalRemove {
    param([string] $Target)
    $state = $global:RemcFakeState
    $name = Get-RemcFakeAppxRemovalNameOf -FullName $Target
    $kept = New-Object System.Collections.ArrayList
    $found = $false
    $refused = $false
    foreach ($record in @($state.AppxRemovalPackages)) {
        $answer = Get-RemcFakeAppxRemovalRecordName -Record $record -Name $name
        $names = @((Get-RemcFakeAppxRemovalMainName -Name $answer -Version ([string]$record.Version)))
        if ([bool]$record.Bundle) { $names += (Get-RemcFakeAppxRemovalBundleName -Name $answer -Version ([string]$record.Version)) }
        if ($names -notcontains $Target) { $null = $kept.Add($record); continue }
        $found = $true
        $left = @(@($record.Users) | Where-Object { [bool]$_.Refuses })
        if ($left.Count -gt 0) { $refused = $true }
        $record.Users = $left
        if ($left.Count -gt 0) { $null = $kept.Add($record) }
    }
    $state.AppxRemovalPackages = $kept
    if (-not $found) {
        # ERROR_INSTALL_PACKAGE_NOT_FOUND (Learn, the same troubleshooting page: 0x80073CF1).
        return @{ Kind = 'remove'; Target = $Target; Succeeded = $false; HResult = -2147009295; Message = 'Deployment failed with HRESULT: 0x80073CF1, Package was not found.'; ErrorId = 'DeploymentError,Microsoft.Windows.Appx.PackageManager.Commands.RemoveAppxPackageCommand' }
    }
    if ($refused) {
        $failure = Get-RemcFakeAppxRemovalFailure
        return @{ Kind = 'remove'; Target = $Target; Succeeded = $false; HResult = [int]$failure.HResult; Message = [string]$failure.Message; ErrorId = 'DeploymentError,Microsoft.Windows.Appx.PackageManager.Commands.RemoveAppxPackageCommand' }
    }
    return @{ Kind = 'remove'; Target = $Target; Succeeded = $true; HResult = 0; Message = ''; ErrorId = '' }
}

Set-Alias -Name Get-RemcAppxRemovalPackage -Value Get-RemcFakeAppxRemovalPackage
Set-Alias -Name Get-RemcAppxRemovalProvisioned -Value Get-RemcFakeAppxRemovalProvisioned
Set-Alias -Name Invoke-RemcAppxRemovalChange -Value Invoke-RemcFakeAppxRemovalChange
