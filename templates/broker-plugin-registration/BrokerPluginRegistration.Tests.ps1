# Pester 5 tests of the broker-plugin-registration probe and fix against fakes (seam.ps1 is never loaded).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')

    # The manifest default uses %SystemRoot%, which Linux test hosts do not define.
    $script:SavedSystemRoot = $env:SystemRoot
    $env:SystemRoot = 'C:\Windows'
    $script:Manifest = 'C:\Windows\SystemApps\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\AppxManifest.xml'

    function New-TestConfig {
        # The compiler's defaults, from the spec.
        param([hashtable] $Override = @{})
        New-RemcTestConfig -Template 'broker-plugin-registration' -Override $Override
    }

    function New-TestContext {
        New-RemcTestContext -RemediationId 'teams-50058'
    }

    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')
}

AfterAll {
    $env:SystemRoot = $script:SavedSystemRoot
}

Describe 'fakes match the recorded sample (samples/README.md names the source)' {
    It 'a fake package has every field of Get-AppxPackage''s, with the same text' {
        $fake = ConvertTo-RemcFakeBrokerAppxPackage -Record (New-RemcFakeAppxPackage -Version '1000.19041.1.0')
        $sample = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'samples/get-appxpackage-brokerplugin.txt')
        foreach ($line in $sample) {
            $found = [regex]::Match($line, '^(\w+)\s+: (.*)$')
            if (-not $found.Success -or $found.Groups[1].Value -eq 'PackageUserInformation') { continue }
            $field = $found.Groups[1].Value
            $fake.PSObject.Properties.Name | Should -Contain $field
            [string]$fake.$field | Should -Be $found.Groups[2].Value -Because $field
        }
    }

    It 'types Status, Architecture and SignatureKind as enums with the values Windows gives them' {
        $fake = ConvertTo-RemcFakeBrokerAppxPackage -Record (New-RemcFakeAppxPackage -Status 'Modified')
        $fake.Status | Should -BeOfType [enum]
        [int]$fake.Status | Should -Be 2
        [int]$fake.Architecture | Should -Be 11
        [int]$fake.SignatureKind | Should -Be 4
        $fake.IsFramework | Should -BeOfType [bool]
    }
}

Describe 'broker-plugin-registration emitted files' {
    It 'seam.ps1 never asks for all users' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $all = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandParameterAst] -and $n.ParameterName -eq 'AllUsers' }, $true)
        @($all).Count | Should -Be 0
    }
}

Describe 'Test-RemcBrokerPluginRegistration' {
    It 'returns exactly one hashtable' {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage)
        $result = @(Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext))
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
    }

    It 'is in desired state when the package is registered with status Ok' {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage -Version '1000.22621.1.0')
        $result = Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'BrokerPlugin registered, status Ok'
        $result.Facts.Present | Should -BeTrue
        $result.Facts.Status | Should -Be 'Ok'
        $result.Facts.Version | Should -Be '1000.22621.1.0'
        @($global:RemcFakeState.AppxQueries) | Should -Be @('Microsoft.AAD.BrokerPlugin')
    }

    It 'drifts when the package is not registered for this user' {
        Reset-RemcFakeBrokerPluginRegistration
        $result = Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'BrokerPlugin not registered for this user'
        $result.Facts.Present | Should -BeFalse
        $result.Facts.Status | Should -BeNullOrEmpty
        $result.Facts.Version | Should -BeNullOrEmpty
    }

    It 'drifts when the status is <Status>' -ForEach @(
        @{ Status = 'Modified' }, @{ Status = 'Tampered' }, @{ Status = 'LicenseIssue' }, @{ Status = 'DependencyIssue' }
    ) {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage -Status $Status)
        $result = Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be ('BrokerPlugin status {0}' -f $Status)
        $result.Facts.Present | Should -BeTrue
        $result.Facts.Status | Should -Be $Status
    }

    It 'treats a missing status as drift' {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage -Status '')
        $result = Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'BrokerPlugin status unknown'
    }

    It 'compares the status as a string, case-insensitively' {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage -Status 'OK')
        (Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'does not count a look-alike package as the BrokerPlugin' {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage -Name 'Microsoft.AAD.BrokerPlugin.Something')
        $result = Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'BrokerPlugin not registered for this user'
    }

    It 'reports the real package, not a healthy look-alike' {
        Reset-RemcFakeBrokerPluginRegistration -Package @(
            New-RemcFakeAppxPackage -Name 'Microsoft.AAD.BrokerPlugin.Something'
            New-RemcFakeAppxPackage -Status 'Modified'
        )
        $result = Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $result.Summary | Should -Be 'BrokerPlugin status Modified'
    }

    It 'accepts one healthy registration among several' {
        Reset-RemcFakeBrokerPluginRegistration -Package @(
            New-RemcFakeAppxPackage -Status 'Modified'
            New-RemcFakeAppxPackage -Status 'Ok'
        )
        (Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'throws when Get-AppxPackage fails, instead of calling it drift' {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage) -QueryError 'The AppX Deployment Service (AppXSVC) is not running'
        { Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage 'The AppX Deployment Service (AppXSVC) is not running'
    }

    It 'uses the default package name when none is configured' {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage)
        $null = Test-RemcBrokerPluginRegistration -Config @{} -Context (New-TestContext)
        @($global:RemcFakeState.AppxQueries) | Should -Be @('Microsoft.AAD.BrokerPlugin')
    }

    It 'refuses a package name with a space or wildcard: <Name>' -ForEach @(
        @{ Name = 'Microsoft.AAD.Broker Plugin' }, @{ Name = 'Microsoft.AAD.BrokerPlugin*' }, @{ Name = ' Microsoft.AAD.BrokerPlugin' }
    ) {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage)
        { Test-RemcBrokerPluginRegistration -Config (New-TestConfig -Override @{ PackageName = $Name }) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage 'PackageName must be an exact package name without spaces or wildcards*'
        $global:RemcFakeState.AppxQueries.Count | Should -Be 0
    }

    It 'never registers anything' {
        Reset-RemcFakeBrokerPluginRegistration -ExistingPath $script:Manifest
        $null = Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $global:RemcFakeState.Registered.Count | Should -Be 0
    }
}

