# Test fakes for the firewall-profile seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState; only this template's keys (Firewall*) are touched:
#   FirewallLocal      the local store (PersistentStore): @{ Domain = @{ Enabled; Inbound }; Private; Public },
#                      Enabled a GpoBoolean name ('True', 'False', 'NotConfigured'), Inbound an Action name
#                      ('Block', 'Allow', 'NotConfigured')
#   FirewallPolicy     what Group Policy and MDM (Firewall CSP) policies set, same shape; a profile or value
#                      they leave alone is 'NotConfigured'. They win over the local store.
#   FirewallSetError   $null, or the CimException NativeErrorCode a Set-NetFirewallProfile call fails with
#                      ('AccessDenied'): nothing is written
#   FirewallReadError  $null, or a message Get-NetFirewallProfile throws (the firewall service stopped, WMI broken)
#   FirewallCalls      every seam call in order: 'read:ActiveStore', 'read:PersistentStore', and the calls
#                      that change the machine: 'set:<Profile>:Enabled=<True|False>', 'set:<Profile>:Inbound=<Block|Allow>'
#
# The policy in force (ActiveStore) is computed as Windows merges the stores (Learn: Get-NetFirewallProfile,
# -PolicyStore: "ActiveStore ... is the sum of all policy stores that apply to the computer"; Learn:
# "Firewall CSP", MdmStore/<Profile>/EnableFirewall and DefaultInboundAction): a policy's value when it
# sets one, else the local store's, else Windows' default (Learn: "INetFwPolicy2::get_DefaultInboundAction",
# "These settings are Block by default"; the firewall is on by default).

# One profile's values in one store, as the scenarios describe it.
function New-RemcFakeFirewallSetting {
    param(
        [ValidateSet('True', 'False', 'NotConfigured')] [string] $Enabled = 'True',
        [ValidateSet('Block', 'Allow', 'NotConfigured')] [string] $Inbound = 'Block'
    )
    return @{ Enabled = $Enabled; Inbound = $Inbound }
}

