# path-cleanup seams: the only calls that touch Windows. Each is a thin wrapper of cmdlets, so the fakes
# (fakes.ps1) can be exactly as true as the real calls; the logic lives in probe.ps1 and fix.ps1.
# Cmdlets only, and only methods and types Constrained Language Mode allows (AppLocker, WDAC): no
# [System.IO.File] or [System.Environment] calls, no method of a FileInfo, DirectoryInfo or Process.
# Remove-Item only ever gets one file, or one folder it has just seen empty and not a link, and never
# -Recurse: on a folder with children Remove-Item asks whether to remove them too (and does on yes).

function Get-RemcPathCleanupException {
    param($ErrorRecord)
    # The exception of an error, unwrapped from PowerShell's wrappers (MethodInvocationException, "An
    # error occurred while enumerating through a collection"): the innermost one names the reason.
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
    # %NAME% replaced from this process's environment (the Env: drive: case-insensitive on Windows), as
    # Environment.ExpandEnvironmentVariables does: an undefined variable stays as written, and its
    # closing % may open the next name.
    $out = ''
    $rest = $Text
    for ($found = [regex]::Match($rest, '%([^%]*)%'); $found.Success; $found = [regex]::Match($rest, '%([^%]*)%')) {
        $name = $found.Groups[1].Value
        $value = $null
        if ($name -ne '' -and (Test-Path -LiteralPath ('Env:' + $name))) { $value = [string](Get-Item -LiteralPath ('Env:' + $name)).Value }
        if ($null -eq $value) {
            $keep = $found.Index + $found.Length - 1
            $out += $rest.Substring(0, $keep)
            $rest = $rest.Substring($keep)
        }
        else {
            $out += $rest.Substring(0, $found.Index) + $value
            $rest = $rest.Substring($found.Index + $found.Length)
        }
    }
    return $out + $rest
}

function Get-RemcPathCleanupIdentity {
    # Who runs the script: SYSTEM stops processes in every session, a user only in its own. whoami gives
    # the SID (its CSV values are not localized); without it (not Windows) nobody counts as SYSTEM.
    $session = [int](Get-Process -Id $PID).SessionId
    $sid = ''
    # Windows PowerShell 5.1 turns a native program's stderr into errors under 'Stop'.
    $ErrorActionPreference = 'Continue'
    try {
        if ($null -ne (Get-Command -Name 'whoami.exe' -CommandType Application -ErrorAction SilentlyContinue)) {
            $found = [regex]::Match((@(& whoami.exe /user /fo csv /nh 2>$null) -join ' '), 'S-1-[0-9]+(-[0-9]+)+')
            if ($found.Success) { $sid = $found.Value }
        }
    }
    catch {
        $sid = ''
    }
    return @{ IsSystem = ($sid -eq 'S-1-5-18'); SessionId = $session }
}

