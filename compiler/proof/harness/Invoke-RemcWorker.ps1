<#
.SYNOPSIS
A long-lived pwsh worker for compiler/proof/pool.ts: runs one unit of work at a time, each in a
fresh runspace, so many units pay pwsh's start-up once.
.DESCRIPTION
Reads one JSON unit per line on stdin: { id, file, positional, cwd, steps: [{ named, env }] }. The
unit's script runs as `& $file @named @positional`, once per step, in a new runspace (no functions,
variables, aliases or modules carry over from an earlier unit); its streams are merged in order and split the way pwsh -File splits
them on a console: errors to stderr, everything else formatted to stdout. `exit N` inside a script
called with & ends that script and sets $LASTEXITCODE (it cannot end this process), which is how the
exit code is taken; a script that ends without exit is 0 and a terminating error 1, as with pwsh -File.
The steps (one for a single run; a scenario's detect -> remediate -> detect) run one after another in
the same runspace, and the answer has "results", one per step: what a step's script defines goes with
its scope, and the language mode, the environment and the directory are put back before the next.
The environment is process-wide: the unit's variables are set before it runs and every variable is
put back afterwards, as is the process's current directory. What a runspace cannot undo (types added
with Add-Type, static .NET state) is the limit of the isolation.
After each unit one line is written: "@@remc-pool:<Nonce>:<json>", and on stderr "@@remc-pool:<Nonce>:end:<id>"
(the two pipes are read apart, so the pool waits for both ends before it takes the unit's output). Any
other text on this process's stdout or stderr was written past the runspace (e.g. [Console]::WriteLine)
and belongs to the unit.
#>
param([Parameter(Mandatory = $true)] [string] $Nonce)

$prefix = "@@remc-pool:${Nonce}:"
$runner = {
    param($File, $Named, $Positional, $Cwd)
    # What follows the unit goes through functions: the unit may put this runspace in Constrained Language
    # Mode (a scenario step does), and a function defined before that runs in FullLanguage whenever it is
    # called, where the runner's own statements would not (method calls, [pscustomobject]).
    function Format-RemcError($Record) {
        $activity = $Record.CategoryInfo.Activity
        if ($activity) { return '{0}: {1}' -f $activity, $Record.Exception.Message }
        $Record.Exception.Message
    }
    function Add-RemcUnitOutput($Item) {
        # pwsh's concise error view: "<command>: <message>".
        if ($Item -is [System.Management.Automation.ErrorRecord]) { $null = $script:err.AppendLine((Format-RemcError $Item)) }
        elseif ($Item -is [System.Management.Automation.WarningRecord]) { $null = $script:out.AppendLine('WARNING: ' + $Item.Message) }
        elseif ($Item -is [System.Management.Automation.VerboseRecord]) { $null = $script:out.AppendLine('VERBOSE: ' + $Item.Message) }
        elseif ($Item -is [System.Management.Automation.DebugRecord]) { $null = $script:out.AppendLine('DEBUG: ' + $Item.Message) }
        # Write-Host shows; Write-Information is silent by default, as on the console.
        elseif ($Item -is [System.Management.Automation.InformationRecord]) { if ($Item.Tags -contains 'PSHOST') { $null = $script:out.AppendLine([string] $Item.MessageData) } }
        else { foreach ($line in @($Item | Out-String -Stream)) { $null = $script:out.AppendLine($line) } }
    }
    function Add-RemcUnitError($Record) { $null = $script:err.AppendLine((Format-RemcError $Record)) }
    function Get-RemcUnitResult([int] $Code) { [pscustomobject]@{ stdout = $script:out.ToString(); stderr = $script:err.ToString(); exitCode = $Code } }
    Set-Location -LiteralPath $Cwd
    $script:out = [System.Text.StringBuilder]::new()
    $script:err = [System.Text.StringBuilder]::new()
    # `exit N` sets $LASTEXITCODE; a script that ends without exit leaves the sentinel, and pwsh -File
    # exits 0 then. (One case stays apart: a script that runs a failing native command and then ends
    # without exit reads as exiting with that command's code; the generated scripts always exit.)
    $sentinel = -1999999999
    $global:LASTEXITCODE = $sentinel
    $code = 0
    try {
        & $File @Named @Positional *>&1 | ForEach-Object { Add-RemcUnitOutput $_ }
        $code = if ($global:LASTEXITCODE -eq $sentinel) { 0 } else { $global:LASTEXITCODE }
    } catch {
        Add-RemcUnitError $_
        $code = 1
    }
    Get-RemcUnitResult $code
}

# Every unit uses the two core modules (the scenario harness: Import-Clixml, ConvertTo-Json, Test-Path):
# imported into each new runspace as it opens, while the worker waits, rather than found by command
# discovery and auto-loaded in the middle of the unit (about 100 ms of every scenario step).
$coreModules = [string[]] @('Microsoft.PowerShell.Utility', 'Microsoft.PowerShell.Management')
function New-RemcRunspace {
    $state = [initialsessionstate]::CreateDefault2()
    $state.ImportPSModule($coreModules)
    $r = [runspacefactory]::CreateRunspace($state)
    $r.Open()
    $r
}
# One step of a unit in a runspace: the unit's environment and directory set for it and put back after
# it, and the runspace back in FullLanguage (a step may have put it in Constrained Language Mode; this
# worker's own runspace, which sets it back, never leaves FullLanguage).
function Invoke-RemcStep($Runspace, $File, $Named, $Positional, $Env, [string] $Cwd) {
    $savedEnv = [Environment]::GetEnvironmentVariables()
    $savedDir = [Environment]::CurrentDirectory
    $ps = $null
    try {
        foreach ($key in @($Env.Keys)) { [Environment]::SetEnvironmentVariable($key, $Env[$key]) }
        [Environment]::CurrentDirectory = $Cwd
        $ps = [powershell]::Create($Runspace)
        $splat = @{}
        foreach ($key in @($Named.Keys)) { $splat[$key] = $Named[$key] }
        $null = $ps.AddScript($runner.ToString()).AddArgument($File).AddArgument($splat).AddArgument([object[]] @($Positional)).AddArgument($Cwd)
        $sw=[Diagnostics.Stopwatch]::StartNew(); $got = @($ps.Invoke()); [IO.File]::AppendAllText('/tmp/exp/timing.log', "invoke $($sw.Elapsed.TotalMilliseconds)`n")
        if ($got.Count -ne 1) { throw "the runner returned $($got.Count) results" }
        [ordered]@{ stdout = $got[0].stdout; stderr = $got[0].stderr; exitCode = $got[0].exitCode }
    } catch {
        [ordered]@{ stdout = ''; stderr = ($_ | Out-String); exitCode = 1 }
    } finally {
        if ($null -ne $ps) { $ps.Dispose() }
        $Runspace.SessionStateProxy.LanguageMode = [System.Management.Automation.PSLanguageMode]::FullLanguage
        $now = [Environment]::GetEnvironmentVariables()
        foreach ($key in @($now.Keys)) { if (-not $savedEnv.Contains($key)) { [Environment]::SetEnvironmentVariable($key, $null) } }
        foreach ($key in @($savedEnv.Keys)) { if ($now[$key] -ne $savedEnv[$key]) { [Environment]::SetEnvironmentVariable($key, $savedEnv[$key]) } }
        [Environment]::CurrentDirectory = $savedDir
    }
}

# The next unit's runspace is opened while the worker waits for it.
$next = New-RemcRunspace
[Console]::Out.WriteLine($prefix + '{"ready":true}')
[Console]::Out.Flush()
while ($true) {
    $line = [Console]::In.ReadLine()
    if ($null -eq $line) { break }
    # -DateKind String: a date-like argument (the scenario clock) must reach the script as the text sent.
    $unit = $line | ConvertFrom-Json -AsHashtable -DateKind String
    $result = [ordered]@{ id = $unit.id }
    $runspace = $next
    $next = $null
    try {
        # The unit's script once per step (a scenario's detect -> remediate -> detect; one step for a
        # single run), one after another in this one runspace: what a step defines goes with its
        # script's scope, and what it leaves in the process (its environment, the directory, the
        # language mode) is put back before the next.
        $result.results = @(foreach ($step in $unit.steps) { Invoke-RemcStep $runspace $unit.file $step.named $unit.positional $step.env $unit.cwd })
    } finally {
        $runspace.Dispose()
    }
    [Console]::Out.WriteLine($prefix + (ConvertTo-Json -InputObject $result -Compress -Depth 4))
    [Console]::Out.Flush()
    [Console]::Error.WriteLine($prefix + 'end:' + $unit.id)
    [Console]::Error.Flush()
    $next = New-RemcRunspace
}
