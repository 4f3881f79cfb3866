# Pester 5 tests of the firewall-profile probe, fix and seam helpers against the fakes in fakes.ps1, and of
# the seam itself against stand-ins of the NetSecurity cmdlets (the real ones need Windows).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    # The seam is loaded for its own tests (called through its function item); the fakes' aliases win
    # over its functions everywhere else.
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    function New-TestConfig {
        # The compiler's defaults (from the spec): all three profiles, on, inbound not checked.
        param([hashtable] $Override = @{})
        New-RemcTestConfig -Template 'firewall-profile' -Override $Override
    }

    function New-TestContext { New-RemcTestContext -RemediationId 'firewall' -Mode 'remediate' }

    function Invoke-TestProbe {
        param([hashtable] $Override = @{})
        Test-RemcFirewallProfile -Config (New-TestConfig -Override $Override) -Context (New-TestContext)
    }

    function Invoke-TestRepair {
        param([hashtable] $Override = @{})
        Repair-RemcFirewallProfile -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{}
    }

    function Get-TestRepairError {
        param([hashtable] $Override = @{})
        try { $null = Invoke-TestRepair -Override $Override } catch { return $_.Exception.Message }
        return $null
    }

    function Get-TestWrite { @($global:RemcFakeState.FirewallCalls | Where-Object { $_ -like 'set:*' }) }

    function Off { New-RemcFakeFirewallSetting -Enabled 'False' }

    function Get-CommandAst {
        param([string] $File, [string] $Name)
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $File), [ref] $null, [ref] $null)
        @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq $Name }, $true))
    }
}

Describe 'firewall-profile emitted files' {
    It 'writes only the local store, one setting per call, and reads only the active and local stores' {
        $sets = @(Get-CommandAst -File 'seam.ps1' -Name 'Set-NetFirewallProfile')
        $sets.Count | Should -Be 2
        foreach ($set in $sets) { $set.Extent.Text | Should -Match "-PolicyStore 'PersistentStore'" }
        $sets[0].Extent.Text | Should -Match '-Enabled \$Enabled'
        $sets[0].Extent.Text | Should -Not -Match 'DefaultInboundAction'
        $sets[1].Extent.Text | Should -Match '-DefaultInboundAction \$Action'
        $sets[1].Extent.Text | Should -Not -Match '-Enabled'
        foreach ($file in 'probe.ps1', 'fix.ps1') {
            @(Get-CommandAst -File $file -Name 'Set-NetFirewallProfile').Count | Should -Be 0
            @(Get-CommandAst -File $file -Name 'Get-NetFirewallProfile').Count | Should -Be 0
        }
        @(Get-CommandAst -File 'seam.ps1' -Name 'netsh').Count | Should -Be 0
    }
}

