function Test-RemcFileState {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $spec = Get-RemcFileStateSpec -Config $Config
    $full = Resolve-RemcFileStatePath -Path $spec.Path
    $cut = $full.LastIndexOf('\')
    $leaf = $full.Substring($cut + 1)
    $folder = $full.Substring(0, $cut)
    $item = Get-RemcFileStateFile -Path $full
    $facts = @{ Found = $false; Path = $full; Ensure = $spec.Ensure; Exists = ($null -ne $item); WrittenUtc = $null; AgeDays = $null; Length = $null; HasText = $null; Version = $null; Failed = @() }
    if ($null -eq $item) {
        $facts.Found = ($spec.Ensure -eq 'present')
        if ($facts.Found) { $facts.Failed = @('missing'); $word = 'missing from' } else { $word = 'absent from' }
        return @{ InDesiredState = (-not $facts.Found); Summary = ('{0} {1} {2}' -f $leaf, $word, $folder); Facts = $facts }
    }
    # The run's clock ($Context.Now: the runtime's Get-RemcUtcNow), never one of the probe's own.
    $written = ConvertTo-RemcFileStateUtc -Time $item.LastWriteTimeUtc
    $now = ConvertTo-RemcFileStateUtc -Time $Context.Now
    if ($null -eq $written) { throw ('{0}: its last write time is unknown' -f $full) }
    if ($null -eq $now) { throw 'the run has no clock (Context.Now)' }
    $age = $now - $written
    $facts.WrittenUtc = $written.ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture)
    $facts.AgeDays = $age.Days
    $facts.Length = [long] $item.Length
    $text = '{0} present, written {1} UTC ({2})' -f $leaf, $written.ToString('yyyy-MM-dd HH:mm', [Globalization.CultureInfo]::InvariantCulture), (Format-RemcFileStateAge -Age $age)
    if ($spec.Ensure -eq 'absent') {
        $facts.Found = $true
        $facts.Failed = @('present')
        return @{ InDesiredState = $false; Summary = ('{0}; expected absent' -f $text); Facts = $facts }
    }
    $said = @(Test-RemcFileStateCondition -Spec $spec -Item $item -Path $full -Age $age -Facts $facts)
    $facts.Found = ($facts.Failed.Count -gt 0)
    foreach ($part in $said) { $text += '; ' + $part }
    return @{ InDesiredState = (-not $facts.Found); Summary = $text; Facts = $facts }
}

function Test-RemcFileStateCondition {
    # Each declared condition on a present file: what it found, in words, in order (age, text, version).
    # A failed one is also added to Facts.Failed. A condition it cannot decide throws (a probe error).
    param($Spec, $Item, [string] $Path, [TimeSpan] $Age, $Facts)
    $failed = @()
    $days = $Age.Days
    if ($null -ne $Spec.MaxAgeDays -and $Age.Ticks -ge 0 -and $days -gt $Spec.MaxAgeDays) {
        $failed += 'maxAgeDays'
        'older than {0} days ({1} days)' -f $Spec.MaxAgeDays, $days
    }
    if ($null -ne $Spec.MinAgeDays -and ($Age.Ticks -lt 0 -or $days -lt $Spec.MinAgeDays)) {
        $failed += 'minAgeDays'
        if ($Age.Ticks -lt 0) { 'less than {0} days old (written in the future)' -f $Spec.MinAgeDays }
        else { 'less than {0} days old ({1} days)' -f $Spec.MinAgeDays, $days }
    }
    if ($null -ne $Spec.Contains) {
        $found = Test-RemcFileStateText -Spec $Spec -Item $Item -Path $Path
        $Facts.HasText = $found
        $quoted = Format-RemcFileStateQuote -Text $Spec.Contains
        if ($found) { 'contains {0}' -f $quoted } else { $failed += 'contains'; 'does not contain {0}' -f $quoted }
    }
    if ($null -ne $Spec.MinVersion) {
        $version = Get-RemcFileStateVersion -Item $Item -Path $Path
        $Facts.Version = [string] $version
        if ($version -lt $Spec.MinVersion) { $failed += 'minVersion'; 'version {0} < {1}' -f $version, $Spec.MinVersionText }
        else { 'version {0} >= {1}' -f $version, $Spec.MinVersionText }
    }
    $Facts.Failed = $failed
}

function Test-RemcFileStateText {
    # Whether the file's text holds the literal: ordinal, or ordinal ignoring case (upper-cased invariantly).
    param($Spec, $Item, [string] $Path)
    $length = [long] $Item.Length
    if ($length -gt $Spec.MaxTextBytes) {
        throw ('{0} is {1} bytes, more than the {2} bytes contains reads: its text was not searched' -f $Path, $length, $Spec.MaxTextBytes)
    }
    try { $text = [string] (Read-RemcFileStateText -Path $Path) }
    catch { throw ('cannot read {0}: {1}' -f $Path, $_.Exception.Message) }
    if ($Spec.CaseSensitive) { return $text.Contains($Spec.Contains) }
    return $text.ToUpperInvariant().Contains(([string] $Spec.Contains).ToUpperInvariant())
}

function Get-RemcFileStateVersion {
    # The file version as [version] of FileVersionInfo's four numeric parts (never its FileVersion or
    # ProductVersion text). A file without version information (no version resource: every part 0 and
    # no FileVersion text) has no version to compare: a probe error.
    param($Item, [string] $Path)
    $info = $Item.VersionInfo
    if ($null -eq $info) { throw ('{0}: its version information cannot be read' -f $Path) }
    $parts = @([int] $info.FileMajorPart, [int] $info.FileMinorPart, [int] $info.FileBuildPart, [int] $info.FilePrivatePart)
    if ([string]::IsNullOrEmpty([string] $info.FileVersion) -and ($parts -join '.') -eq '0.0.0.0') {
        throw ('{0} has no version information (no version resource), so its version is unknown' -f $Path)
    }
    return [version] ($parts -join '.')
}

