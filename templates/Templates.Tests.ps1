# Pester 5 tests every built-in template folder must pass, whatever it does: its PowerShell parses, is
# ASCII, defines only Remc functions and uses Windows PowerShell 5.1 syntax; and no function is defined
# by two templates (a remediation that uses both would carry one and call it for the other).

BeforeDiscovery {
    $script:Files = @(foreach ($folder in Get-ChildItem -Path $PSScriptRoot -Directory | Sort-Object Name) {
            foreach ($name in 'probe.ps1', 'fix.ps1', 'seam.ps1') {
                $path = Join-Path $folder.FullName $name
                if (Test-Path -LiteralPath $path) { @{ Template = $folder.Name; File = $name; Path = $path } }
            }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../compiler/proof/harness/template-rules.ps1')
}

Describe 'every template' {
    It '<Template>/<File> parses, is ASCII, defines only Remc functions and uses Windows PowerShell 5.1 syntax' -ForEach $script:Files {
        Get-RemcScriptViolation -Path $Path | Should -BeNullOrEmpty
    }

    It 'defines no function in two templates, nor twice in one' {
        $owner = @{}
        $twice = @()
        foreach ($folder in Get-ChildItem -Path $PSScriptRoot -Directory) {
            $mine = @{}
            foreach ($file in Get-ChildItem -Path $folder.FullName -File -Include 'probe.ps1', 'fix.ps1', 'seam.ps1' -Recurse) {
                $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $null, [ref] $null)
                foreach ($function in $ast.EndBlock.Statements) {
                    if ($function -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) { continue }
                    if ($mine.ContainsKey($function.Name)) { $twice += ('{0} twice in {1}' -f $function.Name, $folder.Name) }
                    elseif ($owner.ContainsKey($function.Name)) { $twice += ('{0} in {1} and {2}' -f $function.Name, $owner[$function.Name], $folder.Name) }
                    $mine[$function.Name] = $true
                    $owner[$function.Name] = $folder.Name
                }
            }
        }
        $twice | Should -BeNullOrEmpty
    }
}
