function Test-RemcSignInDiagnostics {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $now = Get-RemcSignInNow -Context $Context
    $start = Get-RemcSignInWindowStart -Now $now -Hours (Get-RemcSignInNumber -Value $Config.WindowHours -Default 24) -Since $Context.Since
    $dsreg = Read-RemcSignInDsreg -Now $now -MaxAgeHours (Get-RemcSignInNumber -Value $Config.PrtMaxAgeHours -Default 4) -TimeoutSeconds (Get-RemcSignInNumber -Value $Config.DsregTimeoutSeconds -Default 30)
    $log = Read-RemcSignInLog -Config $Config -Start $start -HomeTenant $dsreg.TenantId
    $evidence = Measure-RemcSignInEvidence -Events $log.Events
    $verdict = Get-RemcSignInVerdict -Config $Config -Log $log -Dsreg $dsreg -Evidence $evidence -Now $now -Start $start
    $result = @{
        # Unknown fixes nothing and asks nothing of anyone; a network cause passes with the network.
        InDesiredState = ($verdict.Cause -eq 'none' -or $verdict.Cause -eq 'unknown' -or $verdict.Cause -eq 'network')
        Cause          = $verdict.Cause
        Advice         = $verdict.Advice
        Summary        = $verdict.Summary
        Facts          = @{
            Failures           = @($evidence.Failures).Count
            Codes              = $evidence.Codes
            WindowStart        = $start
            Prt                = $dsreg.Prt
            PrtUpdateTime      = $dsreg.PrtUpdateTime
            PrtStale           = $dsreg.PrtStale
            LogAvailable       = $log.Available
            LogReason          = $log.Reason
            DsregAvailable     = $dsreg.Available
            JoinType           = $dsreg.JoinType
            TenantId           = $dsreg.TenantId
            OtherTenant        = $log.OtherTenant
            Events             = @($log.Events).Count
            # The processes of the apps whose silent sign-in fails (by the client id each failure names),
            # for fixes that stop apps; failures whose client id cannot be read name no app, and are counted.
            FailingApps        = @(Get-RemcSignInFailingApp -Failures $evidence.Failures -ClientProcesses $Config.ClientProcesses)
            UnknownAppFailures = (Measure-RemcSignInUnknownApp -Failures $evidence.Failures)
            # The tenants the counted failures name in their request's authority (lower case), for fixes
            # that act per tenant; a failure sent to 'common' or 'organizations' names none, and another
            # organization's tenant is never here (those sign-ins are counted in OtherTenant only).
            FailingTenants     = @(Get-RemcSignInFailingTenant -Failures $evidence.Failures)
        }
    }
    $proof = Get-RemcSignInProof -Since $Context.Since -Dsreg $dsreg -Log $log -Evidence $evidence
    if ($null -ne $proof) { $result.Proof = $proof }
    return $result
}

function Get-RemcSignInProof {
    # Positive evidence, since the last fix, that sign-in works again: Windows renews the primary refresh
    # token (about every 4 h) by signing in to Entra ID, so a PRT renewed after the fix is a sign-in that
    # succeeded (troubleshoot-primary-refresh-token), and a readable log shows no failure since. A log
    # that cannot be read, or a PRT not renewed since, proves nothing; the absence of failures alone
    # neither.
    param($Since, $Dsreg, $Log, $Evidence)
    if ($null -eq $Since -or -not $Log.Available -or $Dsreg.Prt -ne 'YES' -or $null -eq $Dsreg.PrtUpdateTime) { return $null }
    $renewed = [datetime]$Dsreg.PrtUpdateTime
    if (@($Evidence.Failures).Count -gt 0 -or $renewed -le [datetime]$Since) { return $null }
    return ('PRT renewed at {0}, after the fix; no sign-in failed since' -f $renewed.ToUniversalTime().ToString('yyyy-MM-ddTHH:mmZ', [Globalization.CultureInfo]::InvariantCulture))
}

function Get-RemcSignInFailingTenant {
    # Only what the events say: no tenant is inferred for a failure whose authority names none.
    param($Failures)
    @(@($Failures) | ForEach-Object { [string]$_.Tenant } | Where-Object { $_ } | Select-Object -Unique)
}

