# The only Windows-facing calls of folder-size. Tests replace them with fakes (fakes.ps1). Cmdlets and
# the Env: drive only, so it runs in Constrained Language Mode (no [System.IO.Directory] or
# [Environment] calls, no method of a FileInfo or DirectoryInfo).

function Get-RemcFolderSizeVariable {
    # The value of one environment variable of this process, or $null when it is not set.
    param([string] $Name)
    if ($Name -eq '' -or -not (Test-Path -LiteralPath ('Env:' + $Name))) { return $null }
    [string](Get-Item -LiteralPath ('Env:' + $Name)).Value
}

function Get-RemcFolderSizeItem {
    # The DirectoryInfo or FileInfo of the path itself (a link's own attributes, ReparsePoint among
    # them, not its target's); nothing when it does not exist.
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Get-RemcFolderSizeItem: Path is empty' }
    try {
        return (Get-Item -LiteralPath $Path -Force -ErrorAction Stop)
    }
    catch [System.Management.Automation.ItemNotFoundException] {
        return $null
    }
}

function Get-RemcFolderSizeChildItem {
    # The direct children of a folder (FileInfo / DirectoryInfo, hidden and system ones too), at most
    # Limit of them. Never -Recurse: the caller decides which folders to enter, and never lists a link
    # (Get-ChildItem lists a junction's target). A folder it may not read throws.
    param([string] $Path, [long] $Limit)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Get-RemcFolderSizeChildItem: Path is empty' }
    Get-ChildItem -LiteralPath $Path -Force -ErrorAction Stop | Select-Object -First $Limit
}
