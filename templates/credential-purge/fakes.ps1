# Test fakes for the credential-purge seams (never emitted). Dot-source this file: it defines the
# fakes and points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its
# own script scope); only this template's keys are touched, so the
# fakes of several templates can share one state table.

function Reset-RemcFakeCredentialPurge {
    param(
        $Credential = @(),
        [switch] $NoLogonSession,
        [string[]] $Process = @(),
        [string[]] $FailDelete = @(),
        [string[]] $GoneOnDelete = @(),
        # EnumerateError: CredEnumerateW fails for another reason (the seam throws this message).
        $EnumerateError = $null
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.Credentials = New-Object System.Collections.ArrayList
    foreach ($item in @($Credential)) { if ($null -ne $item) { $null = $state.Credentials.Add($item) } }
    $state.NoLogonSession = [bool]$NoLogonSession
    $state.EnumerateError = $EnumerateError
    $state.Processes = New-Object System.Collections.ArrayList
    foreach ($name in $Process) { $null = $state.Processes.Add($name) }
    # FailDelete: CredDeleteW fails; GoneOnDelete: another process removed it after enumeration.
    $state.FailDelete = @($FailDelete)
    $state.GoneOnDelete = @($GoneOnDelete)
    $state.Deleted = New-Object System.Collections.ArrayList
    # Calls: every seam call in order ('enumerate', 'stop:<names>', 'delete:<target>|<type>').
    $state.Calls = New-Object System.Collections.ArrayList
    # EnumerateFilters: the filter of every enumeration, '(all)' for none.
    $state.EnumerateFilters = New-Object System.Collections.ArrayList
}

# A credential as the seam hands it over from CredEnumerateW's CREDENTIALW (Microsoft Learn, wincred.h):
# TargetName [string], Type [int] (CRED_TYPE_GENERIC 1, CRED_TYPE_DOMAIN_PASSWORD 2, ...), UserName [string].
function New-RemcFakeCredential {
    param([string] $TargetName, [int] $Type = 1, [string] $UserName = 'user@contoso.com')
    [pscustomobject]@{ TargetName = $TargetName; Type = $Type; UserName = $UserName }
}

function Get-RemcFakeCredential {
    # Like the seam over CredEnumerateW: a filter 'prefix*' returns the entries whose target name starts
    # with prefix (Win32 CredEnumerate docs); compared without case here, as Credential Manager treats
    # target names (not confirmed for the filter itself). No filter returns every entry.
    param([string[]] $Filter = @())
    $state = $global:RemcFakeState
    $null = $state.Calls.Add('enumerate')
    $filters = @(@($Filter) | Where-Object { -not [string]::IsNullOrEmpty($_) })
    foreach ($one in $filters) { $null = $state.EnumerateFilters.Add($one) }
    if ($filters.Count -eq 0) { $null = $state.EnumerateFilters.Add('(all)') }
    if ($state.NoLogonSession) {
        throw 'no logon session: CredEnumerateW returned ERROR_NO_SUCH_LOGON_SESSION (1312)'
    }
    if ($null -ne $state.EnumerateError) { throw $state.EnumerateError }
    foreach ($item in @($state.Credentials)) {
        $wanted = $filters.Count -eq 0
        foreach ($one in $filters) {
            $prefix = $one.TrimEnd('*')
            if (([string]$item.TargetName).StartsWith($prefix, [StringComparison]::OrdinalIgnoreCase)) { $wanted = $true }
        }
        if ($wanted) { [pscustomobject]@{ TargetName = $item.TargetName; Type = $item.Type; UserName = $item.UserName } }
    }
}

function Remove-RemcFakeCredential {
    param([string] $TargetName, [int] $Type)
    $state = $global:RemcFakeState
    $null = $state.Calls.Add(('delete:{0}|{1}' -f $TargetName, $Type))
    if ($state.FailDelete -contains $TargetName) { throw 'CredDeleteW failed with Win32 error 5' }
    if ($state.GoneOnDelete -contains $TargetName) { return $false }
    # Like CredDeleteW: exact target (case-insensitive) and exact type, no wildcards.
    foreach ($item in @($state.Credentials)) {
        if ($item.TargetName -eq $TargetName -and $item.Type -eq $Type) {
            $state.Credentials.Remove($item)
            $null = $state.Deleted.Add([pscustomobject]@{ TargetName = $item.TargetName; Type = $item.Type })
            return $true
        }
    }
    return $false
}

function Stop-RemcFakeProcess {
    param([string[]] $Name)
    $state = $global:RemcFakeState
    $null = $state.Calls.Add(('stop:{0}' -f ($Name -join ',')))
    $stopped = 0
    foreach ($process in @($state.Processes)) {
        if ($Name -contains $process) {
            $state.Processes.Remove($process)
            $stopped++
        }
    }
    return $stopped
}

Set-Alias -Name Get-RemcCredential -Value Get-RemcFakeCredential
Set-Alias -Name Remove-RemcCredential -Value Remove-RemcFakeCredential
Set-Alias -Name Stop-RemcProcess -Value Stop-RemcFakeProcess