Describe 'Repair-RemcBrokerPluginRegistration' {
    It 're-registers from the expanded manifest path' {
        Reset-RemcFakeBrokerPluginRegistration -Package (New-RemcFakeAppxPackage -Status 'Modified') -ExistingPath $script:Manifest
        $result = @(Repair-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe @{})
        $result.Count | Should -Be 1
        $result[0].Summary | Should -Be 're-registered Microsoft.AAD.BrokerPlugin'
        $result[0].Changed | Should -Be 1
        @($global:RemcFakeState.Registered) | Should -Be @($script:Manifest)
    }

    It 'uses the default manifest path when none is configured' {
        Reset-RemcFakeBrokerPluginRegistration -ExistingPath $script:Manifest
        $null = Repair-RemcBrokerPluginRegistration -Config @{} -Context (New-TestContext) -Probe @{}
        @($global:RemcFakeState.Registered) | Should -Be @($script:Manifest)
    }

    It 'throws when the manifest is missing and registers nothing' {
        Reset-RemcFakeBrokerPluginRegistration
        { Repair-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage ('BrokerPlugin manifest not found: {0}' -f $script:Manifest)
        $global:RemcFakeState.Registered.Count | Should -Be 0
        @($global:RemcFakeState.PathQueries) | Should -Be @($script:Manifest)
    }

    It 'throws one line with the HRESULT when Add-AppxPackage fails' {
        $message = "Deployment failed with HRESULT: 0x80073CF6, Package could not be registered.`r`nerror 0x80070422: the service is disabled.`r`nNOTE: For additional information, look for [ActivityId] in the Event Log."
        Reset-RemcFakeBrokerPluginRegistration -ExistingPath $script:Manifest -RegisterError $message
        $thrown = $null
        try { Repair-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } catch { $thrown = $_.Exception.Message }
        $thrown | Should -BeLike 'BrokerPlugin registration failed (0x80073CF6): Deployment failed with HRESULT: 0x80073CF6, *error 0x80070422*'
        $thrown | Should -Not -Match '[\r\n]'
    }

    It 'takes the HRESULT from the exception when the text has none' {
        $error0 = New-Object System.Runtime.InteropServices.COMException -ArgumentList 'Der Vorgang ist fehlgeschlagen.', -2147009290
        Reset-RemcFakeBrokerPluginRegistration -ExistingPath $script:Manifest -RegisterError $error0
        { Repair-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'BrokerPlugin registration failed (0x80073CF6): Der Vorgang ist fehlgeschlagen.'
    }

    It 'reports a failure without any code' {
        Reset-RemcFakeBrokerPluginRegistration -ExistingPath $script:Manifest -RegisterError 'something broke'
        { Repair-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'BrokerPlugin registration failed: something broke'
    }

    It 'heals the drift the probe saw' {
        Reset-RemcFakeBrokerPluginRegistration -ExistingPath $script:Manifest -RegisterHeals
        $before = Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $before.InDesiredState | Should -BeFalse
        $null = Repair-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe $before
        (Test-RemcBrokerPluginRegistration -Config (New-TestConfig) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }
}
