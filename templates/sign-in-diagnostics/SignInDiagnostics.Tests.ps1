# Pester 5 tests of the sign-in-diagnostics probe against fakes (seam.ps1 is never loaded).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')

    $script:Now = [datetime]::SpecifyKind([datetime]'2024-05-01T12:00:00', [DateTimeKind]::Utc)
    $script:Teams = '1fec8e78-bce4-4aaf-ab1b-5451cc387264'
    $script:OtherSid = 'S-1-5-21-1111111111-2222222222-3333333333-1002'

    # The defaults the compiler emits for this template.
    function New-TestConfig {
        # The compiler's defaults, from the spec.
        param([hashtable] $Override = @{})
        New-RemcTestConfig -Template 'sign-in-diagnostics' -Override $Override
    }

    function New-TestContext {
        param($Since = $null)
        @{ RemediationId = 'teams-50058'; Mode = 'detect'; Now = $script:Now; Since = $Since }
    }

    function At {
        param([double] $MinutesAgo)
        $script:Now.AddMinutes(-$MinutesAgo)
    }

    # Five silent failures over two hours, the latest ten minutes ago: 4 x AADSTS50058, 1 x bare 0xCAA2000C.
    function New-OsFailure {
        @(
            New-RemcFakeAadEvent -Time (At 180)
            New-RemcFakeAadEvent -Time (At 150)
            New-RemcFakeAadEvent -Time (At 90) -Code 'AADSTS50058'
            New-RemcFakeAadEvent -Time (At 40) -Code 'AADSTS50058'
            New-RemcFakeAadEvent -Time (At 10) -Code '0xCAA2000C'
        )
    }

    function Invoke-Probe {
        param([hashtable] $Override = @{}, $Since = $null)
        Test-RemcSignInDiagnostics -Config (New-TestConfig -Override $Override) -Context (New-TestContext -Since $Since)
    }

    . (Join-Path $PSScriptRoot '../../compiler/pester/harness/template-rules.ps1')
}

Describe 'sign-in-diagnostics emitted files' {
    It '<File> parses, is ASCII, defines only Remc functions and uses Windows PowerShell 5.1 syntax' -ForEach @(
        @{ File = 'probe.ps1' }, @{ File = 'seam.ps1' }
    ) {
        Get-RemcScriptViolation -Path (Join-Path $PSScriptRoot $File) | Should -BeNullOrEmpty
    }

    It 'is detect-only (no fix.ps1)' {
        Test-Path -LiteralPath (Join-Path $PSScriptRoot 'fix.ps1') | Should -BeFalse
    }
}

Describe 'Test-RemcSignInDiagnostics result' {
    It 'returns exactly one hashtable with the diagnostic keys' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure)
        $result = @(Invoke-Probe)
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
        foreach ($key in 'InDesiredState', 'Cause', 'Advice', 'Summary', 'Facts') { $result[0].ContainsKey($key) | Should -BeTrue }
        foreach ($key in 'Failures', 'Codes', 'WindowStart', 'Prt', 'LogAvailable', 'DsregAvailable') { $result[0].Facts.ContainsKey($key) | Should -BeTrue }
    }

    It 'asks the log for the configured ids since the window start' {
        Reset-RemcFakeSignInDiagnostics
        $null = Invoke-Probe
        $query = $global:RemcFakeState.AadQueries[0]
        @($query.Id) | Should -Be @(1097, 1098)
        $query.Since | Should -Be $script:Now.AddHours(-24)
    }
}

Describe 'Test-RemcSignInDiagnostics gate' {
    It 'is not applicable when the device is neither Entra joined nor registered' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -Dsreg (New-RemcFakeDsregStatus -AzureAdJoined 'NO' -WorkplaceJoined 'NO')
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Summary | Should -Be 'not applicable: device not Entra joined or registered'
        $result.InDesiredState | Should -BeTrue
        $result.Advice | Should -Be ''
    }

    It 'applies to a registered (workplace joined) device' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -Dsreg (New-RemcFakeDsregStatus -AzureAdJoined 'NO' -WorkplaceJoined 'YES')
        (Invoke-Probe).Cause | Should -Be 'os'
    }

    It 'is not applied when dsregcmd labels are unreadable (localized)' {
        $lines = @('            AzureAdVerbunden : NEIN', '           Arbeitsplatz : NEIN')
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -Dsreg $lines
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        $result.Facts.DsregAvailable | Should -BeFalse
        $result.Facts.Prt | Should -BeNullOrEmpty
    }
}

