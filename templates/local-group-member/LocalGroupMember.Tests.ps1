# Pester 5 tests of the local-group-member probe, fix and seam helpers against the fakes in fakes.ps1.
# The real seam needs Windows (ADSI, LookupAccountSid): its pure helpers are tested here, its calls are not.

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    $script:GlobalAdmin = 'S-1-12-1-3631037392-1129650370-1889695928-310471729'
    $script:DeviceAdmin = 'S-1-12-1-1307019558-1095313948-1185333899-1455320757'
    $script:Helpdesk = 'S-1-5-21-3623811015-3361044348-30300820-1013'
    $script:Jdoe = 'S-1-5-21-3623811015-3361044348-30300820-1104'
    $script:Orphan = 'S-1-5-21-3623811015-3361044348-30300820-1999'

    function New-TestConfig {
        param([hashtable] $Override = @{})
        $values = @{ Group = 'Administrators'; GroupSid = 'S-1-5-32-544'; Members = @('CONTOSO\Helpdesk'); Ensure = 'present' }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'local-group-member' -Override $values
    }

    function New-TestContext { New-RemcTestContext -RemediationId 'local-admins' -Mode 'remediate' }

    function Invoke-TestProbe {
        param([hashtable] $Override = @{})
        Test-RemcLocalGroupMember -Config (New-TestConfig -Override $Override) -Context (New-TestContext)
    }

    function Invoke-TestRepair {
        param([hashtable] $Override = @{})
        Repair-RemcLocalGroupMember -Config (New-TestConfig -Override $Override) -Context (New-TestContext) -Probe @{}
    }

    function Get-TestError {
        param([scriptblock] $Block)
        try { $null = & $Block } catch { return $_.Exception.Message }
        return $null
    }

    function Get-TestChange {
        @($global:RemcFakeState.LocalGroupCalls | Where-Object { $_ -like 'add:*' -or $_ -like 'remove:*' })
    }

    function Get-TestMember {
        param([string] $Sid = 'S-1-5-32-544')
        @((Find-RemcFakeLocalGroupEntry -Sid $Sid).Members)
    }
}

Describe 'local-group-member emitted files' {
    It 'never uses Get-LocalGroupMember nor parses net localgroup' {
        foreach ($file in 'probe.ps1', 'fix.ps1', 'seam.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $file), [ref] $null, [ref] $null)
            $commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() })
            $commands | Should -Not -Contain 'Get-LocalGroupMember'
            $commands | Should -Not -Contain 'net'
            $commands | Should -Not -Contain 'net.exe'
            $commands | Should -Not -Contain 'Add-LocalGroupMember'
            $commands | Should -Not -Contain 'Remove-LocalGroupMember'
        }
    }
}

