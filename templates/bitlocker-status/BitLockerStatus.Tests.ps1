# Pester 5 tests of the bitlocker-status probe against fakes, and of the seam's own logic against a
# stand-in Get-CimInstance (the real one needs Windows).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    # The defaults index.ts declares, with the test's values on top. Run through remc, the defaults
    # come from the spec.
    function New-TestConfig {
        param([hashtable] $Override = @{})
        if ($env:REMC_TEMPLATE_DEFAULTS -and (Get-Command -Name New-RemcTestConfig -ErrorAction SilentlyContinue)) {
            return (New-RemcTestConfig -Template 'bitlocker-status' -Override $Override)
        }
        $config = @{
            RequireFixedDataVolumes = $false
            MountPoints             = @()
        }
        foreach ($key in $Override.Keys) { $config[$key] = $Override[$key] }
        return $config
    }

    function New-TestContext {
        New-RemcTestContext -RemediationId 'bitlocker-report' -Mode 'detect'
    }

    function Invoke-Probe {
        param([hashtable] $Override = @{})
        Test-RemcBitLockerStatus -Config (New-TestConfig -Override $Override) -Context (New-TestContext)
    }

    function Get-WorldJson {
        # The simulated machine without the query log: what a probe must never change.
        $copy = @{}
        foreach ($key in @($global:RemcFakeState.Keys)) { if ($key -notlike '*Queries') { $copy[$key] = $global:RemcFakeState[$key] } }
        ConvertTo-Json -InputObject $copy -Depth 8 -Compress
    }

    # An error record as Get-CimInstance writes it: a CimException with its native code, and the WMI
    # message id as the error id (see CimWriteError.cs in PowerShell's CimCmdlets).
    function New-CimErrorRecord {
        param([string] $Code, [string] $ErrorId, [string] $Message = 'Fehler', [string] $Category = 'MetadataError')
        $exception = New-Object Microsoft.Management.Infrastructure.CimException -ArgumentList $Message
        if ($Code -ne '') { $exception.GetType().GetProperty('NativeErrorCode').SetValue($exception, [Microsoft.Management.Infrastructure.NativeErrorCode]$Code) }
        New-Object System.Management.Automation.ErrorRecord -ArgumentList $exception, $ErrorId, ([System.Management.Automation.ErrorCategory]$Category), $null
    }

    function Invoke-RealSeam {
        # The seam function itself, not the fake the alias points to.
        & (Get-Item -LiteralPath 'function:Get-RemcBitLockerVolume').ScriptBlock
    }
}

Describe 'bitlocker-status emitted files' {
    It 'is detect-only (no fix.ps1)' {
        Test-Path -LiteralPath (Join-Path $PSScriptRoot 'fix.ps1') | Should -BeFalse
    }

    It 'never runs manage-bde (its text is localized) nor uses the BitLocker module' {
        foreach ($file in 'probe.ps1', 'seam.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot $file), [ref] $null, [ref] $null)
            $names = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() })
            $names | Where-Object { $_ -like 'manage-bde*' -or $_ -like '*-BitLocker*' } | Should -BeNullOrEmpty
        }
    }

    It 'bounds the CIM query with -OperationTimeoutSec' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $calls = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Get-CimInstance' }, $true))
        $calls.Count | Should -Be 1
        $calls[0].Extent.Text | Should -Match '-OperationTimeoutSec \d+'
    }
}