function Get-RemcPathCleanupItem {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Get-RemcPathCleanupItem: Path is empty' }
    # The DirectoryInfo or FileInfo of the path itself (a link's own attributes, ReparsePoint among them,
    # not its target's), hidden and system items too; nothing when it does not exist.
    try {
        return (Get-Item -LiteralPath $Path -Force -ErrorAction Stop)
    }
    catch [System.Management.Automation.ItemNotFoundException] {
        return $null
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
}

function Get-RemcPathCleanupChildItem {
    param([string] $Path, [int] $Limit)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Get-RemcPathCleanupChildItem: Path is empty' }
    # The direct children of a folder (FileInfo / DirectoryInfo, hidden and system ones too), at most
    # Limit of them. Never -Recurse: the caller decides which folders to enter (and never lists a link:
    # Get-ChildItem lists a junction's target).
    try {
        $folder = Get-Item -LiteralPath $Path -Force -ErrorAction Stop
        if (-not $folder.PSIsContainer) { throw ("The directory name is invalid: '{0}'" -f $Path) }
        Get-ChildItem -LiteralPath $Path -Force -ErrorAction Stop | Select-Object -First $Limit
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
}

function Remove-RemcPathCleanupFile {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Remove-RemcPathCleanupFile: Path is empty' }
    # One file (a file link goes as the link, its target stays; -Force: read-only and hidden too).
    # $true when it removed it, $false when it was gone already. Never a folder.
    try {
        $item = Get-Item -LiteralPath $Path -Force -ErrorAction Stop
        if ($item.PSIsContainer) { throw ("Access to the path '{0}' is denied: it is a folder, not a file." -f $Path) }
        Remove-Item -LiteralPath $Path -Force -ErrorAction Stop
    }
    catch [System.Management.Automation.ItemNotFoundException] {
        return $false
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
    return $true
}

function Remove-RemcPathCleanupDirectory {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Remove-RemcPathCleanupDirectory: Path is empty' }
    # One empty folder, never what is in it: $true when it removed it, $false when it was gone already.
    # It must be a folder, not a link (a junction appeared since the plan: left alone), and empty right
    # now: Remove-Item, never with -Recurse, is asked only then.
    try {
        $item = Get-Item -LiteralPath $Path -Force -ErrorAction Stop
        if (-not $item.PSIsContainer) { throw ("The directory name is invalid: '{0}'" -f $Path) }
        if (([int]$item.Attributes -band 0x400) -ne 0) { throw ("'{0}' is a link now; links are never removed" -f $Path) }
        $inside = @(Get-ChildItem -LiteralPath $Path -Force -ErrorAction Stop | Select-Object -First 1)
        if ($inside.Count -gt 0) { throw ("The directory is not empty: '{0}'" -f $Path) }
        Remove-Item -LiteralPath $Path -Force -ErrorAction Stop
    }
    catch [System.Management.Automation.ItemNotFoundException] {
        return $false
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
    return $true
}

function Set-RemcPathCleanupAttribute {
    param([string] $Path, [int] $Attributes)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Set-RemcPathCleanupAttribute: Path is empty' }
    # Used to clear ReadOnly before a delete; the file system provider sets them (a script may not set a
    # FileInfo's properties in Constrained Language Mode).
    try {
        Set-ItemProperty -LiteralPath $Path -Name Attributes -Value $Attributes -Force -ErrorAction Stop
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
    # HasExited asks Windows each time it is read; a process it cannot ask about counts as running, so
    # nothing is removed under it.
    if ($Seconds -lt 1) { $Seconds = 1 }
    $all = @($Process | Where-Object { $null -ne $_ })
    if ($all.Count -eq 0) { return }
    Wait-Process -InputObject $all -Timeout $Seconds -ErrorAction SilentlyContinue
    foreach ($one in $all) {
        $exited = $false
        try { $exited = [bool]$one.HasExited } catch { $exited = $false }
        if (-not $exited) { $one }
    }
}

function Get-RemcPathCleanupProfile {
    # Every profile Windows keeps: each subkey of ProfileList (HKLM) through Get-ItemProperty, as the
    # registry provider returns it: PSChildName (the SID; S-1-5-21-...-1001.bak for a backup key),
    # ProfileImagePath (REG_EXPAND_SZ, expanded: C:\Users\alice), State (REG_DWORD as Int32; some keys
    # have none), and the key's other values. Read by SYSTEM or any user (HKLM is readable).
    $list = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
    try {
        foreach ($key in @(Get-ChildItem -LiteralPath $list -ErrorAction Stop)) {
            Get-ItemProperty -LiteralPath $key.PSPath -ErrorAction SilentlyContinue
        }
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
}

function Get-RemcPathCleanupShellFolder {
    param([string] $Sid)
    # The values of a user's User Shell Folders key (Desktop, Personal, AppData, Local AppData, ...)
    # through Get-ItemProperty, which expands REG_EXPAND_SZ with THIS process's environment: read from
    # SYSTEM, a user's %USERPROFILE%\Desktop comes back under SYSTEM's profile (the caller maps it back).
    # Sid '' reads HKCU. Nothing when the key is absent: HKU\<SID> is there only while the user's
    # registry hive is loaded (the user is signed in, or a process of theirs runs).
    $key = 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders'
    if ($Sid -ne '') { $key = 'Registry::HKEY_USERS\' + $Sid + '\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders' }
    try {
        if (-not (Test-Path -LiteralPath $key)) { return $null }
        return (Get-ItemProperty -LiteralPath $key -ErrorAction Stop)
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
}

function Get-RemcPathCleanupService {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcPathCleanupService: Name is empty' }
    # The ServiceController of one service (Name, Status as ServiceControllerStatus, DependentServices:
    # the services that depend on it, directly or not, those Windows starts last first), or nothing
    # when no service has that name. The caller's names hold no wildcard (Get-Service would expand it).
    $found = @(Get-Service -Name $Name -ErrorAction SilentlyContinue)
    if ($found.Count -eq 0) { return $null }
    return $found[0]
}

function Stop-RemcPathCleanupService {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Stop-RemcPathCleanupService: Name is empty' }
    # Asks the service control manager to stop one service and returns at once (-NoWait: Stop-Service
    # would otherwise wait without a limit). Never -Force: a service with running dependents is refused
    # (the caller stops those first). Throws when the request is refused.
    try {
        Stop-Service -Name $Name -NoWait -Confirm:$false -ErrorAction Stop
    }
    catch {
        throw (Get-RemcPathCleanupException -ErrorRecord $_)
    }
}

function Start-RemcPathCleanupService {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Start-RemcPathCleanupService: Name is empty' }
    # Asks the service control manager to start one service and returns at once with the uint32
    # ReturnValue of Win32_Service.StartService (0 accepted, 10 already running; Learn: "StartService
    # method of the Win32_Service class"): Start-Service would wait without a limit on a hung start.
    $query = 'SELECT * FROM Win32_Service WHERE Name = "' + $Name + '"'
    $result = @(Invoke-CimMethod -Query $query -MethodName 'StartService' -OperationTimeoutSec 60 -Confirm:$false -ErrorAction Stop)
    if ($result.Count -eq 0) { return $null }
    return $result[0].ReturnValue
}

function Wait-RemcPathCleanupPoll {
    # One pause between two looks at a service that is stopping or starting (the caller bounds how many).
    Start-Sleep -Milliseconds 500
}