function Reset-RemcFakeFirewallProfile {
    param(
        # The local store: a hashtable of profile name -> New-RemcFakeFirewallSetting; a profile left out
        # is on, inbound block (a Windows client out of the box).
        [hashtable] $Local = @{},
        # Group Policy / MDM: profile name -> New-RemcFakeFirewallSetting; a profile left out sets nothing.
        [hashtable] $Policy = @{},
        # Set-NetFirewallProfile fails with this NativeErrorCode ('AccessDenied'), writing nothing.
        $SetError = $null,
        # Get-NetFirewallProfile fails with this message.
        $ReadError = $null
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    $state.FirewallLocal = @{}
    $state.FirewallPolicy = @{}
    foreach ($name in @('Domain', 'Private', 'Public')) {
        $mine = New-RemcFakeFirewallSetting
        if ($Local.ContainsKey($name)) { $mine = @{ Enabled = [string]$Local[$name].Enabled; Inbound = [string]$Local[$name].Inbound } }
        $state.FirewallLocal[$name] = $mine
        $theirs = New-RemcFakeFirewallSetting -Enabled 'NotConfigured' -Inbound 'NotConfigured'
        if ($Policy.ContainsKey($name)) { $theirs = @{ Enabled = [string]$Policy[$name].Enabled; Inbound = [string]$Policy[$name].Inbound } }
        $state.FirewallPolicy[$name] = $theirs
    }
    $state.FirewallSetError = $SetError
    $state.FirewallReadError = $ReadError
    $state.FirewallCalls = New-Object System.Collections.ArrayList
}

# The value in force: the policy's, else the local store's, else Windows' default.
function Get-RemcFakeFirewallInForce {
    param([string] $Name, [string] $Key, [string] $Default)
    $state = $global:RemcFakeState
    $policy = [string]$state.FirewallPolicy[$Name][$Key]
    if ($policy -ne '' -and $policy -ne 'NotConfigured') { return $policy }
    $local = [string]$state.FirewallLocal[$Name][$Key]
    if ($local -ne '' -and $local -ne 'NotConfigured') { return $local }
    return $Default
}

# An MSFT_NetFirewallProfile as Get-NetFirewallProfile returns it (Learn: "Get-NetFirewallProfile", OUTPUTS
# Microsoft.Management.Infrastructure.CimInstance#root\StandardCimv2\MSFT_NetFirewallProfile; the
# properties Learn's "Set-NetFirewallProfile" parameters name). Enabled and the log switches are the
# module's GpoBoolean enum (Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.GpoBoolean:
# False 0, True 1, NotConfigured 2), the actions its Action enum (...NetSecurity.Action: NotConfigured 0,
# Allow 2, Block 4; Learn: "MSFT_NetFirewallRule class", Action "Allow (2)", "Block (4)"). Those types
# exist only where the module is loaded, so the fakes carry enums of their own with the same names and
# values (RemcFakeGpoBoolean, RemcFakeNetSecurityAction, at the end of this file): a [string] of either is
# the name, and a [bool] of NotConfigured is $true, as with the real ones.
function ConvertTo-RemcFakeFirewallProfile {
    param([string] $Name, [string] $Enabled, [string] $Inbound)
    [pscustomobject][ordered]@{
        PSTypeName                      = 'Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallProfile'
        Name                            = $Name
        Enabled                         = [RemcFakeGpoBoolean]$Enabled
        DefaultInboundAction            = [RemcFakeNetSecurityAction]$Inbound
        DefaultOutboundAction           = [RemcFakeNetSecurityAction]'NotConfigured'
        AllowInboundRules               = [RemcFakeGpoBoolean]'NotConfigured'
        AllowLocalFirewallRules         = [RemcFakeGpoBoolean]'NotConfigured'
        AllowLocalIPsecRules            = [RemcFakeGpoBoolean]'NotConfigured'
        AllowUserApps                   = [RemcFakeGpoBoolean]'NotConfigured'
        AllowUserPorts                  = [RemcFakeGpoBoolean]'NotConfigured'
        AllowUnicastResponseToMulticast = [RemcFakeGpoBoolean]'NotConfigured'
        NotifyOnListen                  = [RemcFakeGpoBoolean]'True'
        EnableStealthModeForIPsec       = [RemcFakeGpoBoolean]'NotConfigured'
        LogFileName                     = '%systemroot%\system32\LogFiles\Firewall\pfirewall.log'
        LogMaxSizeKilobytes             = [uint64]4096
        LogAllowed                      = [RemcFakeGpoBoolean]'False'
        LogBlocked                      = [RemcFakeGpoBoolean]'False'
        LogIgnored                      = [RemcFakeGpoBoolean]'NotConfigured'
        DisabledInterfaceAliases        = @('NotConfigured')
    }
}

# Get-NetFirewallProfile -All -PolicyStore ActiveStore | PersistentStore: the three profiles. The local
# store shows its own values (NotConfigured where it sets none); the active store the merged ones.
function Get-RemcFakeFirewallProfileStore {
    param([string] $Store)
    $state = $global:RemcFakeState
    $null = $state.FirewallCalls.Add('read:' + $Store)
    if ($null -ne $state.FirewallReadError) { throw [string]$state.FirewallReadError }
    foreach ($name in @('Domain', 'Private', 'Public')) {
        if ($Store -eq 'ActiveStore') {
            $enabled = Get-RemcFakeFirewallInForce -Name $name -Key 'Enabled' -Default 'True'
            $inbound = Get-RemcFakeFirewallInForce -Name $name -Key 'Inbound' -Default 'Block'
        }
        else {
            $enabled = [string]$state.FirewallLocal[$name].Enabled
            $inbound = [string]$state.FirewallLocal[$name].Inbound
        }
        ConvertTo-RemcFakeFirewallProfile -Name $name -Enabled $enabled -Inbound $inbound
    }
}

# A failure as the CIM cmdlets throw it: a CimException-typed error whose NativeErrorCode says what failed.
function New-RemcFakeFirewallCimError {
    param([string] $Code)
    $codes = @{ AccessDenied = -2147217405; NotFound = -2147217406; Failed = -2147217407 }
    $hresult = -2147217407
    if ($codes.ContainsKey($Code)) { $hresult = $codes[$Code] }
    $ex = New-Object System.Exception ('The operation failed ({0}).' -f $Code)
    $ex.HResult = $hresult
    $ex.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimException')
    $ex | Add-Member -NotePropertyName NativeErrorCode -NotePropertyValue $Code
    return $ex
}

# Set-NetFirewallProfile -Profile <p> -PolicyStore PersistentStore -Enabled <True|False>.
function Set-RemcFakeFirewallProfileEnabled {
    param([string] $Name, [string] $Enabled)
    $state = $global:RemcFakeState
    $null = $state.FirewallCalls.Add(('set:{0}:Enabled={1}' -f $Name, $Enabled))
    if ($null -ne $state.FirewallSetError) { throw (New-RemcFakeFirewallCimError -Code ([string]$state.FirewallSetError)) }
    $state.FirewallLocal[$Name].Enabled = $Enabled
}

# Set-NetFirewallProfile -Profile <p> -PolicyStore PersistentStore -DefaultInboundAction <Block|Allow>.
function Set-RemcFakeFirewallProfileInbound {
    param([string] $Name, [string] $Action)
    $state = $global:RemcFakeState
    $null = $state.FirewallCalls.Add(('set:{0}:Inbound={1}' -f $Name, $Action))
    if ($null -ne $state.FirewallSetError) { throw (New-RemcFakeFirewallCimError -Code ([string]$state.FirewallSetError)) }
    $state.FirewallLocal[$Name].Inbound = $Action
}

Set-Alias -Name Get-RemcFirewallProfileStore -Value Get-RemcFakeFirewallProfileStore
Set-Alias -Name Set-RemcFirewallProfileEnabled -Value Set-RemcFakeFirewallProfileEnabled
Set-Alias -Name Set-RemcFirewallProfileInbound -Value Set-RemcFakeFirewallProfileInbound

# NetSecurity's GpoBoolean and Action, by name and value (see ConvertTo-RemcFakeFirewallProfile).
enum RemcFakeGpoBoolean { False = 0; True = 1; NotConfigured = 2 }
enum RemcFakeNetSecurityAction { NotConfigured = 0; Allow = 2; Block = 4 }
