import { describe, expect, it } from 'vitest';
import { psHereString, psString, psValue, type PsValue } from '../compiler/ps/literal.ts';
import { runPwsh } from '../compiler/proof/pwsh.ts';
import { describePowerShell } from './support/powershell.ts';

describe('psString', () => {
  it.each([
    ['abc', "'abc'"],
    ['', "''"],
    ["it's", "'it''s'"],
    ['$(Get-Date) `n $env:PATH @(1)', "'$(Get-Date) `n $env:PATH @(1)'"],
    ['\u2018x\u2019', "([string][char]0x2018 + 'x' + [char]0x2019)"],
    ['a\r\nb', "('a' + [char]0x000D + [char]0x000A + 'b')"],
    ['nul\u0000', "('nul' + [char]0x0000)"],
    ['caf\u00e9', "('caf' + [char]0x00E9)"],
    ['\u{1F600}', '([string][char]0xD83D + [char]0xDE00)'],
    ['{{name}}', "('{' + '{name}' + '}')"],
    ['a{b}c', "'a{b}c'"],
    ["'@", "'''@'"],
  ])('encodes %j as %s', (input, expected) => {
    expect(psString(input)).toBe(expected);
  });

  it('never emits a character outside printable ASCII', () => {
    const all = Array.from({ length: 0x300 }, (_, i) => String.fromCharCode(i)).join('');
    expect(psString(all)).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('psValue', () => {
  it.each<[PsValue, string]>([
    [null, '$null'],
    [true, '$true'],
    [false, '$false'],
    [42, '42'],
    [-3, '(-3)'],
    [1.5, '1.5'],
    [[], '@()'],
    [['a', 1], "@('a', 1)"],
    [{}, '[ordered]@{}'],
  ])('encodes %j as %s', (input, expected) => {
    expect(psValue(input)).toBe(expected);
  });

  it('writes a structure that fits on one line on one line, quoting keys that are not identifiers', () => {
    expect(psValue({ Name: 'x', 'odd key': [1], List: [{ A: 1 }] })).toBe("[ordered]@{ Name = 'x'; 'odd key' = @(1); List = @([ordered]@{ A = 1 }) }");
  });

  it('spans lines for a structure too wide for one, each nested part on one line where it fits', () => {
    const long = 'x'.repeat(60);
    const short = 'x'.repeat(30);
    expect(psValue({ Name: long, List: [{ A: 1 }, { B: short }] })).toBe(
      ['[ordered]@{', `  Name = '${long}'`, `  List = @([ordered]@{ A = 1 }, [ordered]@{ B = '${short}' })`, '}'].join('\n'),
    );
    expect(psValue({ List: [{ A: long }, { B: long }] }, 1)).toBe(
      ['[ordered]@{', '    List = @(', `      [ordered]@{ A = '${long}' },`, `      [ordered]@{ B = '${long}' }`, '    )', '  }'].join('\n'),
    );
  });

  it('keeps a lone nested array an element', () => {
    expect(psValue([['a', 'b']])).toBe("@(,@('a', 'b'))");
    expect(psValue([['a', 'x'.repeat(100)]])).toBe(`@(\n  ,@('a', '${'x'.repeat(100)}')\n)`);
    expect(psValue([[{ A: 'x'.repeat(100) }]])).toBe(`@(\n  ,@(\n    [ordered]@{\n      A = '${'x'.repeat(100)}'\n    }\n  )\n)`);
  });

  it('rejects values PowerShell cannot hold exactly', () => {
    expect(() => psValue(Number.NaN)).toThrow(/NaN/);
    expect(() => psValue(2 ** 60)).toThrow(/safe range/);
  });
});

describe('psHereString', () => {
  it('keeps readable text as a here-string', () => {
    expect(psHereString('class A {\n}\n')).toBe("@'\nclass A {\n}\n'@");
  });
  it('falls back to the encoded form when a line could end the here-string', () => {
    expect(psHereString("x\n'@\ny")).toBe("('x' + [char]0x000D + [char]0x000A + '''@' + [char]0x000D + [char]0x000A + 'y')");
  });
});

// Proof that the encoded text means what it should: PowerShell evaluates each literal and reports
// its UTF-16 code units and type, which must equal the input's.
const tricky: string[] = [
  "it's", '\u2018\u2019\u201a\u201b\u201c\u201d\u201e', '$(whoami)', '`$x`', '@(1)', 'a\r\nb\n', '\u0000\u0001\u001f\u007f',
  '\u{1F600}\ud800', "'@\n@'", '{{x}}', 'Gr\u00fc\u00dfe \u65e5\u672c', '\t tab', ' ', '#>', '<#',
];

describePowerShell('literal encoder under real PowerShell', () => {
  it('round-trips strings, arrays and hashtables exactly', async () => {
    const values: PsValue[] = [...tricky, ['a', "b'c", '\u2019'], { 'k\u2019': 'v\n', n: 5, list: [1, 'x'] }];
    const script = values
      .map((v) => `$v = ${psValue(v)}\nWrite-Output (ConvertTo-Json -Compress -Depth 5 -InputObject (Show-Value $v))`)
      .join('\n');
    const prelude = `function Show-Value($v) {
  if ($v -is [string]) { return @{ s = @([int[]][char[]]$v) } }
  if ($v -is [System.Collections.IDictionary]) { $o = [ordered]@{}; foreach ($k in $v.Keys) { $o[(Show-Value $k).s -join ','] = Show-Value $v[$k] }; return @{ h = $o } }
  if ($v -is [array]) { return @{ a = @($v | ForEach-Object { Show-Value $_ }) } }
  return @{ o = $v }
}
`;
    const result = await runPwsh(prelude + script);
    expect(result.stderr).toBe('');
    const show = (v: PsValue): unknown => {
      if (typeof v === 'string') return { s: [...Array(v.length).keys()].map((i) => v.charCodeAt(i)) };
      if (Array.isArray(v)) return { a: v.map(show) };
      if (v && typeof v === 'object') return { h: Object.fromEntries(Object.entries(v).map(([k, x]) => [(show(k) as { s: number[] }).s.join(','), show(x as PsValue)])) };
      return { o: v };
    };
    const lines = result.stdout.trim().split(/\r?\n/);
    expect(lines.map((l) => JSON.parse(l))).toEqual(values.map(show));
  });
});
