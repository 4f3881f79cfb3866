# Pester 5 tests of command-probe's probe against the fake program (compiler/proof/harness/runtime-fakes.ps1),
# and of the runtime's program functions (compiler/ps/runtime/program.ps1) it shares with command-fix:
# the quoting against a real command-line parser, and the real seams on this host's own processes, in
# FullLanguage and in Constrained Language Mode.

BeforeAll {
    $script:Runtime = Join-Path $PSScriptRoot '../../compiler/ps/runtime'
    . (Join-Path $script:Runtime 'common.ps1')
    . (Join-Path $script:Runtime 'program.ps1')
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/runtime-fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    function New-TestConfig {
        # The compiler's defaults (from the spec), with DISM's health check as the program.
        param([hashtable] $Override = @{})
        $values = @{ Path = '%SystemRoot%\System32\Dism.exe'; Arguments = @('/Online', '/Cleanup-Image', '/CheckHealth'); TimeoutSeconds = 90 }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'command-probe' -Override $values
    }

    function Invoke-Probe {
        param([hashtable] $Override = @{})
        Test-RemcCommandProbe -Config (New-TestConfig -Override $Override) -Context (New-RemcTestContext -Mode 'detect')
    }

    # Real seams, called past the fakes' aliases.
    function Invoke-Real {
        param([string] $Name, [hashtable] $Arguments = @{})
        $seam = (Get-Item -LiteralPath ('function:' + $Name)).ScriptBlock
        & $seam @Arguments
    }
}

Describe 'command-probe emitted files' {
    It '<File> parses, is ASCII, defines only Remc functions and uses Windows PowerShell 5.1 syntax' -ForEach @(
        @{ File = 'templates/command-probe/probe.ps1' }, @{ File = 'templates/command-fix/probe.ps1' }, @{ File = 'templates/command-fix/fix.ps1' }, @{ File = 'compiler/ps/runtime/program.ps1' }
    ) {
        Get-RemcScriptViolation -Path (Join-Path $PSScriptRoot "../../$File") | Should -BeNullOrEmpty
    }

    It 'never calls a method of a Process, New-Object or a static method of Process (refused in Constrained Language Mode)' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $script:Runtime 'program.ps1'), [ref] $null, [ref] $null)
        $calls = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.InvokeMemberExpressionAst] }, $true) | ForEach-Object { $_.Member.Extent.Text })
        @($calls | Where-Object { @('WaitForExit', 'Kill', 'Start', 'Refresh', 'Close', 'Dispose') -contains $_ }) | Should -BeNullOrEmpty
        $commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() })
        $commands | Should -Not -Contain 'New-Object'
        $commands | Should -Not -Contain 'Add-Type'
        $commands | Should -Not -Contain 'Invoke-Expression'
        $commands | Should -Not -Contain 'cmd.exe'
    }
}

