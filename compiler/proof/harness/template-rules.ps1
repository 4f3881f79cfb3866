# The rules every emitted template file keeps (docs/check-protocol.md), for the templates' Pester
# tests: it parses, is ASCII, holds only functions named <ApprovedVerb>-Remc<Noun>, and keeps the
# compiler's Windows PowerShell 5.1 rules (compiler/ps/compat/) as far as PowerShell's own parser
# reads them: none of the operators PowerShell 7 added, none of the commands remc refuses (they write
# outside the summary line, prompt or reboot), no parameter a 5.1 command lacks; unless the line
# carries `# remc-allow REMC023: <reason>` (or has it on the line above), as the compiler allows.
# Each fact is the compiler's, read from its data, never written here: compiler/ps/data/
# refused-commands.json, windows-powershell-5.1/commands.json and template-rules.json (the operators,
# common parameters and comment patterns, which `npm run gen` writes from the rules).
# (test/compat.test.ts checks every template file with the compiler's whole 5.1 check on top, and
# that these rules and the compiler's find the same.)

$script:RemcRuleData = $null

function Get-RemcRuleData {
    # The compiler's data the rules below read, once per session.
    if ($null -ne $script:RemcRuleData) { return $script:RemcRuleData }
    $dir = [System.IO.Path]::Combine((Split-Path -Parent $MyInvocation.MyCommand.ScriptBlock.File), '..', '..', 'ps', 'data')
    $read = {
        param([string[]] $Parts)
        $file = $dir
        foreach ($part in $Parts) { $file = Join-Path $file $part }
        Get-Content -LiteralPath $file -Raw | ConvertFrom-Json
    }
    $rules = & $read 'template-rules.json'
    $table = & $read 'windows-powershell-5.1', 'commands.json'
    $commands = @{}
    foreach ($p in $table.commands.PSObject.Properties) { $commands[$p.Name] = $p.Value }
    $aliases = @{}
    foreach ($p in $table.aliases.PSObject.Properties) { $aliases[$p.Name] = $p.Value }
    $commonAliases = @{}
    foreach ($p in $rules.commonAliases.PSObject.Properties) { $commonAliases[$p.Name] = $p.Value }
    $script:RemcRuleData = @{
        Rules = $rules
        Refused = @((& $read 'refused-commands.json').PSObject.Properties | ForEach-Object { $_.Name })
        Commands = $commands
        Aliases = $aliases
        CommonAliases = $commonAliases
    }
    $script:RemcRuleData
}

function Get-RemcParameterViolation {
    # How Windows PowerShell 5.1 binds -$Used among a command's parameters, as the compiler's parameter
    # rule does: an exact name or alias (its own or a common one) binds, else a prefix must mean one.
    param($Command, [string] $Used, [hashtable] $Data)
    $names = @($Command.parameters) + @($Data.Rules.commonParameters)
    $aliases = @{} + $Data.CommonAliases
    if ($null -ne $Command.aliases) { foreach ($p in $Command.aliases.PSObject.Properties) { $aliases[$p.Name] = $p.Value } }
    if ($names -contains $Used -or $aliases.ContainsKey($Used)) { return }
    $ignoreCase = [System.StringComparison]::OrdinalIgnoreCase
    $meant = @($names | Where-Object { $_.StartsWith($Used, $ignoreCase) }) + @($aliases.Keys | Where-Object { $_.StartsWith($Used, $ignoreCase) } | ForEach-Object { $aliases[$_] })
    $meant = @($meant | Sort-Object -Unique -CaseSensitive)
    if ($meant.Count -eq 0) { return ('parameter: -{0}' -f $Used) }
    if ($meant.Count -gt 1) { return ('parameter: -{0} is ambiguous ({1})' -f $Used, ($meant -join ', ')) }
}

function Get-RemcCommandViolation {
    # What the compiler's 5.1 command and parameter rules say of one command of the file: nothing for a
    # computed or native command, a function of the file or a refused operator (`?`: the syntax rules'),
    # else its refusal or its parameters'.
    param([System.Management.Automation.Language.CommandAst] $Node, [string[]] $Defined, [hashtable] $Data, [hashtable] $Allowed)
    $name = $Node.GetCommandName()
    if (-not $name -or $Data.Rules.symbols -ccontains $name) { return }
    if ($name -match '^[A-Za-z][\w.]*\\([A-Za-z]+-\w+)$') { $bare = $Matches[1] } elseif ($name -match '[\\/]') { return } else { $bare = $name }
    if ($Defined -contains $bare) { return }
    $target = if ($Data.Commands.ContainsKey($bare)) { $bare } else { $Data.Aliases[$bare] }
    $line = $Node.Extent.StartLineNumber
    if ($Data.Refused -contains $bare -or ($target -and $Data.Refused -contains $target)) {
        if (-not $Allowed[$line]) { 'command: {0}' -f $name }
        return
    }
    if (-not $target -or -not $Data.Commands.ContainsKey($target)) { return }
    foreach ($p in @($Node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })) {
        if ($p.ParameterName -eq '-' -or $Allowed[$p.Extent.StartLineNumber]) { continue }
        Get-RemcParameterViolation -Command $Data.Commands[$target] -Used $p.ParameterName -Data $Data
    }
}

function Get-RemcScriptViolation {
    param([string] $Path)
    $data = Get-RemcRuleData
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
    # Every token, the code of a string's $( ) included (it follows its string).
    $all = [System.Collections.Generic.List[object]]::new()
    $pending = [System.Collections.Generic.Stack[object]]::new()
    for ($i = @($tokens).Count - 1; $i -ge 0; $i--) { $pending.Push($tokens[$i]) }
    while ($pending.Count -gt 0) {
        $t = $pending.Pop()
        $all.Add($t)
        if ($t -isnot [System.Management.Automation.Language.StringExpandableToken] -or $null -eq $t.NestedTokens) { continue }
        for ($i = $t.NestedTokens.Count - 1; $i -ge 0; $i--) { $pending.Push($t.NestedTokens[$i]) }
    }
    # A valid `# remc-allow` accepts the command and parameter refusals of its own line (after code) or
    # of the next one.
    $allowed = @{}
    foreach ($t in $all) {
        if ($t.Kind -ne 'Comment' -or $t.Text -notmatch $data.Rules.allowComment) { continue }
        $line = $t.Extent.StartLineNumber
        if ($t.Text -notmatch $data.Rules.allowValid) { $found += ('remc-allow needs "{0}: <reason>": line {1}' -f $data.Rules.allowCode, $line); continue }
        $before = @($all | Where-Object { $_.Extent.StartLineNumber -eq $line -and $_.Extent.StartOffset -lt $t.Extent.StartOffset -and $_.Kind -ne 'NewLine' -and $_.Kind -ne 'Comment' })
        if ($before.Count -gt 0) { $allowed[$line] = $true } else { $allowed[$line + 1] = $true }
    }
    foreach ($t in $all) { if ($data.Rules.symbols -ccontains $t.Text) { $found += ('syntax: {0}' -f $t.Text) } }
    $nodes = $ast.FindAll({ $true }, $true)
    $defined = @($nodes | Where-Object { $_ -is [System.Management.Automation.Language.FunctionDefinitionAst] } | ForEach-Object { $_.Name -replace '^(global|script|local|private):', '' })
    foreach ($node in $nodes) {
        if ($node -is [System.Management.Automation.Language.ExitStatementAst]) { $found += 'syntax: ExitStatementAst' }
        if ($node -is [System.Management.Automation.Language.CommandAst]) { $found += @(Get-RemcCommandViolation -Node $node -Defined $defined -Data $data -Allowed $allowed) }
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
