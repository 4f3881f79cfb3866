function Test-RemcPathCleanup {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    # Read-only: enumerates the declared paths and says what the fix would remove.
    $plan = Get-RemcPathCleanupPlan -Config $Config -Now ([datetime]$Context.Now)
    $count = $plan.Remove.Count
    $summary = 'nothing to clean'
    if ($count -gt 0) {
        $summary = '{0} to remove{1}' -f (Format-RemcPathCleanupWhat -Plan $plan), (Format-RemcPathCleanupUsers -Plan $plan)
        if ($plan.Truncated) { $summary += (', item limit {0} reached' -f $plan.Limit) }
    }
    elseif ($plan.PerUser) {
        $summary = 'nothing to clean in {0}' -f (Format-RemcPathCleanupCount -Count $plan.Users -Word 'user profile')
    }
    elseif ($plan.Roots.Count -gt 0 -and $plan.Missing.Count -eq $plan.Roots.Count) {
        $summary = 'nothing to clean: {0} not found' -f (Format-RemcPathCleanupCount -Count $plan.Missing.Count -Word 'path')
    }
    if ($plan.Unreadable -gt 0) { $summary += ('; {0} unreadable' -f (Format-RemcPathCleanupCount -Count $plan.Unreadable -Word 'folder')) }
    $sample = @()
    foreach ($entry in $plan.Remove) {
        if ($sample.Count -ge 5) { break }
        if (-not $entry.IsDirectory) { $sample += $entry.Path }
    }
    return @{
        InDesiredState = ($count -eq 0)
        Summary        = $summary
        Facts          = @{
            Paths           = @($plan.Roots)
            Missing         = @($plan.Missing)
            LinkedRoots     = @($plan.LinkedRoots)
            Count           = $count
            Files           = $plan.Files
            Folders         = $plan.Folders
            Bytes           = $plan.Bytes
            Sample          = $sample
            Skipped         = $plan.Skipped
            Protected       = $plan.Protected
            Kept            = $plan.Kept
            Unreadable      = $plan.Unreadable
            FirstUnreadable = $plan.FirstUnreadable
            Truncated       = $plan.Truncated
            Users           = $plan.Users
            UsersWithItems  = $plan.UsersWithItems
            SkippedProfiles = $plan.SkippedProfiles
            DefaultFolders  = $plan.DefaultFolders
        }
    }
}

# Environment variables that point at folders no cleanup may name, nor any folder containing them.
function Get-RemcPathCleanupProtectedRoot {
    $names = @(
        '%SystemDrive%\', '%SystemRoot%', '%windir%', '%SystemRoot%\System32', '%SystemRoot%\SysWOW64', '%SystemRoot%\WinSxS',
        '%ProgramFiles%', '%ProgramFiles(x86)%', '%ProgramW6432%', '%CommonProgramFiles%', '%CommonProgramFiles(x86)%',
        '%ProgramData%', '%ALLUSERSPROFILE%', '%PUBLIC%', '%SystemDrive%\Users', '%HOMEDRIVE%%HOMEPATH%',
        '%USERPROFILE%', '%USERPROFILE%\AppData\Local', '%USERPROFILE%\AppData\LocalLow', '%USERPROFILE%\AppData\Roaming',
        '%USERPROFILE%\Desktop', '%USERPROFILE%\Documents', '%USERPROFILE%\Downloads', '%USERPROFILE%\Pictures',
        '%LOCALAPPDATA%', '%LOCALAPPDATA%\Packages', '%LOCALAPPDATA%\Microsoft', '%APPDATA%', '%APPDATA%\Microsoft',
        '%OneDrive%', '%OneDriveCommercial%', '%OneDriveConsumer%'
    )
    foreach ($name in $names) {
        $expanded = Expand-RemcPathCleanupVariable -Text $name
        # An undefined variable stays as written: it protects nothing.
        if ($expanded.Contains('%')) { continue }
        $key = ConvertTo-RemcPathCleanupKey -Path $expanded
        if ($key -ne '') { $key }
    }
}

