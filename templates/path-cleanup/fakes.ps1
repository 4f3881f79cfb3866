# Test fakes for the path-cleanup seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only this template's keys (PathCleanup*) are touched.
#
# The simulated machine is a Windows file tree: $RemcFakeState.PathCleanupItems holds one hashtable per
# file or folder (FullName, Attributes as Int32 FileAttributes bits, LastWriteTimeUtc, Length,
# LinkTarget for junctions and symbolic links, Locked, Denied). Primitive values only, so the state
# survives Export-Clixml / Import-Clixml between the steps of a scenario unchanged; the seam fakes turn
# items into objects shaped like what the real calls return:
# - Get-Item -Force / Get-ChildItem -Force -LiteralPath (FileSystem provider): FileInfo / DirectoryInfo
#   (learn.microsoft.com, "FileSystemInfo Class", "FileInfo Class", "DirectoryInfo Class"): Name,
#   FullName, Attributes [System.IO.FileAttributes], LastWriteTimeUtc [datetime] (Kind Utc), Exists;
#   Length [long] on files only (DirectoryInfo has no Length); the provider's PSIsContainer [bool].
#   Attribute bits: "File Attribute Constants" (FILE_ATTRIBUTE_READONLY 0x1, HIDDEN 0x2, SYSTEM 0x4,
#   DIRECTORY 0x10, ARCHIVE 0x20, REPARSE_POINT 0x400, OFFLINE 0x1000, RECALL_ON_OPEN 0x40000,
#   RECALL_ON_DATA_ACCESS 0x400000); values .NET Framework's enum does not name are kept as bits. A
#   link is listed as itself (its own attributes, ReparsePoint among them).
# - Get-ChildItem lists the direct children, FullName = the listed path + '\' + name; listing a junction
#   lists its TARGET's children (Windows follows the link), which is why the probe must never list one.
# - Errors, as the seams pass them on (the cmdlet's exception, with the .NET message text): a missing
#   path -> ItemNotFoundException "Cannot find path '<path>' because it does not exist."; listing a
#   folder without rights -> UnauthorizedAccessException "Access to the path '<path>' is denied.";
#   Remove-Item -Force of a file in use (or a folder that is a process's current directory) ->
#   IOException "The process cannot access the file '<path>' because it is being used by another
#   process." (-Force removes read-only and hidden items). The seams' own refusals are messages: a
#   folder given to the file seam, a folder that is not empty or is a link now given to the folder seam.
# - The removal seams return $true when they removed the item, $false when it was gone already.
# - Processes, services and profiles: fakes-processes.ps1, fakes-services.ps1, fakes-profiles.ps1.

