# Pester 5 tests of the windows-feature probe, fix and seam helpers against the fakes in fakes.ps1, and of
# the seam itself against stand-ins of the DISM cmdlets (the real ones need Windows).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    # The seam is loaded for its own tests (called through its function item); the fakes' aliases win
    # over its functions everywhere else.
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    function New-TestConfig {
        # The compiler's defaults (from the spec), with the required name and state filled in.
        param([hashtable] $Override = @{})
        $values = @{ Name = 'NetFx3'; State = 'enabled' }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'windows-feature' -Override $values
    }

    function New-TestContext { New-RemcTestContext -RemediationId 'netfx3' -Mode 'remediate' }

    function Reset-TestFeature {
        # Only the given features; any other name is not present.
        param($Feature = @())
        Reset-RemcFakeWindowsFeature -Feature @($Feature) -Default $null
    }

    function Get-TestEntry {
        param([string] $Name = 'NetFx3')
        @($global:RemcFakeState.FeatureList | Where-Object { $_.FeatureName -eq $Name })[0]
    }

    function Get-TestChange {
        @($global:RemcFakeState.FeatureCalls | Where-Object { $_ -like 'enable:*' -or $_ -like 'disable:*' })
    }

    function Invoke-TestProbe {
        param([hashtable] $Override = @{})
        Test-RemcWindowsFeature -Config (New-TestConfig -Override $Override) -Context (New-TestContext)
    }

    function Invoke-TestRepair {
        param([hashtable] $Override = @{})
        Repair-RemcWindowsFeature -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{}
    }

    function Get-TestRepairError {
        param([hashtable] $Override = @{})
        try { $null = Invoke-TestRepair -Override $Override } catch { return $_.Exception.Message }
        return $null
    }

    # A DISM failure as the cmdlets throw it: a COMException whose HResult is DISM's code.
    function New-DismException {
        param([int] $HResult, [string] $Message = 'Fehler')
        New-Object System.Runtime.InteropServices.COMException -ArgumentList $Message, $HResult
    }

    function Get-CommandAst {
        param([string] $File, [string] $Name)
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $File), [ref] $null, [ref] $null)
        @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq $Name }, $true))
    }
}

Describe 'windows-feature emitted files' {
    It 'never restarts: -NoRestart on every change, no -Remove, no restart command' {
        $disable = @(Get-CommandAst -File 'seam.ps1' -Name 'Disable-WindowsOptionalFeature')
        $disable.Count | Should -Be 1
        $disable[0].Extent.Text | Should -Match '-NoRestart'
        $disable[0].Extent.Text | Should -Not -Match '-Remove'
        $enable = @(Get-CommandAst -File 'seam.ps1' -Name 'Enable-WindowsOptionalFeature')
        $enable.Count | Should -Be 1
        $enable[0].Extent.Text | Should -BeExactly 'Enable-WindowsOptionalFeature @arguments'
        (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'seam.ps1') -Raw) | Should -Match 'NoRestart = \$true; ErrorAction'
        foreach ($file in 'probe.ps1', 'fix.ps1', 'seam.ps1') {
            @(Get-CommandAst -File $file -Name 'Restart-Computer').Count | Should -Be 0
        }
    }

    It 'bounds the DISM change with Wait-Job -Timeout' {
        $wait = @(Get-CommandAst -File 'seam.ps1' -Name 'Wait-Job')
        $wait.Count | Should -Be 1
        $wait[0].Extent.Text | Should -Match '-Timeout \$TimeoutSeconds'
    }
}