Describe 'Test-RemcSignInDiagnostics policy' {
    It 'classifies <Code> as policy' -ForEach @(
        @{ Code = 'AADSTS53000' }, @{ Code = 'AADSTS53001' }, @{ Code = 'AADSTS53002' }, @{ Code = 'AADSTS53003' },
        @{ Code = 'AADSTS530003' }, @{ Code = 'AADSTS70043' }, @{ Code = 'AADSTS65001' }, @{ Code = '0xCAA20004' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @((New-OsFailure) + (New-RemcFakeAadEvent -Time (At 5) -Code $Code))
        $result = Invoke-Probe
        $result.Cause | Should -Be 'policy'
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be ('policy cause: {0} x1' -f $Code)
        $result.Advice | Should -Be 'Conditional Access or compliance blocks sign-in: make the device compliant (check Intune compliance and the Entra sign-in log); no script on the device fixes this'
    }

    It 'wins over account codes' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            (New-OsFailure)
            New-RemcFakeAadEvent -Time (At 5) -Code 'AADSTS50076'
            New-RemcFakeAadEvent -Time (At 6) -Code '0xCAA20004', 'AADSTS53003'
        )
        (Invoke-Probe).Cause | Should -Be 'policy'
    }

    It 'takes a policy code that repeats as the cause even without silent failures' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(5, 40, 90 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -Code 'AADSTS53003' })
        (Invoke-Probe).Cause | Should -Be 'policy'
    }

    It 'treats one stray policy or account code on a healthy machine as noise' -ForEach @(@{ Code = 'AADSTS53003' }, @{ Code = 'AADSTS50076' }, @{ Code = '0xCAA70004' }) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(New-RemcFakeAadEvent -Time (At 5) -Code $Code)
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Advice | Should -BeNullOrEmpty
    }
}

Describe 'Test-RemcSignInDiagnostics account' {
    It 'classifies <Code> as account' -ForEach @(
        @{ Code = 'AADSTS50076' }, @{ Code = 'AADSTS50079' }, @{ Code = 'AADSTS50126' }, @{ Code = 'AADSTS50173' },
        @{ Code = 'AADSTS700082' }, @{ Code = '0xCAA20003' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @((New-OsFailure) + (New-RemcFakeAadEvent -Time (At 5) -Code $Code))
        $result = Invoke-Probe
        $result.Cause | Should -Be 'account'
        $result.InDesiredState | Should -BeFalse
        $result.Advice | Should -Be 'the account session is expired or mismatched: the user must reconnect the work or school account (Settings > Accounts > Access work or school)'
    }

    It 'reads the AADSTS inside an interaction-required event (0xCAA2000C with 50076 is account, not os)' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 100) -Code '0xCAA2000C', 'AADSTS50076'
            New-RemcFakeAadEvent -Time (At 50) -Code '0xCAA2000C', 'AADSTS50076'
            New-RemcFakeAadEvent -Time (At 5) -Code '0xCAA2000C', 'AADSTS50076'
        )
        $result = Invoke-Probe
        $result.Cause | Should -Be 'account'
        $result.Summary | Should -Be 'account cause: AADSTS50076 x3'
    }
}

