# Pester 5 tests of the scheduled-task probe, fix and seam helpers against the fakes (the seam's
# Windows calls are replaced by fakes.ps1's aliases; its pure helpers and its not-found handling are
# tested against a stand-in Get-ScheduledTask that raises the real error shapes).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    # Exactly the defaults of index.ts (PascalCase keys); path and name are required, so a sample is given.
    function New-TestConfig {
        # The compiler's defaults (from the spec, through New-RemcTestConfig), with the required options filled in.
        param([hashtable] $Override = @{})
        $values = @{ Path = '\Contoso\'; Name = 'Cleanup' }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'scheduled-task' -Override $values
    }

    function New-TestContext {
        param([string] $Mode = 'remediate')
        New-RemcTestContext -RemediationId 'contoso-tasks' -Mode $Mode
    }

    function New-ContosoTask {
        param([string] $State = 'Ready', $Enabled = $null, [string] $TaskName = 'Cleanup', [string] $TaskPath = '\Contoso\')
        New-RemcFakeScheduledTask -TaskPath $TaskPath -TaskName $TaskName -State $State -Enabled $Enabled
    }

    function Get-TestRecord {
        @($global:RemcFakeState.ScheduledTasks | Where-Object { $_.TaskPath -eq '\Contoso\' -and $_.TaskName -eq 'Cleanup' })
    }

    # The real seam function, past the fake's alias.
    function Invoke-RealSeam {
        param([string] $TaskPath, [string] $TaskName)
        & (Get-Command -Name Get-RemcScheduledTaskEntry -CommandType Function) -TaskPath $TaskPath -TaskName $TaskName
    }
}

Describe 'scheduled-task emitted files' {
    It 'seam.ps1 never passes -TaskName to a cmdlet (a wildcard pattern) and confirms nothing interactively' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $commands = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)
        foreach ($command in $commands) {
            $name = $command.GetCommandName()
            if ($name -notlike '*-ScheduledTask') { continue }
            $parameters = @($command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName })
            $parameters | Should -Not -Contain 'TaskName'
            if ($name -eq 'Unregister-ScheduledTask') { $command.Extent.Text | Should -Match '-Confirm:\$false' }
        }
    }
}

