# Pester 5 tests of the file-state probe against fakes, and of the real seams on real files of this
# machine (Get-Item and Get-Content work on any file system, so their shapes are checked against the fakes').

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    # The real seams, kept before the fakes' aliases hide them.
    $script:RealItem = (Get-Item -LiteralPath 'function:Get-RemcFileStateItem').ScriptBlock
    $script:RealText = (Get-Item -LiteralPath 'function:Read-RemcFileStateText').ScriptBlock
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    $script:Now = [datetime]::SpecifyKind([datetime]'2026-12-07T12:00:00', [DateTimeKind]::Utc)
    $script:Cfg = 'C:\ProgramData\Contoso\Agent\agent.cfg'

    # The config the compiler emits for fileState({ path: '%ProgramData%\Contoso\Agent\agent.cfg' }): the
    # test's values on top of the defaults index.ts declares; a $null value leaves the option out.
    function New-TestConfig {
        param([hashtable] $Override = @{})
        $values = @{ Path = '%ProgramData%\Contoso\Agent\agent.cfg' }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        if ($env:REMC_TEMPLATE_DEFAULTS -and (Get-Command -Name New-RemcTestConfig -ErrorAction SilentlyContinue)) {
            $config = New-RemcTestConfig -Template 'file-state' -Override $values
        } else {
            $config = @{ Ensure = 'present'; CaseSensitive = $false; MaxTextBytes = 1048576 }
            foreach ($key in $values.Keys) { $config[$key] = $values[$key] }
        }
        foreach ($key in @($config.Keys)) { if ($null -eq $config[$key]) { $config.Remove($key) } }
        return $config
    }

    function Invoke-Probe {
        param([hashtable] $Override = @{})
        Test-RemcFileState -Config (New-TestConfig -Override $Override) -Context (New-RemcTestContext -RemediationId 'agent-config' -Mode 'detect' -Now $script:Now)
    }

    function Set-Agent {
        # The agent's config, written DaysAgo days (and 2 hours) before the test's clock.
        param([double] $DaysAgo = 7, [string] $Text = "[agent]`r`nServer=agent.contoso.com`r`n", [string] $Version = '', [string] $Path = $script:Cfg, [long] $Length = -1)
        Reset-RemcFakeFileState -File @(New-RemcFakeFileStateFile -Path $Path -WrittenUtc $script:Now.AddDays(-$DaysAgo).AddHours(-2) -Text $Text -Version $Version -Length $Length)
    }
}

Describe 'file-state emitted files' {
    It 'is detect-only (no fix.ps1)' {
        Test-Path -LiteralPath (Join-Path $PSScriptRoot 'fix.ps1') | Should -BeFalse
    }

    It 'reads with Get-Item -LiteralPath -Force and Get-Content -LiteralPath -Raw -Encoding UTF8, stopping on errors' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $names = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Sort-Object -Unique)
        $names | Should -Be @('Get-Content', 'Get-Item', 'Test-Path')
        $text = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'seam.ps1') -Raw
        $text | Should -Match 'Get-Item -LiteralPath \$Path -Force -ErrorAction Stop'
        $text | Should -Match 'Get-Content -LiteralPath \$Path -Raw -Encoding UTF8 -ErrorAction Stop'
    }
}

