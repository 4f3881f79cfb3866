# A custom check: Microsoft Defender's real-time protection must be on, unless Defender runs in passive
# mode because another antivirus product is primary (then real-time protection is that product's job).
# Reads MSFT_MpComputerStatus through Get-MpComputerStatus: booleans and a mode string, no localized text.

function Test-DefenderRealtime {
    param([Parameter(Mandatory = $true)] $Config, [Parameter(Mandatory = $true)] $Context)
    $status = Get-MpComputerStatus -ErrorAction Stop
    $mode = [string] $status.AMRunningMode
    $facts = @{ RealTimeProtectionEnabled = [bool] $status.RealTimeProtectionEnabled; AMRunningMode = $mode; AMServiceEnabled = [bool] $status.AMServiceEnabled }
    if (-not $status.AMServiceEnabled) {
        # The service itself is off: turning a preference on cannot help, and that is not ours to fix.
        throw 'the Microsoft Defender antimalware service is not running'
    }
    if ($mode -like '*Passive*') {
        return @{ InDesiredState = $true; Summary = ('Defender in {0}: another antivirus is primary' -f $mode); Facts = $facts }
    }
    if ($status.RealTimeProtectionEnabled) {
        return @{ InDesiredState = $true; Summary = 'real-time protection on'; Facts = $facts }
    }
    @{ InDesiredState = $false; Summary = 'real-time protection off'; Facts = $facts }
}