function Reset-RemcFakePathCleanup {
    param(
        # Items of the file tree (New-RemcFakePathCleanupFile / -Folder / -Link / -Placeholder).
        $Item = @(),
        # Running processes (New-RemcFakePathCleanupProcess).
        $Process = @(),
        # Run as SYSTEM: SYSTEM's environment (its own profile under System32\config\systemprofile), session 0.
        [switch] $System,
        # The signed-in user (profile C:\Users\<UserName>) and the session the script runs in.
        [string] $UserName = 'alice',
        [int] $SessionId = 1,
        # Environment variables to add or change (e.g. @{ OneDrive = 'C:\Users\alice\OneDrive - Contoso' }).
        [hashtable] $Environment = @{}
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $profilePath = 'C:\Users\{0}' -f $UserName
    if ($System) { $profilePath = 'C:\Windows\system32\config\systemprofile' }
    $vars = @{
        SystemDrive = 'C:'; SystemRoot = 'C:\Windows'; windir = 'C:\Windows'
        ProgramFiles = 'C:\Program Files'; 'ProgramFiles(x86)' = 'C:\Program Files (x86)'; ProgramW6432 = 'C:\Program Files'
        CommonProgramFiles = 'C:\Program Files\Common Files'; 'CommonProgramFiles(x86)' = 'C:\Program Files (x86)\Common Files'
        ProgramData = 'C:\ProgramData'; ALLUSERSPROFILE = 'C:\ProgramData'; PUBLIC = 'C:\Users\Public'
        USERPROFILE = $profilePath; APPDATA = $profilePath + '\AppData\Roaming'; LOCALAPPDATA = $profilePath + '\AppData\Local'
        TEMP = $profilePath + '\AppData\Local\Temp'; TMP = $profilePath + '\AppData\Local\Temp'
    }
    if ($System) {
        $vars.TEMP = 'C:\Windows\TEMP'
        $vars.TMP = 'C:\Windows\TEMP'
    }
    else {
        $vars.HOMEDRIVE = 'C:'
        $vars.HOMEPATH = '\Users\' + $UserName
        $vars.OneDrive = $profilePath + '\OneDrive - Contoso'
        $vars.OneDriveCommercial = $profilePath + '\OneDrive - Contoso'
    }
    foreach ($key in $Environment.Keys) { $vars[$key] = $Environment[$key] }
    $state.PathCleanupEnvironment = $vars
    $session = $SessionId
    if ($System) { $session = 0 }
    $state.PathCleanupIdentity = @{ IsSystem = [bool]$System; SessionId = $session }
    $state.PathCleanupItems = New-Object System.Collections.ArrayList
    foreach ($one in @($Item)) { if ($null -ne $one) { $null = $state.PathCleanupItems.Add($one) } }
    $state.PathCleanupProcesses = New-Object System.Collections.ArrayList
    foreach ($one in @($Process)) { if ($null -ne $one) { $null = $state.PathCleanupProcesses.Add($one) } }
    # What changed the machine (full paths of the items really removed, after links resolved; processes stopped).
    $state.PathCleanupDeleted = New-Object System.Collections.ArrayList
    $state.PathCleanupStopped = New-Object System.Collections.ArrayList
    # Every seam call in order ('list:<path>', 'delete-file:<path>', 'delete-dir:<path>', 'attributes:<path>',
    # 'processes', 'stop:<name> (<id>)', 'wait:<seconds>'): observations, not machine state.
    $state.PathCleanupCalls = New-Object System.Collections.ArrayList
    # Services and profiles: none unless a scenario sets them (fakes-services.ps1, fakes-profiles.ps1).
    Set-RemcFakePathCleanupServices
    Set-RemcFakePathCleanupProfiles
}

function Get-RemcFakePathCleanupTime {
    param($Time, [double] $AgeDays)
    if ($null -ne $Time) { return [datetime]::SpecifyKind([datetime]$Time, [System.DateTimeKind]::Utc) }
    # The simulated clock: the state's (set by the harness for every step), else the scenario's
    # $ScenarioNow (a setup runs before the harness sets the state's), else the real one.
    $now = [datetime]::UtcNow
    $scenarioNow = Get-Variable -Name ScenarioNow -ValueOnly -ErrorAction SilentlyContinue
    if ($null -ne $scenarioNow) { $now = [datetime]$scenarioNow }
    if ($null -ne $global:RemcFakeState -and $global:RemcFakeState.Contains('Now') -and $null -ne $global:RemcFakeState.Now) { $now = [datetime]$global:RemcFakeState.Now }
    return [datetime]::SpecifyKind($now.AddDays(-$AgeDays), [System.DateTimeKind]::Utc)
}

# One file under a cleaned path as the seam lists it: FileSystemInfo's FullName, Attributes (Archive,
# plus ReadOnly / Hidden), LastWriteTimeUtc and Length, and whether deleting it fails.
function New-RemcFakePathCleanupFile {
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [long] $Length = 4096,
        # Last written this many days before the scenario's clock ($RemcFakeState.Now), or at -LastWriteTimeUtc.
        [double] $AgeDays = 1,
        $LastWriteTimeUtc = $null,
        # Open by a running app without delete sharing: File.Delete fails with a sharing violation.
        [switch] $Locked,
        [switch] $ReadOnly,
        [switch] $Hidden
    )
    $attributes = 0x20
    if ($ReadOnly) { $attributes = $attributes -bor 0x1 }
    if ($Hidden) { $attributes = $attributes -bor 0x2 }
    @{ FullName = $Path; Attributes = $attributes; LastWriteTimeUtc = (Get-RemcFakePathCleanupTime -Time $LastWriteTimeUtc -AgeDays $AgeDays); Length = $Length; LinkTarget = $null; Locked = [bool]$Locked; Denied = $false }
}

