function Test-RemcRegistryValue {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $target = Get-RemcRegistryValueTarget -Config $Config
    $ensure = Get-RemcRegistryValueEnsure -Config $Config
    $rule = $null
    if (-not $target.KeyOnly) { $rule = Get-RemcRegistryValueRule -Config $Config -Ensure $ensure }
    Assert-RemcRegistryValueHive -Target $target
    if ([bool]$Config.ForEachUser) { return (Test-RemcRegistryValueEachUser -Config $Config -Target $target -Rule $rule) } # remc-when: ForEachUser
    $facts = @{ Path = $target.ValuePath; Ensure = $ensure; KeyExists = $false; Exists = $false; Kind = $null; Data = $null; WantKind = $null; WantData = $null }
    if ($target.KeyOnly) {
        $key = Get-RemcRegistryValueKey -Hive $target.Hive -SubKey $target.SubKey
        $verdict = Compare-RemcRegistryValueKeyState -Target $target -Ensure $ensure -Key $key
        $facts.KeyExists = [bool]$key.Exists
        $facts.Exists = [bool]$key.Exists
        return @{ InDesiredState = $verdict.InDesiredState; Summary = $verdict.Summary; Facts = $facts }
    }
    $found = Get-RemcRegistryValueEntry -Hive $target.Hive -SubKey $target.SubKey -Name $target.Name
    $verdict = Compare-RemcRegistryValueState -Target $target -Rule $rule -Found $found
    $facts.KeyExists = [bool]$found.KeyExists
    $facts.Exists = [bool]$found.Exists
    $facts.Kind = $verdict.FoundKind
    $facts.Data = $verdict.FoundText
    if ($rule.Mode -ne 'absent') {
        $facts.WantKind = $rule.Kind
        $facts.WantData = $rule.Text
    }
    return @{ InDesiredState = $verdict.InDesiredState; Summary = $verdict.Summary; Facts = $facts }
}

