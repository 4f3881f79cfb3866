# Test fakes for the certificate-expiry seams (never emitted). Dot-source this file: it defines the fakes
# and points the seam names at them with aliases, which win over functions of the same name.
# Scenario state lives in $global:RemcFakeState; only this template's keys (Cert*) are touched:
#   CertList          the certificates of the store every declared store is (hashtables made by
#                     New-RemcFakeCertificate; NotAfterUtc as an ISO 8601 string, so the state stays JSON)
#   CertStoreMissing  the declared store does not exist on this device
#   CertQueryError    a message listing the store throws, or $null
#   CertRemoveError   a message removing a certificate throws (e.g. access denied), or $null
#   CertCalls         every seam call in order: 'list:<store>', 'remove:<store>\<thumbprint>'

# One certificate, expiring ExpiresInDays after $ScenarioNow (the scenario's clock) or after now. The
# other keys are what an X509Certificate2 shows (Learn: "X509Certificate2 Class": Thumbprint, Subject,
# Issuer, NotAfter, HasPrivateKey, Extensions). Template: a version 2+ template's OID (written as the
# Certificate Template Information extension) or, with -TemplateV1, a version 1 template's name.
function New-RemcFakeCertificate {
    param(
        [double] $ExpiresInDays = 365,
        [string] $Subject = 'CN=PC-0042.contoso.com',
        [string] $Issuer = 'CN=Contoso Issuing CA 01, DC=contoso, DC=com',
        [bool] $HasPrivateKey = $false,
        [string] $Template = '',
        [switch] $TemplateV1,
        [string] $Thumbprint = ''
    )
    $now = [datetime]::UtcNow
    if ($null -ne (Get-Variable -Name ScenarioNow -Scope Global -ErrorAction SilentlyContinue)) { $now = $global:ScenarioNow }
    elseif ($null -ne (Get-Variable -Name ScenarioNow -ErrorAction SilentlyContinue)) { $now = $ScenarioNow }
    $notAfter = $now.ToUniversalTime().AddDays($ExpiresInDays)
    if ($Thumbprint -eq '') {
        # A real thumbprint is the SHA-1 of the certificate: here of what tells the fake certificates apart.
        $seed = '{0}|{1}|{2}|{3}|{4}' -f $Subject, $Issuer, $ExpiresInDays, $HasPrivateKey, $Template
        $sha1 = [System.Security.Cryptography.SHA1]::Create()
        $Thumbprint = -join @($sha1.ComputeHash([Text.Encoding]::UTF8.GetBytes($seed)) | ForEach-Object { '{0:X2}' -f $_ })
    }
    return @{
        Thumbprint    = $Thumbprint
        Subject       = $Subject
        Issuer        = $Issuer
        NotAfterUtc   = $notAfter.ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture)
        HasPrivateKey = $HasPrivateKey
        Template      = $Template
        TemplateV1    = [bool]$TemplateV1
    }
}

# A managed device's computer store: its device certificate (a year left, with its key) and a Wi-Fi
# certificate (200 days left, with its key), both of the issuing CA.
function Get-RemcFakeOrdinaryCertificate {
    @(
        (New-RemcFakeCertificate -ExpiresInDays 365 -HasPrivateKey $true -Template '1.3.6.1.4.1.311.21.8.8923.4410.1.7')
        (New-RemcFakeCertificate -ExpiresInDays 200 -Subject 'CN=PC-0042 Wi-Fi' -HasPrivateKey $true -Template 'Machine' -TemplateV1)
    )
}

function Reset-RemcFakeCertificateStore {
    param($Certificate = $null, [switch] $StoreMissing, $QueryError = $null, $RemoveError = $null)
    if ($null -eq $global:RemcFakeState) { $global:RemcFakeState = @{} }
    $state = $global:RemcFakeState
    if (-not $PSBoundParameters.ContainsKey('Certificate')) { $Certificate = Get-RemcFakeOrdinaryCertificate }
    $state.CertList = New-Object System.Collections.ArrayList
    foreach ($item in @($Certificate)) { if ($null -ne $item) { $null = $state.CertList.Add($item) } }
    $state.CertStoreMissing = [bool]$StoreMissing
    $state.CertQueryError = $QueryError
    $state.CertRemoveError = $RemoveError
    $state.CertCalls = New-Object System.Collections.ArrayList
}

