# Test fakes for the windows-feature seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState; only this template's keys (Feature*) are touched:
#   FeatureList        the features this scenario names: hashtables made by New-RemcFakeWindowsFeature
#   FeatureDefault     the feature every other name is (a template; its FeatureName is the name asked
#                      for), or $null: this Windows has no feature of any other name. A default feature
#                      joins FeatureList only when something changes it, so a query never changes state.
#   FeatureQueryError  a message Get-WindowsOptionalFeature throws (DISM broken, not elevated), or $null
#   FeatureCalls       every seam call in order: 'query:<name>', and the calls that change the machine:
#                      'enable:<name>[:source=<path>][:limitaccess]' and 'disable:<name>'

# One feature of the simulated machine, as Get-WindowsOptionalFeature -Online -FeatureName describes it
# (Learn: "Get-WindowsOptionalFeature", output Microsoft.Dism.Commands.AdvancedFeatureObject, whose fields
# are those of DISM's "DismFeatureInfo structure": FeatureName, State, DisplayName, Description,
# RestartRequired). State holds a Microsoft.Dism.Commands.FeatureState name: 'Enabled', 'Disabled',
# 'DisabledWithPayloadRemoved', 'EnablePending', 'DisablePending' (others, e.g. 'PartiallyInstalled',
# exist and are not judged); RestartRequired a Microsoft.Dism.Commands.RestartType name: 'No',
# 'Possible', 'Required'. The other keys steer the fake:
#   OnEnable / OnDisable  'done' (the state changes, no restart), 'pending' (EnablePending /
#                  DisablePending, RestartNeeded), 'fail' (DISM throws ErrorCode), 'hang' (never answers),
#                  'noop' (DISM answers success, and the state stays as it was)
#   ErrorCode      the HResult a failing DISM call carries, e.g. 0x800F0954 (WSUS without the payload)
#   SourceHelps    a failing enable works when a source is declared (the payload is on the share)
function New-RemcFakeWindowsFeature {
    param(
        [string] $Name = 'NetFx3',
        [string] $DisplayName = '',
        [string] $State = 'Disabled',
        [string] $RestartRequired = 'Possible',
        [ValidateSet('done', 'pending', 'fail', 'hang', 'noop')] [string] $OnEnable = 'done',
        [ValidateSet('done', 'pending', 'fail', 'hang', 'noop')] [string] $OnDisable = 'done',
        [long] $ErrorCode = 0x800F0954,
        [bool] $SourceHelps = $false
    )
    if ([string]::IsNullOrEmpty($DisplayName)) { $DisplayName = $Name }
    return @{
        FeatureName     = $Name
        DisplayName     = $DisplayName
        State           = $State
        RestartRequired = $RestartRequired
        OnEnable        = $OnEnable
        OnDisable       = $OnDisable
        ErrorCode       = $ErrorCode
        SourceHelps     = $SourceHelps
    }
}

# Features as a Windows 11 client has them out of the box (illustrative): .NET 3.5 disabled, SMB 1.0
# client removed, the Windows Subsystem for Linux disabled, the PDF printer enabled.
function Get-RemcFakeOrdinaryWindowsFeature {
    @(
        (New-RemcFakeWindowsFeature -Name 'NetFx3' -DisplayName '.NET Framework 3.5 (includes .NET 2.0 and 3.0)' -State 'Disabled')
        (New-RemcFakeWindowsFeature -Name 'SMB1Protocol' -DisplayName 'SMB 1.0/CIFS File Sharing Support' -State 'Disabled' -RestartRequired 'Required')
        (New-RemcFakeWindowsFeature -Name 'Microsoft-Windows-Subsystem-Linux' -DisplayName 'Windows Subsystem for Linux' -State 'Disabled' -RestartRequired 'Required' -OnEnable 'pending')
        (New-RemcFakeWindowsFeature -Name 'Printing-PrintToPDFServices-Features' -DisplayName 'Microsoft Print to PDF' -State 'Enabled')
    )
}

