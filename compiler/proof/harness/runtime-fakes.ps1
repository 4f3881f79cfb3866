# Fakes of the runtime's own seams (the clock, the host's bitness, who the script runs as), backed by the scenario state.

function Get-RemcFakeUtcNow {
    if ($global:RemcFakeState.Contains('Now') -and $null -ne $global:RemcFakeState.Now) { return [datetime] $global:RemcFakeState.Now }
    [DateTime]::UtcNow
}

function Get-RemcFakeHostBitness {
    # Default: the 64-bit host Intune starts when "Run script in 64-bit PowerShell" is on.
    $process64 = $true
    if ($global:RemcFakeState.Contains('Host32Bit') -and $global:RemcFakeState.Host32Bit) { $process64 = $false }
    @{ Is64BitOS = $true; Is64BitProcess = $process64 }
}

function Get-RemcFakeClock {
    # The real clock, unless a scenario makes every reading ClockStepSeconds later than the one before
    # (slow probes, to reach the probe budget).
    if (-not $global:RemcFakeState.Contains('ClockStepSeconds') -or -not $global:RemcFakeState.ClockStepSeconds) { return [DateTime]::UtcNow }
    $global:RemcFakeState.ClockReadings = [int] $global:RemcFakeState.ClockReadings + 1
    ([datetime] '2026-01-01T00:00:00Z').ToUniversalTime().AddSeconds([double] $global:RemcFakeState.ClockStepSeconds * $global:RemcFakeState.ClockReadings)
}

function Get-RemcFakeIdentity {
    # The account a scenario runs as: $RemcFakeState.Identity, e.g. @{ Sid = 'S-1-5-18'; Name = 'NT AUTHORITY\SYSTEM';
    # IsSystem = $true } (the shape Get-RemcIdentity returns from WindowsIdentity.GetCurrent()). Unset, the
    # account is unknown (IsSystem $null), as on a host that cannot tell, and the script goes on.
    $identity = $global:RemcFakeState.Identity
    if ($null -eq $identity) { return @{ Sid = $null; Name = [string]$env:USERNAME; IsSystem = $null } }
    $identity
}

Set-Alias -Name Get-RemcUtcNow -Value Get-RemcFakeUtcNow
Set-Alias -Name Get-RemcClock -Value Get-RemcFakeClock
Set-Alias -Name Get-RemcHostBitness -Value Get-RemcFakeHostBitness

# ---- programs (compiler/ps/runtime/program.ps1): one fake program stands for whatever path a check declares ----
# Its Process object has the properties the runtime reads, typed as System.Diagnostics.Process has them
# (Learn: "Process Class": Id Int32, HasExited Boolean, ExitCode Int32); the process table has the
# Win32_Process properties it reads (Learn: "Win32_Process class": ProcessId and ParentProcessId UInt32,
# CreationDate DateTime). A program ended by Stop-Process has exit code -1 (Process.Kill's
# TerminateProcess code). Without Reset-RemcFakeProgram, the program is there and exits 0 at once.

