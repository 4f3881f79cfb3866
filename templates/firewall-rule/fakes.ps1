# Test fakes for the firewall-rule seams (never emitted). Dot-source this file: it defines the fakes and
# points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState; only this template's keys (FirewallRule*) are touched:
#   FirewallRuleList     the rules this scenario names: hashtables made by New-RemcFakeFirewallRule
#   FirewallRuleDefault  the rule every other name is (New-RemcFakeFirewallRule; its Name is the one asked
#                        for), or $null: no other rule exists. A group nobody lists has GroupSize such rules,
#                        named '<group> rule <n>'. A default rule joins the list only when written.
#   FirewallRuleSetError $null, or the NativeErrorCode an Enable-/Disable-NetFirewallRule call fails with
#   FirewallRuleReadError $null, or a message Get-NetFirewallRule throws
#   FirewallRuleCalls    every seam call in order: 'read:name=<n>' / 'read:group=<g>', and the calls that
#                        change the machine: 'enable:<name>', 'disable:<name>'

# One rule of the simulated machine. Enabled is the local store's value ('True', 'False'); PolicyEnabled,
# when not '', the value a Group Policy or MDM rule of the same Name sets (it wins in the ActiveStore, and
# the rule in force then says PolicySource as its PolicyStoreSourceType).
function New-RemcFakeFirewallRule {
    param(
        [string] $Name = 'RemoteDesktop-UserMode-In-TCP',
        [string] $DisplayName = '',
        [string] $Group = '@FirewallAPI.dll,-28752',
        [string] $DisplayGroup = 'Remote Desktop',
        [ValidateSet('True', 'False')] [string] $Enabled = 'False',
        [ValidateSet('', 'True', 'False')] [string] $PolicyEnabled = '',
        [ValidateSet('GroupPolicy', 'MDM')] [string] $PolicySource = 'GroupPolicy',
        [int] $GroupSize = 3
    )
    if ($DisplayName -eq '') { $DisplayName = $Name }
    return @{ Name = $Name; DisplayName = $DisplayName; Group = $Group; DisplayGroup = $DisplayGroup; Enabled = $Enabled; PolicyEnabled = $PolicyEnabled; PolicySource = $PolicySource; GroupSize = $GroupSize }
}

# Built-in rules as a Windows 11 client has them out of the box (illustrative; Names and Groups as
# Get-NetFirewallRule lists them, DisplayNames in English): Remote Desktop off, file sharing off, DHCP on.
function Get-RemcFakeOrdinaryFirewallRule {
    @(
        (New-RemcFakeFirewallRule -Name 'RemoteDesktop-UserMode-In-TCP' -DisplayName 'Remote Desktop - User Mode (TCP-In)')
        (New-RemcFakeFirewallRule -Name 'RemoteDesktop-UserMode-In-UDP' -DisplayName 'Remote Desktop - User Mode (UDP-In)')
        (New-RemcFakeFirewallRule -Name 'RemoteDesktop-Shadow-In-TCP' -DisplayName 'Remote Desktop - Shadow (TCP-In)')
        (New-RemcFakeFirewallRule -Name 'FPS-SMB-In-TCP' -DisplayName 'File and Printer Sharing (SMB-In)' -Group '@FirewallAPI.dll,-28502' -DisplayGroup 'File and Printer Sharing')
        (New-RemcFakeFirewallRule -Name 'CoreNet-DHCP-In' -DisplayName 'Core Networking - Dynamic Host Configuration Protocol (DHCP-In)' -Group '@FirewallAPI.dll,-25000' -DisplayGroup 'Core Networking' -Enabled 'True')
    )
}

