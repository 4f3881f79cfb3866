function Repair-RemcMachineEnvironment {
    param($Config, $Context, $Probe)
    Set-RemcMachineVariable -Name $Config.Variable -Value $Config.Value
    @{ Summary = ('set {0}' -f $Config.Variable); Changed = 1 }
}
