# Pester 5 tests of the folder-size probe against a fake file tree (the real seams need Windows).

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    $script:Cache = 'C:\Users\alice\AppData\Local\Contoso\Cache'

    # The config the compiler emits for folderSize({ path: '%LOCALAPPDATA%\Contoso\Cache', maxMB: 500 }):
    # the test's values on top of the defaults index.ts declares; a $null value leaves the option out.
    function New-TestConfig {
        param([hashtable] $Override = @{})
        $values = @{ Path = '%LOCALAPPDATA%\Contoso\Cache'; MaxMB = 500 }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        if ($env:REMC_TEMPLATE_DEFAULTS -and (Get-Command -Name New-RemcTestConfig -ErrorAction SilentlyContinue)) {
            $config = New-RemcTestConfig -Template 'folder-size' -Override $values
        } else {
            $config = @{ Include = @('*'); MaxItems = 100000; MaxSeconds = 60 }
            foreach ($key in $values.Keys) { $config[$key] = $values[$key] }
        }
        foreach ($key in @($config.Keys)) { if ($null -eq $config[$key]) { $config.Remove($key) } }
        return $config
    }

    function Invoke-Probe {
        param([hashtable] $Override = @{})
        Test-RemcFolderSize -Config (New-TestConfig -Override $Override) -Context (New-RemcTestContext -RemediationId 'cache-size' -Mode 'detect')
    }

    # The cache: 2 files at the top (300 MB, 100 MB), a subfolder with 3 files (50 MB each, one a .log).
    function New-Cache {
        param([switch] $DeniedSubfolder, [switch] $WithJunction)
        $items = @(
            New-RemcFakeFolderSizeFolder -Path $script:Cache
            New-RemcFakeFolderSizeFile -Path "$script:Cache\data_0" -MB 300
            New-RemcFakeFolderSizeFile -Path "$script:Cache\index" -MB 100
            New-RemcFakeFolderSizeFolder -Path "$script:Cache\Code Cache" -Denied:$DeniedSubfolder
            New-RemcFakeFolderSizeFile -Path "$script:Cache\Code Cache\js_1" -MB 50
            New-RemcFakeFolderSizeFile -Path "$script:Cache\Code Cache\js_2" -MB 50
            New-RemcFakeFolderSizeFile -Path "$script:Cache\Code Cache\debug.log" -MB 50
        )
        if ($WithJunction) {
            $items += New-RemcFakeFolderSizeFolder -Path "$script:Cache\Shared" -Link
            $items += New-RemcFakeFolderSizeFile -Path "$script:Cache\Shared\huge.bin" -MB 90000
        }
        $items
    }
}

Describe 'folder-size emitted files' {
    It 'is detect-only (no fix.ps1)' {
        Test-Path -LiteralPath (Join-Path $PSScriptRoot 'fix.ps1') | Should -BeFalse
    }

    It 'lists one folder at a time: Get-ChildItem is never given -Recurse' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $calls = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Get-ChildItem' }, $true))
        $calls.Count | Should -Be 1
        $calls[0].Extent.Text | Should -Not -BeLike '*-Recurse*'
    }
}

