# Fakes of the machine-environment seam (tests only). [Environment]::GetEnvironmentVariable returns a
# string, or $null when the variable is not set (Microsoft Learn, "Environment.GetEnvironmentVariable Method").

function Reset-RemcFakeMachineEnvironment {
    param([hashtable] $Variables = @{}, $SetError = $null)
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $global:RemcFakeState.MachineVariables = @{} + $Variables
    $global:RemcFakeState.MachineVariableSetError = $SetError
    $global:RemcFakeState.MachineVariableWrites = New-Object System.Collections.ArrayList
}

function Get-RemcFakeMachineVariable {
    param([string] $Name)
    $vars = $global:RemcFakeState.MachineVariables
    if ($vars.Contains($Name)) { return [string] $vars[$Name] }
    $null
}

function Set-RemcFakeMachineVariable {
    param([string] $Name, [string] $Value)
    $null = $global:RemcFakeState.MachineVariableWrites.Add($Name)
    if ($null -ne $global:RemcFakeState.MachineVariableSetError) { throw $global:RemcFakeState.MachineVariableSetError }
    $global:RemcFakeState.MachineVariables[$Name] = $Value
}

Set-Alias -Name Get-RemcMachineVariable -Value Get-RemcFakeMachineVariable
Set-Alias -Name Set-RemcMachineVariable -Value Set-RemcFakeMachineVariable
