# Test fakes for the file-state seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only this template's keys (FileState*) are touched, primitive values only (the state is
# saved between a scenario's steps). The seam fakes turn files into the objects the real calls return:
# - Get-Item -LiteralPath -Force (FileSystem provider) of a file: a System.IO.FileInfo (Learn: "FileInfo
#   Class"): Name, FullName, DirectoryName [string], Length [long], Attributes [System.IO.FileAttributes],
#   Exists [bool], CreationTimeUtc / LastWriteTimeUtc [datetime, Kind Utc], LastWriteTime [datetime,
#   local]; the provider's PSIsContainer [bool]; and VersionInfo, the ScriptProperty PowerShell's
#   types.ps1xml gives a FileInfo: [System.Diagnostics.FileVersionInfo]::GetVersionInfo(FullName)
#   (Learn: "FileVersionInfo Class": FileName, FileVersion and ProductVersion [string], null without a
#   version resource; FileMajorPart, FileMinorPart, FileBuildPart, FilePrivatePart and the Product*Part
#   [int], 0 without one). E.g. Get-Item C:\Windows\System32\notepad.exe on Windows 10 22H2: FileVersion
#   '10.0.19041.1 (WinBuild.160101.0800)' while the parts read 10.0.19041.3636 after an update (the text
#   is not rewritten: the reason the probe compares the parts). A text file's VersionInfo has every part
#   0 and FileVersion null. Of a folder: a System.IO.DirectoryInfo (PSIsContainer $true, no Length).
# - Errors: a missing path -> ItemNotFoundException "Cannot find path '<path>' because it does not
#   exist." (the seam returns nothing); no rights -> UnauthorizedAccessException "Access to the path
#   '<path>' is denied."; Get-Content of a file another process holds open without sharing ->
#   IOException "The process cannot access the file '<path>' because it is being used by another process.".