# One folder under a cleaned path as the seam lists it (Attributes Directory, plus ReadOnly), and
# whether listing or removing it fails.
function New-RemcFakePathCleanupFolder {
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [double] $AgeDays = 1,
        $LastWriteTimeUtc = $null,
        # Listing it fails with access denied (an ACL that locks even the owner out).
        [switch] $Denied,
        [switch] $ReadOnly,
        # In use as a process's current directory: RemoveDirectory fails with a sharing violation.
        [switch] $Locked
    )
    $attributes = 0x10
    if ($ReadOnly) { $attributes = $attributes -bor 0x1 }
    @{ FullName = $Path; Attributes = $attributes; LastWriteTimeUtc = (Get-RemcFakePathCleanupTime -Time $LastWriteTimeUtc -AgeDays $AgeDays); Length = [long]0; LinkTarget = $null; Locked = [bool]$Locked; Denied = [bool]$Denied }
}

function New-RemcFakePathCleanupLink {
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [string] $Target,
        # A file symbolic link instead of a directory junction.
        [switch] $File,
        [double] $AgeDays = 30
    )
    # mklink /J or /D: Directory | ReparsePoint (0x410); a file symbolic link: Archive | ReparsePoint (0x420).
    $attributes = 0x410
    if ($File) { $attributes = 0x420 }
    @{ FullName = $Path; Attributes = $attributes; LastWriteTimeUtc = (Get-RemcFakePathCleanupTime -Time $null -AgeDays $AgeDays); Length = [long]0; LinkTarget = $Target; Locked = $false; Denied = $false }
}

# A cloud file placeholder under a cleaned path (an online-only OneDrive file): listed with its
# attributes, never read (reading would download it).
function New-RemcFakePathCleanupPlaceholder {
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [long] $Length = 1048576,
        [double] $AgeDays = 30,
        # An online-only OneDrive file as a non-packaged process sees it: Archive | Offline |
        # RecallOnDataAccess (the reparse point bit can be hidden from such processes).
        [int] $Attributes = (0x20 -bor 0x1000 -bor 0x400000)
    )
    @{ FullName = $Path; Attributes = $Attributes; LastWriteTimeUtc = (Get-RemcFakePathCleanupTime -Time $null -AgeDays $AgeDays); Length = $Length; LinkTarget = $null; Locked = $false; Denied = $false }
}

