# Pester 5 tests of the firewall-rule probe, fix and seam helpers against the fakes in fakes.ps1, and of
# the seam itself against stand-ins of the NetSecurity cmdlets (the real ones need Windows).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    function New-TestConfig {
        # The compiler's defaults (from the spec), with a rule name and enabled filled in.
        param([hashtable] $Override = @{})
        $values = @{ Name = 'RemoteDesktop-UserMode-In-TCP'; Enabled = $true }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'firewall-rule' -Override $values
    }

    function New-TestContext { New-RemcTestContext -RemediationId 'rdp' -Mode 'remediate' }

    function Invoke-TestProbe {
        param([hashtable] $Override = @{})
        Test-RemcFirewallRule -Config (New-TestConfig -Override $Override) -Context (New-TestContext)
    }

    function Invoke-TestRepair {
        param([hashtable] $Override = @{})
        Repair-RemcFirewallRule -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{}
    }

    function Get-TestRepairError {
        param([hashtable] $Override = @{})
        try { $null = Invoke-TestRepair -Override $Override } catch { return $_.Exception.Message }
        return $null
    }

    function Get-TestWrite { @($global:RemcFakeState.FirewallRuleCalls | Where-Object { $_ -like 'enable:*' -or $_ -like 'disable:*' }) }

    $script:RdpGroup = @{ Name = ''; Group = '@FirewallAPI.dll,-28752' }

    function Get-CommandAst {
        param([string] $File, [string] $Name)
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $File), [ref] $null, [ref] $null)
        @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq $Name }, $true))
    }
}

Describe 'firewall-rule emitted files' {
    It 'finds rules by Name or Group only, and writes one rule by Name in the local store; never creates, removes or edits one' {
        foreach ($get in @(Get-CommandAst -File 'seam.ps1' -Name 'Get-NetFirewallRule')) {
            $get.Extent.Text | Should -Match "-PolicyStore 'ActiveStore'"
            $get.Extent.Text | Should -Not -Match 'Display'
        }
        foreach ($verb in 'Enable-NetFirewallRule', 'Disable-NetFirewallRule') {
            $call = @(Get-CommandAst -File 'seam.ps1' -Name $verb)
            $call.Count | Should -Be 1
            $call[0].Extent.Text | Should -Match "-Name \`$Name -PolicyStore 'PersistentStore'"
        }
        foreach ($file in 'probe.ps1', 'fix.ps1', 'seam.ps1') {
            foreach ($never in 'New-NetFirewallRule', 'Remove-NetFirewallRule', 'Set-NetFirewallRule', 'netsh') { @(Get-CommandAst -File $file -Name $never).Count | Should -Be 0 }
            (Get-Content -LiteralPath (Join-Path $PSScriptRoot $file) -Raw) | Should -Not -Match '\.DisplayName|\.DisplayGroup'
        }
    }
}

