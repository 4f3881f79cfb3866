function Test-RemcRegistryValue {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $target = Get-RemcRegistryValueTarget -Config $Config
    $ensure = Get-RemcRegistryValueEnsure -Config $Config
    $want = $null
    if ($ensure -eq 'present') { $want = ConvertTo-RemcRegistryValueWant -Type $Config.Type -Value $Config.Value }
    $found = Get-RemcRegistryValueEntry -Hive $target.Hive -SubKey $target.SubKey -Name $target.Name
    $verdict = Compare-RemcRegistryValueState -Target $target -Ensure $ensure -Want $want -Found $found
    $facts = @{
        Path      = $target.ValuePath
        Ensure    = $ensure
        KeyExists = [bool]$found.KeyExists
        Exists    = [bool]$found.Exists
        Kind      = $verdict.FoundKind
        Data      = $verdict.FoundText
        WantKind  = $null
        WantData  = $null
    }
    if ($null -ne $want) {
        $facts.WantKind = $want.Kind
        $facts.WantData = $want.Text
    }
    return @{ InDesiredState = $verdict.InDesiredState; Summary = $verdict.Summary; Facts = $facts }
}

function Get-RemcRegistryValueTarget {
    param($Config)
    # HKLM:\ / HKCU:\ as PowerShell writes them; HKEY_LOCAL_MACHINE\ / HKEY_CURRENT_USER\ (optionally
    # after Registry::) as regedit does. Only these two hives, and at least one key below the root.
    $path = [string]$Config.Path
    $match = [regex]::Match($path, '^(?i:(?:Registry::)?(HKLM:|HKCU:|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER))\\(.+?)\\?$')
    if (-not $match.Success) { throw ("Path must be an HKLM or HKCU key path such as 'HKLM:\SOFTWARE\Contoso': '{0}'" -f $path) }
    $root = $match.Groups[1].Value.ToUpperInvariant()
    $hive = 'HKCU'
    if ($root -eq 'HKLM:' -or $root -eq 'HKEY_LOCAL_MACHINE') { $hive = 'HKLM' }
    $subKey = $match.Groups[2].Value
    foreach ($part in $subKey.Split([char]'\')) {
        if ($part.Length -eq 0) { throw ("Path has an empty key name: '{0}'" -f $path) }
    }
    $name = [string]$Config.Name
    $keyPath = '{0}:\{1}' -f $hive, $subKey
    $label = $name
    if ($name -eq '') { $label = '(Default)' }
    return @{ Hive = $hive; SubKey = $subKey; Name = $name; KeyPath = $keyPath; ValuePath = ('{0}\{1}' -f $keyPath, $label) }
}

function Get-RemcRegistryValueEnsure {
    param($Config)
    $ensure = [string]$Config.Ensure
    if ($ensure -eq '') { return 'present' }
    if ($ensure -ne 'present' -and $ensure -ne 'absent') { throw ("Ensure must be 'present' or 'absent': '{0}'" -f $ensure) }
    return $ensure.ToLowerInvariant()
}

function ConvertTo-RemcRegistryValueWant {
    param([string] $Type, $Value)
    # The declared data with the .NET type RegistryKey.GetValue returns for its kind (and SetValue
    # takes), so found and wanted compare typed: String/ExpandString [string], DWord [int] (above
    # 0x7FFFFFFF as its negative Int32, the way GetValue returns it), QWord [long], MultiString
    # [string[]], Binary [byte[]]. Text is the data as summaries show it.
    if ($Type -eq '') { $Type = 'String' }
    $kinds = @('String', 'ExpandString', 'DWord', 'QWord', 'MultiString', 'Binary')
    $canonical = $null
    foreach ($kind in $kinds) { if ($kind -eq $Type) { $canonical = $kind } }
    if ($null -eq $canonical) { throw ("Type must be one of {0}: '{1}'" -f ($kinds -join ', '), $Type) }
    $Type = $canonical
    if ($null -eq $Value) { throw ("Value is required for ensure 'present' (type {0})" -f $Type) }
    $data = $null
    if ($Type -eq 'String' -or $Type -eq 'ExpandString') {
        if ($Value -is [array]) { throw ('Value for type {0} must be one string, not a list' -f $Type) }
        $data = [string]$Value
    }
    elseif ($Type -eq 'DWord') {
        $number = ConvertTo-RemcRegistryValueNumber -Value $Value -Max ([decimal]4294967295) -Type $Type
        $data = [BitConverter]::ToInt32([BitConverter]::GetBytes([uint32]$number), 0)
    }
    elseif ($Type -eq 'QWord') {
        $number = ConvertTo-RemcRegistryValueNumber -Value $Value -Max ([decimal]::Parse('18446744073709551615', [Globalization.CultureInfo]::InvariantCulture)) -Type $Type
        $data = [BitConverter]::ToInt64([BitConverter]::GetBytes([uint64]$number), 0)
    }
    elseif ($Type -eq 'MultiString') {
        $items = @($Value)
        foreach ($item in $items) {
            if ($null -eq $item -or $item -isnot [string]) { throw 'Value for type MultiString must be a list of strings' }
        }
        $data = [string[]]$items
    }
    else {
        $data = ConvertTo-RemcRegistryValueBytes -Value $Value
    }
    $want = @{ Kind = $Type; Data = $data; Text = '' }
    $want.Text = Format-RemcRegistryValueData -Kind $Type -Data $data
    return $want
}

function ConvertTo-RemcRegistryValueNumber {
    param($Value, [decimal] $Max, [string] $Type)
    # A whole number 0..Max from a number or a decimal string (QWord beyond 2^53 comes as a string).
    $number = $null
    if ($Value -is [string]) {
        if ($Value -notmatch '^[0-9]{1,20}$') { throw ("Value for type {0} must be a whole number: '{1}'" -f $Type, $Value) }
        $number = [decimal]::Parse($Value, [Globalization.CultureInfo]::InvariantCulture)
    }
    elseif ($Value -is [int] -or $Value -is [long] -or $Value -is [double] -or $Value -is [decimal] -or $Value -is [uint32] -or $Value -is [uint64] -or $Value -is [int16] -or $Value -is [byte]) {
        $number = [decimal]$Value
    }
    else {
        throw ('Value for type {0} must be a whole number' -f $Type)
    }
    if ($number -lt 0 -or $number -gt $Max -or $number -ne [decimal]::Truncate($number)) {
        throw ('Value for type {0} must be a whole number from 0 to {1}: {2}' -f $Type, $Max, $number)
    }
    return $number
}

function ConvertTo-RemcRegistryValueBytes {
    param($Value)
    # An array of bytes 0..255, or hex pairs ('01ff3c', '01,ff,3c', '01 FF 3C').
    if ($Value -is [byte[]]) { return ,$Value }
    if ($Value -is [string]) {
        $digits = $Value -replace '[\s,-]', ''
        if ($digits -notmatch '^([0-9a-fA-F]{2})*$') { throw ("Value for type Binary must be hex bytes: '{0}'" -f $Value) }
        $bytes = [byte[]]::new($digits.Length / 2)
        for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [Convert]::ToByte($digits.Substring(2 * $i, 2), 16) }
        return ,$bytes
    }
    $items = @($Value)
    $bytes = [byte[]]::new($items.Count)
    for ($i = 0; $i -lt $items.Count; $i++) {
        $item = $items[$i]
        if (-not ($item -is [int] -or $item -is [long] -or $item -is [double] -or $item -is [byte]) -or $item -lt 0 -or $item -gt 255 -or $item -ne [math]::Truncate($item)) {
            throw ('Value for type Binary must be bytes from 0 to 255: item {0} is {1}' -f $i, $item)
        }
        $bytes[$i] = [byte]$item
    }
    return ,$bytes
}

