/**
 * Windows PowerShell 5.1 compatibility. Intune runs 5.1 while these tests run PowerShell 7, which
 * accepts more, so a green run proves nothing about 5.1 unless this holds:
 *  - the tokenizer reads strings, comments and here-strings the way PowerShell does (tables);
 *  - the syntax layer rejects 7-only constructs and accepts 5.1 code;
 *  - the command layer rejects cmdlets and parameters outside the allowlist, which is the command data
 *    of a real Windows 10 1809 machine (compiler/ps/data/windows-powershell-5.1, from a PSScriptAnalyzer
 *    profile by compiler/dev/ps51-data.ts); a line may accept its findings by `# remc-allow REMC023: why`;
 *  - everything remc emits passes, and the command extraction equals PowerShell's own parser's;
 *  - Add-Type C# compiles as C# 5 against .NET Framework 4.8.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compile } from '../compiler/pipeline.ts';
import { forgetSources } from '../compiler/ps/functions.ts';
import { compileCSharp5 } from '../compiler/proof/csharp.ts';
import { runPwsh } from '../compiler/proof/pwsh.ts';
import {
  allowedCommands,
  analyzeScript,
  checkWindowsPowerShell51,
  FORBIDDEN_COMMANDS,
  ps51Table,
  resolveParameter,
  windowsPowerShell51Report,
  type CompatProblem,
} from '../compiler/ps/compat/index.ts';
import { allowComments, ALLOW_PATTERNS } from '../compiler/ps/compat/allow.ts';
import { TEMPLATE_RULES_FILE, templateRulesData, templateRulesText } from '../compiler/ps/compat/template-rules.ts';
import { derivePs51Table, PS51_PROFILE, ps51TableText } from '../compiler/dev/ps51-data.ts';
import { allTokens, tokenize, type Token } from '../compiler/ps/tokens.ts';
import { describePowerShell, toolchain } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const required = process.env['REMC_REQUIRE_POWERSHELL'] === '1';

/** Every runtime and template .ps1 that remc copies into emitted scripts (not fakes or tests). */
const sourceFiles: string[] = [
  ...readdirSync(path.join(root, 'compiler', 'ps', 'runtime'))
    .filter((f) => f.endsWith('.ps1'))
    .map((f) => `compiler/ps/runtime/${f}`),
  ...readdirSync(path.join(root, 'templates'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => ['seam.ps1', 'probe.ps1', 'fix.ps1'].map((f) => `templates/${d.name}/${f}`))
    .filter((f) => existsSync(path.join(root, f))),
].sort();
const distFiles = ['dist/teams-signin-50058/detect.ps1', 'dist/teams-signin-50058/remediate.ps1'];
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
/** Functions defined anywhere in remc's PowerShell: a probe calls its seam and the runtime. */
const remcFunctions = new Set(sourceFiles.flatMap((f) => analyzeScript(read(f)).functions));

const shape = (tokens: readonly Token[]) => tokens.filter((t) => t.kind !== 'newline').map((t) => [t.kind, t.text]);
const check = (text: string, known?: ReadonlySet<string>): CompatProblem[] => checkWindowsPowerShell51({ path: 'test.ps1', text }, known);
const where = (problems: readonly CompatProblem[]) => problems.map((p) => [p.line, p.column, p.rule]);

// ---------------------------------------------------------------------------------------------------

describe('the tokenizer', () => {
  it.each([
    ['"a ?? b && c || d ? e"', [['string', '"a ?? b && c || d ? e"']]],
    ["'it''s ?? here'", [['string', "'it''s ?? here'"]]],
    ['"say ""hi"" `"there`" ??"', [['string', '"say ""hi"" `"there`" ??"']]],
    ['# a ?? b && c', [['comment', '# a ?? b && c']]],
    ['<# a ?? b\n && c #> $x', [['comment', '<# a ?? b\n && c #>'], ['variable', '$x']]],
    ['$x#not a comment', [['variable', '$x'], ['comment', '#not a comment']]],
    ['Write-Output a#b', [['bareword', 'Write-Output'], ['bareword', 'a#b']]],
  ])('keeps %j whole', (text, expected) => {
    expect(shape(tokenize(text))).toEqual(expected);
  });

  it('reads here-strings to a quote-@ at a line start only', () => {
    const text = "$a = @'\nGet-Nope ?? && '@ not the end\n'@\n$b = @\"\nline $(Get-Date -Format \"yyyy\") ?? x\n\"@\n$c";
    const tokens = tokenize(text);
    expect(shape(tokens)).toEqual([
      ['variable', '$a'], ['operator', '='], ['hereString', "@'\nGet-Nope ?? && '@ not the end\n'@"],
      ['variable', '$b'], ['operator', '='], ['hereString', '@"\nline $(Get-Date -Format "yyyy") ?? x\n"@'],
      ['variable', '$c'],
    ]);
    expect(tokens[2]!.value).toBe("Get-Nope ?? && '@ not the end");
    // The code of $( ) inside an expandable string is tokenized as code.
    expect(shape(tokens[6]!.nested![0]!)).toEqual([['bareword', 'Get-Date'], ['parameter', '-Format'], ['string', '"yyyy"']]);
    expect(tokens.at(-1)).toMatchObject({ text: '$c', line: 7, column: 1 });
  });

  it('ends $( ) in a double-quoted string where its parentheses balance, as PowerShell does', () => {
    const tokens = tokenize(`$s = "a $("b" + 'c' + (1)) d ""e"" $(""f"") \`$(no)" ?? 1`);
    expect(shape(tokens)).toEqual([
      ['variable', '$s'], ['operator', '='], ['string', `"a $("b" + 'c' + (1)) d ""e"" $(""f"") \`$(no)"`], ['operator', '??'], ['number', '1'],
    ]);
    expect(tokens[3]).toMatchObject({ line: 1, column: 53 });
    // Its code is tokenized with positions in the file; "" inside it stands for one quote.
    const [first, second] = tokens[2]!.nested!;
    expect(shape(first!)).toEqual([['string', '"b"'], ['operator', '+'], ['string', "'c'"], ['operator', '+'], ['punct', '('], ['number', '1'], ['punct', ')']]);
    expect(first![2]).toMatchObject({ line: 1, column: 17 });
    expect(shape(second!)).toEqual([['string', '"f"']]);
    expect(tokens[2]!.nested).toHaveLength(2); // `$( is text
    // Quotes do not hide a parenthesis from that count: PowerShell rejects "$(')')" too.
    expect(tokenize(`"$(')')"`)[0]!.nested![0]).toMatchObject([{ kind: 'string', unterminated: true }]);
  });

  it.each([
    ['$x $_ $$ $? $script:x $env:ProgramData ${any name} @splat', ['$x', '$_', '$$', '$?', '$script:x', '$env:ProgramData', '${any name}', '@splat']],
  ])('reads variables: %s', (text, expected) => {
    const tokens = tokenize(text);
    expect(tokens.every((t) => t.kind === 'variable')).toBe(true);
    expect(tokens.map((t) => t.text)).toEqual(expected);
  });

  it.each([
    ['42', [['number', '42']]],
    ['0x1F 1.5 1e3 10kb 2L .5', [['number', '0x1F'], ['number', '1.5'], ['number', '1e3'], ['number', '10kb'], ['number', '2L'], ['number', '.5']]],
    ['1..5', [['number', '1'], ['operator', '..'], ['number', '5']]],
    ['$a[-1]', [['variable', '$a'], ['punct', '['], ['operator', '-'], ['number', '1'], ['punct', ']']]],
    ['7zip', [['bareword', '7zip']]],
  ])('reads numbers: %s', (text, expected) => {
    expect(shape(tokenize(text))).toEqual(expected);
  });

  it('tells dash operators from parameters, and knows the other operators', () => {
    expect(shape(tokenize('$a -eq 1 -and $b -notlike "x" -f 2 -cmatch 3 -Name -Path: -ErrorA'))).toEqual([
      ['variable', '$a'], ['operator', '-eq'], ['number', '1'], ['operator', '-and'], ['variable', '$b'], ['operator', '-notlike'],
      ['string', '"x"'], ['operator', '-f'], ['number', '2'], ['operator', '-cmatch'], ['number', '3'],
      ['parameter', '-Name'], ['parameter', '-Path:'], ['parameter', '-ErrorA'],
    ]);
    expect(shape(tokenize('$a ?? $b ??= $c ?. ?[ ? : && || | & = += ++ ! , ;')).map((t) => t[1])).toEqual([
      '$a', '??', '$b', '??=', '$c', '?.', '?[', '?', ':', '&&', '||', '|', '&', '=', '+=', '++', '!', ',', ';',
    ]);
  });

  it('reads member access, static members, types and punctuation', () => {
    expect(shape(tokenize('[Math]::Max(@($x.Name.Length)[0], $h.Keys)'))).toEqual([
      ['punct', '['], ['bareword', 'Math'], ['punct', ']'], ['operator', '::'], ['bareword', 'Max'], ['punct', '('],
      ['punct', '@('], ['variable', '$x'], ['punct', '.'], ['bareword', 'Name'], ['punct', '.'], ['bareword', 'Length'], ['punct', ')'],
      ['punct', '['], ['number', '0'], ['punct', ']'], ['punct', ','], ['variable', '$h'], ['punct', '.'], ['bareword', 'Keys'], ['punct', ')'],
    ]);
    expect(shape(tokenize('@{ a = 1 }; $( 1 ) { } . .\\a.ps1'))).toEqual([
      ['punct', '@{'], ['bareword', 'a'], ['operator', '='], ['number', '1'], ['punct', '}'], ['punct', ';'], ['punct', '$('], ['number', '1'],
      ['punct', ')'], ['punct', '{'], ['punct', '}'], ['punct', '.'], ['bareword', '.\\a.ps1'],
    ]);
  });

  it('reads generic tokens, redirections and line continuations', () => {
    expect(shape(tokenize('& $exe /status 2>$null 2>&1 >> log.txt'))).toEqual([
      ['operator', '&'], ['variable', '$exe'], ['operator', '/'], ['bareword', 'status'], ['redirection', '2>'], ['variable', '$null'],
      ['redirection', '2>&1'], ['redirection', '>>'], ['bareword', 'log.txt'],
    ]);
    expect(shape(tokenize('Get-ChildItem C:\\Windows\\foo?.txt `\n  -Force'))).toEqual([
      ['bareword', 'Get-ChildItem'], ['bareword', 'C:\\Windows\\foo?.txt'], ['parameter', '-Force'],
    ]);
  });

  it('gives 1-based lines and columns (CRLF counts as one line break)', () => {
    const tokens = tokenize('$a = 1\r\n  if ($a) {\r\n\tGet-Item x }');
    const at = (text: string) => tokens.find((t) => t.text === text);
    expect(at('$a')).toMatchObject({ line: 1, column: 1 });
    expect(at('if')).toMatchObject({ line: 2, column: 3 });
    expect(at('Get-Item')).toMatchObject({ line: 3, column: 2 });
    expect(at('}')).toMatchObject({ line: 3, column: 13 });
  });

  it('marks strings and comments without an end', () => {
    expect(tokenize('"abc').at(-1)).toMatchObject({ kind: 'string', unterminated: true });
    expect(tokenize("@'\nabc").at(-1)).toMatchObject({ kind: 'hereString', unterminated: true });
    expect(tokenize('<# abc').at(-1)).toMatchObject({ kind: 'comment', unterminated: true });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('the syntax layer', () => {
  it.each([
    ['$a = $b ?? "x"', 1, 9, /`\?\?` \(null-coalescing\) needs PowerShell 7; Windows PowerShell 5.1 cannot parse it/],
    ['$a = 1\n$a ??= 2', 2, 4, /`\?\?=` \(null-coalescing assignment\) needs PowerShell 7/],
    ['${a}?.Name', 1, 5, /`\?\.` \(null-conditional member access\)/],
    ['${a}?[0]', 1, 5, /`\?\[` \(null-conditional index\)/],
    ['$x = $a ? 1 : 2', 1, 9, /`\?` \(ternary `a \? b : c`\) needs PowerShell 7/],
    ['$list | ? { $_ }', 1, 9, /`\?` \(alias of Where-Object\) is not allowed/],
    ['Write-Output 1 && Write-Output 2', 1, 16, /`&&` \(pipeline chain\) needs PowerShell 7/],
    ['Write-Output 1 || Write-Output 2', 1, 16, /`\|\|` \(pipeline chain\) needs PowerShell 7/],
    ['function Test-X {\n  process { $_ }\n  clean { $null }\n}', 3, 3, /`clean \{ \}` blocks need PowerShell 7\.3/],
    ['#requires -Version 7', 1, 1, /`#requires -Version 7` makes Windows PowerShell 5.1 refuse/],
    ['#Requires -Version 6.0\n$x = 1', 1, 1, /`#requires -Version 6\.0`/],
    ['#requires -PSEdition Core', 1, 1, /`#requires -PSEdition Core`/],
    ['Write-Output "x `e[0m"', 1, 17, /`e `` \(escape character\) needs PowerShell 6/],
    ['Write-Output "smile `u{263A}"', 1, 21, /`u\{\.\.\.\} `` \(Unicode escape\) needs PowerShell 6/],
    ['$mask = 0b1010', 1, 9, /`0b1010` \(binary literal\) needs PowerShell 7/],
    ['$n = 10u', 1, 6, /numeric suffix of `10u` needs PowerShell 6\.2 or 7/],
    ['Write-Output 1 &', 1, 16, /`&` after a command \(run as a background job\) needs PowerShell 6/],
    ["$s = 'no end", 1, 6, /unterminated string/],
    ['$t = "$(1 ?? 2)"', 1, 11, /`\?\?` \(null-coalescing\)/],
    ['$t = "$(\')\')"', 1, 9, /unterminated string/],
  ])('rejects %j at %i:%i', (text, line, column, message) => {
    const problems = check(text).filter((p) => p.rule === 'syntax');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line, column, rule: 'syntax' });
    expect(problems[0]!.message).toMatch(message);
  });

  it('accepts Windows PowerShell 5.1 code, including 7-only symbols inside strings, comments and here-strings', () => {
    const text = [
      '#requires -Version 5.1',
      'using namespace System.Text',
      '<# a ?? b && c || d ? e : f #>',
      '# $x ?? $y; Get-Nope && Get-Nada',
      'function Test-Ok {',
      '    param([Parameter(Mandatory = $true)] [string] $Name, [int] $Count = 2)',
      "    $pattern = 'MicrosoftOffice1?_Data:ADAL*'",
      '    $text = "a ?? b && c || d $($Name.Length) ? e"',
      "    $raw = @'",
      '?? && || ?. ?[ `e `u{1F600}',
      "'@",
      '    $html = @"',
      'x $(if ($Count -gt 1) { "many" } else { "one" }) && y',
      '"@',
      "    if ($Name -like 'a?c' -and $Count -ge 1) { $Count++ } elseif (-not $Name) { return $null } else { $Count-- }",
      '    $items = @(1..3 | ForEach-Object { $_ * 2 } | Where-Object { $_ -gt 2 })',
      "    $null = Join-Path -Path $env:TEMP -ChildPath ('{0}.json' -f $Name)",
      "    switch ($Name) { 'a' { break } default { $Count = 0 } }",
      '    try { Get-Content -LiteralPath $raw -Raw -ErrorAction Stop 2>$null } catch [System.IO.IOException] { $null = $_ } finally { }',
      '    $exe = Join-Path $env:SystemRoot "System32\\dsregcmd.exe"',
      '    $lines = @(& $exe /status 2>$null)',
      '    dsregcmd.exe /status',
      '    Write-Output ([Math]::Max($items.Count, $lines.Count))',
      '}',
      'Test-Ok -Name x',
    ].join('\r\n');
    expect(check(text)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('the command layer', () => {
  it.each([
    ['$h = $json | ConvertFrom-Json -AsHashtable', 1, 31, 'parameter', "'-AsHashtable' is not a parameter of ConvertFrom-Json in Windows PowerShell 5.1"],
    ['1..3 | ForEach-Object -Parallel { $_ }', 1, 23, 'parameter', "'-Parallel' is not a parameter of ForEach-Object in Windows PowerShell 5.1"],
    ['$b = Get-Content -LiteralPath $p -AsByteStream', 1, 34, 'parameter', "'-AsByteStream' is not a parameter of Get-Content in Windows PowerShell 5.1"],
    ['$c = ConvertFrom-Yaml $text', 1, 6, 'command', "'ConvertFrom-Yaml' is not a command of Windows PowerShell 5.1 (nor a function of the script)"],
    ['if (Test-Path x) { $v = "$(Get-Clipboard2)" }', 1, 28, 'command', "'Get-Clipboard2' is not a command of Windows PowerShell 5.1 (nor a function of the script)"],
    ['@{ Key = Get-Randomly }', 1, 10, 'command', "'Get-Randomly' is not a command of Windows PowerShell 5.1 (nor a function of the script)"],
    ['Write-Host done', 1, 1, 'command', "'Write-Host' writes to the host, which replaces the summary line"],
    ['$x = Read-Host', 1, 6, 'command', "'Read-Host' waits for input that never comes (Intune runs without -NonInteractive)"],
    ['Restart-Computer -Force', 1, 1, 'command', "'Restart-Computer' reboots the device; a remediation never reboots"],
    ['Get-BitLockerVolume -MountPoint C: -Foo 1', 1, 36, 'parameter', "'-Foo' is not a parameter of Get-BitLockerVolume in Windows PowerShell 5.1"],
    ['Get-Content -LiteralPath $p -Error Stop', 1, 29, 'parameter', "'-Error' is ambiguous for Get-Content (-ErrorAction, -ErrorVariable): PowerShell stops with an error; write the full name"],
    ['Where-Object Name -eq x -Bogus 1', 1, 25, 'parameter', "'-Bogus' is not a parameter of Where-Object in Windows PowerShell 5.1"],
    // The 1809 data refuses mistakes as before: a misspelt parameter, an unknown command.
    ['Set-MpPreference -EnableNetworkProtectoin Enabled', 1, 18, 'parameter', "'-EnableNetworkProtectoin' is not a parameter of Set-MpPreference in Windows PowerShell 5.1"],
    ['Remove-AppxPackage -Package $p -AllUsrs', 1, 32, 'parameter', "'-AllUsrs' is not a parameter of Remove-AppxPackage in Windows PowerShell 5.1"],
    ['Remove-AppxPackages -AllUsers', 1, 1, 'command', "'Remove-AppxPackages' is not a command of Windows PowerShell 5.1 (nor a function of the script)"],
    // An alias is its command: its rules and its parameters.
    ['$x | oh', 1, 6, 'command', "'oh' (an alias of Out-Host) writes to the host, which replaces the summary line"],
    ['1..3 | % -Parallel { $_ }', 1, 10, 'parameter', "'-Parallel' is not a parameter of ForEach-Object in Windows PowerShell 5.1"],
  ] as const)('rejects %j', (text, line, column, rule, message) => {
    expect(check(text)).toEqual([{ line, column, rule, message }]);
  });

  it.each([
    // Parameters Windows 10 1607's data lacked (issue: users splatted round them).
    'Set-MpPreference -EnableNetworkProtection Enabled',
    'Get-AppxPackage -AllUsers -Name $name | Remove-AppxPackage -AllUsers',
    'Remove-AppxPackage -Package $p -AllUsers -ErrorAction Stop',
    // Parameter aliases, which the profile records: exact, and as a prefix.
    '$a = Get-Content -LiteralPath $p -Head 5; $b = Get-Content -PSPath $p -Last 1 -usetx',
    '$c = Get-CimInstance -ClassName Win32_Service -CN localhost -Select Name',
  ])('accepts what Windows PowerShell 5.1 on Windows 10 1809 ships: %j', (text) => {
    expect(check(text)).toEqual([]);
  });

  it('accepts unambiguous prefixes, any case, common parameters and their aliases', () => {
    const text = [
      '$a = Get-Content -LiteralP $p -Ra -ErrorA Stop',
      '$b = get-content -literalpath $p -RAW -ea SilentlyContinue -WarningAction Ignore -OutVariable o -Verbose',
      'Test-Path -L $p -PathT Leaf -ErrorVariable e -InformationAction Ignore -PipelineVariable v -Debug:$false',
      'Microsoft.PowerShell.Management\\Join-Path -Path a -ChildPath b',
    ].join('\n');
    expect(check(text)).toEqual([]);
  });

  it('accepts functions of the script and known functions; skips computed commands and native programs', () => {
    const text = [
      'function Get-Thing { param($Anything) $Anything }',
      'Get-Thing -Anything 1 -Whatever 2',
      'Get-Elsewhere -Z 1',
      '& $exe -NoProfile -Whatever',
      '& { param($q) $q } -q 1',
      '. $script:Helper -X 1',
      'C:\\Tools\\tool.exe -flag',
      '.\\local.ps1 -Flag',
      "& 'C:\\Program Files\\x\\y.exe' /quiet",
    ].join('\n');
    expect(check(text, new Set(['Get-Elsewhere']))).toEqual([]);
    expect(check(text)).toEqual([{ line: 3, column: 1, rule: 'command', message: "'Get-Elsewhere' is not a command of Windows PowerShell 5.1 (nor a function of the script)" }]);
  });

  it('resolves parameters the way PowerShell binds them', () => {
    const names = ['LiteralPath', 'Raw', 'ReadCount'];
    expect(resolveParameter(names, 'literalpath')).toEqual({ kind: 'exact', name: 'LiteralPath' });
    expect(resolveParameter(names, 'Li')).toEqual({ kind: 'prefix', name: 'LiteralPath' });
    expect(resolveParameter(names, 'R')).toEqual({ kind: 'ambiguous', names: ['Raw', 'ReadCount'] });
    expect(resolveParameter(names, 'Ra')).toEqual({ kind: 'prefix', name: 'Raw' });
    expect(resolveParameter(names, 'EA')).toEqual({ kind: 'alias', name: 'ErrorAction' });
    expect(resolveParameter(names, 'AsByteStream')).toEqual({ kind: 'unknown' });
    expect(resolveParameter(['Force', 'ForceApplicationShutdown'], 'Force')).toEqual({ kind: 'exact', name: 'Force' });
    // A command's parameter aliases: exact, a prefix of one, and prefixes that all mean one parameter.
    const aliases = { First: 'TotalCount', Head: 'TotalCount', Last: 'Tail', PSPath: 'LiteralPath' };
    expect(resolveParameter(['TotalCount', 'Tail', 'LiteralPath'], 'head', aliases)).toEqual({ kind: 'alias', name: 'TotalCount' });
    expect(resolveParameter(['TotalCount', 'Tail', 'LiteralPath'], 'Fir', aliases)).toEqual({ kind: 'prefix', name: 'TotalCount' });
    expect(resolveParameter(['TotalCount', 'Tail', 'LiteralPath'], 'PS', aliases)).toEqual({ kind: 'prefix', name: 'LiteralPath' });
    expect(resolveParameter(['TotalCount', 'Tail', 'LiteralPath'], 'L', aliases)).toEqual({ kind: 'ambiguous', names: ['LiteralPath', 'Tail'] });
  });

  it.each([
    ['Get-A | Get-B -X 1 | Get-C', ['Get-A()', 'Get-B(X)', 'Get-C()']],
    ['Get-A -X (Get-B -Y) -Z', ['Get-A(X,Z)', 'Get-B(Y)']],
    ['$x = @{ K = Get-A -X 1; L = 2; Get-NotACommand = 3 }', ['Get-A(X)']],
    ['foreach ($i in Get-A -X) { Get-B }', ['Get-A(X)', 'Get-B()']],
    ["switch ($x) { 'a' { Get-A } default { Get-B } }", ['Get-A()', 'Get-B()']],
    ['param([Parameter(Mandatory = $true)] [ValidateScript({ Get-A $_ })] $P)', ['Get-A()']],
    ['$x.Get-Nothing; [Math]::Round(1); $y = $a.Count-1', []],
    ['"a $(Get-A -X) b"; \'$(Get-Nothing)\'', ['Get-A(X)']],
    ['& { Get-A } -Q; . .\\b.ps1 -R; & "Get-B" -S', ['<computed>(Q)', 'Get-A()', '.\\b.ps1(R)', 'Get-B(S)']],
    ['Where-Object Name -eq x -- -NotAParameter', ['Where-Object(eq,-)']],
    ['Get-A -X `\n  -Y\nGet-B', ['Get-A(X,Y)', 'Get-B()']],
    ['if ($a -and\n    (Get-A)) { }', ['Get-A()']],
    ['& { param($q) Get-A $q } -q 1', ['<computed>(q)', 'Get-A()']],
    ["function Get-A { 'x' }; function script:Get-B { }", []],
  ])('finds the commands of %j', (text, expected) => {
    const found = analyzeScript(text).commands.map((c) => `${c.name ?? '<computed>'}(${c.parameters.map((p) => p.name).join(',')})`);
    expect(found.sort()).toEqual([...expected].sort());
  });

  it('reports defined functions without their scope', () => {
    expect(analyzeScript("function Get-A { 'x' }; function script:Get-B { }\nfilter Get-C { $_ }").functions).toEqual(['Get-A', 'Get-B', 'Get-C']);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('# remc-allow REMC023: <reason>', () => {
  const report = (text: string) => windowsPowerShell51Report({ path: 'test.ps1', text });
  const notACommand = (name: string) => `'${name}' is not a command of Windows PowerShell 5.1 (nor a function of the script)`;

  it('accepts the findings of its own line, or of the line just below it, and reports each with its reason', () => {
    const text = [
      'function Test-X {',
      '    $t = Get-TpmStatus -Full  # remc-allow REMC023: our devices are Windows 11 only',
      '    # remc-allow REMC023: Set-MpPreference -NewSwitch arrived in Windows 11 22H2',
      '    Set-MpPreference -NewSwitch 1 -OtherNew 2',
      '    Get-Other',
      '}',
    ].join('\r\n');
    const found = report(text);
    expect(found.problems).toEqual([{ line: 5, column: 5, rule: 'command', message: notACommand('Get-Other') }]);
    expect(found.allowances.map((a) => [a.line, a.column, a.target, a.reason, a.accepted.map((p) => p.message), a.unused])).toEqual([
      [2, 31, 2, 'our devices are Windows 11 only', [notACommand('Get-TpmStatus')], undefined],
      [
        3,
        5,
        4,
        'Set-MpPreference -NewSwitch arrived in Windows 11 22H2',
        ["'-NewSwitch' is not a parameter of Set-MpPreference in Windows PowerShell 5.1", "'-OtherNew' is not a parameter of Set-MpPreference in Windows PowerShell 5.1"],
        undefined,
      ],
    ]);
    expect(checkWindowsPowerShell51({ path: 'test.ps1', text })).toEqual(found.problems);
  });

  it('a line without one still fails, and one comment accepts no other line', () => {
    const text = ['# remc-allow REMC023: for the line below only', 'Get-TpmStatus', 'Get-TpmStatus'].join('\n');
    expect(where(report(text).problems)).toEqual([[3, 1, 'command']]);
  });

  it.each([
    ['Get-TpmStatus # remc-allow REMC023', 1, 15],
    ['Get-TpmStatus # remc-allow REMC023:', 1, 15],
    ['# remc-allow REMC023:   \nGet-TpmStatus', 1, 1],
  ])('without a reason is itself an error (and accepts nothing): %j', (text, line, column) => {
    const found = report(text);
    expect(found.allowances).toEqual([]);
    expect(found.problems).toContainEqual({
      line,
      column,
      rule: 'suppression',
      message: '`# remc-allow REMC023` gives no reason: write why Windows PowerShell 5.1 runs this line after the colon (`# remc-allow REMC023: <reason>`)',
    });
    expect(found.problems.filter((p) => p.rule === 'command')).toHaveLength(1);
  });

  it('allows REMC023 only, and must name it', () => {
    expect(report('Get-TpmStatus # remc-allow REMC016: long').problems.map((p) => [p.rule, p.message])).toEqual([
      ['command', notACommand('Get-TpmStatus')],
      ['suppression', '`# remc-allow REMC016`: only REMC023 (Windows PowerShell 5.1) can be allowed by a comment'],
    ]);
    expect(report('# remc-allow: because').problems[0]?.message).toMatch(/^`# remc-allow` names no code/);
  });

  it('cannot accept PowerShell 7-only syntax, and says why it accepted nothing', () => {
    const found = report("$a = $b ?? 'x' # remc-allow REMC023: the fleet has PowerShell 7\n# remc-allow REMC023: nothing here\n$c = 1");
    expect(where(found.problems)).toEqual([[1, 9, 'syntax']]);
    expect(found.allowances.map((a) => [a.target, a.accepted, a.unused])).toEqual([
      [1, [], '`# remc-allow REMC023` cannot accept PowerShell 7-only syntax (this line): Windows PowerShell 5.1 cannot parse the script at all'],
      [3, [], '`# remc-allow REMC023` accepts nothing: the line below it has no Windows PowerShell 5.1 finding; remove the comment'],
    ]);
  });

  it('is a comment only: in a string or a here-string it is text', () => {
    const text = ["Get-TpmStatus '# remc-allow REMC023: text'", "$s = @'", '# remc-allow REMC023: text', "'@", 'Get-TpmStatus'].join('\n');
    expect(where(report(text).problems)).toEqual([[1, 1, 'command'], [5, 1, 'command']]);
    expect(report(text).allowances).toEqual([]);
  });
});

describe('# remc-allow REMC023 in a build', () => {
  // Created by the first test, not at collection: a filtered run leaves nothing behind.
  const project = path.join(tmpdir(), `remc-allow-test-${process.pid}`);
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  const declaration = [
    "import { customCheck, defineRemediation } from 'remc';",
    '',
    'export default defineRemediation({',
    "  id: 'tpm-report',",
    "  displayName: 'TPM report',",
    "  description: 'Reports the TPM.',",
    "  publisher: 'IT',",
    "  runAs: 'system',",
    "  checks: [customCheck({ name: 'tpm', probe: './tpm.probe.ps1', runAs: 'system', needsAdmin: true })],",
    '});',
    '',
  ].join('\n');
  /** Builds the project with `body` (lines) between the probe's param() and its result, from line 3 on. */
  const buildWith = async (...body: string[]) => {
    const probe = ['function Test-Tpm {', '    param($Config, $Context)', ...body, "    @{ InDesiredState = $true; Summary = 'ok' }", '}', ''];
    mkdirSync(path.join(project, 'remediations'), { recursive: true });
    writeFileSync(path.join(project, 'remediations', 'tpm-report.ts'), declaration);
    const file = path.join(project, 'remediations', 'tpm.probe.ps1');
    writeFileSync(file, probe.join('\r\n'));
    forgetSources([file]); // remc caches what it read: each test writes the probe anew
    return compile(project);
  };
  const at = (d: { location?: { file: string; line: number } }) => `${d.location?.file}:${d.location?.line}`;
  const tpmNotACommand = "'Get-TpmStatus' is not a command of Windows PowerShell 5.1 (nor a function of the script)";

  it('a suppressed line builds, and the README lists it with its reason', async () => {
    const result = await buildWith('    # remc-allow REMC023: Get-TpmStatus comes with our TPM tooling, installed on every device', '    $tpm = Get-TpmStatus');
    expect(result.diagnostics).toEqual([]);
    const readme = result.artifacts.get('tpm-report/README.md')!.toString('utf8');
    expect(readme).toContain(
      [
        '## Windows PowerShell 5.1 exceptions',
        '',
        "Lines that remc's Windows PowerShell 5.1 check refuses (its command data is Windows 10 1809), accepted by a `# remc-allow REMC023: <reason>` comment in the source:",
        '',
        `- \`remediations/tpm.probe.ps1:3\`: Get-TpmStatus comes with our TPM tooling, installed on every device (accepts: ${tpmNotACommand})`,
        '',
      ].join('\n'),
    );
  });

  it('an unsuppressed line fails at its own file:line, and a README without exceptions has no such section', async () => {
    const result = await buildWith('    $tpm = Get-TpmStatus');
    expect(result.diagnostics.map((d) => [d.code, d.severity, at(d), d.message])).toEqual([['REMC023', 'error', 'remediations/tpm.probe.ps1:3', tpmNotACommand]]);
    const clean = await compile(root);
    expect(clean.artifacts.get('teams-signin-50058/README.md')!.toString('utf8')).not.toContain('Windows PowerShell 5.1 exceptions');
  });

  it('a suppression without a reason fails, and so does the line it was for', async () => {
    const result = await buildWith('    # remc-allow REMC023:', '    $tpm = Get-TpmStatus');
    expect(result.diagnostics.map((d) => [d.code, d.severity, at(d)])).toEqual([
      ['REMC023', 'error', 'remediations/tpm.probe.ps1:3'],
      ['REMC023', 'error', 'remediations/tpm.probe.ps1:4'],
    ]);
    expect(result.diagnostics[0]!.message).toMatch(/gives no reason/);
  });

  it('an unused suppression is a warning: the build passes and the README lists nothing', async () => {
    const result = await buildWith('    # remc-allow REMC023: stale', '    $x = 1');
    expect(result.diagnostics.map((d) => [d.code, d.severity, at(d), d.message])).toEqual([
      ['REMC023', 'warning', 'remediations/tpm.probe.ps1:3', '`# remc-allow REMC023` accepts nothing: the line below it has no Windows PowerShell 5.1 finding; remove the comment'],
    ]);
    expect(result.artifacts.get('tpm-report/README.md')!.toString('utf8')).not.toContain('Windows PowerShell 5.1 exceptions');
  });
});

// ---------------------------------------------------------------------------------------------------

describe("remc's own PowerShell", () => {
  it('lists its sources (runtime, seams, probes, fixes)', () => {
    expect(sourceFiles).toContain('compiler/ps/runtime/common.ps1');
    expect(sourceFiles).toContain('templates/credential-purge/seam.ps1');
    expect(sourceFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(sourceFiles)('%s has no Windows PowerShell 5.1 problem', (file) => {
    expect(checkWindowsPowerShell51({ path: file, text: read(file) }, remcFunctions)).toEqual([]);
  });

  it.each(distFiles)('%s (committed) has no Windows PowerShell 5.1 problem', (file) => {
    expect(checkWindowsPowerShell51({ path: file, text: read(file) })).toEqual([]);
  });

  it('builds the flagship without REMC023, and the check is fast', async () => {
    const result = await compile(root);
    expect(result.diagnostics.filter((d) => d.code === 'REMC023')).toEqual([]);
    for (const name of ['detect.ps1', 'remediate.ps1']) {
      const text = result.artifacts.get(`teams-signin-50058/${name}`)!.toString('utf8');
      const started = performance.now();
      expect(checkWindowsPowerShell51({ path: name, text })).toEqual([]);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });

  it('reports a problem in an emitted script as REMC023 at the line of the emitted file', async () => {
    const { remediations } = await compile(root);
    vi.resetModules();
    vi.doMock('../compiler/emit/emit.ts', async (importOriginal) => ({
      ...(await importOriginal<typeof import('../compiler/emit/emit.ts')>()),
      renderScript: () => ({ text: '# header\r\n$h = Get-Content -LiteralPath $p -Raw | ConvertFrom-Json -AsHashtable\r\n$x = $h.a ?? 1\r\n', spans: [] }),
    }));
    try {
      const { buildArtifacts } = await import('../compiler/emit/artifacts.ts');
      const { diagnostics } = buildArtifacts(remediations);
      const detect = diagnostics.filter((d) => d.code === 'REMC023' && d.location?.file === 'teams-signin-50058/detect.ps1');
      expect(detect.map((d) => [d.location, d.message])).toEqual([
        [
          { file: 'teams-signin-50058/detect.ps1', line: 2, column: 58, lineText: '$h = Get-Content -LiteralPath $p -Raw | ConvertFrom-Json -AsHashtable' },
          "'-AsHashtable' is not a parameter of ConvertFrom-Json in Windows PowerShell 5.1",
        ],
        [
          { file: 'teams-signin-50058/detect.ps1', line: 3, column: 11, lineText: '$x = $h.a ?? 1' },
          '`??` (null-coalescing) needs PowerShell 7; Windows PowerShell 5.1 cannot parse it',
        ],
      ]);
      expect(detect[0]!.hint).toMatch(/^Windows PowerShell 5\.1 \(what Intune runs\) cannot run this/);
      expect(diagnostics.filter((d) => d.code === 'REMC023' && d.location?.file === 'teams-signin-50058/remediate.ps1')).toHaveLength(2);
    } finally {
      vi.doUnmock('../compiler/emit/emit.ts');
      vi.resetModules();
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// The shipped command table: Windows PowerShell 5.1 on Windows 10 1809, derived from a PSScriptAnalyzer
// profile (3.4 MB, not in the repository) by compiler/dev/ps51-data.ts.

describe('the Windows PowerShell 5.1 command table', () => {
  const table = ps51Table();
  const parameters = (name: string) => table.commands[name]?.parameters;

  it('names its source: the pinned profile of a Windows 10 1809 machine, MIT', () => {
    expect(table.source).toEqual({ ...PS51_PROFILE, windows: 'Microsoft Windows 10 Pro 10.0.17763.0', powershell: '5.1.17763.134 Desktop' });
    const readme = read('compiler/ps/data/windows-powershell-5.1/README.md');
    for (const fact of [PS51_PROFILE.repository, PS51_PROFILE.commit, PS51_PROFILE.path, PS51_PROFILE.sha256, '17763']) expect(readme).toContain(fact);
    expect(read('compiler/ps/data/windows-powershell-5.1/LICENSE')).toMatch(/^The MIT License \(MIT\)\s+Copyright \(c\) 2015 Microsoft Corporation\./);
  });

  it('holds the 5.1 commands, parameters and aliases (sanity of the data)', () => {
    expect(Object.keys(table.commands).length).toBeGreaterThan(1400);
    expect(parameters('Get-Content')).toEqual(expect.arrayContaining(['Path', 'LiteralPath', 'Raw', 'Encoding']));
    expect(table.commands['Get-Content']!.aliases).toMatchObject({ Head: 'TotalCount', PSPath: 'LiteralPath' });
    expect(table.aliases).toMatchObject({ '%': 'ForEach-Object', '?': 'Where-Object', gci: 'Get-ChildItem', oh: 'Out-Host' });
    // What Windows 10 1809 has and 1607 lacked: the issue's parameters.
    expect(parameters('Set-MpPreference')).toContain('EnableNetworkProtection');
    expect(parameters('Remove-AppxPackage')).toContain('AllUsers');
    // What PowerShell 7 added, and 5.1 lacks: the rejections above are real.
    expect(parameters('ConvertFrom-Json')).not.toContain('AsHashtable');
    expect(parameters('ForEach-Object')).not.toContain('Parallel');
    expect(parameters('Get-Content')).not.toContain('AsByteStream');
    expect(parameters('ConvertTo-Json')).toContain('Depth');
    expect(table.commands['ConvertFrom-Yaml']).toBeUndefined();
    // Common parameters are the check's own (COMMON_PARAMETERS), not the data's.
    expect(parameters('Get-Content')).not.toContain('ErrorAction');
  });

  it('is in the converter\'s own form (sorted, one command a line)', () => {
    expect(read('compiler/ps/data/windows-powershell-5.1/commands.json')).toBe(ps51TableText(table));
  });

  it('the converter reads a profile: cmdlets and functions of every module and version, their parameters and aliases, and the aliases', () => {
    const profile = {
      Platform: { OperatingSystem: { Name: 'Microsoft Windows 10 Pro', Version: '10.0.17763.0', SkuId: 48 }, PowerShell: { Version: '5.1.17763.134', Edition: 'Desktop' } },
      Compatibility: {
        Modules: {
          Appx: {
            '2.0.1.0': {
              Cmdlets: { 'Remove-AppxPackage': { Parameters: { Package: { Type: 'System.String' }, AllUsers: {} }, ParameterAliases: { wi: 'WhatIf' } } },
              Aliases: { 'Remove-AppPackage': 'Remove-AppxPackage' },
            },
          },
          Defender: { '1.0': { Functions: { 'Set-MpPreference': { Parameters: { EnableNetworkProtection: {} } } } } },
          Both: { '1.0': { Functions: { 'Remove-AppxPackage': { Parameters: { User: {} } }, 'Get-None': {} } }, '2.0': { Cmdlets: null } },
        },
        NativeCommands: {},
        Types: {},
      },
    };
    const derived = derivePs51Table(`\uFEFF${JSON.stringify(profile)}`);
    expect(derived).toEqual({
      source: { ...PS51_PROFILE, windows: 'Microsoft Windows 10 Pro 10.0.17763.0', powershell: '5.1.17763.134 Desktop' },
      commands: {
        'Get-None': { parameters: [] },
        'Remove-AppxPackage': { parameters: ['AllUsers', 'Package', 'User'], aliases: { wi: 'WhatIf' } },
        'Set-MpPreference': { parameters: ['EnableNetworkProtection'] },
      },
      aliases: { 'Remove-AppPackage': 'Remove-AppxPackage' },
    });
    const seven = { ...profile, Platform: { ...profile.Platform, PowerShell: { Version: '7.0.0', Edition: 'Core' } } };
    expect(() => derivePs51Table(JSON.stringify(seven))).toThrow(/not a Windows PowerShell 5.1 profile/);
  });

  // The profile is not in the repository: given one (REMC_PS51_PROFILE=<file>), the table must be its derivation.
  const profileFile = process.env['REMC_PS51_PROFILE'];
  it.skipIf(!profileFile)('the table remc ships is the derivation of the pinned profile (REMC_PS51_PROFILE)', () => {
    const bytes = readFileSync(profileFile!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(PS51_PROFILE.sha256);
    expect(bytes.length).toBe(PS51_PROFILE.bytes);
    expect(ps51TableText(derivePs51Table(bytes.toString('utf8')))).toBe(read('compiler/ps/data/windows-powershell-5.1/commands.json'));
  });

  it('no forbidden command is allowed; each is a 5.1 command, or a gallery install that 5.1 ships only in PowerShellGet', () => {
    const gallery = ['Install-Module', 'Install-Package', 'Install-PackageProvider'];
    for (const name of Object.keys(FORBIDDEN_COMMANDS)) {
      expect(allowedCommands().has(name.toLowerCase()), name).toBe(false);
      if (!gallery.includes(name)) expect(table.commands[name], name).toBeDefined();
    }
    expect(check('Install-Module Pester -Force')[0]?.message).toMatch(/^'Install-Module' downloads from the PowerShell Gallery/);
  });

  it('the templates\' Pester rules read the same refused commands (compiler/ps/data/refused-commands.json)', () => {
    const rules = read('compiler/proof/harness/template-rules.ps1');
    expect(rules).toContain("'refused-commands.json'");
    for (const name of Object.keys(FORBIDDEN_COMMANDS)) expect(rules, name).not.toContain(`'${name}'`);
    expect(Object.keys(FORBIDDEN_COMMANDS)).toHaveLength(19);
  });

  it('the templates\' Pester rules read the rest from this check too, restating none of it', () => {
    // compiler/ps/data/template-rules.json is what npm run gen writes from the rules: stale, it fails here.
    expect(read(TEMPLATE_RULES_FILE), `${TEMPLATE_RULES_FILE} is stale: run npm run gen`).toBe(templateRulesText());
    const data = templateRulesData();
    expect(data.symbols).toEqual(['??', '??=', '?.', '?[', '&&', '||', '?']);
    const code = read('compiler/proof/harness/template-rules.ps1')
      .split(/\r?\n/)
      .filter((line) => !/^\s*#/.test(line))
      .join('\n');
    for (const file of ["'template-rules.json'", "'windows-powershell-5.1', 'commands.json'", "'refused-commands.json'"]) expect(code).toContain(file);
    for (const fact of [...data.symbols.map((s) => `'${s}'`), ...data.commonParameters, ...Object.keys(data.commonAliases).map((a) => `'${a}'`), data.allowCode, 'remc-allow\\s', 'Parallel', 'AsHashtable', 'QuestionQuestion', 'TernaryExpressionAst', 'PipelineChainAst']) {
      expect(code, fact).not.toContain(fact);
    }
  });

  it('the `# remc-allow` patterns the Pester rules match say what the check reads', () => {
    const comments = [
      '# remc-allow REMC023: why', '#remc-allow   remc023 :why', '# REMC-ALLOW REMC023:  x ', '# remc-allow REMC023:', '# remc-allow REMC023:   ',
      '# remc-allow REMC023', '# remc-allow REMC0234: why', '# remc-allow REMC023x: why', '# remc-allow REMC016: why', '# remc-allow: why',
      '# remc-allow', '# remc-allowed REMC023: why', '#  remc-allow REMC023 : because: twice', '# remc-allow\tREMC023:\twhy', '## remc-allow REMC023: why',
    ];
    for (const text of comments) {
      const read = allowComments(allTokens(tokenize(text)));
      expect(new RegExp(ALLOW_PATTERNS.comment, 'i').test(text), text).toBe(read.allowances.length + read.problems.length > 0);
      expect(new RegExp(ALLOW_PATTERNS.valid, 'i').test(text), text).toBe(read.allowances.length > 0);
    }
  });
});

describePowerShell('the templates\' Pester rules (template-rules.ps1)', () => {
  const scratch = path.join(tmpdir(), `remc-rules-test-${process.pid}`);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('refuse every refused command, and accept a line a `# remc-allow REMC023: <reason>` accepts', async () => {
    mkdirSync(scratch, { recursive: true });
    const file = path.join(scratch, 'probe.ps1');
    writeFileSync(
      file,
      [
        'function Test-RemcRules {',
        "    $null | Out-Host",
        '    Get-Credential',
        '    # remc-allow REMC023: this template prompts on purpose',
        "    $c = Get-Credential",
        "    Write-Host 'x' # remc-allow REMC023: on purpose too",
        "    Read-Host # remc-allow REMC023:",
        '}',
        '',
      ].join('\r\n'),
    );
    const rules = path.join(root, 'compiler', 'proof', 'harness', 'template-rules.ps1');
    const result = await runPwsh(`. '${rules}'\n@(Get-RemcScriptViolation -Path '${file}') | ForEach-Object { $_ }`, { timeoutMs: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split(/\r?\n/)).toEqual(['remc-allow needs "REMC023: <reason>": line 7', 'command: Out-Host', 'command: Get-Credential', 'command: Read-Host']);
  });

  // Each case one line of a function: the findings of the rules both sides apply (PowerShell 7-only
  // operators, refused commands, 5.1 parameters, `# remc-allow`) must be the same, kind by kind.
  const CASES: readonly string[] = [
    '$a = $b ?? 1', '$a ??= 1', '${a}?.Length', '${a}?[0]', 'Get-Date && Get-Date', 'Get-Date || Get-Date', '$a = $true ? 1 : 2',
    'Get-Process | ? { $_ }', '"$(Get-Date ?? 1)"', "'?? && ||' # ?? && ?", 'Get-ChildItem | ForEach-Object -Parallel { $_ }',
    "'{}' | ConvertFrom-Json -AsHashtable", 'Get-ChildItem | % -Parallel { $_ }', 'Get-Item -F x', 'Get-Content -T 1', 'Get-Content -Head 1',
    'Get-Item -NoSuchThing x', 'Get-Item -ea 0 -ErrorAct Stop -Pat x -LiteralPath:x', 'Microsoft.PowerShell.Management\\Get-Item -Bogus x',
    'Where-Object Name -eq x', 'Get-Item -- -x', 'Write-Host x', 'oh', 'Microsoft.PowerShell.Utility\\Write-Host x', "Write-Host 'x' # remc-allow REMC023: on purpose",
    '# remc-allow REMC023: on purpose\n    Get-Credential -Bogus', 'Read-Host # remc-allow REMC023:', '# remc-allow REMC016: why\n    Get-Date',
    'Get-Date # remc-allow REMC023: nothing to accept', '$s = "a\n$(Get-Date -Bogus x) b" # remc-allow REMC023: the line of the code',
    'function Get-Item { param($Bogus) }\n    Get-Item -Bogus x', 'function Write-Host { }\n    Write-Host x',
  ];

  it('agree with the compiler\'s 5.1 check, case by case', async () => {
    mkdirSync(scratch, { recursive: true });
    const files = CASES.map((body, n) => {
      const file = path.join(scratch, `case-${n}.ps1`);
      writeFileSync(file, `function Test-RemcCase {\n    ${body}\n}\n`);
      return file;
    });
    const kind = (finding: string) => (finding.startsWith('remc-allow') ? 'suppression' : finding.split(':')[0]!);
    const rules = path.join(root, 'compiler', 'proof', 'harness', 'template-rules.ps1');
    const list = files.map((f) => `'${f}'`).join(', ');
    const result = await runPwsh(`. '${rules}'\n$n = 0\nforeach ($f in @(${list})) { foreach ($v in @(Get-RemcScriptViolation -Path $f)) { '{0}|{1}' -f $n, $v }; $n++ }`, { timeoutMs: 300_000 });
    expect(result.stderr).toBe('');
    const pester = CASES.map((_, n) =>
      result.stdout
        .split(/\r?\n/)
        .filter((l) => l.startsWith(`${n}|`))
        .map((l) => kind(l.slice(l.indexOf('|') + 1)))
        .filter((k) => ['syntax', 'command', 'parameter', 'suppression'].includes(k))
        .sort(),
    );
    const compiler = CASES.map((body) => check(`function Test-RemcCase {\n    ${body}\n}\n`).map((p) => p.rule).sort());
    expect(pester.map((kinds, n) => [CASES[n], kinds])).toEqual(compiler.map((kinds, n) => [CASES[n], kinds]));
    expect(compiler.filter((kinds) => kinds.length > 0)).toHaveLength(21);
  });
});

// ---------------------------------------------------------------------------------------------------
// The TypeScript extraction against PowerShell's own parser.

/** Valid in 5.1 and 7: the corners of command mode, strings and blocks. (¦ is a backtick, ¤ a dollar before {.) */
const TORTURE = String.raw`#requires -Version 5.1
using namespace System.Text
<#
  block comment: Get-Nothing ?? && ||
#>
trap { Write-Warning -Message 'trapped'; continue }
function Test-One {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [ValidateNotNullOrEmpty()] [string] $Name,
        [ValidateScript({ Test-Path -LiteralPath $_ })] $Path,
        [int] $Count = 3
    )
    begin { $list = New-Object System.Collections.Generic.List[string] }
    process {
        foreach ($item in Get-ChildItem -LiteralPath $Path -Filter '*.txt') { $list.Add($item.Name) }
        $x = @{ Key = Get-Date -Format 'o'; Other = (Get-Random -Maximum 10); 'quoted key' = 1 }
        $y = [ordered]@{
            A = 1
            B = Get-Item -LiteralPath . -Force
        }
        switch -Regex ($Name) {
            '^a' { Write-Output 'a'; break }
            default { Write-Verbose -Message "other $($Name.Length) $(Get-Location)" }
        }
        $text = @"
Here $(Get-Date -Format "yyyy") and "quotes" and $( if ($true) { Get-Host } ) ?? &&
"@
        $raw = @'
Get-NotACommand ?? && $(nope)
'@
        $z = "a $("b" + 'c' + (Get-Date -Format o)) ¦"d¦" ""e"" $(""f"" + (Get-Host)) $env:TEMP ¤{x} ¦$(not code)"
        Write-Output -- -NotAParameter
        Get-Process | Where-Object Name -eq 'pwsh' | ForEach-Object -Process { $_.Id } -ErrorA SilentlyContinue
        & $Path -a 1 --% -b 2 | Out-Null
        & { param($q) Write-Output $q } -q 5
        . { Write-Output 'dot' }
        & 'Write-Output' -InputObject 'quoted command'
        Microsoft.PowerShell.Utility\Write-Output -InputObject 1
        $null = [System.IO.Path]::Combine('a', (Join-Path -Path 'b' -ChildPath 'c'))
        $n = $list.Count-1; $m = $list[-1]; $r = 1..5 | Measure-Object -Sum
        if ($Count -gt 0 -and (Test-Path -Path $Path)) { $Count-- } elseif (-not $Path) { throw (New-Object System.Exception 'x') } else { return Get-Date }
        try { Get-Item -LiteralPath $Path 2>&1 > $null } catch [System.Exception] { Write-Warning -Message $_.Exception.Message } finally { Remove-Variable -Name x -ErrorAction Ignore }
        do { $Count-- } while ($Count -gt 0)
        for ($i = 0; $i -lt 3; $i++) { Start-Sleep -Milliseconds 1 }
        :outer foreach ($a in 1..2) { break outer }
        Get-ChildItem foo?.txt -Recurse ¦
            -Force
        $list | Sort-Object -Property @{ Expression = { $_.Length }; Descending = $true }, Name -Unique
        $sb = { Get-Date }; & $sb; Invoke-Command -ScriptBlock $sb -ArgumentList 1, 2
        Write-Host -Object ('{0}' -f (Get-Date)) -NoNewline:$true
        cmd.exe /c echo hi
        .\local-script.ps1 -Flag
        $h = @{}; $h['k'] = (Get-Date).AddDays(-1)
    }
    end { $list | % { $_ } | ? { $_ } }
}
filter Get-Even { if ($_ % 2 -eq 0) { $_ } }
1..10 | Get-Even | Out-String
Test-One -Name a -Path . -Count:2
class Foo { [string] $Name; [string] Hello() { return (Get-Date).ToString() } }
`.replace(/¦/g, '`').replace(/¤/g, '$');

const AST_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
$out = foreach ($path in $args) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$tokens, [ref]$errors)
    $commands = @($ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object {
        [pscustomobject]@{
            Name = $_.GetCommandName()
            Line = $_.Extent.StartLineNumber
            Parameters = @($_.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName })
        }
    })
    [pscustomobject]@{ Path = $path; Errors = @($errors | ForEach-Object { $_.Message }); Commands = $commands }
}
ConvertTo-Json -InputObject @($out) -Depth 5 -Compress
`;

interface AstFile {
  Path: string;
  Errors: string[];
  Commands: Array<{ Name: string | null; Line: number; Parameters: string[] }>;
}

describePowerShell("command extraction against PowerShell's parser", () => {
  // Created by the first test, not at collection: a skipped suite leaves nothing behind.
  const scratch = path.join(tmpdir(), `remc-compat-test-${process.pid}`);
  const torture = path.join(scratch, 'torture.ps1');
  const files = [...sourceFiles, ...distFiles].map((f) => path.join(root, f)).concat(torture);
  let parsed: AstFile[] = [];
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('parses every file with PowerShell once', async () => {
    mkdirSync(scratch, { recursive: true });
    writeFileSync(torture, TORTURE);
    const result = await runPwsh(AST_SCRIPT, { args: files, timeoutMs: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    parsed = JSON.parse(result.stdout) as AstFile[];
    expect(parsed.map((f) => f.Path)).toEqual(files);
    for (const f of parsed) expect(f.Errors, f.Path).toEqual([]);
  });

  it.each(files.map((f) => [path.relative(root, f).startsWith('..') ? 'torture.ps1' : path.relative(root, f), f] as const))(
    '%s: the same commands and parameters',
    (_, file) => {
      const theirs = parsed.find((f) => f.Path === file);
      expect(theirs, 'PowerShell parsed this file').toBeDefined();
      const ours = analyzeScript(readFileSync(file, 'utf8')).commands;
      const key = (name: string | null) => name ?? '<computed>';
      // The sets the brief asks for: command names, and (command, parameter) pairs ...
      expect(new Set(ours.map((c) => key(c.name)))).toEqual(new Set(theirs!.Commands.map((c) => key(c.Name))));
      expect(new Set(ours.flatMap((c) => c.parameters.map((p) => `${key(c.name)} -${p.name}`)))).toEqual(
        new Set(theirs!.Commands.flatMap((c) => c.Parameters.map((p) => `${key(c.Name)} -${p}`))),
      );
      // ... and the stronger claim: the same command on the same line with the same parameters.
      const detail = (line: number, name: string | null, params: string[]) => `${line}: ${key(name)} ${params.map((p) => `-${p}`).join(' ')}`;
      expect(ours.map((c) => detail(c.line, c.name, c.parameters.map((p) => p.name))).sort()).toEqual(
        theirs!.Commands.map((c) => detail(c.Line, c.Name, c.Parameters)).sort(),
      );
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// Add-Type C#: C# 5 against .NET Framework 4.8, as Windows PowerShell 5.1 compiles it.

const haveDotnet = spawnSync(process.env['REMC_DOTNET'] ?? 'dotnet', ['--version'], { stdio: 'ignore' }).status === 0;
const canCompile = toolchain?.netfx48RefDir !== undefined && haveDotnet;
const nativeSources = readdirSync(path.join(root, 'templates'))
  .map((t) => `templates/${t}/native.cs`)
  .filter((f) => existsSync(path.join(root, f)));

describePowerShell('Add-Type C# compiles for Windows PowerShell 5.1', () => {
  if (!canCompile) {
    if (required) {
      it('needs the .NET SDK and the .NET Framework 4.8 reference assemblies', () => {
        throw new Error(`C# 5 compile needs dotnet on PATH (${haveDotnet ? 'found' : 'missing'}) and netfx48RefDir in the toolchain; run remc setup`);
      });
    } else {
      console.warn('\n*** C# 5 COMPILE SUITE SKIPPED: needs dotnet on PATH and the .NET Framework 4.8 reference assemblies (remc setup) ***\n');
    }
    return;
  }

  it('finds the templates that carry C#', () => {
    expect(nativeSources).toContain('templates/credential-purge/native.cs');
  });

  it.each(nativeSources)('%s compiles as C# 5 against .NET Framework 4.8', async (file) => {
    const result = await compileCSharp5([{ name: path.basename(file), text: read(file) }]);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['interpolation.cs', 'public static class A { public static string F(int x) { return $"x={x}"; } }', 1, 64, 'CS8026', /'interpolated strings' is not available in C# 5/],
    ['nameof.cs', 'public static class B { public static string F(int x) { return nameof(x); } }', 1, 64, 'CS8026', /'nameof operator' is not available in C# 5/],
    ['outvar.cs', 'public static class C {\n  public static bool F(string s) { return int.TryParse(s, out var n); }\n}', 2, 59, 'CS8026', /'out variable declaration' is not available in C# 5/],
    ['hashcode.cs', 'public static class D { public static int F(string s) { return System.HashCode.Combine(s, 1); } }', 1, 64, 'CS0234', /'HashCode' does not exist in the namespace 'System'/],
    ['contains.cs', "public static class E { public static bool F(string s) { return s.Contains('a'); } }", 1, 76, 'CS1503', /cannot convert from 'char' to 'string'/],
  ] as const)('rejects %s', async (name, text, line, column, code, message) => {
    const result = await compileCSharp5([{ name, text }]);
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: name, line, column, code });
    expect(result.errors[0]!.message).toMatch(message);
  });

  it('references System.dll only, as Add-Type does, unless told otherwise', async () => {
    const text = 'using System.Linq;\npublic static class L { public static int F(int[] a) { return a.Count(); } }';
    const plain = await compileCSharp5([{ name: 'linq.cs', text }]);
    expect(plain.errors.map((e) => [e.file, e.line, e.code])).toEqual([['linq.cs', 1, 'CS0234']]);
    const withCore = await compileCSharp5([{ name: 'linq.cs', text }], { references: ['System', 'System.Core'] });
    expect(withCore.errors).toEqual([]);
  });
});