function Get-RemcSignInFailingApp {
    # Only what the events say: a failure whose client id cannot be read names no app, so a fix that
    # stops apps never stops one chosen by guess.
    param($Failures, $ClientProcesses)
    $names = @()
    foreach ($item in @($Failures)) {
        $id = [string]$item.ClientId
        if ([string]::IsNullOrEmpty($id) -or $null -eq $ClientProcesses) { continue }
        foreach ($app in @($ClientProcesses)) { if ($null -ne $app -and [string]$app.ClientId -eq $id) { $names += @($app.Processes) } }
    }
    @($names | Where-Object { $_ } | Select-Object -Unique)
}

function Measure-RemcSignInUnknownApp {
    # The failures whose app is unknown: their text names no client id in a form Windows is known to write.
    param($Failures)
    @(@($Failures) | Where-Object { [string]::IsNullOrEmpty([string]$_.ClientId) }).Count
}

function Get-RemcSignInClientId {
    param([string] $Text)
    # The application (client) id of the request an AAD event names, in the forms Windows is known to
    # write it (samples/README.md has the sources), lower case; $null when the text names none:
    #   'Client ID: <id>'                                   (the events of KB 3193683)
    #   'Request: authority: <url>, client: <id>, redirect URI: <uri>, resource: ..., correlation ID (request): ...'
    #                                                       (seen from Windows 10 1709 on)
    # Never the redirect URI's GUID (it can be an app package SID, or stand alone where the client was
    # removed) nor any other GUID in the text, and a text naming two different clients names none: the
    # app stays unknown rather than guessed. A pattern and string methods, as in the rest of this file:
    # Constrained Language Mode allows them.
    $guid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
    $found = @()
    foreach ($match in [regex]::Matches($Text, ('(?i)(?<![0-9a-z_])client(?: id)?:\s*(' + $guid + ')(?![0-9a-f])'))) {
        $found += $match.Groups[1].Value.ToLowerInvariant()
    }
    $ids = @($found | Select-Object -Unique)
    if ($ids.Count -eq 1) { return $ids[0] }
    return $null
}

function Get-RemcSignInNow {
    param($Context)
    if ($null -eq $Context.Now) { return [DateTime]::UtcNow }
    return [datetime]$Context.Now
}

function Get-RemcSignInNumber {
    param($Value, [double] $Default)
    # Config values come from the compiler; a missing or odd value falls back to the default. A pattern
    # and a cast (invariant in PowerShell), not TryParse: Constrained Language Mode allows no [ref].
    if ($null -ne $Value -and [string]$Value -match '^-?[0-9]+(\.[0-9]+)?$') { return [double][string]$Value }
    return $Default
}

function Get-RemcSignInWindowStart {
    param([datetime] $Now, [double] $Hours, $Since)
    # Evidence older than the last fix (the marker) says nothing about the machine now.
    $start = $Now.AddHours(-$Hours)
    if ($null -ne $Since -and [datetime]$Since -gt $start) { $start = [datetime]$Since }
    return $start
}

function Read-RemcSignInLog {
    param($Config, [datetime] $Start, $HomeTenant)
    $ids = @(@($Config.EventIds) | Where-Object { $null -ne $_ } | ForEach-Object { [int]$_ })
    if ($ids.Count -eq 0) { $ids = @(1097, 1098) }
    try {
        $raw = Get-RemcAadEvent -Since $Start -Id $ids
    }
    catch {
        # A signal that cannot be read is 'unavailable', not a probe failure.
        $text = (([string]$_.Exception.Message) -replace '\s+', ' ').Trim()
        if ($text.Length -gt 120) { $text = $text.Substring(0, 120) }
        return @{ Available = $false; Reason = ('read failed: {0}' -f $text); Events = @(); OtherTenant = 0 }
    }
    if ($null -eq $raw -or -not $raw.Available) {
        $reason = 'unavailable'
        if ($null -ne $raw -and -not [string]::IsNullOrEmpty([string]$raw.Reason)) { $reason = [string]$raw.Reason }
        return @{ Available = $false; Reason = $reason; Events = @(); OtherTenant = 0 }
    }
    $identity = Get-RemcIdentity
    $converted = @(foreach ($record in @($raw.Events)) { if ($null -ne $record) { ConvertTo-RemcSignInEvent -Record $record } })
    $mine = @(Select-RemcSignInEvent -Events $converted -Start $Start -Sid $identity.Sid -ClientIds $Config.ClientIds)
    # Guest access: a sign-in to another organization's tenant is not this device's symptom.
    $inTenant = @($mine | Where-Object { Test-RemcSignInHomeTenant -Tenant $_.Tenant -HomeTenant $HomeTenant })
    return @{ Available = $true; Reason = ''; Events = $inTenant; OtherTenant = ($mine.Count - $inTenant.Count) }
}

