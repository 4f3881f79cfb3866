# The seam of defender-preference: the only Windows-facing calls, thin wrappers of the Defender module
# (Learn: "Get-MpComputerStatus", "Get-MpPreference", "Set-MpPreference"). Its cmdlets are CDXML over CIM
# (root/Microsoft/Windows/Defender: MSFT_MpComputerStatus, MSFT_MpPreference), a module Windows ships, so
# they answer in Constrained Language Mode as in FullLanguage; the code here and in the probe and fix uses
# cmdlets, properties, hashtables and [bool]/[int]/[string] casts only. The probe and fix hold the logic;
# the tests replace these functions with fakes (fakes.ps1).

# Defender's status: a CimInstance of MSFT_MpComputerStatus. The probe reads AMRunningMode ('Normal',
# 'Passive Mode', 'SxS Passive Mode', 'EDR Block Mode') and IsTamperProtected ([bool]).
function Get-RemcDefenderStatus {
    return (Get-MpComputerStatus -ErrorAction Stop)
}

# The preferences in force: a CimInstance of MSFT_MpPreference. Its Disable* properties are [bool], the
# choices [byte] (uint8), CloudExtendedTimeout [uint32]. A Group Policy or Intune policy's value shows here
# in place of the local one.
function Get-RemcDefenderPreference {
    return (Get-MpPreference -ErrorAction Stop)
}

# Sets one preference: Set-MpPreference -<Name> <Value>. Value is a [bool] for the Disable* switches and
# the number for the others (their enum parameters take the number as the value of the same name).
function Set-RemcDefenderPreference {
    param([string] $Name, $Value)
    $names = @('DisableRealtimeMonitoring', 'DisableBehaviorMonitoring', 'DisableIOAVProtection', 'DisableScriptScanning', 'PUAProtection', 'MAPSReporting', 'SubmitSamplesConsent', 'CloudBlockLevel', 'CloudExtendedTimeout', 'EnableNetworkProtection')
    if ($names -notcontains $Name) { throw ("Set-RemcDefenderPreference: no preference '{0}'" -f $Name) }
    $arguments = @{}
    $arguments[$Name] = $Value
    $null = Set-MpPreference @arguments -ErrorAction Stop
}

# What failed, in words no display language changes: the HRESULT the Defender cmdlets name in the error's
# FullyQualifiedErrorId ('HRESULT 0x800106ba,Get-MpPreference'), else the CimException's NativeErrorCode
# and HRESULT, from the exception or the first inner one that has them; '' when none does.
function Get-RemcDefenderErrorCode {
    param($ErrorRecord)
    $id = [string]$ErrorRecord.FullyQualifiedErrorId
    if ($id -match 'HRESULT (0x[0-9A-Fa-f]{8})') { return ('0x' + $Matches[1].Substring(2).ToUpperInvariant()) }
    $ex = $ErrorRecord.Exception
    while ($null -ne $ex) {
        $types = @($ex.PSObject.TypeNames)
        if ($types -contains 'Microsoft.Management.Infrastructure.CimException') {
            $code = [string]$ex.NativeErrorCode
            $hresult = [int]$ex.HResult
            if ($hresult -ne 0 -and $hresult -ne -2146233088 -and $hresult -ne -2146233087) { return ('{0} 0x{1:X8}' -f $code, $hresult) }
            return $code
        }
        if ($types -contains 'System.UnauthorizedAccessException') { return 'AccessDenied' }
        $ex = $ex.InnerException
    }
    return ''
}
