# Test fakes for the wam-account-sign-out seams (never emitted). Dot-source this file: it defines the
# fakes and points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState; only the Wam* keys are touched.
#
# The seam hands the probe and fix records, not WinRT objects: @{ Id; UserName; State; TenantId; Account },
# from WebAccount's Id, UserName and State (Microsoft Learn, "WebAccount Class", Windows.Security.Credentials;
# State is a WebAccountState: None, Connected, Error) and the 'TenantId' entry of WebAccount.Properties
# (the key MSAL.NET's AAD plugin reads: AzureAD/microsoft-authentication-library-for-dotnet,
# src/client/Microsoft.Identity.Client/Platforms/Features/WamBroker/AadPlugin.cs; no public sample shows
# its value, so the fakes write a lower-case GUID, '' for an account without one). The fakes return the
# same records (Account is $null: the fake sign-out finds the account by its Id).
#
# The app's processes: Get-Process (Microsoft Learn, "Get-Process", output System.Diagnostics.Process):
# ProcessName, Name, Id [int], SessionId [int], the shape path-cleanup's fakes use; the session the
# script runs in is Process.SessionId of the current process.

function Reset-RemcFakeWamAccountSignOut {
    param(
        # The user's accounts of the app (New-RemcFakeWamAccount).
        $Account = @(),
        # FindAllAccountsAsync fails or does not answer in time (the seam throws this message).
        [string] $QueryError = '',
        # SignOutAsync fails for these user names.
        [string[]] $FailSignOut = @(),
        # Running processes (New-RemcFakeWamProcess, or names: each then runs in the script's session).
        $Process = @(),
        # The session the script runs in.
        [int] $SessionId = 1
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.WamAccounts = New-Object System.Collections.ArrayList
    foreach ($item in @($Account)) { if ($null -ne $item) { $null = $state.WamAccounts.Add($item) } }
    $state.WamQueryError = $QueryError
    $state.WamFailSignOut = @($FailSignOut)
    $state.WamSignedOut = New-Object System.Collections.ArrayList
    $state.WamSessionId = $SessionId
    $state.WamProcesses = New-Object System.Collections.ArrayList
    $next = 4000
    foreach ($item in @($Process)) {
        if ($null -eq $item) { continue }
        if ($item -is [string]) { $item = New-RemcFakeWamProcess -Name $item -Id $next -SessionId $SessionId }
        $null = $state.WamProcesses.Add($item)
        $next++
    }
    # WamCalls: every seam call in order ('find:<client id>', 'processes:<names>', 'signout:<user name>').
    $state.WamCalls = New-Object System.Collections.ArrayList
}

function New-RemcFakeWamAccount {
    param(
        [string] $UserName = 'alice@contoso.com',
        [string] $Id = '',
        [ValidateSet('None', 'Connected', 'Error')] [string] $State = 'Connected',
        # WebAccount.Properties['TenantId'] ('' for an account whose properties name none); by default the
        # tenant the sign-in-diagnostics fakes' dsregcmd names, the device's own.
        [string] $TenantId = '96fa76d0-0000-4000-8000-eb60cc220000'
    )
    # WebAccount.Id is an opaque provider-assigned string; one made from the name stands in for it.
    if ($Id -eq '') { $Id = 'wam-account:' + $UserName }
    @{ Id = $Id; UserName = $UserName; State = $State; TenantId = $TenantId }
}

# A running process of an app whose accounts are signed out (by default Outlook) in a session.
function New-RemcFakeWamProcess {
    param([string] $Name = 'OUTLOOK', [int] $Id = 4000, [int] $SessionId = 1)
    @{ Name = $Name; Id = $Id; SessionId = $SessionId }
}

function Get-RemcFakeWamAccount {
    param([string] $ProviderId, [string] $Authority, [string] $ClientId, [int] $TimeoutSeconds)
    $state = $global:RemcFakeState
    $null = $state.WamCalls.Add(('find:{0}' -f $ClientId))
    if ($state.WamQueryError) { throw $state.WamQueryError }
    foreach ($item in @($state.WamAccounts)) {
        @{ Id = [string]$item.Id; UserName = [string]$item.UserName; State = [string]$item.State; TenantId = ([string]$item.TenantId).ToLowerInvariant(); Account = $null }
    }
}

function Get-RemcFakeWamProcess {
    param([string[]] $Name)
    $state = $global:RemcFakeState
    $null = $state.WamCalls.Add(('processes:{0}' -f ($Name -join ',')))
    foreach ($process in @($state.WamProcesses)) {
        $match = $false
        # Get-Process -Name is case-insensitive and expands wildcards.
        foreach ($one in $Name) { if ([string]$process.Name -like $one) { $match = $true } }
        if ($match) { [pscustomobject]@{ PSTypeName = 'System.Diagnostics.Process'; ProcessName = [string]$process.Name; Name = [string]$process.Name; Id = [int]$process.Id; SessionId = [int]$process.SessionId } }
    }
}

function Get-RemcFakeWamSessionId {
    [int]$global:RemcFakeState.WamSessionId
}

function Invoke-RemcFakeWamSignOut {
    param($Account, [string] $ClientId, [int] $TimeoutSeconds)
    $state = $global:RemcFakeState
    $null = $state.WamCalls.Add(('signout:{0}' -f $Account.UserName))
    if ($state.WamFailSignOut -contains $Account.UserName) { throw 'SignOutAsync failed with HRESULT 0x80070005' }
    foreach ($item in @($state.WamAccounts)) {
        if ([string]$item.Id -eq [string]$Account.Id) {
            $state.WamAccounts.Remove($item)
            $null = $state.WamSignedOut.Add([string]$item.UserName)
            return
        }
    }
}

Set-Alias -Name Get-RemcWamAccount -Value Get-RemcFakeWamAccount
Set-Alias -Name Invoke-RemcWamSignOut -Value Invoke-RemcFakeWamSignOut
Set-Alias -Name Get-RemcWamProcess -Value Get-RemcFakeWamProcess
Set-Alias -Name Get-RemcWamSessionId -Value Get-RemcFakeWamSessionId
