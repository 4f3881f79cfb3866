# Test fakes for the disk-space seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only this template's keys (DiskSpace*) are touched. The state holds primitive values
# only (it is saved between a scenario's steps); the seam fake turns them into the objects the real
# call returns.
#
# What Get-CimInstance -ClassName Win32_LogicalDisk returns, from Microsoft Learn "Win32_LogicalDisk
# class" (learn.microsoft.com/windows/win32/cimwin32prov/win32-logicaldisk): a CimInstance whose type
# name is Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_LogicalDisk, with DeviceID
# [string] ('C:'), DriveType [UInt32] (2 removable, 3 local disk, 4 network, 5 compact disc),
# FileSystem [string] ('NTFS'), VolumeName [string], FreeSpace [UInt64] and Size [UInt64] in bytes.
# A drive without a ready volume (a card reader or DVD drive with no medium) is listed with FileSystem,
# FreeSpace and Size null: e.g. the serialized Get-CimInstance Win32_LogicalDisk sample of the
# ImportExcel module's tests (Get-CimInstanceDisk.xml: C: Size 899659026432, Freespace 211221553152 as
# U64; H: with Size and Freespace Nil). A drive letter the device does not have returns no instance.

function Reset-RemcFakeDiskSpace {
    param(
        # The device's drives (New-RemcFakeLogicalDisk -State: hashtables of primitive values).
        $Disk = @(),
        # For scenarios, which cannot know the declared drive: every drive asked for that is not in
        # -Disk exists, a local disk of this size (GB) with this much free (GB).
        [double] $AnySizeGB = 0,
        [double] $AnyFreeGB = 0,
        # Drives that do not exist, as -like patterns ('*': every drive).
        [string[]] $Missing = @(),
        # Drives that exist without a ready volume (no medium), as -like patterns.
        [string[]] $NotReady = @(),
        # %SystemDrive% ('' when it is not set).
        [string] $SystemDrive = 'C:',
        # Any other failure of Get-CimInstance (the WMI service stopped, a broken repository): this message.
        $ReadError = $null
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.DiskSpaceDisks = @(@($Disk) | Where-Object { $null -ne $_ })
    $state.DiskSpaceAnySizeGB = $AnySizeGB
    $state.DiskSpaceAnyFreeGB = $AnyFreeGB
    $state.DiskSpaceMissing = @($Missing)
    $state.DiskSpaceNotReady = @($NotReady)
    $state.DiskSpaceSystemDrive = $SystemDrive
    $state.DiskSpaceReadError = $ReadError
    $state.DiskSpaceQueries = New-Object System.Collections.ArrayList
}

function New-RemcFakeLogicalDisk {
    # One drive as the fake state holds it (sizes in bytes); -NotReady: no medium (sizes unknown).
    param([string] $DeviceId = 'C:', [double] $SizeGB = 237.5, [double] $FreeGB = 100, [int] $DriveType = 3, [switch] $NotReady)
    $size = [UInt64]($SizeGB * 1073741824)
    $free = [UInt64]($FreeGB * 1073741824)
    if ($NotReady) { return @{ DeviceID = $DeviceId; DriveType = $DriveType; Ready = $false; Size = 0; FreeSpace = 0 } }
    return @{ DeviceID = $DeviceId; DriveType = $DriveType; Ready = $true; Size = $size; FreeSpace = $free }
}

function ConvertTo-RemcFakeCimLogicalDisk {
    # The CimInstance-shaped object Get-CimInstance returns for one drive of the fake state.
    param($Disk)
    $size = $null
    $free = $null
    $fileSystem = $null
    if ($Disk.Ready) { $size = [UInt64]$Disk.Size; $free = [UInt64]$Disk.FreeSpace; $fileSystem = 'NTFS' }
    return [pscustomobject]@{
        PSTypeName   = 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_LogicalDisk'
        DeviceID     = [string]$Disk.DeviceID
        DriveType    = [UInt32]$Disk.DriveType
        FileSystem   = $fileSystem
        VolumeName   = ''
        FreeSpace    = $free
        Size         = $size
    }
}

function Test-RemcFakeDiskSpaceIn {
    param([string] $DeviceId, $Patterns)
    foreach ($pattern in @($Patterns)) { if (-not [string]::IsNullOrEmpty([string]$pattern) -and $DeviceId -like [string]$pattern) { return $true } }
    return $false
}

function Get-RemcFakeDiskSpaceVolume {
    param([string] $DeviceId)
    $state = $global:RemcFakeState
    $null = $state.DiskSpaceQueries.Add($DeviceId)
    if ($null -ne $state.DiskSpaceReadError) { throw $state.DiskSpaceReadError }
    if (Test-RemcFakeDiskSpaceIn -DeviceId $DeviceId -Patterns $state.DiskSpaceMissing) { return }
    $disk = @(@($state.DiskSpaceDisks) | Where-Object { [string]$_.DeviceID -eq $DeviceId })[0]
    if ($null -eq $disk -and $state.DiskSpaceAnySizeGB -gt 0) { $disk = New-RemcFakeLogicalDisk -DeviceId $DeviceId -SizeGB $state.DiskSpaceAnySizeGB -FreeGB $state.DiskSpaceAnyFreeGB }
    if ($null -eq $disk) { return }
    if (Test-RemcFakeDiskSpaceIn -DeviceId $DeviceId -Patterns $state.DiskSpaceNotReady) { $disk = New-RemcFakeLogicalDisk -DeviceId $DeviceId -DriveType $disk.DriveType -NotReady }
    ConvertTo-RemcFakeCimLogicalDisk -Disk $disk
}

function Get-RemcFakeDiskSpaceSystemDrive {
    [string]$global:RemcFakeState.DiskSpaceSystemDrive
}

Set-Alias -Name Get-RemcDiskSpaceVolume -Value Get-RemcFakeDiskSpaceVolume
Set-Alias -Name Get-RemcDiskSpaceSystemDrive -Value Get-RemcFakeDiskSpaceSystemDrive