function Reset-RemcFakeFileState {
    param(
        # Files and folders of the device (New-RemcFakeFileStateFile: hashtables of primitive values).
        $File = @(),
        # For scenarios, which cannot know the declared path: every path asked for that is not in -File
        # is a file written at -AnyWrittenUtc, -AnyLength bytes long, with version -AnyVersion ('' none).
        [switch] $Any,
        $AnyWrittenUtc = '2026-11-20T08:00:00Z',
        [long] $AnyLength = 2048,
        [string] $AnyVersion = '',
        # Its text: 'Declared' (every literal the declared file-state checks look for, one per line),
        # 'DeclaredUpper' (the same upper-cased), or 'Other' (none of them).
        [ValidateSet('Declared', 'DeclaredUpper', 'Other')] [string] $AnyText = 'Declared',
        # Paths that do not exist, as -like patterns ('*': every path); they win over -Any.
        [string[]] $Missing = @(),
        # Paths Get-Item may not read (access denied), as -like patterns.
        [string[]] $Denied = @(),
        # Paths that are folders, as -like patterns.
        [string[]] $Folder = @(),
        # Files whose text cannot be read (another process holds them open), as -like patterns.
        [string[]] $Locked = @(),
        # Environment variables on top of the ordinary ones (ProgramData, LOCALAPPDATA, ...); $null unsets one.
        [hashtable] $Environment = @{},
        # The checks as the remediation script carries them ($RemcChecks rows), for -AnyText 'Declared'.
        $Declared = (Get-Variable -Name 'ScenarioChecks' -ValueOnly -ErrorAction SilentlyContinue)
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $vars = @{
        SystemDrive = 'C:'; SystemRoot = 'C:\Windows'; windir = 'C:\Windows'; ProgramData = 'C:\ProgramData'
        ProgramFiles = 'C:\Program Files'; 'ProgramFiles(x86)' = 'C:\Program Files (x86)'; ProgramW6432 = 'C:\Program Files'
        CommonProgramFiles = 'C:\Program Files\Common Files'; 'CommonProgramFiles(x86)' = 'C:\Program Files (x86)\Common Files'; CommonProgramW6432 = 'C:\Program Files\Common Files'
        USERPROFILE = 'C:\Users\alice'; APPDATA = 'C:\Users\alice\AppData\Roaming'; LOCALAPPDATA = 'C:\Users\alice\AppData\Local'
    }
    foreach ($key in $Environment.Keys) { $vars[$key] = $Environment[$key] }
    $literals = @(foreach ($row in @($Declared)) {
            if ($null -ne $row -and [string]$row.Probe -eq 'Test-RemcFileState' -and $null -ne $row.Config -and -not [string]::IsNullOrEmpty([string]$row.Config.Text)) { [string]$row.Config.Text }
        })
    $text = "[agent]`r`nMode=standby`r`n"
    if ($AnyText -eq 'Declared') { $text += ($literals -join "`r`n") }
    if ($AnyText -eq 'DeclaredUpper') { $text += (($literals | ForEach-Object { $_.ToUpperInvariant() }) -join "`r`n") }
    $state.FileStateEnvironment = $vars
    $state.FileStateFiles = @(@($File) | Where-Object { $null -ne $_ })
    $state.FileStateAny = [bool]$Any
    $state.FileStateAnyFile = (New-RemcFakeFileStateFile -Path '' -WrittenUtc $AnyWrittenUtc -Length $AnyLength -Version $AnyVersion -Text $text)
    $state.FileStateMissing = @($Missing)
    $state.FileStateDenied = @($Denied)
    $state.FileStateFolder = @($Folder)
    $state.FileStateLocked = @($Locked)
    $state.FileStateQueries = New-Object System.Collections.ArrayList
    $state.FileStateTextQueries = New-Object System.Collections.ArrayList
}

function New-RemcFakeFileStateFile {
    # One file as the fake state holds it: its last write (UTC, ISO 8601 text or a [datetime]), its
    # length (the text's UTF-8 length when a text is given and -Length is not), its file version
    # ('1.2.3.4', '' without a version resource) and its text. -Folder: a folder at the path.
    # -VersionText: the FileVersion text, when it says something else than the parts (as notepad.exe's does).
    param([string] $Path, $WrittenUtc = '2026-11-20T08:00:00Z', [long] $Length = -1, [string] $Version = '', [string] $Text = '', [switch] $Folder, [string] $VersionText = '')
    if ($WrittenUtc -is [datetime]) { $WrittenUtc = $WrittenUtc.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture) }
    if ($Length -lt 0) { $Length = [long][System.Text.Encoding]::UTF8.GetByteCount($Text) }
    @{ FullName = $Path; Folder = [bool]$Folder; WrittenUtc = [string]$WrittenUtc; Length = $Length; Version = $Version; VersionText = $VersionText; Text = $Text }
}

function Test-RemcFakeFileStateIn {
    param([string] $Path, $Patterns)
    foreach ($pattern in @($Patterns)) { if (-not [string]::IsNullOrEmpty([string]$pattern) -and $Path -like [string]$pattern) { return $true } }
    return $false
}

function Get-RemcFakeFileStateEntry {
    # The fake state's file at Path (its own, else the -Any file), or $null when nothing is there.
    param([string] $Path)
    $state = $global:RemcFakeState
    if (Test-RemcFakeFileStateIn -Path $Path -Patterns $state.FileStateMissing) { return $null }
    $file = @(@($state.FileStateFiles) | Where-Object { [string]$_.FullName -eq $Path })[0]
    if ($null -eq $file -and $state.FileStateAny) {
        $file = @{}
        foreach ($key in $state.FileStateAnyFile.Keys) { $file[$key] = $state.FileStateAnyFile[$key] }
        $file.FullName = $Path
    }
    if ($null -ne $file -and (Test-RemcFakeFileStateIn -Path $Path -Patterns $state.FileStateFolder)) { $file.Folder = $true }
    return $file
}

