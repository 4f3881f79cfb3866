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

function New-RemcFakeAppxPackage {
    param(
        [string] $Name = 'Microsoft.AAD.BrokerPlugin',
        [string] $Status = 'Ok',
        [string] $Version = '1000.19580.1000.0',
        [string] $InstallLocation = 'C:\Windows\SystemApps\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy'
    )
    [pscustomobject]@{ Name = $Name; Status = $Status; Version = $Version; InstallLocation = $InstallLocation }
}

function Get-RemcFakeAppxPackage {
    param([string] $Name)
    $state = $global:RemcFakeState
    $null = $state.AppxQueries.Add($Name)
    if ($null -ne $state.AppxQueryError) { throw $state.AppxQueryError }
    # Deliberately loose (prefix match) so the probe's own exact-name filter is what gets tested.
    foreach ($item in @($state.AppxPackages)) {
        if ([string]$item.Name -like ($Name + '*')) { $item }
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