Describe 'Test-RemcFirewallRule' {
    It 'reports a rule by its Name: <Enabled> when it must be <Want>' -ForEach @(
        @{ Enabled = 'False'; Want = $true; Ok = $false; Summary = 'RemoteDesktop-UserMode-In-TCP disabled, should be enabled' }
        @{ Enabled = 'True'; Want = $true; Ok = $true; Summary = 'RemoteDesktop-UserMode-In-TCP enabled' }
        @{ Enabled = 'False'; Want = $false; Ok = $true; Summary = 'RemoteDesktop-UserMode-In-TCP disabled' }
        @{ Enabled = 'True'; Want = $false; Ok = $false; Summary = 'RemoteDesktop-UserMode-In-TCP enabled, should be disabled' }
    ) {
        Reset-RemcFakeFirewallRule -Rule @(New-RemcFakeFirewallRule -Enabled $Enabled) -Default $null
        $result = Invoke-TestProbe -Override @{ Enabled = $Want }
        $result.InDesiredState | Should -Be $Ok
        $result.Summary | Should -BeExactly $Summary
        $result.ContainsKey('Advice') | Should -BeFalse
    }

    It 'never matches a DisplayName: a rule named only by its translated DisplayName is no rule' {
        Reset-RemcFakeFirewallRule -Default $null
        $result = Invoke-TestProbe -Override @{ Name = 'Remote Desktop - User Mode (TCP-In)' }
        $result.Summary | Should -BeExactly 'Remote Desktop - User Mode (TCP-In): no such rule'
        $result.InDesiredState | Should -BeFalse
        # The fix never creates rules: a person must act.
        $result.Repairable | Should -BeFalse
        (Invoke-TestProbe -Override @{ Name = 'Remote Desktop - User Mode (TCP-In)'; Enabled = $false }).InDesiredState | Should -BeTrue
    }

    It 'judges every rule of a group, by its Group' {
        Reset-RemcFakeFirewallRule -Default $null
        $result = Invoke-TestProbe -Override $script:RdpGroup
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'group @FirewallAPI.dll,-28752: 3 of 3 rules disabled (RemoteDesktop-UserMode-In-TCP, RemoteDesktop-UserMode-In-UDP, RemoteDesktop-Shadow-In-TCP), should be enabled'
        (Invoke-TestProbe -Override ($script:RdpGroup + @{ Enabled = $false })).Summary | Should -BeExactly 'group @FirewallAPI.dll,-28752: 3 rules disabled'
        @($global:RemcFakeState.FirewallRuleCalls)[0] | Should -BeExactly 'read:group=@FirewallAPI.dll,-28752'
    }

    It 'tells a rule a policy decides from a local one, and advises changing the policy' {
        Reset-RemcFakeFirewallRule -Rule @(New-RemcFakeFirewallRule -Enabled 'True' -PolicyEnabled 'False' -PolicySource 'MDM') -Default $null
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'RemoteDesktop-UserMode-In-TCP disabled (by policy: RemoteDesktop-UserMode-In-TCP from MDM), should be enabled'
        $result.Advice | Should -BeExactly 'a Group Policy or MDM (Intune) firewall policy decides RemoteDesktop-UserMode-In-TCP: change that policy; a local change does not override it'
        $result.Repairable | Should -BeFalse
    }

    It 'reads the enum and the CIM class value, never as [bool]' -ForEach @(
        @{ Value = [uint16]1; Word = 'True' }, @{ Value = [uint16]2; Word = 'False' }, @{ Value = 'False'; Word = 'False' }, @{ Value = $null; Word = 'unknown' }
    ) {
        ConvertTo-RemcFirewallRuleEnabled -Value $Value | Should -BeExactly $Word
    }

    It 'ignores a look-alike answer (the cmdlet takes wildcards)' {
        function Get-TestLookAlike { param([string] $Name = '', [string] $Group = '') ConvertTo-RemcFakeFirewallRule -Entry (New-RemcFakeFirewallRule -Name 'RemoteDesktop-UserMode-In-TCP-Copy' -Enabled 'True') }
        Set-Alias -Name Get-RemcFirewallRuleActive -Value Get-TestLookAlike
        (Invoke-TestProbe).Summary | Should -BeExactly 'RemoteDesktop-UserMode-In-TCP: no such rule'
    }

    It 'throws when the rules cannot be read' {
        Reset-RemcFakeFirewallRule -ReadError 'The RPC server is unavailable. (0x800706BA)'
        { Invoke-TestProbe } | Should -Throw '*0x800706BA*'
    }

    It 'refuses bad values from a hand-edited script' {
        Reset-RemcFakeFirewallRule
        { Invoke-TestProbe -Override @{ Name = 'Remote*' } } | Should -Throw '*no wildcards*'
        { Invoke-TestProbe -Override @{ Name = 'A'; Group = 'B' } } | Should -Throw '*exactly one of Name and Group*'
        { Invoke-TestProbe -Override @{ Enabled = 'yes' } } | Should -Throw '*Enabled must be true or false*'
    }
}