Describe 'Test-RemcLocalGroupMember' {
    BeforeEach { Reset-RemcFakeLocalGroup -Declared @() }

    It 'says a declared member is missing, by the name the device gives the group' {
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'Administrators lacks CONTOSO\Helpdesk (1 of 1 declared members)'
        $result.Facts.Change | Should -Be @($script:Helpdesk)
    }

    It 'is fine when every declared member is there, by SID or by name' {
        $result = Invoke-TestProbe -Override @{ Members = @($script:DeviceAdmin, '.\Administrator') }
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Administrators has all 2 declared members'
    }

    It 'compares SIDs whatever their case' {
        (Invoke-TestProbe -Override @{ Members = @($script:DeviceAdmin.ToLowerInvariant()) }).InDesiredState | Should -BeTrue
    }

    It 'says which declared members must not be there (ensure absent)' {
        $result = Invoke-TestProbe -Override @{ Members = @($script:GlobalAdmin, 'CONTOSO\jdoe'); Ensure = 'absent' }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly "Administrators has $($script:GlobalAdmin), which must not be members (1 of 2 declared)"
        (Invoke-TestProbe -Override @{ Members = @('CONTOSO\jdoe'); Ensure = 'absent' }).Summary | Should -BeExactly 'Administrators has none of the 1 declared members'
    }

    It 'finds the group by SID on a <Language> Windows' -ForEach @(
        @{ Language = 'fr'; Name = 'Administrateurs' }, @{ Language = 'de'; Name = 'Administratoren' }
    ) {
        Reset-RemcFakeLocalGroup -Declared @() -Language $Language
        (Invoke-TestProbe).Summary | Should -BeExactly "$Name lacks CONTOSO\Helpdesk (1 of 1 declared members)"
        $global:RemcFakeState.LocalGroupCalls | Should -Contain "members:$Name"
    }

    It 'reads a group that holds an orphaned SID, and can name that SID as a declared member' {
        Reset-RemcFakeLocalGroup -Declared @() -Orphan @($script:Orphan)
        (Invoke-TestProbe -Override @{ Members = @($script:DeviceAdmin) }).InDesiredState | Should -BeTrue
        $absent = Invoke-TestProbe -Override @{ Members = @($script:Orphan); Ensure = 'absent' }
        $absent.InDesiredState | Should -BeFalse
        $absent.Facts.Change | Should -Be @($script:Orphan)
    }

    It 'reports a name it cannot resolve beside the drift of the others, and as an error when nothing else differs' {
        $drift = Invoke-TestProbe -Override @{ Members = @('CONTOSO\Helpdesk', 'CONTOSO\Nobody') }
        $drift.InDesiredState | Should -BeFalse
        $drift.Summary | Should -BeExactly 'Administrators lacks CONTOSO\Helpdesk (1 of 2 declared members); cannot resolve CONTOSO\Nobody (no account of that name) on this device'
        $drift.Facts.Unresolved | Should -Be @('CONTOSO\Nobody')
        { Invoke-TestProbe -Override @{ Members = @($script:DeviceAdmin, 'CONTOSO\Nobody') } } |
            Should -Throw 'Administrators: cannot resolve CONTOSO\Nobody (no account of that name) on this device; the other 1 of 2 declared members are as declared'
    }

    It 'reports a group this device does not have: fine when its members must be absent, an error when present' {
        $absent = Invoke-TestProbe -Override @{ Group = 'Hyper-V Administrators'; GroupSid = 'S-1-5-32-578'; Ensure = 'absent' }
        $absent.InDesiredState | Should -BeTrue
        $absent.Summary | Should -BeExactly 'Hyper-V Administrators (S-1-5-32-578) does not exist on this device: none of the declared members is in it'
        { Invoke-TestProbe -Override @{ Group = 'Hyper-V Administrators'; GroupSid = 'S-1-5-32-578' } } | Should -Throw '*does not exist on this device; this check does not create groups'
    }

    It "refuses a domain group's SID as the group" {
        { Invoke-TestProbe -Override @{ Group = $script:Helpdesk; GroupSid = $script:Helpdesk } } | Should -Throw "$($script:Helpdesk) is CONTOSO\Helpdesk, not a local group of this device"
    }

    It 'throws when the members cannot be read' {
        Reset-RemcFakeLocalGroup -Declared @() -QueryError 'Exception calling "Invoke": The network path was not found.'
        { Invoke-TestProbe } | Should -Throw '*network path was not found*'
    }

    It 'refuses what a hand-edited script could hold' -ForEach @(
        @{ Override = @{ GroupSid = 'S-1-1-0' }; Text = "GroupSid must be a local group's SID*" }
        @{ Override = @{ Ensure = 'exclusive' }; Text = "Ensure must be 'present' or 'absent', not 'exclusive'" }
        @{ Override = @{ Members = @('Helpdesk') }; Text = "Members must be SIDs or DOMAIN\name account names, not 'Helpdesk'" }
        @{ Override = @{ Members = @('CONTOSO\*') }; Text = 'Members must be SIDs*' }
    ) {
        { Invoke-TestProbe -Override $Override } | Should -Throw $Text
    }

    It 'changes nothing' {
        $null = Invoke-TestProbe -Override @{ Members = @('CONTOSO\Helpdesk', $script:GlobalAdmin) }
        Get-TestChange | Should -BeNullOrEmpty
    }
}

