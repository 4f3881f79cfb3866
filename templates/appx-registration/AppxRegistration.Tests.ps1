# Pester 5 tests of the appx-registration probe, fix and seam against the fakes. The seam's bounded job
# runner and its registration wrapper are run for real (Start-Job works in PowerShell 7 on any OS; on a
# host without the Appx module the registration fails the way a missing cmdlet fails).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    # The manifest examples use %SystemRoot%, which Linux test hosts do not define.
    $script:SavedSystemRoot = $env:SystemRoot
    $env:SystemRoot = 'C:\Windows'
    $script:Declared = 'C:\Windows\SystemApps\Contoso.App_8wekyb3d8bbwe\AppxManifest.xml'
    $script:Own = 'C:\Program Files\WindowsApps\Contoso.App_1.4.2.0_x64__8wekyb3d8bbwe\AppxManifest.xml'

    # Exactly the defaults of index.ts (PascalCase keys); packageName is required, so a sample is given.
    function New-TestConfig {
        # The compiler's defaults (from the spec, through New-RemcTestConfig), with the required package name filled in.
        param([hashtable] $Override = @{})
        $values = @{ PackageName = 'Contoso.App' }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'appx-registration' -Override $values
    }

    function New-TestContext {
        param([string] $Mode = 'remediate')
        New-RemcTestContext -RemediationId 'contoso-app' -Mode $Mode
    }

    function New-DeclaredConfig {
        New-TestConfig -Override @{ Manifest = '%SystemRoot%\SystemApps\Contoso.App_8wekyb3d8bbwe\AppxManifest.xml' }
    }

    function New-DeclaredManifest {
        param([string] $Version = '1.5.0.0')
        New-RemcFakeAppxRegistrationManifest -Path $script:Declared -Name 'Contoso.App' -Version $Version
    }

    function Get-ContosoRecord {
        @($global:RemcFakeState.AppxRegistrationPackages | Where-Object { $_.Name -eq 'Contoso.App' })
    }

    # The real seam functions, past the fakes' aliases.
    function Invoke-RealRegister {
        param([string] $Path, [int] $TimeoutSeconds)
        & (Get-Command -Name Register-RemcAppxRegistrationManifest -CommandType Function) -Path $Path -TimeoutSeconds $TimeoutSeconds
    }
}

AfterAll {
    $env:SystemRoot = $script:SavedSystemRoot
}

Describe 'appx-registration emitted files' {
    It 'seam.ps1 never asks for all users or another user' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $found = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandParameterAst] -and @('AllUsers', 'User') -contains $n.ParameterName }, $true)
        @($found).Count | Should -Be 0
    }

    It 'no function name clashes with the broker template' {
        $broker = Join-Path $PSScriptRoot '../broker-plugin-registration'
        $names = {
            param($dir)
            foreach ($file in 'probe.ps1', 'fix.ps1', 'seam.ps1') {
                $path = Join-Path $dir $file
                if (Test-Path -LiteralPath $path) {
                    $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref] $null, [ref] $null)
                    $ast.EndBlock.Statements | ForEach-Object { $_.Name }
                }
            }
        }
        $mine = @(& $names $PSScriptRoot)
        $theirs = @(& $names $broker)
        @($mine | Where-Object { $theirs -contains $_ }) | Should -BeNullOrEmpty
    }
}

