# Fakes of the two Defender cmdlets the custom check calls (tests only, never emitted). Aliases win over
# the real cmdlets. Shapes from Microsoft Learn, "MSFT_MpComputerStatus class" (booleans
# AMServiceEnabled and RealTimeProtectionEnabled) and "Get-MpComputerStatus" (AMRunningMode: 'Normal',
# 'Passive Mode', 'EDR Block Mode', ...).

function Reset-FakeDefender {
    param([bool] $RealTime = $true, [string] $Mode = 'Normal', [bool] $ServiceEnabled = $true, $SetError = $null)
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $global:RemcFakeState.Defender = @{ RealTimeProtectionEnabled = $RealTime; AMRunningMode = $Mode; AMServiceEnabled = $ServiceEnabled }
    $global:RemcFakeState.DefenderSetError = $SetError
    $global:RemcFakeState.DefenderPreferenceCalls = New-Object System.Collections.ArrayList
}

function Get-FakeMpComputerStatus {
    $d = $global:RemcFakeState.Defender
    [pscustomobject]@{
        AMRunningMode = [string] $d.AMRunningMode
        AMServiceEnabled = [bool] $d.AMServiceEnabled
        RealTimeProtectionEnabled = [bool] $d.RealTimeProtectionEnabled
        AntivirusEnabled = [bool] $d.AMServiceEnabled
    }
}

function Set-FakeMpPreference {
    param([bool] $DisableRealtimeMonitoring)
    $null = $global:RemcFakeState.DefenderPreferenceCalls.Add(@{ DisableRealtimeMonitoring = $DisableRealtimeMonitoring })
    if ($null -ne $global:RemcFakeState.DefenderSetError) { throw $global:RemcFakeState.DefenderSetError }
    $global:RemcFakeState.Defender.RealTimeProtectionEnabled = -not $DisableRealtimeMonitoring
}

Set-Alias -Name Get-MpComputerStatus -Value Get-FakeMpComputerStatus
Set-Alias -Name Set-MpPreference -Value Set-FakeMpPreference
