/**
 * The Constrained Language Mode analyzer (compiler/ps/clm/). The table below is the documented
 * sample: each snippet with the analyzer's verdict; the engine is the oracle. With the PowerShell
 * toolchain, every snippet runs once in one pwsh process, first in FullLanguage, then (after
 * `$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'`) in Constrained Language Mode,
 * and the engine's verdict must equal the analyzer's: refused when CLM throws a language-mode error
 * (or gives $null where FullLanguage gave a value: `-as`), allowed otherwise.
 *
 * A row says `engine` only where the two differ on purpose, and why: what no static reading can type
 * (instance method calls, property assignments, typed parameters: only running them proves them, and
 * `remc test` does), a conservative answer (a conversion of what may already have the type), and
 * where PowerShell 7.6.9 (the oracle here) and the Windows PowerShell 5.1 list (what devices run, and
 * what the analyzer follows) disagree. The COM rows run only on Windows (`New-Object -ComObject` has
 * no COM elsewhere).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPwsh } from '../compiler/proof/pwsh.ts';
import { clmCoreTypes, clmTypeVerdict, constrainedLanguageFindings, type ClmRule } from '../compiler/ps/clm/index.ts';
import { describePowerShell, toolchain } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');

type Verdict = 'refused' | 'allowed';

interface Row {
  /** One line of PowerShell; `$RemcClmDir` is an existing folder, `$RemcClmFile` a file in it. */
  readonly code: string;
  readonly analyzer: Verdict;
  /** The rule that refuses it (refused rows). */
  readonly rule?: ClmRule;
  /** PowerShell 7.6.9's verdict under CLM where it differs from the analyzer's, and why. */
  readonly engine?: { readonly verdict: Verdict; readonly why: string };
  /** Needs Windows (COM): the engine is asked only there. */
  readonly windowsOnly?: true;
}

const RUNTIME_ONLY = "an instance member: its object's type is known only when the code runs, so only running it under CLM proves it (remc test does)";

