function Repair-Extra {
    param($Config, $Context, $Probe)
    @{ Summary = 'done'; Removed = @('x') }
}
