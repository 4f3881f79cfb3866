# Test fakes for the folder-size seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only this template's keys (FolderSize*) are touched, primitive values only (the state
# is saved between a scenario's steps). The seam fakes turn items into the objects the real calls return:
# - Get-Item -Force / Get-ChildItem -Force -LiteralPath (FileSystem provider): FileInfo / DirectoryInfo
#   (learn.microsoft.com, "FileInfo Class", "DirectoryInfo Class", "FileSystemInfo.Attributes"): Name,
#   FullName, Attributes [System.IO.FileAttributes], LastWriteTimeUtc [datetime]; Length [long] on files
#   only; the provider's PSIsContainer [bool]. Attribute bits ("File Attribute Constants"): DIRECTORY
#   0x10, ARCHIVE 0x20, REPARSE_POINT 0x400. A link is listed as itself (its own attributes).
# - Get-ChildItem lists the direct children, FullName = the listed path + '\' + name.
# - Errors: a missing path -> ItemNotFoundException "Cannot find path '<path>' because it does not
#   exist."; listing a folder without rights -> UnauthorizedAccessException "Access to the path
#   '<path>' is denied.".

function Reset-RemcFakeFolderSize {
    param(
        # Items of the file tree (New-RemcFakeFolderSizeFile / -Folder).
        $Item = @(),
        # For scenarios, which cannot know the declared folder: every folder asked for that is not in
        # -Item holds this many files (remc-fake-<n>.tmp) of -AnyFileMB each, and with -AnyDenied one
        # subfolder (remc-fake-denied) this account may not list.
        [int] $AnyFiles = -1,
        [double] $AnyFileMB = 1,
        [switch] $AnyDenied,
        # Folders that do not exist, as -like patterns ('*': every path); they win over -AnyFiles.
        [string[]] $Missing = @(),
        # Environment variables on top of a user's ordinary ones (LOCALAPPDATA, ProgramData, ...); a
        # $null value unsets one.
        [hashtable] $Environment = @{}
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $vars = @{
        SystemDrive = 'C:'; SystemRoot = 'C:\Windows'; windir = 'C:\Windows'; ProgramData = 'C:\ProgramData'
        ProgramFiles = 'C:\Program Files'; USERPROFILE = 'C:\Users\alice'; APPDATA = 'C:\Users\alice\AppData\Roaming'
        LOCALAPPDATA = 'C:\Users\alice\AppData\Local'; TEMP = 'C:\Users\alice\AppData\Local\Temp'; TMP = 'C:\Users\alice\AppData\Local\Temp'
    }
    foreach ($key in $Environment.Keys) { $vars[$key] = $Environment[$key] }
    $state.FolderSizeEnvironment = $vars
    $state.FolderSizeItems = @(@($Item) | Where-Object { $null -ne $_ })
    $state.FolderSizeAnyFiles = $AnyFiles
    $state.FolderSizeAnyFileMB = $AnyFileMB
    $state.FolderSizeAnyDenied = [bool]$AnyDenied
    $state.FolderSizeMissing = @($Missing)
    $state.FolderSizeQueries = New-Object System.Collections.ArrayList
}

function New-RemcFakeFolderSizeFile {
    param([string] $Path, [double] $MB = 1, [long] $Length = -1)
    if ($Length -lt 0) { $Length = [long]($MB * 1048576) }
    @{ FullName = $Path; Directory = $false; Length = $Length; Attributes = 0x20; Denied = $false }
}

function New-RemcFakeFolderSizeFolder {
    # A folder; -Link: a junction (it is listed as itself; what it points to is never asked for).
    param([string] $Path, [switch] $Denied, [switch] $Link)
    $attributes = 0x10
    if ($Link) { $attributes = 0x10 -bor 0x400 }
    @{ FullName = $Path; Directory = $true; Length = 0; Attributes = $attributes; Denied = [bool]$Denied }
}

function ConvertTo-RemcFakeFolderSizeInfo {
    param($Item)
    $path = [string]$Item.FullName
    $name = $path.Substring($path.LastIndexOf('\') + 1)
    $info = [ordered]@{
        PSTypeName       = 'System.IO.FileInfo'
        Name             = $name
        FullName         = $path
        Attributes       = [System.IO.FileAttributes][int]$Item.Attributes
        LastWriteTimeUtc = [datetime]::SpecifyKind([datetime]'2026-11-01T08:00:00', [DateTimeKind]::Utc)
        PSIsContainer    = [bool]$Item.Directory
    }
    if ($Item.Directory) { $info.PSTypeName = 'System.IO.DirectoryInfo' } else { $info.Length = [long]$Item.Length }
    [pscustomobject]$info
}

function Test-RemcFakeFolderSizeMissing {
    param([string] $Path)
    foreach ($pattern in @($global:RemcFakeState.FolderSizeMissing)) { if (-not [string]::IsNullOrEmpty([string]$pattern) -and $Path -like [string]$pattern) { return $true } }
    return $false
}

function Get-RemcFakeFolderSizeAnyItem {
    # The generated item at Path in -AnyFiles mode, or $null.
    param([string] $Path)
    $state = $global:RemcFakeState
    if ($state.FolderSizeAnyFiles -lt 0 -or (Test-RemcFakeFolderSizeMissing -Path $Path)) { return $null }
    if ($Path -like '*\remc-fake-*.tmp') { return (New-RemcFakeFolderSizeFile -Path $Path -MB $state.FolderSizeAnyFileMB) }
    if ($Path -like '*\remc-fake-denied') { return (New-RemcFakeFolderSizeFolder -Path $Path -Denied) }
    return (New-RemcFakeFolderSizeFolder -Path $Path)
}

function Get-RemcFakeFolderSizeVariable {
    param([string] $Name)
    $vars = $global:RemcFakeState.FolderSizeEnvironment
    foreach ($key in @($vars.Keys)) { if ($key -eq $Name -and $null -ne $vars[$key]) { return [string]$vars[$key] } }
    return $null
}

function Get-RemcFakeFolderSizeItem {
    param([string] $Path)
    $item = @(@($global:RemcFakeState.FolderSizeItems) | Where-Object { [string]$_.FullName -eq $Path })[0]
    if ($null -eq $item -and -not (Test-RemcFakeFolderSizeMissing -Path $Path)) { $item = Get-RemcFakeFolderSizeAnyItem -Path $Path }
    if ($null -eq $item) { return $null }
    ConvertTo-RemcFakeFolderSizeInfo -Item $item
}

function Get-RemcFakeFolderSizeChildItem {
    param([string] $Path, [long] $Limit)
    $state = $global:RemcFakeState
    $null = $state.FolderSizeQueries.Add($Path)
    $folder = @(@($state.FolderSizeItems) | Where-Object { [string]$_.FullName -eq $Path })[0]
    if ($null -eq $folder) { $folder = Get-RemcFakeFolderSizeAnyItem -Path $Path }
    if ($null -eq $folder -or (Test-RemcFakeFolderSizeMissing -Path $Path)) {
        throw (New-Object System.Management.Automation.ItemNotFoundException ("Cannot find path '{0}' because it does not exist." -f $Path))
    }
    if ($folder.Denied) { throw (New-Object System.UnauthorizedAccessException ("Access to the path '{0}' is denied." -f $Path)) }
    $children = @(@($state.FolderSizeItems) | Where-Object { ([string]$_.FullName).StartsWith($Path + '\') -and -not ([string]$_.FullName).Substring($Path.Length + 1).Contains('\') })
    if ($children.Count -eq 0 -and $state.FolderSizeAnyFiles -ge 0 -and $Path -notlike '*\remc-fake-*') {
        $children = @(for ($i = 1; $i -le $state.FolderSizeAnyFiles; $i++) { New-RemcFakeFolderSizeFile -Path ('{0}\remc-fake-{1}.tmp' -f $Path, $i) -MB $state.FolderSizeAnyFileMB })
        if ($state.FolderSizeAnyDenied) { $children += New-RemcFakeFolderSizeFolder -Path ($Path + '\remc-fake-denied') -Denied }
    }
    @($children | Sort-Object -Property { [string]$_.FullName } | Select-Object -First $Limit | ForEach-Object { ConvertTo-RemcFakeFolderSizeInfo -Item $_ })
}

Set-Alias -Name Get-RemcFolderSizeVariable -Value Get-RemcFakeFolderSizeVariable
Set-Alias -Name Get-RemcFolderSizeItem -Value Get-RemcFakeFolderSizeItem
Set-Alias -Name Get-RemcFolderSizeChildItem -Value Get-RemcFakeFolderSizeChildItem