Describe 'Test-RemcWindowsFeature' {
    It 'reports <State> as <Summary> when the feature must be <Want>' -ForEach @(
        @{ State = 'Enabled'; Want = 'enabled'; Ok = $true; Summary = 'NetFx3 enabled' }
        @{ State = 'Disabled'; Want = 'enabled'; Ok = $false; Summary = 'NetFx3 disabled, should be enabled' }
        @{ State = 'DisabledWithPayloadRemoved'; Want = 'enabled'; Ok = $false; Summary = 'NetFx3 disabled (payload removed), should be enabled' }
        @{ State = 'Disabled'; Want = 'disabled'; Ok = $true; Summary = 'NetFx3 disabled' }
        @{ State = 'DisabledWithPayloadRemoved'; Want = 'disabled'; Ok = $true; Summary = 'NetFx3 disabled (payload removed)' }
        @{ State = 'Enabled'; Want = 'disabled'; Ok = $false; Summary = 'NetFx3 enabled, should be disabled' }
    ) {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State $State)
        $result = Invoke-TestProbe -Override @{ State = $Want }
        $result.InDesiredState | Should -Be $Ok
        $result.Summary | Should -BeExactly $Summary
        $result.ContainsKey('Waits') | Should -BeFalse
        $result.Facts.State | Should -BeExactly $State
    }

    It 'never says a pending feature is done, and makes its fix wait for the restart (<State>, must be <Want>)' -ForEach @(
        @{ State = 'EnablePending'; Want = 'enabled'; Summary = 'NetFx3 enable pending: a restart finishes it' }
        @{ State = 'EnablePending'; Want = 'disabled'; Summary = 'NetFx3 enable pending: a restart finishes it; should be disabled' }
        @{ State = 'DisablePending'; Want = 'disabled'; Summary = 'NetFx3 disable pending: a restart finishes it' }
        @{ State = 'DisablePending'; Want = 'enabled'; Summary = 'NetFx3 disable pending: a restart finishes it; should be enabled' }
    ) {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State $State)
        $result = Invoke-TestProbe -Override @{ State = $Want }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly $Summary
        $result.Waits | Should -BeExactly ('a restart (NetFx3 is {0})' -f $State)
    }

    It 'reports a feature this Windows does not have: drift when it must be enabled, fine when disabled' {
        Reset-TestFeature
        (Invoke-TestProbe).InDesiredState | Should -BeFalse
        (Invoke-TestProbe).Summary | Should -BeExactly 'NetFx3 is not available on this Windows'
        (Invoke-TestProbe -Override @{ State = 'disabled' }).InDesiredState | Should -BeTrue
    }

    It 'does not judge a state it does not know' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'PartiallyInstalled')
        { Invoke-TestProbe } | Should -Throw 'NetFx3 is in state PartiallyInstalled, which this check does not judge'
    }

    It 'ignores a look-alike answer (FeatureName differs)' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -Name 'NetFx3-Other' -State 'Enabled')
        (Invoke-TestProbe).Summary | Should -BeExactly 'NetFx3 is not available on this Windows'
    }

    It 'throws when DISM cannot read' {
        Reset-RemcFakeWindowsFeature -QueryError 'Get-WindowsOptionalFeature failed. Error code = 0x800f0950'
        { Invoke-TestProbe } | Should -Throw '*0x800f0950*'
    }

    It 'refuses a name with a wildcard or a bad state from a hand-edited script' {
        Reset-TestFeature
        { Invoke-TestProbe -Override @{ Name = 'NetFx*' } } | Should -Throw '*no wildcards*'
        { Invoke-TestProbe -Override @{ State = 'on' } } | Should -Throw "State must be 'enabled' or 'disabled', not 'on'"
    }

    It 'changes nothing' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Disabled')
        $null = Invoke-TestProbe
        Get-TestChange | Should -BeNullOrEmpty
        (Get-TestEntry).State | Should -BeExactly 'Disabled'
    }
}