Describe 'Test-RemcSignInDiagnostics network' {
    It 'classifies <Code> as network' -ForEach @(
        @{ Code = '0xCAA70004' }, @{ Code = '0xCAA70007' }, @{ Code = '0xCAA82EE2' }, @{ Code = '0xCAA82EFD' }, @{ Code = '0xCAA30001' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @((New-OsFailure) + (New-RemcFakeAadEvent -Time (At 5) -Code $Code))
        $result = Invoke-Probe
        $result.Cause | Should -Be 'network'
        $result.Advice | Should -Be 'network or proxy failure reaching Entra ID'
        $result.Summary | Should -Be ('network cause: {0} x1' -f $Code)
    }
}

Describe 'Test-RemcSignInDiagnostics device' {
    It 'reports a damaged broker ACL (0xCAA5001C) even with a healthy PRT' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @((New-OsFailure) + (New-RemcFakeAadEvent -Time (At 5) -Code '0xCAA5001C'))
        $result = Invoke-Probe
        $result.Cause | Should -Be 'device'
        $result.Advice | Should -Be 'broker ACL damaged (0xCAA5001C): an admin must repair ownership of the BrokerPlugin PSR key; re-registration does not fix it'
    }

    It 'classifies PRT NO with <Code> as device' -ForEach @(
        @{ Code = 'AADSTS50097' }, @{ Code = 'AADSTS50155' }, @{ Code = 'AADSTS135011' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(New-RemcFakeAadEvent -Time (At 5) -Code $Code) -Dsreg (New-RemcFakeDsregStatus -AzureAdPrt 'NO')
        $result = Invoke-Probe
        $result.Cause | Should -Be 'device'
        $result.Summary | Should -Be ('device cause: PRT NO with {0} x1' -f $Code)
        $result.Advice | Should -Be 'device registration or PRT failure: check dsregcmd /status'
    }

    It 'classifies PRT NO with a TPM code as device' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(New-RemcFakeAadEvent -Time (At 5) -Code @() -Extra 'Error: 0x80280009') -Dsreg (New-RemcFakeDsregStatus -AzureAdPrt 'NO')
        $result = Invoke-Probe
        $result.Cause | Should -Be 'device'
        $result.Summary | Should -Be 'device cause: PRT NO with TPM error'
    }

    It 'does not blame the device for <Code> while the PRT is YES' -ForEach @(
        @{ Code = 'AADSTS50155' }, @{ Code = '0x80290401' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(New-RemcFakeAadEvent -Time (At 5) -Code @() -Extra $Code)
        (Invoke-Probe).Cause | Should -Be 'none'
    }
}

Describe 'Test-RemcSignInDiagnostics os' {
    It 'reports repeated, spread and recent silent failures as the OS cause' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure)
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        $result.InDesiredState | Should -BeFalse
        $result.Advice | Should -Be ''
        $result.Summary | Should -Be 'OS cause: 5 silent sign-in failures (AADSTS50058 x4, 0xCAA2000C x3) since 2024-05-01T09:00Z'
        $result.Facts.Failures | Should -Be 5
        $result.Facts.Codes['AADSTS50058'] | Should -Be 4
        $result.Facts.Codes['0xCAA2000C'] | Should -Be 3
        $result.Facts.Prt | Should -Be 'YES'
        $result.Facts.LogAvailable | Should -BeTrue
        $result.Facts.DsregAvailable | Should -BeTrue
    }

    It 'counts codes per event and normalizes the WAM code to upper case' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 100) -Code '0xcaa2000c'
            New-RemcFakeAadEvent -Time (At 60) -Code '0xCaA2000c'
            New-RemcFakeAadEvent -Time (At 20) -Code 'AADSTS50058' -Extra 'AADSTS50058 repeated in the same event'
        )
        $result = Invoke-Probe
        $result.Summary | Should -Be 'OS cause: 3 silent sign-in failures (0xCAA2000C x2, AADSTS50058 x1) since 2024-05-01T10:20Z'
        @($result.Facts.Codes.Keys | Sort-Object) | Should -Be @('0xCAA2000C', 'AADSTS50058')
    }

    It 'still reports the OS cause when dsregcmd is missing (PRT unknown)' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -NoDsreg
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        $result.Facts.DsregAvailable | Should -BeFalse
        $result.Facts.Prt | Should -BeNullOrEmpty
    }

    It 'does not report the OS cause while the PRT is NO' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -Dsreg (New-RemcFakeDsregStatus -AzureAdPrt 'NO')
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Summary | Should -Be 'no repeated sign-in failures (3 0xCAA2000C, 4 AADSTS50058 in 24h; PRT NO)'
    }

    It 'fires exactly at every threshold (3 failures, 30 minutes spread, latest 4 hours ago)' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 270)
            New-RemcFakeAadEvent -Time (At 255)
            New-RemcFakeAadEvent -Time (At 240)
        )
        (Invoke-Probe).Cause | Should -Be 'os'
    }

    It 'stays quiet just below the failure threshold' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 100)
            New-RemcFakeAadEvent -Time (At 10)
        )
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Summary | Should -Be 'no repeated sign-in failures (2 0xCAA2000C, 2 AADSTS50058 in 24h)'
    }

    It 'stays quiet when the failures are spread over less than the minimum' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 39)
            New-RemcFakeAadEvent -Time (At 20)
            New-RemcFakeAadEvent -Time (At 10)
        )
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Summary | Should -BeLike '*; spread 29 min)'
    }

    It 'stays quiet when the latest failure is older than RecentHours' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 300)
            New-RemcFakeAadEvent -Time (At 270)
            New-RemcFakeAadEvent -Time (At 241)
        )
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Summary | Should -BeLike '*; none recent)'
    }

    It 'honours configured thresholds' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure)
        (Invoke-Probe -Override @{ MinFailures = 6 }).Cause | Should -Be 'none'
        (Invoke-Probe -Override @{ MinSpreadMinutes = 171 }).Cause | Should -Be 'none'
        (Invoke-Probe -Override @{ RecentHours = 0.1 }).Cause | Should -Be 'none'
    }
}

