# Pester 5 tests of the event-signal probe against fakes, and of the seam's own logic against a
# stand-in Get-WinEvent (the real one needs Windows).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    $script:Now = [datetime]::SpecifyKind([datetime]'2026-11-25T12:00:00', [DateTimeKind]::Utc)

    # The config the compiler emits for eventSignal({ log: 'Application', provider: 'Application Error',
    # ids: [1000] }): the test's values for the options without a default, on top of the defaults
    # index.ts declares. Run through remc, the defaults come from the spec; a $null value leaves the
    # option out, as a declaration without it does.
    function New-TestConfig {
        param([hashtable] $Override = @{})
        $values = @{ Log = 'Application'; Provider = 'Application Error'; Ids = @(1000) }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        if ($env:REMC_TEMPLATE_DEFAULTS -and (Get-Command -Name New-RemcTestConfig -ErrorAction SilentlyContinue)) {
            $config = New-RemcTestConfig -Template 'event-signal' -Override $values
        } else {
            $config = @{
                MinCount    = 3
                WindowHours = 24
            }
            foreach ($key in $values.Keys) { $config[$key] = $values[$key] }
        }
        foreach ($key in @($config.Keys)) { if ($null -eq $config[$key]) { $config.Remove($key) } }
        return $config
    }

    function New-TestContext {
        param($Since = $null)
        New-RemcTestContext -RemediationId 'app-crashes' -Mode 'detect' -Now $script:Now -Since $Since
    }

    function Invoke-Probe {
        param([hashtable] $Override = @{}, $Since = $null)
        Test-RemcEventSignal -Config (New-TestConfig -Override $Override) -Context (New-TestContext -Since $Since)
    }

    function At {
        param([double] $MinutesAgo)
        $script:Now.AddMinutes(-$MinutesAgo)
    }

    function New-Crash {
        param([double[]] $MinutesAgo, [int] $Id = 1000, [string] $ProviderName = 'Application Error', [string] $LogName = 'Application', [int] $Level = 2)
        foreach ($m in $MinutesAgo) { New-RemcFakeWinEvent -Time (At $m) -Id $Id -ProviderName $ProviderName -LogName $LogName -Level $Level }
    }

    function Get-WorldJson {
        $copy = @{}
        foreach ($key in @($global:RemcFakeState.Keys)) { if ($key -notlike '*Queries') { $copy[$key] = $global:RemcFakeState[$key] } }
        ConvertTo-Json -InputObject $copy -Depth 8 -Compress
    }

    function Get-LastQuery { $global:RemcFakeState.EventSignalQueries[$global:RemcFakeState.EventSignalQueries.Count - 1] }

    function Invoke-RealSeam {
        param([hashtable] $Arguments)
        $seam = (Get-Item -LiteralPath 'function:Get-RemcEventSignalRecord').ScriptBlock
        & $seam @Arguments
    }

    function New-SeamArguments {
        @{ LogName = 'Application'; ProviderName = 'Application Error'; Id = @(1000); Level = @(); StartTime = $script:Now.AddHours(-24); MaxEvents = 100 }
    }
}

Describe 'event-signal emitted files' {
    It 'is detect-only (no fix.ps1)' {
        Test-Path -LiteralPath (Join-Path $PSScriptRoot 'fix.ps1') | Should -BeFalse
    }

    It 'reads the log with -LogName, -FilterXPath and -MaxEvents, stopping on errors, never with -FilterHashtable' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $calls = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Get-WinEvent' }, $true))
        $calls.Count | Should -Be 1
        $parameters = @($calls[0].CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName })
        $parameters | Should -Be @('LogName', 'FilterXPath', 'MaxEvents', 'ErrorAction')
    }

    It 'never reads event messages or display names (they are localized)' {
        foreach ($file in 'probe.ps1', 'seam.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $file), [ref] $null, [ref] $null)
            $members = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.MemberExpressionAst] }, $true))
            # Only an exception's own message is read (for the one-line error of an unexpected failure).
            $read = @($members | Where-Object { $_.Member.Extent.Text -in 'Message', 'LevelDisplayName', 'Properties', 'FormatDescription', 'ToXml' -and $_.Expression.Extent.Text -notlike '*.Exception' })
            $read | ForEach-Object { $_.Extent.Text } | Should -BeNullOrEmpty
        }
    }
}