Describe 'Repair-RemcWindowsFeature' {
    It 'enables a disabled feature with its parents, once' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'DisabledWithPayloadRemoved')
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly 'enabled NetFx3'
        $result.Changed | Should -Be 1
        Get-TestChange | Should -Be @('enable:NetFx3')
        (Invoke-TestProbe).InDesiredState | Should -BeTrue
    }

    It 'disables an enabled feature' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -Name 'SMB1Protocol' -State 'Enabled')
        (Invoke-TestRepair -Override @{ Name = 'SMB1Protocol'; State = 'disabled' }).Summary | Should -BeExactly 'disabled SMB1Protocol'
        Get-TestChange | Should -Be @('disable:SMB1Protocol')
    }

    It 'passes source and limitAccess to an enable' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Disabled' -OnEnable 'fail' -SourceHelps $true)
        (Invoke-TestRepair -Override @{ Source = '\\fs01\media\sxs'; LimitAccess = $true }).Summary | Should -BeExactly 'enabled NetFx3'
        Get-TestChange | Should -Be @('enable:NetFx3:source=\\fs01\media\sxs:limitaccess')
    }

    It 'never passes a source to a disable' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Enabled')
        $null = Invoke-TestRepair -Override @{ State = 'disabled'; Source = '\\fs01\media\sxs'; LimitAccess = $true }
        Get-TestChange | Should -Be @('disable:NetFx3')
    }

    It 'reports a change that needs a restart as done, and never restarts' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Disabled' -OnEnable 'pending')
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly 'enabled NetFx3; a restart finishes it (this check never restarts the device)'
        $result.Changed | Should -Be 1
        (Get-TestEntry).State | Should -BeExactly 'EnablePending'
        (Invoke-TestProbe).InDesiredState | Should -BeFalse
    }

    It 'waits for the restart of a pending feature without calling DISM (<State>)' -ForEach @(
        @{ State = 'EnablePending' }, @{ State = 'DisablePending' }
    ) {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State $State)
        $result = Invoke-TestRepair
        $result.Waits | Should -BeExactly ('a restart (NetFx3 is {0})' -f $State)
        $result.Changed | Should -Be 0
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'fails with the DISM error code and what it means: <Code>' -ForEach @(
        @{ Code = 0x800F0954; Text = 'could not enable NetFx3: DISM error 0x800F0954 (Windows Update or WSUS could not provide the files: declare a source, or allow optional content from Windows Update by policy)' }
        @{ Code = 0x800F081F; Text = 'could not enable NetFx3: DISM error 0x800F081F (the source files could not be found: check source)' }
        @{ Code = 0x80070005; Text = 'could not enable NetFx3: DISM error 0x80070005 (access denied: run as system)' }
        @{ Code = 0x800F0A13; Text = 'could not enable NetFx3: DISM error 0x800F0A13: The operation failed.' }
    ) {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Disabled' -OnEnable 'fail' -ErrorCode $Code)
        Get-TestRepairError | Should -BeExactly $Text
        Get-TestChange | Should -Be @('enable:NetFx3')
    }

    It 'gives up after timeoutSeconds' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Disabled' -OnEnable 'hang')
        Get-TestRepairError -Override @{ TimeoutSeconds = 45 } | Should -BeExactly 'enable NetFx3: DISM did not finish within 45 s (stopped waiting; Windows may still finish it, and the next run reads the result)'
    }

    It 'fails when DISM says it worked but the feature did not change' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Disabled' -OnEnable 'noop')
        Get-TestRepairError | Should -BeExactly 'NetFx3 is Disabled after DISM reported success'
    }

    It 'refuses a feature this Windows does not have, and has nothing to do when it must be disabled' {
        Reset-TestFeature
        Get-TestRepairError | Should -BeExactly 'NetFx3 is not available on this Windows (DISM knows no feature of that name); this check does not install it'
        (Invoke-TestRepair -Override @{ State = 'disabled' }).Changed | Should -Be 0
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'has nothing to do when the feature is already as declared' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Enabled')
        (Invoke-TestRepair).Summary | Should -BeExactly 'NetFx3 already enabled: nothing to do'
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'only says what it would do in report-only mode' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Disabled')
        $result = Invoke-TestRepair -Override @{ ReportOnly = $true }
        $result.Summary | Should -BeExactly 'report-only: would enable NetFx3 (is Disabled)'
        $result.ReportOnly | Should -BeTrue
        Get-TestChange | Should -BeNullOrEmpty
    }
}