function ConvertTo-RemcPathCleanupKey {
    param([string] $Path)
    # Comparable form: no trailing backslash, lower case (Windows paths are case-insensitive).
    return $Path.TrimEnd('\').ToLowerInvariant()
}

function Test-RemcPathCleanupAbsolute {
    param([string] $Path)
    # A drive path (C:\...) or a share path (\\server\share\...); never \\?\ or \\.\ device paths.
    if ($Path -match '^\\\\[?.]\\') { return $false }
    return ($Path -match '^[A-Za-z]:\\' -or $Path -match '^\\\\[^\\]+\\[^\\]+')
}

function Get-RemcPathCleanupRootProblem {
    param([string] $Declared, [string] $Path, $Protected, [bool] $Known = $false, [string[]] $Include = @())
    # Why an expanded path must not be cleaned, or '' when it may (the device-side twin of index.ts).
    # Known: the path is a known folder itself ({Desktop}), allowed only for an include that names items.
    $found = [regex]::Match($Path, '%([^%\\]+)%')
    if ($found.Success) { return ('{0}: environment variable {1} is not set' -f $Declared, $found.Groups[1].Value) }
    if (-not (Test-RemcPathCleanupAbsolute -Path $Path)) { return ('{0}: "{1}" is not an absolute path' -f $Declared, $Path) }
    if ($Path -match '[*?]') { return ('{0}: "{1}" holds a wildcard' -f $Declared, $Path) }
    $key = ConvertTo-RemcPathCleanupKey -Path $Path
    $segments = $key.Split('\')
    for ($i = 1; $i -lt $segments.Count; $i++) {
        if ($segments[$i] -eq '.' -or $segments[$i] -eq '..') { return ('{0}: "{1}" holds a . or .. segment' -f $Declared, $Path) }
    }
    if ($key -match '^[a-z]:$' -or $key -match '^\\\\[^\\]+\\[^\\]+$') { return ('{0}: "{1}" is a drive or share root' -f $Declared, $Path) }
    if ($key -match '^[a-z]:\\users\\[^\\]+(\\appdata(\\(local|locallow|roaming))?)?$') { return ('{0}: "{1}" is a user profile folder' -f $Declared, $Path) }
    if ($Known) {
        foreach ($one in @($Include)) {
            if (-not (Test-RemcPathCleanupSpecificPattern -Pattern $one)) { return ('{0}: "{1}" is a known folder itself, and include "{2}" would empty it' -f $Declared, $Path, $one) }
        }
    }
    foreach ($root in @($Protected)) {
        if ($root -eq $key -and -not $Known) { return ('{0}: "{1}" is a protected folder' -f $Declared, $Path) }
        if ($root.StartsWith($key + '\', [System.StringComparison]::Ordinal)) { return ('{0}: "{1}" contains the protected folder {2}' -f $Declared, $Path, $root) }
    }
    return ''
}

function Test-RemcPathCleanupSpecificPattern {
    param([string] $Pattern)
    # Some text besides wildcards, dots and backslashes: Old App.lnk, *.tmp; not *, *.* or *\*.
    return (($Pattern -replace '\[[^\]]*\]', '' -replace '[\*\?\.\\]', '') -ne '')
}

function Resolve-RemcPathCleanupRoot {
    param($Config, $Scopes)
    # The declared paths, expanded for each scope (the running account, or each user's profile) and
    # checked; a path inside another declared path is cleaned with it. Throws when one is dangerous, so
    # the probe reports an error and nothing is removed. Each root: @{ Path; User }.
    $declared = @(@($Config.Paths) | Where-Object { -not [string]::IsNullOrEmpty([string]$_) } | ForEach-Object { [string]$_ })
    if ($declared.Count -eq 0) { throw 'no paths to clean (declare paths or a preset)' }
    if ($null -eq $Scopes) { $Scopes = (Get-RemcPathCleanupScope -Config $Config).Scopes }
    $protected = @(Get-RemcPathCleanupProtectedRoot)
    $include = @(Get-RemcPathCleanupPatternList -Pattern $Config.Include -Default @('*'))
    $roots = @()
    foreach ($scope in @($Scopes)) {
        # The user's own folders are protected like %USERPROFILE%\Desktop and the rest for the running account.
        $own = @($scope.Folders.Values | ForEach-Object { ConvertTo-RemcPathCleanupKey -Path ([string]$_) })
        if ($scope.Folders.ContainsKey('UserProfile')) { $own += @('desktop', 'documents', 'downloads', 'pictures' | ForEach-Object { (ConvertTo-RemcPathCleanupKey -Path $scope.Folders.UserProfile) + '\' + $_ }) }
        foreach ($one in $declared) {
            $expanded = Expand-RemcPathCleanupScopePath -Text $one -Scope $scope
            $known = ($one -match '^\{[A-Za-z]+\}\\*$')
            $problem = Get-RemcPathCleanupRootProblem -Declared $one -Path $expanded -Protected ($protected + $own) -Known $known -Include $include
            if ($problem -ne '') {
                if ($scope.User -ne '') { $problem = '{0} (user {1})' -f $problem, $scope.User }
                throw ('refused to clean {0}' -f $problem)
            }
            $roots += @{ Path = $expanded.TrimEnd('\'); User = $scope.User }
        }
    }
    $seen = @{}
    foreach ($root in $roots) {
        $key = ConvertTo-RemcPathCleanupKey -Path $root.Path
        if ($seen.ContainsKey($key)) { continue }
        $seen[$key] = $true
        $inside = $false
        foreach ($other in $roots) {
            $otherKey = ConvertTo-RemcPathCleanupKey -Path $other.Path
            if ($key.StartsWith($otherKey + '\', [System.StringComparison]::Ordinal)) { $inside = $true }
        }
        if (-not $inside) { $root }
    }
}

function Get-RemcPathCleanupScope {
    param($Config)
    # Whose folders the paths name: the running account's own (one scope, User ''), or with
    # ForEachUser each real profile's. Folders: each known folder's place (by name), and UserProfile.
    $known = @(@($Config.KnownFolders) | Where-Object { $null -ne $_ })
    $result = @{ Scopes = @(); Skipped = 0; Defaults = 0 }
    if (-not [bool]$Config.ForEachUser) {
        $folders = @{}
        if ($known.Count -gt 0) {
            $values = Get-RemcPathCleanupShellFolder -Sid ''
            $profilePath = Expand-RemcPathCleanupVariable -Text '%USERPROFILE%'
            foreach ($folder in $known) { $folders[[string]$folder.Name] = Get-RemcPathCleanupKnownFolder -Values $values -Folder $folder -ProfilePath $profilePath -Own '' }
        }
        $result.Scopes = @(@{ User = ''; Folders = $folders })
        return $result
    }
    # Read from SYSTEM, a user's %USERPROFILE%... comes back under SYSTEM's own profile: mapped back.
    $own = Expand-RemcPathCleanupVariable -Text '%USERPROFILE%'
    foreach ($entry in @(Get-RemcPathCleanupProfile)) {
        if ($null -eq $entry) { continue }
        if (-not (Test-RemcPathCleanupRealProfile -Profile $entry)) { $result.Skipped++; continue }
        $profilePath = ([string]$entry.ProfileImagePath).TrimEnd('\')
        $values = Get-RemcPathCleanupShellFolder -Sid ([string]$entry.PSChildName)
        if ($null -eq $values) { $result.Defaults++ }
        $folders = @{ UserProfile = $profilePath }
        foreach ($folder in $known) { $folders[[string]$folder.Name] = Get-RemcPathCleanupKnownFolder -Values $values -Folder $folder -ProfilePath $profilePath -Own $own }
        $result.Scopes += @{ User = $profilePath.Substring($profilePath.LastIndexOf('\') + 1); Folders = $folders }
    }
    return $result
}

function Test-RemcPathCleanupRealProfile {
    param($Profile)
    # A person's profile: a domain, local (S-1-5-21-...) or Entra ID (S-1-12-1-...) account's, not a
    # system account's (S-1-5-18/19/20), not a backup key (SID.bak), not a temporary profile (State
    # 0x800 "temporary profile loaded", or a TEMP / TEMP.<domain>... folder).
    $sid = [string]$Profile.PSChildName
    if ($sid -notmatch '^S-1-(5-21|12-1)(-[0-9]+)+$') { return $false }
    $path = ([string]$Profile.ProfileImagePath).TrimEnd('\')
    if ($path -eq '' -or -not (Test-RemcPathCleanupAbsolute -Path $path)) { return $false }
    $state = 0
    if ($null -ne $Profile.State) { $state = [int]$Profile.State }
    if (($state -band 0x800) -ne 0) { return $false }
    $leaf = $path.Substring($path.LastIndexOf('\') + 1)
    return ($leaf -ne 'TEMP' -and $leaf -notlike 'TEMP.*')
}

function Get-RemcPathCleanupKnownFolder {
    param($Values, $Folder, [string] $ProfilePath, [string] $Own)
    # Where the user's shell keeps a known folder: its User Shell Folders value, else its default place
    # under the profile. Own: the running account's profile, which a value read from SYSTEM was expanded
    # into instead of the user's.
    $path = ''
    if ($null -ne $Values) {
        $value = $Values.([string]$Folder.Value)
        if ($null -ne $value) { $path = ([string]$value).TrimEnd('\') }
    }
    if ($path -eq '') { return ($ProfilePath + '\' + [string]$Folder.Fallback) }
    if ($Own -ne '' -and ($path -eq $Own -or $path.StartsWith($Own + '\', [System.StringComparison]::OrdinalIgnoreCase))) { $path = $ProfilePath + $path.Substring($Own.Length) }
    return $path
}

function Expand-RemcPathCleanupScopePath {
    param([string] $Text, $Scope)
    # A declared path for one scope: {Name} is that known folder; for a user, %USERPROFILE%, %APPDATA%
    # and %LOCALAPPDATA% are that user's; then the machine's variables.
    $found = [regex]::Match($Text, '^\{([A-Za-z]+)\}')
    if ($found.Success) {
        $name = $found.Groups[1].Value
        if (-not $Scope.Folders.ContainsKey($name)) { throw ('{0}: the known folder {1} was not resolved' -f $Text, $name) }
        $Text = [string]$Scope.Folders[$name] + $Text.Substring($found.Length)
    }
    elseif ($Scope.User -ne '') {
        foreach ($pair in @(@('%USERPROFILE%', 'UserProfile'), @('%APPDATA%', 'AppData'), @('%LOCALAPPDATA%', 'LocalAppData'))) {
            if ($Text.StartsWith($pair[0], [System.StringComparison]::OrdinalIgnoreCase) -and $Scope.Folders.ContainsKey($pair[1])) {
                $Text = [string]$Scope.Folders[$pair[1]] + $Text.Substring($pair[0].Length)
                break
            }
        }
    }
    return (Expand-RemcPathCleanupVariable -Text $Text)
}

function Get-RemcPathCleanupPatternList {
    param($Pattern, [string[]] $Default = @())
    $list = @(@($Pattern) | Where-Object { -not [string]::IsNullOrEmpty([string]$_) } | ForEach-Object { ([string]$_).Trim('\') })
    if ($list.Count -eq 0) { return $Default }
    return $list
}

function Test-RemcPathCleanupPattern {
    param([string] $Name, [string] $Relative, [string[]] $Pattern)
    # A pattern with a backslash matches the path relative to the declared folder, one without it the
    # item's name at any depth; -like is case-insensitive.
    foreach ($one in @($Pattern)) {
        if ([string]::IsNullOrEmpty($one)) { continue }
        if ($one.Contains('\')) {
            if ($Relative -like $one) { return $true }
        }
        elseif ($Name -like $one) { return $true }
    }
    return $false
}

function Test-RemcPathCleanupUntouchable {
    param([int] $Attributes)
    # Never entered, never removed: junctions and symbolic links (ReparsePoint 0x400), and cloud
    # placeholders (Offline 0x1000, RecallOnOpen 0x40000, RecallOnDataAccess 0x400000): deleting an
    # online-only OneDrive file deletes it in the cloud.
    return (($Attributes -band 0x441400) -ne 0)
}

function New-RemcPathCleanupNode {
    param($Item, $Parent, [int] $ParentIndex)
    $attributes = [int]$Item.Attributes
    $name = [string]$Item.Name
    $relative = $name
    if ($null -ne $Parent -and $Parent.Relative -ne '') { $relative = $Parent.Relative + '\' + $name }
    $isDirectory = (($attributes -band 0x10) -ne 0)
    $length = [long]0
    if (-not $isDirectory -and $null -ne $Item.Length) { $length = [long]$Item.Length }
    return @{
        Path        = [string]$Item.FullName
        Name        = $name
        Relative    = $relative
        Parent      = $ParentIndex
        Attributes  = $attributes
        IsDirectory = $isDirectory
        Length      = $length
        WrittenUtc  = [datetime]$Item.LastWriteTimeUtc
        Selected    = $false
        Protected   = $false
        Untouchable = (Test-RemcPathCleanupUntouchable -Attributes $attributes)
        Complete    = $false
        AllGone     = $true
        Remove      = $false
        IsRoot      = $false
        User        = ''
    }
}

function Get-RemcPathCleanupPlan {
    param($Config, [datetime] $Now)
    # What the fix removes, deepest first: the probe and the fix share this so they always agree.
    $scope = Get-RemcPathCleanupScope -Config $Config
    $roots = @(Resolve-RemcPathCleanupRoot -Config $Config -Scopes $scope.Scopes)
    $perUser = [bool]$Config.ForEachUser
    $include = @(Get-RemcPathCleanupPatternList -Pattern $Config.Include -Default @('*'))
    $exclude = @(Get-RemcPathCleanupPatternList -Pattern $Config.Exclude)
    $cutoff = $null
    if ([int]$Config.OlderThanDays -gt 0) { $cutoff = $Now.AddDays(-[int]$Config.OlderThanDays) }
    $limit = [int]$Config.MaxItems
    if ($limit -le 0) { $limit = 100000 }
    $plan = @{
        Roots = @($roots | ForEach-Object { $_.Path }); Missing = @(); LinkedRoots = @(); Remove = @(); Limit = $limit
        PerUser = $perUser; Users = $scope.Scopes.Count; UsersWithItems = 0; SkippedProfiles = $scope.Skipped; DefaultFolders = $scope.Defaults
        Files = 0; Folders = 0; Bytes = [long]0; Skipped = 0; Protected = 0; Kept = 0
        Unreadable = 0; FirstUnreadable = ''; Truncated = $false; Seen = 0
    }
    # Every item seen, by index (a hashtable: Constrained Language Mode allows no ArrayList or Stack);
    # a node's children always come after it.
    $nodes = @{}
    $count = 0
    foreach ($entry in $roots) {
        $root = $entry.Path
        $item = Get-RemcPathCleanupItem -Path $root
        if ($null -eq $item) { $plan.Missing += $root; continue }
        $node = New-RemcPathCleanupNode -Item $item -Parent $null -ParentIndex -1
        $node.Path = $root
        $node.User = $entry.User
        if (-not $node.IsDirectory) {
            # A declared file: itself is the one candidate.
            $node.Selected = (Test-RemcPathCleanupPattern -Name $node.Name -Relative $node.Name -Pattern $include)
            $node.Protected = (Test-RemcPathCleanupPattern -Name $node.Name -Relative $node.Name -Pattern $exclude)
            $nodes[$count] = $node
            $count++
            continue
        }
        if ($node.Untouchable) {
            # The declared folder is itself a link (or placeholder): cleaning it would clean its target.
            $plan.LinkedRoots += $root
            continue
        }
        $node.IsRoot = $true
        $node.Relative = ''
        # The folders still to list, as a stack of node indexes.
        $stack = @{}
        $top = 0
        $nodes[$count] = $node
        $stack[$top] = $count
        $top++
        $count++
        while ($top -gt 0) {
            $top--
            $index = [int]$stack[$top]
            $folder = $nodes[$index]
            $room = $limit - $plan.Seen
            if ($room -le 0) { $plan.Truncated = $true; continue }
            try {
                $children = @(Get-RemcPathCleanupChildItem -Path $folder.Path -Limit ($room + 1))
            }
            catch {
                $message = (([string]$_.Exception.Message) -replace '\s+', ' ').Trim()
                # The declared folder itself: the probe cannot tell, so it fails (and nothing is removed);
                # one user's, when every user's are cleaned: counted, and the other users' cleaned.
                if ($folder.IsRoot -and -not $perUser) { throw ('cannot read {0}: {1}' -f $folder.Path, $message) }
                # A folder inside: kept with its parents, and reported.
                $plan.Unreadable++
                if ($plan.FirstUnreadable -eq '') { $plan.FirstUnreadable = $message }
                continue
            }
            if ($children.Count -gt $room) {
                $plan.Truncated = $true
                $children = @($children[0..($room - 1)])
            }
            else {
                $folder.Complete = $true
            }
            $plan.Seen += $children.Count
            foreach ($child in $children) {
                $node = New-RemcPathCleanupNode -Item $child -Parent $folder -ParentIndex $index
                $node.User = $folder.User
                $node.Protected = ($folder.Protected -or (Test-RemcPathCleanupPattern -Name $node.Name -Relative $node.Relative -Pattern $exclude))
                $node.Selected = ($folder.Selected -or (Test-RemcPathCleanupPattern -Name $node.Name -Relative $node.Relative -Pattern $include))
                $nodes[$count] = $node
                # Excluded folders keep everything in them: no need to read them.
                if ($node.IsDirectory -and -not $node.Untouchable -and -not $node.Protected) {
                    $stack[$top] = $count
                    $top++
                }
                $count++
            }
        }
    }
    # Bottom-up: every child was added after its parent, so walking backwards decides children first.
    $remove = @{}
    $removeCount = 0
    $users = @{}
    for ($i = $count - 1; $i -ge 0; $i--) {
        $node = $nodes[$i]
        if ($node.IsRoot) { continue }
        $old = ($null -eq $cutoff -or $node.WrittenUtc -lt $cutoff)
        if ($node.Untouchable) { $plan.Skipped++ }
        elseif ($node.Protected) { $plan.Protected++ }
        elseif ($node.IsDirectory) { $node.Remove = ($node.Selected -and $node.Complete -and $node.AllGone -and $old) }
        else { $node.Remove = ($node.Selected -and $old) }
        if ($node.Remove) {
            $remove[$removeCount] = @{ Path = $node.Path; Relative = $node.Relative; IsDirectory = $node.IsDirectory; Attributes = $node.Attributes; Length = $node.Length; Index = $i; Parent = $node.Parent; User = $node.User }
            $users[$node.User] = $true
            $removeCount++
            if ($node.IsDirectory) { $plan.Folders++ } else { $plan.Files++; $plan.Bytes += $node.Length }
        }
        else {
            if (-not $node.Untouchable -and -not $node.Protected -and -not $node.IsDirectory) { $plan.Kept++ }
            if ($node.Parent -ge 0) { $nodes[$node.Parent].AllGone = $false }
        }
    }
    $plan.Remove = @(for ($k = 0; $k -lt $removeCount; $k++) { $remove[$k] })
    $plan.UsersWithItems = $users.Count
    return $plan
}

function Format-RemcPathCleanupCount {
    param([int] $Count, [string] $Word)
    if ($Count -eq 1) { return ('1 {0}' -f $Word) }
    if ($Word.EndsWith('s')) { return ('{0} {1}es' -f $Count, $Word) }
    return ('{0} {1}s' -f $Count, $Word)
}

function Format-RemcPathCleanupSize {
    param([long] $Bytes)
    # Invariant culture: the summary reads the same on every device.
    $culture = [System.Globalization.CultureInfo]::InvariantCulture
    if ($Bytes -lt 1024) { return ('{0} bytes' -f $Bytes) }
    if ($Bytes -lt 1048576) { return [string]::Format($culture, '{0:0.0} KB', $Bytes / 1024.0) }
    if ($Bytes -lt 1073741824) { return [string]::Format($culture, '{0:0.0} MB', $Bytes / 1048576.0) }
    return [string]::Format($culture, '{0:0.00} GB', $Bytes / 1073741824.0)
}

function Format-RemcPathCleanupUsers {
    param($Plan)
    # ' for 3 users' when every user's profile is cleaned, else nothing.
    if (-not $Plan.PerUser) { return '' }
    return (' for {0}' -f (Format-RemcPathCleanupCount -Count $Plan.UsersWithItems -Word 'user'))
}

function Format-RemcPathCleanupWhat {
    param($Plan, [int] $Files = -1, [int] $Folders = -1, [long] $Bytes = -1)
    # '12 files and 3 folders (4.5 MB)', from the plan or from the counts of what was done.
    if ($Files -lt 0) { $Files = $Plan.Files }
    if ($Folders -lt 0) { $Folders = $Plan.Folders }
    if ($Bytes -lt 0) { $Bytes = $Plan.Bytes }
    $parts = @()
    if ($Files -gt 0 -or $Folders -eq 0) { $parts += (Format-RemcPathCleanupCount -Count $Files -Word 'file') }
    if ($Folders -gt 0) { $parts += (Format-RemcPathCleanupCount -Count $Folders -Word 'folder') }
    return ('{0} ({1})' -f ($parts -join ' and '), (Format-RemcPathCleanupSize -Bytes $Bytes))
}
