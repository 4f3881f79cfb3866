<#
.SYNOPSIS
Runs one generated script against a simulated Windows, the way the Intune agent runs it.
.DESCRIPTION
The script under test is the generated file itself, run as a script in this process (started by the
caller with -NoProfile); its stdout, stderr and exit code are the caller's to capture. Only the thin
seam of Windows-facing commands is replaced: the fakes define aliases, which PowerShell resolves
before the script's functions of the same names. The scenario state comes from StateFile (or from
the Setup script on the first step) and is saved back after the run, so it carries across the
detect -> remediate -> detect steps, each in its own process.
#>
param(
    [Parameter(Mandatory = $true)] [string] $Script,
    [Parameter(Mandatory = $true)] [string] $StateFile,
    # The fakes files to load, separated by ';' (-File passes every argument as one string).
    [string] $Fakes = '',
    # Run on the first step only: sets up the scenario with the fakes' Reset-* functions. It sees
    # $ScenarioNow, the simulated clock.
    [string] $Setup = '',
    # The simulated UTC clock, ISO 8601.
    [Parameter(Mandatory = $true)] [string] $Now,
    # Simulate a 32-bit host on 64-bit Windows (the Intune default), to take the relaunch path.
    [switch] $Host32Bit
)
$ErrorActionPreference = 'Stop'
$ScenarioNow = [datetime]::Parse($Now, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal)
foreach ($file in @($Fakes -split ';' | Where-Object { $_ }) + (Join-Path $PSScriptRoot 'runtime-fakes.ps1')) { . $file }
if (Test-Path -LiteralPath $StateFile) {
    $global:RemcFakeState = Import-Clixml -LiteralPath $StateFile
} else {
    $global:RemcFakeState = @{}
    if ($Setup) { . $Setup }
}
$global:RemcFakeState.Now = $ScenarioNow
$global:RemcFakeState.Host32Bit = [bool] $Host32Bit
try {
    & $Script
    $code = $LASTEXITCODE
} finally {
    Export-Clixml -LiteralPath $StateFile -InputObject $global:RemcFakeState -Depth 10
    # A JSON copy for the test runner to inspect.
    [System.IO.File]::WriteAllText($StateFile + '.json', (ConvertTo-Json -InputObject $global:RemcFakeState -Depth 8))
}
exit $code
