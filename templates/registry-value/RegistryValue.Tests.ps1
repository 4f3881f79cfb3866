# Pester 5 tests of the registry-value probe, fix and seam helpers against the fakes. The seam's own
# functions are loaded too (for their pure helpers and static rules); the fakes' aliases win over them.
# On Windows a last block runs the REAL seam against a scratch key under HKCU and checks that the fake
# returns the same shapes and .NET types.

BeforeDiscovery {
    # -Skip is decided at discovery, before any BeforeAll runs.
    $script:OnWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or ($IsWindows -eq $true)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')

    # The compiler's config of the defaults: from the spec when the tests run through remc (which sets
    # REMC_TEMPLATE_DEFAULTS), else the same values as index.ts declares them (ensure 'present', type
    # 'String', reportOnly false, value null). path and name are required (no default): the tests pick them.
    function New-TestConfig {
        # The compiler's defaults (from the spec, through New-RemcTestConfig), with the required key and value name filled in.
        param([hashtable] $Override = @{})
        $values = @{ Path = 'HKLM:\SOFTWARE\Contoso'; Name = 'Setting' }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'registry-value' -Override $values
    }

    function New-TestContext {
        param([string] $Mode = 'remediate')
        New-RemcTestContext -RemediationId 'contoso-registry' -Mode $Mode
    }

    # The simulated machine, without the call log: what "changes nothing" compares.
    function Get-TestWorld {
        $state = $global:RemcFakeState
        ConvertTo-Json -Compress -Depth 8 -InputObject @{ Keys = @($state.RegistryKeys); Values = @($state.RegistryValues); Removed = @($state.RegistryRemoved) }
    }

    function Get-TestOp {
        @($global:RemcFakeState.RegistryCalls | ForEach-Object { $_.Op })
    }

    function Get-TestStored {
        param([string] $Hive = 'HKLM', [string] $Key = 'SOFTWARE\Contoso', [string] $Name = 'Setting')
        $global:RemcFakeState.RegistryValues | Where-Object { $_.Hive -eq $Hive -and $_.Key -eq $Key -and $_.Name -eq $Name }
    }

    function Get-TestThrown {
        param([scriptblock] $Script)
        try { & $Script } catch { return $_.Exception.Message }
        return $null
    }

    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')
}

Describe 'registry-value emitted files' {
    It 'calls no cmdlet at all, only functions of its own files' {
        $defined = @()
        $called = @()
        foreach ($file in 'probe.ps1', 'fix.ps1', 'seam.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $file), [ref] $null, [ref] $null)
            $defined += @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object { $_.Name })
            $called += @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() })
        }
        @($called | Where-Object { $defined -notcontains $_ }) | Should -BeNullOrEmpty
    }

    It 'opens every base key in the 64-bit registry view' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $opens = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and $n.Member.Extent.Text -eq 'OpenBaseKey' }, $true))
        $opens.Count | Should -Be 1
        $opens[0].Arguments[1].Extent.Text | Should -Be '[Microsoft.Win32.RegistryView]::Registry64'
        # Every other function reaches the registry through Open-RemcRegistryValueBaseKey only.
        $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.TypeExpressionAst] -and $n.TypeName.FullName -eq 'Microsoft.Win32.Registry' }, $true) | Should -BeNullOrEmpty
    }

    It 'reads values unexpanded (but the profile list''s ProfileImagePath, which forEachUser needs expanded)' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $profiles = $ast.Find({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $n.Name -eq 'Get-RemcRegistryValueProfile' }, $true)
        @($profiles.FindAll({ param($n) $n -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and $n.Member.Extent.Text -eq 'GetValue' }, $true)).Count | Should -Be 2
        $reads = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and $n.Member.Extent.Text -eq 'GetValue' -and $n.Extent.StartOffset -notin $profiles.Extent.StartOffset..$profiles.Extent.EndOffset }, $true))
        $reads.Count | Should -Be 1
        $reads[0].Arguments[2].Extent.Text | Should -Be '[Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames'
    }

    It 'deletes a key only through DeleteSubKey (which refuses a key with subkeys), never a tree' {
        foreach ($file in 'probe.ps1', 'fix.ps1', 'seam.ps1') {
            $text = [System.IO.File]::ReadAllText((Join-Path $PSScriptRoot $file))
            $text | Should -Not -Match 'DeleteSubKeyTree'
        }
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $deletes = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and $n.Member.Extent.Text -eq 'DeleteSubKey' }, $true))
        $deletes.Count | Should -Be 1
        $deletes[0].Arguments[1].Extent.Text | Should -Be '$false'
    }
}

