# Test fakes for the credential-purge seams (never emitted). Dot-source this file: it defines the
# fakes and points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $script:RemcFakeState; only this template's keys are touched, so the
# fakes of several templates can share one state table.

function Reset-RemcFakeCredentialPurge {
    param(
        $Credential = @(),
        [switch] $NoLogonSession,
        [string[]] $Process = @(),
        [string[]] $FailDelete = @(),
        [string[]] $GoneOnDelete = @()
    )
    if ($null -eq $script:RemcFakeState) { $script:RemcFakeState = @{} }
    $script:RemcFakeState.Credentials = New-Object System.Collections.ArrayList
    foreach ($item in @($Credential)) { if ($null -ne $item) { $null = $script:RemcFakeState.Credentials.Add($item) } }
    $script:RemcFakeState.NoLogonSession = [bool]$NoLogonSession
    $script:RemcFakeState.Processes = New-Object System.Collections.ArrayList
    foreach ($name in $Process) { $null = $script:RemcFakeState.Processes.Add($name) }
    # FailDelete: CredDeleteW fails; GoneOnDelete: another process removed it after enumeration.
    $script:RemcFakeState.FailDelete = @($FailDelete)
    $script:RemcFakeState.GoneOnDelete = @($GoneOnDelete)
    $script:RemcFakeState.Deleted = New-Object System.Collections.ArrayList
    # Calls: every seam call in order ('enumerate', 'stop:<names>', 'delete:<target>|<type>').
    $script:RemcFakeState.Calls = New-Object System.Collections.ArrayList
}

function New-RemcFakeCredential {
    param([string] $TargetName, [int] $Type = 1, [string] $UserName = 'user@contoso.com')
    [pscustomobject]@{ TargetName = $TargetName; Type = $Type; UserName = $UserName }
}

function Get-RemcFakeCredential {
    $null = $script:RemcFakeState.Calls.Add('enumerate')
    if ($script:RemcFakeState.NoLogonSession) {
        throw 'no logon session: CredEnumerateW returned ERROR_NO_SUCH_LOGON_SESSION (1312)'
    }
    foreach ($item in @($script:RemcFakeState.Credentials)) {
        [pscustomobject]@{ TargetName = $item.TargetName; Type = $item.Type; UserName = $item.UserName }
    }
}

function Remove-RemcFakeCredential {
    param([string] $TargetName, [int] $Type)
    $null = $script:RemcFakeState.Calls.Add(('delete:{0}|{1}' -f $TargetName, $Type))
    if ($script:RemcFakeState.FailDelete -contains $TargetName) { throw 'CredDeleteW failed with Win32 error 5' }
    if ($script:RemcFakeState.GoneOnDelete -contains $TargetName) { return $false }
    # Like CredDeleteW: exact target (case-insensitive) and exact type, no wildcards.
    foreach ($item in @($script:RemcFakeState.Credentials)) {
        if ($item.TargetName -eq $TargetName -and $item.Type -eq $Type) {
            $script:RemcFakeState.Credentials.Remove($item)
            $null = $script:RemcFakeState.Deleted.Add([pscustomobject]@{ TargetName = $item.TargetName; Type = $item.Type })
            return $true
        }
    }
    return $false
}

function Stop-RemcFakeProcess {
    param([string[]] $Name)
    $null = $script:RemcFakeState.Calls.Add(('stop:{0}' -f ($Name -join ',')))
    $stopped = 0
    foreach ($process in @($script:RemcFakeState.Processes)) {
        if ($Name -contains $process) {
            $script:RemcFakeState.Processes.Remove($process)
            $stopped++
        }
    }
    return $stopped
}

Set-Alias -Name Get-RemcCredential -Value Get-RemcFakeCredential
Set-Alias -Name Remove-RemcCredential -Value Remove-RemcFakeCredential
Set-Alias -Name Stop-RemcProcess -Value Stop-RemcFakeProcess