function ConvertTo-RemcSignInEvent {
    param($Record)
    # Events 1097/1098 carry Error (UInt32), ErrorMessage and AdditionalInformation (strings) (OTRF/OSSEM
    # Microsoft-Windows-AAD event-1098.md, event-1097.md). Codes are read from these raw properties, never
    # from the localized message.
    $values = @(foreach ($property in @($Record.Properties)) { Format-RemcSignInValue -Value $property.Value })
    $sid = $null
    if ($null -ne $Record.UserId) { $sid = [string]$Record.UserId.Value }
    $time = $null
    if ($null -ne $Record.TimeCreated) { $time = ([datetime]$Record.TimeCreated).ToUniversalTime() }
    $text = $values -join ' '
    return @{ TimeCreated = $time; Id = [int]$Record.Id; UserSid = $sid; Text = $text; Tenant = (Get-RemcSignInTenant -Text $text); ClientId = (Get-RemcSignInClientId -Text $text) }
}

function Format-RemcSignInValue {
    param($Value)
    # [string] of a UInt32 is decimal (3399614476), which no 0xCAA pattern matches: write numbers as
    # the 8-digit hex code Windows shows ('0xCAA2000C'); an Int32 gives the same bits.
    if ($Value -is [uint32] -or $Value -is [int32]) { return ('0x{0:X8}' -f $Value) }
    return [string]$Value
}

function Get-RemcSignInTenant {
    param([string] $Text)
    # The request's authority: '.../common' or '/organizations' name no tenant; a GUID names one.
    $found = [regex]::Match($Text, '(?i)authority:\s*https://[^/\s,]+/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f])')
    if ($found.Success) { return $found.Groups[1].Value.ToLowerInvariant() }
    return $null
}

function Test-RemcSignInHomeTenant {
    param($Tenant, $HomeTenant)
    # No tenant named ('common', 'organizations'): the user's own sign-in. A named tenant counts only
    # when it is the device's; with the home tenant unknown (dsregcmd unreadable) it cannot be told
    # from a guest sign-in, so it does not count.
    if ([string]::IsNullOrEmpty([string]$Tenant)) { return $true }
    if ([string]::IsNullOrEmpty([string]$HomeTenant)) { return $false }
    return ([string]$Tenant -eq ([string]$HomeTenant).ToLowerInvariant())
}

function Select-RemcSignInEvent {
    param($Events, [datetime] $Start, $Sid, $ClientIds)
    foreach ($item in @($Events)) {
        if ($null -eq $item -or $null -eq $item.TimeCreated) { continue }
        if ([datetime]$item.TimeCreated -lt $Start) { continue }
        # Another user's sign-ins on a shared device are not this user's symptom.
        if (-not [string]::IsNullOrEmpty([string]$Sid) -and -not [string]::IsNullOrEmpty([string]$item.UserSid) -and [string]$item.UserSid -ne [string]$Sid) { continue }
        if (-not (Test-RemcSignInClient -Text ([string]$item.Text) -ClientId $item.ClientId -ClientIds $ClientIds)) { continue }
        $item
    }
}

function Test-RemcSignInClient {
    param([string] $Text, $ClientId, $ClientIds)
    # Background resources also log 1097/1098; keep the apps the user actually signs in to. The client
    # id an event names is compared whole. An event that names none in a known form counts when a
    # listed id appears anywhere in its text: a symptom still, but of an unknown app (nothing is
    # stopped for it).
    $ids = @(@($ClientIds) | Where-Object { -not [string]::IsNullOrEmpty([string]$_) })
    if ($ids.Count -eq 0) { return $true }
    if (-not [string]::IsNullOrEmpty([string]$ClientId)) { return ($ids -contains [string]$ClientId) }
    foreach ($id in $ids) {
        if ($Text.IndexOf([string]$id, [StringComparison]::OrdinalIgnoreCase) -ge 0) { return $true }
    }
    return $false
}