Describe 'Test-RemcFileState: present or absent' {
    It 'returns exactly one hashtable with only protocol keys' {
        Set-Agent
        $result = @(Invoke-Probe)
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
        @($result[0].Keys | Sort-Object) | Should -Be @('Facts', 'InDesiredState', 'Summary')
        $result[0].InDesiredState | Should -BeOfType [bool]
    }

    It 'expands the leading variable and says when the file was written, by the context clock' {
        Set-Agent -DaysAgo 7
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'agent.cfg present, written 2026-11-30 10:00 UTC (7 days ago)'
        @($global:RemcFakeState.FileStateQueries) | Should -Be @($script:Cfg)
        $result.Facts.AgeDays | Should -Be 7
        $result.Facts.WrittenUtc | Should -Be '2026-11-30T10:00:00Z'
        @($global:RemcFakeState.FileStateTextQueries).Count | Should -Be 0
    }

    It 'says <Expected> for a file <Why>' -ForEach @(
        @{ Why = 'written 2 hours ago'; Days = 0; Expected = 'less than a day ago' }
        @{ Why = 'written a day and 2 hours ago'; Days = 1; Expected = '1 day ago' }
        @{ Why = 'written in the future (a clock set wrong)'; Days = -3; Expected = 'in the future' }
    ) {
        Set-Agent -DaysAgo $Days
        (Invoke-Probe).Summary | Should -BeLike "agent.cfg present, written * UTC ($Expected)"
    }

    It 'finds its symptom when the file is missing, naming the folder' {
        Reset-RemcFakeFileState
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'agent.cfg missing from C:\ProgramData\Contoso\Agent'
        $result.Facts.Found | Should -BeTrue
        $result.Facts.Failed | Should -Be @('missing')
    }

    It "with ensure 'absent': a missing file is the desired state, a present one the symptom" {
        Reset-RemcFakeFileState
        $gone = Invoke-Probe -Override @{ Ensure = 'absent' }
        $gone.InDesiredState | Should -BeTrue
        $gone.Summary | Should -Be 'agent.cfg absent from C:\ProgramData\Contoso\Agent'
        Set-Agent -DaysAgo 2
        $there = Invoke-Probe -Override @{ Ensure = 'absent' }
        $there.InDesiredState | Should -BeFalse
        $there.Summary | Should -Be 'agent.cfg present, written 2026-12-05 10:00 UTC (2 days ago); expected absent'
        $there.Facts.Failed | Should -Be @('present')
    }

    It 'reads a path under the user profile from its variable' {
        Set-Agent -Path 'C:\Users\alice\AppData\Local\Contoso\state.json'
        (Invoke-Probe -Override @{ Path = '%LOCALAPPDATA%\Contoso\state.json' }).Summary | Should -BeLike 'state.json present, *'
    }
}

Describe 'Test-RemcFileState: age' {
    It 'maxAgeDays <Max>, written <Days> days ago: <Word>' -ForEach @(
        @{ Max = 30; Days = 41; Word = 'stale'; Tail = '; older than 30 days (41 days)' }
        @{ Max = 30; Days = 30; Word = 'within (30 days and 2 hours is 30 whole days)'; Tail = '' }
        @{ Max = 0; Days = 0; Word = 'within (written today)'; Tail = '' }
        @{ Max = 0; Days = 1; Word = 'stale'; Tail = '; older than 0 days (1 days)' }
        @{ Max = 7; Days = -1; Word = 'within (in the future)'; Tail = '' }
    ) {
        Set-Agent -DaysAgo $Days
        $result = Invoke-Probe -Override @{ MaxAgeDays = $Max }
        $result.InDesiredState | Should -Be ($Word -ne 'stale')
        $result.Summary | Should -BeLike "agent.cfg present, written *)$Tail"
        if ($Word -eq 'stale') { $result.Facts.Failed | Should -Be @('maxAgeDays') }
    }

    It 'minAgeDays <Min>, written <Days> days ago: <Word>' -ForEach @(
        @{ Min = 14; Days = 3; Word = 'too new'; Tail = '; less than 14 days old (3 days)' }
        @{ Min = 14; Days = 14; Word = 'old enough'; Tail = '' }
        @{ Min = 1; Days = -2; Word = 'too new'; Tail = '; less than 1 days old (written in the future)' }
    ) {
        Set-Agent -DaysAgo $Days
        $result = Invoke-Probe -Override @{ MinAgeDays = $Min }
        $result.InDesiredState | Should -Be ($Word -eq 'old enough')
        $result.Summary | Should -BeLike "agent.cfg present, written *)$Tail"
    }

    It 'a window of ages: both bounds are checked' {
        Set-Agent -DaysAgo 10
        (Invoke-Probe -Override @{ MinAgeDays = 7; MaxAgeDays = 30 }).InDesiredState | Should -BeTrue
        Set-Agent -DaysAgo 40
        (Invoke-Probe -Override @{ MinAgeDays = 7; MaxAgeDays = 30 }).Facts.Failed | Should -Be @('maxAgeDays')
    }
}