Describe 'Test-RemcScheduledTask' {
    It 'returns exactly one hashtable' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask)
        $result = @(Test-RemcScheduledTask -Config (New-TestConfig) -Context (New-TestContext))
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
    }

    It 'is in desired state when the task is present and enabled is not declared' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State 'Disabled')
        $result = Test-RemcScheduledTask -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be '\Contoso\Cleanup present, state Disabled'
        $result.Facts.Present | Should -BeTrue
        $result.Facts.State | Should -Be 'Disabled'
        $result.Facts.Enabled | Should -BeFalse
        @($global:RemcFakeState.ScheduledTaskQueries) | Should -Be @('\Contoso\Cleanup')
    }

    It 'drifts when a task that must be present is missing, says remc cannot create it, and asks a person (not repairable)' {
        Reset-RemcFakeScheduledTask
        $result = Test-RemcScheduledTask -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '\Contoso\Cleanup missing (remc cannot create it)'
        $result.Facts.Present | Should -BeFalse
        $result.Repairable | Should -BeFalse
        $result.Advice | Should -Be 'the task is not on this device: deploy it (the fix only enables, disables or removes existing tasks)'
    }

    It 'is in desired state when a task that must be absent is absent' {
        Reset-RemcFakeScheduledTask
        $result = Test-RemcScheduledTask -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be '\Contoso\Cleanup absent'
    }

    It 'drifts when a task that must be absent is present (state <State>)' -ForEach @(
        @{ State = 'Ready' }, @{ State = 'Disabled' }, @{ State = 'Running' }
    ) {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State $State)
        $result = Test-RemcScheduledTask -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be ('\Contoso\Cleanup present (state {0}), should be absent' -f $State)
    }

    It 'with enabled <Want>, a task in state <State> (Settings.Enabled <Enabled>) is in desired state: <Ok>' -ForEach @(
        @{ Want = $true; State = 'Ready'; Enabled = $true; Ok = $true; Summary = '\Contoso\Cleanup enabled, state Ready' }
        @{ Want = $true; State = 'Disabled'; Enabled = $false; Ok = $false; Summary = '\Contoso\Cleanup disabled (state Disabled), should be enabled' }
        @{ Want = $false; State = 'Disabled'; Enabled = $false; Ok = $true; Summary = '\Contoso\Cleanup disabled, state Disabled' }
        @{ Want = $false; State = 'Ready'; Enabled = $true; Ok = $false; Summary = '\Contoso\Cleanup enabled (state Ready), should be disabled' }
        # Running or Queued says nothing about enabled: Settings.Enabled decides.
        @{ Want = $true; State = 'Running'; Enabled = $true; Ok = $true; Summary = '\Contoso\Cleanup enabled, state Running' }
        @{ Want = $false; State = 'Running'; Enabled = $false; Ok = $true; Summary = '\Contoso\Cleanup disabled, state Running' }
        @{ Want = $false; State = 'Running'; Enabled = $true; Ok = $false; Summary = '\Contoso\Cleanup enabled (state Running), should be disabled' }
        @{ Want = $true; State = 'Queued'; Enabled = $false; Ok = $false; Summary = '\Contoso\Cleanup disabled (state Queued), should be enabled' }
        @{ Want = $true; State = 'Unknown'; Enabled = $true; Ok = $true; Summary = '\Contoso\Cleanup enabled, state Unknown' }
    ) {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State $State -Enabled $Enabled)
        $result = Test-RemcScheduledTask -Config (New-TestConfig -Override @{ Enabled = $Want }) -Context (New-TestContext)
        $result.InDesiredState | Should -Be $Ok
        $result.Summary | Should -Be $Summary
        $result.Facts.State | Should -Be $State
        $result.Facts.Enabled | Should -Be $Enabled
    }

    It 'reads the State enum through its text' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State 'Disabled')
        $task = Get-RemcScheduledTaskEntry -TaskPath '\Contoso\' -TaskName 'Cleanup'
        $task.State | Should -Not -BeOfType [string]
        Get-RemcScheduledTaskStateText -Task $task | Should -Be 'Disabled'
    }

    It 'throws when it cannot tell whether a Running task is enabled' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State 'Running')
        $task = [pscustomobject]@{ TaskPath = '\Contoso\'; TaskName = 'Cleanup'; State = 'Running'; Settings = $null }
        Mock Get-RemcScheduledTaskEntry { $task }
        { Test-RemcScheduledTask -Config (New-TestConfig -Override @{ Enabled = $true }) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage '\Contoso\Cleanup has state Running and no Settings.Enabled: cannot tell whether it is enabled'
    }

    It 'matches the folder and name exactly, case-insensitively' {
        Reset-RemcFakeScheduledTask -Task @(
            New-ContosoTask -TaskName 'Cleanup2'
            New-ContosoTask -TaskPath '\Contoso\Sub\'
            New-ContosoTask -TaskPath '\'
        )
        (Test-RemcScheduledTask -Config (New-TestConfig) -Context (New-TestContext)).Summary | Should -Be '\Contoso\Cleanup missing (remc cannot create it)'
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -TaskPath '\CONTOSO\' -TaskName 'cleanup')
        (Test-RemcScheduledTask -Config (New-TestConfig) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'does not act on a look-alike the seam might return' {
        Reset-RemcFakeScheduledTask
        Mock Get-RemcScheduledTaskEntry { New-RemcFakeScheduledTask -TaskPath '\Contoso\' -TaskName 'Cleanup (old)' | ForEach-Object { ConvertTo-RemcFakeScheduledTaskInstance -Record $_ -TaskPath '\Contoso\' -TaskName 'Cleanup (old)' } }
        (Test-RemcScheduledTask -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'finds a task in the root folder' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -TaskPath '\' -State 'Disabled')
        $result = Test-RemcScheduledTask -Config (New-TestConfig -Override @{ Path = '\'; Enabled = $false }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be '\Cleanup disabled, state Disabled'
    }

    It 'throws when Get-ScheduledTask fails, instead of calling the task absent' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask) -QueryHResult '0x80070422' -QueryMessage 'The service cannot be started.'
        { Test-RemcScheduledTask -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage 'Get-ScheduledTask failed (0x80070422): The service cannot be started.'
    }

    It 'refuses a folder or name that is not literal: <Key> = <Value>' -ForEach @(
        @{ Key = 'Path'; Value = 'Contoso' }, @{ Key = 'Path'; Value = '\Contoso' }, @{ Key = 'Path'; Value = '\Con*\' }
        @{ Key = 'Path'; Value = '\Con[t]oso\' }, @{ Key = 'Path'; Value = '' }, @{ Key = 'Name'; Value = 'Clean*' }
        @{ Key = 'Name'; Value = 'Contoso\Cleanup' }, @{ Key = 'Name'; Value = '' }
    ) {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask)
        { Test-RemcScheduledTask -Config (New-TestConfig -Override @{ $Key = $Value }) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage ('{0} must be*' -f $Key)
        $global:RemcFakeState.ScheduledTaskQueries.Count | Should -Be 0
    }

    It 'refuses an unknown ensure' {
        { Test-RemcScheduledTask -Config (New-TestConfig -Override @{ Ensure = 'disabled' }) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage "Ensure must be 'present' or 'absent': 'disabled'"
    }

    It 'never changes anything (<Case>)' -ForEach @(
        @{ Case = 'absent wanted, present'; Override = @{ Ensure = 'absent' }; Task = 'Ready' }
        @{ Case = 'disabled wanted, enabled'; Override = @{ Enabled = $false }; Task = 'Ready' }
        @{ Case = 'enabled wanted, disabled'; Override = @{ Enabled = $true }; Task = 'Disabled' }
    ) {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State $Task)
        $null = Test-RemcScheduledTask -Config (New-TestConfig -Override $Override) -Context (New-TestContext -Mode 'detect')
        $global:RemcFakeState.ScheduledTaskCalls.Count | Should -Be 0
        (Get-TestRecord)[0].State | Should -Be $Task
    }
}

Describe 'Repair-RemcScheduledTask' {
    It 'removes a task that must be absent, and verifies it is gone' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask)
        $result = @(Repair-RemcScheduledTask -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{})
        $result.Count | Should -Be 1
        $result[0].Summary | Should -Be 'removed \Contoso\Cleanup'
        $result[0].Changed | Should -Be 1
        @($global:RemcFakeState.ScheduledTaskChanges) | Should -Be @('remove:\Contoso\Cleanup')
        Get-TestRecord | Should -BeNullOrEmpty
        $global:RemcFakeState.ScheduledTasks.Count | Should -Be 7
    }

    It 'enables a disabled task that must be enabled' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State 'Disabled')
        $result = Repair-RemcScheduledTask -Config (New-TestConfig -Override @{ Enabled = $true }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'enabled \Contoso\Cleanup'
        $result.Changed | Should -Be 1
        (Get-TestRecord)[0].State | Should -Be 'Ready'
        @($global:RemcFakeState.ScheduledTaskChanges) | Should -Be @('enable:\Contoso\Cleanup')
    }

    It 'disables an enabled task that must be disabled' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State 'Ready')
        $result = Repair-RemcScheduledTask -Config (New-TestConfig -Override @{ Enabled = $false }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'disabled \Contoso\Cleanup'
        (Get-TestRecord)[0].State | Should -Be 'Disabled'
    }

    It 'disables a running task and says its instance was left to finish' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State 'Running')
        $result = Repair-RemcScheduledTask -Config (New-TestConfig -Override @{ Enabled = $false }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'disabled \Contoso\Cleanup (its running instance was left to finish)'
        (Get-TestRecord)[0].State | Should -Be 'Running'
        (Get-TestRecord)[0].Enabled | Should -BeFalse
        (Test-RemcScheduledTask -Config (New-TestConfig -Override @{ Enabled = $false }) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'fails with a clear message when a task that must be present is missing' {
        Reset-RemcFakeScheduledTask
        { Repair-RemcScheduledTask -Config (New-TestConfig) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'cannot create \Contoso\Cleanup: remc never creates scheduled tasks*'
        $global:RemcFakeState.ScheduledTaskCalls.Count | Should -Be 0
    }

    It 'changes nothing when the task is already as declared (<Case>)' -ForEach @(
        @{ Case = 'already absent'; Override = @{ Ensure = 'absent' }; Task = $null; Summary = '\Contoso\Cleanup already absent' }
        @{ Case = 'already enabled'; Override = @{ Enabled = $true }; Task = 'Ready'; Summary = '\Contoso\Cleanup already enabled' }
        @{ Case = 'already disabled'; Override = @{ Enabled = $false }; Task = 'Disabled'; Summary = '\Contoso\Cleanup already disabled' }
        @{ Case = 'present, either'; Override = @{}; Task = 'Disabled'; Summary = '\Contoso\Cleanup present, nothing to change' }
    ) {
        if ($null -eq $Task) { Reset-RemcFakeScheduledTask } else { Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State $Task) }
        $result = Repair-RemcScheduledTask -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be $Summary
        $result.Changed | Should -Be 0
        $global:RemcFakeState.ScheduledTaskCalls.Count | Should -Be 0
    }

    It 'report-only: says what it would <Verb>, changes nothing and says so' -ForEach @(
        @{ Verb = 'remove'; Override = @{ Ensure = 'absent'; ReportOnly = $true }; Task = 'Ready' }
        @{ Verb = 'enable'; Override = @{ Enabled = $true; ReportOnly = $true }; Task = 'Disabled' }
        @{ Verb = 'disable'; Override = @{ Enabled = $false; ReportOnly = $true }; Task = 'Ready' }
    ) {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State $Task)
        $result = Repair-RemcScheduledTask -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be ('report-only: would {0} \Contoso\Cleanup' -f $Verb)
        $result.Changed | Should -Be 0
        $result.ReportOnly | Should -BeTrue
        $global:RemcFakeState.ScheduledTaskCalls.Count | Should -Be 0
        (Get-TestRecord)[0].State | Should -Be $Task
    }

    It 'throws one line with the HRESULT when <Cmdlet> fails' -ForEach @(
        @{ Cmdlet = 'Unregister-ScheduledTask'; Action = 'remove'; Override = @{ Ensure = 'absent' }; Task = 'Ready' }
        @{ Cmdlet = 'Enable-ScheduledTask'; Action = 'enable'; Override = @{ Enabled = $true }; Task = 'Disabled' }
        @{ Cmdlet = 'Disable-ScheduledTask'; Action = 'disable'; Override = @{ Enabled = $false }; Task = 'Ready' }
    ) {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State $Task) -FailAction $Action
        { Repair-RemcScheduledTask -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage ('\Contoso\Cleanup: {0} failed (0x80070005): Access is denied.' -f $Cmdlet)
        $global:RemcFakeState.ScheduledTaskChanges.Count | Should -Be 0
        (Get-TestRecord)[0].State | Should -Be $Task
    }

    It 'fails when the cmdlet reports success but the task did not change (<Case>)' -ForEach @(
        @{ Case = 'remove'; Override = @{ Ensure = 'absent' }; Task = 'Ready'; Message = 'Unregister-ScheduledTask reported success, but \Contoso\Cleanup is still registered' }
        @{ Case = 'enable'; Override = @{ Enabled = $true }; Task = 'Disabled'; Message = 'Enable-ScheduledTask reported success, but \Contoso\Cleanup is still disabled (state Disabled)' }
        @{ Case = 'disable'; Override = @{ Enabled = $false }; Task = 'Ready'; Message = 'Disable-ScheduledTask reported success, but \Contoso\Cleanup is still enabled (state Ready)' }
    ) {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State $Task) -NoEffect
        { Repair-RemcScheduledTask -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage $Message
    }

    It 'reports a task that vanished before the change (0x80070002)' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State 'Disabled')
        Mock Get-RemcScheduledTaskEntry { ConvertTo-RemcFakeScheduledTaskInstance -Record (New-ContosoTask -State 'Disabled') -TaskPath '\Contoso\' -TaskName 'Cleanup' }
        $global:RemcFakeState.ScheduledTasks.Clear()
        { Repair-RemcScheduledTask -Config (New-TestConfig -Override @{ Enabled = $true }) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage '\Contoso\Cleanup: Enable-ScheduledTask failed (0x80070002): The system cannot find the file specified.'
    }

    It 'throws on a failed query instead of acting' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask) -QueryHResult '0x80070005' -QueryMessage 'Access is denied.'
        { Repair-RemcScheduledTask -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'Get-ScheduledTask failed (0x80070005): Access is denied.'
        $global:RemcFakeState.ScheduledTaskCalls.Count | Should -Be 0
    }

    It 'heals the drift the probe saw (<Case>)' -ForEach @(
        @{ Case = 'absent'; Override = @{ Ensure = 'absent' }; Task = 'Ready' }
        @{ Case = 'enabled'; Override = @{ Enabled = $true }; Task = 'Disabled' }
        @{ Case = 'disabled'; Override = @{ Enabled = $false }; Task = 'Queued' }
    ) {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State $Task)
        $config = New-TestConfig -Override $Override
        $before = Test-RemcScheduledTask -Config $config -Context (New-TestContext)
        $before.InDesiredState | Should -BeFalse
        $null = Repair-RemcScheduledTask -Config $config -Context (New-TestContext) -Probe $before
        (Test-RemcScheduledTask -Config $config -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'acts on the declared task only, leaving the ordinary ones' {
        Reset-RemcFakeScheduledTask -Task @((New-ContosoTask), (New-ContosoTask -TaskName 'Cleanup2'))
        $null = Repair-RemcScheduledTask -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{}
        @($global:RemcFakeState.ScheduledTasks | ForEach-Object { $_.TaskPath + $_.TaskName }) | Should -Contain '\Contoso\Cleanup2'
        $global:RemcFakeState.ScheduledTasks.Count | Should -Be 8
    }
}

Describe 'scheduled-task seam' {
    BeforeAll {
        # A stand-in for the ScheduledTasks module's Get-ScheduledTask: the not-found and failure shapes
        # of the real one (CategoryInfo ObjectNotFound, CimJobException, FullyQualifiedErrorId
        # 'CmdletizationQuery_NotFound_TaskName,Get-ScheduledTask', as in the cloudgamestream issue 17 output).
        function global:Get-ScheduledTask {
            [CmdletBinding()]
            param([string[]] $TaskName, [string[]] $TaskPath)
            foreach ($item in @($script:StandInTasks)) { if ($item.TaskPath -eq $TaskPath[0]) { $item } }
            foreach ($item in @($script:StandInErrors)) { $PSCmdlet.WriteError($item) }
        }
        function New-StandInError {
            param([string] $Id, [string] $Message, [string] $Category)
            New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-Object System.Exception -ArgumentList $Message), $Id, ([System.Management.Automation.ErrorCategory]$Category), $null
        }
    }

    AfterAll {
        Remove-Item -Path Function:\global:Get-ScheduledTask -ErrorAction SilentlyContinue
    }

    It 'returns the exact task from the folder' {
        $script:StandInTasks = @(
            [pscustomobject]@{ TaskPath = '\Contoso\'; TaskName = 'Cleanup'; State = 'Ready' }
            [pscustomobject]@{ TaskPath = '\Contoso\'; TaskName = 'Cleanup2'; State = 'Ready' }
        )
        $script:StandInErrors = @()
        $found = @(Invoke-RealSeam -TaskPath '\Contoso\' -TaskName 'cleanup')
        $found.Count | Should -Be 1
        $found[0].TaskName | Should -Be 'Cleanup'
    }

    It 'treats "<Id>" as not found: nothing, no error' -ForEach @(
        @{ Id = 'CmdletizationQuery_NotFound_TaskPath,Get-ScheduledTask' }
        @{ Id = 'CmdletizationQuery_NotFound_TaskName,Get-ScheduledTask' }
        @{ Id = 'HRESULT 0x80070002,Get-ScheduledTask' }
    ) {
        $script:StandInTasks = @()
        $script:StandInErrors = @(New-StandInError -Id $Id -Message "No MSFT_ScheduledTask objects found with property 'TaskPath' equal to '\Contoso\'." -Category 'ObjectNotFound')
        $found = @(Invoke-RealSeam -TaskPath '\Contoso\' -TaskName 'Cleanup')
        $found.Count | Should -Be 0
    }

    It 'throws any other failure with its HRESULT, whatever the language of the message' {
        $script:StandInTasks = @()
        $script:StandInErrors = @(New-StandInError -Id 'HRESULT 0x80070005,Get-ScheduledTask' -Message 'Zugriff verweigert' -Category 'PermissionDenied')
        { Invoke-RealSeam -TaskPath '\Contoso\' -TaskName 'Cleanup' } | Should -Throw -ExpectedMessage 'Get-ScheduledTask failed (0x80070005): Zugriff verweigert'
    }

    It 'throws a terminating failure of Get-ScheduledTask as one line, never as "not found"' {
        $script:StandInTasks = @()
        $script:StandInErrors = @()
        Mock Get-ScheduledTask { throw (New-StandInError -Id 'HRESULT 0x800706BA,Get-ScheduledTask' -Message 'The RPC server is unavailable.' -Category 'ResourceUnavailable') }
        { Invoke-RealSeam -TaskPath '\Contoso\' -TaskName 'Cleanup' } | Should -Throw -ExpectedMessage 'Get-ScheduledTask failed (0x800706BA): The RPC server is unavailable.'
    }

    It 'does not take a missing command (also ObjectNotFound) for a missing task' {
        $record = New-StandInError -Id 'CommandNotFoundException' -Message "The term 'Get-ScheduledTask' is not recognized" -Category 'ObjectNotFound'
        Test-RemcScheduledTaskNotFoundError -ErrorRecord $record | Should -BeFalse
        Test-RemcScheduledTaskNotFoundError -ErrorRecord $null | Should -BeFalse
    }

    It 'formats <Case> as one line' -ForEach @(
        @{ Case = 'an id with an HRESULT'; Id = 'HRESULT 0x80041318,Enable-ScheduledTask'; Message = "The task XML contains`r`na value which is incorrectly formatted."; Expected = 'Enable-ScheduledTask failed (0x80041318): The task XML contains a value which is incorrectly formatted.' }
        @{ Case = 'a message with an HRESULT'; Id = 'SomethingElse'; Message = 'failed with 0x8007042b'; Expected = 'Enable-ScheduledTask failed (0x8007042B): failed with 0x8007042b' }
        @{ Case = 'no HRESULT'; Id = 'SomethingElse'; Message = 'it broke'; Expected = 'Enable-ScheduledTask failed: it broke' }
    ) {
        $record = New-StandInError -Id $Id -Message $Message -Category 'NotSpecified'
        Format-RemcScheduledTaskError -ErrorRecord $record -Action 'Enable-ScheduledTask' | Should -Be $Expected
    }

    It 'takes the HRESULT of the exception when the id has none, never a generic .NET one' {
        $com = New-Object System.Runtime.InteropServices.COMException -ArgumentList 'Der Dienst antwortet nicht.', -2147023838
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList $com, 'X', ([System.Management.Automation.ErrorCategory]::NotSpecified), $null
        Format-RemcScheduledTaskError -ErrorRecord $record -Action 'Disable-ScheduledTask' | Should -Be 'Disable-ScheduledTask failed (0x80070422): Der Dienst antwortet nicht.'
        $cim = New-RemcFakeScheduledTaskError -HResult '0x80070005' -Message 'Access is denied.' -Cmdlet 'Disable-ScheduledTask'
        $cim.Exception.HResult | Should -BeLessThan 0
        Format-RemcScheduledTaskError -ErrorRecord $cim -Action 'Disable-ScheduledTask' | Should -Be 'Disable-ScheduledTask failed (0x80070005): Access is denied.'
    }

    It 'shortens a long message' {
        $record = New-StandInError -Id 'X' -Message ('x' * 400) -Category 'NotSpecified'
        (Format-RemcScheduledTaskError -ErrorRecord $record -Action 'A').Length | Should -Be ('A failed: '.Length + 303)
    }
}

Describe 'scheduled-task fakes' {
    It 'an ordinary machine has ordinary Windows tasks and none of Contoso' {
        Reset-RemcFakeScheduledTask
        $global:RemcFakeState.ScheduledTasks.Count | Should -Be 7
        Get-TestRecord | Should -BeNullOrEmpty
    }

    It 'returns MSFT_ScheduledTask-like objects' {
        Reset-RemcFakeScheduledTask -Task (New-ContosoTask -State 'Running')
        $task = Get-RemcScheduledTaskEntry -TaskPath '\Contoso\' -TaskName 'Cleanup'
        $task.PSObject.TypeNames[0] | Should -Be 'Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/MSFT_ScheduledTask'
        [string]$task.State | Should -Be 'Running'
        [int]$task.State | Should -Be 4
        $task.Settings.Enabled | Should -BeOfType [bool]
        $task.URI | Should -Be '\Contoso\Cleanup'
    }

    It 'the declared task answers for any folder and name' {
        Reset-RemcFakeScheduledTask -Task (New-RemcFakeScheduledTask -Declared -State 'Disabled')
        $task = Get-RemcScheduledTaskEntry -TaskPath '\Fabrikam\' -TaskName 'Agent'
        $task.TaskPath | Should -Be '\Fabrikam\'
        $task.TaskName | Should -Be 'Agent'
        Enable-RemcScheduledTaskEntry -Task $task
        @($global:RemcFakeState.ScheduledTaskChanges) | Should -Be @('enable:\Fabrikam\Agent')
        [string](Get-RemcScheduledTaskEntry -TaskPath '\Fabrikam\' -TaskName 'Agent').State | Should -Be 'Ready'
    }

    It 'the declared task stands in front of an ordinary task of the same name, and takes it along when removed' {
        Reset-RemcFakeScheduledTask -Task (New-RemcFakeScheduledTask -Declared -State 'Disabled')
        $task = Get-RemcScheduledTaskEntry -TaskPath '\Microsoft\Windows\Defrag\' -TaskName 'ScheduledDefrag'
        [string]$task.State | Should -Be 'Disabled'
        Unregister-RemcScheduledTaskEntry -Task $task
        Get-RemcScheduledTaskEntry -TaskPath '\Microsoft\Windows\Defrag\' -TaskName 'ScheduledDefrag' | Should -BeNullOrEmpty
        $global:RemcFakeState.ScheduledTasks.Count | Should -Be 6
    }

    It 'a change to a missing task fails as the cmdlet does (0x80070002)' {
        Reset-RemcFakeScheduledTask
        $ghost = ConvertTo-RemcFakeScheduledTaskInstance -Record (New-ContosoTask) -TaskPath '\Contoso\' -TaskName 'Cleanup'
        $thrown = $null
        try { Unregister-RemcScheduledTaskEntry -Task $ghost } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'HRESULT 0x80070002,Unregister-ScheduledTask'
        [string]$thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'scheduled-task folder match (no name)' {
    BeforeAll {
        # A folder match's config: the compiler writes Name $null and the bounds' defaults.
        function New-FolderConfig {
            param([hashtable] $Override = @{})
            $values = @{ Path = '\Contoso\Updater\'; Name = $null; Recurse = $false; Author = $null; MaxTasks = 10 }
            foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
            New-RemcTestConfig -Template 'scheduled-task' -Override $values
        }

        # Three updater tasks of Contoso Updater, one of Fabrikam in the same folder, one in a subfolder,
        # one of Contoso Updater in the root folder, and a look-alike folder.
        function Reset-UpdaterTask {
            param([string] $State = 'Ready', [string[]] $FailAction = @(), [switch] $NoEffect)
            Reset-RemcFakeScheduledTask -FailAction $FailAction -NoEffect:$NoEffect -Task @(
                New-RemcFakeScheduledTask -TaskPath '\Contoso\Updater\' -TaskName 'Update A' -State $State -Author 'Contoso Updater'
                New-RemcFakeScheduledTask -TaskPath '\Contoso\Updater\' -TaskName 'Update B' -State $State -Author 'Contoso Updater'
                New-RemcFakeScheduledTask -TaskPath '\Contoso\Updater\' -TaskName 'Fabrikam Sync' -State $State -Author 'Fabrikam'
                New-RemcFakeScheduledTask -TaskPath '\Contoso\Updater\Old\' -TaskName 'Update C' -State $State -Author 'Contoso Updater'
                New-RemcFakeScheduledTask -TaskPath '\' -TaskName 'ContosoUpdaterBoot' -State $State -Author 'CONTOSO UPDATER'
                New-RemcFakeScheduledTask -TaskPath '\Contoso\UpdaterTools\' -TaskName 'Tool' -State $State -Author 'Contoso Updater'
            )
        }

        function Get-TaskName { @($global:RemcFakeState.ScheduledTasks | ForEach-Object { $_.TaskPath + $_.TaskName }) }
    }

    It 'matches every task directly in the folder, names them and counts them' {
        Reset-UpdaterTask
        $result = Test-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '3 tasks in \Contoso\Updater\, should be absent: \Contoso\Updater\Fabrikam Sync, \Contoso\Updater\Update A, \Contoso\Updater\Update B'
        @($result.Facts.Matched) | Should -Be @('\Contoso\Updater\Fabrikam Sync', '\Contoso\Updater\Update A', '\Contoso\Updater\Update B')
        @($global:RemcFakeState.ScheduledTaskQueries) | Should -Be @('\Contoso\Updater\')
    }

    It 'with recurse, matches the subfolders too, but not a folder whose name merely starts the same' {
        Reset-UpdaterTask
        $result = Test-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent'; Recurse = $true }) -Context (New-TestContext)
        $result.Summary | Should -Be '4 tasks in \Contoso\Updater\ (and its subfolders), should be absent: \Contoso\Updater\Fabrikam Sync, \Contoso\Updater\Old\Update C, \Contoso\Updater\Update A and 1 more'
        @($result.Facts.Matched) | Should -Not -Contain '\Contoso\UpdaterTools\Tool'
        @($global:RemcFakeState.ScheduledTaskQueries) | Should -Be @('\Contoso\Updater\*')
    }

    It 'with author, matches only that author, exactly and case-insensitively' {
        Reset-UpdaterTask
        $result = Test-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent'; Author = 'contoso updater' }) -Context (New-TestContext)
        $result.Summary | Should -Be "2 tasks in \Contoso\Updater\ by author 'contoso updater', should be absent: \Contoso\Updater\Update A, \Contoso\Updater\Update B"
        $root = Test-RemcScheduledTask -Config (New-FolderConfig -Override @{ Path = '\'; Ensure = 'absent'; Author = 'Contoso Updater' }) -Context (New-TestContext)
        @($root.Facts.Matched) | Should -Be @('\ContosoUpdaterBoot')
        $none = Test-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent'; Author = 'Contoso' }) -Context (New-TestContext)
        $none.InDesiredState | Should -BeTrue
        $none.Summary | Should -Be "no task in \Contoso\Updater\ by author 'Contoso'"
    }

    It 'is in desired state when nothing matches and the tasks must be absent' {
        Reset-RemcFakeScheduledTask
        $result = Test-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'no task in \Contoso\Updater\'
        (Repair-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{}).Changed | Should -Be 0
    }

    It 'drifts when nothing matches and tasks must be present, asks a person (not repairable), and the fix fails saying it cannot create one' {
        Reset-RemcFakeScheduledTask
        $result = Test-RemcScheduledTask -Config (New-FolderConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'no task in \Contoso\Updater\ (remc cannot create one)'
        $result.Repairable | Should -BeFalse
        $result.Advice | Should -Be 'no matching task is on this device: deploy the tasks (the fix only enables, disables or removes existing tasks)'
        { Repair-RemcScheduledTask -Config (New-FolderConfig) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'cannot create a task in \Contoso\Updater\: remc never creates scheduled tasks*'
        $global:RemcFakeState.ScheduledTaskCalls.Count | Should -Be 0
    }

    It 'with enabled <Want>, names the tasks in the other state' -ForEach @(
        @{ Want = $false; State = 'Ready'; Summary = '3 of 3 tasks in \Contoso\Updater\ enabled, should be disabled: \Contoso\Updater\Fabrikam Sync, \Contoso\Updater\Update A, \Contoso\Updater\Update B'; Ok = $false }
        @{ Want = $true; State = 'Ready'; Summary = '3 tasks in \Contoso\Updater\, all enabled: \Contoso\Updater\Fabrikam Sync, \Contoso\Updater\Update A, \Contoso\Updater\Update B'; Ok = $true }
    ) {
        Reset-UpdaterTask -State $State
        $result = Test-RemcScheduledTask -Config (New-FolderConfig -Override @{ Enabled = $Want }) -Context (New-TestContext)
        $result.InDesiredState | Should -Be $Ok
        $result.Summary | Should -Be $Summary
    }

    It 'removes every matched task, verifies each, and leaves the others' {
        Reset-UpdaterTask
        $config = New-FolderConfig -Override @{ Ensure = 'absent'; Author = 'Contoso Updater'; Recurse = $true }
        $result = Repair-RemcScheduledTask -Config $config -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be "removed 3 tasks in \Contoso\Updater\ (and its subfolders) by author 'Contoso Updater': \Contoso\Updater\Old\Update C, \Contoso\Updater\Update A, \Contoso\Updater\Update B"
        $result.Changed | Should -Be 3
        @($global:RemcFakeState.ScheduledTaskChanges) | Should -Be @('remove:\Contoso\Updater\Old\Update C', 'remove:\Contoso\Updater\Update A', 'remove:\Contoso\Updater\Update B')
        Get-TaskName | Should -Contain '\Contoso\Updater\Fabrikam Sync'
        Get-TaskName | Should -Contain '\ContosoUpdaterBoot'
        Get-TaskName | Should -Contain '\Contoso\UpdaterTools\Tool'
        (Test-RemcScheduledTask -Config $config -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'disables only the matched tasks that are enabled' {
        Reset-UpdaterTask
        # Update A (after the 7 ordinary tasks) is disabled already.
        $global:RemcFakeState.ScheduledTasks[7].State = 'Disabled'
        $global:RemcFakeState.ScheduledTasks[7].Enabled = $false
        $result = Repair-RemcScheduledTask -Config (New-FolderConfig -Override @{ Enabled = $false }) -Context (New-TestContext) -Probe @{}
        $result.Changed | Should -Be 2
        @($global:RemcFakeState.ScheduledTaskCalls) | Should -Be @('disable:\Contoso\Updater\Fabrikam Sync', 'disable:\Contoso\Updater\Update B')
        (Test-RemcScheduledTask -Config (New-FolderConfig -Override @{ Enabled = $false }) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'changes nothing and fails naming the count when more than maxTasks would change' {
        Reset-UpdaterTask
        $config = New-FolderConfig -Override @{ Ensure = 'absent'; Recurse = $true; MaxTasks = 3 }
        (Test-RemcScheduledTask -Config $config -Context (New-TestContext)).Summary | Should -BeLike '*; more than maxTasks (3): the fix changes none'
        { Repair-RemcScheduledTask -Config $config -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'changed nothing: 4 tasks in \Contoso\Updater\ (and its subfolders) would be removed, more than maxTasks (3): \Contoso\Updater\Fabrikam Sync, \Contoso\Updater\Old\Update C, \Contoso\Updater\Update A and 1 more'
        $global:RemcFakeState.ScheduledTaskCalls.Count | Should -Be 0
        $global:RemcFakeState.ScheduledTasks.Count | Should -Be 13
    }

    It 'report-only: says what it would remove and changes nothing' {
        Reset-UpdaterTask
        $result = Repair-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent'; ReportOnly = $true }) -Context (New-TestContext) -Probe @{}
        $result.ReportOnly | Should -BeTrue
        $result.Changed | Should -Be 0
        $result.Summary | Should -BeLike 'report-only: would remove 3 tasks in \Contoso\Updater\: *'
        $global:RemcFakeState.ScheduledTaskCalls.Count | Should -Be 0
    }

    It 'tries every task when one change fails, then fails naming it with its HRESULT' {
        Reset-UpdaterTask -FailAction 'remove'
        { Repair-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent'; Author = 'Contoso Updater' }) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage "removed 0 tasks in \Contoso\Updater\ by author 'Contoso Updater'; 2 of 2 failed: \Contoso\Updater\Update A: Unregister-ScheduledTask failed (0x80070005): Access is denied.; \Contoso\Updater\Update B: Unregister-ScheduledTask failed (0x80070005): Access is denied."
        @($global:RemcFakeState.ScheduledTaskCalls).Count | Should -Be 2
    }

    It 'fails when a removal reports success but the task stays' {
        Reset-UpdaterTask -NoEffect
        { Repair-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent'; Author = 'Fabrikam' }) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage "*1 of 1 failed: Unregister-ScheduledTask reported success, but \Contoso\Updater\Fabrikam Sync is still registered"
    }

    It 'refuses on the device what the compiler refuses: <Case>' -ForEach @(
        @{ Case = 'root with recurse'; Override = @{ Path = '\'; Recurse = $true; Author = 'Contoso Updater' }; Message = "Path '\' with recurse or without author*" }
        @{ Case = 'root without author'; Override = @{ Path = '\' }; Message = "Path '\' with recurse or without author*" }
        @{ Case = 'Windows tasks'; Override = @{ Path = '\microsoft\Windows\' }; Message = "Path '\microsoft\Windows\' holds Windows' own tasks*" }
        @{ Case = 'empty author'; Override = @{ Author = ' ' }; Message = 'Author must not be empty*' }
        @{ Case = 'no cap'; Override = @{ MaxTasks = 0 }; Message = 'MaxTasks must be at least 1*' }
    ) {
        Reset-UpdaterTask
        { Test-RemcScheduledTask -Config (New-FolderConfig -Override $Override) -Context (New-TestContext) } | Should -Throw -ExpectedMessage $Message
        $global:RemcFakeState.ScheduledTaskQueries.Count | Should -Be 0
    }

    It 'never matches a task under \Microsoft\ that the seam returns' {
        Reset-RemcFakeScheduledTask
        Mock Get-RemcScheduledTaskFolderEntry { ConvertTo-RemcFakeScheduledTaskInstance -Record (New-RemcFakeScheduledTask -Author 'Contoso Updater') -TaskPath '\Microsoft\Windows\Defrag\' -TaskName 'ScheduledDefrag' }
        $result = Test-RemcScheduledTask -Config (New-FolderConfig -Override @{ Ensure = 'absent'; Path = '\Contoso\'; Recurse = $true }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
    }

    It 'the fakes answer a folder query with the declared task, by the declared author' {
        Reset-RemcFakeScheduledTask -Task (New-RemcFakeScheduledTask -Declared) -DeclaredAuthor 'Contoso Updater'
        $task = @(Get-RemcScheduledTaskFolderEntry -TaskPath '\Fabrikam\')
        $task.Count | Should -Be 1
        $task[0].TaskPath | Should -Be '\Fabrikam\'
        $task[0].Author | Should -Be 'Contoso Updater'
    }
}

Describe 'scheduled-task folder seam' {
    BeforeAll {
        # A stand-in for Get-ScheduledTask whose -TaskPath is a wildcard pattern, as the real one's is
        # (Microsoft Learn, "Get-ScheduledTask", example 2: -TaskPath "\UpdateTasks\*").
        function global:Get-ScheduledTask {
            [CmdletBinding()]
            param([string[]] $TaskName, [string[]] $TaskPath)
            $script:StandInPatterns += $TaskPath[0]
            foreach ($item in @($script:StandInTasks)) { if ($item.TaskPath -like $TaskPath[0]) { $item } }
        }
    }

    AfterAll {
        Remove-Item -Path Function:\global:Get-ScheduledTask -ErrorAction SilentlyContinue
    }

    It 'asks for the folder alone, or with recurse for the folder and below, and returns only those' {
        $script:StandInTasks = @(
            [pscustomobject]@{ TaskPath = '\Contoso\'; TaskName = 'A'; Author = 'x' }
            [pscustomobject]@{ TaskPath = '\Contoso\Sub\'; TaskName = 'B'; Author = 'x' }
            [pscustomobject]@{ TaskPath = '\ContosoTools\'; TaskName = 'C'; Author = 'x' }
        )
        $script:StandInPatterns = @()
        $real = Get-Command -Name Get-RemcScheduledTaskFolderEntry -CommandType Function
        @(& $real -TaskPath '\Contoso\' | ForEach-Object { $_.TaskName }) | Should -Be @('A')
        @(& $real -TaskPath '\Contoso\' -Recurse | ForEach-Object { $_.TaskName }) | Should -Be @('A', 'B')
        $script:StandInPatterns | Should -Be @('\Contoso\', '\Contoso\*')
    }

    It 'refuses a folder with a wildcard' {
        $real = Get-Command -Name Get-RemcScheduledTaskFolderEntry -CommandType Function
        { & $real -TaskPath '\Con*\' } | Should -Throw -ExpectedMessage '*is not literal*'
    }
}