function Reset-RemcFakeProgram {
    # -ExitCode: what it exits with; -Hangs: it never exits by itself (it started one child, which
    # started a grandchild); -Unkillable: Stop-Process is refused (access denied); -Missing: the file is not there;
    # -Output / -ErrorOutput: the lines it writes; -Environment: variables besides the usual folders.
    param([int] $ExitCode = 0, [switch] $Hangs, [switch] $Unkillable, [switch] $Missing, [string[]] $Output = @('Ok.'), [string[]] $ErrorOutput = @(), [hashtable] $Environment = @{})
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $variables = @{
        SystemRoot = 'C:\WINDOWS'; windir = 'C:\WINDOWS'; SystemDrive = 'C:'; ProgramData = 'C:\ProgramData'
        ProgramFiles = 'C:\Program Files'; 'ProgramFiles(x86)' = 'C:\Program Files (x86)'; ProgramW6432 = 'C:\Program Files'
        CommonProgramFiles = 'C:\Program Files\Common Files'; 'CommonProgramFiles(x86)' = 'C:\Program Files (x86)\Common Files'; CommonProgramW6432 = 'C:\Program Files\Common Files'
        LOCALAPPDATA = 'C:\Users\alice\AppData\Local'; APPDATA = 'C:\Users\alice\AppData\Roaming'; USERPROFILE = 'C:\Users\alice'
    }
    foreach ($key in $Environment.Keys) { $variables[$key] = $Environment[$key] }
    $global:RemcFakeState.Program = @{
        ExitCode = $ExitCode; Hangs = [bool] $Hangs; Unkillable = [bool] $Unkillable; Missing = [bool] $Missing
        Output = @($Output); ErrorOutput = @($ErrorOutput); Environment = $variables
    }
    $global:RemcFakeState.ProgramCalls = New-Object System.Collections.ArrayList
    $global:RemcFakeState.ProgramStopCalls = New-Object System.Collections.ArrayList
    # The machine's processes: System, and an older process whose parent (long gone) had the id the
    # program gets: never the program's, whatever its ParentProcessId says.
    $at = [datetime] '2026-11-25T12:00:00'
    $global:RemcFakeState.ProgramProcesses = New-Object System.Collections.ArrayList
    $null = $global:RemcFakeState.ProgramProcesses.Add((New-RemcFakeProgramRow -ProcessId 4 -ParentProcessId 0 -CreationDate $at.AddDays(-3) -Name 'System'))
    $null = $global:RemcFakeState.ProgramProcesses.Add((New-RemcFakeProgramRow -ProcessId 3100 -ParentProcessId 4242 -CreationDate $at.AddHours(-5) -Name 'unrelated.exe'))
    $global:RemcFakeState.ProgramFilesLeft = 0
}

function Get-RemcFakeProgram {
    if ($null -eq $global:RemcFakeState -or -not $global:RemcFakeState.Contains('Program')) { Reset-RemcFakeProgram }
    $global:RemcFakeState.Program
}

function Get-RemcFakeProgramVariable {
    param([string] $Name)
    $variables = (Get-RemcFakeProgram).Environment
    foreach ($key in $variables.Keys) { if ($key -eq $Name) { return [string] $variables[$key] } }
    return $null
}

function Test-RemcFakeProgramFile {
    param([string] $Path)
    return (-not (Get-RemcFakeProgram).Missing)
}

function New-RemcFakeProgramFiles {
    $null = Get-RemcFakeProgram
    $global:RemcFakeState.ProgramFilesLeft = [int] $global:RemcFakeState.ProgramFilesLeft + 3
    @{ Input = 'C:\WINDOWS\Temp\remc-program-1.in'; Output = 'C:\WINDOWS\Temp\remc-program-1.out'; Error = 'C:\WINDOWS\Temp\remc-program-1.err' }
}

function Remove-RemcFakeProgramFiles {
    param($Files)
    $global:RemcFakeState.ProgramFilesLeft = [int] $global:RemcFakeState.ProgramFilesLeft - 3
}

function New-RemcFakeProgramRow {
    # One row of the process table, typed as CIM gives Win32_Process's properties.
    param([uint32] $ProcessId, [uint32] $ParentProcessId, [datetime] $CreationDate, [string] $Name)
    [pscustomobject] @{ ProcessId = $ProcessId; ParentProcessId = $ParentProcessId; CreationDate = $CreationDate; Name = $Name }
}