Describe 'Test-RemcFileState: text' {
    It 'finds a literal, ignoring case by default, and says so' {
        Set-Agent -Text "[agent]`r`nserver=AGENT.contoso.com`r`n"
        $result = Invoke-Probe -Override @{ Text = 'Server=agent.contoso.com' }
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'agent.cfg present, written 2026-11-30 10:00 UTC (7 days ago); contains "Server=agent.contoso.com"'
        $result.Facts.HasText | Should -BeTrue
        @($global:RemcFakeState.FileStateTextQueries) | Should -Be @($script:Cfg)
    }

    It 'with caseSensitive, another case is not the literal' {
        Set-Agent -Text "[agent]`r`nserver=AGENT.contoso.com`r`n"
        $result = Invoke-Probe -Override @{ Text = 'Server=agent.contoso.com'; CaseSensitive = $true }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeLike '*; does not contain "Server=agent.contoso.com"'
        $result.Facts.Failed | Should -Be @('contains')
    }

    It 'takes the literal as text, never as a wildcard or a pattern' {
        Set-Agent -Text 'Mode=a.b'
        (Invoke-Probe -Override @{ Text = 'Mode=*' }).InDesiredState | Should -BeFalse
        (Invoke-Probe -Override @{ Text = 'Mode=a?b' }).InDesiredState | Should -BeFalse
        (Invoke-Probe -Override @{ Text = 'a.b' }).InDesiredState | Should -BeTrue
    }

    It 'an empty file contains nothing' {
        Set-Agent -Text ''
        (Invoke-Probe -Override @{ Text = 'Server=' }).Summary | Should -BeLike '*; does not contain "Server="'
    }

    It 'cuts a long literal in the summary' {
        $long = 'x' * 60
        Set-Agent -Text $long
        (Invoke-Probe -Override @{ Text = $long }).Summary | Should -BeLike ('*; contains "{0}..."' -f ('x' * 37))
    }

    It 'a file over the size cap is a probe error, never searched in part' {
        Set-Agent -Length 1048577
        { Invoke-Probe -Override @{ Text = 'Server=' } } | Should -Throw '*is 1048577 bytes, more than the 1048576 bytes contains reads*'
        @($global:RemcFakeState.FileStateTextQueries).Count | Should -Be 0
    }

    It 'a file it cannot read is a probe error with the reason' {
        Set-Agent
        $global:RemcFakeState.FileStateLocked = @('*')
        { Invoke-Probe -Override @{ Text = 'Server=' } } | Should -Throw "cannot read $($script:Cfg): The process cannot access the file*being used by another process*"
    }
}