function Get-RemcSignInCode {
    param([string] $Text)
    # 'AADSTS50058' and upper-case WAM codes such as '0xCAA2000C', each once per event.
    $codes = @()
    foreach ($found in [regex]::Matches($Text, 'AADSTS(\d+)')) { $codes += ('AADSTS' + $found.Groups[1].Value) }
    foreach ($found in [regex]::Matches($Text, '0x[Cc][Aa][Aa][0-9A-Fa-f]{5}(?![0-9A-Fa-f])')) {
        $codes += ('0x' + $found.Value.Substring(2).ToUpperInvariant())
    }
    return @($codes | Select-Object -Unique)
}

function Measure-RemcSignInEvidence {
    param($Events)
    $codes = @{}
    $failures = @()
    $tpm = $false
    foreach ($item in @($Events)) {
        $found = @(Get-RemcSignInCode -Text ([string]$item.Text))
        foreach ($code in $found) {
            if ($codes.ContainsKey($code)) { $codes[$code] = $codes[$code] + 1 } else { $codes[$code] = 1 }
        }
        # Silent sign-in failures: no usable SSO session, or interaction required with no other reason
        # inside (0xCAA2000C with AADSTS50076 is an MFA prompt, not a failed silent sign-in).
        $other = @($found | Where-Object { $_ -like 'AADSTS*' -and $_ -ne 'AADSTS50058' })
        if ($found -contains 'AADSTS50058' -or ($found -contains '0xCAA2000C' -and $other.Count -eq 0)) { $failures += $item }
        if ([string]$item.Text -match '(?<![0-9A-Za-z])0x[0-9A-Fa-f]02[89][0-9A-Fa-f]{4}(?![0-9A-Fa-f])') { $tpm = $true }
    }
    return @{ Codes = $codes; Failures = $failures; Tpm = $tpm }
}

function Read-RemcSignInDsreg {
    param([datetime] $Now, [double] $MaxAgeHours, [int] $TimeoutSeconds = 30)
    $lines = @(Get-RemcDsregStatus -TimeoutSeconds $TimeoutSeconds | Where-Object { $null -ne $_ })
    $table = ConvertFrom-RemcDsregStatus -Lines $lines
    # Only the English labels are read; output without them counts as unreadable.
    $available = $table.ContainsKey('AzureAdJoined')
    $prt = $null
    $join = $null
    $tenant = $null
    if ($available) {
        $prt = Get-RemcSignInYesNo -Value $table['AzureAdPrt']
        $join = Get-RemcSignInJoinType -Table $table
        # Joined: Tenant Details' TenantId; registered: the work account's WorkplaceTenantId.
        $key = 'TenantId'
        if ($join -eq 'registered') { $key = 'WorkplaceTenantId' }
        $found = [regex]::Match([string]$table[$key], '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$')
        if ($found.Success) { $tenant = $found.Value.ToLowerInvariant() }
    }
    $updated = ConvertFrom-RemcDsregTime -Value $table['AzureAdPrtUpdateTime']
    $stale = $null
    $age = $null
    if ($null -ne $updated) {
        $age = ($Now - $updated).TotalHours
        $stale = ($age -gt $MaxAgeHours)
    }
    return @{ Available = $available; Table = $table; Prt = $prt; PrtUpdateTime = $updated; PrtStale = $stale; PrtAgeHours = $age; JoinType = $join; TenantId = $tenant }
}

function Get-RemcSignInJoinType {
    param($Table)
    # entra-docs troubleshoot-device-dsregcmd: AzureAdJoined YES with DomainJoined YES is hybrid; a
    # registered (workplace joined) account shows in User State.
    if ((Get-RemcSignInYesNo $Table['AzureAdJoined']) -eq 'YES') {
        if ((Get-RemcSignInYesNo $Table['DomainJoined']) -eq 'YES') { return 'hybrid' }
        return 'entra'
    }
    if ((Get-RemcSignInYesNo $Table['WorkplaceJoined']) -eq 'YES') { return 'registered' }
    return 'none'
}

function ConvertFrom-RemcDsregStatus {
    param($Lines)
    # 'Name : Value' lines; the first occurrence of a name wins.
    $table = @{}
    foreach ($line in @($Lines)) {
        $found = [regex]::Match([string]$line, '^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$')
        if ($found.Success -and -not $table.ContainsKey($found.Groups[1].Value)) { $table[$found.Groups[1].Value] = $found.Groups[2].Value }
    }
    return $table
}

function Get-RemcSignInYesNo {
    param($Value)
    $text = ([string]$Value).Trim().ToUpperInvariant()
    if ($text -eq 'YES' -or $text -eq 'NO') { return $text }
    return $null
}