Describe 'Test-RemcSignInDiagnostics none' {
    It 'treats one stray AADSTS50058 as normal' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(New-RemcFakeAadEvent -Time (At 30) -Code 'AADSTS50058')
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'no repeated sign-in failures (1 AADSTS50058 in 24h)'
        $result.Facts.Failures | Should -Be 1
    }

    It 'reports none on an empty log' {
        Reset-RemcFakeSignInDiagnostics
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Summary | Should -Be 'no repeated sign-in failures (none in 24h)'
        $result.Facts.LogAvailable | Should -BeTrue
        $result.Facts.Failures | Should -Be 0
        $result.Facts.Codes.Count | Should -Be 0
    }
}

Describe 'Test-RemcSignInDiagnostics evidence window and filters' {
    It 'ignores evidence from before Since (the last fix)' {
        $since = At 60
        Reset-RemcFakeSignInDiagnostics -AadEvent @((New-OsFailure) + (New-RemcFakeAadEvent -Time (At 65) -Code 'AADSTS53003'))
        $result = Invoke-Probe -Since $since
        $result.Cause | Should -Be 'none'
        $result.Facts.WindowStart | Should -Be $since
        $result.Facts.Failures | Should -Be 2
        $result.Summary | Should -Be ('no repeated sign-in failures (1 0xCAA2000C, 1 AADSTS50058 since the last fix at {0})' -f $since.ToString("yyyy-MM-dd'T'HH:mm'Z'", [Globalization.CultureInfo]::InvariantCulture))
        $global:RemcFakeState.AadQueries[0].Since | Should -Be $since
    }

    It 'keeps the 24 hour window when Since is older' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 1500) -Code 'AADSTS53003'
            New-RemcFakeAadEvent -Time (At 1435)
        )
        $result = Invoke-Probe -Since (At 3000)
        $result.Facts.WindowStart | Should -Be $script:Now.AddHours(-24)
        $result.Cause | Should -Be 'none'
        $result.Facts.Failures | Should -Be 1
    }

    It "ignores another user's events but keeps events without a SID" {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 180) -Sid $script:OtherSid
            New-RemcFakeAadEvent -Time (At 100) -Sid $script:OtherSid
            New-RemcFakeAadEvent -Time (At 10) -Sid $script:OtherSid
            New-RemcFakeAadEvent -Time (At 5) -Sid $script:OtherSid -Code 'AADSTS53003'
            New-RemcFakeAadEvent -Time (At 4) -Sid $null
        )
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Facts.Failures | Should -Be 1
    }

    It 'keeps every event when its own SID is unknown' {
        Reset-RemcFakeSignInDiagnostics -Sid $null -AadEvent @(
            New-RemcFakeAadEvent -Time (At 180) -Sid $script:OtherSid
            New-RemcFakeAadEvent -Time (At 100) -Sid $script:OtherSid
            New-RemcFakeAadEvent -Time (At 10) -Sid $script:OtherSid
        )
        (Invoke-Probe).Cause | Should -Be 'os'
    }

    It 'ignores clients outside ClientIds' {
        $other = '00000002-0000-0000-c000-000000000000'
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 180) -ClientId $other
            New-RemcFakeAadEvent -Time (At 100) -ClientId $other
            New-RemcFakeAadEvent -Time (At 10) -ClientId $other
            New-RemcFakeAadEvent -Time (At 5) -ClientId $other -Code 'AADSTS50076'
        )
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Facts.Failures | Should -Be 0
    }

    It 'matches client ids case-insensitively' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 180) -ClientId $script:Teams.ToUpperInvariant()
            New-RemcFakeAadEvent -Time (At 100) -ClientId 'd3590ed6-52b3-4102-aeff-aad2292ab01c'
            New-RemcFakeAadEvent -Time (At 10) -ClientId '0ec893e0-5785-4de6-99da-4ed124e5296c'
        )
        (Invoke-Probe).Cause | Should -Be 'os'
    }

    It 'counts any client when ClientIds is empty' {
        $other = '00000002-0000-0000-c000-000000000000'
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 180) -ClientId $other
            New-RemcFakeAadEvent -Time (At 100) -ClientId $other
            New-RemcFakeAadEvent -Time (At 10) -ClientId $other
        )
        (Invoke-Probe -Override @{ ClientIds = @() }).Cause | Should -Be 'os'
    }

    It 'ignores event ids the seam was not asked for' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 180) -Id 1104
            New-RemcFakeAadEvent -Time (At 100) -Id 1104
            New-RemcFakeAadEvent -Time (At 10) -Id 1104
        )
        (Invoke-Probe).Facts.Failures | Should -Be 0
    }
}