Describe 'Repair-RemcLocalGroupMember' {
    BeforeEach { Reset-RemcFakeLocalGroup -Declared @() }

    It 'adds the missing members by SID, once, and leaves every other member alone' {
        $before = Get-TestMember
        $result = Invoke-TestRepair -Override @{ Members = @('CONTOSO\Helpdesk', 'AzureAD\jane@contoso.com', $script:DeviceAdmin) }
        $result.Summary | Should -BeExactly 'added CONTOSO\Helpdesk, AzureAD\jane@contoso.com to Administrators'
        $result.Changed | Should -Be 2
        Get-TestChange | Should -Be @("add:Administrators:$($script:Helpdesk)", 'add:Administrators:S-1-12-1-2229440612-1233145153-2843627187-3431516447')
        @(Get-TestMember | Where-Object { $before -notcontains $_ }).Count | Should -Be 2
        @($before | Where-Object { (Get-TestMember) -notcontains $_ }) | Should -BeNullOrEmpty
        (Invoke-TestProbe -Override @{ Members = @('CONTOSO\Helpdesk', 'AzureAD\jane@contoso.com', $script:DeviceAdmin) }).InDesiredState | Should -BeTrue
    }

    It 'removes only the declared members, an orphaned SID included, and touches no other group' {
        Reset-RemcFakeLocalGroup -Declared @() -Orphan @($script:Orphan)
        $users = Get-TestMember -Sid 'S-1-5-32-545'
        $result = Invoke-TestRepair -Override @{ Members = @($script:Orphan, $script:GlobalAdmin, 'CONTOSO\jdoe'); Ensure = 'absent' }
        $result.Summary | Should -BeExactly "removed $($script:Orphan), $($script:GlobalAdmin) from Administrators"
        Get-TestMember | Should -Be @('S-1-5-21-1004336348-1177238915-682003330-500', $script:DeviceAdmin)
        Get-TestMember -Sid 'S-1-5-32-545' | Should -Be $users
    }

    It 'changes the group by the name this Windows gives it (<Language>)' -ForEach @(
        @{ Language = 'fr'; Name = 'Administrateurs' }, @{ Language = 'de'; Name = 'Administratoren' }
    ) {
        Reset-RemcFakeLocalGroup -Declared @() -Language $Language
        (Invoke-TestRepair).Summary | Should -BeExactly "added CONTOSO\Helpdesk to $Name"
        Get-TestChange | Should -Be @("add:${Name}:$($script:Helpdesk)")
    }

    It 'adds the others and then fails naming the member it cannot resolve' {
        $message = Get-TestError { Invoke-TestRepair -Override @{ Members = @('CONTOSO\Helpdesk', 'CONTOSO\Nobody') } }
        $message | Should -BeExactly 'Administrators: added CONTOSO\Helpdesk to Administrators; cannot resolve CONTOSO\Nobody (no account of that name) on this device'
        Get-TestMember | Should -Contain $script:Helpdesk
        $only = Get-TestError { Invoke-TestRepair -Override @{ Members = @('CONTOSO\Nobody') } }
        $only | Should -BeExactly 'Administrators: changed nothing; cannot resolve CONTOSO\Nobody (no account of that name) on this device'
    }

    It 'fails with the Windows error code and what it means: <Code>' -ForEach @(
        @{ Code = 0x80070005; Text = 'error 0x80070005 (access denied: run as system)' }
        @{ Code = 0x8007056B; Text = 'error 0x8007056B (the member does not exist (ERROR_NO_SUCH_MEMBER))' }
        @{ Code = 0x800706FD; Text = 'error 0x800706FD (the trust relationship with the domain failed (ERROR_TRUSTED_RELATIONSHIP_FAILURE))' }
        @{ Code = 0x80070776; Text = 'error 0x80070776: Exception calling "Invoke" with "2" argument(s): "Le membre ne peut pas etre ajoute."' }
    ) {
        Reset-RemcFakeLocalGroup -Declared @() -AddError $Code
        Get-TestError { Invoke-TestRepair } | Should -BeExactly "Administrators: changed nothing; CONTOSO\Helpdesk: could not add: $Text"
        Get-TestChange | Should -Be @("add:Administrators:$($script:Helpdesk)")
    }

    It 'fails when Windows says it worked and the group did not change' {
        Reset-RemcFakeLocalGroup -Declared @() -NoStick
        Get-TestError { Invoke-TestRepair } | Should -BeExactly 'Administrators: changed nothing; CONTOSO\Helpdesk: still not a member after Windows reported success'
    }

    It 'has nothing to do when the group is already as declared, or absent and its members must be absent' {
        (Invoke-TestRepair -Override @{ Members = @($script:DeviceAdmin) }).Summary | Should -BeExactly 'Administrators already as declared: nothing to do'
        (Invoke-TestRepair -Override @{ Group = 'Hyper-V Administrators'; GroupSid = 'S-1-5-32-578'; Ensure = 'absent' }).Changed | Should -Be 0
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'only says what it would do in report-only mode' {
        $result = Invoke-TestRepair -Override @{ Members = @($script:GlobalAdmin); Ensure = 'absent'; ReportOnly = $true }
        $result.Summary | Should -BeExactly "report-only: would remove $($script:GlobalAdmin) from Administrators"
        $result.ReportOnly | Should -BeTrue
        Get-TestChange | Should -BeNullOrEmpty
    }
}

Describe 'exclusive' {
    BeforeEach { Reset-RemcFakeLocalGroup -Declared @() -Orphan @($script:Orphan) }

    It 'is fine with only the declared members and the built-in Administrator, which it never counts' {
        Reset-RemcFakeLocalGroup -Declared @()
        $result = Invoke-TestProbe -Override @{ Members = @($script:DeviceAdmin, $script:GlobalAdmin); Exclusive = $true }
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Administrators has all 2 declared members and no other but the built-in Administrator'
    }

    It 'names the undeclared members, an orphaned SID included, beside the missing ones' {
        $result = Invoke-TestProbe -Override @{ Members = @($script:DeviceAdmin, 'CONTOSO\Helpdesk'); Exclusive = $true }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly "Administrators lacks CONTOSO\Helpdesk (1 of 2 declared members); has 2 undeclared member(s): $($script:GlobalAdmin), $($script:Orphan)"
        $result.Facts.Others | Should -Be @($script:GlobalAdmin, $script:Orphan)
    }

    It 'adds the declared members first, then removes the others, naming them, and keeps the built-in Administrator' {
        $result = Invoke-TestRepair -Override @{ Members = @($script:DeviceAdmin, 'CONTOSO\Helpdesk'); Exclusive = $true }
        $result.Summary | Should -BeExactly "added CONTOSO\Helpdesk to Administrators; removed $($script:GlobalAdmin), $($script:Orphan) from Administrators (not declared)"
        $result.Changed | Should -Be 3
        Get-TestChange | Should -Be @("add:Administrators:$($script:Helpdesk)", "remove:Administrators:$($script:GlobalAdmin)", "remove:Administrators:$($script:Orphan)")
        Get-TestMember | Should -Be @('S-1-5-21-1004336348-1177238915-682003330-500', $script:DeviceAdmin, $script:Helpdesk)
        (Invoke-TestProbe -Override @{ Members = @($script:DeviceAdmin, 'CONTOSO\Helpdesk'); Exclusive = $true }).InDesiredState | Should -BeTrue
    }

    It "removes a domain's Administrator (RID 500 of another domain): only the device's own is kept" {
        $domainAdmin = 'S-1-5-21-3623811015-3361044348-30300820-500'
        $null = $global:RemcFakeState.LocalGroupAccounts.Add((New-RemcFakeLocalAccount -Name 'CONTOSO\Administrator' -Sid $domainAdmin))
        $null = (Find-RemcFakeLocalGroupEntry -Sid 'S-1-5-32-544').Members.Add($domainAdmin)
        $result = Invoke-TestProbe -Override @{ Members = @($script:DeviceAdmin, $script:GlobalAdmin, $script:Orphan); Exclusive = $true }
        $result.Facts.Others | Should -Be @($domainAdmin)
        $result.Summary | Should -BeExactly 'Administrators has 1 undeclared member(s): CONTOSO\Administrator'
    }

    It 'removes nobody when more than maxRemovals would go, and says who' {
        $message = Get-TestError { Invoke-TestRepair -Override @{ Members = @($script:DeviceAdmin); Exclusive = $true; MaxRemovals = 1 } }
        $message | Should -BeExactly "Administrators: changed nothing; removed no undeclared member: 2 would go, more than maxRemovals (1): $($script:GlobalAdmin), $($script:Orphan)"
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'removes nobody while a declared member is not in the group: <Case>' -ForEach @(
        @{ Case = 'a name it cannot resolve'; Members = @('CONTOSO\Nobody'); AddError = 0; Tail = 'cannot resolve CONTOSO\Nobody (no account of that name) on this device; removed no undeclared member: not every declared member is in the group' }
        @{ Case = 'an add that fails'; Members = @('CONTOSO\Helpdesk'); AddError = 0x80070005; Tail = 'CONTOSO\Helpdesk: could not add: error 0x80070005 (access denied: run as system); removed no undeclared member: not every declared member is in the group' }
    ) {
        Reset-RemcFakeLocalGroup -Declared @() -Orphan @($script:Orphan) -AddError $AddError
        $message = Get-TestError { Invoke-TestRepair -Override @{ Members = @($script:DeviceAdmin) + $Members; Exclusive = $true } }
        $message | Should -BeExactly "Administrators: changed nothing; $Tail"
        @(Get-TestChange | Where-Object { $_ -like 'remove:*' }) | Should -BeNullOrEmpty
    }

    It 'only says what it would do in report-only mode' {
        $result = Invoke-TestRepair -Override @{ Members = @($script:DeviceAdmin, 'CONTOSO\Helpdesk'); Exclusive = $true; ReportOnly = $true }
        $result.Summary | Should -BeExactly "report-only: would add CONTOSO\Helpdesk to Administrators; would remove $($script:GlobalAdmin), $($script:Orphan) from Administrators (not declared)"
        Get-TestChange | Should -BeNullOrEmpty
    }

    It 'refuses exclusive with ensure absent from a hand-edited script' {
        { Invoke-TestProbe -Override @{ Exclusive = $true; Ensure = 'absent' } } | Should -Throw "Exclusive applies only with Ensure 'present'"
    }
}

Describe 'the seam helpers' {
    It 'reads a binary SID as its string, for <Sid>' -ForEach @(
        @{ Sid = 'S-1-5-32-544' }, @{ Sid = 'S-1-5-18' }, @{ Sid = 'S-1-12-1-3631037392-1129650370-1889695928-310471729' }
        @{ Sid = 'S-1-5-21-3623811015-3361044348-30300820-1013' }
    ) {
        ConvertFrom-RemcLocalGroupSidBytes -Bytes (ConvertTo-RemcFakeLocalGroupSidBytes -Sid $Sid) | Should -BeExactly $Sid
    }

    It 'reads the bytes of S-1-5-32-544 as Windows lays them out, and refuses what is not a SID' {
        [byte[]] $admins = 1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0
        ConvertFrom-RemcLocalGroupSidBytes -Bytes $admins | Should -BeExactly 'S-1-5-32-544'
        ConvertFrom-RemcLocalGroupSidBytes -Bytes ([byte[]](1, 2, 0, 0)) | Should -BeExactly ''
        ConvertFrom-RemcLocalGroupSidBytes -Bytes $null | Should -BeExactly ''
    }

    It 'finds the Windows error code inside the exceptions ADSI is wrapped in' {
        Get-RemcLocalGroupErrorCode -Exception (New-RemcFakeLocalGroupError -HResult 0x80070562 -Message 'x') | Should -BeExactly '0x80070562'
        Get-RemcLocalGroupErrorCode -Exception (New-Object System.Exception -ArgumentList 'plain') | Should -BeExactly ''
    }

    It 'tells a name that maps to no account (Windows only: .NET has IdentityNotMappedException there)' -Skip:($PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows) {
        $inner = New-Object System.Security.Principal.IdentityNotMappedException -ArgumentList 'Some or all identity references could not be translated.'
        Test-RemcLocalGroupNotMapped -Exception (New-Object System.Management.Automation.MethodInvocationException -ArgumentList 'outer', $inner) | Should -BeTrue
    }

    It 'does not take another failure for a name that maps to no account' {
        Test-RemcLocalGroupNotMapped -Exception (New-Object System.Exception -ArgumentList 'plain') | Should -BeFalse
        Test-RemcLocalGroupNotMapped -Exception (New-RemcFakeLocalGroupError -HResult 0x800706FD -Message 'trust') | Should -BeFalse
    }
}

Describe 'fakes' {
    It 'answer members shaped as the WinNT provider gives them, orphaned SIDs by their SID' {
        Reset-RemcFakeLocalGroup -Declared @() -Orphan @($script:Orphan)
        $members = @(Get-RemcLocalGroupMemberEntry -Group 'Administrators')
        $members.Count | Should -Be 4
        $members[0].ADsPath | Should -BeExactly 'WinNT://WORKGROUP/PC01/Administrator'
        $members[0].objectSid.GetType().FullName | Should -BeExactly 'System.Byte[]'
        $members[3].ADsPath | Should -BeExactly "WinNT://$($script:Orphan)"
        $members[3].Name | Should -BeExactly $script:Orphan
    }

    It 'make every declared name an account and place the declared members as told' {
        $rows = @(@{ Probe = 'Test-RemcLocalGroupMember'; Config = @{ Group = 'Remote Desktop Users'; GroupSid = 'S-1-5-32-555'; Members = @('CONTOSO\Support', 'CONTOSO\Nobody'); Ensure = 'present' } })
        Reset-RemcFakeLocalGroup -Declared $rows -DeclaredMembers 'in' -Unresolvable @('*\Nobody')
        @(Get-TestMember -Sid 'S-1-5-32-555').Count | Should -Be 1
        Resolve-RemcLocalGroupAccountSid -Name 'CONTOSO\Support' | Should -Match '^S-1-5-21-'
        Resolve-RemcLocalGroupAccountSid -Name 'CONTOSO\Nobody' | Should -BeExactly ''
    }

    It 'keep their state through Export-Clixml, as the scenario harness does between steps' {
        Reset-RemcFakeLocalGroup -Declared @()
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-state-' + [guid]::NewGuid().ToString('N') + '.xml')
        try {
            Export-Clixml -LiteralPath $file -InputObject $global:RemcFakeState -Depth 10
            $global:RemcFakeState = Import-Clixml -LiteralPath $file
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
        (Invoke-TestRepair).Summary | Should -BeExactly 'added CONTOSO\Helpdesk to Administrators'
        Get-TestMember | Should -Contain $script:Helpdesk
    }
}