Describe 'Test-RemcFileState: version' {
    It 'version <Version> against minVersion <Min>: <Word>' -ForEach @(
        @{ Version = '1.2.3.4'; Min = '2.0'; Word = 'lower'; Tail = 'version 1.2.3.4 < 2.0' }
        @{ Version = '2.0.0.0'; Min = '2.0'; Word = 'met'; Tail = 'version 2.0.0.0 >= 2.0' }
        @{ Version = '10.0.19041.3636'; Min = '10.0.19041.1'; Word = 'met'; Tail = 'version 10.0.19041.3636 >= 10.0.19041.1' }
        @{ Version = '2.10.0.0'; Min = '2.9'; Word = 'met'; Tail = 'version 2.10.0.0 >= 2.9' }
        @{ Version = '2.9.65535.0'; Min = '2.10'; Word = 'lower'; Tail = 'version 2.9.65535.0 < 2.10' }
    ) {
        Set-Agent -Path 'C:\Program Files\Contoso\agent.exe' -Version $Version
        $result = Invoke-Probe -Override @{ Path = '%ProgramFiles%\Contoso\agent.exe'; MinVersion = $Min }
        $result.InDesiredState | Should -Be ($Word -eq 'met')
        $result.Summary | Should -BeLike "agent.exe present, written *; $Tail"
        $result.Facts.Version | Should -Be $Version
    }

    It 'compares the numeric parts, never the FileVersion text' {
        Reset-RemcFakeFileState -File @(New-RemcFakeFileStateFile -Path 'C:\Windows\System32\notepad.exe' -Version '10.0.19041.3636' -VersionText '10.0.19041.1 (WinBuild.160101.0800)')
        $result = Invoke-Probe -Override @{ Path = '%SystemRoot%\System32\notepad.exe'; MinVersion = '10.0.19041.3000' }
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeLike '*; version 10.0.19041.3636 >= 10.0.19041.3000'
    }

    It 'a file without version information is a probe error' {
        Set-Agent -Version ''
        { Invoke-Probe -Override @{ MinVersion = '1.0' } } | Should -Throw '*has no version information*'
    }

    It 'says every failed condition, age, text and version, in one summary' {
        Set-Agent -DaysAgo 41 -Version '1.2.3.4' -Text 'Mode=off'
        $result = Invoke-Probe -Override @{ MaxAgeDays = 30; Text = 'Server='; MinVersion = '2.0' }
        $result.Summary | Should -Be 'agent.cfg present, written 2026-10-27 10:00 UTC (41 days ago); older than 30 days (41 days); does not contain "Server="; version 1.2.3.4 < 2.0'
        $result.Facts.Failed | Should -Be @('maxAgeDays', 'contains', 'minVersion')
    }
}

Describe 'Test-RemcFileState: what it cannot read' {
    It 'access denied is a probe error with the reason, not a missing file' {
        Set-Agent
        $global:RemcFakeState.FileStateDenied = @('*')
        { Invoke-Probe } | Should -Throw "cannot read $($script:Cfg): Access to the path*is denied*"
    }

    It 'a folder at the path is a probe error, in either ensure' {
        Set-Agent
        $global:RemcFakeState.FileStateFolder = @('*')
        { Invoke-Probe } | Should -Throw '*is a folder, not a file'
        { Invoke-Probe -Override @{ Ensure = 'absent' } } | Should -Throw '*is a folder, not a file'
    }

    It 'a variable the device does not set is a probe error' {
        Reset-RemcFakeFileState -Environment @{ ProgramData = $null }
        { Invoke-Probe } | Should -Throw '*environment variable ProgramData is not set'
    }

    It 'refuses a hand-made config: <Why>' -ForEach @(
        @{ Why = 'a wildcard'; Override = @{ Path = 'C:\Contoso\*.cfg' }; Message = '*without wildcards*' }
        @{ Why = 'a relative path'; Override = @{ Path = 'Contoso\agent.cfg' }; Message = '*not a full path*' }
        @{ Why = 'an unknown ensure'; Override = @{ Ensure = 'exists' }; Message = "*'present' or 'absent'*" }
        @{ Why = 'an age with absent'; Override = @{ Ensure = 'absent'; MaxAgeDays = 3 }; Message = '*absent takes no condition*' }
        @{ Why = 'a bad version'; Override = @{ MinVersion = 'v2' }; Message = '*MinVersion must be a version*' }
        @{ Why = 'negative days'; Override = @{ MaxAgeDays = -1 }; Message = '*whole number of days*' }
    ) {
        Set-Agent
        { Invoke-Probe -Override $Override } | Should -Throw $Message
    }
}

