# path-cleanup seams: the only calls that touch Windows. Each is a thin wrapper of one .NET or cmdlet
# call, so the fakes (fakes.ps1) can be exactly as true as the real call; the logic lives in probe.ps1
# and fix.ps1. Errors of .NET calls arrive wrapped (MethodInvocationException, enumeration errors):
# Get-RemcPathCleanupException unwraps them so callers see the IOException / UnauthorizedAccessException
# and its message, as .NET wrote it.

function Get-RemcPathCleanupException {
    param($ErrorRecord)
    # PowerShell wraps .NET exceptions (MethodInvocationException, "An error occurred while enumerating
    # through a collection"); the innermost one names the file and the reason.
    $exception = $ErrorRecord
    if ($ErrorRecord -is [System.Management.Automation.ErrorRecord]) { $exception = $ErrorRecord.Exception }
    $depth = 0
    while ($null -ne $exception.InnerException -and $depth -lt 8 -and ($exception -is [System.Management.Automation.RuntimeException] -or $exception -is [System.Reflection.TargetInvocationException])) {
        $exception = $exception.InnerException
        $depth++
    }
    return $exception
}

function Expand-RemcPathCleanupVariable {
    param([string] $Text)
    # %NAME% replaced from this process's environment; an undefined variable stays as written.
    return [System.Environment]::ExpandEnvironmentVariables($Text)
}

function Get-RemcPathCleanupIdentity {
    # Who runs the script: SYSTEM stops processes in every session, a user only in its own.
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $session = [System.Diagnostics.Process]::GetCurrentProcess().SessionId
    return @{ IsSystem = [bool]$identity.IsSystem; SessionId = [int]$session }
}

function Get-RemcPathCleanupItem {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Get-RemcPathCleanupItem: Path is empty' }
    # A DirectoryInfo or FileInfo of the path itself (a link's own attributes, not its target's), or
    # nothing when it does not exist.
    try {
        $directory = [System.IO.DirectoryInfo]::new($Path)
        if ($directory.Exists) { return $directory }
        $file = [System.IO.FileInfo]::new($Path)
        if ($file.Exists) { return $file }
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
    return $null
}

function Get-RemcPathCleanupChildItem {
    param([string] $Path, [int] $Limit)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Get-RemcPathCleanupChildItem: Path is empty' }
    # The direct children (FileInfo / DirectoryInfo, attributes and times from the directory listing),
    # at most Limit of them. Never recursive: the caller decides which folders to enter.
    $count = 0
    try {
        $directory = [System.IO.DirectoryInfo]::new($Path)
        foreach ($item in $directory.EnumerateFileSystemInfos()) {
            if ($count -ge $Limit) { break }
            $item
            $count++
        }
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
}

function Remove-RemcPathCleanupFile {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Remove-RemcPathCleanupFile: Path is empty' }
    # One file (a file link is removed as the link); no error when it is already gone.
    try {
        [System.IO.File]::Delete($Path)
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
}

function Remove-RemcPathCleanupDirectory {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Remove-RemcPathCleanupDirectory: Path is empty' }
    # One empty folder, never recursive (recursive = $false): a folder that is not empty fails.
    try {
        [System.IO.Directory]::Delete($Path, $false)
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
}

function Set-RemcPathCleanupAttribute {
    param([string] $Path, [int] $Attributes)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Set-RemcPathCleanupAttribute: Path is empty' }
    # Used to clear ReadOnly before a delete (what Remove-Item -Force does).
    try {
        [System.IO.File]::SetAttributes($Path, [System.IO.FileAttributes]$Attributes)
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
}

function Get-RemcPathCleanupProcess {
    param([string[]] $Name)
    if ($null -eq $Name -or $Name.Count -eq 0) { return }
    # Process objects (ProcessName, Id, SessionId) of every session; none when none runs.
    @(Get-Process -Name $Name -ErrorAction SilentlyContinue)
}

function Stop-RemcPathCleanupProcess {
    param($Process)
    # Terminates one process; throws when it cannot (e.g. access denied). -Force: no confirmation.
    Stop-Process -InputObject $Process -Force -ErrorAction Stop
}

function Wait-RemcPathCleanupProcessExit {
    param($Process, [int] $Seconds)
    # Waits at most Seconds in all, then returns the processes still running (none: all exited).
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    foreach ($one in @($Process)) {
        $left = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        try { $null = $one.WaitForExit($left) } catch { $null = $_ }
    }
    foreach ($one in @($Process)) {
        $exited = $false
        try {
            $one.Refresh()
            $exited = [bool]$one.HasExited
        }
        catch {
            # Cannot tell (access denied): treat it as running, so nothing is removed under it.
            $exited = $false
        }
        if (-not $exited) { $one }
    }
}
