# Test fakes for the defender-preference seams (never emitted). Dot-source this file: it defines the fakes
# and points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState; only this template's keys (Defender*) are touched:
#   DefenderLocal      the local preferences, name -> value ([bool] for Disable*, a number for the others)
#   DefenderPolicy     what a Group Policy or Intune policy sets, same shape; it wins over the local value,
#                      and Get-MpPreference shows it (a local write goes to the local value and changes nothing)
#   DefenderMode       Get-MpComputerStatus' AMRunningMode: 'Normal', 'Passive Mode', 'SxS Passive Mode', 'EDR Block Mode'
#   DefenderTamper     [bool] IsTamperProtected: when on, a write of a setting it protects (DisableRealtimeMonitoring,
#                      DisableBehaviorMonitoring, DisableIOAVProtection, MAPSReporting) is ignored without an error
#   DefenderSetError   $null, or the HRESULT ('0x80070005') a Set-MpPreference call fails with: nothing is written
#   DefenderReadError  $null, or the HRESULT ('0x800106ba') every Get-Mp* call fails with (Defender not running)
#   DefenderCalls      every seam call in order: 'read:status', 'read:preference', and the calls that change
#                      the machine: 'set:<Name>=<value>' (a [bool] as True / False)
#
# Values and types (Learn: "MSFT_MpPreference class", root/Microsoft/Windows/Defender, where each property's
# data type is given: DisableRealtimeMonitoring, DisableBehaviorMonitoring, DisableIOAVProtection,
# DisableScriptScanning "Boolean"; PUAProtection, MAPSReporting, SubmitSamplesConsent, CloudBlockLevel,
# EnableNetworkProtection "UInt8"; CloudExtendedTimeout "UInt32"; Learn: "Set-MpPreference" for the value of
# each name: PUAProtection 0 Disabled, 1 Enabled, 2 AuditMode; MAPSReporting 0 Disabled, 1 Basic, 2 Advanced;
# SubmitSamplesConsent 0 AlwaysPrompt, 1 SendSafeSamples, 2 NeverSend, 3 SendAllSamples; CloudBlockLevel
# 0 Default, 1 Moderate, 2 High, 4 HighPlus, 6 ZeroTolerance; CloudExtendedTimeout 0-50 seconds;
# EnableNetworkProtection 0 Disabled, 1 Enabled, 2 AuditMode). Tamper Protection's settings: Learn "Protect
# security settings with tamper protection" (real-time protection, behavior monitoring, IOAV, cloud-delivered
# protection; script scanning is not in that list, so the probe does not count it protected and only the
# fix's read-back would show it kept; "changes made to tamper-protected settings might appear to succeed but
# are actually blocked", hence the fake's silent ignore). Passive and EDR block modes: Learn "Microsoft
# Defender Antivirus compatibility" and "Get-MpComputerStatus" (AMRunningMode).

# Windows 11 out of the box: protection on, MAPS advanced, safe samples sent, the rest at their defaults.
function Get-RemcFakeDefenderDefault {
    return @{
        DisableRealtimeMonitoring = $false; DisableBehaviorMonitoring = $false; DisableIOAVProtection = $false; DisableScriptScanning = $false
        PUAProtection = 0; MAPSReporting = 2; SubmitSamplesConsent = 1; CloudBlockLevel = 0; CloudExtendedTimeout = 0; EnableNetworkProtection = 0
    }
}