Describe 'the real seams on real files' {
    BeforeAll {
        $script:Dir = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-file-state-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:Dir
    }
    AfterAll { Remove-Item -LiteralPath $script:Dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'Get-Item gives a FileInfo with the properties and .NET types the fake gives' {
        $path = Join-Path $script:Dir 'agent.cfg'
        Set-Content -LiteralPath $path -Value 'Server=agent.contoso.com' -Encoding ascii
        $real = & $script:RealItem -Path $path
        $fake = ConvertTo-RemcFakeFileStateInfo -Entry (New-RemcFakeFileStateFile -Path 'C:\x\agent.cfg' -Text 'x')
        $real.PSObject.TypeNames[0] | Should -Be 'System.IO.FileInfo'
        $fake.PSObject.TypeNames[0] | Should -Be 'System.IO.FileInfo'
        foreach ($name in @('Name', 'FullName', 'DirectoryName', 'Exists', 'Attributes', 'CreationTimeUtc', 'LastWriteTimeUtc', 'LastWriteTime', 'PSIsContainer', 'Length')) {
            $fake.$name.GetType().FullName | Should -Be $real.$name.GetType().FullName -Because $name
        }
        $real.LastWriteTimeUtc.Kind | Should -Be 'Utc'
        $fake.LastWriteTimeUtc.Kind | Should -Be 'Utc'
        $real.VersionInfo.PSObject.TypeNames[0] | Should -Be 'System.Diagnostics.FileVersionInfo'
        $fake.VersionInfo.PSObject.TypeNames[0] | Should -Be 'System.Diagnostics.FileVersionInfo'
        foreach ($name in @('FileMajorPart', 'FileMinorPart', 'FileBuildPart', 'FilePrivatePart', 'ProductMajorPart')) {
            $fake.VersionInfo.$name.GetType().FullName | Should -Be $real.VersionInfo.$name.GetType().FullName -Because $name
        }
        # A text file has no version resource: every part 0 and no FileVersion text, in both.
        $real.VersionInfo.FileVersion | Should -BeNullOrEmpty
        $fake.VersionInfo.FileVersion | Should -BeNullOrEmpty
        $real.VersionInfo.FileMajorPart | Should -Be 0
    }

    It 'Get-Item of a path that is not there gives nothing; of a folder, a DirectoryInfo' {
        & $script:RealItem -Path (Join-Path $script:Dir 'missing.cfg') | Should -BeNullOrEmpty
        $folder = & $script:RealItem -Path $script:Dir
        $folder.PSIsContainer | Should -BeTrue
        $fake = ConvertTo-RemcFakeFileStateInfo -Entry (New-RemcFakeFileStateFile -Path 'C:\x' -Folder)
        $fake.PSIsContainer | Should -BeTrue
        $fake.PSObject.TypeNames[0] | Should -Be $folder.PSObject.TypeNames[0]
    }

    It 'reads the text in the encoding its byte order mark names, and UTF-8 without one: <Encoding>' -ForEach @(
        @{ Encoding = 'utf-16LE with BOM'; Name = 'Unicode' }
        @{ Encoding = 'utf-16BE with BOM'; Name = 'BigEndianUnicode' }
        @{ Encoding = 'utf-32LE with BOM'; Name = 'UTF32' }
        @{ Encoding = 'utf-8 with BOM'; Name = 'UTF8BOM' }
        @{ Encoding = 'utf-8 without BOM'; Name = 'UTF8' }
    ) {
        $path = Join-Path $script:Dir ('text-{0}.cfg' -f $Name)
        $text = "[agent]`r`nServer=agent.contoso.com`r`nName=Stra" + [char]0x00DF + "e`r`n"
        $encoding = switch ($Name) {
            'UTF8BOM' { New-Object System.Text.UTF8Encoding $true }
            'UTF8' { New-Object System.Text.UTF8Encoding $false }
            default { [System.Text.Encoding]::$Name }
        }
        [System.IO.File]::WriteAllText($path, $text, $encoding)
        $read = & $script:RealText -Path $path
        $read | Should -BeOfType [string]
        $read.Contains('Server=agent.contoso.com') | Should -BeTrue
        $read.Contains('Name=Stra' + [char]0x00DF + 'e') | Should -BeTrue
    }

    It 'reads an empty file as an empty text' {
        $path = Join-Path $script:Dir 'empty.cfg'
        $null = New-Item -ItemType File -Path $path
        & $script:RealText -Path $path | Should -Be ''
    }
}
