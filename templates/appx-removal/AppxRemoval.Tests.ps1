# Pester 5 tests of the appx-removal probe, fix and seam helpers against the fakes in fakes.ps1, and of the
# seam itself against stand-ins of the Appx and DISM cmdlets (the real ones need Windows).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    # The seam is loaded for its own tests (called through its function item); the fakes' aliases win
    # over its functions everywhere else.
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    $script:Alice = 'S-1-5-21-2131847279-499954021-2616371242-1001'
    $script:Bob = 'S-1-5-21-2131847279-499954021-2616371242-1003'

    function New-TestConfig {
        # The compiler's defaults (from the spec), with the required name filled in.
        param([hashtable] $Override = @{})
        $values = @{ PackageName = 'Microsoft.BingNews' }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'appx-removal' -Override $values
    }

    function New-TestContext { New-RemcTestContext -RemediationId 'bing-news' -Mode 'remediate' }

    function New-TestUsers {
        param([switch] $BobRefuses)
        @(
            (New-RemcFakeAppxRemovalUser -Sid $script:Alice -UserName 'Alice')
            (New-RemcFakeAppxRemovalUser -Sid $script:Bob -UserName 'Bob' -Refuses:$BobRefuses)
        )
    }

    function Reset-TestMachine {
        # The ordinary packages (Calculator, VCLibs) plus the given ones.
        param($Package = @(), $Provisioned = @(), [switch] $Hang)
        Reset-RemcFakeAppxRemoval -Package @($Package) -Provisioned @($Provisioned) -Hang:$Hang
    }

    function Get-TestChange {
        @($global:RemcFakeState.AppxRemovalCalls | Where-Object { $_ -like 'remove:*' -or $_ -like 'deprovision:*' })
    }

    function Invoke-TestProbe {
        param([hashtable] $Override = @{})
        Test-RemcAppxRemoval -Config (New-TestConfig -Override $Override) -Context (New-TestContext)
    }

    function Invoke-TestRepair {
        param([hashtable] $Override = @{})
        Repair-RemcAppxRemoval -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{}
    }

    function Get-TestRepairError {
        param([hashtable] $Override = @{})
        try { $null = Invoke-TestRepair -Override $Override } catch { return $_.Exception.Message }
        return $null
    }

    function Get-CommandAst {
        param([string] $File, [string] $Name)
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $File), [ref] $null, [ref] $null)
        @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq $Name }, $true))
    }
}

Describe 'appx-removal emitted files' {
    It 'removes by full name for all users, de-provisions online, and reads every user' {
        $remove = @(Get-CommandAst -File 'seam.ps1' -Name 'Remove-AppxPackage')
        $remove.Count | Should -Be 1
        $remove[0].Extent.Text | Should -BeExactly 'Remove-AppxPackage -Package $target -AllUsers -ErrorAction Stop'
        $deprovision = @(Get-CommandAst -File 'seam.ps1' -Name 'Remove-AppxProvisionedPackage')
        $deprovision.Count | Should -Be 1
        $deprovision[0].Extent.Text | Should -BeExactly 'Remove-AppxProvisionedPackage -Online -PackageName $target -ErrorAction Stop'
        (@(Get-CommandAst -File 'seam.ps1' -Name 'Get-AppxPackage'))[0].Extent.Text | Should -Match '-AllUsers -Name \$Name -PackageTypeFilter Main, Bundle'
        foreach ($file in 'probe.ps1', 'fix.ps1') {
            @(Get-CommandAst -File $file -Name 'Remove-AppxPackage').Count | Should -Be 0
            @(Get-CommandAst -File $file -Name 'Restart-Computer').Count | Should -Be 0
        }
    }

    It 'bounds the removal with Wait-Job -Timeout' {
        $wait = @(Get-CommandAst -File 'seam.ps1' -Name 'Wait-Job')
        $wait.Count | Should -Be 1
        $wait[0].Extent.Text | Should -Match '-Timeout \$TimeoutSeconds'
    }
}

