function Test-RemcDiskSpace {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $spec = Get-RemcDiskSpaceSpec -Config $Config
    $volume = Get-RemcDiskSpaceVolume -DeviceId $spec.Drive
    # Unknown is not "enough space": a drive the device lacks, or one without a readable size, fails.
    if ($null -eq $volume) { throw ("drive {0} not found on this device" -f $spec.Drive) }
    if ($null -eq $volume.Size -or $null -eq $volume.FreeSpace -or [decimal]$volume.Size -le 0) {
        throw ("drive {0} is not ready (no medium, or the volume is not mounted): its size is unknown" -f $spec.Drive)
    }
    $size = [decimal]$volume.Size
    $free = [decimal]$volume.FreeSpace
    $freeGB = $free / 1073741824
    $percent = $free * 100 / $size
    $below = @()
    if ($null -ne $spec.MinFreePercent -and $percent -lt $spec.MinFreePercent) { $below += 'percent' }
    if ($null -ne $spec.MinFreeGB -and $freeGB -lt $spec.MinFreeGB) { $below += 'GB' }
    return @{
        InDesiredState = ($below.Count -eq 0)
        Summary        = (Format-RemcDiskSpaceSummary -Spec $spec -Free $free -Size $size -Below $below)
        Facts          = @{
            Found          = ($below.Count -gt 0)
            Drive          = $spec.Drive
            FreeBytes      = $free
            SizeBytes      = $size
            FreeGB         = $freeGB
            FreePercent    = $percent
            MinFreePercent = $spec.MinFreePercent
            MinFreeGB      = $spec.MinFreeGB
            Below          = $below
        }
    }
}

function Get-RemcDiskSpaceSpec {
    param($Config)
    # The declaration as the probe uses it; the compiler checked it, this guards hand-made configs.
    $drive = ''
    if ($null -ne $Config.Drive) { $drive = ([string]$Config.Drive).Trim() }
    if ($drive -eq '') {
        $drive = (Get-RemcDiskSpaceSystemDrive).Trim()
        if ($drive -eq '') { throw 'the system drive is unknown: %SystemDrive% is not set' }
    }
    if ($drive -notmatch '^[A-Za-z]:$') { throw ("Drive must be a drive letter with its colon, such as 'D:': '{0}'" -f $drive) }
    $percent = Get-RemcDiskSpaceThreshold -Value $Config.MinFreePercent -Name 'MinFreePercent'
    $gb = Get-RemcDiskSpaceThreshold -Value $Config.MinFreeGB -Name 'MinFreeGB'
    if ($null -ne $percent -and $percent -ge 100) { throw ("MinFreePercent must be below 100: '{0}'" -f $Config.MinFreePercent) }
    if ($null -eq $percent -and $null -eq $gb) { throw 'needs a threshold: MinFreePercent, MinFreeGB or both' }
    return @{ Drive = $drive.ToUpperInvariant(); MinFreePercent = $percent; MinFreeGB = $gb }
}

function Get-RemcDiskSpaceThreshold {
    param($Value, [string] $Name)
    # A positive number as the invariant culture writes it, or $null when the option is left out.
    if ($null -eq $Value -or [string]$Value -eq '') { return $null }
    $text = ([string]$Value).Trim()
    if ($text -notmatch '^[+]?([0-9]+\.?[0-9]*|\.[0-9]+)$') { throw ("{0} must be a positive number: '{1}'" -f $Name, $Value) }
    $number = [decimal]::Parse($text, [Globalization.NumberStyles]::Float, [Globalization.CultureInfo]::InvariantCulture)
    if ($number -le 0) { throw ("{0} must be a positive number: '{1}'" -f $Name, $Value) }
    return $number
}

function Format-RemcDiskSpaceNumber {
    param([decimal] $Value)
    # One decimal, a point whatever the device's culture: '12.3'.
    return $Value.ToString('0.0', [Globalization.CultureInfo]::InvariantCulture)
}

function Format-RemcDiskSpaceSummary {
    param($Spec, [decimal] $Free, [decimal] $Size, $Below)
    # 'C: 12.3 GB free of 237.5 GB (5.2 %), below 10 % (threshold)' or '..., thresholds 10 % and 20 GB'
    $text = '{0} {1} GB free of {2} GB ({3} %)' -f $Spec.Drive, (Format-RemcDiskSpaceNumber -Value ($Free / 1073741824)), (Format-RemcDiskSpaceNumber -Value ($Size / 1073741824)), (Format-RemcDiskSpaceNumber -Value ($Free * 100 / $Size))
    $limits = @()
    if ($null -ne $Spec.MinFreePercent) { $limits += ('{0} %' -f $Spec.MinFreePercent.ToString([Globalization.CultureInfo]::InvariantCulture)) }
    if ($null -ne $Spec.MinFreeGB) { $limits += ('{0} GB' -f $Spec.MinFreeGB.ToString([Globalization.CultureInfo]::InvariantCulture)) }
    $names = @()
    if (@($Below) -contains 'percent') { $names += $limits[0] }
    if (@($Below) -contains 'GB') { $names += $limits[-1] }
    if ($names.Count -gt 0) { return ('{0}, below {1}' -f $text, ($names -join ' and ')) }
    $word = 'threshold'
    if ($limits.Count -gt 1) { $word = 'thresholds' }
    return ('{0}, {1} {2}' -f $text, $word, ($limits -join ' and '))
}