Describe 'Test-RemcBitLockerStatus: the OS volume' {
    It 'returns exactly one hashtable with only protocol keys' {
        Reset-RemcFakeBitLockerStatus
        $result = @(Invoke-Probe)
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
        @($result[0].Keys | Sort-Object) | Should -Be @('Facts', 'InDesiredState', 'Summary')
        $result[0].InDesiredState | Should -BeOfType [bool]
    }

    It 'is in desired state on an ordinary encrypted laptop' {
        Reset-RemcFakeBitLockerStatus
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'C: protected (XTS-AES 128)'
        $result.Facts.Available | Should -BeTrue
        @($result.Facts.Unprotected).Count | Should -Be 0
        $result.Facts.Volumes[0].MountPoint | Should -Be 'C:'
        $result.Facts.Volumes[0].Type | Should -Be 'os'
        $result.Facts.Volumes[0].Conversion | Should -Be 'encrypted'
        $result.Facts.Volumes[0].Required | Should -BeTrue
        @($global:RemcFakeState.BitLockerQueries) | Should -Be @('Win32_EncryptableVolume')
    }

    It 'names the encryption method <Method> as <Text>' -ForEach @(
        @{ Method = 0; Text = 'no encryption method' }, @{ Method = 1; Text = 'AES 128 with diffuser' }, @{ Method = 2; Text = 'AES 256 with diffuser' },
        @{ Method = 3; Text = 'AES 128' }, @{ Method = 4; Text = 'AES 256' }, @{ Method = 5; Text = 'hardware encryption' },
        @{ Method = 6; Text = 'XTS-AES 128' }, @{ Method = 7; Text = 'XTS-AES 256' }, @{ Method = 4294967295; Text = 'method unknown' },
        @{ Method = 9; Text = 'method unknown' }, @{ Method = $null; Text = 'method unknown' }
    ) {
        Reset-RemcFakeBitLockerStatus -Volume @(New-RemcFakeEncryptableVolume -EncryptionMethod $Method)
        (Invoke-Probe).Summary | Should -Be ('C: protected ({0})' -f $Text)
    }

    It 'drifts when the OS volume is <Why>' -ForEach @(
        @{ Why = 'suspended (encrypted, protection off)'; Conversion = 1; Text = 'encrypted, protection off' }
        @{ Why = 'not encrypted'; Conversion = 0; Text = 'not encrypted' }
        @{ Why = 'still encrypting'; Conversion = 2; Text = 'encrypting' }
        @{ Why = 'decrypting'; Conversion = 3; Text = 'decrypting' }
        @{ Why = 'paused while encrypting'; Conversion = 4; Text = 'encryption paused' }
        @{ Why = 'paused while decrypting'; Conversion = 5; Text = 'decryption paused' }
        @{ Why = 'in an unknown conversion state'; Conversion = $null; Text = 'encryption state unknown' }
    ) {
        Reset-RemcFakeBitLockerStatus -Volume @(New-RemcFakeEncryptableVolume -ProtectionStatus 0 -ConversionStatus $Conversion -EncryptionMethod 6)
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be ('C: not protected ({0})' -f $Text)
        @($result.Facts.Unprotected) | Should -Be @('C:')
        $result.Facts.Volumes[0].Protection | Should -Be 'off'
    }

    It 'drifts when the protection status cannot be determined (2)' {
        Reset-RemcFakeBitLockerStatus -Volume @(New-RemcFakeEncryptableVolume -ProtectionStatus 2)
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'C: protection unknown (possibly locked)'
        $result.Facts.Volumes[0].Protection | Should -Be 'unknown'
    }

    It 'drifts when the provider leaves ProtectionStatus empty' {
        Reset-RemcFakeBitLockerStatus -Volume @(New-RemcFakeEncryptableVolume -ProtectionStatus $null)
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'C: protection unknown (possibly locked)'
    }

    It 'finds the OS volume by VolumeType, not by its letter' {
        Reset-RemcFakeBitLockerStatus -SystemDrive 'C:' -Volume @(
            New-RemcFakeEncryptableVolume -DriveLetter 'C:' -VolumeType 1 -ProtectionStatus 0 -ConversionStatus 0 -EncryptionMethod 0
            New-RemcFakeEncryptableVolume -DriveLetter 'W:' -VolumeType 0
        )
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'W: protected (XTS-AES 128); C: not protected (not encrypted; not required)'
    }

    It 'falls back to the system drive when the provider has no VolumeType (old MOF)' {
        Reset-RemcFakeBitLockerStatus -SystemDrive 'C:' -Volume @(
            New-RemcFakeEncryptableVolume -DriveLetter 'C:' -Legacy -ProtectionStatus 0
            New-RemcFakeEncryptableVolume -DriveLetter 'D:' -Legacy -ProtectionStatus 0
        )
        $result = Invoke-Probe -Override @{ RequireFixedDataVolumes = $true }
        $result.InDesiredState | Should -BeFalse
        # The type of D: cannot be told without VolumeType, so requireFixedDataVolumes does not reach it.
        $result.Summary | Should -Be 'C: not protected (encryption state unknown); D: not protected (encryption state unknown; not required)'
        @($result.Facts.Unprotected) | Should -Be @('C:')
        ($result.Facts.Volumes | Where-Object { $_.MountPoint -eq 'D:' }).Type | Should -Be 'unknown'
    }

    It 'throws when no volume can be told to hold Windows' {
        Reset-RemcFakeBitLockerStatus -SystemDrive 'C:' -Volume @(New-RemcFakeEncryptableVolume -DriveLetter 'D:' -VolumeType 1)
        { Invoke-Probe } | Should -Throw -ExpectedMessage 'cannot tell which encryptable volume holds Windows: none has VolumeType 0 and none is the system drive C:'
    }
}