Describe 'Test-RemcAppxRemoval' {
    It 'counts the users by SID and says whether it is provisioned' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers) -Bundle) -Provisioned (New-RemcFakeAppxRemovalProvisioned)
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'Microsoft.BingNews installed for 2 users, provisioned for new users'
        $result.Facts.Users | Should -Be @($script:Alice, $script:Bob)
        $result.Facts.Provisioned | Should -Be @('Microsoft.BingNews_4.55.62231.0_neutral_~_8wekyb3d8bbwe')
    }

    It 'is in its desired state when no user has it and it is not provisioned' {
        Reset-TestMachine
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Microsoft.BingNews installed for no user, not provisioned'
    }

    It 'is drift when only provisioned, unless deprovision is off (then it does not read the provisioned list)' {
        Reset-TestMachine -Provisioned (New-RemcFakeAppxRemovalProvisioned)
        (Invoke-TestProbe).Summary | Should -BeExactly 'Microsoft.BingNews installed for no user, provisioned for new users'
        (Invoke-TestProbe).InDesiredState | Should -BeFalse
        $global:RemcFakeState.AppxRemovalCalls.Clear()
        $off = Invoke-TestProbe -Override @{ Deprovision = $false }
        $off.InDesiredState | Should -BeTrue
        $off.Summary | Should -BeExactly 'Microsoft.BingNews installed for no user; provisioning not read (deprovision is off)'
        @($global:RemcFakeState.AppxRemovalCalls | Where-Object { $_ -like 'provisioned:*' }) | Should -BeNullOrEmpty
    }

    It 'counts only users for whom it is Installed (not Staged), each SID once across main and bundle' {
        $users = @((New-RemcFakeAppxRemovalUser -Sid $script:Alice), (New-RemcFakeAppxRemovalUser -Sid $script:Bob -InstallState 'Staged'))
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users $users -Bundle)
        (Invoke-TestProbe).Summary | Should -BeExactly 'Microsoft.BingNews installed for 1 user, not provisioned'
    }

    It 'ignores look-alikes: another name, and a provisioned entry of another DisplayName' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Name 'Microsoft.BingNewsExtra' -Users (New-TestUsers)) -Provisioned (New-RemcFakeAppxRemovalProvisioned -Name 'Microsoft.BingNews.Beta')
        (Invoke-TestProbe).InDesiredState | Should -BeTrue
    }

    It 'says when Windows calls it a framework or marks it non-removable, and asks a person (not repairable)' {
        Reset-TestMachine
        $framework = Invoke-TestProbe -Override @{ PackageName = 'Microsoft.VCLibs.140.00' }
        $framework.Summary | Should -BeExactly 'Microsoft.VCLibs.140.00 installed for 1 user, not provisioned (a framework package: this check does not remove it)'
        $framework.Repairable | Should -BeFalse
        $framework.Advice | Should -BeExactly 'other apps load this framework package: remove the apps that need it, or stop declaring it'
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers) -NonRemovable)
        $locked = Invoke-TestProbe
        $locked.Summary | Should -Match 'marked non-removable by policy'
        $locked.Repairable | Should -BeFalse
        $locked.Advice | Should -BeLike 'a policy marks it non-removable*'
        # An ordinary package is repairable drift.
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers))
        (Invoke-TestProbe).Keys | Should -Not -Contain 'Repairable'
    }

    It 'throws when Get-AppxPackage fails, and refuses a wildcard from a hand-edited script' {
        Reset-RemcFakeAppxRemoval -QueryError 'Get-AppxPackage: Access is denied. (0x80070005)'
        { Invoke-TestProbe } | Should -Throw '*0x80070005*'
        Reset-TestMachine
        { Invoke-TestProbe -Override @{ PackageName = 'Microsoft.Bing*' } } | Should -Throw '*without spaces or wildcards*'
    }

    It 'changes nothing' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers)) -Provisioned (New-RemcFakeAppxRemovalProvisioned)
        $null = Invoke-TestProbe
        Get-TestChange | Should -BeNullOrEmpty
    }
}

