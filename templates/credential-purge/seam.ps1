function Get-RemcCredentialApi {
    # Compile native.cs once per process; the compiler defines $script:RemcNativeCredentialPurge.
    $api = 'Remc.Native.CredentialApi' -as [type]
    if ($null -eq $api) {
        $null = Add-Type -TypeDefinition $script:RemcNativeCredentialPurge -Language CSharp -ErrorAction Stop
        $api = 'Remc.Native.CredentialApi' -as [type]
    }
    return $api
}

function Get-RemcCredentialErrorText {
    param($ErrorRecord)
    # .NET calls arrive wrapped in MethodInvocationException; keep the inner, code-bearing message.
    $ex = $ErrorRecord.Exception
    if ($null -ne $ex.InnerException) { $ex = $ex.InnerException }
    return (([string]$ex.Message) -replace '\s+', ' ').Trim()
}

function Get-RemcCredential {
    # Win32 CredEnumerateW instead of parsing cmdkey /list (localized labels). With filters ('prefix*')
    # only those entries are read, never the user's whole credential set; none reads all.
    param([string[]] $Filter = @())
    $api = Get-RemcCredentialApi
    $filters = @(@($Filter) | Where-Object { -not [string]::IsNullOrEmpty($_) })
    if ($filters.Count -eq 0) { $filters = @($null) }
    $seen = @{}
    foreach ($one in $filters) {
        try {
            $items = $api::Enumerate($one)
        }
        catch {
            throw (Get-RemcCredentialErrorText -ErrorRecord $_)
        }
        foreach ($item in $items) {
            # Two filters can return the same entry (a prefix of a prefix): once each.
            $key = '{0}|{1}' -f $item.TargetName, $item.Type
            if ($seen.ContainsKey($key)) { continue }
            $seen[$key] = $true
            [pscustomobject]@{ TargetName = [string]$item.TargetName; Type = [int]$item.Type; UserName = [string]$item.UserName }
        }
    }
}

function Remove-RemcCredential {
    param([string] $TargetName, [int] $Type)
    if ([string]::IsNullOrEmpty($TargetName)) { throw 'Remove-RemcCredential: TargetName is empty' }
    $api = Get-RemcCredentialApi
    try {
        # Exact target and type: no wildcard, no trimming (OneDrive targets contain spaces).
        return [bool]$api::Delete($TargetName, $Type)
    }
    catch {
        throw (Get-RemcCredentialErrorText -ErrorRecord $_)
    }
}

function Stop-RemcProcess {
    param([string[]] $Name)
    if ($null -eq $Name -or $Name.Count -eq 0) { return 0 }
    # Only this session's processes: on shared hosts other users' apps are not ours to stop.
    $session = [System.Diagnostics.Process]::GetCurrentProcess().SessionId
    $found = @(Get-Process -Name $Name -ErrorAction SilentlyContinue | Where-Object { $_.SessionId -eq $session })
    $stopped = @()
    foreach ($process in $found) {
        try {
            Stop-Process -InputObject $process -Force -ErrorAction Stop
            $stopped += $process
        }
        catch {
            # Already exited or not stoppable: deleting credentials does not depend on it.
            $null = $_
        }
    }
    Wait-RemcProcessExit -Process $stopped -Seconds 5
    return $stopped.Count
}

function Wait-RemcProcessExit {
    param($Process, [int] $Seconds)
    # Bounded wait so the app releases its credential handles before we delete.
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    foreach ($process in @($Process)) {
        $left = [int]($deadline - [DateTime]::UtcNow).TotalMilliseconds
        if ($left -le 0) { return }
        try { $null = $process.WaitForExit($left) } catch { $null = $_ }
    }
}