Describe 'Test-RemcSignInDiagnostics unavailable signals' {
    It 'is unknown when neither the AAD log nor dsregcmd can be read' {
        Reset-RemcFakeSignInDiagnostics -LogUnavailable -LogReason 'access denied' -NoDsreg
        $result = Invoke-Probe
        $result.Cause | Should -Be 'unknown'
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'unknown: AAD log unavailable (access denied), dsregcmd unavailable'
        $result.Facts.LogAvailable | Should -BeFalse
        $result.Facts.LogReason | Should -Be 'access denied'
        $result.Facts.DsregAvailable | Should -BeFalse
    }

    It 'is unknown when only the AAD log is missing' {
        Reset-RemcFakeSignInDiagnostics -LogUnavailable -LogReason 'log not found'
        $result = Invoke-Probe
        $result.Cause | Should -Be 'unknown'
        $result.Summary | Should -Be 'unknown: AAD log unavailable (log not found)'
        $result.Facts.DsregAvailable | Should -BeTrue
        $result.Facts.Prt | Should -Be 'YES'
    }

    It 'still applies the gate when the log is unavailable' {
        Reset-RemcFakeSignInDiagnostics -LogUnavailable -Dsreg (New-RemcFakeDsregStatus -AzureAdJoined 'NO')
        (Invoke-Probe).Summary | Should -Be 'not applicable: device not Entra joined or registered'
    }

    It 'treats an unexpected event-log failure as an unavailable signal, not a probe error' {
        Reset-RemcFakeSignInDiagnostics -LogError "The RPC server is unavailable.`r`n(0x800706BA)"
        $result = Invoke-Probe
        $result.Cause | Should -Be 'unknown'
        $result.Summary | Should -Be 'unknown: AAD log unavailable (read failed: The RPC server is unavailable. (0x800706BA))'
    }

    It 'still classifies from the log when dsregcmd is missing' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(5, 40, 90 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -Code 'AADSTS53003' }) -NoDsreg
        (Invoke-Probe).Cause | Should -Be 'policy'
    }
}

Describe 'Test-RemcSignInDiagnostics PRT facts' {
    It 'reports the PRT update time and whether it is older than PrtMaxAgeHours' {
        Reset-RemcFakeSignInDiagnostics -Dsreg (New-RemcFakeDsregStatus -PrtUpdateTime '2024-05-01 06:30:00.000 UTC')
        $result = Invoke-Probe
        $result.Facts.PrtUpdateTime | Should -Be ([datetime]::SpecifyKind([datetime]'2024-05-01T06:30:00', [DateTimeKind]::Utc))
        $result.Facts.PrtStale | Should -BeTrue
        $result.Cause | Should -Be 'none'
    }

    It 'leaves the PRT age unknown when the time cannot be read' {
        Reset-RemcFakeSignInDiagnostics -Dsreg (New-RemcFakeDsregStatus -PrtUpdateTime 'unbekannt')
        $result = Invoke-Probe
        $result.Facts.PrtUpdateTime | Should -BeNullOrEmpty
        $result.Facts.PrtStale | Should -BeNullOrEmpty
    }
}