Describe 'Test-RemcEventSignal: counting' {
    It 'returns exactly one hashtable with only protocol keys' {
        Reset-RemcFakeEventSignal
        $result = @(Invoke-Probe)
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
        @($result[0].Keys | Sort-Object) | Should -Be @('Facts', 'InDesiredState', 'Summary')
        $result[0].InDesiredState | Should -BeOfType [bool]
    }

    It 'is in desired state with no events' {
        Reset-RemcFakeEventSignal
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be '0 events 1000 from Application Error in the last 24 h (threshold 3)'
        $result.Facts.Found | Should -BeFalse
        $result.Facts.Count | Should -Be 0
        $result.Facts.Newest | Should -BeNullOrEmpty
    }

    It 'asks the seam for the declared log, provider and ids since the window start, at most 100 events' {
        Reset-RemcFakeEventSignal
        $null = Invoke-Probe
        $query = Get-LastQuery
        $query.LogName | Should -Be 'Application'
        $query.ProviderName | Should -Be 'Application Error'
        @($query.Id) | Should -Be @(1000)
        @($query.Level).Count | Should -Be 0
        $query.StartTime | Should -Be $script:Now.AddHours(-24)
        $query.StartTime.Kind | Should -Be 'Utc'
        $query.MaxEvents | Should -Be 100
    }

    It 'finds the symptom at the threshold and above: <Count> events' -ForEach @(
        @{ Count = 3; Found = $true; Summary = '3 events 1000 from Application Error in the last 24 h (threshold 3)' }
        @{ Count = 5; Found = $true; Summary = '5 events 1000 from Application Error in the last 24 h (threshold 3)' }
        @{ Count = 2; Found = $false; Summary = '2 events 1000 from Application Error in the last 24 h (threshold 3)' }
        @{ Count = 1; Found = $false; Summary = '1 event 1000 from Application Error in the last 24 h (threshold 3)' }
    ) {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(1..$Count | ForEach-Object { $_ * 60 }))
        $result = Invoke-Probe
        $result.InDesiredState | Should -Be (-not $Found)
        $result.Summary | Should -Be $Summary
        $result.Facts.Found | Should -Be $Found
        $result.Facts.Count | Should -Be $Count
    }

    It 'finds one event with MinCount 1' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo 5)
        $result = Invoke-Probe -Override @{ MinCount = 1 }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '1 event 1000 from Application Error in the last 24 h (threshold 1)'
    }

    It 'reports the times in UTC, oldest and newest, and the newest five events' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(300, 10, 200, 100, 50, 400, 20))
        $result = Invoke-Probe
        $result.Facts.Oldest | Should -Be (At 400)
        $result.Facts.Newest | Should -Be (At 10)
        $result.Facts.Newest.Kind | Should -Be 'Utc'
        @($result.Facts.Events).Count | Should -Be 5
        $result.Facts.Events[0].TimeCreated | Should -Be (At 10)
        $result.Facts.Events[0].Id | Should -Be 1000
        $result.Facts.Events[0].ProviderName | Should -Be 'Application Error'
        $result.Facts.Events[0].RecordId | Should -BeOfType [long]
    }

    It 'ignores events before the window' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(10, (25 * 60), (30 * 60), (48 * 60)))
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Facts.Count | Should -Be 1
    }

    It 'honours WindowHours' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(10, (25 * 60), (30 * 60), (48 * 60)))
        $result = Invoke-Probe -Override @{ WindowHours = 72 }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '4 events 1000 from Application Error in the last 72 h (threshold 3)'
        (Get-LastQuery).StartTime | Should -Be $script:Now.AddHours(-72)
    }

    It 'ignores events before the last fix and says so' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(170, 120, 60, 10))
        $since = At 30
        $result = Invoke-Probe -Since $since
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be '1 event 1000 from Application Error since the last fix at 2026-11-25T11:30Z (threshold 3)'
        $result.Facts.SinceLastFix | Should -BeTrue
        $result.Facts.WindowStart | Should -Be $since
        (Get-LastQuery).StartTime | Should -Be $since
    }

    It 'keeps the window when the last fix is older than it' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(170, 120, 60))
        $result = Invoke-Probe -Since (At (48 * 60))
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '3 events 1000 from Application Error in the last 24 h (threshold 3)'
        $result.Facts.SinceLastFix | Should -BeFalse
    }

    It 'counts only the declared ids, provider and log' {
        Reset-RemcFakeEventSignal -Event @(
            New-Crash -MinutesAgo @(10, 20)
            New-Crash -MinutesAgo @(30) -Id 1002
            New-Crash -MinutesAgo @(40, 50) -Id 1001
            New-Crash -MinutesAgo @(60, 70) -ProviderName 'Windows Error Reporting'
            New-Crash -MinutesAgo @(80, 90) -LogName 'System'
        )
        $only = Invoke-Probe
        $only.Facts.Count | Should -Be 2
        $two = Invoke-Probe -Override @{ Ids = @(1000, 1002) }
        $two.InDesiredState | Should -BeFalse
        $two.Summary | Should -Be '3 events 1000/1002 from Application Error in the last 24 h (threshold 3)'
        @((Get-LastQuery).Id) | Should -Be @(1000, 1002)
    }

    It 'counts every provider of the log when none is declared' {
        Reset-RemcFakeEventSignal -Event @(
            New-Crash -MinutesAgo @(10, 20)
            New-Crash -MinutesAgo @(60) -ProviderName 'Windows Error Reporting'
        )
        $result = Invoke-Probe -Override @{ Provider = $null }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '3 events 1000 in Application in the last 24 h (threshold 3)'
        (Get-LastQuery).ProviderName | Should -Be ''
    }

    It 'reads a log with a path-like name' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(10, 20, 30) -LogName 'Microsoft-Windows-AAD/Operational' -ProviderName 'Microsoft-Windows-AAD' -Id 1098)
        $result = Invoke-Probe -Override @{ Log = 'Microsoft-Windows-AAD/Operational'; Provider = $null; Ids = @(1098, 1097) }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '3 events 1098/1097 in Microsoft-Windows-AAD/Operational in the last 24 h (threshold 3)'
    }

    It 'counts level <Level> and more severe events only' -ForEach @(
        @{ Level = 'critical'; Levels = @(1); Count = 1; Text = 'critical' }
        @{ Level = 'error'; Levels = @(1, 2); Count = 2; Text = 'error or critical' }
        @{ Level = 'warning'; Levels = @(1, 2, 3); Count = 3; Text = 'warning or worse' }
        @{ Level = 'information'; Levels = @(0, 1, 2, 3, 4); Count = 5; Text = 'information or worse' }
    ) {
        Reset-RemcFakeEventSignal -Event @(
            New-Crash -MinutesAgo 10 -Level 1
            New-Crash -MinutesAgo 20 -Level 2
            New-Crash -MinutesAgo 30 -Level 3
            New-Crash -MinutesAgo 40 -Level 4
            New-Crash -MinutesAgo 50 -Level 0
            New-Crash -MinutesAgo 60 -Level 5
        )
        $result = Invoke-Probe -Override @{ Level = $Level; MinCount = 1 }
        $result.Facts.Count | Should -Be $Count
        @((Get-LastQuery).Level) | Should -Be $Levels
        $result.Summary | Should -Be ('{0} event{1} 1000 ({2}) from Application Error in the last 24 h (threshold 1)' -f $Count, $(if ($Count -eq 1) { '' } else { 's' }), $Text)
    }

    It 'says "at least" when the read was capped' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(1..150 | ForEach-Object { $_ * 5 }))
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Facts.Count | Should -Be 100
        $result.Facts.Capped | Should -BeTrue
        $result.Summary | Should -Be 'at least 100 events 1000 from Application Error in the last 24 h (threshold 3)'
    }

    It 'reads as many events as a threshold above 100 needs' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(1..150 | ForEach-Object { $_ * 5 }))
        $result = Invoke-Probe -Override @{ MinCount = 200 }
        (Get-LastQuery).MaxEvents | Should -Be 200
        $result.InDesiredState | Should -BeTrue
        $result.Facts.Capped | Should -BeFalse
        $result.Summary | Should -Be '150 events 1000 from Application Error in the last 24 h (threshold 200)'
    }

    It 'shortens a long id list in the summary' {
        Reset-RemcFakeEventSignal
        $result = Invoke-Probe -Override @{ Ids = @(1, 2, 3, 4, 5, 6, 7, 8) }
        $result.Summary | Should -Be '0 events 1/2/3/4/5 +3 from Application Error in the last 24 h (threshold 3)'
    }

    It 'uses the clock when the context has none' {
        Reset-RemcFakeEventSignal
        $before = [datetime]::UtcNow
        $null = Test-RemcEventSignal -Config (New-TestConfig) -Context @{ Mode = 'detect' }
        (Get-LastQuery).StartTime | Should -BeGreaterOrEqual $before.AddHours(-24).AddSeconds(-1)
    }
}

