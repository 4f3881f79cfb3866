# Pester 5 tests of the service-state probe, fix and seam helpers against the fakes in fakes.ps1.

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    # The seam is loaded for its own tests (called through ${function:...}); the fakes' aliases win
    # over its functions everywhere else.
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    # The defaults index.ts declares (startType: not managed, so absent). Name is required and has no
    # default: 'Spooler' is this file's test value. Run through remc, the defaults come from the spec.
    function New-TestConfig {
        # The compiler's defaults (from the spec, through New-RemcTestConfig), with the required service name filled in.
        param([hashtable] $Override = @{})
        $values = @{ Name = 'Spooler' }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'service-state' -Override $values
    }

    function New-TestContext {
        param([string] $Mode = 'remediate')
        New-RemcTestContext -RemediationId 'keep-spooler' -Mode $Mode
    }

    function Reset-TestService {
        # Only the given services; any other name is not installed.
        param($Service = @())
        Reset-RemcFakeServiceState -Service @($Service) -Default $null
    }

    function Get-TestEntry {
        param([string] $Name = 'Spooler')
        @($global:RemcFakeState.ServiceList | Where-Object { $_.Name -eq $Name })[0]
    }

    # The seam calls that change the machine, in order.
    function Get-TestChange {
        @($global:RemcFakeState.ServiceCalls | Where-Object { $_ -like 'method:*' -or $_ -like 'sc:*' })
    }

    function Get-TestPollCount {
        @($global:RemcFakeState.ServiceCalls | Where-Object { $_ -like 'poll:*' }).Count
    }

    function Invoke-TestRepair {
        param([hashtable] $Override = @{})
        Repair-RemcServiceState -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{}
    }

    function Get-TestRepairError {
        param([hashtable] $Override = @{})
        try { $null = Invoke-TestRepair -Override $Override } catch { return $_.Exception.Message }
        return $null
    }
}

Describe 'service-state emitted files' {
    It 'never stops dependent services (no -Force) nor waits without a limit (no Start-Service/Stop-Service)' {
        foreach ($file in 'probe.ps1', 'fix.ps1', 'seam.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $file), [ref] $null, [ref] $null)
            $commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() })
            $commands | Should -Not -Contain 'Start-Service'
            $commands | Should -Not -Contain 'Stop-Service'
            $commands | Should -Not -Contain 'Restart-Service'
            $force = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandParameterAst] -and $n.ParameterName -eq 'Force' }, $true)
            @($force).Count | Should -Be 0
        }
    }
}