export const TABLE: readonly Row[] = [
  // What the engine refuses, and the analyzer finds.
  { code: '[math]::Round(1.5)', analyzer: 'refused', rule: 'static-method' },
  { code: "[Environment]::GetEnvironmentVariable('HOME')", analyzer: 'refused', rule: 'static-method' },
  { code: '[System.Environment]::ExpandEnvironmentVariables(\'%PATH%\')', analyzer: 'refused', rule: 'static-method' },
  { code: "[IO.Path]::Combine('a','b')", analyzer: 'refused', rule: 'static-method' },
  { code: '[IO.File]::Exists($RemcClmFile)', analyzer: 'refused', rule: 'static-method' },
  { code: '[System.Security.Principal.WindowsIdentity]::GetCurrent()', analyzer: 'refused', rule: 'static-method' },
  { code: '[System.Diagnostics.Process]::GetCurrentProcess()', analyzer: 'refused', rule: 'static-method' },
  { code: "[scriptblock]::Create('1')", analyzer: 'refused', rule: 'static-method' },
  { code: "[Enum]::Parse([IO.FileAttributes], 'ReadOnly')", analyzer: 'refused', rule: 'static-method' },
  { code: '[System.Object]::ReferenceEquals(1, 1)', analyzer: 'refused', rule: 'static-method' },
  { code: '[int][Math]::Max(0, 1)', analyzer: 'refused', rule: 'static-method' },
  { code: '"rounded: $([math]::Round(1.5))"', analyzer: 'refused', rule: 'static-method' },
  { code: '[System.Collections.ArrayList]::new()', analyzer: 'refused', rule: 'constructor' },
  { code: '[Collections.Generic.List[int]]::new()', analyzer: 'refused', rule: 'constructor' },
  { code: '[IO.DirectoryInfo]$RemcClmDir', analyzer: 'refused', rule: 'conversion' },
  { code: "[System.Collections.Generic.List[string]]@('a')", analyzer: 'refused', rule: 'conversion' },
  { code: '[IO.FileInfo[]]@($RemcClmFile)', analyzer: 'refused', rule: 'conversion' },
  { code: '$RemcClmDir -as [IO.DirectoryInfo]', analyzer: 'refused', rule: 'conversion' },
  { code: '[pscustomobject]@{ a = 1 }', analyzer: 'refused', rule: 'conversion' },
  { code: "$n = 0.0; [double]::TryParse('1.5', [ref] $n)", analyzer: 'refused', rule: 'conversion' },
  { code: '$n = 0; [System.Management.Automation.PSReference] $n', analyzer: 'refused', rule: 'conversion' },
  { code: 'New-Object System.Collections.Generic.List[string]', analyzer: 'refused', rule: 'new-object' },
  { code: 'New-Object System.Collections.ArrayList', analyzer: 'refused', rule: 'new-object' },
  { code: 'New-Object -TypeName System.Text.StringBuilder', analyzer: 'refused', rule: 'new-object' },
  { code: 'New-Object -TypeName:System.Collections.Stack', analyzer: 'refused', rule: 'new-object' },
  { code: "New-Object 'System.Collections.Generic.Dictionary[string,int]'", analyzer: 'refused', rule: 'new-object' },
  { code: "Add-Type -TypeDefinition 'public class RemcClmProbeOne { }'", analyzer: 'refused', rule: 'add-type' },
  { code: 'Add-Type -AssemblyName System.Web', analyzer: 'refused', rule: 'add-type' },
  { code: 'class RemcClmProbeClass { [int] $A }', analyzer: 'refused', rule: 'class' },
  { code: 'New-Object -ComObject Shell.Application', analyzer: 'refused', rule: 'com-object', windowsOnly: true },
  // What the engine allows, and the analyzer lets through.
  { code: '[Environment]::MachineName', analyzer: 'allowed' },
  { code: '[Math]::PI', analyzer: 'allowed' },
  { code: '[IO.Path]::DirectorySeparatorChar', analyzer: 'allowed' },
  { code: "'abc'.Substring(1)", analyzer: 'allowed' },
  { code: "@{}.Add('a', 1)", analyzer: 'allowed' },
  { code: '[datetime]::UtcNow.AddDays(1)', analyzer: 'allowed' },
  { code: "[regex]::Match('a', 'a')", analyzer: 'allowed' },
  { code: "[System.Text.RegularExpressions.Regex]::Escape('a')", analyzer: 'allowed' },
  { code: "[int]::Parse('3')", analyzer: 'allowed' },
  { code: "[string]::Join(',', @('a'))", analyzer: 'allowed' },
  { code: "[System.String]::Format('{0}', 1)", analyzer: 'allowed' },
  { code: "[decimal]::Ceiling([decimal]7 / 2)", analyzer: 'allowed' },
  { code: "[long]::Parse(' 12', [Globalization.NumberStyles]::Integer, [Globalization.CultureInfo]::InvariantCulture)", analyzer: 'allowed' },
  { code: '[ref]::new(1)', analyzer: 'allowed' },
  { code: "(Get-Date).ToString('o')", analyzer: 'allowed' },
  { code: '[Globalization.CultureInfo]::InvariantCulture', analyzer: 'allowed' },
  { code: '[timespan]::FromMinutes(3)', analyzer: 'allowed' },
  { code: '[Text.Encoding]::UTF8', analyzer: 'allowed' },
  { code: '[void](1)', analyzer: 'allowed' },
  { code: '[System.Collections.Hashtable]::new()', analyzer: 'allowed' },
  { code: "[datetime]::new(2020, 1, 1)", analyzer: 'allowed' },
  { code: "[IO.FileAttributes]5", analyzer: 'allowed' },
  { code: "[System.StringComparison]'Ordinal'", analyzer: 'allowed' },
  { code: "[Environment+SpecialFolder]'Desktop'", analyzer: 'allowed' },
  { code: "'abc'.StartsWith('a', [System.StringComparison]::Ordinal)", analyzer: 'allowed' },
  { code: '[string[]]@(1, 2)', analyzer: 'allowed' },
  { code: '[Nullable[int]]3', analyzer: 'allowed' },
  { code: "[object]'a'", analyzer: 'allowed' },
  { code: '[ordered]@{ a = 1 }', analyzer: 'allowed' },
  { code: "'3' -as [int]", analyzer: 'allowed' },
  { code: '$RemcClmFile -is [IO.FileInfo]', analyzer: 'allowed' },
  { code: '[Collections.ArrayList]', analyzer: 'allowed' },
  { code: 'New-Object -TypeName System.Collections.Hashtable', analyzer: 'allowed' },
  { code: 'New-Object PSObject -Property @{ a = 1 }', analyzer: 'allowed' },
  { code: "New-Object -ArgumentList '1.2' System.Version", analyzer: 'allowed' },
  { code: 'enum RemcClmProbeEnum { One }', analyzer: 'allowed' },
  { code: "Write-Output [IO.File]::Exists('x')", analyzer: 'allowed' },
  { code: "'[math]::Round(1.5)'", analyzer: 'allowed' },
  { code: '$null # [math]::Round(1.5)', analyzer: 'allowed' },
  { code: "if ($ExecutionContext.SessionState.LanguageMode -eq 'FullLanguage') { $null = [math]::Round(1.5) }", analyzer: 'allowed' },
  { code: 'New-Object -ComObject Scripting.Dictionary', analyzer: 'allowed', windowsOnly: true },
  { code: 'New-Object -ComObject Scripting.FileSystemObject', analyzer: 'allowed', windowsOnly: true },
  { code: 'New-Object -ComObject VBScript.RegExp', analyzer: 'allowed', windowsOnly: true },
  // Where they differ, on purpose.
  { code: '(Get-Item -LiteralPath $RemcClmDir).GetFiles()', analyzer: 'allowed', engine: { verdict: 'refused', why: RUNTIME_ONLY } },
  { code: '(Get-Process -Id $PID).Refresh()', analyzer: 'allowed', engine: { verdict: 'refused', why: RUNTIME_ONLY } },
  { code: '(Get-Item -LiteralPath $RemcClmFile).LastWriteTimeUtc = [datetime]::UtcNow', analyzer: 'allowed', engine: { verdict: 'refused', why: RUNTIME_ONLY } },
  {
    code: "function Get-RemcClmFile { param([IO.FileInfo] $File) $File }; Get-RemcClmFile -File 'x'",
    analyzer: 'allowed',
    engine: { verdict: 'refused', why: 'a typed parameter converts only an argument of another type, and what callers pass is known only when the code runs' },
  },
  {
    code: '[IO.FileInfo] $RemcClmNothing = $null',
    analyzer: 'refused',
    rule: 'conversion',
    engine: { verdict: 'allowed', why: 'a value that needs no conversion (here $null) passes; the analyzer cannot tell, and answers conservatively' },
  },
  {
    code: "[type]'int'",
    analyzer: 'refused',
    rule: 'conversion',
    engine: { verdict: 'allowed', why: "PowerShell 7.6 converts a string to a Type without the core-type check; the 5.1 list does not name [type], so the analyzer follows the list (not confirmed on Windows PowerShell 5.1)" },
  },
];