Describe 'Test-RemcEventSignal: a log it cannot read' {
    It 'throws when the log does not exist, instead of reporting no events' {
        Reset-RemcFakeEventSignal -MissingLog 'Contoso/*'
        { Invoke-Probe -Override @{ Log = 'Contoso/Operational' } } | Should -Throw -ExpectedMessage "event log 'Contoso/Operational' not found on this device"
    }

    It 'throws when the account may not read the log' {
        Reset-RemcFakeEventSignal -DeniedLog 'Security' -Event @(New-Crash -MinutesAgo @(1, 2, 3) -LogName 'Security' -ProviderName 'Microsoft-Windows-Security-Auditing' -Id 4625)
        { Invoke-Probe -Override @{ Log = 'Security'; Provider = $null; Ids = @(4625) } } |
            Should -Throw -ExpectedMessage "cannot read event log 'Security': access denied (this account may not read it; the Security log needs system)"
    }

    It 'lets any other read failure through as a probe error' {
        Reset-RemcFakeEventSignal -ReadError "reading event log 'Application' failed: The RPC server is unavailable."
        { Invoke-Probe } | Should -Throw -ExpectedMessage "reading event log 'Application' failed: The RPC server is unavailable."
    }

    It 'refuses a hand-made config that is not a signal: <Why>' -ForEach @(
        @{ Why = 'no ids'; Override = @{ Ids = @() }; Message = 'Ids must list at least one event id' }
        @{ Why = 'an id out of range'; Override = @{ Ids = @(70000) }; Message = "Ids must be event ids from 0 to 65535: '70000'" }
        @{ Why = 'a fractional id'; Override = @{ Ids = @(10.5) }; Message = "Ids must be event ids from 0 to 65535: '10.5'" }
        @{ Why = 'a wildcard log'; Override = @{ Log = 'Microsoft-Windows-*' }; Message = "Log must be one event log name without wildcards: 'Microsoft-Windows-*'" }
        @{ Why = 'an unknown level'; Override = @{ Level = 'fatal' }; Message = "Level must be critical, error, warning or information: 'fatal'" }
    ) {
        Reset-RemcFakeEventSignal
        { Invoke-Probe -Override $Override } | Should -Throw -ExpectedMessage $Message
        $global:RemcFakeState.EventSignalQueries.Count | Should -Be 0
    }
}