function Get-RemcFileStateFile {
    # The FileInfo of the path, or $null when nothing is there. A folder there, or a path it may not
    # read, is a probe error: the file's state is unknown.
    param([string] $Path)
    try { $item = Get-RemcFileStateItem -Path $Path }
    catch { throw ('cannot read {0}: {1}' -f $Path, $_.Exception.Message) }
    if ($null -ne $item -and $item.PSIsContainer) { throw ('{0} is a folder, not a file' -f $Path) }
    return $item
}

function Get-RemcFileStateSpec {
    param($Config)
    # The declaration as the probe uses it; the compiler checked it, this guards hand-made configs.
    $path = ([string] $Config.Path).Trim()
    if ($path -eq '' -or $path -match '[\*\?]') { throw ("Path must be one file without wildcards: '{0}'" -f $Config.Path) }
    $ensure = 'present'
    if ($null -ne $Config.Ensure -and [string] $Config.Ensure -ne '') { $ensure = ([string] $Config.Ensure).ToLowerInvariant() }
    if ($ensure -ne 'present' -and $ensure -ne 'absent') { throw ("Ensure must be 'present' or 'absent': '{0}'" -f $Config.Ensure) }
    $spec = @{
        Path = $path; Ensure = $ensure; CaseSensitive = ($Config.CaseSensitive -eq $true)
        MaxAgeDays = Get-RemcFileStateDays -Value $Config.MaxAgeDays -Name 'MaxAgeDays'
        MinAgeDays = Get-RemcFileStateDays -Value $Config.MinAgeDays -Name 'MinAgeDays'
        Contains = $null; MinVersion = $null; MinVersionText = $null; MaxTextBytes = [long] 1048576
    }
    # The literal of contains is the config's Text (a hashtable's .Contains is its method, not a key).
    if ($null -ne $Config.Text -and [string] $Config.Text -ne '') { $spec.Contains = [string] $Config.Text }
    if ($null -ne $Config.MaxTextBytes -and [string] $Config.MaxTextBytes -ne '') { $spec.MaxTextBytes = [long] $Config.MaxTextBytes }
    if ($null -ne $Config.MinVersion -and [string] $Config.MinVersion -ne '') {
        $spec.MinVersionText = ([string] $Config.MinVersion).Trim()
        if ($spec.MinVersionText -notmatch '^[0-9]{1,5}(\.[0-9]{1,5}){1,3}$') { throw ("MinVersion must be a version such as '2.0': '{0}'" -f $Config.MinVersion) }
        $spec.MinVersion = [version] $spec.MinVersionText
    }
    $conditions = @(@($spec.MaxAgeDays, $spec.MinAgeDays, $spec.Contains, $spec.MinVersion) | Where-Object { $null -ne $_ })
    if ($ensure -eq 'absent' -and $conditions.Count -gt 0) { throw 'Ensure absent takes no condition on the file (MaxAgeDays, MinAgeDays, Text, MinVersion)' }
    return $spec
}

function Get-RemcFileStateDays {
    param($Value, [string] $Name)
    # A whole number of days, or $null when the option is left out.
    if ($null -eq $Value -or [string] $Value -eq '') { return $null }
    $text = ([string] $Value).Trim()
    if ($text -notmatch '^[0-9]{1,5}$') { throw ("{0} must be a whole number of days: '{1}'" -f $Name, $Value) }
    return [int] $text
}

function Resolve-RemcFileStatePath {
    param([string] $Path)
    # The file on this device: a leading %NAME% replaced by its value (the only place a variable may
    # stand); the result must be a full path on a drive.
    $resolved = $Path
    if ($Path -match '^%([^%\\]+)%(.*)$') {
        $name = $Matches[1]
        $rest = $Matches[2]
        $value = Get-RemcFileStateVariable -Name $name
        if ([string]::IsNullOrEmpty($value)) { throw ('{0}: environment variable {1} is not set' -f $Path, $name) }
        $resolved = $value.TrimEnd('\') + $rest
    }
    if ($resolved -notmatch '^[A-Za-z]:\\[^\\]') { throw ('{0}: "{1}" is not a full path on a drive' -f $Path, $resolved) }
    return $resolved
}

function ConvertTo-RemcFileStateUtc {
    param($Time)
    # A UTC [datetime]: the context's and LastWriteTimeUtc are UTC; a local time is converted, one of
    # unspecified kind taken as UTC.
    if ($null -eq $Time -or [string]$Time -eq '') { return $null }
    $value = [datetime]$Time
    if ([string]$value.Kind -eq 'Utc') { return $value }
    if ([string]$value.Kind -eq 'Local') { return $value.ToUniversalTime() }
    return [DateTime]::SpecifyKind($value, [DateTimeKind]::Utc)
}

function Format-RemcFileStateAge {
    param([TimeSpan] $Age)
    # '7 days ago', '1 day ago', 'less than a day ago', 'in the future' (a clock set wrong).
    if ($Age.Ticks -lt 0) { return 'in the future' }
    if ($Age.Days -eq 0) { return 'less than a day ago' }
    if ($Age.Days -eq 1) { return '1 day ago' }
    return ('{0} days ago' -f $Age.Days)
}

function Format-RemcFileStateQuote {
    param([string] $Text)
    # The literal in double quotes, its line breaks as spaces, cut to 40 characters.
    $one = $Text -replace '[\r\n\t]+', ' '
    if ($one.Length -gt 40) { $one = $one.Substring(0, 37) + '...' }
    return ('"{0}"' -f $one)
}