Describe 'Get-RemcRegistryValueTarget' {
    It 'reads <Path>' -ForEach @(
        @{ Path = 'HKLM:\SOFTWARE\Contoso'; Hive = 'HKLM'; SubKey = 'SOFTWARE\Contoso' }
        @{ Path = 'hkcu:\Software\Contoso\'; Hive = 'HKCU'; SubKey = 'Software\Contoso' }
        @{ Path = 'HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Contoso'; Hive = 'HKLM'; SubKey = 'SOFTWARE\Policies\Contoso' }
        @{ Path = 'Registry::HKEY_CURRENT_USER\Software\Contoso'; Hive = 'HKCU'; SubKey = 'Software\Contoso' }
        @{ Path = 'HKLM:\SOFTWARE\Classes\MIME\Database\Content Type\text/html'; Hive = 'HKLM'; SubKey = 'SOFTWARE\Classes\MIME\Database\Content Type\text/html' }
    ) {
        $target = Get-RemcRegistryValueTarget -Config (New-TestConfig -Override @{ Path = $Path })
        $target.Hive | Should -Be $Hive
        $target.SubKey | Should -BeExactly $SubKey
        $target.KeyPath | Should -BeExactly ('{0}:\{1}' -f $Hive, $SubKey)
        $target.ValuePath | Should -BeExactly ('{0}:\{1}\Setting' -f $Hive, $SubKey)
    }

    It 'names the default value (Default)' {
        $target = Get-RemcRegistryValueTarget -Config (New-TestConfig -Override @{ Name = '' })
        $target.Name | Should -BeExactly ''
        $target.ValuePath | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\(Default)'
    }

    It 'refuses <Path>' -ForEach @(
        @{ Path = 'HKCR:\.txt' }, @{ Path = 'HKU\S-1-5-18\Software' }, @{ Path = 'HKLM:\' }, @{ Path = 'HKLM:SOFTWARE\Contoso' },
        @{ Path = 'HKLM:\SOFTWARE\\Contoso' }, @{ Path = 'C:\Windows' }, @{ Path = '' }
    ) {
        { Get-RemcRegistryValueTarget -Config (New-TestConfig -Override @{ Path = $Path }) } | Should -Throw -ExpectedMessage '*Path*'
    }
}

Describe 'ConvertTo-RemcRegistryValueWant' {
    It 'takes <Type> <Value> as a <DataType> <Expected> shown as <Text>' -ForEach @(
        @{ Type = 'DWord'; Value = 1; DataType = 'System.Int32'; Expected = 1; Text = '1' }
        @{ Type = 'DWord'; Value = [long]4294967295; DataType = 'System.Int32'; Expected = -1; Text = '4294967295' }
        @{ Type = 'DWord'; Value = [long]2147483648; DataType = 'System.Int32'; Expected = -2147483648; Text = '2147483648' }
        @{ Type = 'DWord'; Value = '4294967295'; DataType = 'System.Int32'; Expected = -1; Text = '4294967295' }
        @{ Type = 'dword'; Value = 0; DataType = 'System.Int32'; Expected = 0; Text = '0' }
        @{ Type = 'QWord'; Value = '18446744073709551615'; DataType = 'System.Int64'; Expected = [long]-1; Text = '18446744073709551615' }
        @{ Type = 'QWord'; Value = '9223372036854775808'; DataType = 'System.Int64'; Expected = [long]::MinValue; Text = '9223372036854775808' }
        @{ Type = 'QWord'; Value = [long]9007199254740991; DataType = 'System.Int64'; Expected = [long]9007199254740991; Text = '9007199254740991' }
        @{ Type = 'String'; Value = ''; DataType = 'System.String'; Expected = ''; Text = "''" }
        @{ Type = 'ExpandString'; Value = '%ProgramFiles%\Contoso'; DataType = 'System.String'; Expected = '%ProgramFiles%\Contoso'; Text = "'%ProgramFiles%\Contoso'" }
    ) {
        $want = ConvertTo-RemcRegistryValueWant -Type $Type -Value $Value
        $want.Data.GetType().FullName | Should -Be $DataType
        $want.Data | Should -Be $Expected
        $want.Text | Should -BeExactly $Text
    }

    It 'keeps a MultiString a String[] of <Count>' -ForEach @(
        @{ Value = @('a', 'b', 'c'); Count = 3 }, @{ Value = @('only'); Count = 1 }, @{ Value = @(); Count = 0 }
    ) {
        $want = ConvertTo-RemcRegistryValueWant -Type 'MultiString' -Value $Value
        , $want.Data | Should -BeOfType [string[]]
        $want.Data.Count | Should -Be $Count
    }

    It 'reads Binary from <Name>' -ForEach @(
        @{ Name = 'bytes'; Value = @(1, 255, 60) }, @{ Name = 'hex'; Value = '01ff3c' }, @{ Name = 'separated hex'; Value = '01,FF-3c' }
    ) {
        $want = ConvertTo-RemcRegistryValueWant -Type 'Binary' -Value $Value
        , $want.Data | Should -BeOfType [byte[]]
        @($want.Data) | Should -Be @(1, 255, 60)
        $want.Text | Should -BeExactly '01 FF 3C'
        $want.Kind | Should -BeExactly 'Binary'
    }

    It 'refuses <Type> <Why>' -ForEach @(
        @{ Type = 'DWord'; Value = -1; Why = 'below 0' }
        @{ Type = 'DWord'; Value = [long]4294967296; Why = 'above 0xFFFFFFFF' }
        @{ Type = 'DWord'; Value = 1.5; Why = 'a fraction' }
        @{ Type = 'DWord'; Value = 'one'; Why = 'text' }
        @{ Type = 'QWord'; Value = '18446744073709551616'; Why = 'above 2^64-1' }
        @{ Type = 'String'; Value = @('a', 'b'); Why = 'a list' }
        @{ Type = 'MultiString'; Value = @('a', 1); Why = 'a number in the list' }
        @{ Type = 'Binary'; Value = @(1, 256); Why = 'a byte above 255' }
        @{ Type = 'Binary'; Value = 'xyz'; Why = 'not hex' }
        @{ Type = 'String'; Value = $null; Why = 'no value' }
        @{ Type = 'Reg_Sz'; Value = 'x'; Why = 'an unknown type' }
    ) {
        { ConvertTo-RemcRegistryValueWant -Type $Type -Value $Value } | Should -Throw
    }
}

Describe 'Format-RemcRegistryValueData' {
    It 'shows <Kind> as <Text>' -ForEach @(
        @{ Kind = 'DWord'; Data = [int]-1; Text = '4294967295' }
        @{ Kind = 'QWord'; Data = [long]-1; Text = '18446744073709551615' }
        @{ Kind = 'String'; Data = "Gr$([char]0x00fc)n`tline"; Text = "'Gr?n?line'" }
        @{ Kind = 'MultiString'; Data = [string[]]@('a', 'b'); Text = "['a', 'b']" }
        @{ Kind = 'MultiString'; Data = [string[]]@('1', '2', '3', '4', '5', '6'); Text = "['1', '2', '3', '4', '5', ... (6 strings)]" }
        @{ Kind = 'Binary'; Data = [byte[]]@(0, 16, 255); Text = '00 10 FF' }
        @{ Kind = 'Binary'; Data = [byte[]]@(); Text = '(empty)' }
        @{ Kind = 'Unknown'; Data = $null; Text = '(no data)' }
    ) {
        Format-RemcRegistryValueData -Kind $Kind -Data $Data | Should -BeExactly $Text
    }

    It 'cuts long data short' {
        (Format-RemcRegistryValueData -Kind 'String' -Data ('x' * 500)).Length | Should -Be 85
        Format-RemcRegistryValueData -Kind 'Binary' -Data ([byte[]](1..40)) | Should -BeLike '01 02 03 * 10 ... (40 bytes)'
    }
}

Describe 'Get-RemcRegistryValueErrorText (seam)' {
    It 'says access denied for <Type>, from the exception type, not its text' -ForEach @(
        @{ Type = 'System.UnauthorizedAccessException' }, @{ Type = 'System.Security.SecurityException' }
    ) {
        $inner = New-Object -TypeName $Type -ArgumentList "Zugriff verweigert.`r`nDetails"
        $outer = New-Object System.Management.Automation.MethodInvocationException -ArgumentList 'Exception calling "CreateSubKey" with "1" argument(s)', $inner
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList $outer, 'MethodInvocationException', 'NotSpecified', $null
        Get-RemcRegistryValueErrorText -ErrorRecord $record -Action 'write' -Path 'HKLM:\SOFTWARE\Contoso\Setting' |
            Should -BeExactly 'access denied: cannot write HKLM:\SOFTWARE\Contoso\Setting (Zugriff verweigert. Details)'
    }

    It 'quotes any other failure in one line' {
        $inner = New-Object System.IO.IOException -ArgumentList "The specified registry key does not exist.`r`n"
        $outer = New-Object System.Management.Automation.MethodInvocationException -ArgumentList 'Exception calling "GetValueKind"', $inner
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList $outer, 'x', 'NotSpecified', $null
        Get-RemcRegistryValueErrorText -ErrorRecord $record -Action 'read' -Path 'HKLM:\SOFTWARE\Contoso' |
            Should -BeExactly 'cannot read HKLM:\SOFTWARE\Contoso: The specified registry key does not exist.'
    }

    It 'turns a real failing .NET registry call into one line (off Windows: no registry at all)' -Skip:$script:OnWindows {
        $real = Get-Command -Name 'Get-RemcRegistryValueEntry' -CommandType Function
        $message = Get-TestThrown { & $real -Hive 'HKLM' -SubKey 'SOFTWARE\Contoso' -Name 'Setting' }
        $message | Should -BeLike 'cannot read HKLM:\SOFTWARE\Contoso: *'
        $message | Should -Not -Match '[\r\n]'
    }
}

Describe 'Test-RemcRegistryValue' {
    It 'returns exactly one hashtable' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $result = @(Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Value = 'On' }) -Context (New-TestContext))
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
        $result[0].Keys | Sort-Object | Should -Be @('Facts', 'InDesiredState', 'Summary')
    }

    It 'is in desired state when the DWORD is as declared' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 1)
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is 1 (DWord) as wanted'
        $result.Facts.Path | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting'
        $result.Facts.Exists | Should -BeTrue
        $result.Facts.Kind | Should -BeExactly 'DWord'
        $result.Facts.Data | Should -BeExactly '1'
        $result.Facts.WantData | Should -BeExactly '1'
        @(Get-TestOp) | Should -Be @('read')
    }

    It 'drifts when the DWORD differs' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 0)
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is 0 (DWord), want 1'
    }

    It 'compares a DWORD above 0x7FFFFFFF as unsigned (GetValue returns <Stored> as Int32 <AsInt>)' -ForEach @(
        @{ Stored = 4294967295; AsInt = -1 }, @{ Stored = 2147483648; AsInt = -2147483648 }
    ) {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data $Stored)
        (Get-TestStored).Data | Should -Be $AsInt
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = [long]$Stored }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly ('HKLM:\SOFTWARE\Contoso\Setting is {0} (DWord) as wanted' -f $Stored)
    }

    It 'tells 0x7FFFFFFF from 0xFFFFFFFF' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 2147483647)
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = [long]4294967295 }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is 2147483647 (DWord), want 4294967295'
    }

    It 'drifts when the kind differs even if the text matches' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind String -Data '1')
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly "HKLM:\SOFTWARE\Contoso\Setting is '1' (String), want 1 (DWord)"
        $result.Facts.Kind | Should -BeExactly 'String'
        $result.Facts.WantKind | Should -BeExactly 'DWord'
    }

    It 'drifts when the value is missing' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Key 'HKLM:\SOFTWARE\Contoso'
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is missing, want 1 (DWord)'
        $result.Facts.KeyExists | Should -BeTrue
        $result.Facts.Exists | Should -BeFalse
    }

    It 'drifts when the key is missing' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is missing (no key), want 1 (DWord)'
        $result.Facts.KeyExists | Should -BeFalse
    }

    It 'compares strings exactly (case-sensitively)' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind String -Data 'on')
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Value = 'On' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly "HKLM:\SOFTWARE\Contoso\Setting is 'on' (String), want 'On'"
    }

    It 'compares an ExpandString unexpanded' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind ExpandString -Data '%ProgramFiles%\Contoso')
        $config = New-TestConfig -Override @{ Type = 'ExpandString'; Value = '%ProgramFiles%\Contoso' }
        (Test-RemcRegistryValue -Config $config -Context (New-TestContext)).InDesiredState | Should -BeTrue
        $config.Value = 'C:\Program Files\Contoso'
        (Test-RemcRegistryValue -Config $config -Context (New-TestContext)).InDesiredState | Should -BeFalse
    }

    It 'does not take a REG_SZ for the REG_EXPAND_SZ wanted' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind String -Data '%ProgramFiles%\Contoso')
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'ExpandString'; Value = '%ProgramFiles%\Contoso' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeLike "*is '%ProgramFiles%\Contoso' (String), want '%ProgramFiles%\Contoso' (ExpandString)"
    }

    It 'compares a QWORD as unsigned 64-bit' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind QWord -Data '18446744073709551615')
        (Get-TestStored).Data | Should -Be ([long]-1)
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'QWord'; Value = '18446744073709551615' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'QWord'; Value = '18446744073709551614' }) -Context (New-TestContext)
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is 18446744073709551615 (QWord), want 18446744073709551614'
    }

    It 'compares a MultiString item by item, in order: <Stored> vs <Wanted>' -ForEach @(
        @{ Stored = @('a', 'b'); Wanted = @('a', 'b'); Same = $true }
        @{ Stored = @('a', 'b'); Wanted = @('b', 'a'); Same = $false }
        @{ Stored = @('a', 'b'); Wanted = @('a'); Same = $false }
        @{ Stored = @('A'); Wanted = @('a'); Same = $false }
        @{ Stored = @(); Wanted = @(); Same = $true }
    ) {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind MultiString -Data $Stored)
        (Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'MultiString'; Value = $Wanted }) -Context (New-TestContext)).InDesiredState | Should -Be $Same
    }

    It 'compares Binary byte by byte' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind Binary -Data @(1, 255, 60))
        (Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'Binary'; Value = @(1, 255, 60) }) -Context (New-TestContext)).InDesiredState | Should -BeTrue
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'Binary'; Value = @(1, 255, 61) }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is 01 FF 3C (Binary), want 01 FF 3D'
    }

    It 'drifts on a value of a kind .NET does not support (<Kind>)' -ForEach @(@{ Kind = 'None'; Shown = '(empty)' }, @{ Kind = 'Unknown'; Shown = '(no data)' }) {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind $Kind -Data @())
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly ('HKLM:\SOFTWARE\Contoso\Setting is {0} ({1}), want 1 (DWord)' -f $Shown, $Kind)
    }

    It "checks the key's default value for name ''" {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Name '' -Kind String -Data 'Contoso')
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Name = ''; Value = 'Contoso' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly "HKLM:\SOFTWARE\Contoso\(Default) is 'Contoso' (String) as wanted"
    }

    It 'matches key path and value name case-insensitively, as the registry does' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Path 'HKLM:\software\CONTOSO' -Name 'setting' -Kind String -Data 'On')
        (Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Value = 'On' }) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'reads HKCU and the HKEY_ spelling of a path the same way' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Path 'HKCU:\Software\Contoso' -Kind DWord -Data 3)
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Path = 'HKEY_CURRENT_USER\Software\Contoso'; Type = 'DWord'; Value = 3 }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Facts.Path | Should -BeExactly 'HKCU:\Software\Contoso\Setting'
        $global:RemcFakeState.RegistryCalls[0].Hive | Should -Be 'HKCU'
    }

    It 'is in desired state for absent when <Case>' -ForEach @(
        @{ Case = 'the value is missing'; Setup = { Reset-RemcFakeRegistryValue -Unlisted NoKey -Key 'HKLM:\SOFTWARE\Contoso' }; Summary = 'HKLM:\SOFTWARE\Contoso\Setting is absent as wanted' }
        @{ Case = 'the key is missing'; Setup = { Reset-RemcFakeRegistryValue -Unlisted NoKey }; Summary = 'HKLM:\SOFTWARE\Contoso\Setting is absent as wanted (no key)' }
    ) {
        & $Setup
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly $Summary
    }

    It 'drifts for absent when the value exists' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 1)
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is 1 (DWord), want it absent'
    }

    It 'throws when the key cannot be read, instead of calling it drift' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 1) -DenyRead 'HKLM:\SOFTWARE\Contoso'
        { Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext) } |
            Should -Throw -ExpectedMessage 'access denied: cannot read HKLM:\SOFTWARE\Contoso (Requested registry access is not allowed.)'
    }

    It 'throws on a config it cannot use, before reading anything: <Case>' -ForEach @(
        @{ Case = 'a secret without its digest'; Override = @{ Secret = $true; Value = 'x' } }
        @{ Case = 'DWORD out of range'; Override = @{ Type = 'DWord'; Value = [long]4294967296 } }
        @{ Case = 'bad ensure'; Override = @{ Ensure = 'gone'; Value = 'x' } }
        @{ Case = 'bad path'; Override = @{ Path = 'HKCR:\x'; Value = 'x' } }
    ) {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        { Test-RemcRegistryValue -Config (New-TestConfig -Override $Override) -Context (New-TestContext) } | Should -Throw
        $global:RemcFakeState.RegistryCalls.Count | Should -Be 0
    }

    It 'changes nothing (<Case>)' -ForEach @(
        @{ Case = 'drift'; Setup = { Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 0) }; Override = @{ Type = 'DWord'; Value = 1 } }
        @{ Case = 'missing key'; Setup = { Reset-RemcFakeRegistryValue -Unlisted NoKey }; Override = @{ Type = 'DWord'; Value = 1 } }
        @{ Case = 'absent wanted'; Setup = { Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 0) }; Override = @{ Ensure = 'absent' } }
        @{ Case = 'unlisted values'; Setup = { Reset-RemcFakeRegistryValue -Unlisted (New-RemcFakeRegistryValue -Kind String -Data 'stale') }; Override = @{ Ensure = 'absent' } }
    ) {
        & $Setup
        $before = Get-TestWorld
        $null = Test-RemcRegistryValue -Config (New-TestConfig -Override $Override) -Context (New-TestContext -Mode 'detect')
        Get-TestWorld | Should -BeExactly $before
        @(Get-TestOp | Where-Object { $_ -ne 'read' }) | Should -BeNullOrEmpty
    }
}

