# The rules every emitted template file keeps (docs/check-protocol.md), for the templates' Pester
# tests: it parses, is ASCII, holds only functions named <ApprovedVerb>-Remc<Noun>, and uses no
# PowerShell 7 syntax nor commands that write outside the summary line, prompt or reboot.
# (test/compat.test.ts checks every command and parameter against Windows PowerShell 5.1 on top.)

function Get-RemcScriptViolation {
    param([string] $Path)
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
    $found = @()
    foreach ($e in @($errors)) { $found += ('parse: {0}' -f $e.Message) }
    $bytes = [System.IO.File]::ReadAllBytes($Path)
    if (@($bytes | Where-Object { $_ -gt 127 }).Count -gt 0) { $found += 'non-ASCII bytes' }
    if ($null -ne $ast.ParamBlock -or $null -ne $ast.BeginBlock -or $null -ne $ast.ProcessBlock) { $found += 'script-level blocks' }
    foreach ($statement in $ast.EndBlock.Statements) {
        if ($statement -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) { $found += ('top-level statement: {0}' -f $statement.Extent.Text) }
        elseif ($statement.Name -notmatch '^[A-Z][a-zA-Z]+-Remc[A-Z][A-Za-z0-9]*$') { $found += ('function name: {0}' -f $statement.Name) }
        elseif ((Get-Verb -Verb ($statement.Name -split '-')[0]) -eq $null) { $found += ('unapproved verb: {0}' -f $statement.Name) }
    }
    $forbidden = 'Write-Host', 'Write-Error', 'Write-Warning', 'Write-Verbose', 'Write-Debug', 'Write-Information', 'Read-Host', 'Restart-Computer', 'Stop-Computer'
    $all = $ast.FindAll({ $true }, $true)
    foreach ($node in $all) {
        $type = $node.GetType().Name
        if ($type -eq 'TernaryExpressionAst' -or $type -eq 'PipelineChainAst' -or $type -eq 'ExitStatementAst') { $found += ('syntax: {0}' -f $type) }
        if ($type -eq 'BinaryExpressionAst' -and [string]$node.Operator -eq 'QuestionQuestion') { $found += 'syntax: ??' }
        if ($type -eq 'AssignmentStatementAst' -and [string]$node.Operator -eq 'QuestionQuestionEquals') { $found += 'syntax: ??=' }
        if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { $found += 'syntax: ?.' }
        if ($type -eq 'CommandAst' -and $forbidden -contains $node.GetCommandName()) { $found += ('command: {0}' -f $node.GetCommandName()) }
        if ($type -eq 'CommandParameterAst' -and @('Parallel', 'AsHashtable') -contains $node.ParameterName) { $found += ('parameter: -{0}' -f $node.ParameterName) }
    }
    return $found
}

function New-RemcTestConfig {
    # The $Config the compiler emits for this template's defaults (written from the template's spec by
    # the test runner, through the literal encoder), with the test's own values on top.
    param([Parameter(Mandatory = $true)] [string] $Template, [hashtable] $Override = @{})
    $dir = $env:REMC_TEMPLATE_DEFAULTS
    if (-not $dir) { throw 'REMC_TEMPLATE_DEFAULTS is not set: run the Pester tests through remc (npm test, or remc test)' }
    $file = Join-Path $dir ($Template + '.ps1')
    if (-not (Test-Path -LiteralPath $file)) { throw "no default config for template '$Template' in $dir" }
    $config = . $file
    foreach ($key in $Override.Keys) { $config[$key] = $Override[$key] }
    $config
}

function New-RemcTestContext {
    # A probe's or fix's $Context as the runtime's New-RemcContext builds it (docs/check-protocol.md),
    # so every template's tests hand their functions the same shape.
    param([string] $RemediationId = 'test', [string] $Mode = 'remediate', $Now = [datetime]::UtcNow, $Since = $null)
    @{ RemediationId = $RemediationId; Mode = $Mode; Now = $Now; Since = $Since; CoolingUntil = $null; Attempts = @(); Escalation = $null; ConfirmRuns = 1; Sightings = @{} }
}