Describe 'the scenario fake' {
    It 'finds events matching whatever is asked at -MatchingAt, within the window only' {
        Reset-RemcFakeEventSignal -MatchingAt @((At 10), (At 50), (At 120), (At (30 * 60)))
        $result = Invoke-Probe -Override @{ Log = 'Microsoft-Windows-Sysmon/Operational'; Provider = 'Microsoft-Windows-Sysmon'; Ids = @(255, 1); Level = 'error' }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '3 events 255/1 (error or critical) from Microsoft-Windows-Sysmon in the last 24 h (threshold 3)'
        $result.Facts.Events[0].Id | Should -Be 255
    }

    It 'makes every log missing or denied with *' {
        Reset-RemcFakeEventSignal -MissingLog '*'
        { Invoke-Probe } | Should -Throw -ExpectedMessage "event log 'Application' not found on this device"
        Reset-RemcFakeEventSignal -DeniedLog '*'
        { Invoke-Probe } | Should -Throw -ExpectedMessage "cannot read event log 'Application': access denied*"
    }
}

Describe 'Test-RemcEventSignal changes nothing' {
    It 'leaves the simulated logs as they were' {
        Reset-RemcFakeEventSignal -Event @(New-Crash -MinutesAgo @(10, 20, 30, 40))
        $before = Get-WorldJson
        $null = Invoke-Probe
        $null = Invoke-Probe -Since (At 15)
        Get-WorldJson | Should -Be $before
    }
}