function Start-RemcFakeProgramProcess {
    param([string] $Path, [string] $CommandLine, $Files)
    $program = Get-RemcFakeProgram
    $null = $global:RemcFakeState.ProgramCalls.Add(@{ Path = $Path; CommandLine = $CommandLine; Input = $Files.Input })
    $at = [datetime] '2026-11-25T12:00:00'
    # The program, and when it hangs, the child it started and the grandchild that one started.
    $null = $global:RemcFakeState.ProgramProcesses.Add((New-RemcFakeProgramRow -ProcessId 4242 -ParentProcessId 900 -CreationDate $at -Name (Split-Path -Path $Path -Leaf)))
    if ($program.Hangs) {
        $null = $global:RemcFakeState.ProgramProcesses.Add((New-RemcFakeProgramRow -ProcessId 4300 -ParentProcessId 4242 -CreationDate $at.AddSeconds(1) -Name 'child.exe'))
        $null = $global:RemcFakeState.ProgramProcesses.Add((New-RemcFakeProgramRow -ProcessId 4301 -ParentProcessId 4300 -CreationDate $at.AddSeconds(2) -Name 'grandchild.exe'))
    }
    [pscustomobject] @{ Id = [int] 4242; HasExited = $false; ExitCode = $null; ProcessName = ((Split-Path -Path $Path -Leaf) -replace '\.[^.]*$', '') }
}

function Wait-RemcFakeProgramProcess {
    param($Process, [int] $Seconds)
    $program = Get-RemcFakeProgram
    $alive = @($global:RemcFakeState.ProgramProcesses | Where-Object { [int] $_.ProcessId -eq [int] $Process.Id }).Count -gt 0
    if (-not $program.Hangs -and -not $Process.HasExited) {
        $Process.HasExited = $true
        $Process.ExitCode = [int] $program.ExitCode
        $row = @($global:RemcFakeState.ProgramProcesses | Where-Object { [int] $_.ProcessId -eq [int] $Process.Id })
        foreach ($one in $row) { $global:RemcFakeState.ProgramProcesses.Remove($one) }
    }
    elseif ($program.Hangs -and -not $alive) { $Process.HasExited = $true; $Process.ExitCode = [int] -1 }
    return [bool] $Process.HasExited
}

function Get-RemcFakeProgramExitCode {
    param($Process)
    return [int] $Process.ExitCode
}

function Get-RemcFakeProgramProcessTable {
    @($global:RemcFakeState.ProgramProcesses)
}

function Stop-RemcFakeProgramProcessId {
    param([int] $Id)
    $row = @($global:RemcFakeState.ProgramProcesses | Where-Object { [int] $_.ProcessId -eq $Id })
    if ($row.Count -eq 0) { return $false }
    if ((Get-RemcFakeProgram).Unkillable) { throw ('Cannot stop process "{0} ({1})" because of the following error: Access is denied' -f $row[0].Name, $Id) }
    $global:RemcFakeState.ProgramProcesses.Remove($row[0])
    $null = $global:RemcFakeState.ProgramStopCalls.Add($Id)
    return $true
}

function Read-RemcFakeProgramOutput {
    param([string] $Path, [int] $Tail = 0, [int] $First = 0)
    $program = Get-RemcFakeProgram
    $lines = @($program.Output)
    if ($Path -like '*.err') { $lines = @($program.ErrorOutput) }
    if ($First -gt 0) { return @($lines | Select-Object -First $First) }
    @($lines | Select-Object -Last $Tail)
}

Set-Alias -Name Get-RemcProgramVariable -Value Get-RemcFakeProgramVariable
Set-Alias -Name Test-RemcProgramFile -Value Test-RemcFakeProgramFile
Set-Alias -Name New-RemcProgramFiles -Value New-RemcFakeProgramFiles
Set-Alias -Name Remove-RemcProgramFiles -Value Remove-RemcFakeProgramFiles
Set-Alias -Name Start-RemcProgramProcess -Value Start-RemcFakeProgramProcess
Set-Alias -Name Wait-RemcProgramProcess -Value Wait-RemcFakeProgramProcess
Set-Alias -Name Get-RemcProgramExitCode -Value Get-RemcFakeProgramExitCode
Set-Alias -Name Get-RemcProgramProcessTable -Value Get-RemcFakeProgramProcessTable
Set-Alias -Name Stop-RemcProgramProcessId -Value Stop-RemcFakeProgramProcessId
Set-Alias -Name Read-RemcProgramOutput -Value Read-RemcFakeProgramOutput
Set-Alias -Name Get-RemcIdentity -Value Get-RemcFakeIdentity