Describe 'Test-RemcAppxRegistration' {
    It 'returns exactly one hashtable' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage)
        $result = @(Test-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext))
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
    }

    It 'is in desired state when the package is registered with status Ok' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage)
        $result = Test-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'Contoso.App registered, status Ok'
        $result.Facts.Present | Should -BeTrue
        $result.Facts.Status | Should -Be 'Ok'
        $result.Facts.Version | Should -Be '1.4.2.0'
        $result.Facts.Manifest | Should -Be $script:Own
        @($global:RemcFakeState.AppxRegistrationQueries) | Should -Be @('get:Contoso.App')
    }

    It 'drifts when the package is not registered, and names the declared manifest' {
        Reset-RemcFakeAppxRegistration
        $result = Test-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'Contoso.App not registered for this user'
        $result.Facts.Present | Should -BeFalse
        $result.Facts.Manifest | Should -Be $script:Declared
    }

    It 'says when a missing package cannot be registered (no manifest declared)' {
        Reset-RemcFakeAppxRegistration
        $result = Test-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'Contoso.App not registered for this user (no manifest declared to register it from)'
    }

    It 'drifts when the status is <Status>' -ForEach @(
        @{ Status = 'Modified' }, @{ Status = 'Tampered' }, @{ Status = 'LicenseIssue' }, @{ Status = 'Disabled' }, @{ Status = 'Modified, Tampered' }
    ) {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status $Status)
        $result = Test-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be ('Contoso.App status {0}' -f $Status)
        $result.Facts.Status | Should -Be $Status
        $result.Facts.Manifest | Should -Be $script:Own
    }

    It 'reads the Status enum through its text' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status 'Modified')
        $package = @(Get-RemcAppxRegistration -Name 'Contoso.App')[0]
        $package.Status | Should -Not -BeOfType [string]
        Get-RemcAppxRegistrationStatusText -Package $package | Should -Be 'Modified'
    }

    It 'treats a missing status as drift' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status '')
        (Test-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext)).Summary | Should -Be 'Contoso.App status unknown'
    }

    It 'compares the status as a string, case-insensitively' {
        $package = [pscustomobject]@{ Name = 'Contoso.App'; Status = 'OK' }
        Get-RemcAppxRegistrationStatusText -Package $package | Should -Be 'Ok'
    }

    It 'never counts a look-alike as the package' {
        $packages = @(
            [pscustomobject]@{ Name = 'Contoso.App.Beta'; Status = 'Ok' }
            [pscustomobject]@{ Name = 'Contoso.AppX'; Status = 'Ok' }
        )
        Select-RemcAppxRegistrationPackage -Package $packages -Name 'Contoso.App' | Should -BeNullOrEmpty
        $packages += [pscustomobject]@{ Name = 'Contoso.App'; Status = 'Modified' }
        (Select-RemcAppxRegistrationPackage -Package $packages -Name 'Contoso.App').Status | Should -Be 'Modified'
    }

    It 'accepts one healthy registration among several' {
        Reset-RemcFakeAppxRegistration -Package @(
            New-RemcFakeAppxRegistrationPackage -Status 'Modified'
            New-RemcFakeAppxRegistrationPackage -Status 'Ok' -Version '1.4.3.0'
        )
        (Test-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'throws when Get-AppxPackage fails, instead of calling it drift' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage) -QueryError 'The AppX Deployment Service (AppXSVC) is not running (0x80070422)'
        { Test-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage 'The AppX Deployment Service (AppXSVC) is not running (0x80070422)'
    }

    It 'refuses a package name with a space, a wildcard or the wrong length: <Name>' -ForEach @(
        @{ Name = 'Microsoft.AAD.Broker Plugin' }, @{ Name = 'Contoso.*' }, @{ Name = 'Contoso.Ap?' }, @{ Name = 'ab' }, @{ Name = '' }, @{ Name = ('a' * 51) }
    ) {
        Reset-RemcFakeAppxRegistration
        { Test-RemcAppxRegistration -Config (New-TestConfig -Override @{ PackageName = $Name }) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage 'PackageName must be an exact package name without spaces or wildcards*'
        $global:RemcFakeState.AppxRegistrationQueries.Count | Should -Be 0
    }

    It 'expands the manifest''s %NAME% as Environment.ExpandEnvironmentVariables does (which Constrained Language Mode refuses): <Text>' -ForEach @(
        @{ Text = '%SystemRoot%\SystemApps\x' }, @{ Text = '%REMC_APPX_SURELY_UNDEFINED%\x' }, @{ Text = '%REMC_APPX_SURELY_UNDEFINED%SystemRoot%' }
        @{ Text = '%SystemRoot%%SystemRoot%' }, @{ Text = '100%' }, @{ Text = '%%' }, @{ Text = '' }
    ) {
        Expand-RemcAppxRegistrationVariable -Text $Text | Should -BeExactly ([System.Environment]::ExpandEnvironmentVariables($Text))
    }

    It 'refuses an unbounded timeout: <Timeout>' -ForEach @(@{ Timeout = 0 }, @{ Timeout = -5 }, @{ Timeout = 86400 }) {
        { Test-RemcAppxRegistration -Config (New-TestConfig -Override @{ TimeoutSeconds = $Timeout }) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage 'TimeoutSeconds must be between 1 and 3600*'
    }

    It 'never registers anything (<Case>)' -ForEach @(
        @{ Case = 'missing'; Status = $null }, @{ Case = 'damaged'; Status = 'Modified' }
    ) {
        if ($null -eq $Status) { Reset-RemcFakeAppxRegistration -Manifest (New-DeclaredManifest) }
        else { Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status $Status) -Manifest (New-DeclaredManifest) }
        $null = Test-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext -Mode 'detect')
        $global:RemcFakeState.AppxRegistrationCalls.Count | Should -Be 0
    }
}

