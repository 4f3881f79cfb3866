# Pester 5 tests of the sign-in-diagnostics probe against fakes (seam.ps1 is never loaded).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    # Get-RemcIdentity is the runtime's (compiler/ps/runtime/common.ps1); its fake reads the identity fakes.ps1 sets.
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/runtime-fakes.ps1')

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
        New-RemcTestContext -RemediationId 'teams-50058' -Mode 'detect' -Now $script:Now -Since $Since
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
        # The fakes render the PRT's times from the simulated clock, as the scenario harness sets it.
        $global:RemcFakeState.Now = $script:Now
        Test-RemcSignInDiagnostics -Config (New-TestConfig -Override $Override) -Context (New-TestContext -Since $Since)
    }

    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    function Read-Sample {
        param([string] $Name)
        Get-Content -LiteralPath (Join-Path $PSScriptRoot ('samples/' + $Name)) -Raw | ConvertFrom-Json -AsHashtable
    }

    function Read-SampleLines {
        param([string] $Name)
        $lines = [IO.File]::ReadAllText((Join-Path $PSScriptRoot ('samples/' + $Name))) -split '\r?\n'
        # The file's final newline is not a line of output.
        if ($lines[-1] -eq '') { $lines = $lines[0..($lines.Count - 2)] }
        $lines
    }
}