Describe 'Repair-RemcRegistryValue' {
    It 'creates the missing key and the value' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $result = @(Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext) -Probe @{})
        $result.Count | Should -Be 1
        $result[0].Summary | Should -BeExactly 'created HKLM:\SOFTWARE\Contoso and set HKLM:\SOFTWARE\Contoso\Setting to 1 (DWord)'
        $result[0].Changed | Should -Be 1
        @(Get-TestOp) | Should -Be @('read', 'set', 'create', 'read')
        (Get-TestStored).Kind | Should -BeExactly 'DWord'
        (Get-TestStored).Data | Should -BeOfType [int]
        (Get-TestStored).Data | Should -Be 1
    }

    It 'sets a value that differs' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 0)
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -BeExactly 'set HKLM:\SOFTWARE\Contoso\Setting to 1 (DWord) (was 0 (DWord))'
        $result.Changed | Should -Be 1
    }

    It 'sets a missing value in an existing key' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Key 'HKLM:\SOFTWARE\Contoso'
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Value = 'On' }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -BeExactly "set HKLM:\SOFTWARE\Contoso\Setting to 'On' (String) (was missing)"
        @(Get-TestOp) | Should -Be @('read', 'set', 'read')
    }

    It 'writes DWORD 4294967295 as the Int32 SetValue takes (-1), since a UInt32 above 0x7FFFFFFF overflows' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $null = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = [long]4294967295 }) -Context (New-TestContext) -Probe @{}
        (Get-TestStored).Data | Should -BeOfType [int]
        (Get-TestStored).Data | Should -Be -1
    }

    It 'writes QWORD 18446744073709551615 as Int64 -1' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $null = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'QWord'; Value = '18446744073709551615' }) -Context (New-TestContext) -Probe @{}
        (Get-TestStored).Data | Should -BeOfType [long]
        (Get-TestStored).Data | Should -Be ([long]-1)
    }

    It 'replaces a value of another kind' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind String -Data '1')
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -BeExactly "set HKLM:\SOFTWARE\Contoso\Setting to 1 (DWord) (was '1' (String))"
        (Get-TestStored).Kind | Should -BeExactly 'DWord'
    }

    It 'writes <Type> with its exact kind and .NET type' -ForEach @(
        @{ Type = 'String'; Value = 'On'; DataType = 'System.String' }
        @{ Type = 'ExpandString'; Value = '%ProgramFiles%\Contoso'; DataType = 'System.String' }
        @{ Type = 'DWord'; Value = 7; DataType = 'System.Int32' }
        @{ Type = 'QWord'; Value = '7'; DataType = 'System.Int64' }
        @{ Type = 'MultiString'; Value = @('a', 'b'); DataType = 'System.String[]' }
        @{ Type = 'Binary'; Value = @(1, 2, 3); DataType = 'System.Byte[]' }
    ) {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $config = New-TestConfig -Override @{ Type = $Type; Value = $Value }
        $null = Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{}
        (Get-TestStored).Kind | Should -BeExactly $Type
        (Get-TestStored).Data.GetType().FullName | Should -Be $DataType
        $after = Test-RemcRegistryValue -Config $config -Context (New-TestContext)
        $after.InDesiredState | Should -BeTrue
    }

    It 'stores an ExpandString unexpanded' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $null = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'ExpandString'; Value = '%ProgramFiles%\Contoso' }) -Context (New-TestContext) -Probe @{}
        (Get-TestStored).Data | Should -BeExactly '%ProgramFiles%\Contoso'
    }

    It "sets the key's default value for name ''" {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Name = ''; Value = 'Contoso' }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -BeExactly "created HKLM:\SOFTWARE\Contoso and set HKLM:\SOFTWARE\Contoso\(Default) to 'Contoso' (String)"
        (Get-TestStored -Name '').Data | Should -BeExactly 'Contoso'
    }

    It 'changes nothing when the value is already as declared' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 1)
        $before = Get-TestWorld
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext) -Probe @{}
        $result.Changed | Should -Be 0
        $result.Summary | Should -BeExactly 'nothing to do: HKLM:\SOFTWARE\Contoso\Setting is 1 (DWord) as wanted'
        Get-TestWorld | Should -BeExactly $before
        @(Get-TestOp) | Should -Be @('read')
    }

    It 'report-only says what it would set and writes nothing' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 0)
        $before = Get-TestWorld
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1; ReportOnly = $true }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -BeExactly 'report-only: would set HKLM:\SOFTWARE\Contoso\Setting to 1 (DWord), now 0 (DWord)'
        $result.Changed | Should -Be 0
        $result.ReportOnly | Should -BeTrue
        Get-TestWorld | Should -BeExactly $before
        @(Get-TestOp) | Should -Be @('read')
    }

    It 'report-only says what it would delete and deletes nothing' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 0)
        $before = Get-TestWorld
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent'; ReportOnly = $true }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -BeExactly 'report-only: would delete HKLM:\SOFTWARE\Contoso\Setting, now 0 (DWord)'
        $result.ReportOnly | Should -BeTrue
        Get-TestWorld | Should -BeExactly $before
    }

    It 'deletes the value for absent and keeps the key and its other values' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(
            New-RemcFakeRegistryValue -Kind DWord -Data 1
            New-RemcFakeRegistryValue -Name 'Other' -Kind String -Data 'keep'
        )
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -BeExactly 'deleted HKLM:\SOFTWARE\Contoso\Setting (was 1 (DWord))'
        $result.Changed | Should -Be 1
        Get-TestStored | Should -BeNullOrEmpty
        (Get-TestStored -Name 'Other').Data | Should -BeExactly 'keep'
        @($global:RemcFakeState.RegistryKeys | Where-Object { $_.Key -eq 'SOFTWARE\Contoso' }).Count | Should -Be 1
    }

    It 'never deletes the key, even when it is left empty' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Bare -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 1)
        $null = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{}
        $global:RemcFakeState.RegistryValues.Count | Should -Be 0
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is absent as wanted'
    }

    It 'deletes a value that only exists because unlisted values exist, and it stays deleted' {
        Reset-RemcFakeRegistryValue -Unlisted (New-RemcFakeRegistryValue -Kind String -Data 'stale')
        $null = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{}
        (Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'throws one line when writing is denied, and changes nothing' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 0) -DenyWrite 'HKLM:\SOFTWARE\*'
        $before = Get-TestWorld
        $thrown = Get-TestThrown { Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext) -Probe @{} }
        $thrown | Should -BeExactly "access denied: cannot write HKLM:\SOFTWARE\Contoso\Setting (Access to the registry key 'HKEY_LOCAL_MACHINE\SOFTWARE\Contoso' is denied.); check the key's permissions (SYSTEM needs write access)"
        Get-TestWorld | Should -BeExactly $before
    }

    It 'says users cannot write HKCU:\Software\Policies when that is denied' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -DenyWrite 'HKCU:\Software\Policies*'
        $thrown = Get-TestThrown { Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Path = 'HKCU:\Software\Policies\Contoso'; Type = 'DWord'; Value = 1 }) -Context (New-TestContext) -Probe @{} }
        $thrown | Should -BeLike "access denied: cannot write HKCU:\Software\Policies\Contoso\Setting (Access to the registry key 'HKEY_CURRENT_USER\Software\Policies\Contoso' is denied.); users may only read HKCU:\Software\Policies*"
    }

    It 'throws one line when deleting is denied' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 1) -DenyWrite 'HKLM:\SOFTWARE\Contoso'
        { Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'access denied: cannot delete HKLM:\SOFTWARE\Contoso\Setting (Requested registry access is not allowed.)*'
        (Get-TestStored).Data | Should -Be 1
    }

    It 'throws when what it wrote does not read back as declared' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 0) -WritesDoNotStick
        { Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'something else writes this value back (a policy or an app): wrote HKLM:\SOFTWARE\Contoso\Setting to 1 (DWord), but HKLM:\SOFTWARE\Contoso\Setting is 0 (DWord), want 1'
    }

    It 'throws when the deleted value is back' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 1) -WritesDoNotStick
        { Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{} } |
            Should -Throw -ExpectedMessage 'something else writes this value back (a policy or an app): deleted HKLM:\SOFTWARE\Contoso\Setting, but it is back as 1 (DWord)'
    }

    It 'does nothing when the value to delete is already gone' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Key 'HKLM:\SOFTWARE\Contoso'
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext) -Probe @{ InDesiredState = $false }
        $result.Changed | Should -Be 0
        @(Get-TestOp) | Should -Be @('read')
    }

    It 'throws before writing anything on a config it cannot use' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        { Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = -1 }) -Context (New-TestContext) -Probe @{} } | Should -Throw
        $global:RemcFakeState.RegistryCalls.Count | Should -Be 0
    }

    It 'heals the drift the probe saw (<Case>)' -ForEach @(
        @{ Case = 'missing key, HKCU'; Setup = { Reset-RemcFakeRegistryValue -Unlisted NoKey }; Override = @{ Path = 'HKCU:\Software\Contoso\Deep\Er'; Type = 'MultiString'; Value = @('x', 'y') } }
        @{ Case = 'wrong kind'; Setup = { Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind Binary -Data @(1)) }; Override = @{ Type = 'QWord'; Value = '5' } }
        @{ Case = 'every key exists'; Setup = { Reset-RemcFakeRegistryValue -Unlisted 'NoValue' }; Override = @{ Type = 'Binary'; Value = @(0, 1) } }
        @{ Case = 'stale unlisted value'; Setup = { Reset-RemcFakeRegistryValue -Unlisted (New-RemcFakeRegistryValue -Kind String -Data 'stale') }; Override = @{ Value = 'fresh' } }
        @{ Case = 'absent'; Setup = { Reset-RemcFakeRegistryValue -Unlisted NoKey -Value @(New-RemcFakeRegistryValue -Kind String -Data 'x') }; Override = @{ Ensure = 'absent' } }
    ) {
        & $Setup
        $config = New-TestConfig -Override $Override
        $before = Test-RemcRegistryValue -Config $config -Context (New-TestContext)
        $before.InDesiredState | Should -BeFalse
        $fix = Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe $before
        $fix.Changed | Should -Be 1
        (Test-RemcRegistryValue -Config $config -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }
}