function Compare-RemcRegistryValueState {
    param($Target, [string] $Ensure, $Want, $Found)
    # The verdict on what Get-RemcRegistryValueEntry found: in desired state or not, and the summary.
    $path = $Target.ValuePath
    $foundKind = $null
    $foundText = $null
    if ($Found.Exists) {
        $foundKind = [string]$Found.Kind
        $foundText = Format-RemcRegistryValueData -Kind $foundKind -Data $Found.Data
    }
    $result = @{ InDesiredState = $false; Summary = ''; FoundKind = $foundKind; FoundText = $foundText }
    if ($Ensure -eq 'absent') {
        if (-not $Found.Exists) {
            $result.InDesiredState = $true
            $result.Summary = '{0} is absent as wanted' -f $path
            if (-not $Found.KeyExists) { $result.Summary = '{0} is absent as wanted (no key)' -f $path }
        }
        else {
            $result.Summary = '{0} is {1} ({2}), want it absent' -f $path, $foundText, $foundKind
        }
        return $result
    }
    if (-not $Found.KeyExists) {
        $result.Summary = '{0} is missing (no key), want {1} ({2})' -f $path, $Want.Text, $Want.Kind
    }
    elseif (-not $Found.Exists) {
        $result.Summary = '{0} is missing, want {1} ({2})' -f $path, $Want.Text, $Want.Kind
    }
    elseif ($foundKind -ne $Want.Kind) {
        $result.Summary = '{0} is {1} ({2}), want {3} ({4})' -f $path, $foundText, $foundKind, $Want.Text, $Want.Kind
    }
    elseif (-not (Test-RemcRegistryValueSameData -Kind $Want.Kind -Want $Want.Data -Found $Found.Data)) {
        $result.Summary = '{0} is {1} ({2}), want {3}' -f $path, $foundText, $foundKind, $Want.Text
    }
    else {
        $result.InDesiredState = $true
        $result.Summary = '{0} is {1} ({2}) as wanted' -f $path, $Want.Text, $Want.Kind
    }
    return $result
}