Describe 'Repair-RemcAppxRegistration' {
    It 're-registers a damaged package from its own install location' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status 'Modified') -Manifest (New-DeclaredManifest)
        $result = @(Repair-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext) -Probe @{})
        $result.Count | Should -Be 1
        $result[0].Summary | Should -Be 're-registered Contoso.App from its install location'
        $result[0].Changed | Should -Be 1
        @($global:RemcFakeState.AppxRegistrationCalls) | Should -Be @("$($script:Own)|120")
        (Get-ContosoRecord)[0].Status | Should -Be 'Ok'
        (Get-ContosoRecord)[0].Version | Should -Be '1.4.2.0'
    }

    It 'registers a missing package from the declared, expanded manifest' {
        Reset-RemcFakeAppxRegistration -Manifest (New-DeclaredManifest)
        $result = Repair-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'registered Contoso.App from the declared manifest'
        @($global:RemcFakeState.AppxRegistrationCalls) | Should -Be @("$($script:Declared)|120")
        (Get-ContosoRecord)[0].Status | Should -Be 'Ok'
    }

    It 'falls back to the declared manifest when the install location lost its manifest' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status 'Modified') -MissingInstallManifest -Manifest (New-DeclaredManifest)
        $result = Repair-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 're-registered Contoso.App from the declared manifest'
    }

    It 'fails saying why when <Case>' -ForEach @(
        @{ Case = 'a missing package has no declared manifest'; Declared = $false; Package = $false; Missing = $false; Message = 'cannot register Contoso.App: it is not registered for this user and no manifest is declared to register it from (set manifest)' }
        @{ Case = 'the declared manifest is not on disk'; Declared = $true; Package = $false; Missing = $false; Message = 'cannot register Contoso.App: manifest not found: C:\Windows\SystemApps\Contoso.App_8wekyb3d8bbwe\AppxManifest.xml' }
        @{ Case = 'a damaged package lost its manifest and none is declared'; Declared = $false; Package = $true; Missing = $true; Message = 'cannot re-register Contoso.App: its manifest is missing (C:\Program Files\WindowsApps\Contoso.App_1.4.2.0_x64__8wekyb3d8bbwe\AppxManifest.xml)' }
    ) {
        $packages = @()
        if ($Package) { $packages = @(New-RemcFakeAppxRegistrationPackage -Status 'Tampered') }
        Reset-RemcFakeAppxRegistration -Package $packages -MissingInstallManifest:$Missing
        $config = New-TestConfig
        if ($Declared) { $config = New-DeclaredConfig }
        { Repair-RemcAppxRegistration -Config $config -Context (New-TestContext) -Probe @{} } | Should -Throw -ExpectedMessage $Message
        $global:RemcFakeState.AppxRegistrationCalls.Count | Should -Be 0
    }

    It 'changes nothing when the package is Ok again' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage)
        $result = Repair-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'Contoso.App already registered, status Ok'
        $result.Changed | Should -Be 0
        $global:RemcFakeState.AppxRegistrationCalls.Count | Should -Be 0
    }

    It 'waits at most TimeoutSeconds, then fails saying it stopped waiting' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status 'Modified') -Register 'timeout'
        { Repair-RemcAppxRegistration -Config (New-TestConfig -Override @{ TimeoutSeconds = 45 }) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'registering Contoso.App did not finish within 45 s; stopped waiting*'
        @($global:RemcFakeState.AppxRegistrationCalls) | Should -Be @("$($script:Own)|45")
    }

    It 'throws one line with the HRESULT from the text when the exception has a generic one' {
        $message = "Deployment failed with HRESULT: 0x80073CF6, Package could not be registered.`r`nerror 0x80070422: the service is disabled.`r`nNOTE: For additional information, look for [ActivityId] 5a1b in the Event Log or use the command line Get-AppxLog -ActivityID 5a1b"
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status 'Modified') -Register 'fail' -RegisterHResult -2146233088 -RegisterMessage $message
        $thrown = $null
        try { Repair-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } catch { $thrown = $_.Exception.Message }
        $thrown | Should -BeLike 'registering Contoso.App failed (0x80073CF6): Deployment failed with HRESULT: 0x80073CF6, *error 0x80070422*'
        $thrown | Should -Not -Match '[\r\n]'
        $thrown.Length | Should -BeLessOrEqual 400
    }

    It 'takes the HRESULT of the exception, whatever the language of the message' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status 'Modified') -Register 'fail' -RegisterHResult -2147009290 -RegisterMessage 'Der Vorgang ist fehlgeschlagen.'
        { Repair-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'registering Contoso.App failed (0x80073CF6): Der Vorgang ist fehlgeschlagen.'
    }

    It 'reports a failure without any code' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status 'Modified') -Register 'fail' -RegisterHResult 0 -RegisterMessage 'something broke'
        { Repair-RemcAppxRegistration -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'registering Contoso.App failed: something broke'
    }

    It 'fails when Add-AppxPackage reports success but <Case>' -ForEach @(
        @{ Case = 'the package is still damaged'; Package = $true; Message = 'Add-AppxPackage reported success, but Contoso.App still has status Modified' }
        @{ Case = 'the package is still missing'; Package = $false; Message = 'Add-AppxPackage reported success, but Contoso.App is still not registered for this user' }
    ) {
        $packages = @()
        if ($Package) { $packages = @(New-RemcFakeAppxRegistrationPackage -Status 'Modified') }
        Reset-RemcFakeAppxRegistration -Package $packages -Manifest (New-DeclaredManifest) -Register 'noeffect'
        { Repair-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext) -Probe @{} } | Should -Throw -ExpectedMessage $Message
    }

    It 'throws on a failed query instead of registering' {
        Reset-RemcFakeAppxRegistration -Manifest (New-DeclaredManifest) -QueryError 'Get-AppxPackage failed (0x80070005)'
        { Repair-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext) -Probe @{} } | Should -Throw -ExpectedMessage 'Get-AppxPackage failed (0x80070005)'
        $global:RemcFakeState.AppxRegistrationCalls.Count | Should -Be 0
    }

    It 'heals the drift the probe saw (<Case>)' -ForEach @(@{ Case = 'missing'; Status = $null }, @{ Case = 'damaged'; Status = 'LicenseIssue' }) {
        if ($null -eq $Status) { Reset-RemcFakeAppxRegistration -Manifest (New-DeclaredManifest) }
        else { Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status $Status) }
        $before = Test-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext)
        $before.InDesiredState | Should -BeFalse
        $null = Repair-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext) -Probe $before
        (Test-RemcAppxRegistration -Config (New-DeclaredConfig) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }
}

