function Test-Extra {
    param($Config, $Context)
    @{ InDesiredState = $true; Summary = 'fine'; Detail = 'not a protocol key' }
}
