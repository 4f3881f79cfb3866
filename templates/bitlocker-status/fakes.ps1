# Test fakes for the bitlocker-status seams (never emitted). Dot-source this file: it defines the
# fakes and points the seam names at them with aliases, which win over functions.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its own
# script scope); only this template's keys (BitLocker*) are touched.

function Reset-RemcFakeBitLockerStatus {
    param(
        # The encryptable volumes (New-RemcFakeEncryptableVolume). Default: an ordinary managed laptop,
        # C: the OS volume, fully encrypted with XTS-AES 128 and protection on. @() = no volumes.
        $Volume = $null,
        # 'namespace missing' (BitLocker not installed), 'class missing' or 'access denied' (not admin):
        # what the seam reports instead of volumes.
        [string] $Unavailable = '',
        # Any other failure of Get-CimInstance: the seam throws this message.
        $QueryError = $null,
        [string] $SystemDrive = 'C:'
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.BitLockerVolumes = New-Object System.Collections.ArrayList
    if ($PSBoundParameters.ContainsKey('Volume')) {
        foreach ($item in @($Volume)) { if ($null -ne $item) { $null = $state.BitLockerVolumes.Add($item) } }
    } else {
        $null = $state.BitLockerVolumes.Add((New-RemcFakeEncryptableVolume))
    }
    $state.BitLockerUnavailable = $Unavailable
    $state.BitLockerQueryError = $QueryError
    $state.BitLockerSystemDrive = $SystemDrive
    $state.BitLockerQueries = New-Object System.Collections.ArrayList
}

function New-RemcFakeEncryptableVolume {
    # One Win32_EncryptableVolume instance as Get-CimInstance returns it. Shape and types from
    # Microsoft Learn "Win32_EncryptableVolume class" (DeviceID, PersistentVolumeID, DriveLetter strings;
    # ProtectionStatus uint32: 0 unprotected, 1 protected, 2 unknown) and, for the properties the class
    # page does not list but the provider fills on Windows 8 and later (read by Get-BitLockerVolume),
    # the values of "GetConversionStatus method" (ConversionStatus uint32 0..5) and "GetEncryptionMethod
    # method" (EncryptionMethod uint32 0..7, 0xFFFFFFFF unknown) of the same class; VolumeType uint32
    # 0 OS, 1 fixed data, 2 portable. -Legacy leaves out the post-Windows 7 properties; $null values
    # model a provider that does not fill them.
    param(
        $DriveLetter = 'C:',
        $VolumeType = 0,
        $ProtectionStatus = 1,
        $ConversionStatus = 1,
        $EncryptionMethod = 6,
        [string] $Guid = '',
        [switch] $Legacy
    )
    if ($Guid -eq '') {
        $seed = [string]$DriveLetter
        if ($seed -eq '') { $seed = 'none' }
        $hex = (@([Text.Encoding]::ASCII.GetBytes($seed) | ForEach-Object { '{0:x2}' -f $_ }) -join '').PadRight(8, '0').Substring(0, 8)
        $Guid = '{0}-0000-4000-8000-00000000000{1}' -f $hex, [int]$VolumeType
    }
    $letter = $null
    if ($null -ne $DriveLetter -and [string]$DriveLetter -ne '') { $letter = [string]$DriveLetter }
    $properties = [ordered]@{
        PSTypeName         = 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Security/MicrosoftVolumeEncryption/Win32_EncryptableVolume'
        DeviceID           = ('\\?\Volume{{{0}}}\' -f $Guid)
        DriveLetter        = $letter
        PersistentVolumeID = ('{{{0}}}' -f $Guid.ToUpperInvariant())
        ProtectionStatus   = (ConvertTo-RemcFakeUInt32 -Value $ProtectionStatus)
    }
    if (-not $Legacy) {
        $properties.ConversionStatus = ConvertTo-RemcFakeUInt32 -Value $ConversionStatus
        $properties.EncryptionMethod = ConvertTo-RemcFakeUInt32 -Value $EncryptionMethod
        $properties.IsVolumeInitializedForProtection = ($null -ne $ConversionStatus -and [long]$ConversionStatus -ne 0)
        $properties.VolumeType = ConvertTo-RemcFakeUInt32 -Value $VolumeType
    }
    return [pscustomobject]$properties
}

function ConvertTo-RemcFakeUInt32 {
    param($Value)
    if ($null -eq $Value) { return $null }
    return [uint32][long]$Value
}

function Get-RemcFakeBitLockerVolume {
    $state = $global:RemcFakeState
    $null = $state.BitLockerQueries.Add('Win32_EncryptableVolume')
    if ($null -ne $state.BitLockerQueryError) { throw $state.BitLockerQueryError }
    if ([string]$state.BitLockerUnavailable -ne '') {
        return @{ Available = $false; Reason = [string]$state.BitLockerUnavailable; Volumes = @() }
    }
    return @{ Available = $true; Reason = ''; Volumes = @($state.BitLockerVolumes) }
}

function Get-RemcFakeBitLockerSystemDrive {
    return [string]$global:RemcFakeState.BitLockerSystemDrive
}

Set-Alias -Name Get-RemcBitLockerVolume -Value Get-RemcFakeBitLockerVolume
Set-Alias -Name Get-RemcBitLockerSystemDrive -Value Get-RemcFakeBitLockerSystemDrive