function ConvertTo-RemcFakeFileVersionInfo {
    # The FileVersionInfo-shaped object of a file: its four parts, FileVersion and ProductVersion text.
    param([string] $Path, [string] $Version, [string] $VersionText = '')
    $parts = @(0, 0, 0, 0)
    $text = $null
    if ($Version -ne '') {
        $split = @($Version.Split('.'))
        for ($i = 0; $i -lt 4; $i++) { if ($i -lt $split.Count) { $parts[$i] = [int]$split[$i] } }
        $text = '{0} (WinBuild.160101.0800)' -f $Version
        if ($VersionText -ne '') { $text = $VersionText }
    }
    $object = [pscustomobject]@{
        FileName          = $Path
        FileVersion       = $text
        ProductVersion    = $text
        FileMajorPart     = [int]$parts[0]
        FileMinorPart     = [int]$parts[1]
        FileBuildPart     = [int]$parts[2]
        FilePrivatePart   = [int]$parts[3]
        ProductMajorPart  = [int]$parts[0]
        ProductMinorPart  = [int]$parts[1]
        ProductBuildPart  = [int]$parts[2]
        ProductPrivatePart = [int]$parts[3]
    }
    $object.PSObject.TypeNames.Insert(0, 'System.Diagnostics.FileVersionInfo')
    $object
}

function ConvertTo-RemcFakeFileStateInfo {
    # The FileInfo- (or DirectoryInfo-) shaped object Get-Item returns for one entry of the fake state.
    param($Entry)
    $path = [string]$Entry.FullName
    $written = [datetime]::Parse([string]$Entry.WrittenUtc, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal)
    $written = [datetime]::SpecifyKind($written, [DateTimeKind]::Utc)
    # The type name is set after the properties: PowerShell's type data for System.IO.FileInfo would
    # otherwise make VersionInfo its read-only ScriptProperty.
    $info = [ordered]@{
        Name             = $path.Substring($path.LastIndexOf('\') + 1)
        FullName         = $path
        DirectoryName    = $path.Substring(0, [int][Math]::Max(0, $path.LastIndexOf('\')))
        Exists           = $true
        Attributes       = [System.IO.FileAttributes]::Archive
        CreationTimeUtc  = $written
        LastWriteTimeUtc = $written
        LastWriteTime    = $written.ToLocalTime()
        PSIsContainer    = $false
    }
    $type = 'System.IO.FileInfo'
    if ($Entry.Folder) {
        $type = 'System.IO.DirectoryInfo'
        $info.Remove('DirectoryName')
        $info.Attributes = [System.IO.FileAttributes]::Directory
        $info.PSIsContainer = $true
    } else {
        $info.Length = [long]$Entry.Length
        $info.VersionInfo = ConvertTo-RemcFakeFileVersionInfo -Path $path -Version ([string]$Entry.Version) -VersionText ([string]$Entry.VersionText)
    }
    $object = [pscustomobject]$info
    $object.PSObject.TypeNames.Insert(0, $type)
    $object
}

function Get-RemcFakeFileStateVariable {
    param([string] $Name)
    $vars = $global:RemcFakeState.FileStateEnvironment
    foreach ($key in @($vars.Keys)) { if ($key -eq $Name -and $null -ne $vars[$key]) { return [string]$vars[$key] } }
    return $null
}

function Get-RemcFakeFileStateItem {
    param([string] $Path)
    $state = $global:RemcFakeState
    $null = $state.FileStateQueries.Add($Path)
    if (Test-RemcFakeFileStateIn -Path $Path -Patterns $state.FileStateDenied) { throw (New-Object System.UnauthorizedAccessException ("Access to the path '{0}' is denied." -f $Path)) }
    $entry = Get-RemcFakeFileStateEntry -Path $Path
    if ($null -eq $entry) { return $null }
    ConvertTo-RemcFakeFileStateInfo -Entry $entry
}

function Read-RemcFakeFileStateText {
    param([string] $Path)
    $state = $global:RemcFakeState
    $null = $state.FileStateTextQueries.Add($Path)
    $entry = Get-RemcFakeFileStateEntry -Path $Path
    if ($null -eq $entry) { throw (New-Object System.Management.Automation.ItemNotFoundException ("Cannot find path '{0}' because it does not exist." -f $Path)) }
    if (Test-RemcFakeFileStateIn -Path $Path -Patterns $state.FileStateLocked) {
        throw (New-Object System.IO.IOException ("The process cannot access the file '{0}' because it is being used by another process." -f $Path))
    }
    [string]$entry.Text
}

Set-Alias -Name Get-RemcFileStateVariable -Value Get-RemcFakeFileStateVariable
Set-Alias -Name Get-RemcFileStateItem -Value Get-RemcFakeFileStateItem
Set-Alias -Name Read-RemcFileStateText -Value Read-RemcFakeFileStateText
