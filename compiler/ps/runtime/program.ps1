# Programs run as probes and fixes (templates command-probe and command-fix): one way to start a program
# with its arguments as data, wait for it no longer than a limit, end what it started when the limit
# passes, and read the last lines of its output. A script carries these functions only when one of those
# templates calls them.
#
# Constrained Language Mode (AppLocker, WDAC) refuses New-Object System.Diagnostics.Process, the static
# [System.Diagnostics.Process]::Start and every method of a Process object (WaitForExit, Kill); it
# allows cmdlets and reading properties. So the program is started with Start-Process (-PassThru: a
# Process object; its HasExited and ExitCode are read, never a method), waited for with Wait-Process
# -Timeout, and the process tree is ended with Stop-Process on ids read from CIM Win32_Process. A Job
# Object would end the tree in one call, but needs Add-Type, which that mode refuses.

function ConvertTo-RemcProgramArgument {
    # One argument, quoted so that CommandLineToArgvW and the Microsoft C runtime read it back exactly
    # (Learn: "Parsing C++ command-line arguments"): as it is when it holds no space, tab, line break or
    # double quote and is not empty; else in double quotes, with each double quote written \" and the
    # backslashes before a double quote (also the closing one) doubled. Other backslashes stay single.
    param([string] $Text)
    if ($Text.Length -gt 0 -and $Text -notmatch '[\s"]') { return $Text }
    $out = '"'
    $slashes = 0
    foreach ($ch in $Text.ToCharArray()) {
        if ($ch -eq '\') { $slashes++; continue }
        if ($ch -eq '"') { $out += ('\' * (2 * $slashes + 1)) + '"' }
        else { $out += ('\' * $slashes) + $ch }
        $slashes = 0
    }
    return $out + ('\' * (2 * $slashes)) + '"'
}

function ConvertTo-RemcProgramCommandLine {
    # The arguments after the program's name, each quoted on its own and separated by one space.
    param([string[]] $Arguments = @())
    $quoted = @(@($Arguments) | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-RemcProgramArgument -Text $_ })
    return ($quoted -join ' ')
}

function Resolve-RemcProgramPath {
    # The declared path with its leading %VARIABLE% (the compiler allows only that one, and only the
    # machine's and the user's known folders) replaced from this process's environment; it must then be
    # a full path on a drive. Throws when the variable is not set or the result is not a full path.
    param([string] $Path)
    $found = [regex]::Match($Path, '^%([^%]+)%(.*)$')
    if (-not $found.Success) { $full = $Path }
    else {
        $value = Get-RemcProgramVariable -Name $found.Groups[1].Value
        if ([string]::IsNullOrEmpty($value)) { throw ('%{0}% is not set on this device, so {1} cannot be found' -f $found.Groups[1].Value, $Path) }
        $full = $value.TrimEnd('\') + $found.Groups[2].Value
    }
    if ($full -notmatch '^[A-Za-z]:\\') { throw ('{0} is not a full path on this device ({1})' -f $Path, $full) }
    return $full
}

function Format-RemcProgramExitCode {
    # '0', '3010 (restart required)', '-2147024891 (0x80070005)': an HRESULT is read in hexadecimal.
    param([int] $Code)
    if ($Code -eq 3010) { return '3010 (restart required)' }
    if ($Code -eq 1641) { return '1641 (restart started)' }
    if ($Code -lt 0 -or $Code -gt 65535) { return ('{0} (0x{1:X8})' -f $Code, $Code) }
    return [string] $Code
}

function Format-RemcProgramOutput {
    # Lines of a program's output as one short line: NULs (UTF-16 text read as ANSI) dropped, spaces
    # collapsed, the lines joined by ' / ', and only the last MaxLength characters kept.
    param($Lines, [int] $MaxLength = 160)
    $kept = @(@($Lines) | ForEach-Object { ((([string] $_) -replace "`0", '') -replace '\s+', ' ').Trim() } | Where-Object { $_ -ne '' })
    $text = $kept -join ' / '
    if ($text.Length -gt $MaxLength) { $text = '...' + $text.Substring($text.Length - $MaxLength + 3) }
    return $text
}

function Format-RemcProgramRun {
    # What a run said, for a summary: '; output: ...; errors: ...' (each part only when there is text).
    param($Run)
    $text = ''
    if ($Run.Output -ne '') { $text += ('; output: {0}' -f $Run.Output) }
    if ($Run.ErrorOutput -ne '') { $text += ('; errors: {0}' -f $Run.ErrorOutput) }
    return $text
}

function Assert-RemcProgramRan {
    # Throws, as one line, when the program did not run to its end: not there, or ended at its limit.
    param($Run, [int] $TimeoutSeconds)
    $name = Split-Path -Path $Run.Path -Leaf
    if (-not $Run.Found) { throw ('{0} not found: {1}' -f $name, $Run.Path) }
    if (-not $Run.TimedOut) { return }
    $text = '{0} still running after {1} s: ended it' -f $name, $TimeoutSeconds
    if ($Run.Ended -gt 1) { $text += (' and the {0} processes it started' -f ($Run.Ended - 1)) }
    if ($Run.Failed -gt 0) { $text = '{0} still running after {1} s; {2} of its processes could not be ended' -f $name, $TimeoutSeconds, $Run.Failed }
    throw ($text + (Format-RemcProgramRun -Run $Run))
}

function Stop-RemcProgramTree {
    # Ends a program that outlived its limit and every process it started (and they started), newest
    # generation last: the program first, so it starts nothing more. A process counts as started by
    # it only when its ParentProcessId names it and it was created after it (a parent id alone may be
    # a reused one). A process whose parent exited earlier is linked to nothing any more and is not
    # found. Returns @{ Ended; Failed; Exited }: Exited is whether the program is gone after.
    param($Process)
    $table = @(Get-RemcProgramProcessTable)
    $root = @($table | Where-Object { [int] $_.ProcessId -eq [int] $Process.Id })
    $tree = @([int] $Process.Id)
    if ($root.Count -gt 0) {
        $parents = @($root[0])
        while ($parents.Count -gt 0 -and $tree.Count -lt 256) {
            $children = @()
            foreach ($parent in $parents) {
                $children += @($table | Where-Object { [int] $_.ParentProcessId -eq [int] $parent.ProcessId -and $_.CreationDate -ge $parent.CreationDate -and $tree -notcontains [int] $_.ProcessId })
            }
            $tree += @($children | ForEach-Object { [int] $_.ProcessId })
            $parents = $children
        }
    }
    $ended = 0; $failed = 0
    foreach ($id in $tree) {
        try { if (Stop-RemcProgramProcessId -Id $id) { $ended++ } } catch { $failed++ }
    }
    $exited = Wait-RemcProgramProcess -Process $Process -Seconds 5
    return @{ Ended = $ended; Failed = $failed; Exited = $exited }
}

function Invoke-RemcProgram {
    # Runs the program once with its arguments as data, its standard input empty (a prompt reads the end
    # of input instead of waiting) and its output in files that are removed afterwards; waits at most
    # TimeoutSeconds, then ends its process tree. Returns @{ Found; Path; TimedOut; ExitCode; Output;
    # ErrorOutput; Text; Ended; Failed }: Output and ErrorOutput are the last lines as one line, Text the
    # first MaxLines lines of the output (for a probe that matches it). Found is $false, and nothing
    # ran, when the program is not there.
    param([string] $Path, [string[]] $Arguments = @(), [int] $TimeoutSeconds, [int] $MaxLines = 0)
    $full = Resolve-RemcProgramPath -Path $Path
    $run = @{ Found = $false; Path = $full; TimedOut = $false; ExitCode = $null; Output = ''; ErrorOutput = ''; Text = ''; Ended = 0; Failed = 0 }
    if (-not (Test-RemcProgramFile -Path $full)) { return $run }
    $run.Found = $true
    $files = New-RemcProgramFiles
    try {
        $process = Start-RemcProgramProcess -Path $full -CommandLine (ConvertTo-RemcProgramCommandLine -Arguments $Arguments) -Files $files
        if (-not (Wait-RemcProgramProcess -Process $process -Seconds $TimeoutSeconds)) {
            $run.TimedOut = $true
            $stopped = Stop-RemcProgramTree -Process $process
            $run.Ended = $stopped.Ended
            $run.Failed = $stopped.Failed
        }
        else {
            $run.ExitCode = Get-RemcProgramExitCode -Process $process
        }
        $run.Output = Format-RemcProgramOutput -Lines (Read-RemcProgramOutput -Path $files.Output -Tail 3)
        $run.ErrorOutput = Format-RemcProgramOutput -Lines (Read-RemcProgramOutput -Path $files.Error -Tail 3)
        if ($MaxLines -gt 0) { $run.Text = @(Read-RemcProgramOutput -Path $files.Output -First $MaxLines) -join "`n" }
    }
    finally {
        Remove-RemcProgramFiles -Files $files
    }
    return $run
}

# ---- seams: each a thin wrapper of one cmdlet; the scenario fakes replace them (runtime-fakes.ps1) ----

function Get-RemcProgramVariable {
    # The value of one environment variable of this process (the Env: drive), or $null when it is not set.
    param([string] $Name)
    $item = Get-Item -LiteralPath ('Env:' + $Name) -ErrorAction SilentlyContinue
    if ($null -eq $item) { return $null }
    return [string] $item.Value
}

function Test-RemcProgramFile {
    # Whether the program file exists (a file, not a folder).
    param([string] $Path)
    return [bool] (Test-Path -LiteralPath $Path -PathType Leaf)
}

function New-RemcProgramFiles {
    # Three new files in this account's temporary folder: the program's empty standard input, and where
    # its standard output and standard error go. SYSTEM's TEMP is %SystemRoot%\Temp.
    $folder = $env:TEMP
    if ([string]::IsNullOrEmpty($folder)) { $folder = Join-Path -Path $env:SystemRoot -ChildPath 'Temp' }
    $stem = Join-Path -Path $folder -ChildPath ('remc-program-' + (New-Guid).Guid)
    $files = @{ Input = $stem + '.in'; Output = $stem + '.out'; Error = $stem + '.err' }
    $null = New-Item -ItemType File -Path $files.Input -Force -ErrorAction Stop
    return $files
}

function Remove-RemcProgramFiles {
    param($Files)
    foreach ($file in @($Files.Input, $Files.Output, $Files.Error)) { Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue }
}

function Start-RemcProgramProcess {
    # Starts the program (CreateProcess, no shell: redirecting makes Start-Process do so) in its own
    # folder, with CommandLine as its arguments (one string: Start-Process joins an array with spaces
    # and quotes nothing). Returns the System.Diagnostics.Process. Reading its Handle keeps the process
    # handle open, without which ExitCode is empty after Wait-Process (Learn: Process.ExitCode).
    param([string] $Path, [string] $CommandLine, $Files)
    $start = @{
        FilePath = $Path
        WorkingDirectory = (Split-Path -Path $Path -Parent)
        NoNewWindow = $true
        PassThru = $true
        RedirectStandardInput = $Files.Input
        RedirectStandardOutput = $Files.Output
        RedirectStandardError = $Files.Error
        ErrorAction = 'Stop'
    }
    if ($CommandLine -ne '') { $start.ArgumentList = $CommandLine }
    $process = Start-Process @start
    $null = $process.Handle
    return $process
}

function Wait-RemcProgramProcess {
    # Waits at most Seconds for the process to exit; $true when it has.
    param($Process, [int] $Seconds)
    if ($Seconds -lt 1) { $Seconds = 1 }
    Wait-Process -InputObject $Process -Timeout $Seconds -ErrorAction SilentlyContinue
    return [bool] $Process.HasExited
}

function Get-RemcProgramExitCode {
    # The exit code of a process that has exited (Process.ExitCode, an Int32).
    param($Process)
    $code = $Process.ExitCode
    if ($null -eq $code) { throw 'the program exited, but Windows gave no exit code' }
    return [int] $code
}

function Get-RemcProgramProcessTable {
    # Every process's ProcessId, ParentProcessId (UInt32) and CreationDate (DateTime), from CIM
    # (Learn: "Win32_Process class").
    @(Get-CimInstance -ClassName Win32_Process -Property ProcessId, ParentProcessId, CreationDate -OperationTimeoutSec 30 -ErrorAction Stop)
}

function Stop-RemcProgramProcessId {
    # Ends one process; $false when it had exited already, throws when it cannot be ended.
    param([int] $Id)
    try { Stop-Process -Id $Id -Force -ErrorAction Stop }
    catch [Microsoft.PowerShell.Commands.ProcessCommandException] { return $false }
    return $true
}

function Read-RemcProgramOutput {
    # The last Tail lines, or the first First lines, of an output file (none when it is empty or gone).
    param([string] $Path, [int] $Tail = 0, [int] $First = 0)
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) { return }
    if ($First -gt 0) { Get-Content -LiteralPath $Path -TotalCount $First -ErrorAction SilentlyContinue; return }
    Get-Content -LiteralPath $Path -Tail $Tail -ErrorAction SilentlyContinue
}