Describe 'fakes match the recorded samples (samples/README.md names the sources)' {
    It 'renders dsregcmd /status for <JoinType> exactly as samples/<File>' -ForEach @(
        @{ JoinType = 'entra'; File = 'dsreg-entra-joined.txt' }
        @{ JoinType = 'hybrid'; File = 'dsreg-hybrid-joined.txt' }
        @{ JoinType = 'registered'; File = 'dsreg-registered.txt' }
        @{ JoinType = 'none'; File = 'dsreg-unjoined.txt' }
    ) {
        $want = @(Read-SampleLines $File)
        $got = @(New-RemcFakeDsregStatus -JoinType $JoinType)
        $got.Count | Should -Be $want.Count
        for ($i = 0; $i -lt $want.Count; $i++) { $got[$i] | Should -BeExactly $want[$i] -Because ('line {0}' -f ($i + 1)) }
    }

    It 'builds event <File> with the channel''s property order, .NET types and values' -ForEach @(
        @{ File = 'aad-1098-mfa-required.json' }, @{ File = 'aad-1097-refresh-token-failed.json' }
    ) {
        $sample = Read-Sample $File
        $fake = $sample.fake
        $record = New-RemcFakeAadEvent @fake
        $record.Id | Should -Be $sample.id
        $record.TimeCreated.Kind | Should -Be ([DateTimeKind]::Local)
        @($record.Properties).Count | Should -Be @($sample.properties).Count
        $types = @{ UInt32 = [uint32]; UnicodeString = [string] }
        for ($i = 0; $i -lt @($sample.properties).Count; $i++) {
            $want = $sample.properties[$i]
            $value = $record.Properties[$i].Value
            $value.GetType() | Should -Be $types[$want.type] -Because $want.name
            if ($want.type -eq 'UInt32') { $value | Should -Be ([uint32]$want.value) }
            else { ($value -replace '\s+', ' ') | Should -BeExactly ($want.value -replace '\s+', ' ') -Because $want.name }
        }
        # Event Viewer's text ('Error: %1 %2 %3') is the recorded message, up to white space.
        $shown = 'Error: 0x{0:X8} {1} {2}' -f $record.Properties[0].Value, $record.Properties[1].Value, $record.Properties[2].Value
        ($shown -replace '\s+', ' ') | Should -BeExactly ($sample.message -replace '\s+', ' ')
    }

    It 'finds the WAM code of <File> from the typed Error, which [string] turns into decimal' -ForEach @(
        @{ File = 'aad-1098-mfa-required.json' }, @{ File = 'aad-1097-refresh-token-failed.json' }
    ) {
        $sample = Read-Sample $File
        $fake = $sample.fake
        $record = New-RemcFakeAadEvent @fake
        @(Get-RemcSignInCode -Text (ConvertTo-RemcSignInEvent -Record $record).Text | Sort-Object) | Should -Be @($sample.codes | Sort-Object)
        # The old reading: [string] of each value. It must miss the code, or these fakes prove nothing.
        $old = (@($record.Properties) | ForEach-Object { [string]$_.Value }) -join ' '
        $old | Should -Match ('^{0} ' -f $sample.properties[0].value)
        @(Get-RemcSignInCode -Text $old) | Should -Not -Contain $sample.codes[0]
    }

    It 'reads the client id of samples/<File> from its text where Windows names it, or none' -ForEach @(
        @{ File = 'aad-1098-request-wstrust.json' }, @{ File = 'aad-request-resource-invalid.json' }, @{ File = 'aad-request-client-removed.json' }
    ) {
        $sample = Read-Sample $File
        $id = Get-RemcSignInClientId -Text $sample.message
        if ($null -eq $sample.clientId) { $id | Should -BeNullOrEmpty } else { $id | Should -BeExactly $sample.clientId }
    }

    It 'reads the client id of samples/<File> (KB 3193683) once its placeholder is an id, and none from the placeholder' -ForEach @(
        @{ File = 'aad-1098-mfa-required.json' }, @{ File = 'aad-1097-refresh-token-failed.json' }
    ) {
        $sample = Read-Sample $File
        Get-RemcSignInClientId -Text $sample.message | Should -BeNullOrEmpty
        $text = $sample.message.Replace('<Client ID GUID>', '1FEC8E78-BCE4-4AAF-AB1B-5451CC387264')
        Get-RemcSignInClientId -Text $text | Should -BeExactly $script:Teams
    }

    It 'writes the request form of samples/<File> (-TextForm Request)' -ForEach @(
        @{ File = 'aad-1098-request-wstrust.json' }, @{ File = 'aad-request-resource-invalid.json' }
    ) {
        $sample = Read-Sample $File
        $fake = $sample.fake
        $record = New-RemcFakeAadEvent @fake
        # Event Viewer's text: 'Error: %1 %2%n%3'.
        $shown = "Error: 0x{0:X8} {1}`n{2}" -f $record.Properties[0].Value, $record.Properties[1].Value, $record.Properties[2].Value
        if ($sample.compare -eq 'whole') { $shown | Should -BeExactly $sample.message }
        else { @($shown -split "`n")[-1] | Should -BeExactly @($sample.message -split "`n")[-1] }
        (ConvertTo-RemcSignInEvent -Record $record).ClientId | Should -BeExactly $sample.clientId
    }

    It 'writes an Int32 error with the same bits as the UInt32' {
        Format-RemcSignInValue -Value ([int32]-895352820) | Should -BeExactly '0xCAA2000C'
        Format-RemcSignInValue -Value ([uint32]3399614476) | Should -BeExactly '0xCAA2000C'
        Format-RemcSignInValue -Value 'AADSTS50058' | Should -BeExactly 'AADSTS50058'
    }

    It 'reads join type <JoinType>, tenant and PRT from samples/<File>' -ForEach @(
        @{ File = 'dsreg-entra-joined.txt'; JoinType = 'entra'; Prt = 'YES' }
        @{ File = 'dsreg-hybrid-joined.txt'; JoinType = 'hybrid'; Prt = 'YES' }
        @{ File = 'dsreg-registered.txt'; JoinType = 'registered'; Prt = 'NO' }
        @{ File = 'dsreg-unjoined.txt'; JoinType = 'none'; Prt = 'NO' }
    ) {
        Reset-RemcFakeSignInDiagnostics -Dsreg @(Read-SampleLines $File)
        $result = Invoke-Probe
        $result.Facts.DsregAvailable | Should -BeTrue
        $result.Facts.JoinType | Should -Be $JoinType
        $result.Facts.Prt | Should -Be $Prt
        if ($JoinType -eq 'none') { $result.Facts.TenantId | Should -BeNullOrEmpty }
        else { $result.Facts.TenantId | Should -Be '96fa76d0-0000-4000-8000-eb60cc220000' }
    }
}