Describe 'the default fake registry is healthy (-Unlisted Declared)' {
    It 'holds every declared value: the probe finds <Type> as declared' -ForEach @(
        @{ Type = 'String'; Value = 'On' }
        @{ Type = 'ExpandString'; Value = '%ProgramFiles%\Contoso' }
        @{ Type = 'DWord'; Value = [long]4294967295 }
        @{ Type = 'QWord'; Value = '18446744073709551615' }
        @{ Type = 'MultiString'; Value = @('a', 'b') }
        @{ Type = 'Binary'; Value = @(1, 255) }
    ) {
        Reset-RemcFakeRegistryValue
        $before = Get-TestWorld
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = $Type; Value = $Value }) -Context (New-TestContext -Mode 'detect')
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeLike 'HKLM:\SOFTWARE\Contoso\Setting is * as wanted'
        Get-TestWorld | Should -BeExactly $before
    }

    It 'holds no value a check wants absent' {
        Reset-RemcFakeRegistryValue
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Ensure = 'absent' }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is absent as wanted'
    }

    It 'so the fix has nothing to do' {
        Reset-RemcFakeRegistryValue
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }) -Context (New-TestContext) -Probe @{}
        $result.Changed | Should -Be 0
        @(Get-TestOp) | Should -Be @('read')
    }

    It 'lets a listed value override the declared one, and a written one stay written' {
        Reset-RemcFakeRegistryValue -Value @(New-RemcFakeRegistryValue -Kind DWord -Data 0)
        $config = New-TestConfig -Override @{ Type = 'DWord'; Value = 1 }
        (Test-RemcRegistryValue -Config $config -Context (New-TestContext)).Summary | Should -BeExactly 'HKLM:\SOFTWARE\Contoso\Setting is 0 (DWord), want 1'
        $null = Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{}
        (Get-TestStored).Data | Should -Be 1
    }

    It 'keeps a deleted value deleted' {
        Reset-RemcFakeRegistryValue
        # As in a fix: the seam's caller has the check's $Config in scope.
        $Config = New-TestConfig -Override @{ Value = 'On' }
        Remove-RemcRegistryValueEntry -Hive 'HKLM' -SubKey 'SOFTWARE\Contoso' -Name 'Setting' | Should -BeTrue
        $result = Test-RemcRegistryValue -Config $Config -Context (New-TestContext)
        $result.Summary | Should -BeExactly "HKLM:\SOFTWARE\Contoso\Setting is missing, want 'On' (String)"
    }

    It 'refuses to guess without the calling check''s $Config' {
        Reset-RemcFakeRegistryValue
        { Get-RemcRegistryValueEntry -Hive 'HKLM' -SubKey 'SOFTWARE\Contoso' -Name 'Setting' } | Should -Throw -ExpectedMessage "fake registry: -Unlisted 'Declared' reads the calling check's*"
    }
}