Describe 'Select-RemcEventSignalEvent' {
    It 'keeps the count honest when the log returns more than was asked' {
        $signal = @{ Ids = @(1000); Provider = 'Application Error'; Levels = @(1, 2) }
        $records = @(
            New-RemcFakeWinEvent -Time (At 10)
            New-RemcFakeWinEvent -Time (At 20) -Id 1001
            New-RemcFakeWinEvent -Time (At 30) -ProviderName 'Other'
            New-RemcFakeWinEvent -Time (At 40) -Level 4
            New-RemcFakeWinEvent -Time (At 2000)
            [pscustomobject]@{ Id = 1000; ProviderName = 'Application Error'; Level = [byte]2; RecordId = $null; TimeCreated = $null }
        )
        $kept = @(Select-RemcEventSignalEvent -Records $records -Signal $signal -Start (At 60))
        $kept.Count | Should -Be 1
        $kept[0].TimeCreated | Should -Be (At 10)
    }

    It 'turns local times into UTC' {
        $record = New-RemcFakeWinEvent -Time (At 10)
        $record.TimeCreated.Kind | Should -Be 'Local'
        $kept = @(Select-RemcEventSignalEvent -Records @($record) -Signal @{ Ids = @(1000); Provider = ''; Levels = @() } -Start (At 60))
        $kept[0].TimeCreated.Kind | Should -Be 'Utc'
        $kept[0].TimeCreated | Should -Be (At 10)
    }
}

