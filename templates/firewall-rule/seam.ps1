# The seam of firewall-rule: the only Windows-facing calls, thin wrappers of the NetSecurity module
# (Learn: "Get-NetFirewallRule", "Enable-NetFirewallRule", "Disable-NetFirewallRule"). CDXML over CIM
# (root/StandardCimv2, MSFT_NetFirewallRule), a module Windows ships: they answer in Constrained Language
# Mode, and the code here uses cmdlets, properties and [string] casts only. Rules are found by their Name
# or their Group (the indirect string '@FirewallAPI.dll,-28752'), never by DisplayName or DisplayGroup,
# which Windows translates into the display language.

# The rules in force (ActiveStore: the local store merged with Group Policy and MDM rules, which win) of
# that Name or that Group, as CimInstances of MSFT_NetFirewallRule (Name, DisplayName, Group, Enabled a
# NetSecurity Enabled: True, False; PolicyStoreSourceType: Local, GroupPolicy, MDM, ...). Nothing when no
# rule has it: the cmdlet's ObjectNotFound error, told by its category, never by its (localized) text.
function Get-RemcFirewallRuleActive {
    param([string] $Name = '', [string] $Group = '')
    if (($Name -eq '') -eq ($Group -eq '')) { throw 'Get-RemcFirewallRuleActive: give Name or Group' }
    try {
        if ($Name -ne '') { return @(Get-NetFirewallRule -Name $Name -PolicyStore 'ActiveStore' -ErrorAction Stop) }
        return @(Get-NetFirewallRule -Group $Group -PolicyStore 'ActiveStore' -ErrorAction Stop)
    }
    catch {
        if ([string]$_.CategoryInfo.Category -eq 'ObjectNotFound') { return @() }
        throw
    }
}

# Enables or disables one rule, by its Name, in the local store (PersistentStore).
function Set-RemcFirewallRuleLocal {
    param([string] $Name, [bool] $Enable)
    if ([string]::IsNullOrEmpty($Name)) { throw 'Set-RemcFirewallRuleLocal: Name is empty' }
    if ($Enable) { $null = Enable-NetFirewallRule -Name $Name -PolicyStore 'PersistentStore' -ErrorAction Stop }
    else { $null = Disable-NetFirewallRule -Name $Name -PolicyStore 'PersistentStore' -ErrorAction Stop }
}
