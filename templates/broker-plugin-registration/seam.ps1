function Get-RemcAppxPackage {
    param([string] $Name)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Get-RemcAppxPackage: Name is empty' }
    # Current user only: -AllUsers needs admin and would describe other users' registrations.
    $ProgressPreference = 'SilentlyContinue'
    @(Get-AppxPackage -Name $Name -ErrorAction Stop)
}

function Register-RemcAppxManifest {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { throw 'Register-RemcAppxManifest: Path is empty' }
    # Registers for the calling user; a progress bar would only add noise to the host.
    $ProgressPreference = 'SilentlyContinue'
    $null = Add-AppxPackage -Register -Path $Path -DisableDevelopmentMode -ForceApplicationShutdown -ErrorAction Stop
}

function Test-RemcPath {
    param([string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { return $false }
    return [bool](Test-Path -LiteralPath $Path)
}