Describe 'New-RemcEventSignalXPath' {
    It 'builds the query Get-WinEvent -FilterHashtable would, with the provider, ids, levels and UTC start' {
        $xpath = New-RemcEventSignalXPath -ProviderName 'Application Error' -Id @(1000, 1002) -Level @(1, 2) -StartTime ([datetime]::SpecifyKind([datetime]'2026-11-24T12:00:00.25', [DateTimeKind]::Utc))
        $xpath | Should -Be "*[System/Provider[@Name='Application Error'] and ((System/EventID=1000) or (System/EventID=1002)) and ((System/Level=1) or (System/Level=2)) and (System/TimeCreated[@SystemTime>='2026-11-24T12:00:00.250Z'])]"
    }

    It 'leaves out the provider and levels when none are declared' {
        $xpath = New-RemcEventSignalXPath -ProviderName '' -Id @(4625) -Level @() -StartTime ([datetime]::SpecifyKind([datetime]'2026-11-24T12:00:00', [DateTimeKind]::Utc))
        $xpath | Should -Be "*[((System/EventID=4625)) and (System/TimeCreated[@SystemTime>='2026-11-24T12:00:00.000Z'])]"
    }

    It 'converts a local start time to UTC' {
        $utc = [datetime]::SpecifyKind([datetime]'2026-11-24T12:00:00', [DateTimeKind]::Utc)
        $xpath = New-RemcEventSignalXPath -ProviderName '' -Id @(1) -Level @() -StartTime $utc.ToLocalTime()
        $xpath | Should -BeLike "*@SystemTime>='2026-11-24T12:00:00.000Z'*"
    }

    It 'writes the time the same in any culture' {
        $saved = [System.Threading.Thread]::CurrentThread.CurrentCulture
        try {
            [System.Threading.Thread]::CurrentThread.CurrentCulture = [System.Globalization.CultureInfo]::GetCultureInfo('th-TH')
            $xpath = New-RemcEventSignalXPath -ProviderName '' -Id @(1) -Level @() -StartTime ([datetime]::SpecifyKind([datetime]'2026-11-24T12:00:00', [DateTimeKind]::Utc))
        } finally {
            [System.Threading.Thread]::CurrentThread.CurrentCulture = $saved
        }
        $xpath | Should -BeLike "*@SystemTime>='2026-11-24T12:00:00.000Z'*"
    }

    It 'refuses a provider name with a quote, and no ids' {
        { New-RemcEventSignalXPath -ProviderName "O'Brien" -Id @(1) -Level @() -StartTime $script:Now } | Should -Throw -ExpectedMessage "a provider name cannot hold a quote: O'Brien"
        { New-RemcEventSignalXPath -ProviderName '' -Id @() -Level @() -StartTime $script:Now } | Should -Throw -ExpectedMessage 'at least one event id is needed'
    }
}

Describe 'Get-RemcEventSignalFailure' {
    It 'reads "<Expected>" from the error id <Id>' -ForEach @(
        @{ Id = 'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand'; Expected = 'empty' }
        @{ Id = 'NoMatchingLogsFound,Microsoft.PowerShell.Commands.GetWinEventCommand'; Expected = 'log not found' }
        @{ Id = 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetWinEventCommand'; Expected = 'access denied' }
        @{ Id = 'The RPC server is unavailable,Microsoft.PowerShell.Commands.GetWinEventCommand'; Expected = '' }
    ) {
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-Object System.Exception 'Es wurden keine Ereignisse gefunden.'), $Id, ([System.Management.Automation.ErrorCategory]::ObjectNotFound), $null
        Get-RemcEventSignalFailure -ErrorRecord $record | Should -Be $Expected
    }

    It 'reads "<Expected>" from a <Type> inside the error' -ForEach @(
        @{ Type = 'System.UnauthorizedAccessException'; Expected = 'access denied' }
        @{ Type = 'System.Diagnostics.Eventing.Reader.EventLogNotFoundException'; Expected = 'log not found' }
        @{ Type = 'System.Diagnostics.Eventing.Reader.EventLogException'; Expected = '' }
    ) {
        # EventLog exceptions cannot be constructed off Windows: an instance without its constructor is the same type.
        $inner = [System.Runtime.Serialization.FormatterServices]::GetUninitializedObject(($Type -as [type]))
        $outer = New-Object System.Exception -ArgumentList 'Die Protokollinformationen sind nicht verfuegbar.', $inner
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList $outer, 'LogInfoUnavailable', ([System.Management.Automation.ErrorCategory]::NotSpecified), $null
        Get-RemcEventSignalFailure -ErrorRecord $record | Should -Be $Expected
    }

    It 'reads access denied from the PermissionDenied category' {
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-Object System.Exception 'x'), 'LogInfoNoAccess', ([System.Management.Automation.ErrorCategory]::PermissionDenied), $null
        Get-RemcEventSignalFailure -ErrorRecord $record | Should -Be 'access denied'
    }
}