const verdict = (code: string): Verdict => (constrainedLanguageFindings(code).length > 0 ? 'refused' : 'allowed');

describe('the documented sample', () => {
  it.each(TABLE.map((row) => [row.code, row] as const))('%s', (_code, row) => {
    const findings = constrainedLanguageFindings(row.code);
    expect(findings.length > 0 ? 'refused' : 'allowed', JSON.stringify(findings)).toBe(row.analyzer);
    if (row.rule) expect(findings.map((f) => f.rule)).toContain(row.rule);
  });

  it('says why a difference is on purpose, for every row whose engine verdict differs', () => {
    for (const row of TABLE) if (row.engine) expect(row.engine.verdict, row.code).not.toBe(row.analyzer);
  });
});

describe('findings', () => {
  it('name the line, the column, the construct and the type, across lines and in string code', () => {
    const text = ["function Test-X {", "    $a = 'x'", '    $b = [math]::Round(1.5)', '    "$([IO.Path]::Combine(\'a\', \'b\'))"', '    $list = New-Object System.Collections.ArrayList', '}'].join('\n');
    expect(constrainedLanguageFindings(text)).toEqual([
      { line: 3, column: 10, rule: 'static-method', construct: '[math]::Round(...)', message: 'Constrained Language Mode refuses method calls on [System.Math]' },
      { line: 4, column: 8, rule: 'static-method', construct: '[IO.Path]::Combine(...)', message: 'Constrained Language Mode refuses method calls on [System.IO.Path]' },
      {
        line: 5,
        column: 13,
        rule: 'new-object',
        construct: 'New-Object System.Collections.ArrayList',
        message: 'Constrained Language Mode refuses to create [System.Collections.ArrayList] (New-Object creates only allowed types)',
      },
    ]);
  });

  it('count a New-Object whose type it cannot read as refused, and a COM object outside the three', () => {
    expect(constrainedLanguageFindings('New-Object -TypeName $type').map((f) => f.rule)).toEqual(['new-object']);
    expect(constrainedLanguageFindings('New-Object @splat').map((f) => f.rule)).toEqual(['new-object']);
    expect(constrainedLanguageFindings('New-Object -Com WScript.Shell').map((f) => f.construct)).toEqual(['New-Object -ComObject WScript.Shell']);
    expect(constrainedLanguageFindings("New-Object -ComObject 'scripting.dictionary'")).toEqual([]);
    expect(constrainedLanguageFindings('Microsoft.PowerShell.Utility\\New-Object System.Net.WebClient').map((f) => f.rule)).toEqual(['new-object']);
  });

  it('read typed parameters and attributes as no conversion, and analyze inside them', () => {
    expect(constrainedLanguageFindings('function F { param([Parameter(Mandatory = $true)] [System.IO.FileInfo] $File, [ValidateSet(\'a\')] [string] $Mode) }')).toEqual([]);
    expect(constrainedLanguageFindings('function F { param([int] $Max = [math]::Max(1, 2)) }').map((f) => f.construct)).toEqual(['[math]::Max(...)']);
    expect(constrainedLanguageFindings('[ValidateScript({ [IO.File]::Exists($_) })] [string] $x = \'a\'').map((f) => f.construct)).toEqual(['[IO.File]::Exists(...)']);
  });

  it('skip only a block guarded by the FullLanguage test itself', () => {
    const guarded = "if ([string]$ExecutionContext.SessionState.LanguageMode -eq 'FullLanguage') {\n    [math]::Round(1)\n}\nelse { [IO.Path]::GetTempPath() }";
    expect(constrainedLanguageFindings(guarded).map((f) => f.line)).toEqual([4]);
    const other = "if ($ExecutionContext.SessionState.LanguageMode -ne 'ConstrainedLanguage' -or $force) { [math]::Round(1) }";
    expect(constrainedLanguageFindings(other)).toHaveLength(1);
  });

  it('know no enum the data does not name, and say so', () => {
    const [finding] = constrainedLanguageFindings('[Contoso.Color]$x');
    expect(finding?.message).toBe(
      'Constrained Language Mode refuses conversion to [Contoso.Color] (an enum would be allowed: remc knows the enums compiler/ps/data/clm-core-types.json names)',
    );
    expect(constrainedLanguageFindings('[System.IO.FileAttributes]$x')).toEqual([]);
  });
});

