function Test-RemcCredentialPurge {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $all = @(Get-RemcCredentialSet -Filter $Config.EnumerateFilters)
    $selected = @(Select-RemcCredentialTarget -Credential $all -Config $Config)
    $matched = @($selected | ForEach-Object { $_.TargetName })
    $summary = 'no matching credentials'
    if ($selected.Count -gt 0) { $summary = Format-RemcCredentialCount -Count $selected.Count -Word 'matching credential' }
    return @{
        InDesiredState = ($selected.Count -eq 0)
        Summary        = $summary
        Facts          = @{ Matched = $matched; Total = $all.Count }
    }
}

function Get-RemcCredentialSet {
    # The credential set belongs to the user's logon session; SYSTEM or a network logon has none.
    param([string[]] $Filter = @())
    try {
        return @(Get-RemcCredential -Filter $Filter)
    }
    catch {
        if (([string]$_.Exception.Message) -like 'no logon session*') {
            throw 'no logon session: the credential set belongs to the signed-in user; run this remediation as the user, not SYSTEM'
        }
        throw
    }
}

function Select-RemcCredentialTarget {
    param($Credential, $Config)
    # Shared by probe and fix so both always pick exactly the same entries.
    $types = @($Config.Types | Where-Object { $null -ne $_ })
    if ($types.Count -eq 0) { $types = @(1) }
    foreach ($item in @($Credential)) {
        if ($null -eq $item) { continue }
        $name = [string]$item.TargetName
        if ($types -notcontains [int]$item.Type) { continue }
        if (-not (Test-RemcCredentialPattern -Text $name -Pattern $Config.Targets)) { continue }
        if (Test-RemcCredentialPattern -Text $name -Pattern $Config.Exclude) { continue }
        if (Test-RemcCredentialPattern -Text $name -Pattern $Config.Protected) { continue }
        $item
    }
}

function Test-RemcCredentialPattern {
    param([string] $Text, $Pattern)
    # -like is case-insensitive; no pattern never matches, so no Targets selects nothing.
    foreach ($one in @($Pattern)) {
        if ([string]::IsNullOrEmpty([string]$one)) { continue }
        if ($Text -like [string]$one) { return $true }
    }
    return $false
}

function Format-RemcCredentialCount {
    param([int] $Count, [string] $Word = 'credential')
    # '1 credential', '3 credentials', '3 matching credentials'
    if ($Count -eq 1) { return ('1 {0}' -f $Word) }
    return ('{0} {1}s' -f $Count, $Word)
}
