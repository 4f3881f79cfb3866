<#
.SYNOPSIS
Runs a generated remediation's scripts for a population of simulated devices, one after another in
this process, the way Intune runs them on each device.
.DESCRIPTION
Each profile sets up its own simulated Windows with the templates' fakes (the same seam fakes the
scenario harness uses) and runs its steps: the generated detect.ps1 or remediate.ps1 itself, as a
script (a script's `exit` ends only that script), with the device's own LOCALAPPDATA, ProgramData and
outcome file. Nothing of one device reaches the next: the fake state and the folders are its own, and
each run of a script has a fresh script scope. Writes one JSON result per step to -Out.
#>
param(
    [Parameter(Mandatory = $true)] [string] $Scripts,
    [Parameter(Mandatory = $true)] [string] $Profiles,
    [Parameter(Mandatory = $true)] [string] $Out,
    [Parameter(Mandatory = $true)] [string] $WorkDir,
    # The fakes files to load, separated by ';'.
    [string] $Fakes = ''
)
$ErrorActionPreference = 'Stop'
$harness = Join-Path (Split-Path -Parent $PSScriptRoot) '../compiler/proof/harness/runtime-fakes.ps1'
foreach ($file in @($Fakes -split ';' | Where-Object { $_ }) + $harness) { . $file }

$results = New-Object System.Collections.ArrayList
foreach ($profile in @(Get-Content -LiteralPath $Profiles -Raw | ConvertFrom-Json)) {
    $device = Join-Path $WorkDir $profile.Id
    foreach ($folder in 'LocalAppData', 'ProgramData') { $null = New-Item -ItemType Directory -Path (Join-Path $device $folder) -Force }
    $env:LOCALAPPDATA = Join-Path $device 'LocalAppData'
    $env:ProgramData = Join-Path $device 'ProgramData'
    $env:SystemRoot = 'C:\Windows'
    $outcome = Join-Path $device 'outcome.json'
    $env:REMC_OUTCOME_PATH = $outcome
    $global:RemcFakeState = @{}
    $ScenarioNow = [datetime]::Parse($profile.Now, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal)
    . ([scriptblock]::Create([string] $profile.Setup))
    foreach ($step in @($profile.Steps)) {
        $global:RemcFakeState.Now = [datetime]::Parse($step.Now, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal)
        $global:RemcFakeState.Host32Bit = $false
        Remove-Item -LiteralPath $outcome -Force -ErrorAction SilentlyContinue
        $stdout = New-Object System.Collections.ArrayList
        $stderr = New-Object System.Collections.ArrayList
        $global:LASTEXITCODE = 0
        try {
            foreach ($item in @(& (Join-Path $Scripts ($step.Run + '.ps1')) 2>&1)) {
                if ($item -is [System.Management.Automation.ErrorRecord]) { $null = $stderr.Add([string] $item) } else { $null = $stdout.Add([string] $item) }
            }
            $code = $global:LASTEXITCODE
        } catch {
            $null = $stderr.Add([string] $_)
            $code = -1
        }
        $text = $null
        if (Test-Path -LiteralPath $outcome) { $text = Get-Content -LiteralPath $outcome -Raw }
        $marker = Join-Path $env:LOCALAPPDATA ('remc\' + $profile.Remediation + '.json')
        $null = $results.Add([ordered]@{
                Id = $profile.Id
                Run = $step.Run
                Now = $step.Now
                ExitCode = $code
                LastLine = [string] (@($stdout) | Select-Object -Last 1)
                Lines = $stdout.Count
                Stderr = @($stderr)
                Outcome = $text
                Calls = @(@($global:RemcFakeState.Calls) | Where-Object { $null -ne $_ } | ForEach-Object { [string] $_ })
                WamCalls = @(@($global:RemcFakeState.WamCalls) | Where-Object { $null -ne $_ } | ForEach-Object { [string] $_ })
                Registered = @(@($global:RemcFakeState.Registered) | Where-Object { $null -ne $_ } | ForEach-Object { [string] $_ })
                Marker = (Test-Path -LiteralPath $marker)
            })
    }
}
Set-Content -LiteralPath $Out -Value (ConvertTo-Json -InputObject @($results) -Depth 4) -Encoding UTF8