Describe 'appx-registration seam' {
    # Where Add-AppxPackage is missing, the registration-wrapper test below covers the same path (a hashtable
    # out of a completed job); each job costs a process start, so this one runs only where that one is skipped.
    It 'runs a job and returns its output' -Skip:($null -eq (Get-Command -Name Add-AppxPackage -ErrorAction SilentlyContinue)) {
        $run = Invoke-RemcAppxRegistrationJob -ScriptBlock { param($a) @{ Echo = $a } } -ArgumentList @('x') -TimeoutSeconds 60
        $run.Finished | Should -BeTrue
        $run.State | Should -Be 'Completed'
        $run.Output[0] | Should -BeOfType [hashtable]
        $run.Output[0].Echo | Should -Be 'x'
        @(Get-Job).Count | Should -Be 0
    }

    It 'stops waiting after TimeoutSeconds and removes the job' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $run = Invoke-RemcAppxRegistrationJob -ScriptBlock { Start-Sleep -Seconds 120 } -TimeoutSeconds 2
        $watch.Stop()
        $run.Finished | Should -BeFalse
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        @(Get-Job).Count | Should -Be 0
    }

    It 'reports a job that failed, and keeps its errors from the host' {
        $run = Invoke-RemcAppxRegistrationJob -ScriptBlock { throw 'the job broke' } -TimeoutSeconds 60
        $run.Finished | Should -BeTrue
        $run.State | Should -Be 'Failed'
        $run.Reason | Should -Be 'the job broke'
        @(Get-Job).Count | Should -Be 0
    }

    It 'refuses a timeout below one second' {
        { Invoke-RemcAppxRegistrationJob -ScriptBlock { 1 } -TimeoutSeconds 0 } | Should -Throw -ExpectedMessage '*TimeoutSeconds must be at least 1*'
    }

    It 'the registration wrapper returns a failure as data, never an exception (here: no Appx module)' -Skip:($null -ne (Get-Command -Name Add-AppxPackage -ErrorAction SilentlyContinue)) {
        $result = Invoke-RealRegister -Path 'C:\Nowhere\AppxManifest.xml' -TimeoutSeconds 60
        $result.Finished | Should -BeTrue
        $result.Succeeded | Should -BeFalse
        $result.Message | Should -BeLike '*Add-AppxPackage*'
        @(Get-Job).Count | Should -Be 0
    }

    It 'joins an install location to its manifest' {
        Join-RemcAppxRegistrationManifestPath -InstallLocation 'C:\Program Files\WindowsApps\A_1_x64__b\' | Should -Be 'C:\Program Files\WindowsApps\A_1_x64__b\AppxManifest.xml'
        Join-RemcAppxRegistrationManifestPath -InstallLocation '' | Should -Be ''
    }
}