Describe 'Repair-RemcAppxRemoval' {
    It 'de-provisions, then removes the bundle for all users, and verifies' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers) -Bundle) -Provisioned (New-RemcFakeAppxRemovalProvisioned)
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly 'removed Microsoft.BingNews for 2 users and de-provisioned it'
        $result.Changed | Should -Be 1
        Get-TestChange | Should -Be @('deprovision:Microsoft.BingNews_4.55.62231.0_neutral_~_8wekyb3d8bbwe', 'remove:Microsoft.BingNews_4.55.62231.0_neutral_~_8wekyb3d8bbwe')
        (Invoke-TestProbe).InDesiredState | Should -BeTrue
        # The ordinary packages are untouched.
        @(Get-RemcAppxRemovalPackage -Name 'Microsoft.WindowsCalculator').Count | Should -Be 2
    }

    It 'removes the main package when there is no bundle' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers))
        (Invoke-TestRepair).Summary | Should -BeExactly 'removed Microsoft.BingNews for 2 users'
        Get-TestChange | Should -Be @('remove:Microsoft.BingNews_4.55.62231.0_x64__8wekyb3d8bbwe')
    }

    It 'only de-provisions when no user has it' {
        Reset-TestMachine -Provisioned (New-RemcFakeAppxRemovalProvisioned)
        (Invoke-TestRepair).Summary | Should -BeExactly 'de-provisioned Microsoft.BingNews'
        Get-TestChange | Should -Be @('deprovision:Microsoft.BingNews_4.55.62231.0_neutral_~_8wekyb3d8bbwe')
    }

    It 'leaves the provisioned entry alone when deprovision is off' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers)) -Provisioned (New-RemcFakeAppxRemovalProvisioned)
        (Invoke-TestRepair -Override @{ Deprovision = $false }).Summary | Should -BeExactly 'removed Microsoft.BingNews for 2 users'
        @(Get-TestChange | Where-Object { $_ -like 'deprovision:*' }) | Should -BeNullOrEmpty
        $global:RemcFakeState.AppxRemovalProvisioned.Count | Should -Be 2
    }

    It 'never says fixed while a user still has it: names the HRESULT and the SID left' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers -BobRefuses) -Bundle) -Provisioned (New-RemcFakeAppxRemovalProvisioned)
        $message = Get-TestRepairError
        $message | Should -BeLike 'removing Microsoft.BingNews_4.55.62231.0_neutral_~_8wekyb3d8bbwe failed (0x80073CFA): Deployment failed with HRESULT: 0x80073CFA, Removal failed.*'
        $message | Should -BeLike ('*; Microsoft.BingNews still installed for 1 user ({0})' -f $script:Bob)
        # The de-provisioning and the other user's removal did happen.
        $global:RemcFakeState.AppxRemovalProvisioned.Count | Should -Be 1
        (Invoke-TestProbe).Summary | Should -BeExactly 'Microsoft.BingNews installed for 1 user, not provisioned'
    }

    It 'fails when Windows reports success but a user still has it' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers) -Bundle)
        # Another package of the same name (a second version) that the removal of the bundle does not reach.
        $null = $global:RemcFakeState.AppxRemovalPackages.Add((New-RemcFakeAppxRemovalPackage -Version '4.1.0.0' -Users @(New-RemcFakeAppxRemovalUser -Sid $script:Alice)))
        Get-TestRepairError | Should -BeExactly ('Windows reported success; Microsoft.BingNews still installed for 1 user ({0})' -f $script:Alice)
    }

    It 'gives up after timeoutSeconds' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers)) -Hang
        Get-TestRepairError -Override @{ TimeoutSeconds = 45 } | Should -BeExactly 'removing Microsoft.BingNews did not finish within 45 s (stopped waiting; Windows may still finish it, and the next run reads the result)'
    }

    It 'never hands a framework or a non-removable package to Windows' {
        Reset-TestMachine
        Get-TestRepairError -Override @{ PackageName = 'Microsoft.VCLibs.140.00' } | Should -BeExactly 'Microsoft.VCLibs.140.00 is a framework package other apps load; this check does not remove it'
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers) -NonRemovable)
        Get-TestRepairError | Should -BeLike '*marked non-removable by policy*'
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'has nothing to do when it is already removed' {
        Reset-TestMachine
        $result = Invoke-TestRepair
        $result.Changed | Should -Be 0
        $result.Summary | Should -BeExactly 'Microsoft.BingNews installed for no user, not provisioned: nothing to do'
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'names the missing -AllUsers of Windows before 1809 by its error id' {
        $step = @{ Kind = 'remove'; Target = 'X_1_x64__a'; Succeeded = $false; HResult = -2146233087; Message = 'Es wurde kein Parameter gefunden'; ErrorId = 'NamedParameterNotFound,Microsoft.Windows.Appx.PackageManager.Commands.RemoveAppxPackageCommand' }
        Format-RemcAppxRemovalStepError -Step $step | Should -BeExactly 'removing X_1_x64__a failed: Remove-AppxPackage has no -AllUsers on this Windows (it needs Windows 10 1809 or later)'
    }
}

