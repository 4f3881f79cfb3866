# Pester 5 tests of path-cleanup's stopServices: services stopped around the cleanup (dependents first),
# started again afterwards whatever happened, each bounded in time; against the fakes
# (fakes-services.ps1), and the logic once more in Constrained Language Mode (the last Describe).

BeforeAll {
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    $script:Now = [datetime]::SpecifyKind([datetime]'2026-11-25T12:00:00', [System.DateTimeKind]::Utc)
    $script:Download = 'C:\Windows\SoftwareDistribution\Download'

    function New-TestConfig {
        param([hashtable] $Override = @{})
        $values = @{ Paths = @('%SystemRoot%\SoftwareDistribution\Download'); StopServices = @('wuauserv', 'bits'); StopTimeoutSeconds = 5 }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'path-cleanup' -Override $values
    }

    function Reset-Test {
        param($Service = @(Get-RemcFakePathCleanupWindowsUpdateService), [switch] $Locked)
        $global:RemcFakeState = @{ Now = $script:Now }
        Reset-RemcFakePathCleanup -System -Item @(
            (New-RemcFakePathCleanupFolder -Path $script:Download -AgeDays 300),
            (New-RemcFakePathCleanupFile -Path ($script:Download + '\a.cab') -Length 1048576 -AgeDays 20 -Locked:$Locked),
            (New-RemcFakePathCleanupFile -Path ($script:Download + '\b.cab') -Length 1048576 -AgeDays 20)
        )
        Set-RemcFakePathCleanupServices -Service $Service
    }

    function Invoke-Fix {
        param($Config = (New-TestConfig))
        Repair-RemcPathCleanup -Config $Config -Context (New-RemcTestContext -Mode 'remediate' -Now $script:Now) -Probe @{}
    }

    function Get-Log { @($global:RemcFakeState.PathCleanupServiceLog) }

    function Get-Status {
        param([string] $Name)
        [string](Find-RemcFakePathCleanupService -Name $Name).Status
    }
}

