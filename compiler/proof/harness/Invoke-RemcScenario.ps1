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

A 32-bit step (-Host32Bit) makes the script relaunch itself through
$env:SystemRoot\Sysnative\WindowsPowerShell\v1.0\powershell.exe; in a scenario that file is a small
shell script which starts this harness again (-RelaunchedWith: what it was called with) in a new pwsh,
a 64-bit host with the same fakes and state. The parent saves the state before the script runs and
takes the child's state back afterwards, so what the child changed is kept.
#>
param(
    [Parameter(Mandatory = $true)] [string] $Script,
    [Parameter(Mandatory = $true)] [string] $StateFile,
    # The fakes files to load, separated by ';' (-File passes every argument as one string).
    [string] $Fakes = '',
    # Run on the first step only: sets up the scenario with the fakes' Reset-* functions. It sees
    # $ScenarioNow, the simulated clock.
    [string] $Setup = '',
    # Run on this step before the script (the world changing between steps: new events, tokens an app
    # wrote back). It sees $ScenarioNow and $RemcFakeState.
    [string] $Change = '',
    # The simulated UTC clock, ISO 8601.
    [Parameter(Mandatory = $true)] [string] $Now,
    # Simulate a 32-bit host on 64-bit Windows (the Intune default), to take the relaunch path.
    [switch] $Host32Bit,
    # Set by the fake 64-bit powershell.exe: this process is the relaunched child, and these are the
    # arguments the parent's script gave powershell.exe.
    [string] $RelaunchedWith = '',
    # Run the script in Constrained Language Mode, as AppLocker or WDAC make Windows PowerShell run an
    # unsigned script. The fakes and this harness were defined before, and keep FullLanguage.
    [switch] $ConstrainedLanguage,
    # The combined script's -Mode (detect, remediate or both); empty for detect.ps1 and remediate.ps1.
    [string] $Mode = '',
    # Where this step's views go, when a scenario's steps run one after another before the caller reads
    # them: the state as <StateFile><View>.json and <StateFile><View>.before.json, and a copy of each file
    # of Keep (';'-separated: remc's markers) as it is after the step, <file><View> (none when it is gone).
    [string] $View = '',
    [string] $Keep = ''
)
$ErrorActionPreference = 'Stop'
$ScenarioNow = [datetime]::Parse($Now, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal)
foreach ($file in @($Fakes -split ';' | Where-Object { $_ }) + (Join-Path $PSScriptRoot 'runtime-fakes.ps1')) { . $file }
$relaunched = $RelaunchedWith -ne ''
if (Test-Path -LiteralPath $StateFile) {
    $global:RemcFakeState = Import-Clixml -LiteralPath $StateFile
} else {
    $global:RemcFakeState = @{}
    if ($Setup) { . $Setup }
}
if ($Change -and -not $relaunched) { . $Change }
$global:RemcFakeState.Now = $ScenarioNow
$global:RemcFakeState.Host32Bit = [bool] $Host32Bit
if ($relaunched) {
    # The relaunch is part of the observable outcome: record that it happened and how.
    $record = @{ Script = $Script; Arguments = $RelaunchedWith }
    $global:RemcFakeState.Relaunches = @(@($global:RemcFakeState.Relaunches) | Where-Object { $null -ne $_ }) + @($record)
} else {
    # What the world looked like just before the script ran, for invariants such as "detection changes nothing".
    [System.IO.File]::WriteAllText($StateFile + $View + '.before.json', (ConvertTo-Json -InputObject $global:RemcFakeState -Depth 8))
}
$relaunchesBefore = @(@($global:RemcFakeState.Relaunches) | Where-Object { $null -ne $_ }).Count
# A relaunched child reads the state from the file: hand it this step's state.
if ($Host32Bit) { Export-Clixml -LiteralPath $StateFile -InputObject $global:RemcFakeState -Depth 10 }
# Defined before the script runs, so it keeps FullLanguage when the step runs in Constrained Language Mode.
function Save-RemcHarnessState {
    if ($Host32Bit -and (Test-Path -LiteralPath $StateFile)) {
        $saved = Import-Clixml -LiteralPath $StateFile
        if (@(@($saved.Relaunches) | Where-Object { $null -ne $_ }).Count -gt $relaunchesBefore) {
            # The child ran the script: its state is the outcome. The step stays a 32-bit one.
            $global:RemcFakeState = $saved
            $global:RemcFakeState.Host32Bit = $true
        }
    }
    Export-Clixml -LiteralPath $StateFile -InputObject $global:RemcFakeState -Depth 10
    # A JSON copy for the test runner to inspect.
    [System.IO.File]::WriteAllText($StateFile + $View + '.json', (ConvertTo-Json -InputObject $global:RemcFakeState -Depth 8))
    foreach ($file in @($Keep -split ';' | Where-Object { $_ })) {
        if ([System.IO.File]::Exists($file)) { [System.IO.File]::Copy($file, $file + $View, $true) }
        elseif ([System.IO.File]::Exists($file + $View)) { [System.IO.File]::Delete($file + $View) }
    }
}

try {
    if ($ConstrainedLanguage) { $ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage' }
    if ($Mode) { & $Script -Mode $Mode } else { & $Script }
    $code = $LASTEXITCODE
} finally {
    Save-RemcHarnessState
}
exit $code