function ConvertFrom-RemcDsregTime {
    param($Value)
    # e.g. '2024-05-01 08:15:42.000 UTC'; anything else stays unknown. Read by a pattern, not
    # TryParseExact: Constrained Language Mode allows no [ref].
    $found = [regex]::Match([string]$Value, '^\s*([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,7})?\s*(UTC)?\s*$')
    if (-not $found.Success) { return $null }
    $parts = @(1..6 | ForEach-Object { [int]$found.Groups[$_].Value })
    try {
        return (New-Object DateTime $parts[0], $parts[1], $parts[2], $parts[3], $parts[4], $parts[5], ([DateTimeKind]::Utc))
    }
    catch {
        return $null
    }
}

function Get-RemcSignInVerdict {
    param($Config, $Log, $Dsreg, $Evidence, [datetime] $Now, [datetime] $Start)
    # First match wins: gate, policy, account, network, device, os, then unknown / none.
    if ($Dsreg.Available -and $Dsreg.JoinType -eq 'none') {
        return (New-RemcSignInVerdict -Cause 'none' -Summary 'not applicable: device not Entra joined or registered')
    }
    # Sign-in keeps failing only when the failures are many, spread out and recent (one burst of
    # retries is not a symptom); only then do policy and account codes beside them count.
    $os = Test-RemcSignInOsCause -Config $Config -Failures $Evidence.Failures -Now $Now
    $byCode = Find-RemcSignInCodeCause -Codes $Evidence.Codes -Prt $Dsreg.Prt -Tpm $Evidence.Tpm -Failing $os.IsOs -MinFailures (Get-RemcSignInNumber -Value $Config.MinFailures -Default 3) -JoinType $Dsreg.JoinType
    if ($null -ne $byCode) { return $byCode }
    if ($os.IsOs) {
        # Repeated failures alone do not prove the fixes can help: the device must be able to hold a
        # fresh PRT, and nothing may point elsewhere.
        $gate = Test-RemcSignInOsGate -Dsreg $Dsreg -Evidence $Evidence
        if ($null -ne $gate) { return $gate }
        return (New-RemcSignInVerdict -Cause 'os' -Summary (Format-RemcSignInOsSummary -Failures $Evidence.Failures))
    }
    if (-not $Log.Available) { return (New-RemcSignInVerdict -Cause 'unknown' -Summary (Format-RemcSignInUnknownSummary -Log $Log -Dsreg $Dsreg)) }
    $seen = Format-RemcSignInFailureCount -Failures $Evidence.Failures
    # A window cut short by the last fix says so: "in 0h" would read like a broken log.
    $window = 'in {0}h' -f (Get-RemcSignInNumber -Value $Config.WindowHours -Default 24)
    if (($Now - $Start).TotalHours -lt (Get-RemcSignInNumber -Value $Config.WindowHours -Default 24) - 0.001) {
        $window = 'since the last fix at ' + $Start.ToString("yyyy-MM-dd'T'HH:mm'Z'", [Globalization.CultureInfo]::InvariantCulture)
    }
    return (New-RemcSignInVerdict -Cause 'none' -Summary ('no repeated sign-in failures ({0} {1}{2})' -f $seen, $window, $os.Reason))
}

function Test-RemcSignInOsGate {
    param($Dsreg, $Evidence)
    # $null when the OS cause stands; else the verdict that replaces it (device or unknown).
    $count = @($Evidence.Failures).Count
    $head = 'unknown: {0} silent sign-in failures, but' -f $count
    if (-not $Dsreg.Available) { return (New-RemcSignInVerdict -Cause 'unknown' -Summary ('{0} dsregcmd is unreadable' -f $head)) }
    if ($Dsreg.Prt -eq 'NO') {
        # The SSO state "can be ignored for registered devices" (entra-docs troubleshoot-device-dsregcmd):
        # there NO is normal and says nothing about the failures.
        if ($Dsreg.JoinType -eq 'registered') { return (New-RemcSignInVerdict -Cause 'unknown' -Summary ('{0} a registered device has no PRT to judge them by' -f $head)) }
        return (New-RemcSignInVerdict -Cause 'device' -Summary ('device cause: PRT NO with {0} silent sign-in failures' -f $count) -Advice (Get-RemcSignInAdvice -Kind 'no-prt' -JoinType $Dsreg.JoinType))
    }
    if ($Dsreg.Prt -ne 'YES') { return (New-RemcSignInVerdict -Cause 'unknown' -Summary ('{0} the PRT state is unreadable' -f $head)) }
    if ($null -eq $Dsreg.PrtStale) { return (New-RemcSignInVerdict -Cause 'unknown' -Summary ('{0} the PRT update time is unreadable' -f $head)) }
    if ($Dsreg.PrtStale) {
        $hours = '{0:0}' -f [double]$Dsreg.PrtAgeHours
        return (New-RemcSignInVerdict -Cause 'unknown' -Summary ('{0} the PRT was last updated {1}h ago (not refreshing)' -f $head, $hours))
    }
    $unlisted = Format-RemcSignInCodeList -Codes (Get-RemcSignInUnlistedCode -Codes $Evidence.Codes)
    if ($unlisted) { return (New-RemcSignInVerdict -Cause 'unknown' -Summary ('{0} unlisted codes: {1}' -f $head, $unlisted)) }
    return $null
}

