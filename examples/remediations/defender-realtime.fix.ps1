function Repair-DefenderRealtime {
    param($Config, $Context, $Probe)
    # With tamper protection or a policy that turns it off, this fails or is undone: the re-probe says so.
    Set-MpPreference -DisableRealtimeMonitoring $false -ErrorAction Stop
    @{ Summary = 'turned real-time protection on'; Changed = 1 }
}