Describe 'the fakes keep RegistryKey''s contract' {
    It 'SetValue refuses a UInt32 above 0x7FFFFFFF for DWord, as Convert.ToInt32 overflows' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        { Set-RemcRegistryValueEntry -Hive 'HKLM' -SubKey 'SOFTWARE\Contoso' -Name 'Setting' -Kind 'DWord' -Data ([uint32]4294967295) } |
            Should -Throw -ExpectedMessage 'cannot write HKLM:\SOFTWARE\Contoso\Setting: The type of the value object did not match the specified RegistryValueKind*'
    }

    It 'SetValue refuses a <Given> for <Kind>' -ForEach @(
        @{ Kind = 'MultiString'; Given = 'object[]'; Data = @('a', 'b') }
        @{ Kind = 'Binary'; Given = 'object[]'; Data = @(1, 2) }
        @{ Kind = 'DWord'; Given = 'text'; Data = 'one' }
    ) {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        { Set-RemcRegistryValueEntry -Hive 'HKLM' -SubKey 'SOFTWARE\Contoso' -Name 'Setting' -Kind $Kind -Data $Data } |
            Should -Throw -ExpectedMessage '*did not match the specified RegistryValueKind*'
    }

    It 'GetValue hands back the .NET type of each kind, also after the state went through Clixml' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Bare -Value @(
            New-RemcFakeRegistryValue -Name 'S' -Kind String -Data 's'
            New-RemcFakeRegistryValue -Name 'E' -Kind ExpandString -Data '%TEMP%'
            New-RemcFakeRegistryValue -Name 'D' -Kind DWord -Data 4294967295
            New-RemcFakeRegistryValue -Name 'Q' -Kind QWord -Data 5
            New-RemcFakeRegistryValue -Name 'M' -Kind MultiString -Data @('a')
            New-RemcFakeRegistryValue -Name 'B' -Kind Binary -Data @(1, 2)
        )
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('remc-registry-{0}.xml' -f [guid]::NewGuid())
        Export-Clixml -LiteralPath $file -InputObject $global:RemcFakeState -Depth 10
        $global:RemcFakeState = Import-Clixml -LiteralPath $file
        Remove-Item -LiteralPath $file
        $expected = @{ S = 'System.String'; E = 'System.String'; D = 'System.Int32'; Q = 'System.Int64'; M = 'System.String[]'; B = 'System.Byte[]' }
        foreach ($name in $expected.Keys) {
            $entry = Get-RemcRegistryValueEntry -Hive 'HKLM' -SubKey 'SOFTWARE\Contoso' -Name $name
            $entry.Data.GetType().FullName | Should -Be $expected[$name] -Because $name
            $entry.Kind | Should -BeOfType [Microsoft.Win32.RegistryValueKind]
        }
        (Get-RemcRegistryValueEntry -Hive 'HKLM' -SubKey 'SOFTWARE\Contoso' -Name 'D').Data | Should -Be -1
        (Get-RemcRegistryValueEntry -Hive 'HKLM' -SubKey 'SOFTWARE\Contoso' -Name 'E').Data | Should -BeExactly '%TEMP%'
    }

    It 'a key exists when a key below it exists' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Bare -Key 'HKLM:\SOFTWARE\Contoso\Deep'
        (Get-RemcRegistryValueEntry -Hive 'HKLM' -SubKey 'SOFTWARE\Contoso' -Name 'x').KeyExists | Should -BeTrue
        (Get-RemcRegistryValueEntry -Hive 'HKLM' -SubKey 'SOFTWARE\Cont' -Name 'x').KeyExists | Should -BeFalse
        (Get-RemcRegistryValueEntry -Hive 'HKCU' -SubKey 'SOFTWARE\Contoso' -Name 'x').KeyExists | Should -BeFalse
    }
}