function Test-RemcRegistryValueSameData {
    param([string] $Kind, $Want, $Found)
    # Typed and exact: strings ordinal (case-sensitive), numbers by value, lists item by item in order.
    if ($null -eq $Found) { return $false }
    if ($Kind -eq 'String' -or $Kind -eq 'ExpandString') { return ($Found -is [string] -and [string]::Equals([string]$Want, [string]$Found, [StringComparison]::Ordinal)) }
    if ($Kind -eq 'DWord') { return ($Found -is [int] -and [int]$Found -eq [int]$Want) }
    if ($Kind -eq 'QWord') { return (($Found -is [long] -or $Found -is [int]) -and [long]$Found -eq [long]$Want) }
    $wantItems = @($Want)
    $foundItems = @($Found)
    if ($wantItems.Count -ne $foundItems.Count) { return $false }
    for ($i = 0; $i -lt $wantItems.Count; $i++) {
        if ($Kind -eq 'MultiString') {
            if (-not [string]::Equals([string]$wantItems[$i], [string]$foundItems[$i], [StringComparison]::Ordinal)) { return $false }
        }
        elseif ([int]$wantItems[$i] -ne [int]$foundItems[$i]) { return $false }
    }
    return $true
}

function Format-RemcRegistryValueData {
    param([string] $Kind, $Data)
    # The data as a summary shows it: DWORD/QWORD unsigned decimal, strings quoted, lists bracketed,
    # bytes as hex; long data cut short; anything outside printable ASCII as '?'.
    if ($null -eq $Data) { return '(no data)' }
    $text = ''
    if ($Kind -eq 'DWord' -and $Data -is [int]) {
        $text = [string][BitConverter]::ToUInt32([BitConverter]::GetBytes([int]$Data), 0)
    }
    elseif ($Kind -eq 'QWord' -and ($Data -is [long] -or $Data -is [int])) {
        $text = [BitConverter]::ToUInt64([BitConverter]::GetBytes([long]$Data), 0).ToString([Globalization.CultureInfo]::InvariantCulture)
    }
    elseif ($Data -is [string]) {
        $text = "'{0}'" -f (Limit-RemcRegistryValueText -Text $Data -Max 80)
    }
    elseif ($Data -is [byte[]]) {
        if ($Data.Length -eq 0) { return '(empty)' }
        $shown = @()
        for ($i = 0; $i -lt [math]::Min($Data.Length, 16); $i++) { $shown += $Data[$i].ToString('X2') }
        $text = $shown -join ' '
        if ($Data.Length -gt 16) { $text = '{0} ... ({1} bytes)' -f $text, $Data.Length }
    }
    elseif ($Data -is [array]) {
        $items = @($Data)
        $shown = @()
        for ($i = 0; $i -lt [math]::Min($items.Count, 5); $i++) { $shown += ("'{0}'" -f (Limit-RemcRegistryValueText -Text ([string]$items[$i]) -Max 40)) }
        if ($items.Count -gt 5) { $shown += ('... ({0} strings)' -f $items.Count) }
        $text = '[{0}]' -f ($shown -join ', ')
    }
    else {
        $text = Limit-RemcRegistryValueText -Text ([string]$Data) -Max 80
    }
    return $text
}

function Limit-RemcRegistryValueText {
    param([string] $Text, [int] $Max)
    $clean = $Text -replace '[^\x20-\x7E]', '?'
    if ($clean.Length -gt $Max) { $clean = $clean.Substring(0, $Max) + '...' }
    return $clean
}