describe('the allowed types (compiler/ps/data/clm-core-types.json)', () => {
  const data = clmCoreTypes();

  it('names its source: about_Language_Modes for Windows PowerShell 5.1', () => {
    expect(data.source.url).toBe('https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_language_modes?view=powershell-5.1');
    expect(data.source.path).toBe('reference/5.1/Microsoft.PowerShell.Core/About/about_Language_Modes.md');
    expect(data.comObjects).toEqual(['Scripting.Dictionary', 'Scripting.FileSystemObject', 'VBScript.RegExp']);
  });

  it('holds each entry of the page once: 91 accelerators and 2 full names, 85 types', () => {
    const accelerators = data.types.flatMap((t) => t.accelerators.map((a) => a.toLowerCase()));
    expect(new Set(accelerators).size).toBe(accelerators.length);
    expect(accelerators).toHaveLength(91);
    expect(data.types.filter((t) => t.accelerators.length === 0).map((t) => t.fullName)).toEqual(['Microsoft.PowerShell.Commands.ModuleSpecification', 'System.Object[]']);
    expect(new Set(data.types.map((t) => t.fullName)).size).toBe(85);
  });

  it('resolves accelerators, full names, System-less names, generics and arrays as PowerShell does', () => {
    expect(clmTypeVerdict('int')).toEqual({ fullName: 'System.Int32', allowed: true, enum: false });
    expect(clmTypeVerdict('Globalization.CultureInfo')).toEqual({ fullName: 'System.Globalization.CultureInfo', allowed: true, enum: false });
    expect(clmTypeVerdict('math')).toEqual({ fullName: 'System.Math', allowed: false, enum: false });
    expect(clmTypeVerdict('IO.FileAttributes')).toEqual({ fullName: 'System.IO.FileAttributes', allowed: true, enum: true });
    expect(clmTypeVerdict('object[]')?.allowed).toBe(true);
    expect(clmTypeVerdict('byte[]')?.allowed).toBe(true);
    expect(clmTypeVerdict('IO.FileInfo[]')?.allowed).toBe(false);
    expect(clmTypeVerdict('System.Nullable[datetime]')?.allowed).toBe(true);
    expect(clmTypeVerdict('System.Collections.Generic.Dictionary[string, int]')).toEqual({ fullName: 'System.Collections.Generic.Dictionary[System.String,System.Int32]', allowed: false, enum: false });
  });
});

