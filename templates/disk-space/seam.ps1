# The only Windows-facing calls of disk-space. Tests replace both with fakes (fakes.ps1). Cmdlets only:
# Get-CimInstance and the Env: drive run in Constrained Language Mode ([System.IO.DriveInfo] does not).

function Get-RemcDiskSpaceVolume {
    # The Win32_LogicalDisk instance of one drive ('C:'), or nothing when the device has no such drive.
    # FreeSpace and Size are UInt64 byte counts; both are null while the volume is not ready (no medium).
    param([string] $DeviceId)
    if ($DeviceId -notmatch '^[A-Za-z]:$') { throw ("not a drive letter: '{0}'" -f $DeviceId) }
    Get-CimInstance -ClassName Win32_LogicalDisk -Filter ("DeviceID='{0}'" -f $DeviceId) -ErrorAction Stop | Select-Object -First 1
}

function Get-RemcDiskSpaceSystemDrive {
    # The system drive as Windows sets %SystemDrive% ('C:'), or '' when it is not set.
    if (-not (Test-Path -LiteralPath 'Env:SystemDrive')) { return '' }
    [string](Get-Item -LiteralPath 'Env:SystemDrive').Value
}
