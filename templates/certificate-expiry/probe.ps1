# Probe of certificate-expiry: which certificates of the store, among those the filters match, expire
# within the declared days (or have expired)? Read-only: one listing of the store.
function Test-RemcCertificateExpiry {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $want = Get-RemcCertificateExpiryWant -Config $Config
    $read = Get-RemcCertificateExpirySnapshot -Want $want -Now $Context.Now
    $facts = @{
        Store        = $want.Store
        StoreExists  = $read.Exists
        Matching     = $read.Matching.Count
        Expiring     = @($read.Expiring | ForEach-Object { ConvertTo-RemcCertificateExpiryFact -Certificate $_ })
    }
    return @{ InDesiredState = ($read.Expiring.Count -eq 0); Summary = (Format-RemcCertificateExpirySummary -Want $want -Read $read); Facts = $facts }
}

# The declared check from $Config, checked (the compiler validates too).
function Get-RemcCertificateExpiryWant {
    param($Config)
    $store = [string]$Config.Store
    if ($store -notmatch '^Cert:\\(LocalMachine|CurrentUser)\\[A-Za-z][A-Za-z0-9 ._-]{0,63}$') { throw ("Store must be a certificate store such as Cert:\LocalMachine\My, not '{0}'" -f $store) }
    $days = [int]$Config.WithinDays
    if ($days -lt 0) { throw ('WithinDays must be 0 or more, not {0}' -f $days) }
    return @{
        Store                = $store
        WithinDays           = $days
        Issuer               = [string]$Config.Issuer
        Subject              = [string]$Config.Subject
        Template             = [string]$Config.Template
        TemplateIsOid        = [bool]$Config.TemplateIsOid
        RemoveExpired        = [bool]$Config.RemoveExpired
        RemoveWithPrivateKey = [bool]$Config.RemoveWithPrivateKey
    }
}

# The store read once: Exists, Matching (the certificates the filters match, as hashtables), and of
# those Expiring (NotAfter within the days, soonest first), each with Expired (NotAfter is past).
function Get-RemcCertificateExpirySnapshot {
    param($Want, [datetime] $Now)
    $listed = Get-RemcCertificateStoreItem -Store $Want.Store
    $limit = $Now.AddDays($Want.WithinDays)
    $matching = @()
    foreach ($item in @($listed.Certificates)) {
        if ($null -eq $item) { continue }
        $certificate = ConvertTo-RemcCertificateExpiryItem -Item $item -Now $Now
        if (Test-RemcCertificateExpiryMatch -Want $Want -Certificate $certificate) { $matching += $certificate }
    }
    $expiring = @($matching | Where-Object { $_.NotAfterUtc -le $limit } | Sort-Object -Property @{ Expression = { $_.NotAfterUtc } }, @{ Expression = { $_.Thumbprint } })
    return @{ Exists = [bool]$listed.Exists; Matching = $matching; Expiring = $expiring }
}

# What the check reads of an X509Certificate2: thumbprint, names, NotAfter in UTC (the property is
# local time), whether it has a private key, and its template (OID and version 1 name) from the raw
# bytes of its extensions (no method calls: Constrained Language Mode).
function ConvertTo-RemcCertificateExpiryItem {
    param($Item, [datetime] $Now)
    $notAfter = ([datetime]$Item.NotAfter).ToUniversalTime()
    $oid = ''
    $name = ''
    foreach ($extension in @($Item.Extensions)) {
        if ($null -eq $extension -or $null -eq $extension.Oid) { continue }
        $id = [string]$extension.Oid.Value
        if ($id -eq '1.3.6.1.4.1.311.21.7') { $oid = ConvertFrom-RemcCertificateTemplateOid -Bytes @($extension.RawData) }
        if ($id -eq '1.3.6.1.4.1.311.20.2') { $name = ConvertFrom-RemcCertificateTemplateName -Bytes @($extension.RawData) }
    }
    return @{
        Thumbprint    = ([string]$Item.Thumbprint).ToUpperInvariant()
        Subject       = [string]$Item.Subject
        Issuer        = [string]$Item.Issuer
        NotAfterUtc   = $notAfter
        Expired       = ($notAfter -le $Now)
        HasPrivateKey = [bool]$Item.HasPrivateKey
        TemplateOid   = $oid
        TemplateName  = $name
    }
}

function Test-RemcCertificateExpiryMatch {
    param($Want, $Certificate)
    if ($Want.Issuer -ne '' -and -not ($Certificate.Issuer -like $Want.Issuer)) { return $false }
    if ($Want.Subject -ne '' -and -not ($Certificate.Subject -like $Want.Subject)) { return $false }
    if ($Want.Template -ne '') {
        if ($Want.TemplateIsOid) { return ($Certificate.TemplateOid -eq $Want.Template) }
        return ($Certificate.TemplateName -eq $Want.Template)
    }
    return $true
}

