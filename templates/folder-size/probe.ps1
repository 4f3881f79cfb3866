function Test-RemcFolderSize {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $spec = Get-RemcFolderSizeSpec -Config $Config
    $root = Resolve-RemcFolderSizePath -Path $spec.Path
    $limit = [decimal]$spec.MaxMB * 1048576
    $item = Get-RemcFolderSizeItem -Path $root
    if ($null -eq $item) {
        return @{
            InDesiredState = $true
            Summary        = ('{0}: not found, 0 MB (threshold {1} MB)' -f $spec.Path, (Format-RemcFolderSizeNumber -Value $spec.MaxMB))
            Facts          = @{ Found = $false; Path = $root; Exists = $false; Bytes = [decimal]0; Files = 0; MaxMB = $spec.MaxMB; Complete = $true }
        }
    }
    if (-not $item.PSIsContainer) { throw ('{0} is a file, not a folder' -f $root) }
    if (([int]$item.Attributes -band 0x400) -ne 0) { throw ('{0} is a junction or symbolic link: links are not followed, so its size is not measured' -f $root) }
    $deadline = [DateTime]::UtcNow.AddSeconds($spec.MaxSeconds)
    $walk = Measure-RemcFolderSizeTree -Root $root -Include $spec.Include -MaxItems $spec.MaxItems -Deadline $deadline
    $complete = ($walk.Stopped -eq '' -and $walk.Unreadable -eq 0)
    $over = ($walk.Bytes -gt $limit)
    # A partial total under the threshold says nothing: unknown, never "small enough".
    if (-not $complete -and -not $over) { throw (Format-RemcFolderSizeUnknown -Spec $spec -Walk $walk) }
    return @{
        InDesiredState = (-not $over)
        Summary        = (Format-RemcFolderSizeSummary -Spec $spec -Walk $walk -Complete $complete -Over $over)
        Facts          = @{
            Found           = $over
            Path            = $root
            Exists          = $true
            Bytes           = $walk.Bytes
            Files           = $walk.Files
            Folders         = $walk.Folders
            Links           = $walk.Links
            MaxMB           = $spec.MaxMB
            Complete        = $complete
            Stopped         = $walk.Stopped
            Unreadable      = $walk.Unreadable
            FirstUnreadable = $walk.FirstUnreadable
        }
    }
}

function Get-RemcFolderSizeSpec {
    param($Config)
    # The declaration as the probe uses it; the compiler checked it, this guards hand-made configs.
    $path = ([string]$Config.Path).Trim()
    if ($path -eq '' -or $path -match '[\*\?]') { throw ("Path must be one folder without wildcards: '{0}'" -f $Config.Path) }
    $include = @(@($Config.Include) | Where-Object { $null -ne $_ -and [string]$_ -ne '' } | ForEach-Object { [string]$_ })
    if ($include.Count -eq 0) { $include = @('*') }
    $maxMB = Get-RemcFolderSizeNumber -Value $Config.MaxMB -Name 'MaxMB'
    $maxItems = [long](Get-RemcFolderSizeNumber -Value $Config.MaxItems -Name 'MaxItems' -Default 100000)
    $maxSeconds = [int](Get-RemcFolderSizeNumber -Value $Config.MaxSeconds -Name 'MaxSeconds' -Default 60)
    return @{ Path = $path; Include = $include; MaxMB = $maxMB; MaxItems = $maxItems; MaxSeconds = $maxSeconds }
}

function Get-RemcFolderSizeNumber {
    param($Value, [string] $Name, $Default = $null)
    # A positive number as the invariant culture writes it; Default (none: required) when left out.
    if ($null -eq $Value -or [string]$Value -eq '') {
        if ($null -eq $Default) { throw ('{0} is required' -f $Name) }
        return [decimal]$Default
    }
    $text = ([string]$Value).Trim()
    if ($text -notmatch '^[+]?([0-9]+\.?[0-9]*|\.[0-9]+)$') { throw ("{0} must be a positive number: '{1}'" -f $Name, $Value) }
    $number = [decimal]::Parse($text, [Globalization.NumberStyles]::Float, [Globalization.CultureInfo]::InvariantCulture)
    if ($number -le 0) { throw ("{0} must be a positive number: '{1}'" -f $Name, $Value) }
    return $number
}

