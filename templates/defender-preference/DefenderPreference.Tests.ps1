# Pester 5 tests of the defender-preference probe, fix and seam helpers against the fakes in fakes.ps1, and of
# the seam itself against stand-ins of the Defender cmdlets (the real ones need Windows).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    # The config the compiler emits for { DisableRealtimeMonitoring: false, PUAProtection: 'enabled', CloudBlockLevel: 'high' }.
    function New-TestSettings {
        @(
            @{ Name = 'DisableRealtimeMonitoring'; Value = $false; Label = 'false' },
            @{ Name = 'PUAProtection'; Value = 1; Label = 'enabled' },
            @{ Name = 'CloudBlockLevel'; Value = 2; Label = 'high' }
        )
    }

    function New-TestConfig {
        param([hashtable] $Override = @{})
        $config = New-RemcTestConfig -Template 'defender-preference' -Override @{ Settings = (New-TestSettings) }
        foreach ($key in $Override.Keys) { $config[$key] = $Override[$key] }
        $config
    }

    function New-TestContext { New-RemcTestContext -RemediationId 'defender' -Mode 'remediate' }

    function Invoke-TestProbe {
        param([hashtable] $Override = @{})
        Test-RemcDefenderPreference -Config (New-TestConfig -Override $Override) -Context (New-TestContext)
    }

    function Invoke-TestRepair {
        param([hashtable] $Override = @{})
        Repair-RemcDefenderPreference -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{}
    }

    function Get-TestError {
        param([scriptblock] $Script)
        try { $null = & $Script } catch { return $_.Exception.Message }
        return $null
    }

    function Get-TestWrite { @($global:RemcFakeState.DefenderCalls | Where-Object { $_ -like 'set:*' }) }

    # Fine except: real-time protection off, PUA off, cloud block level default.
    function Get-TestDrift { @{ DisableRealtimeMonitoring = $true; PUAProtection = 0; CloudBlockLevel = 0 } }
}

Describe 'defender-preference emitted files' {
    It 'calls the Defender cmdlets only in the seam' {
        foreach ($file in 'probe.ps1', 'fix.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $file), [ref] $null, [ref] $null)
            $calls = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -like '*-Mp*' }, $true))
            $calls.Count | Should -Be 0
        }
    }
}