Describe 'path-cleanup stopServices' {
    It 'stops each running service, its running dependents first, removes, then starts them again in reverse' {
        Reset-Test -Service @(
            (New-RemcFakePathCleanupService -Name 'wuauserv' -Dependents @('ContosoUpdateAgent')),
            (New-RemcFakePathCleanupService -Name 'ContosoUpdateAgent'),
            (New-RemcFakePathCleanupService -Name 'BITS' -StopPolls 4)
        )
        $result = Invoke-Fix
        (Get-Log) -join ',' | Should -Be 'stop:ContosoUpdateAgent,stop:wuauserv,stop:BITS,start:BITS,start:wuauserv,start:ContosoUpdateAgent'
        $result.Summary | Should -Be 'removed 2 files (2.0 MB), services stopped and started again: BITS, wuauserv, ContosoUpdateAgent'
        @($global:RemcFakeState.PathCleanupDeleted).Count | Should -Be 2
        foreach ($name in 'wuauserv', 'BITS', 'ContosoUpdateAgent') { Get-Status -Name $name | Should -Be 'Running' }
    }

    It 'removes only while the services are stopped' {
        Reset-Test
        $null = Invoke-Fix
        $calls = @($global:RemcFakeState.PathCleanupCalls)
        $lastStop = [array]::LastIndexOf($calls, 'service-stop:BITS')
        $lastStop | Should -BeGreaterThan 0
        $firstStart = [array]::IndexOf($calls, 'service-start:BITS')
        $deletes = @(for ($i = 0; $i -lt $calls.Count; $i++) { if ($calls[$i] -like 'delete-*') { $i } })
        $deletes.Count | Should -Be 2
        foreach ($i in $deletes) { $i | Should -BeGreaterThan $lastStop; $i | Should -BeLessThan $firstStart }
    }

    It 'neither stops nor starts a service that was not running' {
        Reset-Test -Service @((New-RemcFakePathCleanupService -Name 'wuauserv' -Status 'Stopped'), (New-RemcFakePathCleanupService -Name 'BITS'))
        $result = Invoke-Fix
        (Get-Log) -join ',' | Should -Be 'stop:BITS,start:BITS'
        Get-Status -Name 'wuauserv' | Should -Be 'Stopped'
        $result.Summary | Should -Be 'removed 2 files (2.0 MB), services stopped and started again: BITS'
    }

    It 'skips a service the device does not have' {
        Reset-Test -Service @((New-RemcFakePathCleanupService -Name 'BITS'))
        (Invoke-Fix).Summary | Should -Be 'removed 2 files (2.0 MB), services stopped and started again: BITS'
    }

    It 'removes nothing when a service does not stop in time, and starts again the ones it stopped' {
        Reset-Test -Service @((New-RemcFakePathCleanupService -Name 'wuauserv'), (New-RemcFakePathCleanupService -Name 'BITS' -StopPolls -1))
        { Invoke-Fix } | Should -Throw -ExpectedMessage 'service BITS still not stopped 5 s after the stop, removed nothing; services stopped and started again: wuauserv'
        @($global:RemcFakeState.PathCleanupDeleted).Count | Should -Be 0
        Get-Status -Name 'wuauserv' | Should -Be 'Running'
        # Bounded: half-second looks for StopTimeoutSeconds, then it gives up.
        @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -eq 'poll' }).Count | Should -BeLessOrEqual 12
    }

    It 'removes nothing when a service refuses to stop, and says why' {
        Reset-Test -Service @((New-RemcFakePathCleanupService -Name 'wuauserv' -DisplayName 'Windows Update' -DenyStop), (New-RemcFakePathCleanupService -Name 'BITS'))
        { Invoke-Fix } | Should -Throw -ExpectedMessage "could not stop service wuauserv: Service 'Windows Update (wuauserv)' cannot be stopped due to the following error: Cannot stop wuauserv service on computer '.'., removed nothing"
        (Get-Log).Count | Should -Be 0
    }

    It 'starts the services again when the removal fails, and says both' {
        Reset-Test -Locked
        { Invoke-Fix } | Should -Throw -ExpectedMessage 'failed to remove 1 of 2 items (removed 1); first error: a.cab: * because it is being used by another process.; services stopped and started again: BITS, wuauserv'
        Get-Status -Name 'wuauserv' | Should -Be 'Running'
        Get-Status -Name 'BITS' | Should -Be 'Running'
    }

    It 'fails, after cleaning, when a service does not start again' {
        Reset-Test -Service @((New-RemcFakePathCleanupService -Name 'wuauserv' -StartCode 1053), (New-RemcFakePathCleanupService -Name 'BITS'))
        { Invoke-Fix } | Should -Throw -ExpectedMessage 'removed 2 files (2.0 MB), services stopped and started again: BITS; services stopped and NOT started again: wuauserv (StartService returned 1053)'
        @($global:RemcFakeState.PathCleanupDeleted).Count | Should -Be 2
    }

    It 'touches no service when there is nothing to clean, in report-only mode, or in the probe' {
        Reset-Test
        $null = Invoke-Fix -Config (New-TestConfig -Override @{ OlderThanDays = 30 })
        $null = Invoke-Fix -Config (New-TestConfig -Override @{ ReportOnly = $true })
        $null = Test-RemcPathCleanup -Config (New-TestConfig) -Context (New-RemcTestContext -Mode 'detect' -Now $script:Now)
        (Get-Log).Count | Should -Be 0
        @($global:RemcFakeState.PathCleanupCalls | Where-Object { $_ -like 'service-*' }).Count | Should -Be 0
    }

    It 'refuses a wildcard service name at run time, before stopping anything' {
        Reset-Test
        { Invoke-Fix -Config (New-TestConfig -Override @{ StopServices = @('BITS', 'wu*') }) } | Should -Throw -ExpectedMessage 'stopServices: "wu*" is not a service name'
        (Get-Log).Count | Should -Be 0
    }

    It 'the fake returns what Get-Service returns: Status a ServiceControllerStatus, DependentServices controllers' {
        Reset-Test -Service @((New-RemcFakePathCleanupService -Name 'wuauserv' -Dependents @('ContosoUpdateAgent')), (New-RemcFakePathCleanupService -Name 'ContosoUpdateAgent' -Status 'Stopped'))
        $service = Get-RemcPathCleanupService -Name 'WUAUSERV'
        $service.Status | Should -BeOfType ([System.ServiceProcess.ServiceControllerStatus])
        $service.Status | Should -Be ([System.ServiceProcess.ServiceControllerStatus]::Running)
        $service.PSObject.TypeNames[0] | Should -Be 'System.ServiceProcess.ServiceController'
        @($service.DependentServices).Count | Should -Be 1
        $service.DependentServices[0].Name | Should -Be 'ContosoUpdateAgent'
        $service.DependentServices[0].Status | Should -Be ([System.ServiceProcess.ServiceControllerStatus]::Stopped)
        Get-RemcPathCleanupService -Name 'nope' | Should -BeNullOrEmpty
    }
}