describe("remc's runtime", () => {
  it('holds nothing Constrained Language Mode refuses (every script carries it)', () => {
    const dir = path.join(root, 'compiler', 'ps', 'runtime');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ps1'))) {
      expect(constrainedLanguageFindings(readFileSync(path.join(dir, file), 'utf8')), file).toEqual([]);
    }
  });
});

// ---- the oracle ----

interface EngineRun {
  readonly ok: boolean;
  readonly nonNull: boolean;
  readonly error: string;
}

/** One pwsh: every snippet in FullLanguage, then every snippet in Constrained Language Mode. */
const ORACLE = String.raw`
param([string] $Cases, [string] $Dir)
$ErrorActionPreference = 'Stop'
$RemcClmDir = $Dir
$RemcClmFile = Join-Path $Dir 'file.txt'
Set-Content -LiteralPath $RemcClmFile -Value 'x'
$codes = @(Get-Content -LiteralPath $Cases -Encoding utf8)
$full = @()
foreach ($code in $codes) {
    try { $value = Invoke-Expression $code; $full += @{ Ok = $true; NonNull = ($null -ne $value); Error = '' } }
    catch { $full += @{ Ok = $false; NonNull = $false; Error = ([string]$_.FullyQualifiedErrorId + ': ' + [string]$_.Exception.Message) } }
}
$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'
$clm = @()
foreach ($code in $codes) {
    # Another text than in FullLanguage: PowerShell caches a parsed script block by its text, and CLM
    # refuses a class while parsing.
    try { $value = Invoke-Expression ($code + [char]10); $clm += @{ Ok = $true; NonNull = ($null -ne $value); Error = '' } }
    catch { $clm += @{ Ok = $false; NonNull = $false; Error = ([string]$_.FullyQualifiedErrorId + ': ' + [string]$_.Exception.Message) } }
}
@{ Mode = [string]$ExecutionContext.SessionState.LanguageMode; Full = $full; Clm = $clm } | ConvertTo-Json -Depth 4 -Compress
`;

/** The engine's verdict: refused when CLM said so (or silently gave $null where FullLanguage gave a value). */
function engineVerdict(full: EngineRun, clm: EngineRun): Verdict | `error: ${string}` {
  if (!clm.ok) return /language mode|ConstrainedLanguage/i.test(clm.error) ? 'refused' : `error: ${clm.error}`;
  if (!full.ok) return `error: in FullLanguage: ${full.error}`;
  return full.nonNull && !clm.nonNull ? 'refused' : 'allowed';
}

describePowerShell('the analyzer against PowerShell in Constrained Language Mode', () => {
  const rows = TABLE.filter((row) => !row.windowsOnly || process.platform === 'win32');
  const verdicts = new Map<string, string>();

  beforeAll(async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'remc-clm-'));
    try {
      const cases = path.join(dir, 'cases.txt');
      writeFileSync(cases, rows.map((r) => r.code).join('\n') + '\n', 'utf8');
      const result = await runPwsh(ORACLE, { args: ['-Cases', cases, '-Dir', dir], toolchain: toolchain!, timeoutMs: 300_000 });
      const json = result.stdout.trim().split('\n').pop() ?? '';
      const parsed = JSON.parse(json) as { Mode: string; Full: Array<{ Ok: boolean; NonNull: boolean; Error: string }>; Clm: Array<{ Ok: boolean; NonNull: boolean; Error: string }> };
      expect(parsed.Mode, result.stderr).toBe('ConstrainedLanguage');
      rows.forEach((row, i) => {
        const run = (r: { Ok: boolean; NonNull: boolean; Error: string }): EngineRun => ({ ok: r.Ok, nonNull: r.NonNull, error: r.Error });
        verdicts.set(row.code, engineVerdict(run(parsed.Full[i]!), run(parsed.Clm[i]!)));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it.each(rows.map((row) => [row.code, row] as const))('%s', (_code, row) => {
    const expected = row.engine?.verdict ?? row.analyzer;
    expect(verdicts.get(row.code)).toBe(expected);
    // The static rules: where the engine is not said to differ, the analyzer agrees with it.
    if (!row.engine) expect(verdict(row.code)).toBe(verdicts.get(row.code));
  });
});
