# Pester 5 tests of the disk-space probe against fakes, and of the seam's own guard (the real
# Get-CimInstance needs Windows).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    # The config the compiler emits for diskSpace({ minFreePercent: 10 }): the test's values on top of
    # the spec's defaults (none of its options has one); a $null value leaves the option out.
    function New-TestConfig {
        param([hashtable] $Override = @{})
        $values = @{ MinFreePercent = 10 }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        if ($env:REMC_TEMPLATE_DEFAULTS -and (Get-Command -Name New-RemcTestConfig -ErrorAction SilentlyContinue)) {
            $config = New-RemcTestConfig -Template 'disk-space' -Override $values
        } else {
            $config = @{}
            foreach ($key in $values.Keys) { $config[$key] = $values[$key] }
        }
        foreach ($key in @($config.Keys)) { if ($null -eq $config[$key]) { $config.Remove($key) } }
        return $config
    }

    function Invoke-Probe {
        param([hashtable] $Override = @{})
        Test-RemcDiskSpace -Config (New-TestConfig -Override $Override) -Context (New-RemcTestContext -RemediationId 'low-disk' -Mode 'detect')
    }
}

Describe 'disk-space emitted files' {
    It 'is detect-only (no fix.ps1)' {
        Test-Path -LiteralPath (Join-Path $PSScriptRoot 'fix.ps1') | Should -BeFalse
    }

    It 'reads the volume with Get-CimInstance Win32_LogicalDisk filtered to one drive, stopping on errors' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $calls = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Get-CimInstance' }, $true))
        $calls.Count | Should -Be 1
        $calls[0].Extent.Text | Should -BeLike "*-ClassName Win32_LogicalDisk -Filter (`"DeviceID='{0}'`" -f `$DeviceId) -ErrorAction Stop*"
    }

    It 'the seam refuses anything but a drive letter (the filter is a WQL string)' {
        $seam = (Get-Item -LiteralPath 'function:Get-RemcDiskSpaceVolume').ScriptBlock
        { & $seam -DeviceId "C:' OR DeviceID='D:" } | Should -Throw '*not a drive letter*'
    }
}

Describe 'Test-RemcDiskSpace' {
    It 'returns exactly one hashtable with only protocol keys' {
        Reset-RemcFakeDiskSpace -Disk @(New-RemcFakeLogicalDisk -DeviceId 'C:' -SizeGB 256 -FreeGB 100)
        $result = @(Invoke-Probe)
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [hashtable]
        @($result[0].Keys | Sort-Object) | Should -Be @('Facts', 'InDesiredState', 'Summary')
        $result[0].InDesiredState | Should -BeOfType [bool]
    }

    It 'reads the system drive by default and says free GB and percent with the threshold' {
        Reset-RemcFakeDiskSpace -Disk @(New-RemcFakeLogicalDisk -DeviceId 'C:' -SizeGB 256 -FreeGB 100) -SystemDrive 'C:'
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be 'C: 100.0 GB free of 256.0 GB (39.1 %), threshold 10 %'
        @($global:RemcFakeState.DiskSpaceQueries) | Should -Be @('C:')
        $result.Facts.FreeBytes | Should -Be ([decimal]107374182400)
        $result.Facts.SizeBytes | Should -Be ([decimal]274877906944)
    }

    It 'finds its symptom below the percentage, and says so' {
        Reset-RemcFakeDiskSpace -Disk @(New-RemcFakeLogicalDisk -DeviceId 'C:' -SizeGB 256 -FreeGB 12.8)
        $result = Invoke-Probe -Override @{ MinFreePercent = 10 }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'C: 12.8 GB free of 256.0 GB (5.0 %), below 10 %'
        $result.Facts.Found | Should -BeTrue
        $result.Facts.Below | Should -Be @('percent')
    }

    It 'finds its symptom below the GB threshold alone' {
        Reset-RemcFakeDiskSpace -Disk @(New-RemcFakeLogicalDisk -DeviceId 'D:' -SizeGB 4096 -FreeGB 15)
        $result = Invoke-Probe -Override @{ Drive = 'D:'; MinFreePercent = $null; MinFreeGB = 20 }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be 'D: 15.0 GB free of 4096.0 GB (0.4 %), below 20 GB'
        @($global:RemcFakeState.DiskSpaceQueries) | Should -Be @('D:')
    }

    It 'names both thresholds when both are declared: <Why>' -ForEach @(
        @{ Why = 'both below'; Free = 5; Expected = 'C: 5.0 GB free of 100.0 GB (5.0 %), below 10 % and 20 GB' }
        @{ Why = 'GB only'; Free = 15; Expected = 'C: 15.0 GB free of 100.0 GB (15.0 %), below 20 GB' }
        @{ Why = 'neither'; Free = 50; Expected = 'C: 50.0 GB free of 100.0 GB (50.0 %), thresholds 10 % and 20 GB' }
    ) {
        Reset-RemcFakeDiskSpace -Disk @(New-RemcFakeLogicalDisk -DeviceId 'C:' -SizeGB 100 -FreeGB $Free)
        $result = Invoke-Probe -Override @{ MinFreePercent = 10; MinFreeGB = 20 }
        $result.Summary | Should -Be $Expected
        $result.InDesiredState | Should -Be ($Why -eq 'neither')
    }

    It 'is not below a threshold it equals' {
        Reset-RemcFakeDiskSpace -Disk @(New-RemcFakeLogicalDisk -DeviceId 'C:' -SizeGB 200 -FreeGB 20)
        (Invoke-Probe -Override @{ MinFreePercent = 10; MinFreeGB = 20 }).InDesiredState | Should -BeTrue
    }

    It 'reads 64-bit byte counts beyond 2^32 and 2^53 exactly' {
        Reset-RemcFakeDiskSpace -Disk @(@{ DeviceID = 'E:'; DriveType = 3; Ready = $true; Size = [UInt64]18014398509481984; FreeSpace = [UInt64]9007199254740993 })
        $result = Invoke-Probe -Override @{ Drive = 'E:' }
        $result.Facts.FreeBytes | Should -Be ([decimal]9007199254740993)
        $result.InDesiredState | Should -BeTrue
    }

    It 'writes a point, never a comma, whatever the culture' {
        Reset-RemcFakeDiskSpace -Disk @(New-RemcFakeLogicalDisk -DeviceId 'C:' -SizeGB 256 -FreeGB 12.8)
        $culture = [System.Threading.Thread]::CurrentThread.CurrentCulture
        try {
            [System.Threading.Thread]::CurrentThread.CurrentCulture = [Globalization.CultureInfo]::GetCultureInfo('de-DE')
            (Invoke-Probe -Override @{ MinFreePercent = 7.5 }).Summary | Should -Be 'C: 12.8 GB free of 256.0 GB (5.0 %), below 7.5 %'
        } finally {
            [System.Threading.Thread]::CurrentThread.CurrentCulture = $culture
        }
    }
}

