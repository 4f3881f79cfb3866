# Test fakes for the sign-in-diagnostics seams (never emitted). Dot-source this file: it defines
# the fakes and points the seam names at them with aliases, which win over functions.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its
# own script scope); only this template's keys are touched.

function Reset-RemcFakeSignInDiagnostics {
    param(
        $AadEvent = @(),
        [switch] $LogUnavailable,
        [string] $LogReason = 'access denied',
        $LogError = $null,
        $Dsreg = $null,
        [switch] $NoDsreg,
        $Sid = 'S-1-5-21-1111111111-2222222222-3333333333-1001'
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.AadEvents = @($AadEvent | Where-Object { $null -ne $_ })
    $state.AadAvailable = -not $LogUnavailable
    $state.AadReason = $LogReason
    # AadError: the seam itself throws (an unexpected event-log failure).
    $state.AadError = $LogError
    $state.AadQueries = New-Object System.Collections.ArrayList
    if ($NoDsreg) { $state.DsregLines = $null }
    elseif ($null -ne $Dsreg) { $state.DsregLines = @($Dsreg) }
    else { $state.DsregLines = New-RemcFakeDsregStatus }
    $state.Identity = @{ Sid = $Sid; Name = 'CONTOSO\alice'; IsSystem = $false }
}

function New-RemcFakeDsregStatus {
    param(
        [string] $AzureAdJoined = 'YES',
        [string] $WorkplaceJoined = 'NO',
        [string] $AzureAdPrt = 'YES',
        [string] $PrtUpdateTime = '2024-05-01 10:15:42.000 UTC'
    )
    # The shape of 'dsregcmd /status' (English labels, right-aligned names, section banners).
    @(
        '+----------------------------------------------------------------------+'
        '| Device State                                                         |'
        '+----------------------------------------------------------------------+'
        ''
        ('             AzureAdJoined : {0}' -f $AzureAdJoined)
        '          EnterpriseJoined : NO'
        '              DomainJoined : YES'
        '               DomainName : CONTOSO'
        ''
        '+----------------------------------------------------------------------+'
        '| User State                                                           |'
        '+----------------------------------------------------------------------+'
        ''
        '                    NgcSet : NO'
        ('           WorkplaceJoined : {0}' -f $WorkplaceJoined)
        '             WamDefaultSet : YES'
        ''
        '+----------------------------------------------------------------------+'
        '| SSO State                                                            |'
        '+----------------------------------------------------------------------+'
        ''
        ('                AzureAdPrt : {0}' -f $AzureAdPrt)
        ('      AzureAdPrtUpdateTime : {0}' -f $PrtUpdateTime)
        '      AzureAdPrtExpiryTime : 2024-05-15 10:15:41.000 UTC'
        '       AzureAdPrtAuthority : https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000'
        '             Attempt Status : 0xc000006d'
    )
}

function New-RemcFakeAadEvent {
    param(
        [datetime] $Time,
        [string[]] $Code = @('0xCAA2000C', 'AADSTS50058'),
        [string] $ClientId = '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
        $Sid = 'S-1-5-21-1111111111-2222222222-3333333333-1001',
        [int] $Id = 1098,
        [string] $Extra = ''
    )
    # Property values as a 1098 carries them: WAM code, OAuth code, description, client, resource.
    $wam = @($Code | Where-Object { $_ -like '0x*' })
    $sts = @($Code | Where-Object { $_ -like 'AADSTS*' })
    $parts = @()
    $parts += ($wam -join ' ')
    $parts += 'Code: interaction_required'
    foreach ($one in $sts) { $parts += ('Description: {0}: silent sign-in failed. Trace ID: 0b1c2d3e' -f $one) }
    $parts += ('Client ID: {0}' -f $ClientId)
    $parts += 'Resource: https://api.spaces.skype.com'
    if ($Extra -ne '') { $parts += $Extra }
    return @{ TimeCreated = $Time.ToUniversalTime(); Id = $Id; UserSid = $Sid; Text = ($parts -join ' ') }
}

function Get-RemcFakeAadEvent {
    param([datetime] $Since, [int[]] $Id)
    $state = $global:RemcFakeState
    $null = $state.AadQueries.Add(@{ Since = $Since; Id = $Id })
    if ($null -ne $state.AadError) { throw $state.AadError }
    if (-not $state.AadAvailable) {
        return @{ Available = $false; Reason = $state.AadReason; Events = @() }
    }
    # Deliberately ignores Since, like a careless log: the probe must drop older evidence itself.
    $events = @($state.AadEvents | Where-Object { $Id -contains $_.Id })
    return @{ Available = $true; Reason = ''; Events = $events }
}

function Get-RemcFakeDsregStatus {
    $state = $global:RemcFakeState
    return $state.DsregLines
}

function Get-RemcFakeIdentity {
    $state = $global:RemcFakeState
    return $state.Identity
}

Set-Alias -Name Get-RemcAadEvent -Value Get-RemcFakeAadEvent
Set-Alias -Name Get-RemcDsregStatus -Value Get-RemcFakeDsregStatus
Set-Alias -Name Get-RemcIdentity -Value Get-RemcFakeIdentity
