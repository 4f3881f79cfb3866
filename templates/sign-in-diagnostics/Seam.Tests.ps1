# Pester 5 tests of the real seam where it can run off Windows: dsregcmd /status is started with a time
# limit and run once per script run. A stand-in dsregcmd.exe (a shell script) plays the tool.

BeforeAll {
    . (Join-Path $PSScriptRoot 'seam.ps1')

    function New-StandInDsreg {
        # A SystemRoot whose System32\dsregcmd.exe runs $Body and counts its starts in runs.txt.
        param([string] $Body)
        $root = Join-Path $TestDrive ('windows-' + (Get-Random))
        $null = New-Item -ItemType Directory -Path (Join-Path $root 'System32') -Force
        $exe = Join-Path $root 'System32/dsregcmd.exe'
        $runs = Join-Path $root 'runs.txt'
        Set-Content -LiteralPath $exe -Value ("#!/bin/sh`necho run >> '{0}'`n{1}`n" -f $runs, $Body) -NoNewline
        & chmod +x $exe
        @{ Root = $root; Runs = $runs }
    }

    function Get-StandInRuns {
        param($StandIn)
        if (-not (Test-Path -LiteralPath $StandIn.Runs)) { return 0 }
        @(Get-Content -LiteralPath $StandIn.Runs).Count
    }
}

Describe 'Get-RemcDsregStatus (real seam, stand-in tool)' -Skip:($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
    BeforeEach {
        $script:SavedRoot = $env:SystemRoot
        $script:SavedTemp = $env:TEMP
        $script:RemcDsregStatus = $null
    }
    AfterEach {
        $env:SystemRoot = $script:SavedRoot
        $env:TEMP = $script:SavedTemp
        $script:RemcDsregStatus = $null
    }

    It 'returns the tool''s lines, without blank ones' {
        $standIn = New-StandInDsreg -Body "echo ' AzureAdJoined : YES'`necho ''`necho ' AzureAdPrt : YES'"
        $env:SystemRoot = $standIn.Root
        Get-RemcDsregStatus -TimeoutSeconds 30 | Should -Be @(' AzureAdJoined : YES', ' AzureAdPrt : YES')
    }

    It 'runs the tool once per script run: the second diagnosis reads the same answer' {
        $standIn = New-StandInDsreg -Body "echo ' AzureAdJoined : YES'"
        $env:SystemRoot = $standIn.Root
        $first = Get-RemcDsregStatus -TimeoutSeconds 30
        $second = Get-RemcDsregStatus -TimeoutSeconds 30
        $second | Should -Be $first
        Get-StandInRuns $standIn | Should -Be 1
    }

    It 'stops a tool that hangs at the time limit and answers $null (unknown), leaving no output files' {
        $standIn = New-StandInDsreg -Body "exec sleep 60"
        $env:SystemRoot = $standIn.Root
        $env:TEMP = Join-Path $standIn.Root 'temp'
        $null = New-Item -ItemType Directory -Path $env:TEMP -Force
        $elapsed = Measure-Command { $script:Answer = Get-RemcDsregStatus -TimeoutSeconds 1 }
        $script:Answer | Should -BeNullOrEmpty
        # The limit holds on a busy machine: far below the tool's 60 s, whatever this host's speed.
        $elapsed.TotalSeconds | Should -BeLessThan 45
        @(Get-ChildItem -LiteralPath $env:TEMP).Count | Should -Be 0
    }

    It 'answers $null when the tool is missing or prints nothing' {
        $env:SystemRoot = Join-Path $TestDrive 'no-windows'
        Get-RemcDsregStatus -TimeoutSeconds 5 | Should -BeNullOrEmpty
        $script:RemcDsregStatus = $null
        $standIn = New-StandInDsreg -Body 'true'
        $env:SystemRoot = $standIn.Root
        Get-RemcDsregStatus -TimeoutSeconds 5 | Should -BeNullOrEmpty
    }
}