Describe 'Test-RemcDiskSpace: a volume it cannot measure' {
    It 'throws when the drive does not exist, instead of reporting enough space' {
        Reset-RemcFakeDiskSpace -Disk @(New-RemcFakeLogicalDisk -DeviceId 'C:')
        { Invoke-Probe -Override @{ Drive = 'Q:' } } | Should -Throw 'drive Q: not found on this device'
    }

    It 'throws when the volume is not ready (sizes null, as WMI lists a drive without medium)' {
        Reset-RemcFakeDiskSpace -Disk @(New-RemcFakeLogicalDisk -DeviceId 'E:' -DriveType 5 -NotReady)
        { Invoke-Probe -Override @{ Drive = 'E:' } } | Should -Throw 'drive E: is not ready*'
    }

    It 'throws when %SystemDrive% is not set and no drive is declared' {
        Reset-RemcFakeDiskSpace -SystemDrive ''
        { Invoke-Probe } | Should -Throw '*%SystemDrive% is not set*'
    }

    It 'lets a failure of the read through as a probe error' {
        Reset-RemcFakeDiskSpace -ReadError 'Invalid class'
        { Invoke-Probe } | Should -Throw 'Invalid class'
    }

    It 'refuses a hand-made config: <Why>' -ForEach @(
        @{ Why = 'no threshold'; Override = @{ MinFreePercent = $null }; Message = '*needs a threshold*' }
        @{ Why = 'a percentage of 100'; Override = @{ MinFreePercent = 100 }; Message = '*below 100*' }
        @{ Why = 'a negative threshold'; Override = @{ MinFreeGB = -1 }; Message = '*positive number*' }
        @{ Why = 'a drive that is not a letter'; Override = @{ Drive = 'C:\' }; Message = '*drive letter*' }
    ) {
        Reset-RemcFakeDiskSpace -AnySizeGB 100 -AnyFreeGB 50
        { Invoke-Probe -Override $Override } | Should -Throw $Message
    }
}

Describe 'the scenario fake' {
    It 'answers every drive with -AnySizeGB, except missing and not-ready ones' {
        Reset-RemcFakeDiskSpace -AnySizeGB 100 -AnyFreeGB 1 -Missing 'Z:' -NotReady 'Y:'
        $disk = Get-RemcDiskSpaceVolume -DeviceId 'D:'
        $disk.Size | Should -BeOfType [UInt64]
        $disk.FreeSpace | Should -Be ([UInt64]1073741824)
        $disk.PSObject.TypeNames[0] | Should -Be 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_LogicalDisk'
        Get-RemcDiskSpaceVolume -DeviceId 'Z:' | Should -BeNullOrEmpty
        (Get-RemcDiskSpaceVolume -DeviceId 'Y:').Size | Should -BeNullOrEmpty
    }
}