Describe 'Test-RemcDefenderPreference' {
    It 'says each declared preference as declared, by its declared word' {
        Reset-RemcFakeDefenderPreference -Local @{ PUAProtection = 1; CloudBlockLevel = 2 }
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'DisableRealtimeMonitoring false; PUAProtection enabled; CloudBlockLevel high'
        $result.ContainsKey('Advice') | Should -BeFalse
        $result.ContainsKey('Repairable') | Should -BeFalse
        @($global:RemcFakeState.DefenderCalls) | Should -Be @('read:status', 'read:preference')
    }

    It 'finds each preference not as declared, comparing the numbers Get-MpPreference returns' {
        Reset-RemcFakeDefenderPreference -Local (Get-TestDrift)
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'DisableRealtimeMonitoring true, should be false; PUAProtection disabled, should be enabled; CloudBlockLevel default, should be high'
        $result.ContainsKey('Repairable') | Should -BeFalse
        @($result.Facts.Settings | ForEach-Object { $_.Is }) | Should -Be @('local', 'local', 'local')
        Get-TestWrite | Should -BeNullOrEmpty
    }

    It 'names a number no declared word stands for as unknown, and judges it drift' {
        Reset-RemcFakeDefenderPreference -Local @{ PUAProtection = 5; CloudBlockLevel = 2 }
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Match 'PUAProtection unknown \(5\), should be enabled'
    }

    It 'with Tamper Protection on, says a protected preference cannot be repaired here (ACTION NEEDED), with advice' {
        Reset-RemcFakeDefenderPreference -Local @{ DisableRealtimeMonitoring = $true; PUAProtection = 1; CloudBlockLevel = 2 } -Tamper $true
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'DisableRealtimeMonitoring true, should be false (Tamper Protection on); PUAProtection enabled; CloudBlockLevel high'
        $result.Advice | Should -Match '^Tamper Protection is on and keeps DisableRealtimeMonitoring: change it in Intune'
        $result.Repairable | Should -BeFalse
    }

    It 'with Tamper Protection on, keeps drift repairable while a preference it does not protect is off' {
        Reset-RemcFakeDefenderPreference -Local (Get-TestDrift) -Tamper $true
        $result = Invoke-TestProbe
        $result.ContainsKey('Repairable') | Should -BeFalse
        $result.Advice | Should -Match 'keeps DisableRealtimeMonitoring:'
    }

    It 'reports Defender in <Mode> as an error, never drift, and reads no preference' -ForEach @(
        @{ Mode = 'Passive Mode' }, @{ Mode = 'EDR Block Mode' }, @{ Mode = 'SxS Passive Mode' }
    ) {
        Reset-RemcFakeDefenderPreference -Local (Get-TestDrift) -Mode $Mode
        $message = Get-TestError { Invoke-TestProbe }
        $message | Should -BeExactly ("Microsoft Defender Antivirus is not the active antivirus (AMRunningMode '{0}'): its preferences do not protect this device, so none was checked" -f $Mode)
        @($global:RemcFakeState.DefenderCalls) | Should -Be @('read:status')
    }

    It 'reports Defender not running (0x800106BA) as an error with that reason' {
        Reset-RemcFakeDefenderPreference -ReadError '0x800106ba'
        $message = Get-TestError { Invoke-TestProbe }
        $message | Should -BeExactly 'Microsoft Defender Antivirus is not running (Get-MpComputerStatus failed with 0x800106BA): another antivirus is active or Defender is off, so no preference was checked'
    }

    It 'reports another read failure with its code' {
        Reset-RemcFakeDefenderPreference -ReadError '0x80070005'
        Get-TestError { Invoke-TestProbe } | Should -BeExactly 'Get-MpComputerStatus failed (0x80070005)'
    }

    It 'refuses a hand-edited config it does not know' -ForEach @(
        @{ Settings = @(@{ Name = 'ExclusionPath'; Value = 1 }); Message = "'ExclusionPath' is not a supported Defender preference" },
        @{ Settings = @(@{ Name = 'PUAProtection'; Value = 3 }); Message = 'PUAProtection cannot be 3' },
        @{ Settings = @(@{ Name = 'DisableRealtimeMonitoring'; Value = 0 }); Message = "DisableRealtimeMonitoring must be true or false, not '0'" },
        @{ Settings = @(@{ Name = 'CloudExtendedTimeout'; Value = 51 }); Message = 'CloudExtendedTimeout must be from 0 to 50, not 51' },
        @{ Settings = @(); Message = 'Settings is empty: declare at least one Defender preference' }
    ) {
        Reset-RemcFakeDefenderPreference
        Get-TestError { Invoke-TestProbe -Override @{ Settings = $Settings } } | Should -BeExactly $Message
    }

    It 'reads the types MSFT_MpPreference has: Boolean, Byte and UInt32' {
        Reset-RemcFakeDefenderPreference
        $pref = Get-RemcDefenderPreference
        $pref.DisableRealtimeMonitoring | Should -BeOfType [bool]
        $pref.PUAProtection | Should -BeOfType [byte]
        $pref.CloudExtendedTimeout | Should -BeOfType [uint32]
        (Get-RemcDefenderStatus).IsTamperProtected | Should -BeOfType [bool]
    }
}