Describe 'HKEY_USERS' {
    It 'reads <Path> as HKU with the hive <UserHive>' -ForEach @(
        @{ Path = 'HKU:\.DEFAULT\Control Panel\Keyboard'; UserHive = '.DEFAULT'; SubKey = '.DEFAULT\Control Panel\Keyboard' }
        @{ Path = 'HKEY_USERS\S-1-5-21-1-2-3-1001\Software\Contoso'; UserHive = 'S-1-5-21-1-2-3-1001'; SubKey = 'S-1-5-21-1-2-3-1001\Software\Contoso' }
        @{ Path = 'Registry::HKEY_USERS\S-1-5-18\Software'; UserHive = 'S-1-5-18'; SubKey = 'S-1-5-18\Software' }
    ) {
        $target = Get-RemcRegistryValueTarget -Config (New-TestConfig -Override @{ Path = $Path })
        $target.Hive | Should -Be 'HKU'
        $target.UserHive | Should -Be $UserHive
        $target.SubKey | Should -Be $SubKey
    }

    It 'refuses a hive of HKEY_USERS without a key in it' {
        { Get-RemcRegistryValueTarget -Config (New-TestConfig -Override @{ Path = 'HKU:\.DEFAULT' }) } | Should -Throw -ExpectedMessage '*hive of HKEY_USERS*'
    }

    It 'keeps NumLock on at the sign-in screen: drift on "0", fixed to the String "2"' {
        $config = New-TestConfig -Override @{ Path = 'HKU:\.DEFAULT\Control Panel\Keyboard'; Name = 'InitialKeyboardIndicators'; Value = '2' }
        Reset-RemcFakeRegistryValue -Value @(New-RemcFakeRegistryValue -Path 'HKU:\.DEFAULT\Control Panel\Keyboard' -Name 'InitialKeyboardIndicators' -Kind String -Data '0')
        $result = Test-RemcRegistryValue -Config $config -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be "HKU:\.DEFAULT\Control Panel\Keyboard\InitialKeyboardIndicators is '0' (String), want '2'"
        (Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{}).Changed | Should -Be 1
        $stored = Get-TestStored -Hive 'HKU' -Key '.DEFAULT\Control Panel\Keyboard' -Name 'InitialKeyboardIndicators'
        $stored.Kind | Should -Be 'String'
        $stored.Data | Should -Be '2'
        (Test-RemcRegistryValue -Config $config -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It "fails, and writes nothing, when a user's hive is not loaded" {
        $config = New-TestConfig -Override @{ Path = 'HKU:\S-1-5-21-1-2-3-1001\Software\Contoso'; Value = 'On' }
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Unloaded 'S-1-5-21-*'
        { Test-RemcRegistryValue -Config $config -Context (New-TestContext) } | Should -Throw -ExpectedMessage 'HKU:\S-1-5-21-1-2-3-1001 is not loaded*'
        { Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{} } | Should -Throw -ExpectedMessage '*is not loaded*'
        @(Get-TestOp | Where-Object { $_ -ne 'read' }) | Should -BeNullOrEmpty
    }
}

Describe 'a value present with any data' {
    It 'is in desired state whatever the data: <Kind>' -ForEach @(@{ Kind = 'String'; Data = 'x' }, @{ Kind = 'DWord'; Data = 7 }, @{ Kind = 'Binary'; Data = @(1) }) {
        Reset-RemcFakeRegistryValue -Value @(New-RemcFakeRegistryValue -Kind $Kind -Data $Data)
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = $null; Value = $null }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeLike "HKLM:\SOFTWARE\Contoso\Setting is * ($Kind): any data as wanted"
    }

    It 'drifts when missing, and when of another kind than a given type' {
        Reset-RemcFakeRegistryValue -Unlisted NoValue
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = $null; Value = $null }) -Context (New-TestContext)
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'HKLM:\SOFTWARE\Contoso\Setting is missing, want it present with any data'
        Reset-RemcFakeRegistryValue -Value @(New-RemcFakeRegistryValue -Kind String -Data '1')
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = 'DWord'; Value = $null }) -Context (New-TestContext)
        $result.Summary | Should -Be "HKLM:\SOFTWARE\Contoso\Setting is '1' (String), want it present with any DWord data"
    }

    It 'has no fix: the fix refuses, writing nothing' {
        Reset-RemcFakeRegistryValue -Unlisted NoValue
        { Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Type = $null; Value = $null }) -Context (New-TestContext) -Probe @{} } | Should -Throw -ExpectedMessage '*no data is declared*'
        @(Get-TestOp | Where-Object { $_ -ne 'read' }) | Should -BeNullOrEmpty
    }
}

