# The only Windows-facing calls of file-state. Tests replace them with fakes (fakes.ps1). Cmdlets and the
# Env: drive only, so it runs in Constrained Language Mode (no [System.IO.File] or [Environment] calls,
# no method of a FileInfo; its VersionInfo property is PowerShell's own, from the FileSystem provider).

function Get-RemcFileStateVariable {
    # The value of one environment variable of this process, or $null when it is not set.
    param([string] $Name)
    if ($Name -eq '' -or -not (Test-Path -LiteralPath ('Env:' + $Name))) { return $null }
    [string](Get-Item -LiteralPath ('Env:' + $Name)).Value
}

function Get-RemcFileStateItem {
    # The FileInfo (or, when a folder is there, DirectoryInfo) of the path itself, hidden and system
    # files too; nothing when it does not exist. Any other failure (access denied) throws.
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Get-RemcFileStateItem: Path is empty' }
    try {
        return (Get-Item -LiteralPath $Path -Force -ErrorAction Stop)
    }
    catch [System.Management.Automation.ItemNotFoundException] {
        return $null
    }
}

function Read-RemcFileStateText {
    # The file's whole text. -Encoding UTF8 reads UTF-8 without a byte order mark, and the encoding a
    # byte order mark names (UTF-8, UTF-16 LE or BE, UTF-32) when there is one. An empty file is ''.
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Read-RemcFileStateText: Path is empty' }
    $text = Get-Content -LiteralPath $Path -Raw -Encoding UTF8 -ErrorAction Stop
    if ($null -eq $text) { return '' }
    [string]$text
}
