function Test-Drift {
    param($Config, $Context)
    @{ InDesiredState = $false; Summary = 'off' }
}
