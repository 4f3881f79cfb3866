function Wait-RemcWamOperation {
    # A WinRT async call, awaited through .NET's AsTask with a time limit. $ResultType: the result's
    # type for IAsyncOperation<T>; $null for an IAsyncAction (no result).
    param($Operation, $ResultType, [int] $TimeoutSeconds, [string] $What)
    $null = Add-Type -AssemblyName System.Runtime.WindowsRuntime -ErrorAction Stop
    $methods = @([System.WindowsRuntimeSystemExtensions].GetMethods() | Where-Object { $_.Name -eq 'AsTask' -and $_.GetParameters().Count -eq 1 })
    if ($null -eq $ResultType) {
        $method = @($methods | Where-Object { $_.GetParameters()[0].ParameterType.Name -eq 'IAsyncAction' })[0]
    }
    else {
        $generic = @($methods | Where-Object { $_.GetParameters()[0].ParameterType.Name -eq 'IAsyncOperation`1' })[0]
        $method = $generic.MakeGenericMethod($ResultType)
    }
    $task = $method.Invoke($null, @($Operation))
    if (-not $task.Wait($TimeoutSeconds * 1000)) { throw ('{0} did not finish within {1} s' -f $What, $TimeoutSeconds) }
    if ($null -ne $ResultType) { return $task.Result }
}

function Get-RemcWamAccount {
    # The user's accounts of one app in Web Account Manager (Windows 10 1803 and later), as records:
    # @{ Id; UserName; State; TenantId; Account } (WebAccount's Id, UserName and State; TenantId from
    # WebAccount.Properties['TenantId'], the key MSAL.NET reads for the AAD provider's accounts
    # (AzureAD/microsoft-authentication-library-for-dotnet, Platforms/Features/WamBroker/AadPlugin.cs),
    # lower case, '' when absent or not a GUID; Account for the sign-out).
    param([string] $ProviderId, [string] $Authority, [string] $ClientId, [int] $TimeoutSeconds)
    $manager = [Windows.Security.Authentication.Web.Core.WebAuthenticationCoreManager, Windows.Security.Authentication.Web.Core, ContentType = WindowsRuntime]
    $providerType = [Windows.Security.Credentials.WebAccountProvider, Windows.Security.Credentials, ContentType = WindowsRuntime]
    $resultType = [Windows.Security.Authentication.Web.Core.FindAllAccountsResult, Windows.Security.Authentication.Web.Core, ContentType = WindowsRuntime]
    $provider = Wait-RemcWamOperation -Operation ($manager::FindAccountProviderAsync($ProviderId, $Authority)) -ResultType $providerType -TimeoutSeconds $TimeoutSeconds -What 'FindAccountProviderAsync'
    if ($null -eq $provider) { throw ('no Web Account Manager provider {0} ({1})' -f $ProviderId, $Authority) }
    $found = Wait-RemcWamOperation -Operation ($manager::FindAllAccountsAsync($provider, $ClientId)) -ResultType $resultType -TimeoutSeconds $TimeoutSeconds -What 'FindAllAccountsAsync'
    # FindAllWebAccountsStatus: Success, NotAllowedByProvider, NotSupportedByProvider, ProviderError.
    if ([string]$found.Status -ne 'Success') { throw ('FindAllAccountsAsync answered {0}' -f $found.Status) }
    foreach ($account in @($found.Accounts)) {
        @{ Id = [string]$account.Id; UserName = [string]$account.UserName; State = [string]$account.State; TenantId = (Get-RemcWamAccountTenant -Account $account); Account = $account }
    }
}

function Get-RemcWamAccountTenant {
    # An account whose tenant cannot be read is never signed out: '' rather than a guess.
    param($Account)
    $tenant = ''
    try {
        $properties = $Account.Properties
        if ($null -ne $properties -and $properties.ContainsKey('TenantId')) { $tenant = ([string]$properties['TenantId']).Trim().ToLowerInvariant() }
    }
    catch {
        $tenant = ''
    }
    if ($tenant -notmatch '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') { return '' }
    return $tenant
}

function Invoke-RemcWamSignOut {
    # WebAccount.SignOutAsync for the app's client id: that app's tokens and account, nothing else.
    param($Account, [string] $ClientId, [int] $TimeoutSeconds)
    $null = Wait-RemcWamOperation -Operation ($Account.Account.SignOutAsync($ClientId)) -ResultType $null -TimeoutSeconds $TimeoutSeconds -What 'SignOutAsync'
}

function Get-RemcWamProcess {
    # Get-Process: the running processes of these exact names in every session (System.Diagnostics.Process:
    # ProcessName, Id, SessionId); none when none runs. Read only: the sign-out never stops an app.
    param([string[]] $Name)
    if ($null -eq $Name -or $Name.Count -eq 0) { return }
    @(Get-Process -Name $Name -ErrorAction SilentlyContinue)
}

function Get-RemcWamSessionId {
    # The logon session this script runs in (Process.SessionId of the current process): another
    # user's app on a shared device does not hold this user's sign-out.
    [int][System.Diagnostics.Process]::GetCurrentProcess().SessionId
}