function Reset-RemcFakeDefenderPreference {
    param(
        # Local values that differ from the defaults: name -> value.
        [hashtable] $Local = @{},
        # Policy values: name -> value.
        [hashtable] $Policy = @{},
        # Get-MpComputerStatus' AMRunningMode: 'Normal' (Defender active), 'Passive Mode', 'SxS Passive Mode', 'EDR Block Mode'.
        [string] $Mode = 'Normal',
        # IsTamperProtected: when on, a write of a setting Tamper Protection keeps is ignored without an error.
        [bool] $Tamper = $false,
        # Set-MpPreference fails with this HRESULT ('0x80070005'), writing nothing.
        $SetError = $null,
        # Every Get-Mp* call fails with this HRESULT ('0x800106ba': Defender not running).
        $ReadError = $null
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.DefenderLocal = Get-RemcFakeDefenderDefault
    foreach ($name in @($Local.Keys)) { $state.DefenderLocal[$name] = $Local[$name] }
    $state.DefenderPolicy = @{}
    foreach ($name in @($Policy.Keys)) { $state.DefenderPolicy[$name] = $Policy[$name] }
    $state.DefenderMode = $Mode
    $state.DefenderTamper = $Tamper
    $state.DefenderSetError = $SetError
    $state.DefenderReadError = $ReadError
    $state.DefenderCalls = New-Object System.Collections.ArrayList
}

# A failure as the Defender cmdlets report it: the ErrorRecord's FullyQualifiedErrorId names the HRESULT
# ('HRESULT 0x800106ba,Get-MpPreference', as in the error Windows prints when Defender is not running, with
# another antivirus installed: the output quoted in github.com/MultiPoolMiner/MultiPoolMiner issue 351,
# "FullyQualifiedErrorId : HRESULT 0x800106ba,Add-MpPreference", a CimException whose message is
# "Operation failed with the following error: 0x800106ba").
function New-RemcFakeDefenderError {
    param([string] $Code, [string] $Call)
    $ex = New-Object System.Exception ('The operation failed ({0}).' -f $Code)
    $id = 'HRESULT {0},{1}' -f $Code, $Call
    return (New-Object System.Management.Automation.ErrorRecord($ex, $id, [System.Management.Automation.ErrorCategory]::NotSpecified, $null))
}

# Get-MpComputerStatus: an MSFT_MpComputerStatus (Learn: "Get-MpComputerStatus", Example 1's output:
# AMRunningMode : Normal, AMServiceEnabled : True, IsTamperProtected : True, ...; strings and Booleans).
function Get-RemcFakeDefenderStatus {
    $state = $global:RemcFakeState
    $null = $state.DefenderCalls.Add('read:status')
    if ($null -ne $state.DefenderReadError) { throw (New-RemcFakeDefenderError -Code ([string]$state.DefenderReadError) -Call 'Get-MpComputerStatus') }
    $source = 'N/A'
    if ($state.DefenderTamper) { $source = 'Intune' }
    [pscustomobject][ordered]@{
        PSTypeName                = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Defender/MSFT_MpComputerStatus'
        AMEngineVersion           = '1.1.24090.11'
        AMProductVersion          = '4.18.24090.11'
        AMRunningMode             = [string]$state.DefenderMode
        AMServiceEnabled          = $true
        AntispywareEnabled        = $true
        AntivirusEnabled          = $true
        BehaviorMonitorEnabled    = -not [bool](Get-RemcFakeDefenderValue -Name 'DisableBehaviorMonitoring')
        IoavProtectionEnabled     = -not [bool](Get-RemcFakeDefenderValue -Name 'DisableIOAVProtection')
        IsTamperProtected         = [bool]$state.DefenderTamper
        RealTimeProtectionEnabled = -not [bool](Get-RemcFakeDefenderValue -Name 'DisableRealtimeMonitoring')
        TamperProtectionSource    = $source
    }
}

# The value in force: the policy's when it sets one, else the local one.
function Get-RemcFakeDefenderValue {
    param([string] $Name)
    $state = $global:RemcFakeState
    if ($state.DefenderPolicy.ContainsKey($Name)) { return $state.DefenderPolicy[$Name] }
    return $state.DefenderLocal[$Name]
}

# Get-MpPreference: an MSFT_MpPreference with the types the class gives (see the top of this file).
function Get-RemcFakeDefenderPreference {
    $state = $global:RemcFakeState
    $null = $state.DefenderCalls.Add('read:preference')
    if ($null -ne $state.DefenderReadError) { throw (New-RemcFakeDefenderError -Code ([string]$state.DefenderReadError) -Call 'Get-MpPreference') }
    [pscustomobject][ordered]@{
        PSTypeName                = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Defender/MSFT_MpPreference'
        CheckForSignaturesBeforeRunningScan = $false
        CloudBlockLevel           = [byte](Get-RemcFakeDefenderValue -Name 'CloudBlockLevel')
        CloudExtendedTimeout      = [uint32](Get-RemcFakeDefenderValue -Name 'CloudExtendedTimeout')
        DisableBehaviorMonitoring = [bool](Get-RemcFakeDefenderValue -Name 'DisableBehaviorMonitoring')
        DisableIOAVProtection     = [bool](Get-RemcFakeDefenderValue -Name 'DisableIOAVProtection')
        DisableRealtimeMonitoring = [bool](Get-RemcFakeDefenderValue -Name 'DisableRealtimeMonitoring')
        DisableScriptScanning     = [bool](Get-RemcFakeDefenderValue -Name 'DisableScriptScanning')
        EnableNetworkProtection   = [byte](Get-RemcFakeDefenderValue -Name 'EnableNetworkProtection')
        ExclusionPath             = $null
        MAPSReporting             = [byte](Get-RemcFakeDefenderValue -Name 'MAPSReporting')
        PUAProtection             = [byte](Get-RemcFakeDefenderValue -Name 'PUAProtection')
        ScanScheduleDay           = [byte]0
        SubmitSamplesConsent      = [byte](Get-RemcFakeDefenderValue -Name 'SubmitSamplesConsent')
    }
}

# Set-MpPreference -<Name> <Value>: writes the local value; ignored without an error for a setting Tamper
# Protection protects while it is on.
function Set-RemcFakeDefenderPreference {
    param([string] $Name, $Value)
    $state = $global:RemcFakeState
    $null = $state.DefenderCalls.Add(('set:{0}={1}' -f $Name, $Value))
    if ($null -ne $state.DefenderSetError) { throw (New-RemcFakeDefenderError -Code ([string]$state.DefenderSetError) -Call 'Set-MpPreference') }
    $protected = @('DisableRealtimeMonitoring', 'DisableBehaviorMonitoring', 'DisableIOAVProtection', 'MAPSReporting')
    if ($state.DefenderTamper -and $protected -contains $Name) { return }
    $state.DefenderLocal[$Name] = $Value
}

Set-Alias -Name Get-RemcDefenderStatus -Value Get-RemcFakeDefenderStatus
Set-Alias -Name Get-RemcDefenderPreference -Value Get-RemcFakeDefenderPreference
Set-Alias -Name Set-RemcDefenderPreference -Value Set-RemcFakeDefenderPreference
