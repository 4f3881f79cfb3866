# Test fakes of the path-cleanup profile seams (dot-sourced by fakes.ps1): the profiles Windows keeps and
# each user's shell folders. State: $RemcFakeState.PathCleanupProfiles, one hashtable per ProfileList
# subkey (Sid, ProfileImagePath as stored, State or $null, Loaded, ShellFolders), primitives only.
# - Get-ChildItem 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList' | Get-ItemProperty:
#   one PSCustomObject per subkey with PSChildName (the key name: the SID, or <SID>.bak for a backup),
#   PSPath, ProfileImagePath (REG_EXPAND_SZ, returned expanded: %SystemDrive%\Users\alice ->
#   C:\Users\alice), Flags and State (REG_DWORD -> Int32; a key without State has no such property).
#   Keys and State bits as Microsoft documents "the State value of a user's registry profile"
#   (itprotoday.com, Windows IT Pro tip "What is the meaning of the State value name": 0x0800 =
#   temporary profile loaded; precedence.co.uk "ProfileStates"): S-1-5-18 (systemprofile), S-1-5-19
#   (ServiceProfiles\LocalService), S-1-5-20 (ServiceProfiles\NetworkService), then one per account.
# - Get-ItemProperty of ...\Explorer\User Shell Folders (HKCU, or Registry::HKEY_USERS\<SID> only while
#   that hive is loaded): a PSCustomObject whose properties are the value names (Desktop, Personal,
#   My Pictures, My Music, My Video, Favorites, AppData, Local AppData, Start Menu, Startup,
#   {374DE290-123F-4565-9164-39C4925E467B} = Downloads), REG_EXPAND_SZ data such as %USERPROFILE%\Desktop
#   expanded with the READING process's environment (Learn: "KNOWNFOLDERID" default paths; OneDrive
#   Known Folder Move rewrites them to the OneDrive folder, Learn: "Redirect and move Windows known
#   folders to OneDrive"). Test-Path of a hive that is not loaded is $false.

function New-RemcFakePathCleanupShellFolders {
    param([hashtable] $Override = @{})
    # A user's User Shell Folders as Windows 10/11 writes them for a new profile (raw REG_EXPAND_SZ data).
    $values = @{
        'Desktop' = '%USERPROFILE%\Desktop'; 'Personal' = '%USERPROFILE%\Documents'; 'My Pictures' = '%USERPROFILE%\Pictures'
        'My Music' = '%USERPROFILE%\Music'; 'My Video' = '%USERPROFILE%\Videos'; 'Favorites' = '%USERPROFILE%\Favorites'
        'AppData' = '%USERPROFILE%\AppData\Roaming'; 'Local AppData' = '%USERPROFILE%\AppData\Local'
        'Start Menu' = '%USERPROFILE%\AppData\Roaming\Microsoft\Windows\Start Menu'
        'Startup' = '%USERPROFILE%\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup'
        '{374DE290-123F-4565-9164-39C4925E467B}' = '%USERPROFILE%\Downloads'
    }
    foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
    return $values
}

function New-RemcFakePathCleanupProfile {
    param(
        [Parameter(Mandatory = $true)] [string] $Sid,
        # As stored: REG_EXPAND_SZ, e.g. %SystemDrive%\Users\alice (Get-ItemProperty returns it expanded).
        [Parameter(Mandatory = $true)] [string] $ProfileImagePath,
        $State = 0,
        # The user's hive is loaded (HKU\<SID> exists): signed in, or a process of theirs runs.
        [switch] $Loaded,
        [hashtable] $ShellFolders = (New-RemcFakePathCleanupShellFolders)
    )
    @{ Sid = $Sid; ProfileImagePath = $ProfileImagePath; State = $State; Loaded = [bool]$Loaded; ShellFolders = $ShellFolders }
}

function Get-RemcFakePathCleanupStandardProfile {
    # The keys every Windows has: the three system accounts' profiles.
    New-RemcFakePathCleanupProfile -Sid 'S-1-5-18' -ProfileImagePath '%systemroot%\system32\config\systemprofile' -Loaded
    New-RemcFakePathCleanupProfile -Sid 'S-1-5-19' -ProfileImagePath '%systemroot%\ServiceProfiles\LocalService' -Loaded
    New-RemcFakePathCleanupProfile -Sid 'S-1-5-20' -ProfileImagePath '%systemroot%\ServiceProfiles\NetworkService' -Loaded
}

function Set-RemcFakePathCleanupProfiles {
    param($Profile = @())
    # The ProfileList of the simulated machine (call after Reset-RemcFakePathCleanup).
    $list = New-Object System.Collections.ArrayList
    foreach ($one in @($Profile)) { if ($null -ne $one) { $null = $list.Add($one) } }
    $global:RemcFakeState.PathCleanupProfiles = $list
}

function Get-RemcFakePathCleanupProfile {
    $null = $global:RemcFakeState.PathCleanupCalls.Add('profiles')
    foreach ($entry in @($global:RemcFakeState.PathCleanupProfiles)) {
        if ($null -eq $entry) { continue }
        $key = 'Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\' + $entry.Sid
        $values = [ordered]@{ PSPath = $key; PSChildName = [string]$entry.Sid; Flags = [int]0; ProfileImagePath = (Expand-RemcFakePathCleanupVariable -Text ([string]$entry.ProfileImagePath)) }
        if ($null -ne $entry.State) { $values.State = [int]$entry.State }
        [pscustomobject]$values
    }
}

function Get-RemcFakePathCleanupShellFolder {
    param([string] $Sid)
    $null = $global:RemcFakeState.PathCleanupCalls.Add('shell-folders:' + $Sid)
    $found = $null
    $own = Expand-RemcFakePathCleanupVariable -Text '%USERPROFILE%'
    foreach ($entry in @($global:RemcFakeState.PathCleanupProfiles)) {
        if ($null -eq $entry) { continue }
        if ($Sid -eq '' -and (Expand-RemcFakePathCleanupVariable -Text ([string]$entry.ProfileImagePath)) -eq $own) { $found = $entry }
        if ($Sid -ne '' -and [string]$entry.Sid -eq $Sid -and $entry.Loaded) { $found = $entry }
    }
    # HKCU always exists; a profile this machine state does not list gets Windows' defaults.
    if ($null -eq $found -and $Sid -eq '') { $found = @{ ShellFolders = (New-RemcFakePathCleanupShellFolders) } }
    if ($null -eq $found) { return $null }
    $values = [ordered]@{}
    foreach ($name in @($found.ShellFolders.Keys | Sort-Object)) { $values[$name] = Expand-RemcFakePathCleanupVariable -Text ([string]$found.ShellFolders[$name]) }
    return [pscustomobject]$values
}

Set-Alias -Name Get-RemcPathCleanupProfile -Value Get-RemcFakePathCleanupProfile
Set-Alias -Name Get-RemcPathCleanupShellFolder -Value Get-RemcFakePathCleanupShellFolder