Describe 'Repair-RemcFirewallRule' {
    It 'enables a disabled local rule by its Name, once, and reads the rules in force back' {
        Reset-RemcFakeFirewallRule -Default $null
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly 'enabled RemoteDesktop-UserMode-In-TCP'
        $result.Changed | Should -Be 1
        Get-TestWrite | Should -Be @('enable:RemoteDesktop-UserMode-In-TCP')
        @($global:RemcFakeState.FirewallRuleCalls)[-1] | Should -BeExactly 'read:name=RemoteDesktop-UserMode-In-TCP'
        (Invoke-TestProbe).InDesiredState | Should -BeTrue
    }

    It 'disables every enabled rule of a group, and no other rule' {
        $rules = @(Get-RemcFakeOrdinaryFirewallRule | ForEach-Object { $_.Enabled = 'True'; $_ })
        Reset-RemcFakeFirewallRule -Rule $rules -Default $null
        $result = Invoke-TestRepair -Override ($script:RdpGroup + @{ Enabled = $false })
        $result.Summary | Should -BeExactly 'disabled RemoteDesktop-UserMode-In-TCP, RemoteDesktop-UserMode-In-UDP, RemoteDesktop-Shadow-In-TCP'
        Get-TestWrite | Should -Be @('disable:RemoteDesktop-UserMode-In-TCP', 'disable:RemoteDesktop-UserMode-In-UDP', 'disable:RemoteDesktop-Shadow-In-TCP')
        @($global:RemcFakeState.FirewallRuleList | Where-Object { $_.Name -eq 'FPS-SMB-In-TCP' })[0].Enabled | Should -BeExactly 'True'
    }

    It 'writes nothing for a rule a policy decides, and fails naming the policy' {
        Reset-RemcFakeFirewallRule -Rule @(New-RemcFakeFirewallRule -Enabled 'True' -PolicyEnabled 'False') -Default $null
        Get-TestRepairError | Should -BeExactly 'changed nothing: a Group Policy or MDM (Intune) firewall policy decides RemoteDesktop-UserMode-In-TCP: change that policy; a local change does not override it'
        Get-TestWrite | Should -BeNullOrEmpty
    }

    It 'fixes the local rules of a group and names those a policy decides' {
        $rules = @(
            (New-RemcFakeFirewallRule -Name 'RemoteDesktop-UserMode-In-TCP')
            (New-RemcFakeFirewallRule -Name 'RemoteDesktop-UserMode-In-UDP' -PolicyEnabled 'False')
        )
        Reset-RemcFakeFirewallRule -Rule $rules -Default $null
        $result = Invoke-TestRepair -Override $script:RdpGroup
        $result.Summary | Should -BeExactly 'enabled RemoteDesktop-UserMode-In-TCP; not changed: a Group Policy or MDM (Intune) firewall policy decides RemoteDesktop-UserMode-In-UDP: change that policy; a local change does not override it'
        Get-TestWrite | Should -Be @('enable:RemoteDesktop-UserMode-In-TCP')
    }

    It 'refuses to create a rule Windows does not have, and has nothing to do when it must be disabled' {
        Reset-RemcFakeFirewallRule -Rule @() -Default $null
        Get-TestRepairError | Should -BeExactly 'RemoteDesktop-UserMode-In-TCP: no such rule on this Windows; this check never creates rules'
        (Invoke-TestRepair -Override @{ Enabled = $false }).Summary | Should -BeExactly 'RemoteDesktop-UserMode-In-TCP: no such rule: nothing to do'
        Get-TestWrite | Should -BeNullOrEmpty
    }

    It 'fails with the error code when the change fails' {
        Reset-RemcFakeFirewallRule -Default $null -SetError 'AccessDenied'
        Get-TestRepairError | Should -BeExactly 'could not enable RemoteDesktop-UserMode-In-TCP (AccessDenied)'
        Get-TestWrite | Should -Be @('enable:RemoteDesktop-UserMode-In-TCP')
    }

    It 'has nothing to do when the rule is as declared, and only says what it would do in report-only mode' {
        Reset-RemcFakeFirewallRule -Default $null
        (Invoke-TestRepair -Override @{ Enabled = $false }).Summary | Should -BeExactly 'RemoteDesktop-UserMode-In-TCP already disabled: nothing to do'
        $result = Invoke-TestRepair -Override @{ ReportOnly = $true }
        $result.Summary | Should -BeExactly 'report-only: would enable RemoteDesktop-UserMode-In-TCP'
        $result.ReportOnly | Should -BeTrue
        Get-TestWrite | Should -BeNullOrEmpty
    }
}