# The length of a DER element whose length octets start at $At: @{ Length; Start } (Start: where the
# content begins), or $null when the bytes end too soon or use a length form this reader does not take.
function Get-RemcCertificateDerLength {
    param([object[]] $Bytes, [int] $At)
    if ($At -ge $Bytes.Count) { return $null }
    $first = [int]$Bytes[$At]
    if ($first -lt 0x80) { return @{ Length = $first; Start = $At + 1 } }
    $count = $first - 0x80
    if ($count -lt 1 -or $count -gt 2 -or $At + $count -ge $Bytes.Count) { return $null }
    $length = 0
    for ($i = 1; $i -le $count; $i++) { $length = $length * 256 + [int]$Bytes[$At + $i] }
    return @{ Length = $length; Start = $At + 1 + $count }
}

# The template OID of a Certificate Template Information extension (1.3.6.1.4.1.311.21.7):
# SEQUENCE { OBJECT IDENTIFIER, INTEGER major, INTEGER minor } in DER; '' when the bytes are not that.
function ConvertFrom-RemcCertificateTemplateOid {
    param([object[]] $Bytes)
    if ($Bytes.Count -lt 4 -or [int]$Bytes[0] -ne 0x30) { return '' }
    $sequence = Get-RemcCertificateDerLength -Bytes $Bytes -At 1
    if ($null -eq $sequence -or [int]$Bytes[$sequence.Start] -ne 0x06) { return '' }
    $element = Get-RemcCertificateDerLength -Bytes $Bytes -At ($sequence.Start + 1)
    if ($null -eq $element -or $element.Length -lt 1 -or $element.Start + $element.Length -gt $Bytes.Count) { return '' }
    # Base-128 subidentifiers; the first holds the first two arcs (X.690 8.19.4): 40 * a + b.
    $values = @()
    $value = [long]0
    for ($i = $element.Start; $i -lt $element.Start + $element.Length; $i++) {
        $byte = [int]$Bytes[$i]
        $value = $value * 128 + ($byte -band 0x7F)
        if ($byte -lt 0x80) { $values += $value; $value = [long]0 }
    }
    if ($values.Count -eq 0) { return '' }
    $head = [long]$values[0]
    $arcs = @(2, ($head - 80))
    if ($head -lt 80) { $arcs = @((($head - ($head % 40)) / 40), ($head % 40)) }
    if ($values.Count -gt 1) { $arcs += $values[1..($values.Count - 1)] }
    return ($arcs -join '.')
}

# The template name of a version 1 Certificate Template Name extension (1.3.6.1.4.1.311.20.2): a DER
# BMPString (UTF-16, big-endian); '' when the bytes are not that.
function ConvertFrom-RemcCertificateTemplateName {
    param([object[]] $Bytes)
    if ($Bytes.Count -lt 2 -or [int]$Bytes[0] -ne 0x1E) { return '' }
    $element = Get-RemcCertificateDerLength -Bytes $Bytes -At 1
    if ($null -eq $element -or $element.Start + $element.Length -gt $Bytes.Count) { return '' }
    $chars = @()
    $end = $element.Start + $element.Length
    for ($i = $element.Start; $i + 1 -lt $end; $i += 2) {
        $chars += [string][char]([int]$Bytes[$i] * 256 + [int]$Bytes[$i + 1])
    }
    return ($chars -join '')
}

function ConvertTo-RemcCertificateExpiryFact {
    param($Certificate)
    return @{
        Thumbprint    = $Certificate.Thumbprint
        NotAfter      = $Certificate.NotAfterUtc.ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture)
        Expired       = $Certificate.Expired
        HasPrivateKey = $Certificate.HasPrivateKey
    }
}

# 'Cert:\LocalMachine\My: none of 3 certificates expires within 30 days',
# 'Cert:\LocalMachine\My: 2 of 3 certificates expire within 30 days (1 expired); soonest 9A1B...E2 on 2026-12-10'.
function Format-RemcCertificateExpirySummary {
    param($Want, $Read)
    if (-not $Read.Exists) { return ('{0}: no such store on this device, no certificates' -f $Want.Store) }
    $total = $Read.Matching.Count
    $noun = 'certificates'
    if ($total -eq 1) { $noun = 'certificate' }
    if ($Read.Expiring.Count -eq 0) {
        if ($total -eq 0) { return ('{0}: no matching certificates' -f $Want.Store) }
        return ('{0}: none of {1} {2} expires within {3} days' -f $Want.Store, $total, $noun, $Want.WithinDays)
    }
    $expired = @($Read.Expiring | Where-Object { $_.Expired }).Count
    $verb = 'expire'
    if ($Read.Expiring.Count -eq 1) { $verb = 'expires' }
    $text = '{0}: {1} of {2} {3} {4} within {5} days' -f $Want.Store, $Read.Expiring.Count, $total, $noun, $verb, $Want.WithinDays
    if ($expired -gt 0) { $text = '{0} ({1} expired)' -f $text, $expired }
    $soonest = $Read.Expiring[0]
    return ('{0}; soonest {1} on {2}' -f $text, $soonest.Thumbprint, $soonest.NotAfterUtc.ToString('yyyy-MM-dd', [Globalization.CultureInfo]::InvariantCulture))
}