function New-RemcFakePathCleanupTeamsCache {
    param(
        [string] $Root = 'C:\Users\alice\AppData\Local\Packages\MSTeams_8wekyb3d8bbwe\LocalCache\Microsoft\MSTeams',
        [double] $AgeDays = 3
    )
    # A new Teams cache as it looks after a few days of use: the WebView2 profile's caches, logs, and
    # the user's uploaded backgrounds (an image and its _thumb, as Teams writes them).
    $folders = @('Backgrounds', 'Backgrounds\Uploads', 'EBWebView', 'EBWebView\Default', 'EBWebView\Default\Cache', 'EBWebView\Default\Cache\Cache_Data', 'EBWebView\Default\Code Cache', 'EBWebView\Default\Code Cache\js', 'EBWebView\Default\GPUCache', 'Logs')
    $files = @(
        @('EBWebView\Default\Cache\Cache_Data\data_0', 8192), @('EBWebView\Default\Cache\Cache_Data\data_1', 270336),
        @('EBWebView\Default\Cache\Cache_Data\f_000001', 52113), @('EBWebView\Default\Cache\Cache_Data\index', 262512),
        @('EBWebView\Default\Code Cache\js\index', 24), @('EBWebView\Default\Code Cache\js\5a1c1d7e8e2a9f3b_0', 133120),
        @('EBWebView\Default\GPUCache\data_0', 8192), @('EBWebView\Default\GPUCache\index', 262512),
        @('Logs\MSTeams_2026-11-24_09-12-01.00.log', 1048576), @('Logs\MSTeams_2026-11-25_08-03-44.00.log', 524288),
        @('Backgrounds\Uploads\3b6c2a2e-7f3c-4a7e-9f11-2d6c1b0e9a41.png', 2097152), @('Backgrounds\Uploads\3b6c2a2e-7f3c-4a7e-9f11-2d6c1b0e9a41_thumb.png', 65536)
    )
    New-RemcFakePathCleanupFolder -Path $Root -AgeDays 90
    foreach ($folder in $folders) { New-RemcFakePathCleanupFolder -Path ($Root + '\' + $folder) -AgeDays $AgeDays }
    foreach ($file in $files) { New-RemcFakePathCleanupFile -Path ($Root + '\' + $file[0]) -Length $file[1] -AgeDays $AgeDays }
}

# ---- helpers of the fakes ----

function Get-RemcFakePathCleanupParent {
    param([string] $Path)
    $cut = $Path.LastIndexOf('\')
    if ($cut -lt 0) { return '' }
    return $Path.Substring(0, $cut)
}

function Find-RemcFakePathCleanupItem {
    param([string] $Path)
    foreach ($item in @($global:RemcFakeState.PathCleanupItems)) {
        if ([string]$item.FullName -eq $Path) { return $item }
    }
    return $null
}

function Resolve-RemcFakePathCleanupPath {
    param([string] $Path, [switch] $FollowLast)
    # Windows resolves junctions and symbolic links in every component of a path; the last one only
    # when the call opens the target (listing a folder), not when it reads or removes the link itself.
    $path = $Path.TrimEnd('\')
    for ($hop = 0; $hop -lt 16; $hop++) {
        $moved = $false
        foreach ($item in @($global:RemcFakeState.PathCleanupItems)) {
            if ([string]::IsNullOrEmpty([string]$item.LinkTarget)) { continue }
            $link = [string]$item.FullName
            if ($FollowLast -and $path -eq $link) { $path = [string]$item.LinkTarget; $moved = $true; break }
            if ($path.StartsWith($link + '\', [System.StringComparison]::OrdinalIgnoreCase)) {
                $path = [string]$item.LinkTarget + $path.Substring($link.Length)
                $moved = $true
                break
            }
        }
        if (-not $moved) { break }
    }
    return $path
}

function ConvertTo-RemcFakePathCleanupInfo {
    param($Item, [string] $FullName)
    # The shape of a FileInfo / DirectoryInfo (see the header); the name as listed, not as stored.
    $name = $FullName.Substring($FullName.LastIndexOf('\') + 1)
    $attributes = [Enum]::ToObject([System.IO.FileAttributes], [int]$Item.Attributes)
    $written = [datetime]::SpecifyKind([datetime]$Item.LastWriteTimeUtc, [System.DateTimeKind]::Utc)
    if (([int]$Item.Attributes -band 0x10) -ne 0) {
        return [pscustomobject]@{ PSTypeName = 'System.IO.DirectoryInfo'; Name = $name; FullName = $FullName; Attributes = $attributes; LastWriteTimeUtc = $written; LastWriteTime = $written.ToLocalTime(); Exists = $true; PSIsContainer = $true }
    }
    return [pscustomobject]@{ PSTypeName = 'System.IO.FileInfo'; Name = $name; FullName = $FullName; Attributes = $attributes; LastWriteTimeUtc = $written; LastWriteTime = $written.ToLocalTime(); Length = [long]$Item.Length; Exists = $true; PSIsContainer = $false }
}

function New-RemcFakePathCleanupNotFound {
    param([string] $Path)
    # What the FileSystem provider throws for a missing path.
    New-Object System.Management.Automation.ItemNotFoundException ("Cannot find path '{0}' because it does not exist." -f $Path)
}

function Set-RemcFakePathCleanupParentWritten {
    param([string] $Path)
    # NTFS updates a folder's last write time when an entry in it is created or deleted.
    $parent = Find-RemcFakePathCleanupItem -Path (Get-RemcFakePathCleanupParent -Path $Path)
    if ($null -ne $parent) { $parent.LastWriteTimeUtc = (Get-RemcFakePathCleanupTime -Time $null -AgeDays 0) }
}

# ---- the seam fakes ----

function Expand-RemcFakePathCleanupVariable {
    param([string] $Text)
    # As Environment.ExpandEnvironmentVariables: %NAME% case-insensitive, an undefined one stays as written.
    $vars = $global:RemcFakeState.PathCleanupEnvironment
    $out = New-Object System.Text.StringBuilder
    $at = 0
    while ($at -lt $Text.Length) {
        $open = $Text.IndexOf('%', $at)
        $close = -1
        if ($open -ge 0) { $close = $Text.IndexOf('%', $open + 1) }
        if ($open -lt 0 -or $close -lt 0) { $null = $out.Append($Text.Substring($at)); break }
        $null = $out.Append($Text.Substring($at, $open - $at))
        $name = $Text.Substring($open + 1, $close - $open - 1)
        $value = $null
        foreach ($key in @($vars.Keys)) { if ($key -eq $name) { $value = [string]$vars[$key] } }
        if ($null -eq $value) {
            # Undefined: the text stays, and its closing % may open the next name.
            $null = $out.Append($Text.Substring($open, $close - $open))
            $at = $close
        }
        else {
            $null = $out.Append($value)
            $at = $close + 1
        }
    }
    return $out.ToString()
}

function Get-RemcFakePathCleanupIdentity {
    $identity = $global:RemcFakeState.PathCleanupIdentity
    return @{ IsSystem = [bool]$identity.IsSystem; SessionId = [int]$identity.SessionId }
}

function Get-RemcFakePathCleanupItem {
    param([string] $Path)
    $resolved = Resolve-RemcFakePathCleanupPath -Path $Path
    $item = Find-RemcFakePathCleanupItem -Path $resolved
    if ($null -eq $item) { return $null }
    return (ConvertTo-RemcFakePathCleanupInfo -Item $item -FullName $Path.TrimEnd('\'))
}

function Get-RemcFakePathCleanupChildItem {
    param([string] $Path, [int] $Limit)
    $state = $global:RemcFakeState
    $listed = $Path.TrimEnd('\')
    $null = $state.PathCleanupCalls.Add('list:' + $listed)
    $resolved = Resolve-RemcFakePathCleanupPath -Path $listed -FollowLast
    $folder = Find-RemcFakePathCleanupItem -Path $resolved
    if ($null -eq $folder) { throw (New-RemcFakePathCleanupNotFound -Path $listed) }
    if (([int]$folder.Attributes -band 0x10) -eq 0) { throw ("The directory name is invalid: '{0}'" -f $Path) }
    if ($folder.Denied) { throw (New-Object System.UnauthorizedAccessException ("Access to the path '{0}' is denied." -f $listed)) }
    $count = 0
    foreach ($item in @($state.PathCleanupItems)) {
        if ($count -ge $Limit) { break }
        $full = [string]$item.FullName
        if ((Get-RemcFakePathCleanupParent -Path $full) -ne $resolved) { continue }
        ConvertTo-RemcFakePathCleanupInfo -Item $item -FullName ($listed + $full.Substring($resolved.Length))
        $count++
    }
}

function Remove-RemcFakePathCleanupFile {
    param([string] $Path)
    $state = $global:RemcFakeState
    $null = $state.PathCleanupCalls.Add('delete-file:' + $Path)
    $item = Find-RemcFakePathCleanupItem -Path (Resolve-RemcFakePathCleanupPath -Path $Path)
    if ($null -eq $item) { return $false }
    $attributes = [int]$item.Attributes
    if (($attributes -band 0x10) -ne 0) { throw ("Access to the path '{0}' is denied: it is a folder, not a file." -f $Path) }
    if ($item.Locked) { throw (New-Object System.IO.IOException ("The process cannot access the file '{0}' because it is being used by another process." -f $Path)) }
    # -Force: read-only and hidden files go too. A file symbolic link goes as the link: its target stays.
    $state.PathCleanupItems.Remove($item)
    $null = $state.PathCleanupDeleted.Add([string]$item.FullName)
    Set-RemcFakePathCleanupParentWritten -Path ([string]$item.FullName)
    return $true
}

function Remove-RemcFakePathCleanupDirectory {
    param([string] $Path)
    $state = $global:RemcFakeState
    $null = $state.PathCleanupCalls.Add('delete-dir:' + $Path)
    $resolved = Resolve-RemcFakePathCleanupPath -Path $Path
    $item = Find-RemcFakePathCleanupItem -Path $resolved
    if ($null -eq $item) { return $false }
    $attributes = [int]$item.Attributes
    if (($attributes -band 0x10) -eq 0) { throw ("The directory name is invalid: '{0}'" -f $Path) }
    # The seam looks before it removes: a link is refused, a folder with anything in it too.
    if (($attributes -band 0x400) -ne 0) { throw ("'{0}' is a link now; links are never removed" -f $Path) }
    foreach ($other in @($state.PathCleanupItems)) {
        if ((Get-RemcFakePathCleanupParent -Path ([string]$other.FullName)) -eq $resolved) { throw ("The directory is not empty: '{0}'" -f $Path) }
    }
    if ($item.Locked) { throw (New-Object System.IO.IOException ("The process cannot access the file '{0}' because it is being used by another process." -f $Path)) }
    # -Force: read-only and hidden folders go too.
    $state.PathCleanupItems.Remove($item)
    $null = $state.PathCleanupDeleted.Add([string]$item.FullName)
    Set-RemcFakePathCleanupParentWritten -Path ([string]$item.FullName)
    return $true
}

function Set-RemcFakePathCleanupAttribute {
    param([string] $Path, [int] $Attributes)
    $state = $global:RemcFakeState
    $null = $state.PathCleanupCalls.Add('attributes:' + $Path)
    $item = Find-RemcFakePathCleanupItem -Path (Resolve-RemcFakePathCleanupPath -Path $Path)
    if ($null -eq $item) { throw (New-RemcFakePathCleanupNotFound -Path $Path) }
    # SetFileAttributes cannot change Directory or ReparsePoint.
    $fixed = [int]$item.Attributes -band 0x410
    $item.Attributes = $fixed -bor ($Attributes -band (-bnot 0x410))
}

Set-Alias -Name Expand-RemcPathCleanupVariable -Value Expand-RemcFakePathCleanupVariable
Set-Alias -Name Get-RemcPathCleanupIdentity -Value Get-RemcFakePathCleanupIdentity
Set-Alias -Name Get-RemcPathCleanupItem -Value Get-RemcFakePathCleanupItem
Set-Alias -Name Get-RemcPathCleanupChildItem -Value Get-RemcFakePathCleanupChildItem
Set-Alias -Name Remove-RemcPathCleanupFile -Value Remove-RemcFakePathCleanupFile
Set-Alias -Name Remove-RemcPathCleanupDirectory -Value Remove-RemcFakePathCleanupDirectory
Set-Alias -Name Set-RemcPathCleanupAttribute -Value Set-RemcFakePathCleanupAttribute

# The processes, the services and the profiles, each in a file of its own.
. (Join-Path $PSScriptRoot 'fakes-processes.ps1')
. (Join-Path $PSScriptRoot 'fakes-services.ps1')
. (Join-Path $PSScriptRoot 'fakes-profiles.ps1')
