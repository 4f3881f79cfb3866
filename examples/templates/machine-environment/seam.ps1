function Get-RemcMachineVariable {
    # [Environment] reads the machine's registry copy, not this process's block.
    param([string] $Name)
    [Environment]::GetEnvironmentVariable($Name, [EnvironmentVariableTarget]::Machine)
}

function Set-RemcMachineVariable {
    # Writes HKLM and broadcasts WM_SETTINGCHANGE, so new processes see it.
    param([string] $Name, [string] $Value)
    [Environment]::SetEnvironmentVariable($Name, $Value, [EnvironmentVariableTarget]::Machine)
}
