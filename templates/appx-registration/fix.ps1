function Repair-RemcAppxRegistration {
    param($Config, $Context, $Probe)
    $want = Get-RemcAppxRegistrationWanted -Config $Config
    # Re-read instead of trusting $Probe: the registration may have changed since the probe ran.
    $package = Find-RemcAppxRegistrationPackage -Name $want.Name
    if ($null -ne $package -and (Get-RemcAppxRegistrationStatusText -Package $package) -eq 'Ok') {
        return @{ Summary = ('{0} already registered, status Ok' -f $want.Name); Changed = 0 }
    }
    $plan = Select-RemcAppxRegistrationManifest -Package $package -Want $want
    $result = Register-RemcAppxRegistrationManifest -Path $plan.Path -TimeoutSeconds $want.TimeoutSeconds
    if (-not $result.Finished) {
        throw ('registering {0} did not finish within {1} s; stopped waiting (Windows may still complete it; the next run checks)' -f $want.Name, $want.TimeoutSeconds)
    }
    if (-not $result.Succeeded) { throw (Format-RemcAppxRegistrationError -Name $want.Name -HResult $result.HResult -Message $result.Message) }
    # Verify: say "done" only for what Get-AppxPackage now shows.
    $after = Find-RemcAppxRegistrationPackage -Name $want.Name
    if ($null -eq $after) { throw ('Add-AppxPackage reported success, but {0} is still not registered for this user' -f $want.Name) }
    $status = Get-RemcAppxRegistrationStatusText -Package $after
    if ($status -ne 'Ok') { throw ('Add-AppxPackage reported success, but {0} still has status {1}' -f $want.Name, $status) }
    $verb = 're-registered'
    if ($null -eq $package) { $verb = 'registered' }
    return @{ Summary = ('{0} {1} from {2}' -f $verb, $want.Name, $plan.Label); Changed = 1 }
}

# Which manifest to register: a damaged registration from its own install location (exactly what is
# installed; the declared manifest could be another version), a missing one from the declared manifest.
function Select-RemcAppxRegistrationManifest {
    param($Package, $Want)
    if ($null -ne $Package) {
        $own = Join-RemcAppxRegistrationManifestPath -InstallLocation ([string]$Package.InstallLocation)
        if ($own -ne '' -and (Test-RemcAppxRegistrationFile -Path $own)) { return @{ Path = $own; Label = 'its install location' } }
        if ($Want.Manifest -ne '' -and (Test-RemcAppxRegistrationFile -Path $Want.Manifest)) { return @{ Path = $Want.Manifest; Label = 'the declared manifest' } }
        if ($own -eq '') { throw ('cannot re-register {0}: it has no install location and no declared manifest was found' -f $Want.Name) }
        throw ('cannot re-register {0}: its manifest is missing ({1})' -f $Want.Name, $own)
    }
    if ($Want.Manifest -eq '') {
        throw ('cannot register {0}: it is not registered for this user and no manifest is declared to register it from (set manifest)' -f $Want.Name)
    }
    if (-not (Test-RemcAppxRegistrationFile -Path $Want.Manifest)) { throw ('cannot register {0}: manifest not found: {1}' -f $Want.Name, $Want.Manifest) }
    return @{ Path = $Want.Manifest; Label = 'the declared manifest' }
}

# One line: the HRESULT (language-neutral) and the deployment's message, shortened.
function Format-RemcAppxRegistrationError {
    param([string] $Name, [int] $HResult, [string] $Message)
    $text = (([string]$Message) -replace '\s+', ' ').Trim()
    $code = Get-RemcAppxRegistrationHResult -HResult $HResult -Message $text
    if ($text.Length -gt 300) { $text = $text.Substring(0, 300) + '...' }
    if ($text -eq '') { $text = 'no message' }
    if ($code -ne '') { return ('registering {0} failed ({1}): {2}' -f $Name, $code, $text) }
    return ('registering {0} failed: {1}' -f $Name, $text)
}

function Get-RemcAppxRegistrationHResult {
    param([int] $HResult, [string] $Message)
    # Prefer the exception's HRESULT; generic .NET codes (0x8013xxxx) name no cause.
    $hex = '0x{0:X8}' -f $HResult
    if ($HResult -lt 0 -and $hex -notlike '0x8013*') { return $hex }
    # Otherwise the first HRESULT in the text is the deployment's outer result.
    $found = [regex]::Match($Message, '0x[0-9A-Fa-f]{8}')
    if ($found.Success) { return ('0x' + $found.Value.Substring(2).ToUpperInvariant()) }
    return ''
}