Describe 'path-cleanup stopServices in Constrained Language Mode (the logic, with seams defined there)' {
    # Windows services cannot run here: the seams are replaced by small functions defined in the same
    # mode, so the stop order, the bounded waits and the restart run under the mode's rules.
    BeforeAll {
        $script:ClmScript = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-pathcleanup-svc-' + [guid]::NewGuid().ToString('n') + '.ps1')
        Set-Content -LiteralPath $script:ClmScript -Encoding ascii -Value @'
param([string] $Template)
$ErrorActionPreference = 'Stop'
$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'
. (Join-Path $Template 'seam.ps1')
. (Join-Path $Template 'probe.ps1')
. (Join-Path $Template 'fix.ps1')
$state = @{ A = 'Running'; B = 'Running'; Log = @() }
function Get-RemcPathCleanupService { param([string] $Name) if (-not $state.ContainsKey($Name)) { return $null }; $deps = @(); if ($Name -eq 'A') { $deps = @(@{ Name = 'B' }) }; @{ Name = $Name; Status = [System.ServiceProcess.ServiceControllerStatus]$state[$Name]; DependentServices = $deps } }
function Stop-RemcPathCleanupService { param([string] $Name) $state.Log += ('stop:' + $Name); $state[$Name] = 'Stopped' }
function Start-RemcPathCleanupService { param([string] $Name) $state.Log += ('start:' + $Name); $state[$Name] = 'Running'; 0 }
function Wait-RemcPathCleanupPoll { }
$config = @{ StopServices = @('A'); StopTimeoutSeconds = 1 }
$out = @{ Mode = [string]$ExecutionContext.SessionState.LanguageMode }
try {
    $stopped = Stop-RemcPathCleanupServiceSet -Config $config
    $started = Start-RemcPathCleanupServiceSet -Name $stopped.Stopped -Config $config
    $out.Result = '{0} | {1} | {2}' -f ($state.Log -join ','), $stopped.Problem, $started.Text
}
catch { $out.Result = 'ERROR: ' + $_.Exception.Message }
$out | ConvertTo-Json -Compress
'@
        $shell = (Get-Process -Id $PID).Path
        $prefix = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($shell) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        $ErrorActionPreference = 'Continue'
        $lines = @(& $shell @prefix -NoProfile -NonInteractive -File $script:ClmScript -Template $PSScriptRoot 2>&1)
        $script:ClmOutput = ($lines | ForEach-Object { [string]$_ }) -join "`n"
        $script:ClmResult = $null
        try { $script:ClmResult = $lines[-1] | ConvertFrom-Json } catch { $script:ClmResult = $null }
    }
    AfterAll { Remove-Item -LiteralPath $script:ClmScript -Force -ErrorAction SilentlyContinue }

    It 'stops the dependent first and starts it last, in Constrained Language Mode' {
        $script:ClmResult.Mode | Should -Be 'ConstrainedLanguage' -Because $script:ClmOutput
        $script:ClmResult.Result | Should -Be 'stop:B,stop:A,start:A,start:B |  | services stopped and started again: A, B' -Because $script:ClmOutput
    }
}
