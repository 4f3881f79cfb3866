# Pester 5 tests of the certificate-expiry probe and fix against the fakes in fakes.ps1, of its DER
# readers against .NET's own encoder (System.Formats.Asn1), and of its reading of a real X509Certificate2.

BeforeAll {
    . (Join-Path $PSScriptRoot 'probe.ps1')
    . (Join-Path $PSScriptRoot 'fix.ps1')
    . (Join-Path $PSScriptRoot 'seam.ps1')
    . (Join-Path $PSScriptRoot 'fakes.ps1')
    . (Join-Path $PSScriptRoot '../../compiler/proof/harness/template-rules.ps1')

    $script:Now = [datetime]::new(2026, 12, 7, 12, 0, 0, [DateTimeKind]::Utc)
    $global:ScenarioNow = $script:Now

    function New-TestConfig {
        param([hashtable] $Override = @{})
        $values = @{ Store = 'Cert:\LocalMachine\My'; WithinDays = 30 }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        New-RemcTestConfig -Template 'certificate-expiry' -Override $values
    }

    function New-TestContext { New-RemcTestContext -RemediationId 'certs' -Mode 'remediate' -Now $script:Now }

    function Invoke-TestProbe {
        param([hashtable] $Override = @{})
        Test-RemcCertificateExpiry -Config (New-TestConfig -Override $Override) -Context (New-TestContext)
    }

    function Invoke-TestRepair {
        param([hashtable] $Override = @{})
        $values = @{ RemoveExpired = $true }
        foreach ($key in $Override.Keys) { $values[$key] = $Override[$key] }
        Repair-RemcCertificateExpiry -Config (New-TestConfig -Override $values) -Context (New-TestContext) -Probe @{}
    }

    function Get-TestRepairError {
        param([hashtable] $Override = @{})
        try { $null = Invoke-TestRepair -Override $Override } catch { return $_.Exception.Message }
        return $null
    }

    function Get-TestRemoval { @($global:RemcFakeState.CertCalls | Where-Object { $_ -like 'remove:*' }) }

    function New-TestCert {
        param([double] $Days, [string] $Subject = 'CN=PC-0042.contoso.com', [bool] $Key = $false, [string] $Issuer = 'CN=Contoso Issuing CA 01, DC=contoso, DC=com', [string] $Template = '', [switch] $V1)
        New-RemcFakeCertificate -ExpiresInDays $Days -Subject $Subject -HasPrivateKey $Key -Issuer $Issuer -Template $Template -TemplateV1:$V1
    }
}

AfterAll { Remove-Variable -Name ScenarioNow -Scope Global -ErrorAction SilentlyContinue }

Describe 'certificate-expiry emitted files' {
    It 'never deletes a private key (no -DeleteKey)' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'seam.ps1'), [ref] $null, [ref] $null)
        $remove = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Remove-Item' }, $true))
        $remove.Count | Should -Be 1
        $remove[0].Extent.Text | Should -Not -Match '-DeleteKey'
    }
}