Describe 'the seam' {
    It 'answers nothing for ObjectNotFound, told by its category, and throws other failures' {
        function global:Get-NetFirewallRule { param([string] $Name, [string] $Group, [string] $PolicyStore) Write-Error -Message 'Keine MSFT_NetFirewallRule-Objekte gefunden' -Category ObjectNotFound -ErrorAction Stop }
        try {
            @(& (Get-Item -LiteralPath 'function:Get-RemcFirewallRuleActive').ScriptBlock -Name 'Nope').Count | Should -Be 0
            function global:Get-NetFirewallRule { param([string] $Name, [string] $Group, [string] $PolicyStore) Write-Error -Message 'Zugriff verweigert' -Category PermissionDenied -ErrorAction Stop }
            { & (Get-Item -LiteralPath 'function:Get-RemcFirewallRuleActive').ScriptBlock -Group 'G' } | Should -Throw '*Zugriff verweigert*'
            function global:Get-NetFirewallRule { param([string] $Name, [string] $Group, [string] $PolicyStore) ('{0}|{1}|{2}' -f $Name, $Group, $PolicyStore) }
            @(& (Get-Item -LiteralPath 'function:Get-RemcFirewallRuleActive').ScriptBlock -Group '@FirewallAPI.dll,-28752') | Should -Be @('|@FirewallAPI.dll,-28752|ActiveStore')
            { & (Get-Item -LiteralPath 'function:Get-RemcFirewallRuleActive').ScriptBlock } | Should -Throw '*give Name or Group*'
        }
        finally { Remove-Item -LiteralPath 'function:global:Get-NetFirewallRule' -ErrorAction SilentlyContinue }
    }

    It 'names a failed change by its CimException code, else by its category, never by its text' {
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-RemcFakeFirewallRuleCimError -Code 'AccessDenied'), 'x', ([System.Management.Automation.ErrorCategory]::PermissionDenied), $null
        Get-RemcFirewallRuleErrorText -ErrorRecord $record | Should -BeExactly 'AccessDenied'
        $plain = New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-Object System.Exception -ArgumentList 'Zugriff verweigert'), 'x', ([System.Management.Automation.ErrorCategory]::PermissionDenied), $null
        Get-RemcFirewallRuleErrorText -ErrorRecord $plain | Should -BeExactly 'PermissionDenied'
    }
}

Describe 'fakes' {
    It 'answer MSFT_NetFirewallRule-shaped rules with enum-typed values, a policy rule winning in force' {
        Reset-RemcFakeFirewallRule -Rule @(New-RemcFakeFirewallRule -Enabled 'True' -PolicyEnabled 'False') -Default $null
        $rule = @(Get-RemcFirewallRuleActive -Name 'RemoteDesktop-UserMode-In-TCP')[0]
        $rule.PSObject.TypeNames[0] | Should -BeExactly 'Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallRule'
        $rule.Enabled.GetType().Name | Should -BeExactly 'RemcFakeNetSecurityEnabled'
        [int]$rule.Enabled | Should -Be 2
        [bool]$rule.Enabled | Should -BeTrue -Because 'a [bool] of False (2) is true: the probe never reads it so'
        [string]$rule.PolicyStoreSourceType | Should -BeExactly 'GroupPolicy'
    }

    It 'answer a group nobody lists with the default rules, and keep their state through Export-Clixml' {
        Reset-RemcFakeFirewallRule -Rule @() -Default (New-RemcFakeFirewallRule -Name '*' -Enabled 'False' -GroupSize 2)
        @(Get-RemcFirewallRuleActive -Group 'G').Count | Should -Be 2
        $global:RemcFakeState.FirewallRuleList.Count | Should -Be 0
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-state-' + [guid]::NewGuid().ToString('N') + '.xml')
        try {
            Export-Clixml -LiteralPath $file -InputObject $global:RemcFakeState -Depth 10
            $global:RemcFakeState = Import-Clixml -LiteralPath $file
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
        (Invoke-TestRepair -Override @{ Name = ''; Group = 'G' }).Summary | Should -BeExactly 'enabled G rule 1, G rule 2'
        (Invoke-TestProbe -Override @{ Name = ''; Group = 'G' }).Summary | Should -BeExactly 'group G: 2 rules enabled'
    }
}