Describe 'the seam' {
    It 'answers nothing for a feature DISM does not know (0x800F080C), and throws other failures' {
        function global:Get-WindowsOptionalFeature { param([switch] $Online, [string] $FeatureName) throw (New-DismException -HResult 0x800F080C -Message "Feature name $FeatureName is unknown.") }
        try {
            @(& (Get-Item -LiteralPath 'function:Get-RemcWindowsFeatureInfo').ScriptBlock -Name 'Nope').Count | Should -Be 0
            function global:Get-WindowsOptionalFeature { param([switch] $Online, [string] $FeatureName) throw (New-DismException -HResult 0x80070005 -Message 'Zugriff verweigert') }
            { & (Get-Item -LiteralPath 'function:Get-RemcWindowsFeatureInfo').ScriptBlock -Name 'NetFx3' } | Should -Throw 'Zugriff verweigert'
        }
        finally { Remove-Item -LiteralPath 'function:global:Get-WindowsOptionalFeature' -ErrorAction SilentlyContinue }
    }

    It 'reads the code of a DISM failure, also from an inner exception' {
        Get-RemcWindowsFeatureErrorCode -Exception (New-DismException -HResult 0x800F0954) | Should -BeExactly '0x800F0954'
        $outer = New-Object System.Exception -ArgumentList 'outer', (New-DismException -HResult 0x800F081F)
        Get-RemcWindowsFeatureErrorCode -Exception $outer | Should -BeExactly '0x800F081F'
        Get-RemcWindowsFeatureErrorCode -Exception (New-Object System.Exception -ArgumentList 'plain') | Should -BeExactly ''
    }

    It 'reports a failed change from its job, with an answer and without leaving the job behind' {
        # No DISM module here: the job's Enable-WindowsOptionalFeature is not found, which it answers.
        $before = @(Get-Job).Count
        $run = & (Get-Item -LiteralPath 'function:Invoke-RemcWindowsFeatureChange').ScriptBlock -Name 'NetFx3' -Enable $true -TimeoutSeconds 120
        $run.Finished | Should -BeTrue
        $run.Succeeded | Should -BeFalse
        $run.Message | Should -Match 'Enable-WindowsOptionalFeature'
        @(Get-Job).Count | Should -Be $before
    }
}

Describe 'fakes' {
    It 'answer AdvancedFeatureObject-shaped features' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'EnablePending' -RestartRequired 'Required')
        $feature = @(Get-RemcWindowsFeatureInfo -Name 'NetFx3')[0]
        $feature.PSObject.TypeNames[0] | Should -BeExactly 'Microsoft.Dism.Commands.AdvancedFeatureObject'
        [string]$feature.State | Should -BeExactly 'EnablePending'
        [string]$feature.RestartRequired | Should -BeExactly 'Required'
        $feature.Online | Should -BeOfType [bool]
    }

    It 'answer nothing for a name this Windows does not have, and keep a default feature out of the list until it changes' {
        Reset-RemcFakeWindowsFeature -Feature @()
        @(Get-RemcWindowsFeatureInfo -Name 'AnyFeature').Count | Should -Be 1
        $global:RemcFakeState.FeatureList.Count | Should -Be 0
        Reset-TestFeature
        @(Get-RemcWindowsFeatureInfo -Name 'AnyFeature').Count | Should -Be 0
    }

    It 'answer an unknown feature to a change with 0x800F080C' {
        Reset-TestFeature
        $run = Invoke-RemcWindowsFeatureChange -Name 'Nope' -Enable $true -TimeoutSeconds 60
        ConvertTo-RemcWindowsFeatureCode -HResult $run.HResult | Should -BeExactly '0x800F080C'
    }

    It 'keep their state through Export-Clixml, as the scenario harness does between steps' {
        Reset-TestFeature (New-RemcFakeWindowsFeature -State 'Disabled')
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-state-' + [guid]::NewGuid().ToString('N') + '.xml')
        try {
            Export-Clixml -LiteralPath $file -InputObject $global:RemcFakeState -Depth 10
            $global:RemcFakeState = Import-Clixml -LiteralPath $file
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
        (Invoke-TestRepair).Summary | Should -BeExactly 'enabled NetFx3'
        (Get-TestEntry).State | Should -BeExactly 'Enabled'
    }
}