Describe 'Test-RemcCertificateExpiry' {
    It 'is in its desired state when nothing expires within the days' {
        Reset-RemcFakeCertificateStore
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeTrue
        $result.Summary | Should -BeExactly 'Cert:\LocalMachine\My: none of 2 certificates expires within 30 days'
    }

    It 'counts what expires within the days, expired ones too, and names the soonest by thumbprint' {
        $soon = New-TestCert -Days 10
        $old = New-TestCert -Days -3 -Subject 'CN=old'
        Reset-RemcFakeCertificateStore -Certificate @((New-TestCert -Days 90), $soon, $old)
        $result = Invoke-TestProbe
        $result.InDesiredState | Should -BeFalse
        $result.Summary | Should -BeExactly ('Cert:\LocalMachine\My: 2 of 3 certificates expire within 30 days (1 expired); soonest {0} on 2026-12-04' -f $old.Thumbprint)
        @($result.Facts.Expiring | ForEach-Object { $_.Thumbprint }) | Should -Be @($old.Thumbprint, $soon.Thumbprint)
        $result.Facts.Expiring[0].Expired | Should -BeTrue
    }

    It 'counts a certificate that expires exactly at the limit, not one a second after' {
        Reset-RemcFakeCertificateStore -Certificate @((New-TestCert -Days 30), (New-TestCert -Days 30.00002 -Subject 'CN=later'))
        (Invoke-TestProbe).Summary | Should -BeLike 'Cert:\LocalMachine\My: 1 of 2 certificates expires within 30 days; soonest *'
    }

    It 'filters by <Case>' -ForEach @(
        @{ Case = 'issuer'; Override = @{ Issuer = '*CN=Fabrikam*' }; Found = 'fabrikam' }
        @{ Case = 'subject'; Override = @{ Subject = 'CN=*.contoso.com' }; Found = 'web' }
        @{ Case = 'template OID'; Override = @{ Template = '1.3.6.1.4.1.311.21.8.16187918.14945684.1.223'; TemplateIsOid = $true }; Found = 'v2' }
        @{ Case = 'version 1 template name'; Override = @{ Template = 'Machine'; TemplateIsOid = $false }; Found = 'v1' }
    ) {
        $certs = @{
            fabrikam = New-TestCert -Days 5 -Subject 'CN=a' -Issuer 'CN=Fabrikam CA'
            web      = New-TestCert -Days 6 -Subject 'CN=www.contoso.com'
            v2       = New-TestCert -Days 7 -Subject 'CN=b' -Template '1.3.6.1.4.1.311.21.8.16187918.14945684.1.223'
            v1       = New-TestCert -Days 8 -Subject 'CN=c' -Template 'Machine' -V1
        }
        Reset-RemcFakeCertificateStore -Certificate @($certs.Values)
        $result = Invoke-TestProbe -Override $Override
        $result.Summary | Should -BeExactly ('Cert:\LocalMachine\My: 1 of 1 certificate expires within 30 days; soonest {0} on {1}' -f $certs[$Found].Thumbprint, $certs[$Found].NotAfterUtc.Substring(0, 10))
    }

    It 'says when nothing matches, and when the store does not exist' {
        Reset-RemcFakeCertificateStore -Certificate @()
        (Invoke-TestProbe).Summary | Should -BeExactly 'Cert:\LocalMachine\My: no matching certificates'
        Reset-RemcFakeCertificateStore -StoreMissing
        (Invoke-TestProbe).Summary | Should -BeExactly 'Cert:\LocalMachine\My: no such store on this device, no certificates'
        (Invoke-TestProbe).InDesiredState | Should -BeTrue
    }

    It 'throws when the store cannot be read' {
        Reset-RemcFakeCertificateStore -QueryError 'Access is denied.'
        { Invoke-TestProbe } | Should -Throw 'Access is denied.'
    }

    It 'removes nothing' {
        Reset-RemcFakeCertificateStore -Certificate @(New-TestCert -Days -3)
        $null = Invoke-TestProbe
        Get-TestRemoval | Should -BeNullOrEmpty
    }
}