function Reset-RemcFakeFirewallRule {
    param(
        # The rules the scenario names; default: Get-RemcFakeOrdinaryFirewallRule.
        $Rule = $null,
        # What every other name (and group) is (New-RemcFakeFirewallRule; its Name and Group are ignored);
        # $null: no other rule. Default: an enabled local rule, so that any declared rule exists.
        $Default = $null,
        # Enable-/Disable-NetFirewallRule fail with this NativeErrorCode ('AccessDenied'), writing nothing.
        $SetError = $null,
        # Get-NetFirewallRule fails with this message.
        $ReadError = $null
    )
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    if (-not $PSBoundParameters.ContainsKey('Rule')) { $Rule = Get-RemcFakeOrdinaryFirewallRule }
    if (-not $PSBoundParameters.ContainsKey('Default')) { $Default = New-RemcFakeFirewallRule -Name '*' -Enabled 'True' }
    $state.FirewallRuleList = New-Object System.Collections.ArrayList
    foreach ($item in @($Rule)) { if ($null -ne $item) { $null = $state.FirewallRuleList.Add($item) } }
    $state.FirewallRuleDefault = $Default
    $state.FirewallRuleSetError = $SetError
    $state.FirewallRuleReadError = $ReadError
    $state.FirewallRuleCalls = New-Object System.Collections.ArrayList
}

# The entry of a rule by Name (case-insensitive, as the firewall compares), listed or made from the
# default (added to the list with -Materialize); $null when no such rule exists.
function Find-RemcFakeFirewallRuleEntry {
    param([string] $Name, [string] $Group = '', [switch] $Materialize)
    $state = $global:RemcFakeState
    foreach ($entry in @($state.FirewallRuleList)) { if ([string]$entry.Name -eq $Name) { return $entry } }
    if ($null -eq $state.FirewallRuleDefault) { return $null }
    $entry = @{}
    foreach ($key in @($state.FirewallRuleDefault.Keys)) { $entry[$key] = $state.FirewallRuleDefault[$key] }
    $entry.Name = $Name
    $entry.DisplayName = $Name
    $entry.Group = $Group
    if ($Group -eq '' -and $Name -match '^(.+) rule \d+$') { $entry.Group = $Matches[1] }
    if ($Materialize) { $null = $state.FirewallRuleList.Add($entry) }
    return $entry
}

# An MSFT_NetFirewallRule in force as Get-NetFirewallRule -PolicyStore ActiveStore returns it (Learn:
# "Get-NetFirewallRule", OUTPUTS CimInstance#root\StandardCimv2\MSFT_NetFirewallRule; the properties of
# Learn's "MSFT_NetFirewallRule class"). Enabled is NetSecurity's Enabled enum (True 1, False 2: the class's
# "Enabled" uint16, enabled (1), disabled (2)), PolicyStoreSourceType its PolicyStoreSourceType enum (the
# class's "PolicyStoreSourceType": Local, GroupPolicy, MDM, ...). The fakes carry enums of their own with
# those names (at the end of this file): a [string] of either is its name, as with the real ones.
function ConvertTo-RemcFakeFirewallRule {
    param($Entry)
    $enabled = [string]$Entry.Enabled
    $source = 'Local'
    $store = 'PersistentStore'
    if ([string]$Entry.PolicyEnabled -ne '') { $enabled = [string]$Entry.PolicyEnabled; $source = [string]$Entry.PolicySource; $store = 'contoso.com\Firewall' }
    [pscustomobject][ordered]@{
        PSTypeName            = 'Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallRule'
        Name                  = [string]$Entry.Name
        DisplayName           = [string]$Entry.DisplayName
        Description           = ''
        DisplayGroup          = [string]$Entry.DisplayGroup
        Group                 = [string]$Entry.Group
        Enabled               = [RemcFakeNetSecurityEnabled]$enabled
        Profile               = 'Any'
        Platform              = @()
        Direction             = 'Inbound'
        Action                = 'Allow'
        EdgeTraversalPolicy   = 'Block'
        LooseSourceMapping    = $false
        LocalOnlyMapping      = $false
        Owner                 = $null
        PrimaryStatus         = 'OK'
        Status                = 'The rule was parsed successfully from the store. (65536)'
        EnforcementStatus     = 'NotApplicable'
        PolicyStoreSource     = $store
        PolicyStoreSourceType = [RemcFakePolicyStoreSourceType]$source
    }
}