Describe 'appx-registration fakes' {
    It 'an ordinary machine has ordinary packages, all Ok, and not Contoso.App' {
        Reset-RemcFakeAppxRegistration
        $global:RemcFakeState.AppxRegistrationPackages.Count | Should -Be 5
        @($global:RemcFakeState.AppxRegistrationPackages | Where-Object { $_.Status -ne 'Ok' }).Count | Should -Be 0
        Get-ContosoRecord | Should -BeNullOrEmpty
    }

    It 'returns AppxPackage-like objects, matching -Name as a wildcard like Get-AppxPackage' {
        Reset-RemcFakeAppxRegistration
        $found = @(Get-RemcAppxRegistration -Name 'Microsoft.Windows*')
        $found.Count | Should -Be 3
        $found[0].PSObject.TypeNames[0] | Should -Be 'Microsoft.Windows.Appx.PackageManager.Commands.AppxPackage'
        $found[0].Version | Should -BeOfType [string]
    }

    It 'the declared package and manifest answer for any name and path' {
        Reset-RemcFakeAppxRegistration -Manifest (New-RemcFakeAppxRegistrationManifest -Declared)
        @(Get-RemcAppxRegistration -Name 'Fabrikam.Tool').Count | Should -Be 0
        Test-RemcAppxRegistrationFile -Path 'D:\Apps\Fabrikam\AppxManifest.xml' | Should -BeTrue
        $result = Register-RemcAppxRegistrationManifest -Path 'D:\Apps\Fabrikam\AppxManifest.xml' -TimeoutSeconds 120
        $result.Succeeded | Should -BeTrue
        $package = @(Get-RemcAppxRegistration -Name 'Fabrikam.Tool')
        $package.Count | Should -Be 1
        $package[0].Name | Should -Be 'Fabrikam.Tool'
        [string]$package[0].Status | Should -Be 'Ok'
    }

    It 'the declared package stands in front of an ordinary package of the same name' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Declared -Status 'Tampered')
        $found = @(Get-RemcAppxRegistration -Name 'Microsoft.WindowsStore')
        $found.Count | Should -Be 1
        [string]$found[0].Status | Should -Be 'Tampered'
    }

    It 'the declared manifest is never a registered package''s own manifest' {
        Reset-RemcFakeAppxRegistration -Package (New-RemcFakeAppxRegistrationPackage -Status 'Modified') -MissingInstallManifest -Manifest (New-RemcFakeAppxRegistrationManifest -Declared)
        Test-RemcAppxRegistrationFile -Path $script:Own | Should -BeFalse
    }
}