function Resolve-RemcFolderSizePath {
    param([string] $Path)
    # The folder on this device: a leading %NAME% replaced by its value (the only place a variable may
    # stand), and the result absolute (a drive or a share), without a trailing backslash.
    $resolved = $Path
    if ($Path -match '^%([^%\\]+)%(.*)$') {
        $name = $Matches[1]
        $rest = $Matches[2]
        $value = Get-RemcFolderSizeVariable -Name $name
        if ([string]::IsNullOrEmpty($value)) { throw ('{0}: environment variable {1} is not set' -f $Path, $name) }
        $resolved = $value.TrimEnd('\') + $rest
    }
    if ($resolved -match '^\\\\[?.]\\' -or ($resolved -notmatch '^[A-Za-z]:\\' -and $resolved -notmatch '^\\\\[^\\]+\\[^\\]+')) {
        throw ('{0}: "{1}" is not an absolute path' -f $Path, $resolved)
    }
    $trimmed = $resolved.TrimEnd('\')
    if ($trimmed -match '^[A-Za-z]:$') { throw ('{0}: "{1}" is a drive root' -f $Path, $resolved) }
    return $trimmed
}

function Test-RemcFolderSizeInclude {
    param([string] $Name, [string] $Relative, $Include)
    # A pattern without a backslash matches the name at any depth, one with a backslash the relative path.
    foreach ($pattern in @($Include)) {
        if ($pattern.Contains('\')) { if ($Relative -like $pattern) { return $true } }
        elseif ($Name -like $pattern) { return $true }
    }
    return $false
}

function Measure-RemcFolderSizeTree {
    param([string] $Root, $Include, [long] $MaxItems, [datetime] $Deadline)
    # Breadth-first, one folder at a time (a hashtable as the queue: Constrained Language Mode allows no
    # collection types of its own), never entering a link. Stopped: '' when it saw everything, else why
    # it stopped early; Unreadable: folders below the root it could not list (their files not counted).
    $walk = @{ Bytes = [decimal]0; Files = 0; Folders = 0; Links = 0; Items = [long]0; Unreadable = 0; FirstUnreadable = ''; Stopped = '' }
    $queue = @{ 0 = $Root }
    $head = 0
    $tail = 1
    while ($head -lt $tail) {
        if ([DateTime]::UtcNow -gt $Deadline) { $walk.Stopped = 'time'; break }
        $folder = $queue[$head]
        $queue.Remove($head)
        $head++
        try {
            $children = @(Get-RemcFolderSizeChildItem -Path $folder -Limit ($MaxItems - $walk.Items + 1))
        }
        catch {
            # The root unreadable is no total at all; a subfolder unreadable is reported, never zero.
            if ($folder -eq $Root) { throw ('cannot read {0}: {1}' -f $Root, (([string]$_.Exception.Message) -replace '\s+', ' ').Trim()) }
            if ($_.Exception -is [System.Management.Automation.ItemNotFoundException]) { continue }
            $walk.Unreadable++
            if ($walk.FirstUnreadable -eq '') { $walk.FirstUnreadable = $folder }
            continue
        }
        foreach ($child in $children) {
            if ($walk.Items -ge $MaxItems) { $walk.Stopped = 'items'; break }
            $walk.Items++
            if (([int]$child.Attributes -band 0x400) -ne 0) { $walk.Links++; continue }
            if ($child.PSIsContainer) {
                $walk.Folders++
                $queue[$tail] = [string]$child.FullName
                $tail++
                continue
            }
            $relative = ([string]$child.FullName).Substring($Root.Length).TrimStart('\')
            if (-not (Test-RemcFolderSizeInclude -Name ([string]$child.Name) -Relative $relative -Include $Include)) { continue }
            $walk.Files++
            $walk.Bytes += [decimal]$child.Length
        }
        if ($walk.Stopped -ne '') { break }
    }
    return $walk
}

function Format-RemcFolderSizeNumber {
    param([decimal] $Value)
    # One decimal at most, a point whatever the device's culture: '612.4', '500'.
    return $Value.ToString('0.#', [Globalization.CultureInfo]::InvariantCulture)
}

function Format-RemcFolderSizeStop {
    param($Spec, $Walk)
    # Why the total is incomplete: 'item limit 100000 reached', 'time limit 60 s reached', '2 subfolders unreadable (first: ...)'.
    $why = @()
    if ($Walk.Stopped -eq 'items') { $why += ('item limit {0} reached' -f $Spec.MaxItems) }
    if ($Walk.Stopped -eq 'time') { $why += ('time limit {0} s reached' -f $Spec.MaxSeconds) }
    if ($Walk.Unreadable -eq 1) { $why += ('1 subfolder unreadable: {0}' -f $Walk.FirstUnreadable) }
    if ($Walk.Unreadable -gt 1) { $why += ('{0} subfolders unreadable (first: {1})' -f $Walk.Unreadable, $Walk.FirstUnreadable) }
    return ($why -join '; ')
}

function Format-RemcFolderSizeFiles {
    param([int] $Count)
    if ($Count -eq 1) { return '1 file' }
    return ('{0} files' -f $Count)
}

function Format-RemcFolderSizeUnknown {
    param($Spec, $Walk)
    # 'size of %TEMP%\Cache unknown: 120.3 MB in 10 files counted before item limit 1000 reached (threshold 500 MB)'
    return ('size of {0} unknown: {1} MB in {2} counted, but {3} (threshold {4} MB)' -f $Spec.Path, (Format-RemcFolderSizeNumber -Value ($Walk.Bytes / 1048576)), (Format-RemcFolderSizeFiles -Count $Walk.Files), (Format-RemcFolderSizeStop -Spec $Spec -Walk $Walk), (Format-RemcFolderSizeNumber -Value $Spec.MaxMB))
}

function Format-RemcFolderSizeSummary {
    param($Spec, $Walk, [bool] $Complete, [bool] $Over)
    # '%LOCALAPPDATA%\Cache: 612.4 MB in 1234 files, over 500 MB' or '...: 12 MB in 3 files (threshold 500 MB)'
    $size = '{0} MB in {1}' -f (Format-RemcFolderSizeNumber -Value ($Walk.Bytes / 1048576)), (Format-RemcFolderSizeFiles -Count $Walk.Files)
    if (-not $Complete) { $size = 'at least {0} ({1})' -f $size, (Format-RemcFolderSizeStop -Spec $Spec -Walk $Walk) }
    $max = Format-RemcFolderSizeNumber -Value $Spec.MaxMB
    if ($Over) { return ('{0}: {1}, over {2} MB' -f $Spec.Path, $size, $max) }
    return ('{0}: {1} (threshold {2} MB)' -f $Spec.Path, $size, $max)
}
