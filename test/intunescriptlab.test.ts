/**
 * The IntuneScriptLab directive in the emitted scripts. IntuneScriptLab (PowerShell Gallery; source
 * github.com/fadwen/IntuneScriptLab) documents it in its README ("Script type, context and
 * architecture") as `# IntuneScriptLab: ScriptType=Detection Context=System Architecture=x64`, and reads
 * it in Private/Get-IslScriptContext.ps1: comment tokens from PowerShell's parser matching
 * `^#\s*IntuneScriptLab\s*:\s*(.+)$`, split on `[\s;,]+` into `Key=\w+` pairs. The PowerShell below reads
 * the generated scripts the same way, with the real parser, and the test compares what it finds with
 * how Intune runs each script (remediation.json). The combined script carries the context and
 * architecture but no ScriptType: the linter's types (Detection, Remediation, PlatformScript,
 * Win32Detection, Win32Requirement) have none for a script that detects and remediates in one.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { build } from '../compiler/pipeline.ts';
import { runPwsh } from '../compiler/proof/pwsh.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-isl-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Prints `file<TAB>key=value ...` for each script, from the directive comments its tokens hold. */
const READ_DIRECTIVES = `
foreach ($file in $args) {
    $tokens = $null; $errors = $null
    $null = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    if ($errors.Count -gt 0) { throw "$file does not parse: $($errors[0].Message)" }
    $directive = [ordered]@{}
    foreach ($token in $tokens) {
        if ($token.Kind -ne 'Comment') { continue }
        if ($token.Text -match '^#\\s*IntuneScriptLab\\s*:\\s*(.+)$') {
            foreach ($pair in ($Matches[1] -split '[\\s;,]+')) {
                if ($pair -match '^(ScriptType|Context|Architecture|EnforceSignatureCheck)=(\\w+)$') { $directive[$Matches[1]] = $Matches[2] }
            }
        }
    }
    Write-Output ("{0}\`t{1}" -f $file, (($directive.Keys | ForEach-Object { "$_=$($directive[$_])" }) -join ' '))
}
`;

describePowerShell('the IntuneScriptLab directive', () => {
  it('tells IntuneScriptLab each script\'s type, run-as context and host architecture, as Intune runs it', async () => {
    const project = path.join(scratch, 'project');
    for (const folder of ['remediations', 'templates']) cpSync(path.join(root, 'examples', folder), path.join(project, folder), { recursive: true });
    // One 32-bit remediation beside the 64-bit ones.
    const spooler = path.join(project, 'remediations', 'print-spooler.ts');
    writeFileSync(spooler, readFileSync(spooler, 'utf8').replace(/(\n(\s*)runAs: )/, '\n$2runAs64Bit: false,$1'));
    const report = await build({ root: project, out: 'dist', targets: ['intune', 'combined'] });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const files = [...report.sizes.keys()].filter((n) => n.endsWith('.ps1'));
    const result = await runPwsh(READ_DIRECTIVES, { args: files.map((f) => path.join(report.outDir, f)), timeoutMs: 300_000 });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const found = new Map(result.stdout.trim().split(/\r?\n/).map((line) => line.split('\t') as [string, string]));

    const seen = new Set<string>();
    for (const name of files) {
      const [id, script] = name.split('/') as [string, string];
      const payload = JSON.parse(readFileSync(path.join(report.outDir, id, 'remediation.json'), 'utf8'));
      const expected = [
        ...(script === 'combined.ps1' ? [] : [`ScriptType=${script === 'detect.ps1' ? 'Detection' : 'Remediation'}`]),
        `Context=${payload.runAsAccount === 'user' ? 'User' : 'System'}`,
        `Architecture=${payload.runAs32Bit ? 'x86' : 'x64'}`,
      ].join(' ');
      expect(found.get(path.join(report.outDir, name)), name).toBe(expected);
      seen.add(expected);
    }
    expect(files.filter((f) => f.endsWith('/combined.ps1')).length).toBeGreaterThan(0);
    // Every value the directive can take from a remediation was read at least once.
    for (const part of ['ScriptType=Detection', 'ScriptType=Remediation', 'Context=User', 'Context=System', 'Architecture=x86', 'Architecture=x64']) {
      expect([...seen].some((d) => d.split(' ').includes(part)), part).toBe(true);
    }
  });
});
