# Test fakes for the sign-in-diagnostics seams (never emitted). Dot-source this file: it defines
# the fakes and points the seam names at them with aliases, which win over functions.
# Scenario state lives in $global:RemcFakeState (global: a generated script run with & has its
# own script scope); only this template's keys are touched.
# Each fake returns what Windows returns, proven against the recorded samples in samples/ (see
# samples/README.md for their sources) by SignInDiagnostics.Tests.ps1.

function Reset-RemcFakeSignInDiagnostics {
    param(
        $AadEvent = @(),
        [switch] $LogUnavailable,
        [string] $LogReason = 'access denied',
        $LogError = $null,
        # Literal dsregcmd /status lines; else they are rendered from JoinType, Prt and PrtAgeHours.
        $Dsreg = $null,
        [switch] $NoDsreg,
        [ValidateSet('entra', 'hybrid', 'registered', 'none')] [string] $JoinType = 'hybrid',
        # '' takes what the join type shows: YES when joined, NO when registered or not joined.
        [string] $Prt = '',
        # The PRT's age at the simulated clock ($RemcFakeState.Now): 1 h is fresh.
        [double] $PrtAgeHours = 1,
        [string] $TenantId = '96fa76d0-0000-4000-8000-eb60cc220000',
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
    $state.DsregMissing = [bool]$NoDsreg
    $state.DsregLines = $null
    if ($null -ne $Dsreg) { $state.DsregLines = @($Dsreg) }
    $state.DsregJoinType = $JoinType
    $state.DsregPrt = $Prt
    $state.DsregPrtAgeHours = $PrtAgeHours
    $state.DsregTenantId = $TenantId
    $state.Identity = @{ Sid = $Sid; Name = 'CONTOSO\alice'; IsSystem = $false }
}

function New-RemcFakeDsregStatus {
    param(
        [ValidateSet('entra', 'hybrid', 'registered', 'none')] [string] $JoinType = 'hybrid',
        [string] $AzureAdPrt = '',
        [string] $PrtUpdateTime = '2019-01-24 19:15:26.000 UTC',
        [string] $PrtExpiryTime = '2019-02-07 19:15:26.000 UTC',
        [string] $TenantId = '96fa76d0-0000-4000-8000-eb60cc220000'
    )
    # 'dsregcmd /status' in its real layout (samples/dsreg-*.txt): section banners, right-aligned
    # English labels, ' : ' between label and value. The PRT lines exist only where the SSO state does.
    $bar = '+----------------------------------------------------------------------+'
    $joined = ($JoinType -eq 'entra' -or $JoinType -eq 'hybrid')
    if ($AzureAdPrt -eq '') { if ($joined) { $AzureAdPrt = 'YES' } else { $AzureAdPrt = 'NO' } }
    $lines = New-Object System.Collections.ArrayList
    $section = {
        param([string] $Name)
        $null = $lines.Add($bar); $null = $lines.Add(('| {0}|' -f $Name.PadRight(69))); $null = $lines.Add($bar); $null = $lines.Add('')
    }
    $yes = { param([bool] $Value) if ($Value) { 'YES' } else { 'NO' } }
    $null = $lines.Add('')
    & $section 'Device State'
    $null = $lines.Add(('             AzureAdJoined : {0}' -f (& $yes $joined)))
    $null = $lines.Add('          EnterpriseJoined : NO')
    $null = $lines.Add(('              DomainJoined : {0}' -f (& $yes ($JoinType -eq 'hybrid'))))
    if ($JoinType -eq 'hybrid') { $null = $lines.Add('                DomainName : HYBRIDADFS') }
    $null = $lines.Add('               Device Name : DESKTOP-CONTOSO1')
    $null = $lines.Add('')
    if ($joined) {
        & $section 'Tenant Details'
        $null = $lines.Add('                TenantName : Contoso')
        $null = $lines.Add(('                  TenantId : {0}' -f $TenantId))
        $null = $lines.Add('')
    }
    & $section 'User State'
    if ($joined) {
        $null = $lines.Add('                    NgcSet : YES')
        $null = $lines.Add('                  NgcKeyId : {FA0DB076-A5D7-4844-82D8-50A2FB42EC7B}')
        $null = $lines.Add('                  CanReset : DestructiveAndNonDestructive')
    } else {
        $null = $lines.Add('                    NgcSet : NO')
    }
    $null = $lines.Add(('           WorkplaceJoined : {0}' -f (& $yes ($JoinType -eq 'registered'))))
    if ($JoinType -eq 'none') {
        $null = $lines.Add('             WamDefaultSet : NO')
    } else {
        $null = $lines.Add('             WamDefaultSet : YES')
        $null = $lines.Add('       WamDefaultAuthority : organizations')
        $null = $lines.Add('              WamDefaultId : https://login.microsoft.com')
        $null = $lines.Add('            WamDefaultGUID : { B16898C6-A148-4967-9171-64D755DA8520 } (AzureAd)')
    }
    $null = $lines.Add('')
    & $section 'SSO State'
    $null = $lines.Add(('                AzureAdPrt : {0}' -f $AzureAdPrt))
    if ($AzureAdPrt -eq 'YES') {
        $null = $lines.Add(('      AzureAdPrtUpdateTime : {0}' -f $PrtUpdateTime))
        $null = $lines.Add(('      AzureAdPrtExpiryTime : {0}' -f $PrtExpiryTime))
        $null = $lines.Add(('       AzureAdPrtAuthority : https://login.microsoftonline.com/{0}' -f $TenantId))
        $null = $lines.Add('             EnterprisePrt : NO')
        $null = $lines.Add('    EnterprisePrtAuthority :')
    } else {
        $null = $lines.Add('       AzureAdPrtAuthority : NO')
        $null = $lines.Add('             EnterprisePrt : NO')
        $null = $lines.Add('    EnterprisePrtAuthority : NO')
    }
    $null = $lines.Add('')
    if ($JoinType -eq 'registered') {
        & $section 'Work Account 1'
        $null = $lines.Add('         WorkplaceDeviceId : 59dd8df2-0000-4000-8000-1df0c4cf62a8')
        $null = $lines.Add('       WorkplaceThumbprint : 0362FA97AE6EB079476FDFE7D55AEEF4A362D232')
        $null = $lines.Add(' DeviceCertificateValidity : [ 2021-12-07 15:28:54.000 UTC -- 2031-12-07 15:58:54.000 UTC ]')
        $null = $lines.Add('            KeyContainerId : 638b98ed-0000-4000-8000-718f0c8bddf8')
        $null = $lines.Add('               KeyProvider : Microsoft Platform Crypto Provider')
        $null = $lines.Add('              TpmProtected : YES')
        $null = $lines.Add(('         WorkplaceTenantId : {0}' -f $TenantId))
        $null = $lines.Add('       WorkplaceTenantName : Contoso')
        $null = $lines.Add('           WorkplaceMdmUrl :')
        $null = $lines.Add('      WorkplaceSettingsUrl :')
        $null = $lines.Add('                    NgcSet : NO')
        $null = $lines.Add('')
    }
    $null = $lines.Add($bar)
    return [string[]]$lines.ToArray()
}

function Get-RemcFakeAadErrorText {
    param([uint32] $Value)
    # The text and OAuth code the broker writes beside the code (SupportArticles-docs KB 3193683,
    # Teams resolve-sign-in-errors; the 0xCAA5001C article's title); $null for codes not listed here.
    switch ($Value) {
        3399614476 { return @('The request requires user interaction.', 'interaction_required') }  # 0xCAA2000C
        3399614468 { return @('The user or administrator has not consented, or access is denied.', 'access_denied') }  # 0xCAA20004
        3399614467 { return @('The provided grant has expired due to it being revoked, a fresh auth token is needed.', 'invalid_grant') }  # 0xCAA20003
        3400073220 { return @('Getting token by refresh token failed.', $null) }  # 0xCAA90004
        3399614475 { return @('The resource is invalid due to configuration state or not existing.', 'invalid_resource') }  # 0xCAA2000B (samples/aad-request-resource-invalid.json)
    }
    return @('Token broker operation failed.', $null)
}

function New-RemcFakeAadEvent {
    param(
        [datetime] $Time = [datetime]::UtcNow,
        # WAM code (0x...) and AADSTS codes; the first 0x code is the Error, 0xCAA2000C when none is given.
        [string[]] $Code = @('0xCAA2000C', 'AADSTS50058'),
        [string] $ClientId = '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
        $Sid = 'S-1-5-21-1111111111-2222222222-3333333333-1001',
        [int] $Id = 1098,
        [string] $Authority = 'https://login.microsoftonline.com/common',
        [string] $Resource = 'https://api.spaces.skype.com',
        [string] $Description = 'Session information is not sufficient for single-sign-on.',
        [string] $TraceId = '0b1c2d3e-0000-4000-8000-000000000001',
        [string] $CorrelationId = '7a8b9c0d-0000-4000-8000-000000000002',
        [string] $Timestamp = '',
        [string] $Extra = '',
        # How the event's text names the request's client (samples/README.md quotes each source):
        #   ClientId  'Authority: ...', 'Client ID: <id>', 'Redirect URI: ...' lines: the events of
        #             KB 3193683 (MicrosoftDocs/SupportArticles-docs, "Enterprise State Roaming settings
        #             don't sync when MFA is enabled"; samples/aad-1098-mfa-required.json, aad-1097-*.json)
        #   Request   'Request: authority: <url>, client: <id>, redirect URI: <uri>, resource: <r>,
        #             correlation ID (request): <id>' after a 'Logged at' line: the event 1098 of
        #             https://github.com/MicrosoftDocs/azure-docs/issues/47428 (Windows 10 1709), the
        #             lines quoted in https://learn.microsoft.com/en-us/answers/questions/5935004 and a
        #             public notes file (samples/aad-1098-request-wstrust.json, aad-request-*.json)
        #   Unknown   that request line without its client field: no source shows it; it stands for any
        #             text that names the client in no known form (the redirect URI still ends in the
        #             client id: the probe must not take it from there)
        [ValidateSet('ClientId', 'Request', 'Unknown')] [string] $TextForm = 'ClientId',
        # The request's redirect URI; '' is the broker's URI for the client id.
        [string] $RedirectUri = ''
    )
    # An EventLogRecord as Get-WinEvent returns it for 1097/1098: TimeCreated in local time, UserId a
    # SecurityIdentifier (here an object with its .Value: SecurityIdentifier cannot be built off
    # Windows), Properties in the channel's order and types: Error [uint32], ErrorMessage [string],
    # AdditionalInformation [string] (OTRF/OSSEM event-1097.md, event-1098.md; samples/aad-*.json).
    # Event Viewer shows them as 'Error: %1 %2%n%3' (libyal/winevt-kb, aadcloudap.dll message table).
    $wam = @($Code | Where-Object { $_ -like '0x*' })
    $sts = @($Code | Where-Object { $_ -like 'AADSTS*' })
    $wamCode = [uint32]3399614476
    if ($wam.Count -gt 0) { $wamCode = [Convert]::ToUInt32($wam[0].Substring(2), 16) }
    $text = Get-RemcFakeAadErrorText -Value $wamCode
    if ($RedirectUri -eq '') { $RedirectUri = 'ms-appx-web://Microsoft.AAD.BrokerPlugin/{0}' -f $ClientId }
    if ($sts.Count -gt 0 -and $Timestamp -eq '') { $Timestamp = $Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture) }
    if ($TextForm -eq 'ClientId') {
        $message = $text[0]
        if ($null -ne $text[1]) { $message += (' Code: {0}' -f $text[1]) }
        if ($sts.Count -gt 0) {
            foreach ($one in $sts) { $message += (' Description: {0}: {1}' -f $one, $Description) }
            $message += (' Trace ID: {0} Correlation ID: {1} Timestamp: {2}' -f $TraceId, $CorrelationId, $Timestamp)
            $message += ("`nTokenEndpoint: {0}/oauth2/token" -f $Authority)
        }
        $info = "Authority: {0}`nClient ID: {1}`nRedirect URI: {2}`nResource: {3}`nCorrelation ID (request): {4}" -f $Authority, $ClientId, $RedirectUri, $Resource, $CorrelationId
    }
    else {
        # The layout of samples/aad-request-resource-invalid.json: the error's text, then its lines.
        $message = $text[0]
        $lines = @()
        if ($null -ne $text[1]) { $lines += ('Code: {0}' -f $text[1]) }
        if ($sts.Count -gt 0) {
            foreach ($one in $sts) { $lines += ('Description: {0}: {1}' -f $one, $Description) }
            $lines += ('Trace ID: {0}' -f $TraceId), ('Correlation ID: {0}' -f $CorrelationId), ('Timestamp: {0}' -f $Timestamp), ('TokenEndpoint: {0}/oauth2/token' -f $Authority)
        }
        $lines += 'Logged at oauthtokenrequestbase.cpp, line: 391, method: OAuthTokenRequestBase::ProcessOAuthResponse.', ''
        $client = ''
        if ($TextForm -eq 'Request') { $client = ' client: {0},' -f $ClientId }
        $lines += ('Request: authority: {0},{1} redirect URI: {2}, resource: {3}, correlation ID (request): {4}' -f $Authority, $client, $RedirectUri, $Resource, $CorrelationId)
        $info = $lines -join "`n"
    }
    if ($Extra -ne '') { $info += ("`n" + $Extra) }
    $user = $null
    if ($null -ne $Sid) { $user = [pscustomobject]@{ Value = [string]$Sid } }
    return [pscustomobject]@{
        Id          = $Id
        LogName     = 'Microsoft-Windows-AAD/Operational'
        TimeCreated = $Time.ToLocalTime()
        UserId      = $user
        Properties  = @(
            [pscustomobject]@{ Value = $wamCode }
            [pscustomobject]@{ Value = [string]$message }
            [pscustomobject]@{ Value = [string]$info }
        )
    }
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
    param([int] $TimeoutSeconds = 30)
    $state = $global:RemcFakeState
    if ($state.DsregMissing) { return $null }
    if ($null -ne $state.DsregLines) { return $state.DsregLines }
    # The PRT's times follow the simulated clock, so a PRT stays as fresh as the scenario says.
    $now = [DateTime]::UtcNow
    if ($null -ne $state.Now) { $now = ([datetime]$state.Now).ToUniversalTime() }
    $updated = $now.AddHours(-[double]$state.DsregPrtAgeHours)
    $format = "yyyy-MM-dd HH:mm:ss'.000 UTC'"
    $culture = [Globalization.CultureInfo]::InvariantCulture
    return New-RemcFakeDsregStatus -JoinType $state.DsregJoinType -AzureAdPrt $state.DsregPrt -TenantId $state.DsregTenantId -PrtUpdateTime $updated.ToString($format, $culture) -PrtExpiryTime $updated.AddDays(14).ToString($format, $culture)
}

Set-Alias -Name Get-RemcAadEvent -Value Get-RemcFakeAadEvent
Set-Alias -Name Get-RemcDsregStatus -Value Get-RemcFakeDsregStatus