Describe 'sign-in-diagnostics emitted files' {
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
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -JoinType 'none'
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Summary | Should -Be 'not applicable: device not Entra joined or registered'
        $result.InDesiredState | Should -BeTrue
        $result.Advice | Should -Be ''
    }

    # Was 'os': a registered device's dsregcmd shows AzureAdPrt NO (its SSO state "can be ignored",
    # entra-docs troubleshoot-device-dsregcmd), so the PRT cannot vouch for an OS cause there.
    It 'applies to a registered (workplace joined) device but cannot confirm an OS cause without a PRT' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -JoinType 'registered'
        $result = Invoke-Probe
        $result.Cause | Should -Be 'unknown'
        $result.Summary | Should -Be 'unknown: 5 silent sign-in failures, but a registered device has no PRT to judge them by'
        $result.InDesiredState | Should -BeTrue
    }

    It 'reports the OS cause on a registered device whose dsregcmd shows a fresh PRT' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -JoinType 'registered' -Prt 'YES'
        (Invoke-Probe).Cause | Should -Be 'os'
    }

    It 'reports the OS cause on an Entra joined device' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -JoinType 'entra'
        (Invoke-Probe).Cause | Should -Be 'os'
    }

    # Was 'os': output without the English labels is unreadable, and unreadable must never be OS.
    It 'is unknown, never OS, when dsregcmd labels are unreadable (localized)' {
        $lines = @('            AzureAdVerbunden : NEIN', '           Arbeitsplatz : NEIN')
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -Dsreg $lines
        $result = Invoke-Probe
        $result.Cause | Should -Be 'unknown'
        $result.Summary | Should -Be 'unknown: 5 silent sign-in failures, but dsregcmd is unreadable'
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
    It 'classifies <Code> as account, with advice for the <Kind> on a hybrid device' -ForEach @(
        @{ Code = 'AADSTS50076'; Kind = 'mfa' }, @{ Code = 'AADSTS50079'; Kind = 'mfa' }, @{ Code = 'AADSTS50126'; Kind = 'session' },
        @{ Code = 'AADSTS50173'; Kind = 'session' }, @{ Code = 'AADSTS700082'; Kind = 'session' }, @{ Code = '0xCAA20003'; Kind = 'session' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @((New-OsFailure) + (New-RemcFakeAadEvent -Time (At 5) -Code $Code))
        $result = Invoke-Probe
        $result.Cause | Should -Be 'account'
        $result.InDesiredState | Should -BeFalse
        $advice = @{
            mfa     = 'multi-factor authentication is required (AADSTS50076) or must be registered (AADSTS50079): the user must sign in to Teams interactively and complete MFA; never disconnect the work account, it is the device join'
            session = 'the account session is expired or revoked: the user must sign out of Windows and sign in again with the current password; never disconnect the work account, it is the device join'
        }
        $result.Advice | Should -Be $advice[$Kind]
    }

    It 'never advises reconnecting the work or school account (<JoinType>, <Code>)' -ForEach @(
        foreach ($join in 'entra', 'hybrid', 'registered') { foreach ($code in 'AADSTS50076', 'AADSTS50126') { @{ JoinType = $join; Code = $code } } }
    ) {
        Reset-RemcFakeSignInDiagnostics -JoinType $JoinType -AadEvent @(5, 40, 90 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -Code $Code })
        $result = Invoke-Probe
        $result.Cause | Should -Be 'account'
        $result.Advice | Should -Not -Match 'reconnect'
        if ($JoinType -eq 'registered') { $result.Advice | Should -Match 'do not disconnect the work or school account \(that unenrols this registered device from management\)$' }
        if ($Code -eq 'AADSTS50076') { $result.Advice | Should -Match 'complete MFA' }
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
        Reset-RemcFakeSignInDiagnostics -AadEvent @(New-RemcFakeAadEvent -Time (At 5) -Code $Code) -Prt 'NO'
        $result = Invoke-Probe
        $result.Cause | Should -Be 'device'
        $result.Summary | Should -Be ('device cause: PRT NO with {0} x1' -f $Code)
        $result.Advice | Should -Be 'device registration or PRT failure: check dsregcmd /status'
    }

    It 'classifies PRT NO with a TPM code as device' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(New-RemcFakeAadEvent -Time (At 5) -Code '0x80280009') -Prt 'NO'
        $result = Invoke-Probe
        $result.Cause | Should -Be 'device'
        $result.Summary | Should -Be 'device cause: PRT NO with TPM error'
    }

    It 'does not blame the device for <Code> while the PRT is YES' -ForEach @(
        @{ Code = 'AADSTS50155' }, @{ Code = '0x80290401' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(New-RemcFakeAadEvent -Time (At 5) -Code $Code)
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
        # Every 1098 carries its Error: the events built with only 'AADSTS50058' have 0xCAA2000C too.
        $result.Summary | Should -Be 'OS cause: 5 silent sign-in failures (0xCAA2000C x5, AADSTS50058 x4) since 2024-05-01T09:00Z'
        $result.Facts.Failures | Should -Be 5
        $result.Facts.Codes['AADSTS50058'] | Should -Be 4
        $result.Facts.Codes['0xCAA2000C'] | Should -Be 5
        $result.Facts.Prt | Should -Be 'YES'
        $result.Facts.LogAvailable | Should -BeTrue
        $result.Facts.DsregAvailable | Should -BeTrue
    }

    It 'writes the typed Error as an upper-case WAM code and counts codes once per event' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 100) -Code '0xcaa2000c'
            New-RemcFakeAadEvent -Time (At 60) -Code '0xCaA2000c'
            New-RemcFakeAadEvent -Time (At 20) -Code 'AADSTS50058' -Extra 'AADSTS50058 repeated in the same event'
        )
        $result = Invoke-Probe
        $result.Summary | Should -Be 'OS cause: 3 silent sign-in failures (0xCAA2000C x3, AADSTS50058 x1) since 2024-05-01T10:20Z'
        @($result.Facts.Codes.Keys | Sort-Object) | Should -Be @('0xCAA2000C', 'AADSTS50058')
    }

    # Was 'os': without dsregcmd neither the join nor the PRT is known, and unknown fixes nothing.
    It 'is unknown, never OS, when dsregcmd is missing' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -NoDsreg
        $result = Invoke-Probe
        $result.Cause | Should -Be 'unknown'
        $result.Summary | Should -Be 'unknown: 5 silent sign-in failures, but dsregcmd is unreadable'
        $result.Facts.DsregAvailable | Should -BeFalse
        $result.Facts.Prt | Should -BeNullOrEmpty
    }

    # Was 'none' (healthy, exit 0): a joined device without a PRT is the main device-level signal.
    It 'reports PRT NO with repeated failures on a <JoinType> device as a device cause with advice' -ForEach @(
        @{ JoinType = 'hybrid'; Where = 'check the device in Entra ID (enabled, not deleted) and that a domain controller is reachable' }
        @{ JoinType = 'entra'; Where = 'check the device in Entra ID (enabled, not deleted)' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -JoinType $JoinType -Prt 'NO'
        $result = Invoke-Probe
        $result.Cause | Should -Be 'device'
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'device cause: PRT NO with 5 silent sign-in failures'
        $result.Advice | Should -Be ('no primary refresh token for this user: sign out of Windows and in again; if dsregcmd /status still shows AzureAdPrt NO, {0}; removing tokens does not help' -f $Where)
    }

    It 'is unknown while the PRT is stale (last updated <Hours>h ago)' -ForEach @(@{ Hours = 5 }, @{ Hours = 30 }) {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -PrtAgeHours $Hours
        $result = Invoke-Probe
        $result.Cause | Should -Be 'unknown'
        $result.Summary | Should -Be ('unknown: 5 silent sign-in failures, but the PRT was last updated {0}h ago (not refreshing)' -f $Hours)
        $result.Facts.PrtStale | Should -BeTrue
    }

    It 'reports the OS cause with a PRT updated just within PrtMaxAgeHours' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -PrtAgeHours 3.9
        (Invoke-Probe).Cause | Should -Be 'os'
    }

    It 'is unknown when the PRT update time cannot be read' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure) -Dsreg (New-RemcFakeDsregStatus -PrtUpdateTime 'unbekannt')
        $result = Invoke-Probe
        $result.Cause | Should -Be 'unknown'
        $result.Summary | Should -Be 'unknown: 5 silent sign-in failures, but the PRT update time is unreadable'
    }

    It 'is unknown when a code no table lists comes with the failures (<Code>)' -ForEach @(@{ Code = 'AADSTS50133' }, @{ Code = '0xCAA10083' }) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @((New-OsFailure) + (New-RemcFakeAadEvent -Time (At 5) -Code $Code))
        $result = Invoke-Probe
        $result.Cause | Should -Be 'unknown'
        $result.Summary | Should -Be ('unknown: 5 silent sign-in failures, but unlisted codes: {0} x1' -f $Code)
        $result.InDesiredState | Should -BeTrue
    }

    It 'keeps the OS cause beside the codes that only wrap the AADSTS inside (<Code>)' -ForEach @(@{ Code = '0xCAA90004' }, @{ Code = '0xCAA20064' }) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @((New-OsFailure) + (New-RemcFakeAadEvent -Time (At 5) -Id 1097 -Code $Code))
        (Invoke-Probe).Cause | Should -Be 'os'
    }

    It 'does not count sign-ins to another tenant (guest access)' {
        $other = 'https://login.microsoftonline.com/0f0e0d0c-0000-4000-8000-000000000009'
        Reset-RemcFakeSignInDiagnostics -AadEvent @(180, 150, 90, 40, 10 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -Authority $other })
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Facts.Failures | Should -Be 0
        $result.Facts.OtherTenant | Should -Be 5
    }

    It 'counts sign-ins that name the home tenant (<Case>)' -ForEach @(
        @{ Case = 'lower case'; Tenant = '96fa76d0-0000-4000-8000-eb60cc220000' }, @{ Case = 'upper case'; Tenant = '96FA76D0-0000-4000-8000-EB60CC220000' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(180, 150, 90, 40, 10 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -Authority ('https://login.microsoftonline.com/' + $Tenant) })
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        $result.Facts.OtherTenant | Should -Be 0
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

    It 'counts a burst of retries once: many failures within minutes of each other are not repeated failures' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 200)
            New-RemcFakeAadEvent -Time (At 34)
            New-RemcFakeAadEvent -Time (At 30)
            New-RemcFakeAadEvent -Time (At 26)
            New-RemcFakeAadEvent -Time (At 22)
        )
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Summary | Should -BeLike '*; 5 retries in 2 bursts)'
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
        $result.Summary | Should -Be 'no repeated sign-in failures (1 0xCAA2000C, 1 AADSTS50058 in 24h)'
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
        $result.Summary | Should -Be ('no repeated sign-in failures (2 0xCAA2000C, 1 AADSTS50058 since the last fix at {0})' -f $since.ToString("yyyy-MM-dd'T'HH:mm'Z'", [Globalization.CultureInfo]::InvariantCulture))
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
        Reset-RemcFakeSignInDiagnostics -LogUnavailable -JoinType 'none'
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