Describe 'a key check (no value name)' {
    It 'is in desired state when the key <Case>' -ForEach @(
        @{ Case = 'exists and must'; Ensure = 'present'; Keys = @('HKLM:\SOFTWARE\Contoso'); Ok = $true }
        @{ Case = 'is missing and must be'; Ensure = 'absent'; Keys = @(); Ok = $true }
        @{ Case = 'is missing but must exist'; Ensure = 'present'; Keys = @(); Ok = $false }
        @{ Case = 'exists but must not'; Ensure = 'absent'; Keys = @('HKLM:\SOFTWARE\Contoso'); Ok = $false }
    ) {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Key $Keys
        $result = Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Name = $null; Ensure = $Ensure }) -Context (New-TestContext)
        $result.InDesiredState | Should -Be $Ok
        $result.Facts.Path | Should -Be 'HKLM:\SOFTWARE\Contoso'
    }

    It 'creates a missing key with its parents' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Path = 'HKLM:\SOFTWARE\Contoso\Agent'; Name = $null }) -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'created HKLM:\SOFTWARE\Contoso\Agent'
        $result.Changed | Should -Be 1
        Get-TestOp | Should -Contain 'create'
        (Test-RemcRegistryValue -Config (New-TestConfig -Override @{ Path = 'HKLM:\SOFTWARE\Contoso\Agent'; Name = $null }) -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'deletes a key with its values, and keeps its parent and siblings' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Key 'HKLM:\SOFTWARE\Contoso\Other' -Value @(
            New-RemcFakeRegistryValue -Path 'HKLM:\SOFTWARE\Contoso\Legacy' -Name 'A' -Kind String -Data 'x'
            New-RemcFakeRegistryValue -Path 'HKLM:\SOFTWARE\Contoso\Legacy' -Name 'B' -Kind DWord -Data 1
        )
        $config = New-TestConfig -Override @{ Path = 'HKLM:\SOFTWARE\Contoso\Legacy'; Name = $null; Ensure = 'absent' }
        $result = Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'deleted HKLM:\SOFTWARE\Contoso\Legacy (had 2 values)'
        @($global:RemcFakeState.RegistryValues | Where-Object { $_.Key -eq 'SOFTWARE\Contoso\Legacy' }) | Should -BeNullOrEmpty
        @($global:RemcFakeState.RegistryKeys | Where-Object { $_.Key -eq 'SOFTWARE\Contoso\Other' }).Count | Should -Be 1
        (Test-RemcRegistryValue -Config $config -Context (New-TestContext)).InDesiredState | Should -BeTrue
    }

    It 'refuses to delete a key that has subkeys, changing nothing' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Key 'HKLM:\SOFTWARE\Contoso\Legacy\Child'
        $before = Get-TestWorld
        $config = New-TestConfig -Override @{ Path = 'HKLM:\SOFTWARE\Contoso\Legacy'; Name = $null; Ensure = 'absent' }
        { Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{} } | Should -Throw -ExpectedMessage 'HKLM:\SOFTWARE\Contoso\Legacy has 1 subkeys: remc deletes only a key without subkeys*'
        Get-TestWorld | Should -Be $before
    }

    It 'only reports with reportOnly' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Key 'HKLM:\SOFTWARE\Contoso\Legacy'
        $before = Get-TestWorld
        $result = Repair-RemcRegistryValue -Config (New-TestConfig -Override @{ Path = 'HKLM:\SOFTWARE\Contoso\Legacy'; Name = $null; Ensure = 'absent'; ReportOnly = $true }) -Context (New-TestContext) -Probe @{}
        $result.ReportOnly | Should -BeTrue
        $result.Summary | Should -BeLike 'report-only: would delete HKLM:\SOFTWARE\Contoso\Legacy *'
        Get-TestWorld | Should -Be $before
    }
}

Describe 'a secret value' {
    BeforeAll {
        # The compiler's digest of 'P@ssw0rd!' (String) at HKLM:\SOFTWARE\Contoso\Setting: digest.ts
        # secretDigest, pinned to the same vectors in test/registry-value.test.ts.
        $script:Digest = 'a49ae637229f75568acd5a97f98308e5b6540f5631e608e5a779ea9d89189043'
        $script:Secret = 'P@ssw0rd!'
    }

    It 'computes the digest the compiler computes, for <Kind>' -ForEach @(
        @{ Kind = 'String'; Data = 'P@ssw0rd!'; Digest = 'a49ae637229f75568acd5a97f98308e5b6540f5631e608e5a779ea9d89189043' }
        @{ Kind = 'DWord'; Data = [int]-1; Digest = '8864c794c72edf53e9e581a2d06ff77cd2a55ffc74dec13adface00fb22778c3' }
        @{ Kind = 'MultiString'; Data = [string[]]@('a', 'b'); Digest = 'ef633c0e1639bd8fab8fcf3a6b846ee75d4d5b75005f8c4148a64f9fc635d7ed' }
        @{ Kind = 'Binary'; Data = [byte[]]@(1, 255, 60); Digest = 'b455fd479a6e2b5c177f4412ab7661cfc5a0104fbca1512ea363ae2763a5e8e2' }
    ) {
        Get-RemcRegistryValueDigest -Path 'HKLM:\SOFTWARE\Contoso' -Name 'Setting' -Kind $Kind -Data $Data | Should -Be $Digest
    }

    It 'detects by the digest alone, and never shows the data: <Case>' -ForEach @(
        @{ Case = 'as declared'; Stored = 'P@ssw0rd!'; Ok = $true }
        @{ Case = 'another password'; Stored = 'Old-Pa55'; Ok = $false }
    ) {
        Reset-RemcFakeRegistryValue -Value @(New-RemcFakeRegistryValue -Kind String -Data $Stored)
        $config = New-TestConfig -Override @{ Secret = $true; ValueDigest = $script:Digest; Value = $null }
        $result = Test-RemcRegistryValue -Config $config -Context (New-TestContext -Mode 'detect')
        $result.InDesiredState | Should -Be $Ok
        $shown = ConvertTo-Json -Depth 5 -InputObject $result
        $shown | Should -Not -Match ([regex]::Escape($Stored))
        $shown | Should -Not -Match ([regex]::Escape($script:Secret))
        if (-not $Ok) { $result.Summary | Should -Be 'HKLM:\SOFTWARE\Contoso\Setting is (hidden) (String), want the secret data' }
    }

    It 'writes the secret in the remediation, and says only that it did' {
        Reset-RemcFakeRegistryValue -Value @(New-RemcFakeRegistryValue -Kind String -Data 'Old-Pa55')
        $config = New-TestConfig -Override @{ Secret = $true; ValueDigest = $script:Digest; Value = $script:Secret }
        $result = Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{}
        $result.Summary | Should -Be 'set HKLM:\SOFTWARE\Contoso\Setting to the secret data (String) (was (hidden) (String))'
        (Get-TestStored).Data | Should -Be $script:Secret
    }

    It 'refuses to fix from a script that does not carry the data' {
        Reset-RemcFakeRegistryValue -Unlisted NoValue
        $config = New-TestConfig -Override @{ Secret = $true; ValueDigest = $script:Digest; Value = $null }
        { Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{} } | Should -Throw -ExpectedMessage '*does not carry the secret data*'
    }

    It "reads the data of a secret the scenario declares when it makes the world as declared" {
        $rows = @(@{ Name = 'registry'; Config = @{ Path = 'HKLM:\SOFTWARE\Contoso'; Name = 'Setting'; Type = 'String'; Secret = $true; Value = $script:Secret } })
        Reset-RemcFakeRegistryValue -Declared $rows
        $config = New-TestConfig -Override @{ Secret = $true; ValueDigest = $script:Digest; Value = $null }
        (Test-RemcRegistryValue -Config $config -Context (New-TestContext -Mode 'detect')).InDesiredState | Should -BeTrue
    }
}

