# The seam of certificate-expiry: the only Windows-facing calls, through PowerShell's certificate drive
# (Learn: "about_Certificate_Provider"). Properties only, no method calls on the certificates (works in
# Constrained Language Mode). The tests replace these functions with fakes (fakes.ps1).

# The certificates of a store (X509Certificate2 objects), and whether the store exists: a store the
# device does not have (Cert:\LocalMachine\WebHosting without IIS) holds none.
function Get-RemcCertificateStoreItem {
    param([string] $Store)
    if ([string]::IsNullOrEmpty($Store)) { throw 'Get-RemcCertificateStoreItem: Store is empty' }
    if (-not (Test-Path -LiteralPath $Store)) { return @{ Exists = $false; Certificates = @() } }
    # A store's children are its certificates; -LiteralPath: a store name is not a wildcard.
    $items = @(Get-ChildItem -LiteralPath $Store -ErrorAction Stop | Where-Object { $null -ne $_.Thumbprint })
    return @{ Exists = $true; Certificates = $items }
}

# Removes one certificate from the store by thumbprint. The private key, if any, stays (no -DeleteKey).
function Remove-RemcCertificateStoreItem {
    param([string] $Store, [string] $Thumbprint)
    if ($Thumbprint -notmatch '^[0-9A-F]{40}$') { throw ("Remove-RemcCertificateStoreItem: '{0}' is not a thumbprint" -f $Thumbprint) }
    Remove-Item -LiteralPath (Join-Path -Path $Store -ChildPath $Thumbprint) -ErrorAction Stop
}