Describe 'Test-RemcBitLockerStatus: data volumes and mount points' {
    BeforeEach {
        $script:DataDisk = @(
            New-RemcFakeEncryptableVolume -DriveLetter 'C:'
            New-RemcFakeEncryptableVolume -DriveLetter 'E:' -VolumeType 1 -ProtectionStatus 1 -EncryptionMethod 7
            New-RemcFakeEncryptableVolume -DriveLetter 'D:' -VolumeType 1 -ProtectionStatus 0 -ConversionStatus 0 -EncryptionMethod 0
        )
    }

    It 'reports fixed data volumes without requiring them by default' {
        Reset-RemcFakeBitLockerStatus -Volume $script:DataDisk
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'C: protected (XTS-AES 128); D: not protected (not encrypted; not required); E: protected (XTS-AES 256)'
        @($result.Facts.Volumes).Count | Should -Be 3
        ($result.Facts.Volumes | Where-Object { $_.MountPoint -eq 'D:' }).Required | Should -BeFalse
    }

    It 'requires every fixed data volume with RequireFixedDataVolumes' {
        Reset-RemcFakeBitLockerStatus -Volume $script:DataDisk
        $result = Invoke-Probe -Override @{ RequireFixedDataVolumes = $true }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'C: protected (XTS-AES 128); D: not protected (not encrypted); E: protected (XTS-AES 256)'
        @($result.Facts.Unprotected) | Should -Be @('D:')
    }

    It 'requires a volume named in MountPoints, whatever its case' {
        Reset-RemcFakeBitLockerStatus -Volume $script:DataDisk
        $result = Invoke-Probe -Override @{ MountPoints = @('d:') }
        $result.InDesiredState | Should -BeFalse
        @($result.Facts.Unprotected) | Should -Be @('D:')
    }

    It 'reports a named mount point the machine does not have, without counting it' {
        Reset-RemcFakeBitLockerStatus
        $result = Invoke-Probe -Override @{ MountPoints = @('F:', 'C:', 'F:') }
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'C: protected (XTS-AES 128); F: not present'
        @($result.Facts.Missing) | Should -Be @('F:')
    }

    It 'leaves a portable volume out of the summary unless it is named' {
        $usb = New-RemcFakeEncryptableVolume -DriveLetter 'G:' -VolumeType 2 -ProtectionStatus 0 -ConversionStatus 0 -EncryptionMethod 0
        Reset-RemcFakeBitLockerStatus -Volume @((New-RemcFakeEncryptableVolume), $usb)
        $result = Invoke-Probe -Override @{ RequireFixedDataVolumes = $true }
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'C: protected (XTS-AES 128)'
        ($result.Facts.Volumes | Where-Object { $_.MountPoint -eq 'G:' }).Type | Should -Be 'portable'
        $named = Invoke-Probe -Override @{ MountPoints = @('G:') }
        $named.InDesiredState | Should -BeFalse
        $named.Summary | Should -Be 'C: protected (XTS-AES 128); G: not protected (not encrypted)'
    }

    It 'names a volume without a drive letter by its volume GUID' {
        $folder = New-RemcFakeEncryptableVolume -DriveLetter $null -VolumeType 1 -ProtectionStatus 0 -ConversionStatus 0 -EncryptionMethod 0 -Guid '1B2C3D4E-5F60-4718-8A9B-0C1D2E3F4A5B'
        Reset-RemcFakeBitLockerStatus -Volume @((New-RemcFakeEncryptableVolume), $folder)
        $result = Invoke-Probe -Override @{ RequireFixedDataVolumes = $true }
        $result.Summary | Should -Be 'C: protected (XTS-AES 128); Volume{1b2c3d4e} not protected (not encrypted)'
        @($result.Facts.Unprotected) | Should -Be @('Volume{1b2c3d4e}')
    }

    It 'counts a locked data volume it is told to require as not in desired state' {
        Reset-RemcFakeBitLockerStatus -Volume @((New-RemcFakeEncryptableVolume), (New-RemcFakeEncryptableVolume -DriveLetter 'D:' -VolumeType 1 -ProtectionStatus 2 -ConversionStatus $null -EncryptionMethod $null))
        $result = Invoke-Probe -Override @{ MountPoints = @('D:') }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'C: protected (XTS-AES 128); D: protection unknown (possibly locked)'
        (Invoke-Probe).Summary | Should -Be 'C: protected (XTS-AES 128); D: protection unknown (possibly locked; not required)'
    }

    It 'refuses a mount point that is not a drive letter' {
        Reset-RemcFakeBitLockerStatus
        { Invoke-Probe -Override @{ MountPoints = @('C:\Data') } } | Should -Throw -ExpectedMessage "MountPoints must hold drive letters such as 'D:': 'C:\Data'"
        $global:RemcFakeState.BitLockerQueries.Count | Should -Be 0
    }
}

