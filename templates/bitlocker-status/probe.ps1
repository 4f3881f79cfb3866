function Test-RemcBitLockerStatus {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $mountPoints = @(Get-RemcBitLockerMountPoint -Config $Config)
    $read = Get-RemcBitLockerVolume
    if ($null -eq $read) { throw 'Win32_EncryptableVolume query returned nothing' }
    if (-not $read.Available) {
        if ([string]$read.Reason -eq 'access denied') { throw 'cannot read BitLocker status: access denied (Win32_EncryptableVolume needs an administrator: run as system)' }
        return (New-RemcBitLockerUnavailable -Reason ([string]$read.Reason))
    }
    $instances = @(@($read.Volumes) | Where-Object { $null -ne $_ })
    if ($instances.Count -eq 0) { return (New-RemcBitLockerUnavailable -Reason 'no volumes') }
    $systemDrive = Get-RemcBitLockerSystemDrive
    $volumes = @(foreach ($instance in $instances) { ConvertTo-RemcBitLockerVolume -Instance $instance -SystemDrive $systemDrive })
    if (@($volumes | Where-Object { $_.Type -eq 'os' }).Count -eq 0) {
        throw ('cannot tell which encryptable volume holds Windows: none has VolumeType 0 and none is the system drive {0}' -f $systemDrive)
    }
    $requireData = [bool]$Config.RequireFixedDataVolumes
    foreach ($volume in $volumes) {
        $volume.Required = ($volume.Type -eq 'os') -or ($requireData -and $volume.Type -eq 'fixed') -or ($mountPoints -contains $volume.DriveLetter)
    }
    $shown = @(Select-RemcBitLockerShownVolume -Volumes $volumes)
    $unprotected = @($volumes | Where-Object { $_.Required -and $_.Protection -ne 'on' } | ForEach-Object { $_.MountPoint })
    $present = @($volumes | ForEach-Object { $_.DriveLetter })
    $missing = @($mountPoints | Where-Object { $present -notcontains $_ })
    $parts = @(foreach ($volume in $shown) { Format-RemcBitLockerVolume -Volume $volume })
    foreach ($letter in $missing) { $parts += ('{0} not present' -f $letter) }
    return @{
        InDesiredState = ($unprotected.Count -eq 0)
        Summary        = ($parts -join '; ')
        Facts          = @{
            Available   = $true
            Reason      = ''
            Volumes     = @(foreach ($volume in $volumes) { ConvertTo-RemcBitLockerVolumeFact -Volume $volume })
            Unprotected = $unprotected
            Missing     = $missing
        }
    }
}

function Get-RemcBitLockerMountPoint {
    param($Config)
    # Drive letters such as 'D:' (the compiler checked them), upper-case, each once.
    $letters = @()
    foreach ($item in @($Config.MountPoints)) {
        if ($null -eq $item -or [string]$item -eq '') { continue }
        $letter = ([string]$item).Trim().ToUpperInvariant()
        if ($letter -notmatch '^[A-Z]:$') { throw ("MountPoints must hold drive letters such as 'D:': '{0}'" -f $item) }
        if ($letters -notcontains $letter) { $letters += $letter }
    }
    return $letters
}

function New-RemcBitLockerUnavailable {
    param([string] $Reason)
    # No BitLocker here: the OS volume is certainly not protected by it, which is a definite answer.
    $why = 'no encryptable volumes'
    if ($Reason -eq 'namespace missing') { $why = 'its WMI provider is not installed' }
    if ($Reason -eq 'class missing') { $why = 'Win32_EncryptableVolume is not registered' }
    return @{
        InDesiredState = $false
        Summary        = ('BitLocker not available ({0})' -f $why)
        Facts          = @{ Available = $false; Reason = $Reason; Volumes = @(); Unprotected = @(); Missing = @() }
    }
}

function ConvertTo-RemcBitLockerVolume {
    param($Instance, [string] $SystemDrive)
    # Win32_EncryptableVolume: DriveLetter ('C:' or null), ProtectionStatus (0 off, 1 on, 2 unknown),
    # and on Windows 8 and later VolumeType (0 OS, 1 fixed data, 2 portable), ConversionStatus and
    # EncryptionMethod (uint32 each; null when the provider does not fill them).
    $letter = ([string]$Instance.DriveLetter).Trim().ToUpperInvariant()
    $protection = Get-RemcBitLockerNumber -Value $Instance.ProtectionStatus
    $conversion = Get-RemcBitLockerNumber -Value $Instance.ConversionStatus
    $method = Get-RemcBitLockerNumber -Value $Instance.EncryptionMethod
    return @{
        MountPoint       = (Get-RemcBitLockerVolumeLabel -DriveLetter $letter -DeviceId ([string]$Instance.DeviceID))
        DriveLetter      = $letter
        DeviceId         = [string]$Instance.DeviceID
        Type             = (Get-RemcBitLockerVolumeType -Value $Instance.VolumeType -DriveLetter $letter -SystemDrive $SystemDrive)
        ProtectionStatus = $protection
        Protection       = (Get-RemcBitLockerProtectionText -Value $protection)
        ConversionStatus = $conversion
        EncryptionMethod = $method
        Required         = $false
    }
}

