# The seam of firewall-profile: the only Windows-facing calls, thin wrappers of the NetSecurity module
# (Learn: "Get-NetFirewallProfile", "Set-NetFirewallProfile"). Its cmdlets are CDXML over CIM
# (root/StandardCimv2, MSFT_NetFirewallProfile), a module Windows ships, so they answer in Constrained
# Language Mode as in FullLanguage; the code here and in the probe and fix uses cmdlets, properties and
# [string] casts only. The probe and fix hold the logic; the tests replace these functions with fakes
# (fakes.ps1).

# The three profiles of one policy store, as Get-NetFirewallProfile -PolicyStore returns them: CimInstances
# of root/StandardCimv2/MSFT_NetFirewallProfile with Name ('Domain', 'Private', 'Public'), Enabled (a
# NetSecurity GpoBoolean: False, True, NotConfigured) and DefaultInboundAction (a NetSecurity Action:
# NotConfigured, Allow, Block). ActiveStore is the policy in force: the local store merged with every
# Group Policy and MDM (Firewall CSP) policy, which win over it. PersistentStore is the local store, the
# one this template changes (Learn: "-PolicyStore" of Get-NetFirewallProfile).
function Get-RemcFirewallProfileStore {
    param([string] $Store)
    if (@('ActiveStore', 'PersistentStore') -notcontains $Store) { throw ("Get-RemcFirewallProfileStore: Store must be ActiveStore or PersistentStore, not '{0}'" -f $Store) }
    return @(Get-NetFirewallProfile -All -PolicyStore $Store -ErrorAction Stop)
}

# Turns one profile on or off in the local store. The value is the GpoBoolean's name ('True', 'False'):
# the parameter is that enum, which takes its name and refuses a [bool].
function Set-RemcFirewallProfileEnabled {
    param([string] $Name, [string] $Enabled)
    if (@('Domain', 'Private', 'Public') -notcontains $Name) { throw ("Set-RemcFirewallProfileEnabled: no profile '{0}'" -f $Name) }
    if (@('True', 'False') -notcontains $Enabled) { throw ("Set-RemcFirewallProfileEnabled: Enabled must be True or False, not '{0}'" -f $Enabled) }
    $null = Set-NetFirewallProfile -Profile $Name -PolicyStore 'PersistentStore' -Enabled $Enabled -ErrorAction Stop
}

# Sets one profile's default inbound action in the local store, by the Action's name ('Block', 'Allow').
function Set-RemcFirewallProfileInbound {
    param([string] $Name, [string] $Action)
    if (@('Domain', 'Private', 'Public') -notcontains $Name) { throw ("Set-RemcFirewallProfileInbound: no profile '{0}'" -f $Name) }
    if (@('Block', 'Allow') -notcontains $Action) { throw ("Set-RemcFirewallProfileInbound: Action must be Block or Allow, not '{0}'" -f $Action) }
    $null = Set-NetFirewallProfile -Profile $Name -PolicyStore 'PersistentStore' -DefaultInboundAction $Action -ErrorAction Stop
}

# What failed, in words no display language changes: the CimException's NativeErrorCode ('AccessDenied',
# 'NotFound', ...) and its HRESULT as 0x80041003, from the exception or the first inner one that has them;
# '' when none does.
function Get-RemcFirewallProfileErrorCode {
    param($Exception)
    $ex = $Exception
    while ($null -ne $ex) {
        $types = @($ex.PSObject.TypeNames)
        if ($types -contains 'Microsoft.Management.Infrastructure.CimException') {
            $code = [string]$ex.NativeErrorCode
            $hresult = [int]$ex.HResult
            # An HRESULT of its own (0x80041003, WBEM_E_ACCESS_DENIED), not that of any exception (0x80131500).
            if ($hresult -ne 0 -and $hresult -ne -2146233088 -and $hresult -ne -2146233087) { return ('{0} 0x{1:X8}' -f $code, $hresult) }
            return $code
        }
        if ($types -contains 'System.UnauthorizedAccessException') { return 'AccessDenied' }
        $ex = $ex.InnerException
    }
    return ''
}