Describe 'Test-RemcBitLockerStatus: BitLocker not available or not readable' {
    It 'reports a machine without the BitLocker WMI provider as not in desired state (<Reason>)' -ForEach @(
        @{ Reason = 'namespace missing'; Text = 'BitLocker not available (its WMI provider is not installed)' }
        @{ Reason = 'class missing'; Text = 'BitLocker not available (Win32_EncryptableVolume is not registered)' }
    ) {
        Reset-RemcFakeBitLockerStatus -Unavailable $Reason
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be $Text
        $result.Facts.Available | Should -BeFalse
        $result.Facts.Reason | Should -Be $Reason
        @($result.Facts.Volumes).Count | Should -Be 0
    }

    It 'reports a machine without encryptable volumes as BitLocker not available' {
        Reset-RemcFakeBitLockerStatus -Volume @()
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'BitLocker not available (no encryptable volumes)'
        $result.Facts.Reason | Should -Be 'no volumes'
    }

    It 'throws when the query is denied (not an administrator), instead of guessing' {
        Reset-RemcFakeBitLockerStatus -Unavailable 'access denied'
        { Invoke-Probe } | Should -Throw -ExpectedMessage 'cannot read BitLocker status: access denied (Win32_EncryptableVolume needs an administrator: run as system)'
    }

    It 'lets any other query failure through as a probe error' {
        Reset-RemcFakeBitLockerStatus -QueryError 'Win32_EncryptableVolume query failed: The RPC server is unavailable.'
        { Invoke-Probe } | Should -Throw -ExpectedMessage 'Win32_EncryptableVolume query failed: The RPC server is unavailable.'
    }
}

Describe 'Test-RemcBitLockerStatus changes nothing' {
    It 'leaves every simulated volume as it was (<Name>)' -ForEach @(
        @{ Name = 'protected'; Volume = $null }
        @{ Name = 'suspended'; Volume = 'suspended' }
    ) {
        if ($Volume -eq 'suspended') { Reset-RemcFakeBitLockerStatus -Volume @(New-RemcFakeEncryptableVolume -ProtectionStatus 0) } else { Reset-RemcFakeBitLockerStatus }
        $before = Get-WorldJson
        $null = Invoke-Probe -Override @{ RequireFixedDataVolumes = $true; MountPoints = @('D:') }
        Get-WorldJson | Should -Be $before
    }
}