Describe 'Test-RemcSignInDiagnostics failing apps' {
    It 'names the processes of the apps whose silent sign-in fails, by their client id' {
        Reset-RemcFakeSignInDiagnostics -AadEvent (New-OsFailure)
        @((Invoke-Probe).Facts.FailingApps) | Should -Be @('Teams', 'ms-teams')
    }

    It 'names none for Office apps, which no fix stops' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(180, 150, 90, 40, 10 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -ClientId 'd3590ed6-52b3-4102-aeff-aad2292ab01c' })
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        @($result.Facts.FailingApps).Count | Should -Be 0
        $result.Facts.UnknownAppFailures | Should -Be 0
    }

    It 'names the failing app from the <TextForm> form of the event text (<Client>)' -ForEach @(
        @{ TextForm = 'ClientId'; Client = '1fec8e78-bce4-4aaf-ab1b-5451cc387264' }
        @{ TextForm = 'Request'; Client = '1fec8e78-bce4-4aaf-ab1b-5451cc387264' }
        # MicrosoftDocs/azure-docs #47428 shows the id in upper case.
        @{ TextForm = 'Request'; Client = '1FEC8E78-BCE4-4AAF-AB1B-5451CC387264' }
    ) {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(180, 150, 90, 40, 10 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -TextForm $TextForm -ClientId $Client })
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        $result.Facts.Failures | Should -Be 5
        @($result.Facts.FailingApps) | Should -Be @('Teams', 'ms-teams')
        $result.Facts.UnknownAppFailures | Should -Be 0
        $result.Summary | Should -Not -Match 'unknown'
    }

    It 'reads the home tenant from the request line (<Case>)' -ForEach @(
        @{ Case = 'home tenant'; Tenant = '96fa76d0-0000-4000-8000-eb60cc220000'; Cause = 'os' }
        @{ Case = 'guest tenant'; Tenant = '0f0e0d0c-0000-4000-8000-000000000009'; Cause = 'none' }
    ) {
        $authority = 'https://login.microsoftonline.com/{0}' -f $Tenant
        Reset-RemcFakeSignInDiagnostics -AadEvent @(180, 150, 90, 40, 10 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -TextForm 'Request' -Authority $authority })
        (Invoke-Probe).Cause | Should -Be $Cause
    }

    It 'compares the client of a request line whole: another app asking for a listed id as its resource does not count' {
        $other = '00000002-0000-0000-c000-000000000000'
        Reset-RemcFakeSignInDiagnostics -AadEvent @(180, 150, 90, 40, 10 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -TextForm 'Request' -ClientId $other -Resource $script:Teams })
        $result = Invoke-Probe
        $result.Cause | Should -Be 'none'
        $result.Facts.Failures | Should -Be 0
    }

    It 'says the app is unknown when the text names no client in a known form, and names no app to stop' {
        # The Unknown form still carries the Teams id in its redirect URI: that counts the failures as a
        # symptom, but it is not where Windows names the client, so no app is chosen from it.
        Reset-RemcFakeSignInDiagnostics -AadEvent @(180, 150, 90, 40, 10 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -TextForm 'Unknown' })
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        $result.Facts.Failures | Should -Be 5
        @($result.Facts.FailingApps).Count | Should -Be 0
        $result.Facts.UnknownAppFailures | Should -Be 5
        $result.Summary | Should -BeExactly 'OS cause: 5 silent sign-in failures (0xCAA2000C x5, AADSTS50058 x5) since 2024-05-01T09:00Z, app unknown'
    }

    It 'names the known apps and counts the others as unknown' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 180) -TextForm 'Request'
            New-RemcFakeAadEvent -Time (At 150) -TextForm 'Unknown'
            New-RemcFakeAadEvent -Time (At 90) -TextForm 'ClientId'
            New-RemcFakeAadEvent -Time (At 40) -TextForm 'Unknown'
            New-RemcFakeAadEvent -Time (At 10) -TextForm 'Request'
        )
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        @($result.Facts.FailingApps) | Should -Be @('Teams', 'ms-teams')
        $result.Facts.UnknownAppFailures | Should -Be 2
        $result.Summary | Should -Match ', app unknown for 2 of 5$'
    }

    It 'reads no client from <Case>' -ForEach @(
        @{ Case = 'a masked id'; Text = 'Request: authority: https://login.microsoftonline.com/common, client: 1fec8e78-####-####-####-############, redirect URI: ms-appx-web://Microsoft.AAD.BrokerPlugin/1fec8e78-####-####-####-############' }
        @{ Case = 'a removed id beside a redirect URI that ends in one'; Text = 'Request: authority: https://login.microsoftonline.com/common, client: [removed], redirect URI: ms-appx-web://Microsoft.AAD.BrokerPlugin/1fec8e78-bce4-4aaf-ab1b-5451cc387264, resource: https://api.spaces.skype.com' }
        @{ Case = 'two different clients'; Text = "Client ID: 1fec8e78-bce4-4aaf-ab1b-5451cc387264`nRequest: authority: https://login.microsoftonline.com/common, client: d3590ed6-52b3-4102-aeff-aad2292ab01c, redirect URI: x" }
        @{ Case = 'a longer hex run'; Text = 'client: 1fec8e78-bce4-4aaf-ab1b-5451cc3872641' }
        @{ Case = 'another label ending in client'; Text = 'Code: invalid_client: 1fec8e78-bce4-4aaf-ab1b-5451cc387264' }
        @{ Case = 'no text'; Text = '' }
    ) {
        Get-RemcSignInClientId -Text $Text | Should -BeNullOrEmpty
    }

    It 'reads one client named twice the same way' {
        Get-RemcSignInClientId -Text "Client ID: 1FEC8E78-BCE4-4AAF-AB1B-5451CC387264 Request: authority: x, client: 1fec8e78-bce4-4aaf-ab1b-5451cc387264, redirect URI: y" | Should -BeExactly $script:Teams
    }
}

