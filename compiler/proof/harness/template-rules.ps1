# The rules every emitted template file keeps (docs/check-protocol.md), for the templates' Pester
# tests: it parses, is ASCII, holds only functions named <ApprovedVerb>-Remc<Noun>, and uses no
# PowerShell 7 syntax nor the commands remc refuses (they write outside the summary line, prompt or
# reboot: compiler/ps/data/refused-commands.json, the list the compiler's 5.1 check reads), unless the
# line carries `# remc-allow REMC023: <reason>` (or has it on the line above), as the compiler allows.
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
    $data = [System.IO.Path]::Combine((Split-Path -Parent $MyInvocation.MyCommand.ScriptBlock.File), '..', '..', 'ps', 'data', 'refused-commands.json')
    $forbidden = @((Get-Content -LiteralPath $data -Raw | ConvertFrom-Json).PSObject.Properties | ForEach-Object { $_.Name })
    # `# remc-allow REMC023: <reason>` accepts the command and parameter refusals of its own line (after
    # code) or of the next one.
    $allowed = @{}
    foreach ($t in @($tokens)) {
        if ($t.Kind -ne 'Comment' -or $t.Text -notmatch '^#\s*remc-allow\b') { continue }
        $line = $t.Extent.StartLineNumber
        if ($t.Text -notmatch '^#\s*remc-allow\s+REMC023\s*:\s*\S') { $found += ('remc-allow needs "REMC023: <reason>": line {0}' -f $line); continue }
        $before = @($tokens | Where-Object { $_.Extent.StartLineNumber -eq $line -and $_.Extent.StartOffset -lt $t.Extent.StartOffset -and $_.Kind -ne 'NewLine' })
        if ($before.Count -gt 0) { $allowed[$line] = $true } else { $allowed[$line + 1] = $true }
    }
    $all = $ast.FindAll({ $true }, $true)
    foreach ($node in $all) {
        $type = $node.GetType().Name
        if ($type -eq 'TernaryExpressionAst' -or $type -eq 'PipelineChainAst' -or $type -eq 'ExitStatementAst') { $found += ('syntax: {0}' -f $type) }
        if ($type -eq 'BinaryExpressionAst' -and [string]$node.Operator -eq 'QuestionQuestion') { $found += 'syntax: ??' }
        if ($type -eq 'AssignmentStatementAst' -and [string]$node.Operator -eq 'QuestionQuestionEquals') { $found += 'syntax: ??=' }
        if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { $found += 'syntax: ?.' }
        if ($type -eq 'CommandAst' -and $forbidden -contains $node.GetCommandName() -and -not $allowed[$node.Extent.StartLineNumber]) { $found += ('command: {0}' -f $node.GetCommandName()) }
        if ($type -eq 'CommandParameterAst' -and @('Parallel', 'AsHashtable') -contains $node.ParameterName -and -not $allowed[$node.Extent.StartLineNumber]) { $found += ('parameter: -{0}' -f $node.ParameterName) }
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