function Reset-RemcFakeWindowsFeature {
    param(
        # The features the scenario names; default: Get-RemcFakeOrdinaryWindowsFeature.
        $Feature = $null,
        # What every other name is (New-RemcFakeWindowsFeature; its Name is ignored); $null: not present.
        # Default: an enabled feature, so that any declared feature exists.
        $Default = $null,
        # Get-WindowsOptionalFeature fails with this message.
        $QueryError = $null
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    if (-not $PSBoundParameters.ContainsKey('Feature')) { $Feature = Get-RemcFakeOrdinaryWindowsFeature }
    if (-not $PSBoundParameters.ContainsKey('Default')) { $Default = New-RemcFakeWindowsFeature -Name '*' -State 'Enabled' }
    $state.FeatureList = New-Object System.Collections.ArrayList
    foreach ($item in @($Feature)) { if ($null -ne $item) { $null = $state.FeatureList.Add($item) } }
    $state.FeatureDefault = $Default
    $state.FeatureQueryError = $QueryError
    $state.FeatureCalls = New-Object System.Collections.ArrayList
}

# The entry of a feature by name (case-insensitive, as DISM compares), from the list or, when
# -Materialize, made from FeatureDefault and added to the list; $null when this Windows has none.
function Find-RemcFakeWindowsFeatureEntry {
    param([string] $Name, [switch] $Materialize)
    $state = $global:RemcFakeState
    foreach ($entry in @($state.FeatureList)) { if ([string]$entry.FeatureName -eq $Name) { return $entry } }
    if ($null -eq $state.FeatureDefault) { return $null }
    $entry = @{}
    foreach ($key in @($state.FeatureDefault.Keys)) { $entry[$key] = $state.FeatureDefault[$key] }
    $entry.FeatureName = $Name
    $entry.DisplayName = $Name
    if ($Materialize) { $null = $state.FeatureList.Add($entry) }
    return $entry
}

# An AdvancedFeatureObject as Get-WindowsOptionalFeature -Online -FeatureName returns it: the type name,
# the feature's fields, and those it has as an ImageObject (Online, RestartNeeded, LogPath, ...).
function ConvertTo-RemcFakeAdvancedFeature {
    param($Entry)
    [pscustomobject][ordered]@{
        PSTypeName       = 'Microsoft.Dism.Commands.AdvancedFeatureObject'
        FeatureName      = [string]$Entry.FeatureName
        DisplayName      = [string]$Entry.DisplayName
        Description      = [string]$Entry.DisplayName
        RestartRequired  = [string]$Entry.RestartRequired
        State            = [string]$Entry.State
        CustomProperties = @()
        Path             = $null
        Online           = $true
        WinPath          = $null
        SysDrivePath     = $null
        RestartNeeded    = $false
        LogPath          = 'C:\WINDOWS\Logs\DISM\dism.log'
        ScratchDirectory = $null
        LogLevel         = 'WarningsInfo'
    }
}

# Get-WindowsOptionalFeature -Online -FeatureName: the feature, or nothing for a name this Windows does
# not have (the real seam turns DISM's 0x800F080C into nothing).
function Get-RemcFakeWindowsFeatureInfo {
    param([string] $Name)
    $state = $global:RemcFakeState
    $null = $state.FeatureCalls.Add('query:' + $Name)
    if ($null -ne $state.FeatureQueryError) { throw [string]$state.FeatureQueryError }
    $entry = Find-RemcFakeWindowsFeatureEntry -Name $Name
    if ($null -eq $entry) { return @() }
    return @(ConvertTo-RemcFakeAdvancedFeature -Entry $entry)
}

# Enable / Disable-WindowsOptionalFeature -Online -NoRestart in the job, as the seam answers them.
function Invoke-RemcFakeWindowsFeatureChange {
    param([string] $Name, [bool] $Enable, [string] $Source = '', [bool] $LimitAccess = $false, [int] $TimeoutSeconds)
    $state = $global:RemcFakeState
    $call = 'disable:' + $Name
    if ($Enable) {
        $call = 'enable:' + $Name
        if ($Source -ne '') { $call += ':source=' + $Source }
        if ($LimitAccess) { $call += ':limitaccess' }
    }
    $null = $state.FeatureCalls.Add($call)
    $entry = Find-RemcFakeWindowsFeatureEntry -Name $Name -Materialize
    if ($null -eq $entry) {
        # DISM: "Feature name ... is unknown."
        return @{ Finished = $true; Succeeded = $false; RestartNeeded = $false; HResult = [int]-2146498548; Message = ('Feature name {0} is unknown.' -f $Name) }
    }
    $behaviour = [string]$entry.OnDisable
    if ($Enable) { $behaviour = [string]$entry.OnEnable }
    if ($Enable -and $behaviour -eq 'fail' -and $Source -ne '' -and [bool]$entry.SourceHelps) { $behaviour = 'done' }
    if ($behaviour -eq 'hang') { return @{ Finished = $false; Succeeded = $false; RestartNeeded = $false; HResult = 0; Message = '' } }
    if ($behaviour -eq 'fail') {
        # A uint32 HRESULT as the signed Int32 an exception's HResult is.
        $code = [long]$entry.ErrorCode
        if ($code -gt [int]::MaxValue) { $code = $code - 4294967296 }
        return @{ Finished = $true; Succeeded = $false; RestartNeeded = $false; HResult = [int]$code; Message = 'The operation failed.' }
    }
    if ($behaviour -eq 'noop') { return @{ Finished = $true; Succeeded = $true; RestartNeeded = $false; HResult = 0; Message = '' } }
    $target = 'Disabled'
    if ($Enable) { $target = 'Enabled' }
    if ($behaviour -eq 'pending') {
        $target = 'DisablePending'
        if ($Enable) { $target = 'EnablePending' }
    }
    $entry.State = $target
    return @{ Finished = $true; Succeeded = $true; RestartNeeded = ($behaviour -eq 'pending'); HResult = 0; Message = '' }
}

Set-Alias -Name Get-RemcWindowsFeatureInfo -Value Get-RemcFakeWindowsFeatureInfo
Set-Alias -Name Invoke-RemcWindowsFeatureChange -Value Invoke-RemcFakeWindowsFeatureChange