Describe 'Test-RemcFirewallProfile' {
    It 'says every profile on when all three are' {
        Reset-RemcFakeFirewallProfile
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Domain on; Private on; Public on'
        $result.ContainsKey('Advice') | Should -BeFalse
        @($global:RemcFakeState.FirewallCalls) | Should -Be @('read:ActiveStore', 'read:PersistentStore')
    }

    It 'finds a profile turned off locally, which the fix can repair' {
        Reset-RemcFakeFirewallProfile -Local @{ Private = (Off) }
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'Domain on; Private off, should be on; Public on'
        $result.ContainsKey('Advice') | Should -BeFalse
        @($result.Facts.Profiles | Where-Object { $_.Name -eq 'Private' })[0].EnabledIs | Should -BeExactly 'local'
        Get-TestWrite | Should -BeNullOrEmpty
    }

    It 'tells a profile a policy turns off from one turned off locally, and advises changing the policy' {
        Reset-RemcFakeFirewallProfile -Policy @{ Public = (New-RemcFakeFirewallSetting -Enabled 'False' -Inbound 'NotConfigured') }
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'Domain on; Private on; Public off by policy, should be on'
        $result.Advice | Should -BeExactly 'a Group Policy or MDM (Intune) firewall policy decides Public off: change that policy; a local change does not override it'
        $result.Facts.ByPolicy | Should -Be 1
        # All its drift is the policy's: nothing for the fix to repair, so the run says ACTION NEEDED.
        $result.Repairable | Should -BeFalse
    }

    It 'keeps drift repairable while one setting is the local store''s to fix, even beside one a policy decides' {
        Reset-RemcFakeFirewallProfile -Local @{ Domain = (New-RemcFakeFirewallSetting -Enabled 'False') } -Policy @{ Public = (New-RemcFakeFirewallSetting -Enabled 'False' -Inbound 'NotConfigured') }
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Contains('Repairable') | Should -BeFalse
    }

    It 'calls a profile off in both stores local: writing it locally is the only way to learn whether a policy decides it' {
        Reset-RemcFakeFirewallProfile -Local @{ Public = (Off) } -Policy @{ Public = (New-RemcFakeFirewallSetting -Enabled 'False' -Inbound 'NotConfigured') }
        $result = Invoke-TestProbe
        $result.Summary | Should -BeExactly 'Domain on; Private on; Public off, should be on'
        @($result.Facts.Profiles | Where-Object { $_.Name -eq 'Public' })[0].EnabledIs | Should -BeExactly 'local'
    }

    It 'judges only the declared profiles' {
        Reset-RemcFakeFirewallProfile -Local @{ Domain = (Off) }
        $result = Invoke-TestProbe -Override @{ Profiles = @('public', 'private') }
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Private on; Public on'
    }

    It 'checks the default inbound action when declared, and who decides it' {
        Reset-RemcFakeFirewallProfile -Local @{ Private = (New-RemcFakeFirewallSetting -Inbound 'Allow') } -Policy @{ Public = (New-RemcFakeFirewallSetting -Enabled 'NotConfigured' -Inbound 'Allow') }
        $result = Invoke-TestProbe -Override @{ DefaultInboundAction = 'block' }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'Domain on, inbound block; Private on, inbound allow, should be block; Public on, inbound allow by policy, should be block'
        $result.Advice | Should -Match 'decides Public inbound allow: change that policy'
    }

    It 'reads a local store that sets nothing (NotConfigured) as Windows default in force' {
        Reset-RemcFakeFirewallProfile -Local @{ Domain = (New-RemcFakeFirewallSetting -Enabled 'NotConfigured' -Inbound 'NotConfigured') }
        $result = Invoke-TestProbe -Override @{ DefaultInboundAction = 'block' }
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Domain on, inbound block; Private on, inbound block; Public on, inbound block'
    }

    It 'keeps a firewall declared off, and finds one a policy turns on' {
        Reset-RemcFakeFirewallProfile -Local @{ Domain = (Off); Private = (Off); Public = (Off) } -Policy @{ Domain = (New-RemcFakeFirewallSetting -Enabled 'True' -Inbound 'NotConfigured') }
        $result = Invoke-TestProbe -Override @{ Enabled = $false }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'Domain on by policy, should be off; Private off; Public off'
    }

    It 'never reads NotConfigured in force as on (a [bool] of it is true), nor judges it' {
        [bool][RemcFakeGpoBoolean]'NotConfigured' | Should -BeTrue
        ConvertTo-RemcFirewallGpoBoolean -Value ([RemcFakeGpoBoolean]'NotConfigured') | Should -BeExactly 'NotConfigured'
        # Aliases win over functions, and command lookup walks up from the caller: this one answers here.
        function Get-TestNotConfiguredStore { param([string] $Store) foreach ($n in 'Domain', 'Private', 'Public') { ConvertTo-RemcFakeFirewallProfile -Name $n -Enabled 'NotConfigured' -Inbound 'Block' } }
        Set-Alias -Name Get-RemcFirewallProfileStore -Value Get-TestNotConfiguredStore
        { Invoke-TestProbe } | Should -Throw 'Domain: the policy in force says Enabled NotConfigured, which this check does not judge'
    }

    It 'reads the CIM class values (uint16) as the enum names' -ForEach @(
        @{ Value = [uint16]1; Word = 'True' }, @{ Value = [uint16]0; Word = 'False' }, @{ Value = [uint16]2; Word = 'NotConfigured' }
    ) {
        ConvertTo-RemcFirewallGpoBoolean -Value $Value | Should -BeExactly $Word
    }

    It 'reads the actions by name and value' -ForEach @(
        @{ Value = [uint16]4; Word = 'Block' }, @{ Value = [uint16]2; Word = 'Allow' }, @{ Value = 'Block'; Word = 'Block' }, @{ Value = $null; Word = 'unknown' }
    ) {
        ConvertTo-RemcFirewallAction -Value $Value | Should -BeExactly $Word
    }

    It 'throws when the firewall cannot be read' {
        Reset-RemcFakeFirewallProfile -ReadError 'The service cannot be started (0x800706D9)'
        { Invoke-TestProbe } | Should -Throw '*0x800706D9*'
    }

    It 'refuses bad values from a hand-edited script' {
        Reset-RemcFakeFirewallProfile
        { Invoke-TestProbe -Override @{ Profiles = @('home') } } | Should -Throw "*not 'home'*"
        { Invoke-TestProbe -Override @{ Profiles = @() } } | Should -Throw '*Profiles is empty*'
        { Invoke-TestProbe -Override @{ Enabled = 'yes' } } | Should -Throw '*Enabled must be true or false*'
        { Invoke-TestProbe -Override @{ DefaultInboundAction = 'drop' } } | Should -Throw "*not 'drop'*"
    }
}

