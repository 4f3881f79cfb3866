/**
 * What a script carries of a function (compiler/ps/lean.ts): its code whole, its purpose on one line,
 * the `# remc-allow` comments; no explanation. Each kept line maps back to its own line of the file.
 */
import { describe, expect, it } from 'vitest';
import { leanCSharp, leanFunction, reindent } from '../compiler/ps/lean.ts';
import { ScriptWriter } from '../compiler/ps/printer.ts';

const FN = [
  '# Reads the widget. It explains at length why, over',
  '# several lines that no device needs.',
  'function Get-Widget {',
  '    param($Name)',
  '    # Why the next line is as it is.',
  "    $a = 'not # a comment' # but this is one",
  '    $b = @"',
  '# inside a here-string: data, kept',
  '    indented data, kept as it is',
  '"@',
  '    <# a block',
  '       comment #>',
  '    Write-Host $a # remc-allow REMC023: shown on purpose',
  '    # remc-allow REMC023: the line below too',
  '    Write-Host $b',
  '}',
].join('\n');

describe('leanFunction', () => {
  it('keeps code, data that looks like comments, the allow comments, and the purpose on one line', () => {
    const lean = leanFunction(FN);
    // Code is indented two spaces a level; a here-string's lines are its data, kept as they are.
    expect(lean.lines).toEqual([
      '# Reads the widget.',
      'function Get-Widget {',
      '  param($Name)',
      "  $a = 'not # a comment'",
      '  $b = @"',
      '# inside a here-string: data, kept',
      '    indented data, kept as it is',
      '"@',
      '  Write-Host $a # remc-allow REMC023: shown on purpose',
      '  # remc-allow REMC023: the line below too',
      '  Write-Host $b',
      '}',
    ]);
    // Each kept line names its own line of the function's text (0-based).
    expect(lean.from).toEqual([0, 2, 3, 5, 6, 7, 8, 9, 12, 13, 14, 15]);
    // ...and how many columns its indentation lost, so a problem's column maps back too.
    expect(lean.shift).toEqual([0, 0, 2, 2, 2, 0, 0, 0, 2, 2, 2, 0]);
  });

  it('states a purpose too long for a line up to its last clause that fits, outside parentheses, else its words and ...', () => {
    const clause = leanFunction(`function A {\n    # ${'word '.repeat(12)}then a clause, ${'more '.repeat(30)}end.\n    1\n}`);
    expect(clause.lines[1]).toBe(`  # ${'word '.repeat(12)}then a clause`);
    const words = leanFunction(`function A {\n    # ${'word '.repeat(40)}end.\n    1\n}`);
    expect(words.lines[1]).toMatch(/^ {2}# (word ){10,}word\.\.\.$/);
    expect(words.lines[1]!.length).toBeLessThanOrEqual(110);
    // Never a clause inside parentheses or quotes; a colon before a comma.
    const nested = leanFunction("function A {\n    # The declared state from $Config, checked (the compiler validates too; a hand-edited script must not turn a bad value into a wrong action).\n    1\n}");
    expect(nested.lines[1]).toBe('  # The declared state from $Config, checked');
    const listed = leanFunction('function A {\n    # A WQL string literal in double quotes, for a WHERE clause and for the key of an object path: a backslash, double quote or single quote is escaped.\n    1\n}');
    expect(listed.lines[1]).toBe('  # A WQL string literal in double quotes, for a WHERE clause and for the key of an object path');
    // e.g. does not end a sentence.
    expect(leanFunction("function A {\n    # e.g. 'x' is read. Then more.\n    1\n}").lines[1]).toBe("  # e.g. 'x' is read.");
  });

  it('takes no comment after the body has begun for the purpose', () => {
    const lean = leanFunction('function A {\n    param($x)\n    $y = 1\n    # an explanation\n    $y\n}');
    expect(lean.lines).toEqual(['function A {', '  param($x)', '  $y = 1', '  $y', '}']);
  });
});

describe('ScriptWriter.source with left-out lines', () => {
  it('maps every printed line to its own line of the file, one span per run', () => {
    const lean = leanFunction(FN);
    const w = new ScriptWriter();
    w.line('# header');
    w.source(lean.lines.join('\n'), 'templates/x/probe.ps1', 10, lean.from);
    const spans = w.spans();
    const lines = w.toString().split('\r\n');
    const fileLine = (scriptLine: number) => {
      const s = spans.find((span) => scriptLine >= span.start && scriptLine < span.start + span.count)!;
      return s.firstLine + (scriptLine - s.start);
    };
    const source = FN.split('\n');
    // Lines 7 and 8 are the here-string's data, printed as they are; code is indented two spaces a level.
    const reindentedAt = (lines: readonly string[], at: number) => (at === 7 || at === 8 ? lines[at]! : reindent(lines[at]!));
    for (let n = 2; n <= lean.lines.length + 1; n++) {
      const at = fileLine(n) - 10;
      if (n === 2) expect(at).toBe(0); // the purpose, rewritten, names its comment's first line
      else expect(lines[n - 1]).toBe(reindentedAt(source, at).replace(/ # but this is one$/, ''));
    }
    expect(spans.map((s) => [s.firstLine, s.count])).toEqual([[10, 1], [12, 2], [15, 5], [22, 4]]);
  });
});

describe('leanCSharp', () => {
  it('leaves out whole-line // comments only', () => {
    expect(leanCSharp('// about\nusing System;\n    // why\nvar u = "http://x"; // kept\n')).toBe('using System;\nvar u = "http://x"; // kept\n');
  });
  it('indents two spaces a level, as scripts are', () => {
    expect(leanCSharp('class A\n{\n    void B()\n    {\n        C();\n      D();\n\tE();\n    }\n}')).toBe('class A\n{\n  void B()\n  {\n    C();\n    D();\n  E();\n  }\n}');
  });
});