function Get-RemcRegistryValueTarget {
    param($Config)
    # HKLM:\ / HKCU:\ / HKU:\ as PowerShell writes them; HKEY_LOCAL_MACHINE\ / HKEY_CURRENT_USER\ /
    # HKEY_USERS\ (optionally after Registry::) as regedit does; at least one key below the root (below
    # HKU, a loaded hive and a key in it). No Name ($null): the check is about the key itself.
    $path = [string]$Config.Path
    $match = [regex]::Match($path, '^(?i:(?:Registry::)?(HKLM:|HKCU:|HKU:|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_USERS))\\(.+?)\\?$')
    if (-not $match.Success) { throw ("Path must be an HKLM, HKCU or HKU key path such as 'HKLM:\SOFTWARE\Contoso': '{0}'" -f $path) }
    $root = $match.Groups[1].Value.ToUpperInvariant()
    $hive = 'HKCU'
    if ($root -eq 'HKLM:' -or $root -eq 'HKEY_LOCAL_MACHINE') { $hive = 'HKLM' }
    if ($root -eq 'HKU:' -or $root -eq 'HKEY_USERS') { $hive = 'HKU' }
    $subKey = $match.Groups[2].Value
    $parts = $subKey.Split([char]'\')
    foreach ($part in $parts) {
        if ($part.Length -eq 0) { throw ("Path has an empty key name: '{0}'" -f $path) }
    }
    $userHive = $null
    if ($hive -eq 'HKU') {
        if ($parts.Count -lt 2) { throw ("Path names a hive of HKEY_USERS, not a key in it: '{0}'" -f $path) }
        $userHive = $parts[0]
    }
    $keyPath = '{0}:\{1}' -f $hive, $subKey
    $keyOnly = $null -eq $Config.Name
    $name = [string]$Config.Name
    $label = $name
    if ($name -eq '') { $label = '(Default)' }
    $valuePath = '{0}\{1}' -f $keyPath, $label
    if ($keyOnly) { $valuePath = $keyPath }
    return @{ Hive = $hive; SubKey = $subKey; Name = $name; KeyOnly = $keyOnly; UserHive = $userHive; KeyPath = $keyPath; ValuePath = $valuePath }
}

function Assert-RemcRegistryValueHive {
    param($Target)
    # Below HKEY_USERS a hive is there only while it is loaded (a user's, while the user is signed in):
    # a missing one is not drift, and nothing may create it (a key made there would not be the user's).
    if ($Target.Hive -ne 'HKU') { return }
    $hive = Get-RemcRegistryValueKey -Hive 'HKU' -SubKey $Target.UserHive
    if (-not $hive.Exists) {
        throw ('HKU:\{0} is not loaded (the user is not signed in, or has no profile on this device): {1} cannot be read or written' -f $Target.UserHive, $Target.ValuePath)
    }
}

function Get-RemcRegistryValueEnsure {
    param($Config)
    $ensure = [string]$Config.Ensure
    if ($ensure -eq '') { return 'present' }
    if ($ensure -ne 'present' -and $ensure -ne 'absent') { throw ("Ensure must be 'present' or 'absent': '{0}'" -f $ensure) }
    return $ensure.ToLowerInvariant()
}

function Get-RemcRegistryValueRule {
    param($Config, [string] $Ensure)
    # What a value check wants. Mode: 'absent'; 'data' (Kind and Data, or a Digest of secret data);
    # 'bits' (a DWord's Set and Clear masks as Int32, as GetValue returns a DWord); 'any' (any data, of
    # Kind when given). Text says it in summaries, never a secret's data.
    $rule = @{ Mode = 'absent'; Kind = $null; Data = $null; Digest = $null; Secret = $false; Set = 0; Clear = 0; Text = '' }
    if ($Ensure -eq 'absent') { return $rule }
    if ($null -ne $Config.Bits) {
        $rule.Mode = 'bits'
        $rule.Kind = 'DWord'
        $rule.Set = (ConvertTo-RemcRegistryValueWant -Type 'DWord' -Value $Config.Bits.Set).Data
        $rule.Clear = (ConvertTo-RemcRegistryValueWant -Type 'DWord' -Value $Config.Bits.Clear).Data
        $rule.Text = Format-RemcRegistryValueBits -Set $rule.Set -Clear $rule.Clear
        return $rule
    }
    if ([bool]$Config.Secret) {
        if ([string]$Config.ValueDigest -notmatch '^[0-9a-f]{64}$') { throw 'Secret needs ValueDigest: 64 hex digits' }
        $rule.Mode = 'data'
        $rule.Secret = $true
        $rule.Kind = (ConvertTo-RemcRegistryValueKind -Type $Config.Type)
        $rule.Digest = [string]$Config.ValueDigest
        # Detection carries no data; the remediation carries it to write it.
        if ($null -ne $Config.Value) { $rule.Data = (ConvertTo-RemcRegistryValueWant -Type $rule.Kind -Value $Config.Value).Data }
        $rule.Text = 'the secret data'
        return $rule
    }
    if ($null -eq $Config.Value) {
        $rule.Mode = 'any'
        if ([string]$Config.Type -ne '') { $rule.Kind = ConvertTo-RemcRegistryValueKind -Type $Config.Type }
        $rule.Text = 'any data'
        return $rule
    }
    $want = ConvertTo-RemcRegistryValueWant -Type $Config.Type -Value $Config.Value
    $rule.Mode = 'data'
    $rule.Kind = $want.Kind
    $rule.Data = $want.Data
    $rule.Text = $want.Text
    return $rule
}

function ConvertTo-RemcRegistryValueKind {
    param([string] $Type)
    if ($Type -eq '') { $Type = 'String' }
    $kinds = @('String', 'ExpandString', 'DWord', 'QWord', 'MultiString', 'Binary')
    foreach ($kind in $kinds) { if ($kind -eq $Type) { return $kind } }
    throw ("Type must be one of {0}: '{1}'" -f ($kinds -join ', '), $Type)
}

function ConvertTo-RemcRegistryValueWant {
    param([string] $Type, $Value)
    # The declared data with the .NET type RegistryKey.GetValue returns for its kind (and SetValue
    # takes), so found and wanted compare typed: String/ExpandString [string], DWord [int] (above
    # 0x7FFFFFFF as its negative Int32, the way GetValue returns it), QWord [long], MultiString
    # [string[]], Binary [byte[]]. Text is the data as summaries show it.
    $Type = ConvertTo-RemcRegistryValueKind -Type $Type
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
    param($Target, $Rule, $Found)
    # The verdict on what Get-RemcRegistryValueEntry found: in desired state or not, and the summary.
    # A secret's data is never shown, whichever data is found (it may be the secret, or an old one).
    $path = $Target.ValuePath
    $foundKind = $null
    $foundText = $null
    if ($Found.Exists) {
        $foundKind = [string]$Found.Kind
        $foundText = Format-RemcRegistryValueData -Kind $foundKind -Data $Found.Data
        if ($Rule.Secret) { $foundText = '(hidden)' }
        elseif ($Rule.Mode -eq 'bits' -and $foundKind -eq 'DWord' -and $Found.Data -is [int]) { $foundText = '0x{0:X8}' -f $Found.Data }
    }
    $result = @{ InDesiredState = $false; Summary = ''; FoundKind = $foundKind; FoundText = $foundText }
    $want = '{0} ({1})' -f $Rule.Text, $Rule.Kind
    if ($Rule.Mode -eq 'any') {
        $want = 'it present with any data'
        if ($null -ne $Rule.Kind) { $want = 'it present with any {0} data' -f $Rule.Kind }
    }
    if ($Rule.Mode -eq 'absent') {
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
        $result.Summary = '{0} is missing (no key), want {1}' -f $path, $want
    }
    elseif (-not $Found.Exists) {
        $result.Summary = '{0} is missing, want {1}' -f $path, $want
    }
    elseif ($null -ne $Rule.Kind -and $foundKind -ne $Rule.Kind) {
        $result.Summary = '{0} is {1} ({2}), want {3}' -f $path, $foundText, $foundKind, $want
    }
    elseif (-not (Test-RemcRegistryValueRuleHolds -Target $Target -Rule $Rule -Found $Found)) {
        $result.Summary = '{0} is {1} ({2}), want {3}' -f $path, $foundText, $foundKind, $Rule.Text
    }
    else {
        $result.InDesiredState = $true
        $result.Summary = '{0} is {1} ({2}) as wanted' -f $path, $Rule.Text, $foundKind
        if ($Rule.Mode -eq 'any' -or $Rule.Mode -eq 'bits') { $result.Summary = '{0} is {1} ({2}): {3} as wanted' -f $path, $foundText, $foundKind, $Rule.Text }
    }
    return $result
}

function Test-RemcRegistryValueRuleHolds {
    param($Target, $Rule, $Found)
    # The found value (of the wanted kind) holds what the rule wants.
    if ($Rule.Mode -eq 'any') { return $true }
    if ($Rule.Mode -eq 'bits') {
        if ($Found.Data -isnot [int]) { return $false }
        return ((([int]$Found.Data) -band $Rule.Set) -eq $Rule.Set -and (([int]$Found.Data) -band $Rule.Clear) -eq 0)
    }
    if ($Rule.Secret) {
        $digest = Get-RemcRegistryValueDigest -Path $Target.KeyPath -Name $Target.Name -Kind $Rule.Kind -Data $Found.Data
        return ($null -ne $digest -and $digest -eq $Rule.Digest)
    }
    return (Test-RemcRegistryValueSameData -Kind $Rule.Kind -Want $Rule.Data -Found $Found.Data)
}

function Compare-RemcRegistryValueKeyState {
    param($Target, [string] $Ensure, $Key)
    # The verdict on a key check: the key exists, or it does not.
    $result = @{ InDesiredState = $false; Summary = '' }
    $path = $Target.KeyPath
    if ($Ensure -eq 'absent') {
        $result.InDesiredState = -not $Key.Exists
        if ($Key.Exists) { $result.Summary = '{0} exists ({1} values, {2} subkeys), want it absent' -f $path, $Key.ValueCount, $Key.SubKeyCount }
        else { $result.Summary = '{0} is absent as wanted' -f $path }
        return $result
    }
    $result.InDesiredState = [bool]$Key.Exists
    if ($Key.Exists) { $result.Summary = '{0} exists as wanted' -f $path }
    else { $result.Summary = '{0} is missing, want the key present' -f $path }
    return $result
}

function Get-RemcRegistryValueDigest {
    param([string] $Path, [string] $Name, [string] $Kind, $Data)
    # The salted digest of typed data, as the compiler computes it for a secret (digest.ts secretDigest):
    # PBKDF2-HMAC-SHA256, 100,000 rounds, salt 'remc:<path>\<name>', over the UTF-8 of '<Kind>:<text>'
    # (strings as they are, numbers unsigned decimal, MultiString joined by NUL, Binary lowercase hex).
    # $null when the data is not of the kind.
    $text = $null
    if (($Kind -eq 'String' -or $Kind -eq 'ExpandString') -and $Data -is [string]) { $text = $Data }
    elseif ($Kind -eq 'DWord' -and $Data -is [int]) { $text = [string][BitConverter]::ToUInt32([BitConverter]::GetBytes([int]$Data), 0) }
    elseif ($Kind -eq 'QWord' -and ($Data -is [long] -or $Data -is [int])) { $text = [BitConverter]::ToUInt64([BitConverter]::GetBytes([long]$Data), 0).ToString([Globalization.CultureInfo]::InvariantCulture) }
    elseif ($Kind -eq 'MultiString' -and $Data -is [array]) { $text = [string]::Join([string][char]0, [string[]]$Data) }
    elseif ($Kind -eq 'Binary' -and $Data -is [byte[]]) { $text = [BitConverter]::ToString($Data).Replace('-', '').ToLowerInvariant() }
    if ($null -eq $text) { return $null }
    $utf8 = [System.Text.UTF8Encoding]::new($false)
    $secret = $utf8.GetBytes(('{0}:{1}' -f $Kind, $text))
    $salt = $utf8.GetBytes(('remc:{0}\{1}' -f $Path, $Name))
    # The overload with a hash algorithm: .NET Framework 4.7.2 and later (every supported Windows 10/11).
    $kdf = [System.Security.Cryptography.Rfc2898DeriveBytes]::new($secret, $salt, 100000, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
    try { $key = $kdf.GetBytes(32) }
    finally { $kdf.Dispose() }
    return [BitConverter]::ToString($key).Replace('-', '').ToLowerInvariant()
}

function Format-RemcRegistryValueBits {
    param([int] $Set, [int] $Clear)
    $parts = @()
    if ($Set -ne 0) { $parts += ('bits 0x{0:X8} set' -f $Set) }
    if ($Clear -ne 0) { $parts += ('bits 0x{0:X8} clear' -f $Clear) }
    return ($parts -join ', ')
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

function Get-RemcRegistryValueUser {
    # ForEachUser: the real profiles of the device, from ProfileList: a domain, local (S-1-5-21-...) or
    # Entra ID (S-1-12-1-...) account's, not a system account's (S-1-5-18/19/20), not a backup key
    # (SID.bak), not a temporary profile (State 0x800 "temporary profile loaded", or a TEMP folder).
    # Returns @{ Users = @(@{ Sid; Name; ProfilePath }); Skipped }.
    $result = @{ Users = @(); Skipped = 0 }
    foreach ($entry in @(Get-RemcRegistryValueProfile)) {
        if ($null -eq $entry) { continue }
        $sid = [string]$entry.Sid
        $path = ([string]$entry.ProfileImagePath).TrimEnd('\')
        $state = 0
        if ($null -ne $entry.State) { $state = [int]$entry.State }
        $leaf = $path.Substring($path.LastIndexOf('\') + 1)
        $real = $sid -match '^S-1-(5-21|12-1)(-[0-9]+)+$' -and $path -match '^[A-Za-z]:\\' -and ($state -band 0x800) -eq 0 -and $leaf -ne 'TEMP' -and $leaf -notlike 'TEMP.*'
        if (-not $real) { $result.Skipped++; continue }
        $result.Users += @{ Sid = $sid; Name = $leaf; ProfilePath = $path }
    }
    return $result
}

function Open-RemcRegistryValueUserHive {
    param($User)
    # Where one user's hive is below HKEY_USERS: HKU\<SID> while it is loaded (the user is signed in, or
    # a service has it); otherwise the user's NTUSER.DAT loaded as HKU\remc_<SID> for this run (the
    # caller closes it in a finally). Reachable $false when it cannot be loaded: never guessed.
    $hive = @{ Root = $User.Sid; Loaded = $true; Mounted = $false; Reachable = $true }
    if ((Get-RemcRegistryValueKey -Hive 'HKU' -SubKey $User.Sid).Exists) { return $hive }
    $hive.Loaded = $false
    $hive.Root = 'remc_' + $User.Sid
    if ((Mount-RemcRegistryValueUserHive -Name $hive.Root -File ($User.ProfilePath + '\NTUSER.DAT')) -ne 0) { $hive.Reachable = $false }
    else { $hive.Mounted = $true }
    return $hive
}

function Close-RemcRegistryValueUserHive {
    param($User, $Hive)
    # Unloads a hive Open-RemcRegistryValueUserHive loaded; one that stays loaded is an error, said loudly.
    if (-not $Hive.Mounted) { return }
    $Hive.Mounted = $false
    $code = Dismount-RemcRegistryValueUserHive -Name $Hive.Root
    if ($code -ne 0) { throw ('HKU\{0} (the hive of {1}, loaded for this run) could not be unloaded: reg.exe exit code {2}' -f $Hive.Root, $User.Name, $code) }
}

function Get-RemcRegistryValueUserTarget {
    param($Target, $User, $Hive)
    # The declared HKCU value in one user's hive; KeyPath stays the declared one (a secret's digest salt).
    return @{ Hive = 'HKU'; SubKey = ('{0}\{1}' -f $Hive.Root, $Target.SubKey); Name = $Target.Name; KeyOnly = $false; UserHive = $Hive.Root; KeyPath = $Target.KeyPath; ValuePath = ('{0} of {1}' -f $Target.ValuePath, $User.Name) }
}

function Read-RemcRegistryValueForUser {
    param($Config, $Target, $Rule, $User)
    # One user's value and its verdict (Reachable $false when the user's hive cannot be loaded).
    $out = @{ User = $User.Name; Sid = $User.Sid; Reachable = $true; Verdict = $null; Found = $null }
    $hive = Open-RemcRegistryValueUserHive -User $User
    if (-not $hive.Reachable) {
        $out.Reachable = $false
        return $out
    }
    try {
        $one = Get-RemcRegistryValueUserTarget -Target $Target -User $User -Hive $hive
        $out.Found = Get-RemcRegistryValueEntry -Hive 'HKU' -SubKey $one.SubKey -Name $one.Name
        $out.Verdict = Compare-RemcRegistryValueState -Target $one -Rule $Rule -Found $out.Found
    }
    finally {
        Close-RemcRegistryValueUserHive -User $User -Hive $hive
    }
    return $out
}

function Get-RemcRegistryValueWantText {
    param($Rule)
    if ($Rule.Mode -eq 'absent') { return 'absent' }
    if ($Rule.Mode -eq 'any') { return 'present' }
    return ('{0} ({1})' -f $Rule.Text, $Rule.Kind)
}

function Format-RemcRegistryValueUserFound {
    param($One)
    # What one user's value is, short: missing, or its data (a secret's hidden) and kind.
    if (-not $One.Found.KeyExists) { return ('{0}: missing (no key)' -f $One.User) }
    if (-not $One.Found.Exists) { return ('{0}: missing' -f $One.User) }
    return ('{0}: {1} ({2})' -f $One.User, $One.Verdict.FoundText, $One.Verdict.FoundKind)
}

function Test-RemcRegistryValueEachUser {
    param($Config, $Target, $Rule)
    # The value in every real user's hive: drift when any reachable user's differs; a user whose hive
    # cannot be loaded is counted and named, never taken as in or out of the desired state.
    if ($Target.Hive -ne 'HKCU' -or $Target.KeyOnly) { throw ('ForEachUser needs a value in HKCU: {0}' -f $Target.ValuePath) }
    $list = Get-RemcRegistryValueUser
    $results = @(foreach ($user in $list.Users) { Read-RemcRegistryValueForUser -Config $Config -Target $Target -Rule $Rule -User $user })
    $good = @()
    $bad = @()
    $away = @()
    foreach ($one in $results) {
        if (-not $one.Reachable) { $away += $one.User }
        elseif ($one.Verdict.InDesiredState) { $good += $one.User }
        else { $bad += (Format-RemcRegistryValueUserFound -One $one) }
    }
    $want = Get-RemcRegistryValueWantText -Rule $Rule
    $facts = @{
        Path = $Target.ValuePath; Ensure = $Rule.Mode; ForEachUser = $true; Users = $results.Count; SkippedProfiles = $list.Skipped
        AsWanted = $good; NotAsWanted = @(foreach ($one in $results) { if ($one.Reachable -and -not $one.Verdict.InDesiredState) { $one.User } }); NotReachable = $away
        WantKind = $Rule.Kind; WantData = $null
    }
    if ($Rule.Mode -ne 'absent') { $facts.WantData = $Rule.Text }
    if ($Rule.Mode -eq 'absent') { $facts.Ensure = 'absent' } else { $facts.Ensure = 'present' }
    $summary = '{0}: no user profile on this device' -f $Target.ValuePath
    if ($results.Count -gt 0 -and $bad.Count -eq 0) { $summary = '{0} is {1} for {2} of {3} users' -f $Target.ValuePath, $want, $good.Count, $results.Count }
    if ($bad.Count -gt 0) {
        $summary = '{0} is not {1} for {2} of {3} users ({4})' -f $Target.ValuePath, $want, $bad.Count, $results.Count, ($bad -join '; ')
        if ($good.Count -gt 0) { $summary += ('; as wanted for {0}' -f $good.Count) }
    }
    if ($away.Count -gt 0) { $summary += ('; {0} not reachable (hive could not be loaded: {1})' -f $away.Count, ($away -join ', ')) }
    return @{ InDesiredState = ($bad.Count -eq 0); Summary = $summary; Facts = $facts }
}