Describe 'Repair-RemcFirewallProfile' {
    It 'turns on a profile turned off locally, in the local store, and reads the policy in force back' {
        Reset-RemcFakeFirewallProfile -Local @{ Private = (Off) }
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly 'turned on Private'
        $result.Changed | Should -Be 1
        Get-TestWrite | Should -Be @('set:Private:Enabled=True')
        @($global:RemcFakeState.FirewallCalls)[-2..-1] | Should -Be @('read:ActiveStore', 'read:PersistentStore')
        (Invoke-TestProbe).InDesiredState | Should -BeTrue
    }

    It 'writes nothing for a profile a policy turns off, and fails naming the policy' {
        Reset-RemcFakeFirewallProfile -Policy @{ Private = (New-RemcFakeFirewallSetting -Enabled 'False' -Inbound 'NotConfigured') }
        Get-TestRepairError | Should -BeExactly 'changed nothing: a Group Policy or MDM (Intune) firewall policy decides Private off: change that policy; a local change does not override it'
        Get-TestWrite | Should -BeNullOrEmpty
    }

    It 'fixes what it can and names what a policy decides (one local, one by policy)' {
        Reset-RemcFakeFirewallProfile -Local @{ Domain = (Off) } -Policy @{ Public = (New-RemcFakeFirewallSetting -Enabled 'False' -Inbound 'NotConfigured') }
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly 'turned on Domain; not changed: a Group Policy or MDM (Intune) firewall policy decides Public off: change that policy; a local change does not override it'
        $result.Changed | Should -Be 1
        Get-TestWrite | Should -Be @('set:Domain:Enabled=True')
    }

    It 'never says fixed when the written value does not take effect (a policy decides it too)' {
        Reset-RemcFakeFirewallProfile -Local @{ Public = (Off) } -Policy @{ Public = (New-RemcFakeFirewallSetting -Enabled 'False' -Inbound 'NotConfigured') }
        Get-TestRepairError | Should -BeExactly 'turn on Public: written to the local store, but the policy in force still differs (a Group Policy or MDM policy decides it)'
        Get-TestWrite | Should -Be @('set:Public:Enabled=True')
    }

    It 'sets the default inbound action when declared' {
        Reset-RemcFakeFirewallProfile -Local @{ Public = (New-RemcFakeFirewallSetting -Enabled 'False' -Inbound 'Allow') }
        $result = Invoke-TestRepair -Override @{ DefaultInboundAction = 'block' }
        $result.Summary | Should -BeExactly 'turned on Public; set Public inbound to block'
        Get-TestWrite | Should -Be @('set:Public:Enabled=True', 'set:Public:Inbound=Block')
    }

    It 'fails with the error code when Set-NetFirewallProfile fails, and tries each setting once' {
        Reset-RemcFakeFirewallProfile -Local @{ Domain = (Off); Public = (Off) } -SetError 'AccessDenied'
        Get-TestRepairError | Should -BeExactly 'turn on Domain: could not (AccessDenied 0x80041003); turn on Public: could not (AccessDenied 0x80041003)'
        Get-TestWrite | Should -Be @('set:Domain:Enabled=True', 'set:Public:Enabled=True')
    }

    It 'has nothing to do when every profile is as declared' {
        Reset-RemcFakeFirewallProfile
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly 'every declared profile already as declared: nothing to do'
        $result.Changed | Should -Be 0
        Get-TestWrite | Should -BeNullOrEmpty
    }

    It 'only says what it would do in report-only mode' {
        Reset-RemcFakeFirewallProfile -Local @{ Private = (Off) }
        $result = Invoke-TestRepair -Override @{ ReportOnly = $true }
        $result.Summary | Should -BeExactly 'report-only: would turn on Private'
        $result.ReportOnly | Should -BeTrue
        Get-TestWrite | Should -BeNullOrEmpty
    }
}