Describe 'bits of a DWORD' {
    It 'checks only the declared bits: <Stored> with set <Set> clear <Clear> is <Ok>' -ForEach @(
        @{ Stored = 0x45; Set = 0x40; Clear = 0; Ok = $true }
        @{ Stored = 0x05; Set = 0x40; Clear = 0; Ok = $false }
        @{ Stored = 0x41; Set = 0x40; Clear = 0x1; Ok = $false }
        @{ Stored = [long]4294967295; Set = [long]2147483648; Clear = 0; Ok = $true }
        @{ Stored = 0x7FFFFFFF; Set = [long]2147483648; Clear = 0; Ok = $false }
    ) {
        Reset-RemcFakeRegistryValue -Value @(New-RemcFakeRegistryValue -Kind DWord -Data $Stored)
        $config = New-TestConfig -Override @{ Type = 'DWord'; Value = $null; Bits = @{ Set = $Set; Clear = $Clear } }
        (Test-RemcRegistryValue -Config $config -Context (New-TestContext)).InDesiredState | Should -Be $Ok
    }

    It 'sets and clears only the declared bits, keeping the others: <Stored> -> <Written>' -ForEach @(
        @{ Stored = 0x05; Set = 0x40; Clear = 0; Written = 0x45 }
        @{ Stored = 0x41; Set = 0x0; Clear = 0x1; Written = 0x40 }
        @{ Stored = 0x7FFFFFFF; Set = [long]2147483648; Clear = 0x1; Written = -2 }
    ) {
        Reset-RemcFakeRegistryValue -Value @(New-RemcFakeRegistryValue -Kind DWord -Data $Stored)
        $config = New-TestConfig -Override @{ Type = 'DWord'; Value = $null; Bits = @{ Set = $Set; Clear = $Clear } }
        (Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{}).Changed | Should -Be 1
        (Get-TestStored).Data | Should -Be $Written
        (Get-TestStored).Data | Should -BeOfType [int]
    }

    It 'writes a missing value with the set bits' {
        Reset-RemcFakeRegistryValue -Unlisted NoKey
        $config = New-TestConfig -Override @{ Type = 'DWord'; Value = $null; Bits = @{ Set = 0x40; Clear = 0 } }
        $result = Test-RemcRegistryValue -Config $config -Context (New-TestContext)
        $result.Summary | Should -Be 'HKLM:\SOFTWARE\Contoso\Setting is missing (no key), want bits 0x00000040 set (DWord)'
        (Repair-RemcRegistryValue -Config $config -Context (New-TestContext) -Probe @{}).Summary | Should -Be 'created HKLM:\SOFTWARE\Contoso and set HKLM:\SOFTWARE\Contoso\Setting to 0x00000040 (DWord)'
    }
}

Describe 'the real seam on Windows matches the fakes' -Skip:(-not $script:OnWindows) {
    BeforeAll {
        $script:Scratch = 'Software\remc-pester-{0}' -f [guid]::NewGuid().ToString('N')
        $script:Real = @{}
        foreach ($name in 'Get-RemcRegistryValueEntry', 'Set-RemcRegistryValueEntry', 'Remove-RemcRegistryValueEntry') {
            $script:Real[$name] = Get-Command -Name $name -CommandType Function
        }
    }

    AfterAll {
        $root = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::CurrentUser, [Microsoft.Win32.RegistryView]::Registry64)
        $root.DeleteSubKeyTree($script:Scratch, $false)
        $root.Close()
    }

    It 'writes, reads and deletes <Kind> with the same types the fake hands back' -ForEach @(
        @{ Kind = 'String'; Data = 'On' }
        @{ Kind = 'ExpandString'; Data = '%TEMP%\remc' }
        @{ Kind = 'DWord'; Data = [int]-1 }
        @{ Kind = 'QWord'; Data = [long]-1 }
        @{ Kind = 'MultiString'; Data = [string[]]@('a', 'b') }
        @{ Kind = 'Binary'; Data = [byte[]]@(1, 255) }
    ) {
        $sub = '{0}\{1}' -f $script:Scratch, $Kind
        (& $script:Real['Get-RemcRegistryValueEntry'] -Hive 'HKCU' -SubKey $sub -Name 'V').KeyExists | Should -BeFalse
        & $script:Real['Set-RemcRegistryValueEntry'] -Hive 'HKCU' -SubKey $sub -Name 'V' -Kind $Kind -Data $Data
        $real = & $script:Real['Get-RemcRegistryValueEntry'] -Hive 'HKCU' -SubKey $sub -Name 'v'
        Reset-RemcFakeRegistryValue -Unlisted NoKey -Bare -Value @(New-RemcFakeRegistryValue -Path ('HKCU:\{0}' -f $sub) -Name 'V' -Kind $Kind -Data $Data)
        $fake = Get-RemcRegistryValueEntry -Hive 'HKCU' -SubKey $sub -Name 'v'
        $real.Exists | Should -BeTrue
        $real.Kind | Should -Be $fake.Kind
        $real.Data.GetType().FullName | Should -Be $fake.Data.GetType().FullName
        @($real.Data) | Should -Be @($fake.Data)
        & $script:Real['Remove-RemcRegistryValueEntry'] -Hive 'HKCU' -SubKey $sub -Name 'V' | Should -BeTrue
        & $script:Real['Remove-RemcRegistryValueEntry'] -Hive 'HKCU' -SubKey $sub -Name 'V' | Should -BeFalse
        (& $script:Real['Get-RemcRegistryValueEntry'] -Hive 'HKCU' -SubKey $sub -Name 'V').KeyExists | Should -BeTrue
    }
}