function Get-RemcSignInUnlistedCode {
    param($Codes)
    # Every code a cause table names; 0xCAA20064 (unknown server code) and 0xCAA90004 (refresh token
    # renewal failed) only wrap the AADSTS inside. Anything else (e.g. AADSTS50133, session invalid
    # after a password change) is a cause no fix here was made for.
    $listed = 'AADSTS50058', '0xCAA2000C', '0xCAA20064', '0xCAA90004', '0xCAA5001C', 'AADSTS50097', 'AADSTS50155', 'AADSTS135011'
    $listed += Get-RemcSignInPolicyCode
    $listed += Get-RemcSignInAccountCode
    $subset = @{}
    foreach ($key in @($Codes.Keys)) {
        if ($listed -notcontains $key -and $key -notmatch '^0xCAA[378]') { $subset[$key] = $Codes[$key] }
    }
    return $subset
}

function Get-RemcSignInPolicyCode {
    return @('AADSTS53000', 'AADSTS53001', 'AADSTS53002', 'AADSTS53003', 'AADSTS530003', 'AADSTS70043', 'AADSTS65001', '0xCAA20004')
}

function Get-RemcSignInAccountCode {
    return @('AADSTS50076', 'AADSTS50079', 'AADSTS50126', 'AADSTS50173', 'AADSTS700082', '0xCAA20003')
}

function New-RemcSignInVerdict {
    param([string] $Cause, [string] $Summary, [string] $Advice = '')
    return @{ Cause = $Cause; Summary = $Summary; Advice = $Advice }
}

function Find-RemcSignInCodeCause {
    param($Codes, $Prt, [bool] $Tpm, [bool] $Failing, [double] $MinFailures, $JoinType)
    # One policy, account or network code is noise (a background token request for MFA or a blocked
    # resource logs one on a healthy machine): such a cause counts while sign-in keeps failing, or
    # when its own codes repeat. A device cause needs the PRT to be missing or the broker ACL error.
    $all = $Codes
    $Codes = Get-RemcSignInRepeatedCode -Codes $Codes -Failing $Failing -MinFailures $MinFailures
    $hit = Format-RemcSignInCodeList -Codes (Get-RemcSignInCodeSubset -Codes $Codes -Wanted (Get-RemcSignInPolicyCode))
    if ($hit) { return (New-RemcSignInVerdict -Cause 'policy' -Summary ('policy cause: {0}' -f $hit) -Advice (Get-RemcSignInAdvice -Kind 'policy')) }
    $account = Get-RemcSignInCodeSubset -Codes $Codes -Wanted (Get-RemcSignInAccountCode)
    $hit = Format-RemcSignInCodeList -Codes $account
    if ($hit) {
        # AADSTS50076 / 50079: the user must complete or register MFA (Entra AADSTS reference).
        $kind = 'account'
        if ($account.ContainsKey('AADSTS50076') -or $account.ContainsKey('AADSTS50079')) { $kind = 'mfa' }
        return (New-RemcSignInVerdict -Cause 'account' -Summary ('account cause: {0}' -f $hit) -Advice (Get-RemcSignInAdvice -Kind $kind -JoinType $JoinType))
    }
    $hit = Format-RemcSignInCodeList -Codes (Get-RemcSignInCodeSubset -Codes $Codes -Pattern '^0xCAA[378]')
    if ($hit) { return (New-RemcSignInVerdict -Cause 'network' -Summary ('network cause: {0}' -f $hit) -Advice (Get-RemcSignInAdvice -Kind 'network')) }
    return (Find-RemcSignInDeviceCause -Codes $all -Prt $Prt -Tpm $Tpm)
}

