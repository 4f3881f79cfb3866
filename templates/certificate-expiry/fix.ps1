# Fix of certificate-expiry (only with removeExpired: the compiler builds the check detect-only
# otherwise): removes, once each, the matching certificates that have already expired; never one that
# merely expires soon, never one with a private key unless removeWithPrivateKey, and never a private key
# itself. What stays is named, and stays a finding until it is renewed or removed by a person.
function Repair-RemcCertificateExpiry {
    param($Config, $Context, $Probe)
    $want = Get-RemcCertificateExpiryWant -Config $Config
    if (-not $want.RemoveExpired) { throw 'RemoveExpired is not set: this check only reports' }
    # Read again instead of trusting $Probe: a renewal may have run since.
    $read = Get-RemcCertificateExpirySnapshot -Want $want -Now $Context.Now
    $expired = @($read.Expiring | Where-Object { $_.Expired })
    $removable = @($expired | Where-Object { $want.RemoveWithPrivateKey -or -not $_.HasPrivateKey })
    $keyed = $expired.Count - $removable.Count
    $soon = $read.Expiring.Count - $expired.Count
    if ($removable.Count -eq 0) {
        # The finding is nothing this fix may act on: a person must renew or decide (the cool-down and
        # the limit of fixes bound how often this is said).
        $kept = @()
        if ($keyed -gt 0) { $kept += ('{0} expired with a private key (removeWithPrivateKey is off)' -f $keyed) }
        if ($soon -gt 0) { $kept += ('{0} not yet expired (renew them)' -f $soon) }
        if ($kept.Count -eq 0) { return @{ Summary = 'no expired certificate left: nothing to remove'; Changed = 0 } }
        throw ('nothing the fix may remove: {0}' -f ($kept -join ', '))
    }
    $removed = @()
    foreach ($certificate in $removable) {
        try { Remove-RemcCertificateStoreItem -Store $want.Store -Thumbprint $certificate.Thumbprint }
        catch {
            $done = ''
            if ($removed.Count -gt 0) { $done = ' (removed before: {0})' -f ($removed -join ', ') }
            throw ('could not remove {0} from {1}: {2}{3}' -f $certificate.Thumbprint, $want.Store, (([string]$_.Exception.Message) -replace '\s+', ' ').Trim(), $done)
        }
        $removed += $certificate.Thumbprint
    }
    $parts = @(('removed {0} expired: {1}' -f $removed.Count, ($removed -join ', ')))
    if ($keyed -gt 0) { $parts += ('kept {0} expired with a private key' -f $keyed) }
    if ($soon -gt 0) { $parts += ('{0} not yet expired: renew them' -f $soon) }
    return @{ Summary = ($parts -join '; '); Changed = $removed.Count }
}