Describe 'seam helpers' {
    BeforeAll {
        # CimCmdlets exist only on Windows: stand-ins for Pester to mock elsewhere.
        if (-not (Get-Command -Name Get-CimInstance -ErrorAction SilentlyContinue)) {
            function Get-CimInstance { param($ClassName, $Filter, $Query, $OperationTimeoutSec) }
        }
        if (-not (Get-Command -Name Invoke-CimMethod -ErrorAction SilentlyContinue)) {
            function Invoke-CimMethod { param($Query, $MethodName, $Arguments, $OperationTimeoutSec) }
        }
    }

    It 'quotes <Text> as the WQL literal <Expected>' -ForEach @(
        @{ Text = 'Spooler'; Expected = '"Spooler"' }
        @{ Text = "O'Brien Agent"; Expected = '"O\''Brien Agent"' }
        @{ Text = 'a"b'; Expected = '"a\"b"' }
        @{ Text = 'x\y'; Expected = '"x\\y"' }
        @{ Text = ''; Expected = '""' }
    ) {
        ConvertTo-RemcServiceWqlString -Text $Text | Should -BeExactly $Expected
    }

    It 'queries Win32_Service by exact name with a bounded operation' {
        Mock Get-CimInstance { [pscustomobject]@{ Name = 'Spooler' } }
        $found = @(& ${function:Get-RemcServiceInfo} -Name "O'Svc")
        $found.Count | Should -Be 1
        Should -Invoke Get-CimInstance -Times 1 -Exactly -ParameterFilter {
            $ClassName -eq 'Win32_Service' -and $Filter -eq 'Name = "O\''Svc"' -and $OperationTimeoutSec -eq 60
        }
    }

    It 'returns nothing when no service matches' {
        Mock Get-CimInstance { }
        @(& ${function:Get-RemcServiceInfo} -Name 'Nope').Count | Should -Be 0
    }

    It 'asks for the dependents with ASSOCIATORS OF in the Antecedent role' {
        Mock Get-CimInstance { }
        $null = & ${function:Get-RemcServiceDependent} -Name 'Spooler'
        Should -Invoke Get-CimInstance -Times 1 -Exactly -ParameterFilter {
            $Query -eq 'ASSOCIATORS OF {Win32_Service.Name="Spooler"} WHERE AssocClass = Win32_DependentService Role = Antecedent'
        }
    }

    It 'returns a method''s ReturnValue, passing arguments only when there are some' {
        Mock Invoke-CimMethod { [pscustomobject]@{ ReturnValue = [uint32]15 } }
        $code = & ${function:Invoke-RemcServiceMethod} -Name 'Spooler' -MethodName 'StartService' -TimeoutSeconds 30
        $code | Should -Be 15
        $code | Should -BeOfType [uint32]
        Should -Invoke Invoke-CimMethod -Times 1 -Exactly -ParameterFilter {
            $Query -eq 'SELECT * FROM Win32_Service WHERE Name = "Spooler"' -and $MethodName -eq 'StartService' -and $null -eq $Arguments -and $OperationTimeoutSec -eq 30
        }
        $null = & ${function:Invoke-RemcServiceMethod} -Name 'Spooler' -MethodName 'ChangeStartMode' -Arguments @{ StartMode = 'Manual' }
        Should -Invoke Invoke-CimMethod -Times 1 -Exactly -ParameterFilter { $Arguments.StartMode -eq 'Manual' }
    }

    It 'returns $null when no service answered the method' {
        Mock Invoke-CimMethod { }
        & ${function:Invoke-RemcServiceMethod} -Name 'Nope' -MethodName 'StartService' | Should -BeNullOrEmpty
    }

    It 'reads the DelayedAutostart registry value of the service''s key' {
        Mock Get-ItemProperty { [pscustomobject]@{ DelayedAutostart = [int]1 } }
        & ${function:Get-RemcServiceDelayedAutostartValue} -Name 'BITS' | Should -Be 1
        Should -Invoke Get-ItemProperty -Times 1 -Exactly -ParameterFilter {
            $LiteralPath -eq 'HKLM:\SYSTEM\CurrentControlSet\Services\BITS' -and $Name -eq 'DelayedAutostart'
        }
        Mock Get-ItemProperty { }
        & ${function:Get-RemcServiceDelayedAutostartValue} -Name 'BITS' | Should -BeNullOrEmpty
    }

    It 'pauses with Start-Sleep' {
        Mock Start-Sleep { }
        & ${function:Wait-RemcServicePoll} -Milliseconds 500
        Should -Invoke Start-Sleep -Times 1 -Exactly -ParameterFilter { $Milliseconds -eq 500 }
    }

    Context 'sc.exe' -Skip:($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
        BeforeAll {
            # A stand-in sc.exe under a temporary SystemRoot: records its arguments, exits with $SC_EXIT.
            $script:SavedSystemRoot = $env:SystemRoot
            $script:Root = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-sc-' + [guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory -Path (Join-Path $script:Root 'System32')
            $env:SystemRoot = $script:Root
            $script:Sc = Join-Path -Path $script:Root -ChildPath 'System32\sc.exe'
            $script:Log = Join-Path $script:Root 'args.txt'
            [System.IO.File]::WriteAllText($script:Sc, "#!/bin/sh`nfor a in `"`$@`"; do printf '%s|' `"`$a`"; done > '$($script:Log)'`necho '[SC] ChangeServiceConfig SUCCESS'`necho 'noise' 1>&2`nexit `${SC_EXIT:-0}`n")
            & chmod +x $script:Sc
        }
        AfterAll {
            $env:SystemRoot = $script:SavedSystemRoot
            Remove-Item -LiteralPath $script:Root -Recurse -Force
        }

        It 'runs sc.exe config <name> start= <mode> and returns its exit code (delayed: <Delayed>)' -ForEach @(
            @{ Delayed = $true; Mode = 'delayed-auto' }, @{ Delayed = $false; Mode = 'auto' }
        ) {
            $env:SC_EXIT = '0'
            $result = @(& ${function:Set-RemcServiceAutomaticStart} -Name 'My Svc' -Delayed $Delayed)
            $result.Count | Should -Be 1
            $result[0] | Should -Be 0
            [System.IO.File]::ReadAllText($script:Log) | Should -BeExactly ('config|My Svc|start=|{0}|' -f $Mode)
        }

        It 'returns a failing exit code instead of throwing' {
            $env:SC_EXIT = '5'
            $ErrorActionPreference = 'Stop'
            & ${function:Set-RemcServiceAutomaticStart} -Name 'Spooler' -Delayed $false | Should -Be 5
            $env:SC_EXIT = '0'
        }
    }
}

Describe 'Test-RemcServiceState' {
    It 'returns exactly one hashtable' {
        Reset-TestService (New-RemcFakeService)
        $result = @(Test-RemcServiceState -Config (New-TestConfig) -Context (New-TestContext -Mode 'detect'))
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
    }

    It 'is in desired state when the service runs and its start type is not managed' {
        Reset-TestService (New-RemcFakeService -StartMode 'Manual' -ProcessId 2716)
        $result = Test-RemcServiceState -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Spooler running; start type manual'
        $result.Facts.Installed | Should -BeTrue
        $result.Facts.State | Should -BeExactly 'Running'
        $result.Facts.StartMode | Should -BeExactly 'Manual'
        $result.Facts.StartType | Should -BeExactly 'manual'
        $result.Facts.ProcessId | Should -Be 2716
        $result.Facts.StatusOk | Should -BeTrue
        $result.Facts.StartTypeOk | Should -BeTrue
        $result.Facts.WantStartType | Should -BeNullOrEmpty
        @($global:RemcFakeState.ServiceCalls) | Should -Be @('query:Spooler')
    }

    It 'drifts when the service is <State> and should be <Status>' -ForEach @(
        @{ State = 'Stopped'; Status = 'running'; Summary = 'Spooler stopped, should be running; start type automatic' }
        @{ State = 'Start Pending'; Status = 'running'; Summary = 'Spooler start pending, should be running; start type automatic' }
        @{ State = 'Paused'; Status = 'running'; Summary = 'Spooler paused, should be running; start type automatic' }
        @{ State = 'Running'; Status = 'stopped'; Summary = 'Spooler running, should be stopped; start type automatic' }
        @{ State = 'Stop Pending'; Status = 'stopped'; Summary = 'Spooler stop pending, should be stopped; start type automatic' }
    ) {
        Reset-TestService (New-RemcFakeService -State $State)
        $result = Test-RemcServiceState -Config (New-TestConfig -Override @{ Status = $Status }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly $Summary
        $result.Facts.StatusOk | Should -BeFalse
    }

    It 'is in desired state when a stopped service should be stopped' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartMode 'Disabled')
        $result = Test-RemcServiceState -Config (New-TestConfig -Override @{ Status = 'stopped'; StartType = 'disabled' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Spooler stopped; start type disabled'
    }

    It 'reads StartMode <StartMode> with delayed <Delayed> as <StartType>' -ForEach @(
        @{ StartMode = 'Auto'; Delayed = $false; StartType = 'automatic' }
        @{ StartMode = 'Auto'; Delayed = $true; StartType = 'automatic-delayed' }
        @{ StartMode = 'Manual'; Delayed = $true; StartType = 'manual' }
        @{ StartMode = 'Disabled'; Delayed = $false; StartType = 'disabled' }
        @{ StartMode = 'Boot'; Delayed = $false; StartType = 'boot' }
        @{ StartMode = 'System'; Delayed = $false; StartType = 'system' }
        @{ StartMode = ''; Delayed = $false; StartType = 'unknown' }
    ) {
        Reset-TestService (New-RemcFakeService -StartMode $StartMode -DelayedAutoStart $Delayed)
        (Test-RemcServiceState -Config (New-TestConfig) -Context (New-TestContext)).Facts.StartType | Should -BeExactly $StartType
    }

    It 'drifts when the start type is <Is> and should be <Want>' -ForEach @(
        @{ StartMode = 'Manual'; Delayed = $false; Is = 'manual'; Want = 'automatic' }
        @{ StartMode = 'Auto'; Delayed = $true; Is = 'automatic-delayed'; Want = 'automatic' }
        @{ StartMode = 'Auto'; Delayed = $false; Is = 'automatic'; Want = 'automatic-delayed' }
        @{ StartMode = 'Auto'; Delayed = $false; Is = 'automatic'; Want = 'manual' }
    ) {
        Reset-TestService (New-RemcFakeService -StartMode $StartMode -DelayedAutoStart $Delayed)
        $result = Test-RemcServiceState -Config (New-TestConfig -Override @{ StartType = $Want }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly ('Spooler running; start type {0}, should be {1}' -f $Is, $Want)
        $result.Facts.StatusOk | Should -BeTrue
        $result.Facts.StartTypeOk | Should -BeFalse
    }

    It 'asks a person for a disabled service that must run when no start type is declared (not repairable)' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartMode 'Disabled')
        $result = Test-RemcServiceState -Config (New-TestConfig -Override @{ StartType = $null }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Repairable | Should -BeFalse
        $result.Advice | Should -BeExactly 'the service is disabled: enable it, or declare startType to have the fix manage it'
        # With a start type declared, the fix enables it: repairable.
        $managed = Test-RemcServiceState -Config (New-TestConfig -Override @{ StartType = 'manual' }) -Context (New-TestContext)
        $managed.InDesiredState | Should -BeFalse
        $managed.Keys | Should -Not -Contain 'Repairable'
    }

    It 'reports both drifts in one summary' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartMode 'Disabled')
        $result = Test-RemcServiceState -Config (New-TestConfig -Override @{ StartType = 'automatic-delayed' }) -Context (New-TestContext)
        $result.Summary | Should -BeExactly 'Spooler stopped, should be running; start type disabled, should be automatic-delayed'
    }

    It 'reads the delayed flag from the registry when Win32_Service has no DelayedAutoStart (value <Value>)' -ForEach @(
        @{ Value = 1; StartType = 'automatic-delayed' }, @{ Value = 0; StartType = 'automatic' }, @{ Value = $null; StartType = 'automatic' }
    ) {
        Reset-TestService (New-RemcFakeService -NoDelayedAutoStartProperty -RegistryDelayedAutostart $Value)
        $result = Test-RemcServiceState -Config (New-TestConfig) -Context (New-TestContext)
        $result.Facts.StartType | Should -BeExactly $StartType
        @($global:RemcFakeState.ServiceCalls) | Should -Be @('query:Spooler', 'registry:Spooler')
    }

    It 'does not read the registry when CIM has the flag' {
        Reset-TestService (New-RemcFakeService -DelayedAutoStart $true -RegistryDelayedAutostart 0)
        (Test-RemcServiceState -Config (New-TestConfig) -Context (New-TestContext)).Facts.StartType | Should -BeExactly 'automatic-delayed'
        @($global:RemcFakeState.ServiceCalls) | Should -Be @('query:Spooler')
    }

    It 'matches the name case-insensitively and reports the service''s own spelling' {
        Reset-TestService (New-RemcFakeService -Name 'Spooler')
        $result = Test-RemcServiceState -Config (New-TestConfig -Override @{ Name = 'spooler' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Spooler running; start type automatic'
    }

    It 'drifts, without crashing, when the service is not installed, and asks a person (not repairable)' {
        Reset-TestService (New-RemcFakeService -Name 'Fax')
        $result = Test-RemcServiceState -Config (New-TestConfig) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'Spooler is not installed'
        $result.Facts.Installed | Should -BeFalse
        $result.Facts.StatusOk | Should -BeFalse
        $result.Repairable | Should -BeFalse
        $result.Advice | Should -BeExactly 'install the service, or set allowMissing when devices may lack it (the fix never installs services)'
    }

    It 'accepts a missing service when allowMissing is set' {
        Reset-TestService
        $result = Test-RemcServiceState -Config (New-TestConfig -Override @{ AllowMissing = $true }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Spooler is not installed'
        $result.Keys | Should -Not -Contain 'Repairable'
    }

    It 'throws when WMI fails, instead of calling it drift' {
        Reset-RemcFakeServiceState -QueryError 'Provider load failure'
        { Test-RemcServiceState -Config (New-TestConfig) -Context (New-TestContext) } | Should -Throw -ExpectedMessage 'Provider load failure'
    }

    It 'refuses a bad <Key> before asking Windows anything: <Value>' -ForEach @(
        @{ Key = 'Name'; Value = 'Spool*'; Message = 'Name must be a service short name*' }
        @{ Key = 'Name'; Value = 'a\b'; Message = 'Name must be a service short name*' }
        @{ Key = 'Name'; Value = '[x]'; Message = 'Name must be a service short name*' }
        @{ Key = 'Name'; Value = ' '; Message = 'Name is empty*' }
        @{ Key = 'Status'; Value = 'paused'; Message = "Status must be 'running' or 'stopped'*" }
        @{ Key = 'StartType'; Value = 'auto'; Message = 'StartType must be*' }
        @{ Key = 'StartType'; Value = 'disabled'; Message = "StartType 'disabled' contradicts Status 'running'" }
    ) {
        Reset-TestService (New-RemcFakeService)
        { Test-RemcServiceState -Config (New-TestConfig -Override @{ $Key = $Value }) -Context (New-TestContext) } | Should -Throw -ExpectedMessage $Message
        $global:RemcFakeState.ServiceCalls.Count | Should -Be 0
    }

    It 'changes nothing, whatever it finds (<Case>)' -ForEach @(
        @{ Case = 'stopped'; Service = { New-RemcFakeService -State 'Stopped' } }
        @{ Case = 'disabled'; Service = { New-RemcFakeService -State 'Stopped' -StartMode 'Disabled' } }
        @{ Case = 'pending'; Service = { New-RemcFakeService -State 'Start Pending' } }
        @{ Case = 'old host'; Service = { New-RemcFakeService -NoDelayedAutoStartProperty -RegistryDelayedAutostart 1 } }
    ) {
        Reset-TestService (& $Service)
        $before = ConvertTo-Json -InputObject @($global:RemcFakeState.ServiceList) -Depth 5
        $null = Test-RemcServiceState -Config (New-TestConfig -Override @{ StartType = 'manual' }) -Context (New-TestContext -Mode 'detect')
        ConvertTo-Json -InputObject @($global:RemcFakeState.ServiceList) -Depth 5 | Should -BeExactly $before
        Get-TestChange | Should -BeNullOrEmpty
        @($global:RemcFakeState.ServiceCalls | Where-Object { $_ -notlike 'query:*' -and $_ -notlike 'registry:*' }) | Should -BeNullOrEmpty
    }

    It 'changes nothing for a service that only the default describes' {
        Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped')
        $result = Test-RemcServiceState -Config (New-TestConfig -Override @{ Name = 'AnySvc' }) -Context (New-TestContext -Mode 'detect')
        $result.Summary | Should -BeExactly 'AnySvc stopped, should be running; start type automatic'
        $global:RemcFakeState.ServiceList.Count | Should -Be 0
    }
}

Describe 'Repair-RemcServiceState' {
    It 'starts a stopped service once and waits until it runs' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartTicks 2)
        $result = @(Invoke-TestRepair)
        $result.Count | Should -Be 1
        $result[0].Summary | Should -BeExactly 'started Spooler'
        $result[0].Changed | Should -Be 1
        $result[0].ContainsKey('ReportOnly') | Should -BeFalse
        Get-TestChange | Should -Be @('method:Spooler:StartService')
        Get-TestPollCount | Should -Be 2
        (Get-TestEntry).State | Should -BeExactly 'Running'
        (Get-TestEntry).ProcessId | Should -Be 5000
    }

    It 'lets the service control manager start what the service depends on' {
        Reset-TestService @(
            (New-RemcFakeService -Name 'Spooler' -State 'Stopped')
            (New-RemcFakeService -Name 'Fax' -State 'Stopped' -StartMode 'Manual' -DependsOn @('Spooler'))
        )
        $result = Invoke-TestRepair -Override @{ Name = 'Fax' }
        $result.Summary | Should -BeExactly 'started Fax'
        Get-TestChange | Should -Be @('method:Fax:StartService')
        @($global:RemcFakeState.ServiceCalls) | Should -Contain 'scm-start:Spooler'
        (Get-TestEntry 'Spooler').State | Should -BeExactly 'Running'
        (Get-TestEntry 'Fax').State | Should -BeExactly 'Running'
    }

    It 'resumes a paused service' {
        Reset-TestService (New-RemcFakeService -State 'Paused' -AcceptPause $true)
        (Invoke-TestRepair).Summary | Should -BeExactly 'resumed Spooler'
        Get-TestChange | Should -Be @('method:Spooler:ResumeService')
        (Get-TestEntry).State | Should -BeExactly 'Running'
    }

    It 'stops a running service' {
        Reset-TestService (New-RemcFakeService -State 'Running')
        $result = Invoke-TestRepair -Override @{ Status = 'stopped' }
        $result.Summary | Should -BeExactly 'stopped Spooler'
        $result.Changed | Should -Be 1
        Get-TestChange | Should -Be @('method:Spooler:StopService')
        (Get-TestEntry).State | Should -BeExactly 'Stopped'
        (Get-TestEntry).ProcessId | Should -Be 0
    }

    It 'refuses to stop a service that running services depend on, and changes nothing' {
        Reset-TestService @(
            (New-RemcFakeService -Name 'Spooler' -State 'Running')
            (New-RemcFakeService -Name 'Fax' -State 'Running' -DependsOn @('Spooler'))
            (New-RemcFakeService -Name 'PrintNotify' -State 'Running' -DependsOn @('Spooler'))
            (New-RemcFakeService -Name 'Idle' -State 'Stopped' -DependsOn @('Spooler'))
        )
        Get-TestRepairError -Override @{ Status = 'stopped'; StartType = 'disabled' } |
            Should -BeExactly 'Spooler not stopped: running services depend on it (Fax, PrintNotify); stop them first (the fix never stops other services)'
        Get-TestChange | Should -BeNullOrEmpty
        (Get-TestEntry 'Fax').State | Should -BeExactly 'Running'
    }

    It 'stops a service whose dependents are all stopped' {
        Reset-TestService @(
            (New-RemcFakeService -Name 'Spooler' -State 'Running')
            (New-RemcFakeService -Name 'Fax' -State 'Stopped' -DependsOn @('Spooler'))
        )
        (Invoke-TestRepair -Override @{ Status = 'stopped' }).Summary | Should -BeExactly 'stopped Spooler'
    }

    It 'reports dependents that started between its check and the stop (StopService returns 3)' {
        Reset-TestService (New-RemcFakeService -State 'Running' -Results @{ StopService = 3 })
        Get-TestRepairError -Override @{ Status = 'stopped' } | Should -BeLike 'Spooler not stopped: running services depend on it (*)*'
    }

    It 'refuses to stop a service that does not accept stop requests' {
        Reset-TestService (New-RemcFakeService -State 'Running' -AcceptStop $false)
        Get-TestRepairError -Override @{ Status = 'stopped' } | Should -BeExactly 'cannot stop Spooler: the service does not accept stop requests'
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'never enables a disabled service whose start type is not managed' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartMode 'Disabled')
        Get-TestRepairError | Should -BeExactly 'Spooler is disabled; set startType to manage it (the fix never enables a service on its own)'
        Get-TestChange | Should -BeNullOrEmpty
        (Get-TestEntry).StartMode | Should -BeExactly 'Disabled'
    }

    It 'sets a managed start type before starting' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartMode 'Disabled')
        $result = Invoke-TestRepair -Override @{ StartType = 'manual' }
        $result.Summary | Should -BeExactly 'set start type manual (was disabled); started Spooler'
        $result.Changed | Should -Be 2
        Get-TestChange | Should -Be @('method:Spooler:ChangeStartMode:Manual', 'method:Spooler:StartService')
        (Get-TestEntry).StartMode | Should -BeExactly 'Manual'
        (Get-TestEntry).State | Should -BeExactly 'Running'
    }

    It 'sets start type <Want> from <StartMode> (delayed <Delayed>) with <Call>' -ForEach @(
        @{ StartMode = 'Manual'; Delayed = $false; Want = 'automatic-delayed'; Call = 'sc:Spooler:delayed-auto'; Mode = 'Auto'; Flag = $true }
        @{ StartMode = 'Auto'; Delayed = $true; Want = 'automatic'; Call = 'sc:Spooler:auto'; Mode = 'Auto'; Flag = $false }
        @{ StartMode = 'Disabled'; Delayed = $false; Want = 'automatic'; Call = 'sc:Spooler:auto'; Mode = 'Auto'; Flag = $false }
        @{ StartMode = 'Manual'; Delayed = $true; Want = 'automatic'; Call = 'sc:Spooler:auto'; Mode = 'Auto'; Flag = $false }
        @{ StartMode = 'Auto'; Delayed = $true; Want = 'manual'; Call = 'method:Spooler:ChangeStartMode:Manual'; Mode = 'Manual'; Flag = $true }
    ) {
        Reset-TestService (New-RemcFakeService -State 'Running' -StartMode $StartMode -DelayedAutoStart $Delayed)
        $result = Invoke-TestRepair -Override @{ StartType = $Want }
        $result.Changed | Should -Be 1
        Get-TestChange | Should -Be @($Call)
        (Get-TestEntry).StartMode | Should -BeExactly $Mode
        (Get-TestEntry).DelayedAutoStart | Should -Be $Flag
        (Test-RemcServiceState -Config (New-TestConfig -Override @{ StartType = $Want }) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'sets the delayed flag in the registry on a host without the CIM property' {
        Reset-TestService (New-RemcFakeService -State 'Running' -StartMode 'Manual' -NoDelayedAutoStartProperty)
        (Invoke-TestRepair -Override @{ StartType = 'automatic-delayed' }).Summary | Should -BeExactly 'set start type automatic-delayed (was manual)'
        (Get-TestEntry).RegistryDelayedAutostart | Should -Be 1
    }

    It 'sets the start type first, then stops' {
        Reset-TestService (New-RemcFakeService -State 'Running' -StartMode 'Auto')
        $result = Invoke-TestRepair -Override @{ Status = 'stopped'; StartType = 'disabled' }
        $result.Summary | Should -BeExactly 'set start type disabled (was automatic); stopped Spooler'
        Get-TestChange | Should -Be @('method:Spooler:ChangeStartMode:Disabled', 'method:Spooler:StopService')
    }

    It 'fails with the exit code when sc.exe fails, and does not start' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartMode 'Manual' -ScExitCode 5)
        Get-TestRepairError -Override @{ StartType = 'automatic' } | Should -BeExactly 'could not set Spooler start type automatic: sc.exe config exited with 5 (access denied)'
        Get-TestChange | Should -Be @('sc:Spooler:auto')
    }

    It 'fails with the return value when ChangeStartMode fails' {
        Reset-TestService (New-RemcFakeService -State 'Running' -Results @{ ChangeStartMode = 2 })
        Get-TestRepairError -Override @{ StartType = 'manual' } | Should -BeExactly 'could not set Spooler start type manual: ChangeStartMode returned 2 (access denied)'
    }

    It 'fails when the start type did not take' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartMode 'Auto' -Results @{ ChangeStartMode = 0 })
        Get-TestRepairError -Override @{ Status = 'stopped'; StartType = 'disabled' } | Should -BeExactly 'Spooler start type is automatic after setting disabled'
        Get-TestChange | Should -Be @('method:Spooler:ChangeStartMode:Disabled')
    }

    It 'reports a start the service control manager refuses, without retrying (<Code>)' -ForEach @(
        @{ Code = 15; Text = '15 (service logon failed)' }
        @{ Code = 7; Text = '7 (service request timeout)' }
        @{ Code = 2; Text = '2 (access denied)' }
        @{ Code = 99; Text = '99' }
    ) {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -Results @{ StartService = $Code })
        Get-TestRepairError | Should -BeExactly ('could not start Spooler: StartService returned {0}' -f $Text)
        Get-TestChange | Should -Be @('method:Spooler:StartService')
        Get-TestPollCount | Should -Be 0
    }

    It 'reports a service that started, then stopped again' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -OnStart 'crash' -StartTicks 2)
        Get-TestRepairError | Should -BeExactly 'Spooler started, then stopped (exit code 1067)'
        Get-TestChange | Should -Be @('method:Spooler:StartService')
        Get-TestPollCount | Should -Be 2
    }

    It 'names the service-specific exit code' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -OnStart 'crash' -CrashExitCode 1066 -ServiceSpecificExitCode 42)
        Get-TestRepairError | Should -BeExactly 'Spooler started, then stopped (exit code 1066, service-specific 42)'
    }

    It 'gives up on a start that hangs after timeoutSeconds (<Seconds> s: <Polls> polls)' -ForEach @(
        @{ Seconds = 3; Polls = 6 }, @{ Seconds = 1; Polls = 2 }, @{ Seconds = 30; Polls = 60 }
    ) {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -OnStart 'hang')
        Get-TestRepairError -Override @{ TimeoutSeconds = $Seconds } | Should -BeExactly ('Spooler is still start pending after {0} s' -f $Seconds)
        Get-TestPollCount | Should -Be $Polls
        Get-TestChange | Should -Be @('method:Spooler:StartService')
    }

    It 'gives up on a stop that hangs' {
        Reset-TestService (New-RemcFakeService -State 'Running' -OnStop 'hang')
        Get-TestRepairError -Override @{ Status = 'stopped'; TimeoutSeconds = 2 } | Should -BeExactly 'Spooler is still stop pending after 2 s'
        Get-TestPollCount | Should -Be 4
    }

    It 'waits for a pending stop to finish, then starts, within one budget' {
        $entry = New-RemcFakeService -State 'Stop Pending'
        $entry.PendingTicks = 2
        $entry.PendingTarget = 'Stopped'
        Reset-TestService $entry
        (Invoke-TestRepair -Override @{ TimeoutSeconds = 2 }).Summary | Should -BeExactly 'started Spooler'
        Get-TestPollCount | Should -Be 3
    }

    It 'shares the budget between the pending stop and the start' {
        $entry = New-RemcFakeService -State 'Stop Pending' -StartTicks 3
        $entry.PendingTicks = 3
        $entry.PendingTarget = 'Stopped'
        Reset-TestService $entry
        Get-TestRepairError -Override @{ TimeoutSeconds = 2 } | Should -BeExactly 'Spooler is still start pending after 2 s'
        Get-TestPollCount | Should -Be 4
    }

    It 'does not start a service stuck in stop pending' {
        Reset-TestService (New-RemcFakeService -State 'Stop Pending')
        Get-TestRepairError -Override @{ TimeoutSeconds = 1 } | Should -BeExactly 'Spooler is still stop pending after 1 s'
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'is done without a request when a pending start finishes by itself' {
        $entry = New-RemcFakeService -State 'Start Pending'
        $entry.PendingTicks = 1
        $entry.PendingTarget = 'Running'
        Reset-TestService $entry
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly 'Spooler reached running on its own'
        $result.Changed | Should -Be 0
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'says so when a stop request is answered but the service keeps running' {
        Reset-TestService (New-RemcFakeService -State 'Running' -Results @{ StopService = 6 })
        Get-TestRepairError -Override @{ Status = 'stopped' } | Should -BeExactly 'Spooler is running after the stop request'
    }

    It 'has nothing to do when the service is already as declared' {
        Reset-TestService (New-RemcFakeService)
        $result = Invoke-TestRepair -Override @{ StartType = 'automatic' }
        $result.Summary | Should -BeExactly 'Spooler already running; start type automatic: nothing to do'
        $result.Changed | Should -Be 0
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'refuses a service that is not installed' {
        Reset-TestService
        Get-TestRepairError | Should -BeExactly 'Spooler is not installed; this check does not install services'
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'only says what it would do in report-only mode' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartMode 'Manual')
        $result = @(Invoke-TestRepair -Override @{ StartType = 'automatic'; ReportOnly = $true })
        $result.Count | Should -Be 1
        $result[0].Summary | Should -BeExactly 'report-only: would set start type automatic (was manual), then start Spooler (is stopped)'
        $result[0].Changed | Should -Be 0
        $result[0].ReportOnly | Should -BeTrue
        Get-TestChange | Should -BeNullOrEmpty
        Get-TestPollCount | Should -Be 0
    }

    It 'refuses in report-only mode too when the service is disabled and not managed' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartMode 'Disabled')
        Get-TestRepairError -Override @{ ReportOnly = $true } | Should -BeLike 'Spooler is disabled; set startType to manage it*'
    }

    It 'throws when WMI fails' {
        Reset-RemcFakeServiceState -QueryError 'Provider load failure'
        Get-TestRepairError | Should -BeExactly 'Provider load failure'
    }

    It 'heals the drift the probe saw' -ForEach @(
        @{ Override = @{}; Service = { New-RemcFakeService -State 'Stopped' -StartMode 'Manual' } }
        @{ Override = @{ StartType = 'automatic-delayed' }; Service = { New-RemcFakeService -State 'Stopped' -StartMode 'Disabled' } }
        @{ Override = @{ Status = 'stopped'; StartType = 'disabled' }; Service = { New-RemcFakeService -State 'Running' -StartMode 'Auto' -DelayedAutoStart $true } }
    ) {
        Reset-TestService (& $Service)
        $config = New-TestConfig -Override $Override
        $before = Test-RemcServiceState -Config $config -Context (New-TestContext)
        $before.InDesiredState | Should -BeFalse
        $null = Repair-RemcServiceState -Config $config -Context (New-TestContext) -Probe $before
        (Test-RemcServiceState -Config $config -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'fails as the default describes, for any declared name' {
        Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped' -Results @{ StartService = 15 })
        Get-TestRepairError -Override @{ Name = 'AnySvc' } | Should -BeExactly 'could not start AnySvc: StartService returned 15 (service logon failed)'
        $global:RemcFakeState.ServiceDefault.Results.StartService | Should -Be 15
    }

    It 'fixes a service the default describes, adding only that service to the machine' {
        Reset-RemcFakeServiceState -Service @() -Default (New-RemcFakeService -Name '*' -State 'Stopped')
        (Invoke-TestRepair -Override @{ Name = 'AnySvc' }).Summary | Should -BeExactly 'started AnySvc'
        @($global:RemcFakeState.ServiceList | ForEach-Object { $_.Name }) | Should -Be @('AnySvc')
    }
}

Describe 'fakes' {
    It 'answer Win32_Service-shaped instances with the documented types' {
        Reset-TestService (New-RemcFakeService -ProcessId 2716)
        $service = @(Get-RemcServiceInfo -Name 'Spooler')[0]
        $service.PSObject.TypeNames[0] | Should -BeExactly 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Service'
        $service.ProcessId | Should -BeOfType [uint32]
        $service.ExitCode | Should -BeOfType [uint32]
        $service.DelayedAutoStart | Should -BeOfType [bool]
        $service.StartMode | Should -BeExactly 'Auto'
        $service.State | Should -BeExactly 'Running'
        $service.Status | Should -BeExactly 'OK'
    }

    It 'answer Win32_Service methods as the service control manager would: <Case>' -ForEach @(
        @{ Case = 'start a running service'; Service = { New-RemcFakeService -State 'Running' }; Method = 'StartService'; Code = 10 }
        @{ Case = 'start a disabled service'; Service = { New-RemcFakeService -State 'Stopped' -StartMode 'Disabled' }; Method = 'StartService'; Code = 14 }
        @{ Case = 'stop a stopped service'; Service = { New-RemcFakeService -State 'Stopped' }; Method = 'StopService'; Code = 6 }
        @{ Case = 'stop a starting service'; Service = { New-RemcFakeService -State 'Start Pending' }; Method = 'StopService'; Code = 5 }
        @{ Case = 'stop a service that refuses'; Service = { New-RemcFakeService -State 'Running' -AcceptStop $false }; Method = 'StopService'; Code = 4 }
        @{ Case = 'resume a running service'; Service = { New-RemcFakeService -State 'Running' }; Method = 'ResumeService'; Code = 5 }
    ) {
        Reset-TestService (& $Service)
        $code = Invoke-RemcServiceMethod -Name 'Spooler' -MethodName $Method
        $code | Should -Be $Code
        $code | Should -BeOfType [uint32]
    }

    It 'answer 3 to a stop while a dependent service runs, and stop nothing' {
        Reset-TestService @(
            (New-RemcFakeService -Name 'Spooler' -State 'Running')
            (New-RemcFakeService -Name 'Fax' -State 'Running' -DependsOn @('Spooler'))
        )
        Invoke-RemcServiceMethod -Name 'Spooler' -MethodName 'StopService' | Should -Be 3
        (Get-TestEntry 'Spooler').State | Should -BeExactly 'Running'
        (Get-TestEntry 'Fax').State | Should -BeExactly 'Running'
    }

    It 'keep the delayed flag through ChangeStartMode, and reject an unknown mode' {
        Reset-TestService (New-RemcFakeService -StartMode 'Auto' -DelayedAutoStart $true)
        Invoke-RemcServiceMethod -Name 'Spooler' -MethodName 'ChangeStartMode' -Arguments @{ StartMode = 'Manual' } | Should -Be 0
        (Get-TestEntry).StartMode | Should -BeExactly 'Manual'
        (Get-TestEntry).DelayedAutoStart | Should -BeTrue
        Invoke-RemcServiceMethod -Name 'Spooler' -MethodName 'ChangeStartMode' -Arguments @{ StartMode = 'Delayed' } | Should -Be 21
    }

    It 'answer $null to a method and 1060 to sc.exe for a service that is not installed' {
        Reset-TestService
        Invoke-RemcServiceMethod -Name 'Nope' -MethodName 'StartService' | Should -BeNullOrEmpty
        Set-RemcServiceAutomaticStart -Name 'Nope' -Delayed $false | Should -Be 1060
        $global:RemcFakeState.ServiceList.Count | Should -Be 0
    }

    It 'list the services that depend on one' {
        Reset-RemcFakeServiceState
        @(Get-RemcServiceDependent -Name 'Spooler' | ForEach-Object { $_.Name }) | Should -Be @('Fax')
        @(Get-RemcServiceDependent -Name 'Fax').Count | Should -Be 0
    }

    It 'keep their state through Export-Clixml, as the scenario harness does between steps' {
        Reset-TestService (New-RemcFakeService -State 'Stopped' -StartTicks 2)
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-state-' + [guid]::NewGuid().ToString('N') + '.xml')
        try {
            Export-Clixml -LiteralPath $file -InputObject $global:RemcFakeState -Depth 10
            $global:RemcFakeState = Import-Clixml -LiteralPath $file
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
        (Invoke-TestRepair).Summary | Should -BeExactly 'started Spooler'
        (Get-TestEntry).State | Should -BeExactly 'Running'
    }
}
