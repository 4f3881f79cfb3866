import { describe, expect, it } from 'vitest';
import { commentText, PrintError, ScriptWriter } from '../compiler/ps/printer.ts';

describe('ScriptWriter', () => {
  it('writes CRLF line endings, indents blocks and ends with one line break', () => {
    const w = new ScriptWriter();
    w.line('$a = 1').block('if ($a) {', (b) => b.line('exit 1')).blank().blank();
    expect(w.toString()).toBe('$a = 1\r\nif ($a) {\r\n  exit 1\r\n}\r\n');
  });

  it('keeps free text in comments from ever becoming code', () => {
    const w = new ScriptWriter();
    w.comment('one\nRemove-Item C:\\ -Recurse');
    w.help([['DESCRIPTION', 'ends here #> Remove-Item C:\\ <# and {{snippet}} caf\u00e9']]);
    expect(w.toString()).toBe(
      ['# one', '# Remove-Item C:\\ -Recurse', '<#', '.DESCRIPTION', 'ends here # > Remove-Item C:\\ < # and { {snippet} } caf<U+00E9>', '#>', ''].join('\r\n'),
    );
  });

  it.each([
    ['non-ASCII', '$x = "caf\u00e9"', /non-ASCII or control character \(code 233\)/],
    ['a control character', '$x = 1\u0007', /code 7/],
    ['an RMM placeholder', "Write-Output '{{token}}'", /"\{\{" in generated PowerShell/],
  ])('rejects %s in a line', (_name, code, message) => {
    expect(() => new ScriptWriter().line(code)).toThrow(PrintError);
    expect(() => new ScriptWriter().line(code)).toThrow(message);
  });

  it('copies source files at the current depth, naming file:line when one breaks a rule', () => {
    const w = new ScriptWriter();
    w.block('& {', (b) => b.source('function A {\r\n\t1\r\n}\r\n', 'a.ps1'));
    expect(w.toString()).toBe('& {\r\n  function A {\r\n    1\r\n  }\r\n}\r\n');
    expect(() => new ScriptWriter().source('ok\n\u00e9\n', 'bad.ps1')).toThrow('bad.ps1:2: non-ASCII');
  });

  it('sanitizes comment text to printable ASCII', () => {
    expect(commentText('a\u2019b\tc')).toBe('a<U+2019>b c');
  });
});
