# The only Windows-facing calls of bitlocker-status. Tests replace Get-RemcBitLockerVolume and
# Get-RemcBitLockerSystemDrive with fakes; Get-RemcBitLockerQueryFailure is pure and tested directly.

function Get-RemcBitLockerVolume {
    # Every volume BitLocker can protect, as CIM instances of Win32_EncryptableVolume (Microsoft Learn:
    # "Win32_EncryptableVolume class"). A namespace or class that does not exist means BitLocker is not
    # installed: not Available, with the reason. Access denied is returned too (the probe decides);
    # any other failure throws one line. The query waits at most 60 seconds.
    try {
        $volumes = @(Get-CimInstance -Namespace 'root\cimv2\Security\MicrosoftVolumeEncryption' -ClassName 'Win32_EncryptableVolume' -OperationTimeoutSec 60 -ErrorAction Stop)
    }
    catch {
        $reason = Get-RemcBitLockerQueryFailure -ErrorRecord $_
        if ($reason -ne '') { return @{ Available = $false; Reason = $reason; Volumes = @() } }
        $text = (([string]$_.Exception.Message) -replace '\s+', ' ').Trim()
        if ($text.Length -gt 200) { $text = $text.Substring(0, 200) + '...' }
        throw ('Win32_EncryptableVolume query failed: {0}' -f $text)
    }
    return @{ Available = $true; Reason = ''; Volumes = $volumes }
}

function Get-RemcBitLockerQueryFailure {
    # 'namespace missing', 'class missing', 'access denied' or '' (anything else), from the error's
    # codes only: the messages are localized. Get-CimInstance reports a CimException whose
    # NativeErrorCode says what failed; its error id is the WMI message id, e.g. 'HRESULT 0x8004100e'.
    param($ErrorRecord)
    $ex = $ErrorRecord.Exception
    while ($null -ne $ex) {
        $types = @($ex.PSObject.TypeNames)
        if ($types -contains 'Microsoft.Management.Infrastructure.CimException') {
            $code = [string]$ex.NativeErrorCode
            if ($code -eq 'InvalidNamespace') { return 'namespace missing' }
            if ($code -eq 'InvalidClass') { return 'class missing' }
            if ($code -eq 'AccessDenied') { return 'access denied' }
        }
        if ($types -contains 'System.UnauthorizedAccessException') { return 'access denied' }
        $ex = $ex.InnerException
    }
    $id = [string]$ErrorRecord.FullyQualifiedErrorId
    # WBEM_E_INVALID_NAMESPACE, WBEM_E_INVALID_CLASS, WBEM_E_ACCESS_DENIED, E_ACCESSDENIED.
    if ($id -like 'HRESULT 0x8004100e*') { return 'namespace missing' }
    if ($id -like 'HRESULT 0x80041010*') { return 'class missing' }
    if ($id -like 'HRESULT 0x80041003*' -or $id -like 'HRESULT 0x80070005*') { return 'access denied' }
    if ([string]$ErrorRecord.CategoryInfo.Category -eq 'PermissionDenied') { return 'access denied' }
    return ''
}

function Get-RemcBitLockerSystemDrive {
    # The drive letter Windows runs from, e.g. 'C:'; used only when the volumes carry no VolumeType.
    return ([string]$env:SystemDrive).Trim().ToUpperInvariant()
}