Describe 'the seam' {
    It 'reads both stores with -All and passes the enum names to Set-NetFirewallProfile' {
        $global:SeamCalls = New-Object System.Collections.ArrayList
        function global:Get-NetFirewallProfile { param([switch] $All, [string] $PolicyStore) $null = $global:SeamCalls.Add(("get:{0}:{1}" -f $PolicyStore, $All)); 'x' }
        function global:Set-NetFirewallProfile { param([string] $Profile, [string] $PolicyStore, $Enabled, $DefaultInboundAction) $null = $global:SeamCalls.Add(('set:{0}:{1}:{2}:{3}' -f $Profile, $PolicyStore, $Enabled, $DefaultInboundAction)) }
        try {
            @(& (Get-Item -LiteralPath 'function:Get-RemcFirewallProfileStore').ScriptBlock -Store 'ActiveStore') | Should -Be @('x')
            & (Get-Item -LiteralPath 'function:Set-RemcFirewallProfileEnabled').ScriptBlock -Name 'Private' -Enabled 'True'
            & (Get-Item -LiteralPath 'function:Set-RemcFirewallProfileInbound').ScriptBlock -Name 'Public' -Action 'Block'
            @($global:SeamCalls) | Should -Be @('get:ActiveStore:True', 'set:Private:PersistentStore:True:', 'set:Public:PersistentStore::Block')
            { & (Get-Item -LiteralPath 'function:Get-RemcFirewallProfileStore').ScriptBlock -Store 'RSOP' } | Should -Throw '*ActiveStore or PersistentStore*'
            { & (Get-Item -LiteralPath 'function:Set-RemcFirewallProfileEnabled').ScriptBlock -Name 'Private' -Enabled '1' } | Should -Throw '*True or False*'
            { & (Get-Item -LiteralPath 'function:Set-RemcFirewallProfileInbound').ScriptBlock -Name 'Home' -Action 'Block' } | Should -Throw "*no profile 'Home'*"
        }
        finally {
            Remove-Item -LiteralPath 'function:global:Get-NetFirewallProfile', 'function:global:Set-NetFirewallProfile' -ErrorAction SilentlyContinue
        }
    }

    It 'reads the code of a CIM failure, also from an inner exception, and never the message' {
        Get-RemcFirewallProfileErrorCode -Exception (New-RemcFakeFirewallCimError -Code 'AccessDenied') | Should -BeExactly 'AccessDenied 0x80041003'
        $outer = New-Object System.Exception -ArgumentList 'Zugriff verweigert', (New-RemcFakeFirewallCimError -Code 'NotFound')
        Get-RemcFirewallProfileErrorCode -Exception $outer | Should -BeExactly 'NotFound 0x80041002'
        Get-RemcFirewallProfileErrorCode -Exception (New-Object System.UnauthorizedAccessException) | Should -BeExactly 'AccessDenied'
        Get-RemcFirewallProfileErrorCode -Exception (New-Object System.Exception -ArgumentList 'plain') | Should -BeExactly ''
    }
}

Describe 'fakes' {
    It 'answer MSFT_NetFirewallProfile-shaped profiles with enum-typed values' {
        Reset-RemcFakeFirewallProfile -Local @{ Private = (Off) }
        $profiles = @(Get-RemcFirewallProfileStore -Store 'PersistentStore')
        $profiles.Count | Should -Be 3
        $profiles[1].PSObject.TypeNames[0] | Should -BeExactly 'Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallProfile'
        $profiles[1].Name | Should -BeExactly 'Private'
        $profiles[1].Enabled.GetType().Name | Should -BeExactly 'RemcFakeGpoBoolean'
        [int]$profiles[1].Enabled | Should -Be 0
        [int]$profiles[1].DefaultInboundAction | Should -Be 4
    }

    It 'merge a policy over the local store in the active store, and leave the local store as it is' {
        Reset-RemcFakeFirewallProfile -Policy @{ Domain = (New-RemcFakeFirewallSetting -Enabled 'False' -Inbound 'Allow') }
        [string](@(Get-RemcFirewallProfileStore -Store 'ActiveStore')[0].Enabled) | Should -BeExactly 'False'
        [string](@(Get-RemcFirewallProfileStore -Store 'ActiveStore')[0].DefaultInboundAction) | Should -BeExactly 'Allow'
        [string](@(Get-RemcFirewallProfileStore -Store 'PersistentStore')[0].Enabled) | Should -BeExactly 'True'
    }

    It 'keep their state through Export-Clixml, as the scenario harness does between steps' {
        Reset-RemcFakeFirewallProfile -Local @{ Private = (Off) }
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-state-' + [guid]::NewGuid().ToString('N') + '.xml')
        try {
            Export-Clixml -LiteralPath $file -InputObject $global:RemcFakeState -Depth 10
            $global:RemcFakeState = Import-Clixml -LiteralPath $file
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
        (Invoke-TestRepair).Summary | Should -BeExactly 'turned on Private'
        $global:RemcFakeState.FirewallLocal.Private.Enabled | Should -BeExactly 'True'
    }
}
