# Test fakes for the wam-account-sign-out seams (never emitted). Dot-source this file: it defines the
# fakes and points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState; only the Wam* keys are touched.
#
# The seam hands the probe and fix records, not WinRT objects: @{ Id; UserName; State; Account }, from
# WebAccount's Id, UserName and State (Microsoft Learn, "WebAccount Class", Windows.Security.Credentials;
# State is a WebAccountState: None, Connected, Error). The fakes return the same records (Account is the
# record itself: the fake sign-out finds the account by its Id).

function Reset-RemcFakeWamAccountSignOut {
    param(
        # The user's accounts of the app (New-RemcFakeWamAccount).
        $Account = @(),
        # FindAllAccountsAsync fails or does not answer in time (the seam throws this message).
        [string] $QueryError = '',
        # SignOutAsync fails for these user names.
        [string[]] $FailSignOut = @()
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.WamAccounts = New-Object System.Collections.ArrayList
    foreach ($item in @($Account)) { if ($null -ne $item) { $null = $state.WamAccounts.Add($item) } }
    $state.WamQueryError = $QueryError
    $state.WamFailSignOut = @($FailSignOut)
    $state.WamSignedOut = New-Object System.Collections.ArrayList
    # WamCalls: every seam call in order ('find:<client id>', 'signout:<user name>').
    $state.WamCalls = New-Object System.Collections.ArrayList
}

function New-RemcFakeWamAccount {
    param([string] $UserName = 'alice@contoso.com', [string] $Id = '', [ValidateSet('None', 'Connected', 'Error')] [string] $State = 'Connected')
    # WebAccount.Id is an opaque provider-assigned string; one made from the name stands in for it.
    if ($Id -eq '') { $Id = 'wam-account:' + $UserName }
    @{ Id = $Id; UserName = $UserName; State = $State }
}

function Get-RemcFakeWamAccount {
    param([string] $ProviderId, [string] $Authority, [string] $ClientId, [int] $TimeoutSeconds)
    $state = $global:RemcFakeState
    $null = $state.WamCalls.Add(('find:{0}' -f $ClientId))
    if ($state.WamQueryError) { throw $state.WamQueryError }
    foreach ($item in @($state.WamAccounts)) {
        @{ Id = [string]$item.Id; UserName = [string]$item.UserName; State = [string]$item.State; Account = $null }
    }
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