# Get-NetFirewallRule -Name | -Group ... -PolicyStore ActiveStore: the rules, or nothing (the real seam
# turns the cmdlet's ObjectNotFound into nothing).
function Get-RemcFakeFirewallRuleActive {
    param([string] $Name = '', [string] $Group = '')
    $state = $global:RemcFakeState
    if ($Name -ne '') { $null = $state.FirewallRuleCalls.Add('read:name=' + $Name) } else { $null = $state.FirewallRuleCalls.Add('read:group=' + $Group) }
    if ($null -ne $state.FirewallRuleReadError) { throw [string]$state.FirewallRuleReadError }
    if ($Name -ne '') {
        $entry = Find-RemcFakeFirewallRuleEntry -Name $Name
        if ($null -eq $entry) { return @() }
        return @(ConvertTo-RemcFakeFirewallRule -Entry $entry)
    }
    $listed = @($state.FirewallRuleList | Where-Object { [string]$_.Group -eq $Group -and [string]$_.Name -notmatch ' rule \d+$' })
    if ($listed.Count -gt 0 -or $null -eq $state.FirewallRuleDefault) { return @($listed | ForEach-Object { ConvertTo-RemcFakeFirewallRule -Entry $_ }) }
    $out = @()
    for ($i = 1; $i -le [int]$state.FirewallRuleDefault.GroupSize; $i++) {
        $out += ConvertTo-RemcFakeFirewallRule -Entry (Find-RemcFakeFirewallRuleEntry -Name ('{0} rule {1}' -f $Group, $i) -Group $Group)
    }
    return $out
}

# Enable-/Disable-NetFirewallRule -Name <rule> -PolicyStore PersistentStore: changes the local store's value.
# A rule that exists only in a policy gets a local value that the policy's still overrides.
function Set-RemcFakeFirewallRuleLocal {
    param([string] $Name, [bool] $Enable)
    $state = $global:RemcFakeState
    $verb = 'disable'
    if ($Enable) { $verb = 'enable' }
    $null = $state.FirewallRuleCalls.Add(('{0}:{1}' -f $verb, $Name))
    if ($null -ne $state.FirewallRuleSetError) { throw (New-RemcFakeFirewallRuleCimError -Code ([string]$state.FirewallRuleSetError)) }
    $entry = Find-RemcFakeFirewallRuleEntry -Name $Name -Materialize
    if ($null -eq $entry) { throw ('No MSFT_NetFirewallRule objects found with property ''InstanceID'' equal to ''{0}''.' -f $Name) }
    $entry.Enabled = 'False'
    if ($Enable) { $entry.Enabled = 'True' }
}

# A failure as the CIM cmdlets throw it: a CimException-typed error whose NativeErrorCode says what failed.
function New-RemcFakeFirewallRuleCimError {
    param([string] $Code)
    $ex = New-Object System.Exception ('The operation failed ({0}).' -f $Code)
    $ex.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimException')
    $ex | Add-Member -NotePropertyName NativeErrorCode -NotePropertyValue $Code
    return $ex
}

Set-Alias -Name Get-RemcFirewallRuleActive -Value Get-RemcFakeFirewallRuleActive
Set-Alias -Name Set-RemcFirewallRuleLocal -Value Set-RemcFakeFirewallRuleLocal

# NetSecurity's Enabled (True 1, False 2) and PolicyStoreSourceType (see ConvertTo-RemcFakeFirewallRule).
# This template reads PolicyStoreSourceType by name only; the fake's numbers are not a claim about the real enum's.
enum RemcFakeNetSecurityEnabled { True = 1; False = 2 }
enum RemcFakePolicyStoreSourceType { None = 0; Local = 1; GroupPolicy = 2; Dynamic = 3; Generated = 4; Hardcoded = 5; MDM = 6 }