Describe 'Repair-RemcDefenderPreference' {
    It 'sets each preference not as declared, once, with the number, and says what it reads back' {
        Reset-RemcFakeDefenderPreference -Local (Get-TestDrift)
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly 'set DisableRealtimeMonitoring to false; set PUAProtection to enabled; set CloudBlockLevel to high'
        $result.Changed | Should -Be 3
        Get-TestWrite | Should -Be @('set:DisableRealtimeMonitoring=False', 'set:PUAProtection=1', 'set:CloudBlockLevel=2')
        (Invoke-TestProbe).InDesiredState | Should -BeTrue
    }

    It 'writes nothing when all is as declared' {
        Reset-RemcFakeDefenderPreference -Local @{ PUAProtection = 1; CloudBlockLevel = 2 }
        (Invoke-TestRepair).Summary | Should -BeExactly 'every declared preference already as declared: nothing to do'
        Get-TestWrite | Should -BeNullOrEmpty
    }

    It 'report-only says what it would set and writes nothing' {
        Reset-RemcFakeDefenderPreference -Local (Get-TestDrift)
        $result = Invoke-TestRepair -Override @{ ReportOnly = $true }
        $result.Summary | Should -BeExactly 'report-only: would set DisableRealtimeMonitoring to false, PUAProtection to enabled, CloudBlockLevel to high'
        $result.ReportOnly | Should -BeTrue
        Get-TestWrite | Should -BeNullOrEmpty
    }

    It 'never says fixed when a policy keeps the value: the read-back shows it' {
        Reset-RemcFakeDefenderPreference -Policy @{ PUAProtection = 0 } -Local @{ CloudBlockLevel = 2 }
        $message = Get-TestError { Invoke-TestRepair }
        $message | Should -BeExactly 'PUAProtection: set to enabled, but Get-MpPreference still reads disabled (Tamper Protection, or a Group Policy or Intune policy, decides it)'
        Get-TestWrite | Should -Be @('set:PUAProtection=1')
    }

    It 'with Tamper Protection on, never writes a preference it protects, sets the others and fails naming it' {
        Reset-RemcFakeDefenderPreference -Local (Get-TestDrift) -Tamper $true
        $message = Get-TestError { Invoke-TestRepair }
        Get-TestWrite | Should -Be @('set:PUAProtection=1', 'set:CloudBlockLevel=2')
        # Not fixed: real-time protection is still off.
        $message | Should -Match '^set PUAProtection to enabled; set CloudBlockLevel to high; not changed: Tamper Protection is on and keeps DisableRealtimeMonitoring'
        (Invoke-TestProbe).Summary | Should -Match '^DisableRealtimeMonitoring true, should be false \(Tamper Protection on\); PUAProtection enabled; CloudBlockLevel high$'
    }

    It 'with only protected drift and Tamper Protection on, changes nothing and says why' {
        Reset-RemcFakeDefenderPreference -Local @{ DisableRealtimeMonitoring = $true; PUAProtection = 1; CloudBlockLevel = 2 } -Tamper $true
        Get-TestError { Invoke-TestRepair } | Should -Match '^changed nothing: Tamper Protection is on and keeps DisableRealtimeMonitoring'
        Get-TestWrite | Should -BeNullOrEmpty
    }

    It 'fails with the error code when Set-MpPreference fails' {
        Reset-RemcFakeDefenderPreference -Local @{ PUAProtection = 0; CloudBlockLevel = 2 } -SetError '0x80070005'
        Get-TestError { Invoke-TestRepair } | Should -BeExactly 'PUAProtection: Set-MpPreference failed (0x80070005)'
    }
}

Describe 'defender-preference seam' {
    It 'Set-RemcDefenderPreference passes one named parameter to Set-MpPreference' {
        function Set-MpPreference { [CmdletBinding()] param([byte] $PUAProtection, [bool] $DisableRealtimeMonitoring) $global:TestSetArgs = $PSBoundParameters }
        & (Get-Item function:Set-RemcDefenderPreference).ScriptBlock -Name 'PUAProtection' -Value 1
        @($global:TestSetArgs.Keys | Sort-Object) | Should -Be @('ErrorAction', 'PUAProtection')
        $global:TestSetArgs['PUAProtection'] | Should -Be 1
        { & (Get-Item function:Set-RemcDefenderPreference).ScriptBlock -Name 'ExclusionPath' -Value 'C:\' } | Should -Throw "*no preference 'ExclusionPath'*"
    }

    It 'Get-RemcDefenderErrorCode reads the HRESULT from the FullyQualifiedErrorId, not the message' {
        $record = New-RemcFakeDefenderError -Code '0x800106ba' -Call 'Get-MpPreference'
        Get-RemcDefenderErrorCode -ErrorRecord $record | Should -BeExactly '0x800106BA'
        $plain = New-Object System.Management.Automation.ErrorRecord((New-Object System.Exception 'x'), 'Other', 'NotSpecified', $null)
        Get-RemcDefenderErrorCode -ErrorRecord $plain | Should -BeExactly ''
    }
}