Describe 'Test-RemcSignInDiagnostics failing tenants' {
    # What a fix that acts per tenant (wam-account-sign-out) may act on: only the tenants the counted
    # failures name in their request's authority.
    It 'names the tenant the failures name, from the <TextForm> form (<Case>)' -ForEach @(
        @{ TextForm = 'ClientId'; Case = 'lower case'; Tenant = '96fa76d0-0000-4000-8000-eb60cc220000' }
        @{ TextForm = 'Request'; Case = 'lower case'; Tenant = '96fa76d0-0000-4000-8000-eb60cc220000' }
        @{ TextForm = 'Request'; Case = 'upper case'; Tenant = '96FA76D0-0000-4000-8000-EB60CC220000' }
    ) {
        $authority = 'https://login.microsoftonline.com/{0}' -f $Tenant
        Reset-RemcFakeSignInDiagnostics -JoinType 'registered' -Prt 'YES' -AadEvent @(180, 150, 90, 40, 10 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -TextForm $TextForm -Authority $authority })
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        @($result.Facts.FailingTenants) | Should -Be @('96fa76d0-0000-4000-8000-eb60cc220000')
    }

    It 'names no tenant for failures sent to <Authority>' -ForEach @(@{ Authority = 'common' }, @{ Authority = 'organizations' }) {
        $url = 'https://login.microsoftonline.com/{0}' -f $Authority
        Reset-RemcFakeSignInDiagnostics -AadEvent @(180, 150, 90, 40, 10 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -Authority $url })
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        @($result.Facts.FailingTenants).Count | Should -Be 0
    }

    It 'names only the tenants of the counted failures: one named among unnamed ones' {
        Reset-RemcFakeSignInDiagnostics -AadEvent @(
            New-RemcFakeAadEvent -Time (At 180)
            New-RemcFakeAadEvent -Time (At 150) -Authority 'https://login.microsoftonline.com/96fa76d0-0000-4000-8000-eb60cc220000'
            New-RemcFakeAadEvent -Time (At 90)
            New-RemcFakeAadEvent -Time (At 10)
        )
        @((Invoke-Probe).Facts.FailingTenants) | Should -Be @('96fa76d0-0000-4000-8000-eb60cc220000')
    }

    It 'never names another organization''s tenant (guest access), even beside the device''s own failures' {
        $guest = 'https://login.microsoftonline.com/0f0e0d0c-0000-4000-8000-000000000009'
        Reset-RemcFakeSignInDiagnostics -AadEvent @((New-OsFailure) + @(170, 100, 20 | ForEach-Object { New-RemcFakeAadEvent -Time (At $_) -Authority $guest }))
        $result = Invoke-Probe
        $result.Cause | Should -Be 'os'
        $result.Facts.OtherTenant | Should -Be 3
        @($result.Facts.FailingTenants).Count | Should -Be 0
    }

    It 'names none when nothing fails' {
        Reset-RemcFakeSignInDiagnostics
        $result = Invoke-Probe
        $result.Facts.ContainsKey('FailingTenants') | Should -BeTrue
        @($result.Facts.FailingTenants).Count | Should -Be 0
    }
}