function Get-RemcSignInRepeatedCode {
    param($Codes, [bool] $Failing, [double] $MinFailures)
    if ($Failing) { return $Codes }
    $repeated = @{}
    foreach ($key in @($Codes.Keys)) { if ($Codes[$key] -ge $MinFailures) { $repeated[$key] = $Codes[$key] } }
    return $repeated
}

function Find-RemcSignInDeviceCause {
    param($Codes, $Prt, [bool] $Tpm)
    $hit = Format-RemcSignInCodeList -Codes (Get-RemcSignInCodeSubset -Codes $Codes -Wanted '0xCAA5001C')
    if ($hit) { return (New-RemcSignInVerdict -Cause 'device' -Summary ('device cause: {0}' -f $hit) -Advice (Get-RemcSignInAdvice -Kind 'broker-acl')) }
    if ($Prt -ne 'NO') { return $null }
    $device = 'AADSTS50097', 'AADSTS50155', 'AADSTS135011'
    $hit = Format-RemcSignInCodeList -Codes (Get-RemcSignInCodeSubset -Codes $Codes -Wanted $device)
    if (-not $hit -and $Tpm) { $hit = 'TPM error' }
    if (-not $hit) { return $null }
    return (New-RemcSignInVerdict -Cause 'device' -Summary ('device cause: PRT NO with {0}' -f $hit) -Advice (Get-RemcSignInAdvice -Kind 'device'))
}

function Get-RemcSignInAdvice {
    param([string] $Kind, $JoinType = $null)
    # What the admin or user must do; the OS cause needs no advice because the fixes apply. Never
    # "disconnect and reconnect the work or school account": on a registered device that unenrols it
    # from management, on a joined device the account is the join itself.
    $keep = ''
    if ($JoinType -eq 'registered') { $keep = '; do not disconnect the work or school account (that unenrols this registered device from management)' }
    elseif ($JoinType -eq 'entra' -or $JoinType -eq 'hybrid') { $keep = '; never disconnect the work account, it is the device join' }
    switch ($Kind) {
        'policy' { return 'Conditional Access or compliance blocks sign-in: make the device compliant (check Intune compliance and the Entra sign-in log); no script on the device fixes this' }
        'mfa' { return ('multi-factor authentication is required (AADSTS50076) or must be registered (AADSTS50079): the user must sign in to Teams interactively and complete MFA{0}' -f $keep) }
        'account' {
            if ($JoinType -eq 'entra' -or $JoinType -eq 'hybrid') { return ('the account session is expired or revoked: the user must sign out of Windows and sign in again with the current password{0}' -f $keep) }
            return ('the account session is expired or revoked: the user must sign in to Teams again with the current password{0}' -f $keep)
        }
        'network' { return 'network or proxy failure reaching Entra ID' }
        'broker-acl' { return 'broker ACL damaged (0xCAA5001C): an admin must repair ownership of the BrokerPlugin PSR key; re-registration does not fix it' }
        'device' { return 'device registration or PRT failure: check dsregcmd /status' }
        'no-prt' {
            $where = 'check the device in Entra ID (enabled, not deleted)'
            if ($JoinType -eq 'hybrid') { $where = 'check the device in Entra ID (enabled, not deleted) and that a domain controller is reachable' }
            return ('no primary refresh token for this user: sign out of Windows and in again; if dsregcmd /status still shows AzureAdPrt NO, {0}; removing tokens does not help' -f $where)
        }
    }
    return ''
}

function Get-RemcSignInCodeSubset {
    param($Codes, [string[]] $Wanted = @(), [string] $Pattern = '')
    $subset = @{}
    foreach ($key in @($Codes.Keys)) {
        if ($Wanted -contains $key -or ($Pattern -ne '' -and $key -match $Pattern)) { $subset[$key] = $Codes[$key] }
    }
    return $subset
}

