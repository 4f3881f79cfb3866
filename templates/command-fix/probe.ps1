function Test-RemcCommandFix {
    # What a program fix can see of its own: whether the program is there. It never runs the program
    # (detection changes nothing), and never drifts: what the program repairs is another check's symptom.
    # A program that is not there is a probe error, so the fix is not attempted.
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $path = Resolve-RemcProgramPath -Path $Config.Path
    Assert-RemcProgramRan -Run @{ Found = (Test-RemcProgramFile -Path $path); Path = $path; TimedOut = $false }
    @{ InDesiredState = $true; Summary = ('{0} present' -f (Split-Path -Path $path -Leaf)); Facts = @{ Path = $path } }
}