Describe 'ConvertTo-RemcProgramArgument' {
    It 'quotes <Text> as <Expected>' -ForEach @(
        @{ Text = 'winsock'; Expected = 'winsock' }
        @{ Text = '/fa'; Expected = '/fa' }
        @{ Text = '{90160000-008C-0000-1000-0000000FF1CE}'; Expected = '{90160000-008C-0000-1000-0000000FF1CE}' }
        @{ Text = ''; Expected = '""' }
        @{ Text = 'two words'; Expected = '"two words"' }
        @{ Text = 'tab	in'; Expected = '"tab	in"' }
        @{ Text = 'say "hi"'; Expected = '"say \"hi\""' }
        @{ Text = 'C:\Program Files\'; Expected = '"C:\Program Files\\"' }
        @{ Text = 'a\\"b'; Expected = '"a\\\\\"b"' }
        @{ Text = 'C:\no\space'; Expected = 'C:\no\space' }
        @{ Text = 'trailing\'; Expected = 'trailing\' }
        @{ Text = '&|<>^%'; Expected = '&|<>^%' }
    ) {
        ConvertTo-RemcProgramArgument -Text $Text | Should -BeExactly $Expected
    }

    It 'joins arguments with one space' {
        ConvertTo-RemcProgramCommandLine -Arguments @('/fa', '{GUID}', '/qn') | Should -BeExactly '/fa {GUID} /qn'
        ConvertTo-RemcProgramCommandLine -Arguments @() | Should -BeExactly ''
    }

    # .NET on Linux and macOS splits ProcessStartInfo.Arguments by the Windows rules (CommandLineToArgvW,
    # Learn: "Parsing C++ command-line arguments"; ParseArgumentsIntoList in dotnet/runtime): a parser
    # that is not ours reads back each argument exactly.
    It 'is read back exactly by a Windows-rules parser: <Name>' -Skip:($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') -ForEach @(
        @{ Name = 'plain'; Arguments = @('winsock', 'reset') }
        @{ Name = 'spaces and empties'; Arguments = @('a b', '', ' ', 'c') }
        @{ Name = 'quotes'; Arguments = @('"', '""', 'say "hi"', '"quoted"') }
        @{ Name = 'backslashes'; Arguments = @('C:\Program Files\', 'a\\"b', '\\', 'x\"', '\\server\share\', 'end\\') }
        @{ Name = 'shell characters'; Arguments = @('&', '|', '%PATH%', '^', '$(x)', ';', '`') }
    ) {
        $out = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-argv-' + (New-Guid).Guid)
        try {
            $line = ConvertTo-RemcProgramCommandLine -Arguments (@('%s|') + $Arguments)
            $null = Start-Process -FilePath '/usr/bin/printf' -ArgumentList $line -NoNewWindow -Wait -RedirectStandardOutput $out
            # PowerShell on Linux copies a redirected output into its file as events, which may land
            # after the process has exited (Windows hands the program the file itself).
            for ($i = 0; $i -lt 50 -and -not (Get-Content -LiteralPath $out -Raw); $i++) { Start-Sleep -Milliseconds 100 }
            ([string] (Get-Content -LiteralPath $out -Raw)).TrimEnd("`n") | Should -BeExactly ((@($Arguments) | ForEach-Object { $_ + '|' }) -join '')
        }
        finally { Remove-Item -LiteralPath $out -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'Resolve-RemcProgramPath and the formats' {
    BeforeEach { Reset-RemcFakeProgram }

    It 'expands the leading variable: <Path>' -ForEach @(
        @{ Path = '%SystemRoot%\System32\netsh.exe'; Expected = 'C:\WINDOWS\System32\netsh.exe' }
        @{ Path = '%ProgramFiles(x86)%\Vendor\tool.exe'; Expected = 'C:\Program Files (x86)\Vendor\tool.exe' }
        @{ Path = '%systemroot%\System32\netsh.exe'; Expected = 'C:\WINDOWS\System32\netsh.exe' }
        @{ Path = 'D:\Tools\x.exe'; Expected = 'D:\Tools\x.exe' }
    ) {
        Resolve-RemcProgramPath -Path $Path | Should -BeExactly $Expected
    }

    It 'throws when the variable is not set, or the result is not a full path' {
        Reset-RemcFakeProgram -Environment @{ ProgramData = '' }
        { Resolve-RemcProgramPath -Path '%ProgramData%\Vendor\x.exe' } | Should -Throw -ExpectedMessage '%ProgramData% is not set on this device, so %ProgramData%\Vendor\x.exe cannot be found'
        Reset-RemcFakeProgram -Environment @{ ProgramData = 'Vendor' }
        { Resolve-RemcProgramPath -Path '%ProgramData%\x.exe' } | Should -Throw -ExpectedMessage '*is not a full path on this device (Vendor\x.exe)'
    }

    It 'says exit code <Code> as <Text>' -ForEach @(
        @{ Code = 0; Text = '0' }, @{ Code = 1603; Text = '1603' }, @{ Code = 3010; Text = '3010 (restart required)' }
        @{ Code = 1641; Text = '1641 (restart started)' }, @{ Code = -2147024891; Text = '-2147024891 (0x80070005)' }, @{ Code = -1; Text = '-1 (0xFFFFFFFF)' }
    ) {
        Format-RemcProgramExitCode -Code $Code | Should -BeExactly $Text
    }

    It 'makes output one short line: NULs dropped, blank lines skipped, the end kept' {
        Format-RemcProgramOutput -Lines @("O`0k`0.", '', '  two   spaces ') | Should -BeExactly 'Ok. / two spaces'
        $long = Format-RemcProgramOutput -Lines @(('x' * 300) + 'END')
        $long.Length | Should -Be 160
        $long | Should -BeLike '...*xEND'
    }
}

Describe 'Test-RemcCommandProbe' {
    It 'returns one hashtable with only protocol keys' {
        Reset-RemcFakeProgram
        $result = @(Invoke-Probe)
        $result.Count | Should -Be 1
        @($result[0].Keys | Sort-Object) | Should -Be @('Facts', 'InDesiredState', 'Summary')
    }

    It 'runs the declared program with its arguments quoted, once, and removes its files' {
        Reset-RemcFakeProgram
        $null = Invoke-Probe -Override @{ Arguments = @('/Online', 'two words') }
        $global:RemcFakeState.ProgramCalls.Count | Should -Be 1
        $global:RemcFakeState.ProgramCalls[0].Path | Should -BeExactly 'C:\WINDOWS\System32\Dism.exe'
        $global:RemcFakeState.ProgramCalls[0].CommandLine | Should -BeExactly '/Online "two words"'
        $global:RemcFakeState.ProgramFilesLeft | Should -Be 0
    }

    It 'is in desired state on exit 0, saying the last output' {
        Reset-RemcFakeProgram -Output @('No component store corruption detected.', 'The operation completed successfully.')
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Dism.exe exited 0; output: No component store corruption detected. / The operation completed successfully.'
        $result.Facts.ExitCode | Should -BeOfType [int]
    }

    It 'drifts on an exit code that is not desired, saying the errors' {
        Reset-RemcFakeProgram -ExitCode 87 -Output @() -ErrorOutput @('Error: 87')
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'Dism.exe exited 87, not 0; errors: Error: 87'
    }

    It 'takes the declared desired codes' {
        Reset-RemcFakeProgram -ExitCode 3010
        (Invoke-Probe -Override @{ DesiredExitCodes = @(0, 3010) }).InDesiredState | Should -BeTrue
    }

    It 'matches the output when asked (case-insensitive), and drifts when it does not match' {
        Reset-RemcFakeProgram -Output @('No component store corruption detected.')
        (Invoke-Probe -Override @{ OutputMatches = 'no COMPONENT store corruption' }).InDesiredState | Should -BeTrue
        $result = Invoke-Probe -Override @{ OutputMatches = 'repairable' }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'Dism.exe exited 0, output does not match; output: No component store corruption detected.'
    }

    It 'is a probe error, never desired, when the program <Case>' -ForEach @(
        @{ Case = 'is not there'; Setup = @{ Missing = $true }; Message = 'Dism.exe not found: C:\WINDOWS\System32\Dism.exe' }
        @{ Case = 'hangs'; Setup = @{ Hangs = $true; Output = @('Scanning') }; Message = 'Dism.exe still running after 90 s: ended it and the 2 processes it started; output: Scanning' }
        @{ Case = 'hangs and cannot be ended'; Setup = @{ Hangs = $true; Unkillable = $true; Output = @() }; Message = 'Dism.exe still running after 90 s; 3 of its processes could not be ended' }
    ) {
        Reset-RemcFakeProgram @Setup
        { Invoke-Probe } | Should -Throw -ExpectedMessage $Message
        $global:RemcFakeState.ProgramFilesLeft | Should -Be 0
    }

    It 'ends the program first, then what it started, never an older process whose parent id was reused' {
        Reset-RemcFakeProgram -Hangs
        { Invoke-Probe } | Should -Throw
        @($global:RemcFakeState.ProgramStopCalls) | Should -Be @(4242, 4300, 4301)
    }

    It 'says so when the pattern is not a .NET regular expression' {
        Reset-RemcFakeProgram
        { Invoke-Probe -Override @{ OutputMatches = '([' } } | Should -Throw -ExpectedMessage 'outputMatches is not a .NET regular expression: `(`['
    }
}

Describe 'the runtime''s program functions on this host, in <Mode>' -Skip:($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') -ForEach @(@{ Mode = 'FullLanguage' }, @{ Mode = 'ConstrainedLanguage' }) {
    # AppLocker and WDAC run unsigned scripts in Constrained Language Mode. A child PowerShell (this
    # one's executable) switches to the mode first, then loads the runtime (functions keep the mode they
    # were defined in), and runs the real seams and Invoke-RemcProgram on a stand-in program: a shell
    # script that reads its input, prints, writes an error line, and exits a second later (PowerShell on
    # Linux copies redirected output into its file as events, which must land before the exit) or hangs. Two seams are
    # replaced, by functions defined in the same mode: the path check (it takes Windows paths only) and
    # the process table (CIM is Windows only), which then lists the program alone.
    BeforeAll {
        $script:Dir = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-program-' + (New-Guid).Guid)
        $null = New-Item -ItemType Directory -Path $script:Dir
        $script:Tool = Join-Path $script:Dir 'tool'
        [System.IO.File]::WriteAllText($script:Tool, "#!/bin/sh`nread answer`necho ""asked: `$answer.""`necho line2`necho oops 1>&2`nif [ ""`$1"" = hang ]; then sleep 60; fi`nsleep 1`nexit `${1:-0}`n")
        & chmod +x $script:Tool
        $script:Child = Join-Path $script:Dir 'run.ps1'
        Set-Content -LiteralPath $script:Child -Encoding ascii -Value @'
param([string] $Runtime, [string] $Tool, [string] $Mode, [string] $Temp)
$ErrorActionPreference = 'Stop'
$ExecutionContext.SessionState.LanguageMode = $Mode
$env:TEMP = $Temp
. (Join-Path $Runtime 'common.ps1')
. (Join-Path $Runtime 'program.ps1')
$out = @{ Mode = [string] $ExecutionContext.SessionState.LanguageMode }
function Step {
    param([string] $Name, [scriptblock] $Body)
    try { $out[$Name] = & $Body }
    catch { $out[$Name] = 'ERROR: ' + [string] $_.Exception.Message }
}
Step 'Quote' { ConvertTo-RemcProgramCommandLine -Arguments @('a b', 'say "hi"', 'C:\x\') }
Step 'Variable' { $env:REMC_PROGRAM_CLM = 'C:\Clm'; '{0}|{1}' -f (Get-RemcProgramVariable -Name 'REMC_PROGRAM_CLM'), ($null -eq (Get-RemcProgramVariable -Name 'REMC_SURELY_UNDEFINED')) }
Step 'Resolve' { Resolve-RemcProgramPath -Path '%REMC_PROGRAM_CLM%\tool.exe' }
Step 'File' { '{0} {1}' -f (Test-RemcProgramFile -Path $Tool), (Test-RemcProgramFile -Path $Temp) }
function Resolve-RemcProgramPath { param([string] $Path) $Path }
function Get-RemcProgramProcessTable { @(@{ ProcessId = [uint32] $script:Root; ParentProcessId = [uint32] 1; CreationDate = [datetime]::UtcNow }) }
Step 'Exits' { $run = Invoke-RemcProgram -Path $Tool -Arguments @('7') -TimeoutSeconds 30 -MaxLines 10; '{0}|{1}|{2}|{3}|{4}' -f $run.ExitCode, $run.TimedOut, $run.Output, $run.ErrorOutput, ($run.Text -replace "`n", '/') }
Step 'Hangs' {
    $files = New-RemcProgramFiles
    $process = Start-RemcProgramProcess -Path $Tool -CommandLine 'hang' -Files $files
    $script:Root = $process.Id
    $waited = Wait-RemcProgramProcess -Process $process -Seconds 1
    $stopped = Stop-RemcProgramTree -Process $process
    $again = Stop-RemcProgramProcessId -Id $process.Id
    Remove-RemcProgramFiles -Files $files
    '{0}|{1}|{2}|{3}|{4}' -f $waited, $stopped.Ended, $stopped.Failed, $stopped.Exited, $again
}
Step 'Left' { @(Get-ChildItem -LiteralPath $Temp -Filter 'remc-program-*').Count }
$out | ConvertTo-Json -Compress
'@
        $script:Temp = Join-Path $script:Dir 'temp'
        $null = New-Item -ItemType Directory -Path $script:Temp
        # This PowerShell again (through dotnet when it runs as pwsh.dll).
        $shell = (Get-Process -Id $PID).Path
        $prefix = @()
        if ((Split-Path -Path $shell -Leaf) -like 'dotnet*') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        $script:Output = @(& $shell @prefix -NoProfile -NonInteractive -File $script:Child -Runtime $script:Runtime -Tool $script:Tool -Mode $Mode -Temp $script:Temp 2>&1) -join "`n"
        $script:Result = $null
        try { $script:Result = $script:Output | ConvertFrom-Json } catch { $script:Result = $null }
    }
    AfterAll { Remove-Item -LiteralPath $script:Dir -Recurse -Force }

    It 'runs in that mode' { $script:Result.Mode | Should -BeExactly $Mode -Because $script:Output }
    It 'quotes arguments' { $script:Result.Quote | Should -BeExactly '"a b" "say \"hi\"" C:\x\' }
    It 'reads environment variables and resolves a path' {
        $script:Result.Variable | Should -BeExactly 'C:\Clm|True'
        $script:Result.Resolve | Should -BeExactly 'C:\Clm\tool.exe'
    }
    It 'tells a program file from a folder' { $script:Result.File | Should -BeExactly 'True False' }
    It 'runs a program with empty input to its exit code, with the last lines of both outputs and the first of its output' {
        $script:Result.Exits | Should -BeExactly '7|False|asked: . / line2|oops|asked: ./line2'
    }
    It 'waits no longer than the limit, ends the program, which then has exited' { $script:Result.Hangs | Should -BeExactly 'False|1|0|True|False' }
    It 'leaves none of its files behind' { $script:Result.Left | Should -Be 0 }
}
