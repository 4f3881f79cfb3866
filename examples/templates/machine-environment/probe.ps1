function Test-RemcMachineEnvironment {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $current = Get-RemcMachineVariable -Name $Config.Variable
    $ok = ([string] $current -ceq [string] $Config.Value)
    $summary = '{0} is set as declared' -f $Config.Variable
    if ($null -eq $current) { $summary = '{0} is not set' -f $Config.Variable }
    elseif (-not $ok) { $summary = '{0} has another value' -f $Config.Variable }
    @{ InDesiredState = $ok; Summary = $summary; Facts = @{ Present = ($null -ne $current) } }
}