# The DER bytes of a template extension: 1.3.6.1.4.1.311.21.7 SEQUENCE { OID, INTEGER 100, INTEGER 4 }
# (RFC 5280 DER; CertificateTemplate in MS-WCCE 2.2.2.7.7.2) or 1.3.6.1.4.1.311.20.2 BMPString (MS-WCCE 2.2.2.7.7.1).
function ConvertTo-RemcFakeTemplateExtension {
    param([string] $Template, [bool] $V1)
    if ($V1) {
        $bytes = @(0x1E, ($Template.Length * 2))
        foreach ($c in $Template.ToCharArray()) { $bytes += [int][char]$c -shr 8; $bytes += [int][char]$c -band 0xFF }
        return [pscustomobject]@{ Oid = [pscustomobject]@{ Value = '1.3.6.1.4.1.311.20.2'; FriendlyName = 'Certificate Template Name' }; RawData = [byte[]]$bytes; Critical = $false }
    }
    $arcs = @($Template.Split('.') | ForEach-Object { [long]$_ })
    $body = @(40 * $arcs[0] + $arcs[1])
    foreach ($arc in $arcs[2..($arcs.Count - 1)]) {
        $groups = @($arc -band 0x7F)
        $rest = $arc -shr 7
        while ($rest -gt 0) { $groups = @((($rest -band 0x7F) -bor 0x80)) + $groups; $rest = $rest -shr 7 }
        $body += $groups
    }
    $oid = @(0x06, $body.Count) + $body
    $inner = $oid + @(0x02, 0x01, 100, 0x02, 0x01, 4)
    $bytes = @(0x30, $inner.Count) + $inner
    return [pscustomobject]@{ Oid = [pscustomobject]@{ Value = '1.3.6.1.4.1.311.21.7'; FriendlyName = 'Certificate Template Information' }; RawData = [byte[]]$bytes; Critical = $false }
}

# An X509Certificate2 as the certificate drive lists it: the type name, NotAfter as a local DateTime
# (Learn: "Gets the date in local time after which a certificate is no longer valid"), Thumbprint as 40
# upper-case hex digits, and Extensions with their Oid and RawData.
function ConvertTo-RemcFakeX509Certificate {
    param($Entry)
    $notAfter = [datetime]::Parse([string]$Entry.NotAfterUtc, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal).ToLocalTime()
    $extensions = @()
    if ([string]$Entry.Template -ne '') { $extensions += ConvertTo-RemcFakeTemplateExtension -Template ([string]$Entry.Template) -V1 ([bool]$Entry.TemplateV1) }
    [pscustomobject][ordered]@{
        PSTypeName    = 'System.Security.Cryptography.X509Certificates.X509Certificate2'
        Thumbprint    = [string]$Entry.Thumbprint
        Subject       = [string]$Entry.Subject
        Issuer        = [string]$Entry.Issuer
        NotBefore     = $notAfter.AddDays(-730)
        NotAfter      = $notAfter
        HasPrivateKey = [bool]$Entry.HasPrivateKey
        SerialNumber  = ([string]$Entry.Thumbprint).Substring(0, 16)
        FriendlyName  = ''
        Extensions    = $extensions
    }
}

function Get-RemcFakeCertificateStoreItem {
    param([string] $Store)
    $state = $global:RemcFakeState
    $null = $state.CertCalls.Add('list:' + $Store)
    if ($null -ne $state.CertQueryError) { throw [string]$state.CertQueryError }
    if ([bool]$state.CertStoreMissing) { return @{ Exists = $false; Certificates = @() } }
    return @{ Exists = $true; Certificates = @(foreach ($entry in @($state.CertList)) { ConvertTo-RemcFakeX509Certificate -Entry $entry }) }
}

function Remove-RemcFakeCertificateStoreItem {
    param([string] $Store, [string] $Thumbprint)
    $state = $global:RemcFakeState
    $null = $state.CertCalls.Add('remove:' + $Store + '\' + $Thumbprint)
    if ($null -ne $state.CertRemoveError) { throw [string]$state.CertRemoveError }
    $found = @($state.CertList | Where-Object { [string]$_.Thumbprint -eq $Thumbprint })
    # The certificate drive: a path that does not exist is an ItemNotFound error.
    if ($found.Count -eq 0) { throw ("Cannot find path '{0}\{1}' because it does not exist." -f $Store, $Thumbprint) }
    $state.CertList.Remove($found[0])
}

Set-Alias -Name Get-RemcCertificateStoreItem -Value Get-RemcFakeCertificateStoreItem
Set-Alias -Name Remove-RemcCertificateStoreItem -Value Remove-RemcFakeCertificateStoreItem
