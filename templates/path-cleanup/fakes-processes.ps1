# Test fakes of the path-cleanup process seams (dot-sourced by fakes.ps1). State:
# $RemcFakeState.PathCleanupProcesses, one hashtable per running process (Name, Id, SessionId,
# Survives, Denied, WritesOnStop); stopped ones in PathCleanupStopped ('<name> (<id>)').
# - Get-Process ("Get-Process", output System.Diagnostics.Process): ProcessName, Name, Id [int],
#   SessionId [int]; Stop-Process access denied -> 'Cannot stop process "<name> (<id>)" because of the
#   following error: Access is denied'.

function New-RemcFakePathCleanupProcess {
    param(
        [string] $Name = 'ms-teams',
        [int] $Id = 4242,
        [int] $SessionId = 1,
        # Stop-Process succeeds, but the process never exits (hung in its shutdown).
        [switch] $Survives,
        # Stop-Process fails: access denied.
        [switch] $Denied,
        # Files the app writes as it exits (a cache flushed on shutdown).
        [string[]] $WritesOnStop = @()
    )
    @{ Name = $Name; Id = $Id; SessionId = $SessionId; Survives = [bool]$Survives; Denied = [bool]$Denied; WritesOnStop = @($WritesOnStop) }
}

function Get-RemcFakePathCleanupProcess {
    param([string[]] $Name)
    $state = $global:RemcFakeState
    $null = $state.PathCleanupCalls.Add('processes')
    foreach ($process in @($state.PathCleanupProcesses)) {
        $match = $false
        # Get-Process -Name is case-insensitive and expands wildcards.
        foreach ($one in $Name) { if ([string]$process.Name -like $one) { $match = $true } }
        if ($match) { [pscustomobject]@{ PSTypeName = 'System.Diagnostics.Process'; ProcessName = [string]$process.Name; Name = [string]$process.Name; Id = [int]$process.Id; SessionId = [int]$process.SessionId } }
    }
}

function Stop-RemcFakePathCleanupProcess {
    param($Process)
    $state = $global:RemcFakeState
    $label = '{0} ({1})' -f $Process.ProcessName, $Process.Id
    $null = $state.PathCleanupCalls.Add('stop:' + $label)
    foreach ($process in @($state.PathCleanupProcesses)) {
        if ([int]$process.Id -ne [int]$Process.Id) { continue }
        if ($process.Denied) { throw ('Cannot stop process "{0}" because of the following error: Access is denied' -f $label) }
        $null = $state.PathCleanupStopped.Add($label)
        foreach ($path in @($process.WritesOnStop)) {
            if ([string]::IsNullOrEmpty([string]$path)) { continue }
            $null = $state.PathCleanupItems.Add((New-RemcFakePathCleanupFile -Path ([string]$path) -AgeDays 0))
            Set-RemcFakePathCleanupParentWritten -Path ([string]$path)
        }
        if (-not $process.Survives) { $state.PathCleanupProcesses.Remove($process) }
        return
    }
    # Already exited: Stop-Process -InputObject on an exited process is no error.
}

function Wait-RemcFakePathCleanupProcessExit {
    param($Process, [int] $Seconds)
    $state = $global:RemcFakeState
    $null = $state.PathCleanupCalls.Add('wait:' + $Seconds)
    foreach ($one in @($Process)) {
        foreach ($process in @($state.PathCleanupProcesses)) {
            if ([int]$process.Id -eq [int]$one.Id) { $one }
        }
    }
}

Set-Alias -Name Get-RemcPathCleanupProcess -Value Get-RemcFakePathCleanupProcess
Set-Alias -Name Stop-RemcPathCleanupProcess -Value Stop-RemcFakePathCleanupProcess
Set-Alias -Name Wait-RemcPathCleanupProcessExit -Value Wait-RemcFakePathCleanupProcessExit