function Format-RemcSignInCodeList {
    param($Codes)
    # 'AADSTS50058 x4, 0xCAA2000C x1': most frequent first, then by name; '' when empty.
    # Hashtables, not [pscustomobject]: Constrained Language Mode cannot make those.
    $rows = @(foreach ($key in @($Codes.Keys)) { @{ Code = [string]$key; Count = [int]$Codes[$key] } })
    $sorted = @($rows | Sort-Object -Property @{ Expression = { $_['Count'] }; Descending = $true }, @{ Expression = { $_['Code'] }; Descending = $false })
    return (@($sorted | ForEach-Object { '{0} x{1}' -f $_['Code'], $_['Count'] }) -join ', ')
}

function Test-RemcSignInOsCause {
    param($Config, $Failures, [datetime] $Now)
    # Repeated, spread out and recent: one stray 50058 is normal with prompt=none.
    $minimum = Get-RemcSignInNumber -Value $Config.MinFailures -Default 3
    $spread = Get-RemcSignInNumber -Value $Config.MinSpreadMinutes -Default 30
    $recent = Get-RemcSignInNumber -Value $Config.RecentHours -Default 4
    $times = @(@($Failures) | ForEach-Object { [datetime]$_.TimeCreated } | Sort-Object)
    # Retries less than ten minutes after the one before are one failure: a burst is one episode.
    $episodes = 0
    for ($i = 0; $i -lt $times.Count; $i++) {
        if ($i -eq 0 -or ($times[$i] - $times[$i - 1]).TotalMinutes -ge 10) { $episodes++ }
    }
    if ($times.Count -eq 0 -or $times.Count -lt $minimum) { return @{ IsOs = $false; Reason = '' } }
    if ($episodes -lt $minimum) { return @{ IsOs = $false; Reason = ('; {0} retries in {1} bursts' -f $times.Count, $episodes) } }
    $minutes = ($times[-1] - $times[0]).TotalMinutes
    if ($minutes -lt $spread) { return @{ IsOs = $false; Reason = ('; spread {0:0} min' -f $minutes) } }
    if (($Now - $times[-1]).TotalHours -gt $recent) { return @{ IsOs = $false; Reason = '; none recent' } }
    return @{ IsOs = $true; Reason = '' }
}

function Get-RemcSignInFailureCode {
    param($Failures)
    # Counts of the two silent-failure codes among the failure events.
    $codes = @{}
    foreach ($item in @($Failures)) {
        foreach ($code in @(Get-RemcSignInCode -Text ([string]$item.Text))) {
            if ($code -ne 'AADSTS50058' -and $code -ne '0xCAA2000C') { continue }
            if ($codes.ContainsKey($code)) { $codes[$code] = $codes[$code] + 1 } else { $codes[$code] = 1 }
        }
    }
    return $codes
}

function Format-RemcSignInOsSummary {
    param($Failures)
    $count = @($Failures).Count
    $first = @(@($Failures) | ForEach-Object { [datetime]$_.TimeCreated } | Sort-Object)[0]
    $list = Format-RemcSignInCodeList -Codes (Get-RemcSignInFailureCode -Failures $Failures)
    $since = $first.ToString("yyyy-MM-dd'T'HH:mm'Z'", [Globalization.CultureInfo]::InvariantCulture)
    $noun = 'failures'
    if ($count -eq 1) { $noun = 'failure' }
    # Say when the events do not name the app: the fixes that stop apps stop none for those.
    $unknown = Measure-RemcSignInUnknownApp -Failures $Failures
    $app = ''
    if ($unknown -gt 0 -and $unknown -eq $count) { $app = ', app unknown' }
    elseif ($unknown -gt 0) { $app = (', app unknown for {0} of {1}' -f $unknown, $count) }
    return ('OS cause: {0} silent sign-in {1} ({2}) since {3}{4}' -f $count, $noun, $list, $since, $app)
}

function Format-RemcSignInFailureCount {
    param($Failures)
    # '1 AADSTS50058' or 'none'
    $codes = Get-RemcSignInFailureCode -Failures $Failures
    if ($codes.Count -eq 0) { return 'none' }
    $parts = @($codes.Keys | Sort-Object | ForEach-Object { '{0} {1}' -f $codes[$_], $_ })
    return ($parts -join ', ')
}

function Format-RemcSignInUnknownSummary {
    param($Log, $Dsreg)
    $missing = @('AAD log unavailable ({0})' -f $Log.Reason)
    if (-not $Dsreg.Available) { $missing += 'dsregcmd unavailable' }
    return ('unknown: {0}' -f ($missing -join ', '))
}