function Get-RemcBitLockerNumber {
    param($Value)
    # uint32 as [long] (EncryptionMethod may be 0xFFFFFFFF, UNKNOWN); null stays null. What
    # [long]::TryParse reads (NumberStyles.Integer, the invariant culture), as a pattern, then Parse:
    # TryParse itself needs [ref], which Constrained Language Mode refuses.
    if ($null -eq $Value -or [string]$Value -eq '') { return $null }
    $text = ([string]$Value).Trim()
    if ($text -notmatch '^[+-]?[0-9]+$') { return $null }
    try {
        return [long]::Parse($text, [Globalization.NumberStyles]::Integer, [Globalization.CultureInfo]::InvariantCulture)
    }
    catch {
        # Too large for a long: TryParse said false.
        return $null
    }
}

function Get-RemcBitLockerVolumeLabel {
    param([string] $DriveLetter, [string] $DeviceId)
    if ($DriveLetter -ne '') { return $DriveLetter }
    # A volume without a letter (mounted in a folder): '\\?\Volume{1b2c...}\' reads as 'Volume{1b2c3d4e}'.
    $found = [regex]::Match($DeviceId, 'Volume\{([0-9A-Fa-f]{8})')
    if ($found.Success) { return ('Volume{' + $found.Groups[1].Value.ToLowerInvariant() + '}') }
    return 'volume without a letter'
}

function Get-RemcBitLockerVolumeType {
    param($Value, [string] $DriveLetter, [string] $SystemDrive)
    $type = Get-RemcBitLockerNumber -Value $Value
    if ($null -eq $type) {
        # No VolumeType (an old provider): the system drive is the OS volume, the rest cannot be told.
        if ($DriveLetter -ne '' -and $DriveLetter -eq $SystemDrive) { return 'os' }
        return 'unknown'
    }
    if ($type -eq 0) { return 'os' }
    if ($type -eq 1) { return 'fixed' }
    if ($type -eq 2) { return 'portable' }
    return 'unknown'
}

function Get-RemcBitLockerProtectionText {
    param($Value)
    if ($Value -eq 1) { return 'on' }
    if ($Value -eq 0) { return 'off' }
    # 2: cannot be determined, e.g. a locked data volume; a missing value is no better.
    return 'unknown'
}

function Get-RemcBitLockerConversionText {
    param($Value)
    # GetConversionStatus method of the Win32_EncryptableVolume class: 0..5.
    if ($null -eq $Value) { return 'encryption state unknown' }
    switch ([long]$Value) {
        0 { return 'not encrypted' }
        1 { return 'encrypted' }
        2 { return 'encrypting' }
        3 { return 'decrypting' }
        4 { return 'encryption paused' }
        5 { return 'decryption paused' }
    }
    return ('encryption state {0}' -f $Value)
}

function Get-RemcBitLockerMethodText {
    param($Value)
    # GetEncryptionMethod method of the Win32_EncryptableVolume class: 0..7, 0xFFFFFFFF unknown.
    if ($null -eq $Value) { return 'method unknown' }
    switch ([long]$Value) {
        0 { return 'no encryption method' }
        1 { return 'AES 128 with diffuser' }
        2 { return 'AES 256 with diffuser' }
        3 { return 'AES 128' }
        4 { return 'AES 256' }
        5 { return 'hardware encryption' }
        6 { return 'XTS-AES 128' }
        7 { return 'XTS-AES 256' }
    }
    return 'method unknown'
}

function Select-RemcBitLockerShownVolume {
    param($Volumes)
    # The OS volume first, then fixed data and other volumes by name; a portable volume (a USB stick
    # plugged in at the time) only when it is required.
    $rank = @{ 'os' = 0; 'fixed' = 1; 'unknown' = 2; 'portable' = 3 }
    $shown = @($Volumes | Where-Object { $_.Type -ne 'portable' -or $_.Required })
    $sorted = @($shown | Sort-Object -Property @{ Expression = { $rank[[string]$_.Type] } }, @{ Expression = { [string]$_.MountPoint } })
    return $sorted
}

function Format-RemcBitLockerVolume {
    param($Volume)
    # 'C: protected (XTS-AES 128)', 'D: not protected (not encrypted; not required)'.
    $note = ''
    if (-not $Volume.Required) { $note = '; not required' }
    if ($Volume.Protection -eq 'on') {
        return ('{0} protected ({1})' -f $Volume.MountPoint, (Get-RemcBitLockerMethodText -Value $Volume.EncryptionMethod))
    }
    if ($Volume.Protection -eq 'unknown') {
        return ('{0} protection unknown (possibly locked{1})' -f $Volume.MountPoint, $note)
    }
    $state = Get-RemcBitLockerConversionText -Value $Volume.ConversionStatus
    # Fully encrypted with protection off: suspended, or the key still in the clear (not yet activated).
    if ($Volume.ConversionStatus -eq 1) { $state = 'encrypted, protection off' }
    return ('{0} not protected ({1}{2})' -f $Volume.MountPoint, $state, $note)
}

function ConvertTo-RemcBitLockerVolumeFact {
    param($Volume)
    return @{
        MountPoint       = $Volume.MountPoint
        Type             = $Volume.Type
        Protection       = $Volume.Protection
        ProtectionStatus = $Volume.ProtectionStatus
        Conversion       = (Get-RemcBitLockerConversionText -Value $Volume.ConversionStatus)
        Method           = (Get-RemcBitLockerMethodText -Value $Volume.EncryptionMethod)
        Required         = [bool]$Volume.Required
    }
}
