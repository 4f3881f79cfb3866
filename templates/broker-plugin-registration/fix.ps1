function Repair-RemcBrokerPluginRegistration {
    param($Config, $Context, $Probe)
    $name = Get-RemcBrokerPackageName -Config $Config
    $manifest = Resolve-RemcBrokerManifestPath -Config $Config
    if (-not (Test-RemcPath -Path $manifest)) { throw ('BrokerPlugin manifest not found: {0}' -f $manifest) }
    try {
        Register-RemcAppxManifest -Path $manifest -TimeoutSeconds ([int]$Config.RegisterTimeoutSeconds)
    }
    catch {
        throw (Format-RemcBrokerRegisterError -ErrorRecord $_)
    }
    return @{ Summary = ('re-registered {0}' -f $name); Changed = 1 }
}

function Resolve-RemcBrokerManifestPath {
    param($Config)
    $path = [string]$Config.ManifestPath
    if ([string]::IsNullOrEmpty($path)) { $path = '%SystemRoot%\SystemApps\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy\AppxManifest.xml' }
    # Declarations stay machine-neutral with %SystemRoot%; the device resolves it.
    return Expand-RemcBrokerVariable -Text $path
}

function Expand-RemcBrokerVariable {
    # %NAME% from the environment, as [Environment]::ExpandEnvironmentVariables does (an unknown name
    # stays as written), through the env: drive: Constrained Language Mode allows no [Environment] call.
    param([string] $Text)
    $out = $Text
    foreach ($found in [regex]::Matches($Text, '%([^%]+)%')) {
        $item = Get-Item -LiteralPath ('env:' + $found.Groups[1].Value) -ErrorAction SilentlyContinue
        if ($null -ne $item) { $out = $out.Replace($found.Value, [string] $item.Value) }
    }
    $out
}

function Format-RemcBrokerRegisterError {
    param($ErrorRecord)
    $message = (([string]$ErrorRecord.Exception.Message) -replace '\s+', ' ').Trim()
    $code = Get-RemcBrokerHResult -Exception $ErrorRecord.Exception -Message $message
    if ($message.Length -gt 300) { $message = $message.Substring(0, 300) + '...' }
    if ($code -ne '') { return ('BrokerPlugin registration failed ({0}): {1}' -f $code, $message) }
    return ('BrokerPlugin registration failed: {0}' -f $message)
}

function Get-RemcBrokerHResult {
    param($Exception, [string] $Message)
    # Prefer the exception's HRESULT (language-neutral); generic .NET codes (0x8013xxxx) name no cause.
    if ($null -ne $Exception) {
        $hresult = [int]$Exception.HResult
        $hex = '0x{0:X8}' -f $hresult
        if ($hresult -lt 0 -and $hex -notlike '0x8013*') { return $hex }
    }
    # Otherwise the first HRESULT in the text is the deployment's outer result.
    $found = [regex]::Match($Message, '0x[0-9A-Fa-f]{8}')
    if ($found.Success) { return ('0x' + $found.Value.Substring(2).ToUpperInvariant()) }
    return ''
}