Describe 'Get-RemcEventSignalRecord (the seam) against a stand-in Get-WinEvent' {
    BeforeAll {
        # Writes errors the way Get-WinEvent does (GetEventCommand.cs): NoMatchingEventsFound and
        # NoMatchingLogsFound as non-terminating errors, an unreadable log as a thrown exception.
        function Get-WinEvent {
            [CmdletBinding()]
            param([string[]] $LogName, [string] $FilterXPath, [long] $MaxEvents)
            $script:WinEventCall = @{ LogName = $LogName; FilterXPath = $FilterXPath; MaxEvents = $MaxEvents; ErrorAction = $PSBoundParameters['ErrorAction'] }
            if ($script:WinEventMode -eq 'empty') {
                $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-Object System.Exception 'No events were found that match the specified selection criteria.'), 'NoMatchingEventsFound', ([System.Management.Automation.ErrorCategory]::ObjectNotFound), $null))
                return
            }
            if ($script:WinEventMode -eq 'no log') {
                $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-Object System.Exception 'There is not an event log on the localhost computer that matches "Contoso".'), 'NoMatchingLogsFound', ([System.Management.Automation.ErrorCategory]::ObjectNotFound), 'Contoso'))
                return
            }
            if ($script:WinEventMode -eq 'denied') { throw (New-Object System.UnauthorizedAccessException 'Attempted to perform an unauthorized operation.') }
            if ($script:WinEventMode -eq 'broken') { throw (New-Object System.InvalidOperationException "The RPC server`r`nis unavailable") }
            $script:WinEventRecords
        }
    }

    BeforeEach {
        $script:WinEventMode = 'records'
        $script:WinEventRecords = @()
        $script:WinEventCall = $null
    }

    It 'asks Get-WinEvent for the log with its query and cap, stopping on errors, and returns the records' {
        $script:WinEventRecords = @(New-RemcFakeWinEvent -Time (At 10)), (New-RemcFakeWinEvent -Time (At 20))
        $result = Invoke-RealSeam -Arguments (New-SeamArguments)
        $script:WinEventCall.LogName | Should -Be @('Application')
        $script:WinEventCall.FilterXPath | Should -Be "*[System/Provider[@Name='Application Error'] and ((System/EventID=1000)) and (System/TimeCreated[@SystemTime>='2026-11-24T12:00:00.000Z'])]"
        $script:WinEventCall.MaxEvents | Should -Be 100
        [string]$script:WinEventCall.ErrorAction | Should -Be 'Stop'
        $result.Available | Should -BeTrue
        @($result.Records).Count | Should -Be 2
    }

    It 'returns one record as a list too' {
        $script:WinEventRecords = New-RemcFakeWinEvent -Time (At 10)
        $result = Invoke-RealSeam -Arguments (New-SeamArguments)
        , $result.Records | Should -BeOfType [object[]]
        @($result.Records).Count | Should -Be 1
    }

    It 'treats "no events were found" as no events, not as an error' {
        $script:WinEventMode = 'empty'
        $result = Invoke-RealSeam -Arguments (New-SeamArguments)
        $result.Available | Should -BeTrue
        @($result.Records).Count | Should -Be 0
    }

    It 'says not Available when <Reason>' -ForEach @(
        @{ Mode = 'no log'; Reason = 'log not found' }
        @{ Mode = 'denied'; Reason = 'access denied' }
    ) {
        $script:WinEventMode = $Mode
        $result = Invoke-RealSeam -Arguments (New-SeamArguments)
        $result.Available | Should -BeFalse
        $result.Reason | Should -Be $Reason
    }

    It 'throws one line for any other failure' {
        $script:WinEventMode = 'broken'
        { Invoke-RealSeam -Arguments (New-SeamArguments) } | Should -Throw -ExpectedMessage "reading event log 'Application' failed: The RPC server is unavailable"
    }
}