Describe 'Repair-RemcCertificateExpiry' {
    It 'removes only the expired certificates without a private key' {
        $old = New-TestCert -Days -3 -Subject 'CN=old'
        $keyed = New-TestCert -Days -40 -Subject 'CN=old keyed' -Key $true
        $soon = New-TestCert -Days 10 -Subject 'CN=soon'
        Reset-RemcFakeCertificateStore -Certificate @($old, $keyed, $soon)
        $result = Invoke-TestRepair
        $result.Summary | Should -BeExactly ('removed 1 expired: {0}; kept 1 expired with a private key; 1 not yet expired: renew them' -f $old.Thumbprint)
        $result.Changed | Should -Be 1
        Get-TestRemoval | Should -Be @('remove:Cert:\LocalMachine\My\' + $old.Thumbprint)
    }

    It 'removes expired certificates with a private key too when removeWithPrivateKey says so' {
        $keyed = New-TestCert -Days -40 -Subject 'CN=old keyed' -Key $true
        Reset-RemcFakeCertificateStore -Certificate @($keyed, (New-TestCert -Days 10))
        (Invoke-TestRepair -Override @{ RemoveWithPrivateKey = $true }).Changed | Should -Be 1
        Get-TestRemoval | Should -Be @('remove:Cert:\LocalMachine\My\' + $keyed.Thumbprint)
    }

    It 'removes only what the filters match' {
        $mine = New-TestCert -Days -3 -Subject 'CN=mine'
        Reset-RemcFakeCertificateStore -Certificate @($mine, (New-TestCert -Days -3 -Subject 'CN=other' -Issuer 'CN=Fabrikam CA'))
        $null = Invoke-TestRepair -Override @{ Issuer = '*Contoso*' }
        Get-TestRemoval | Should -Be @('remove:Cert:\LocalMachine\My\' + $mine.Thumbprint)
    }

    It 'fails, removing nothing, when nothing found may be removed' {
        Reset-RemcFakeCertificateStore -Certificate @((New-TestCert -Days -40 -Key $true), (New-TestCert -Days 10 -Subject 'CN=soon'))
        Get-TestRepairError | Should -BeExactly 'nothing the fix may remove: 1 expired with a private key (removeWithPrivateKey is off), 1 not yet expired (renew them)'
        Get-TestRemoval | Should -BeNullOrEmpty
    }

    It 'has nothing to do when the expired certificates are already gone' {
        Reset-RemcFakeCertificateStore
        (Invoke-TestRepair).Changed | Should -Be 0
    }

    It 'fails with the reason when a removal is refused' {
        $old = New-TestCert -Days -3
        Reset-RemcFakeCertificateStore -Certificate @($old) -RemoveError 'Access is denied.'
        Get-TestRepairError | Should -BeExactly ('could not remove {0} from Cert:\LocalMachine\My: Access is denied.' -f $old.Thumbprint)
    }

    It 'refuses to run when removeExpired is off' {
        Reset-RemcFakeCertificateStore
        Get-TestRepairError -Override @{ RemoveExpired = $false } | Should -BeExactly 'RemoveExpired is not set: this check only reports'
    }
}

Describe 'reading certificates' {
    It 'reads a template OID as .NET encodes the Certificate Template Information extension' -ForEach @(
        @{ Oid = '1.3.6.1.4.1.311.21.8.16187918.14945684.10176250.12652280.5411978.141.1.9' }
        @{ Oid = '1.3.6.1.4.1.311.21.8.8923.4410.1.7' }
        @{ Oid = '2.999.1' }
    ) {
        $writer = [System.Formats.Asn1.AsnWriter]::new([System.Formats.Asn1.AsnEncodingRules]::DER)
        $scope = $writer.PushSequence()
        $writer.WriteObjectIdentifier($Oid)
        $writer.WriteInteger(100)
        $writer.WriteInteger(4)
        $scope.Dispose()
        ConvertFrom-RemcCertificateTemplateOid -Bytes @($writer.Encode()) | Should -BeExactly $Oid
    }

    It 'reads a version 1 template name as .NET encodes a BMPString, long ones too' -ForEach @(
        @{ Name = 'Machine' }, @{ Name = 'WebServer' }, @{ Name = ('ContosoComputerAuthentication' * 3) }
    ) {
        $writer = [System.Formats.Asn1.AsnWriter]::new([System.Formats.Asn1.AsnEncodingRules]::DER)
        $writer.WriteCharacterString([System.Formats.Asn1.UniversalTagNumber]::BMPString, $Name)
        ConvertFrom-RemcCertificateTemplateName -Bytes @($writer.Encode()) | Should -BeExactly $Name
    }

    It 'reads nothing from bytes that are not such an extension' {
        ConvertFrom-RemcCertificateTemplateOid -Bytes @(0x04, 0x02, 0x01, 0x02) | Should -BeExactly ''
        ConvertFrom-RemcCertificateTemplateOid -Bytes @(0x30, 0x09, 0x06, 0x20, 0x2B) | Should -BeExactly ''
        ConvertFrom-RemcCertificateTemplateName -Bytes @(0x0C, 0x01, 0x41) | Should -BeExactly ''
    }

    It 'reads a real X509Certificate2 (NotAfter in local time, thumbprint, key, template extension)' {
        $key = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=PC-0042', $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $writer = [System.Formats.Asn1.AsnWriter]::new([System.Formats.Asn1.AsnEncodingRules]::DER)
        $writer.WriteCharacterString([System.Formats.Asn1.UniversalTagNumber]::BMPString, 'Machine')
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509Extension]::new('1.3.6.1.4.1.311.20.2', $writer.Encode(), $false))
        $notAfter = [datetimeoffset]::new(2026, 12, 20, 8, 30, 0, [timespan]::Zero)
        $certificate = $request.CreateSelfSigned($notAfter.AddDays(-365), $notAfter)
        $item = ConvertTo-RemcCertificateExpiryItem -Item $certificate -Now $script:Now
        $item.NotAfterUtc | Should -Be ([datetime]::new(2026, 12, 20, 8, 30, 0, [DateTimeKind]::Utc))
        $item.Thumbprint | Should -Match '^[0-9A-F]{40}$'
        $item.HasPrivateKey | Should -BeTrue
        $item.TemplateName | Should -BeExactly 'Machine'
        $item.Expired | Should -BeFalse
        $item.Subject | Should -BeExactly 'CN=PC-0042'
    }
}

Describe 'fakes' {
    It 'answer X509Certificate2-shaped certificates with NotAfter as a local DateTime' {
        Reset-RemcFakeCertificateStore -Certificate @(New-TestCert -Days 10 -Template 'Machine' -V1)
        $certificate = @((Get-RemcCertificateStoreItem -Store 'Cert:\LocalMachine\My').Certificates)[0]
        $certificate.PSObject.TypeNames[0] | Should -BeExactly 'System.Security.Cryptography.X509Certificates.X509Certificate2'
        $certificate.NotAfter | Should -BeOfType [datetime]
        $certificate.NotAfter.Kind | Should -Be ([DateTimeKind]::Local)
        $certificate.Thumbprint | Should -Match '^[0-9A-F]{40}$'
        $certificate.HasPrivateKey | Should -BeOfType [bool]
        $certificate.Extensions[0].RawData | Should -BeOfType [byte]
    }

    It 'answer a removal of a certificate that is not there as the certificate drive does' {
        Reset-RemcFakeCertificateStore -Certificate @()
        { Remove-RemcCertificateStoreItem -Store 'Cert:\LocalMachine\My' -Thumbprint ('A' * 40) } | Should -Throw '*does not exist*'
    }
}
