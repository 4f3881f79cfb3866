// Syntax checks through the real PowerShell parser (one pwsh process per call).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePowerShellFiles, parsePowerShellText, parsePowerShellTexts } from '../../compiler/proof/parse.ts';
import { describePowerShell, toolchain } from '../support/powershell.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => join(fixtures, name);


describePowerShell('parsePowerShellFiles', () => {
  it('reports no errors for a valid file', async () => {
    expect(await parsePowerShellFiles([fixture('valid.ps1')])).toEqual([{ file: fixture('valid.ps1'), errors: [] }]);
  });

  it('reports a missing brace with line, column and message', async () => {
    const [result] = await parsePowerShellFiles([fixture('missing-brace.ps1')]);
    expect(result?.errors).toEqual([
      { line: 3, column: 26, message: "Missing closing '}' in statement block or type definition.", errorId: 'MissingEndCurlyBrace' },
    ]);
  });

  it('parses many files in one call, in order, keeping the paths as given', async () => {
    const names = ['valid.ps1', 'SyntaxError.Tests.ps1', 'no-such-file.ps1', 'Basic.Tests.ps1', 'Data.Tests.ps1'];
    const results = await parsePowerShellFiles(names.map((n) => `test/pester/fixtures/${n}`));
    expect(results.map((r) => r.file)).toEqual(names.map((n) => `test/pester/fixtures/${n}`));
    expect(results.map((r) => r.errors.length)).toEqual([0, 2, 1, 0, 0]);
    expect(results[1]?.errors[1]).toMatchObject({ line: 4, column: 19, errorId: 'MissingEndParenthesisAfterStatement' });
    expect(results[2]?.errors[0]).toMatchObject({ line: 0, errorId: 'FileNotFound' });
  });

  it('returns [] without starting pwsh for no files', async () => {
    expect(await parsePowerShellFiles([])).toEqual([]);
  });
});

describePowerShell('parsePowerShellText', () => {
  it('parses in-memory text under the given name', async () => {
    expect(await parsePowerShellText('ok.ps1', "function Get-RemcX { 'x' }\n")).toEqual({ file: 'ok.ps1', errors: [] });
    const bad = await parsePowerShellText('bad.ps1', 'function A {\n  $x = "unterminated\n}\n');
    expect(bad.file).toBe('bad.ps1');
    expect(bad.errors[0]).toEqual({ line: 2, column: 8, message: 'The string is missing the terminator: ".', errorId: 'TerminatorExpectedAtEndOfString' });
  });

  it('keeps non-ASCII text and CRLF intact', async () => {
    const [result] = await parsePowerShellTexts([{ name: 'crlf.ps1', text: "# caf\u00e9\r\n'ok'\r\nif ($x) {\r\n" }]);
    expect(result?.errors).toEqual([
      { line: 3, column: 9, message: "Missing closing '}' in statement block or type definition.", errorId: 'MissingEndCurlyBrace' },
    ]);
  });
});