Describe 'the seam' {
    It 'keeps only the provisioned entries of that DisplayName' {
        function global:Get-AppxProvisionedPackage {
            param([switch] $Online)
            [pscustomobject]@{ DisplayName = 'Microsoft.BingNews'; PackageName = 'Microsoft.BingNews_1_neutral_~_8wekyb3d8bbwe' }
            [pscustomobject]@{ DisplayName = 'Microsoft.BingNewsExtra'; PackageName = 'Microsoft.BingNewsExtra_1_neutral_~_8wekyb3d8bbwe' }
        }
        try {
            $found = @(& (Get-Item -LiteralPath 'function:Get-RemcAppxRemovalProvisioned').ScriptBlock -Name 'Microsoft.BingNews')
            $found.Count | Should -Be 1
            $found[0].PackageName | Should -BeExactly 'Microsoft.BingNews_1_neutral_~_8wekyb3d8bbwe'
        }
        finally { Remove-Item -LiteralPath 'function:global:Get-AppxProvisionedPackage' -ErrorAction SilentlyContinue }
    }

    It 'reports each failed call from its job, with an answer and without leaving the job behind' {
        # No Appx or DISM module here: each call in the job is not found, which it answers.
        $before = @(Get-Job).Count
        $run = & (Get-Item -LiteralPath 'function:Invoke-RemcAppxRemovalChange').ScriptBlock -Deprovision @('A_1_neutral_~_x') -Remove @('A_1_x64__x', 'B_1_x64__x') -TimeoutSeconds 120
        $run.Finished | Should -BeTrue
        @($run.Steps).Count | Should -Be 3
        @($run.Steps | ForEach-Object { '{0}:{1}:{2}' -f $_.Kind, $_.Target, $_.Succeeded }) | Should -Be @('deprovision:A_1_neutral_~_x:False', 'remove:A_1_x64__x:False', 'remove:B_1_x64__x:False')
        $run.Steps[1].ErrorId | Should -BeLike 'CommandNotFoundException*'
        @(Get-Job).Count | Should -Be $before
    }

    It 'reads the HRESULT from the exception, else from the message' {
        Get-RemcAppxRemovalHResult -HResult -2147009286 -Message '' | Should -BeExactly '0x80073CFA'
        Get-RemcAppxRemovalHResult -HResult -2146233088 -Message 'Bereitstellungsfehler mit HRESULT: 0x80073cfa, ...' | Should -BeExactly '0x80073CFA'
        Get-RemcAppxRemovalHResult -HResult 0 -Message 'nothing' | Should -BeExactly ''
    }
}

Describe 'fakes' {
    It 'answer AppxPackage-shaped packages with PackageUserInformation, and AppxPackageObject-shaped entries' {
        Reset-TestMachine -Package (New-RemcFakeAppxRemovalPackage -Users (New-TestUsers) -Bundle) -Provisioned (New-RemcFakeAppxRemovalProvisioned)
        $packages = @(Get-RemcAppxRemovalPackage -Name 'Microsoft.BingNews')
        $packages.Count | Should -Be 2
        $packages[0].PSObject.TypeNames[0] | Should -BeExactly 'Microsoft.Windows.Appx.PackageManager.Commands.AppxPackage'
        $packages[1].IsBundle | Should -BeTrue
        $packages[0].PackageUserInformation[0].UserSecurityId.Sid | Should -BeExactly $script:Alice
        [string]$packages[0].PackageUserInformation[0].InstallState | Should -BeExactly 'Installed'
        $entry = @(Get-RemcAppxRemovalProvisioned -Name 'Microsoft.BingNews')[0]
        $entry.PSObject.TypeNames[0] | Should -BeExactly 'Microsoft.Dism.Commands.AppxPackageObject'
        $entry.Architecture | Should -BeOfType [uint32]
    }

    It 'answer a wildcard query as Get-AppxPackage -Name does, and the declared record for any name' {
        Reset-TestMachine
        @(Get-RemcAppxRemovalPackage -Name 'Microsoft.Windows*').Count | Should -Be 2
        Reset-RemcFakeAppxRemoval -NoOrdinaryPackage -Package (New-RemcFakeAppxRemovalPackage -Declared -Users (New-TestUsers)) -Provisioned (New-RemcFakeAppxRemovalProvisioned -Declared)
        @(Get-RemcAppxRemovalPackage -Name 'Contoso.App')[0].PackageFullName | Should -BeExactly 'Contoso.App_4.55.62231.0_x64__8wekyb3d8bbwe'
        @(Get-RemcAppxRemovalProvisioned -Name 'Contoso.App')[0].DisplayName | Should -BeExactly 'Contoso.App'
    }

    It 'keep their state through Export-Clixml, as the scenario harness does between steps' {
        Reset-RemcFakeAppxRemoval -NoOrdinaryPackage -Package (New-RemcFakeAppxRemovalPackage -Declared -Users (New-TestUsers -BobRefuses) -Bundle) -Provisioned (New-RemcFakeAppxRemovalProvisioned -Declared)
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-state-' + [guid]::NewGuid().ToString('N') + '.xml')
        try {
            Export-Clixml -LiteralPath $file -InputObject $global:RemcFakeState -Depth 10
            $global:RemcFakeState = Import-Clixml -LiteralPath $file
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
        Get-TestRepairError | Should -BeLike '*(0x80073CFA)*still installed for 1 user*'
        (Invoke-TestProbe).Summary | Should -BeExactly 'Microsoft.BingNews installed for 1 user, not provisioned'
    }
}