Describe 'Test-RemcFolderSize' {
    It 'returns exactly one hashtable with only protocol keys' {
        Reset-RemcFakeFolderSize -Item (New-Cache)
        $result = @(Invoke-Probe)
        $result.Count | Should -Be 1
        @($result[0].Keys | Sort-Object) | Should -Be @('Facts', 'InDesiredState', 'Summary')
        $result[0].InDesiredState | Should -BeOfType [bool]
    }

    It 'adds up every file at every depth and finds its symptom over maxMB' {
        Reset-RemcFakeFolderSize -Item (New-Cache)
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be '%LOCALAPPDATA%\Contoso\Cache: 550 MB in 5 files, over 500 MB'
        $result.Facts.Path | Should -Be $script:Cache
        $result.Facts.Bytes | Should -Be ([decimal](550 * 1048576))
        $result.Facts.Complete | Should -BeTrue
    }

    It 'is in desired state at or under maxMB, and says the threshold' {
        Reset-RemcFakeFolderSize -Item (New-Cache)
        $result = Invoke-Probe -Override @{ MaxMB = 550 }
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be '%LOCALAPPDATA%\Contoso\Cache: 550 MB in 5 files (threshold 550 MB)'
    }

    It 'counts only the included files: <Why>' -ForEach @(
        @{ Why = 'a name pattern at any depth'; Include = @('*.log'); Expected = '50 MB in 1 file' }
        @{ Why = 'a relative path pattern'; Include = @('Code Cache\*'); Expected = '150 MB in 3 files' }
        @{ Why = 'two patterns'; Include = @('data_*', 'js_?'); Expected = '400 MB in 3 files' }
    ) {
        Reset-RemcFakeFolderSize -Item (New-Cache)
        (Invoke-Probe -Override @{ Include = $Include; MaxMB = 1000 }).Summary | Should -BeLike "*: $Expected (threshold 1000 MB)"
    }

    It 'reports a missing folder as size 0 and says it was not found' {
        Reset-RemcFakeFolderSize
        $result = Invoke-Probe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -Be '%LOCALAPPDATA%\Contoso\Cache: not found, 0 MB (threshold 500 MB)'
        $result.Facts.Exists | Should -BeFalse
    }

    It 'never enters a junction nor counts what it points to' {
        Reset-RemcFakeFolderSize -Item (New-Cache -WithJunction)
        $result = Invoke-Probe -Override @{ MaxMB = 1000 }
        $result.InDesiredState | Should -BeTrue
        $result.Facts.Links | Should -Be 1
        @($global:RemcFakeState.FolderSizeQueries) | Should -Not -Contain "$script:Cache\Shared"
    }

    It 'refuses to measure a folder that is itself a link' {
        Reset-RemcFakeFolderSize -Item @(New-RemcFakeFolderSizeFolder -Path $script:Cache -Link)
        { Invoke-Probe } | Should -Throw '*is a junction or symbolic link*'
        @($global:RemcFakeState.FolderSizeQueries).Count | Should -Be 0
    }

    It 'refuses a file where a folder was declared' {
        Reset-RemcFakeFolderSize -Item @(New-RemcFakeFolderSizeFile -Path $script:Cache -MB 1)
        { Invoke-Probe } | Should -Throw '*is a file, not a folder'
    }

    It 'expands a leading variable, and fails when it is not set' {
        Reset-RemcFakeFolderSize -Item @(New-RemcFakeFolderSizeFolder -Path 'D:\Data\Logs'; New-RemcFakeFolderSizeFile -Path 'D:\Data\Logs\a.log' -MB 2) -Environment @{ ContosoData = 'D:\Data\' }
        (Invoke-Probe -Override @{ Path = '%ContosoData%\Logs' }).Summary | Should -Be '%ContosoData%\Logs: 2 MB in 1 file (threshold 500 MB)'
        Reset-RemcFakeFolderSize -Environment @{ LOCALAPPDATA = $null }
        { Invoke-Probe } | Should -Throw '*environment variable LOCALAPPDATA is not set'
    }

    It 'refuses a hand-made config: <Why>' -ForEach @(
        @{ Why = 'a wildcard'; Override = @{ Path = 'C:\Temp\*' }; Message = '*without wildcards*' }
        @{ Why = 'a drive root'; Override = @{ Path = 'C:\' }; Message = '*drive root*' }
        @{ Why = 'a relative path'; Override = @{ Path = 'Temp\Cache' }; Message = '*not an absolute path*' }
        @{ Why = 'no threshold'; Override = @{ MaxMB = $null }; Message = '*MaxMB is required*' }
    ) {
        Reset-RemcFakeFolderSize
        { Invoke-Probe -Override $Override } | Should -Throw $Message
    }
}

Describe 'Test-RemcFolderSize: a total it could not finish' {
    It 'fails when a subfolder is unreadable and the rest is under maxMB: the size is unknown, not smaller' {
        Reset-RemcFakeFolderSize -Item (New-Cache -DeniedSubfolder)
        { Invoke-Probe } | Should -Throw "size of %LOCALAPPDATA%\Contoso\Cache unknown: 400 MB in 2 files counted, but 1 subfolder unreadable: $script:Cache\Code Cache (threshold 500 MB)"
    }

    It 'finds its symptom when what it could read is already over maxMB, and says "at least"' {
        Reset-RemcFakeFolderSize -Item (New-Cache -DeniedSubfolder)
        $result = Invoke-Probe -Override @{ MaxMB = 350 }
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -Be "%LOCALAPPDATA%\Contoso\Cache: at least 400 MB in 2 files (1 subfolder unreadable: $script:Cache\Code Cache), over 350 MB"
        $result.Facts.Complete | Should -BeFalse
    }

    It 'fails when the folder itself cannot be read' {
        Reset-RemcFakeFolderSize -Item @(New-RemcFakeFolderSizeFolder -Path $script:Cache -Denied)
        { Invoke-Probe } | Should -Throw "cannot read $script:Cache*denied*"
    }

    It 'stops at maxItems: unknown under maxMB, "at least" over it' {
        Reset-RemcFakeFolderSize -Item (New-Cache)
        { Invoke-Probe -Override @{ MaxItems = 2 } } | Should -Throw '*unknown: 300 MB in 1 file counted, but item limit 2 reached*'
        $result = Invoke-Probe -Override @{ MaxItems = 3; MaxMB = 350 }
        $result.Summary | Should -Be '%LOCALAPPDATA%\Contoso\Cache: at least 400 MB in 2 files (item limit 3 reached), over 350 MB'
    }

    It 'never asks for more children than the items left' {
        Reset-RemcFakeFolderSize -AnyFiles 50
        { Invoke-Probe -Override @{ MaxItems = 10 } } | Should -Throw '*item limit 10 reached*'
    }

    It 'stops at its deadline' {
        Reset-RemcFakeFolderSize -Item (New-Cache)
        $walk = Measure-RemcFolderSizeTree -Root $script:Cache -Include @('*') -MaxItems 100 -Deadline ([DateTime]::UtcNow.AddSeconds(-1))
        $walk.Stopped | Should -Be 'time'
        $walk.Files | Should -Be 0
        Format-RemcFolderSizeStop -Spec @{ MaxSeconds = 60 } -Walk $walk | Should -Be 'time limit 60 s reached'
    }
}

Describe 'the scenario fake' {
    It 'makes every folder hold -AnyFiles files, an unreadable subfolder with -AnyDenied, and nothing under -Missing' {
        Reset-RemcFakeFolderSize -AnyFiles 2 -AnyFileMB 3 -AnyDenied -Missing 'X:\*'
        $children = @(Get-RemcFolderSizeChildItem -Path 'C:\Any' -Limit 100)
        @($children | ForEach-Object { $_.Name }) | Should -Be @('remc-fake-1.tmp', 'remc-fake-2.tmp', 'remc-fake-denied')
        $children[0].Length | Should -BeOfType [long]
        $children[0].Attributes | Should -BeOfType [System.IO.FileAttributes]
        { Get-RemcFolderSizeChildItem -Path 'C:\Any\remc-fake-denied' -Limit 10 } | Should -Throw '*denied*'
        Get-RemcFolderSizeItem -Path 'X:\Gone' | Should -BeNullOrEmpty
    }
}
