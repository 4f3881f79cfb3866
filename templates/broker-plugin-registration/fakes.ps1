# Test fakes for the broker-plugin-registration seams (never emitted). Dot-source this file: it
# defines the fakes and points the seam names at them with aliases, which win over functions.
# Scenario state lives in $script:RemcFakeState; only this template's keys are touched.

function Reset-RemcFakeBrokerPluginRegistration {
    param(
        $Package = @(),
        [string[]] $ExistingPath = @(),
        $RegisterError = $null,
        [switch] $RegisterHeals
    )
    if ($null -eq $script:RemcFakeState) { $script:RemcFakeState = @{} }
    $script:RemcFakeState.AppxPackages = New-Object System.Collections.ArrayList
    foreach ($item in @($Package)) { if ($null -ne $item) { $null = $script:RemcFakeState.AppxPackages.Add($item) } }
    $script:RemcFakeState.ExistingPaths = @($ExistingPath)
    # RegisterError: a message or exception Add-AppxPackage throws; RegisterHeals: success makes the package Ok.
    $script:RemcFakeState.RegisterError = $RegisterError
    $script:RemcFakeState.RegisterHeals = [bool]$RegisterHeals
    $script:RemcFakeState.Registered = New-Object System.Collections.ArrayList
    $script:RemcFakeState.AppxQueries = New-Object System.Collections.ArrayList
    $script:RemcFakeState.PathQueries = New-Object System.Collections.ArrayList
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
    $null = $script:RemcFakeState.AppxQueries.Add($Name)
    # Deliberately loose (prefix match) so the probe's own exact-name filter is what gets tested.
    foreach ($item in @($script:RemcFakeState.AppxPackages)) {
        if ([string]$item.Name -like ($Name + '*')) { $item }
    }
}

function Register-RemcFakeAppxManifest {
    param([string] $Path)
    $null = $script:RemcFakeState.Registered.Add($Path)
    if ($null -ne $script:RemcFakeState.RegisterError) { throw $script:RemcFakeState.RegisterError }
    if ($script:RemcFakeState.RegisterHeals) {
        $script:RemcFakeState.AppxPackages.Clear()
        $null = $script:RemcFakeState.AppxPackages.Add((New-RemcFakeAppxPackage))
    }
}

function Test-RemcFakePath {
    param([string] $Path)
    $null = $script:RemcFakeState.PathQueries.Add($Path)
    return ($script:RemcFakeState.ExistingPaths -contains $Path)
}

Set-Alias -Name Get-RemcAppxPackage -Value Get-RemcFakeAppxPackage
Set-Alias -Name Register-RemcAppxManifest -Value Register-RemcFakeAppxManifest
Set-Alias -Name Test-RemcPath -Value Test-RemcFakePath