Describe 'Get-RemcBitLockerQueryFailure' {
    It 'reads "<Expected>" from a CimException with NativeErrorCode <Code>' -ForEach @(
        @{ Code = 'InvalidNamespace'; Expected = 'namespace missing' }
        @{ Code = 'InvalidClass'; Expected = 'class missing' }
        @{ Code = 'AccessDenied'; Expected = 'access denied' }
        @{ Code = 'Failed'; Expected = '' }
    ) {
        $record = New-CimErrorRecord -Code $Code -ErrorId 'MiClientApiError_Something'
        Get-RemcBitLockerQueryFailure -ErrorRecord $record | Should -Be $Expected
    }

    It 'reads "<Expected>" from the WMI message id <Id> when the code says nothing' -ForEach @(
        @{ Id = 'HRESULT 0x8004100e,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand'; Expected = 'namespace missing' }
        @{ Id = 'HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand'; Expected = 'class missing' }
        @{ Id = 'HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand'; Expected = 'access denied' }
        @{ Id = 'HRESULT 0x80070005,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand'; Expected = 'access denied' }
        @{ Id = 'HRESULT 0x80041001,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand'; Expected = '' }
    ) {
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-Object System.Exception 'x'), $Id, ([System.Management.Automation.ErrorCategory]::NotSpecified), $null
        Get-RemcBitLockerQueryFailure -ErrorRecord $record | Should -Be $Expected
    }

    It 'reads access denied from an UnauthorizedAccessException inside another exception' {
        $inner = New-Object System.UnauthorizedAccessException 'Zugriff verweigert'
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-Object System.Exception -ArgumentList 'outer', $inner), 'x', ([System.Management.Automation.ErrorCategory]::NotSpecified), $null
        Get-RemcBitLockerQueryFailure -ErrorRecord $record | Should -Be 'access denied'
    }

    It 'reads access denied from the PermissionDenied category' {
        $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList (New-Object System.Exception 'x'), 'x', ([System.Management.Automation.ErrorCategory]::PermissionDenied), $null
        Get-RemcBitLockerQueryFailure -ErrorRecord $record | Should -Be 'access denied'
    }
}

Describe 'Get-RemcBitLockerVolume (the seam) against a stand-in Get-CimInstance' {
    BeforeAll {
        function Get-CimInstance {
            [CmdletBinding()]
            param([string] $Namespace, [string] $ClassName, [uint32] $OperationTimeoutSec)
            $script:CimCall = @{ Namespace = $Namespace; ClassName = $ClassName; OperationTimeoutSec = $OperationTimeoutSec; ErrorAction = $PSBoundParameters['ErrorAction'] }
            if ($null -ne $script:CimError) { $PSCmdlet.WriteError($script:CimError); return }
            $script:CimVolumes
        }
    }

    BeforeEach {
        $script:CimError = $null
        $script:CimVolumes = @()
        $script:CimCall = $null
    }

    It 'queries Win32_EncryptableVolume in its namespace, stopping on errors, and returns the instances' {
        $script:CimVolumes = @((New-RemcFakeEncryptableVolume), (New-RemcFakeEncryptableVolume -DriveLetter 'D:' -VolumeType 1))
        $result = Invoke-RealSeam
        $script:CimCall.Namespace | Should -Be 'root\cimv2\Security\MicrosoftVolumeEncryption'
        $script:CimCall.ClassName | Should -Be 'Win32_EncryptableVolume'
        $script:CimCall.OperationTimeoutSec | Should -Be 60
        [string]$script:CimCall.ErrorAction | Should -Be 'Stop'
        $result.Available | Should -BeTrue
        @($result.Volumes).Count | Should -Be 2
    }

    It 'returns one instance as a list too' {
        $script:CimVolumes = New-RemcFakeEncryptableVolume
        $result = Invoke-RealSeam
        , $result.Volumes | Should -BeOfType [object[]]
        @($result.Volumes).Count | Should -Be 1
    }

    It 'says not Available, with the reason, when <Reason>' -ForEach @(
        @{ Code = 'InvalidNamespace'; Reason = 'namespace missing' }
        @{ Code = 'InvalidClass'; Reason = 'class missing' }
        @{ Code = 'AccessDenied'; Reason = 'access denied' }
    ) {
        $script:CimError = New-CimErrorRecord -Code $Code -ErrorId 'HRESULT 0x80041001'
        $result = Invoke-RealSeam
        $result.Available | Should -BeFalse
        $result.Reason | Should -Be $Reason
        @($result.Volumes).Count | Should -Be 0
    }

    It 'throws one line for any other failure' {
        $script:CimError = New-CimErrorRecord -Code 'Failed' -ErrorId 'HRESULT 0x80041001' -Message "Generic failure`r`n  (WMI)"
        { Invoke-RealSeam } | Should -Throw -ExpectedMessage 'Win32_EncryptableVolume query failed: Generic failure (WMI)'
    }
}
