/** `remc build --watch`: only what a change affects is rebuilt, errors leave dist/ alone. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProject } from '../bench/synthetic.ts';
import { watch, type Watcher } from '../compiler/cli/watch.ts';

const root = path.resolve(import.meta.dirname, '..');
const project = mkdtempSync(path.join(tmpdir(), 'remc-watch-'));
const dist = path.join(project, 'dist');
const lines: string[] = [];
let watcher: Watcher;

/** Waits until the watcher has logged a line matching `pattern` after `from`. */
async function logged(pattern: RegExp, from: number): Promise<string> {
  const deadline = Date.now() + 180_000; // a hang limit, not a speed: a rebuild under load may take seconds
  for (;;) {
    const line = lines.slice(from).find((l) => pattern.test(l));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern}; got:\n${lines.slice(from).join('\n')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function edit(file: string, from: string, to: string): void {
  const p = path.join(project, file);
  writeFileSync(p, readFileSync(p, 'utf8').replace(from, to));
}

beforeAll(async () => {
  cpSync(path.join(root, 'remediations'), path.join(project, 'remediations'), { recursive: true });
  generateProject(project, { count: 3, seed: 5 });
  mkdirSync(path.join(project, 'lib'));
  writeFileSync(path.join(project, 'lib', 'shared.ts'), "export const publisher = 'Shared IT';\n");
  writeFileSync(
    path.join(project, 'remediations', 'uses-shared.ts'),
    "import { brokerPluginRegistration, defineRemediation } from 'remc';\nimport { publisher } from '../lib/shared.ts';\n\nexport default defineRemediation({ id: 'uses-shared', displayName: 'Uses shared', description: 'x', publisher, runAs: 'user', checks: [brokerPluginRegistration()] });\n",
  );
  writeFileSync(
    path.join(project, 'remediations', 'spooler.remc.yaml'),
    'id: spooler\ndisplayName: Spooler\ndescription: Keeps the Print Spooler running.\npublisher: Contoso IT\nrunAs: system\nchecks:\n  - template: serviceState\n    name: Spooler\n',
  );
  for (const f of ['defender-realtime.ts', 'defender-realtime.probe.ps1', 'defender-realtime.fix.ps1', 'defender-realtime.fakes.ps1']) {
    cpSync(path.join(root, 'examples', 'remediations', f), path.join(project, 'remediations', f));
  }
  watcher = await watch({ root: project, outDir: dist, log: (line) => lines.push(line) });
});
afterAll(() => {
  watcher?.close();
  rmSync(project, { recursive: true, force: true });
});

describe('remc build --watch', () => {
  it('builds everything first', () => {
    expect(lines[0]).toMatch(/^built 7 declarations: 7 remediations in dist\/ in \d+ ms$/);
    expect(existsSync(path.join(dist, 'teams-signin-50058', 'detect.ps1'))).toBe(true);
  });

  it('rewrites only the remediation whose declaration changed, and the index', async () => {
    const other = path.join(dist, 'teams-signin-50058', 'detect.ps1');
    const before = statSync(other).mtimeMs;
    const from = lines.length;
    edit('remediations/uses-shared.ts', "displayName: 'Uses shared'", "displayName: 'Uses shared, renamed'");
    expect(await logged(/^rebuilt /, from)).toMatch(/^rebuilt remediations\/uses-shared\.ts: wrote uses-shared in \d+ ms$/);
    expect(JSON.parse(readFileSync(path.join(dist, 'uses-shared', 'remediation.json'), 'utf8')).displayName).toBe('Uses shared, renamed');
    expect(readFileSync(path.join(dist, 'index.json'), 'utf8')).toContain('Uses shared, renamed');
    expect(statSync(other).mtimeMs).toBe(before);
  });

  it('rebuilds the declarations that import a changed module', async () => {
    const from = lines.length;
    edit('lib/shared.ts', 'Shared IT', 'Shared IT 2');
    expect(await logged(/^rebuilt /, from)).toMatch(/wrote uses-shared/);
    expect(readFileSync(path.join(dist, 'uses-shared', 'detect.ps1'), 'utf8')).toContain('published by Shared IT 2');
  });

  it('prints the diagnostics of a broken save and leaves dist/ alone, then recovers', async () => {
    const index = readFileSync(path.join(dist, 'index.json'));
    let from = lines.length;
    edit('remediations/uses-shared.ts', "runAs: 'user'", "runAs: 'system'");
    expect(await logged(/failed with/, from)).toMatch(/^rebuilt remediations\/uses-shared\.ts: failed with 1 error\(s\) in \d+ ms; dist\/ unchanged$/);
    expect(lines.slice(from).join('\n')).toContain('error REMC015: brokerPluginRegistration() runs as user only');
    expect(readFileSync(path.join(dist, 'index.json')).equals(index)).toBe(true);
    from = lines.length;
    edit('remediations/uses-shared.ts', "runAs: 'system'", "runAs: 'user'");
    expect(await logged(/^rebuilt /, from)).toMatch(/nothing changed|wrote/);
  });

  it('rebuilds a YAML declaration when it is saved, and only it', async () => {
    const other = path.join(dist, 'teams-signin-50058', 'detect.ps1');
    const before = statSync(other).mtimeMs;
    const from = lines.length;
    edit('remediations/spooler.remc.yaml', 'displayName: Spooler', 'displayName: Spooler, renamed');
    expect(await logged(/^rebuilt /, from)).toMatch(/^rebuilt remediations\/spooler\.remc\.yaml: wrote spooler in \d+ ms$/);
    expect(JSON.parse(readFileSync(path.join(dist, 'spooler', 'remediation.json'), 'utf8')).displayName).toBe('Spooler, renamed');
    expect(readFileSync(path.join(dist, 'README.md'), 'utf8')).toContain('| Spooler, renamed |');
    expect(statSync(other).mtimeMs).toBe(before);
  });

  it('reports a broken YAML save at its line and leaves dist/ alone, then recovers', async () => {
    const index = readFileSync(path.join(dist, 'index.json'));
    let from = lines.length;
    edit('remediations/spooler.remc.yaml', '    name: Spooler', '    name: Spooler\n    statsu: running');
    expect(await logged(/failed with/, from)).toMatch(/^rebuilt remediations\/spooler\.remc\.yaml: failed with 1 error\(s\) in \d+ ms; dist\/ unchanged$/);
    expect(lines.slice(from).join('\n')).toMatch(/^remediations\/spooler\.remc\.yaml:9:5 - error REMC013: 'statsu' is not an option of serviceState\(\); did you mean 'status'\?/m);
    expect(readFileSync(path.join(dist, 'index.json')).equals(index)).toBe(true);
    from = lines.length;
    edit('remediations/spooler.remc.yaml', '\n    statsu: running', '');
    expect(await logged(/^rebuilt /, from)).toMatch(/^rebuilt remediations\/spooler\.remc\.yaml: (nothing changed|wrote spooler) in \d+ ms$/);
  });

  it("rebuilds the remediation whose custom check's PowerShell was saved, and only it", async () => {
    const other = path.join(dist, 'spooler', 'detect.ps1');
    const before = statSync(other).mtimeMs;
    const from = lines.length;
    edit('remediations/defender-realtime.probe.ps1', "Summary = 'real-time protection off'", "Summary = 'real-time protection is off'");
    expect(await logged(/^rebuilt /, from)).toMatch(/^rebuilt remediations\/defender-realtime\.ts: wrote defender-realtime in \d+ ms$/);
    expect(readFileSync(path.join(dist, 'defender-realtime', 'detect.ps1'), 'utf8')).toContain("Summary = 'real-time protection is off'");
    expect(statSync(other).mtimeMs).toBe(before);
  });

  it('reports a broken custom check and leaves dist/ alone, then rebuilds when the .ps1 is mended', async () => {
    const index = readFileSync(path.join(dist, 'index.json'));
    let from = lines.length;
    // A function inside another: the cut into top-level functions refuses it (REMC032).
    edit('remediations/defender-realtime.probe.ps1', '    $status = Get-MpComputerStatus', '    function Get-Nested { 1 }\n    $status = Get-MpComputerStatus');
    expect(await logged(/failed with/, from)).toMatch(/^rebuilt remediations\/defender-realtime\.ts: failed with \d+ error\(s\) in \d+ ms; dist\/ unchanged$/);
    expect(readFileSync(path.join(dist, 'index.json')).equals(index)).toBe(true);
    from = lines.length;
    edit('remediations/defender-realtime.probe.ps1', '    function Get-Nested { 1 }\n', '');
    expect(await logged(/^rebuilt /, from)).toMatch(/^rebuilt remediations\/defender-realtime\.ts: (nothing changed|wrote defender-realtime) in \d+ ms$/);
    expect(readFileSync(path.join(dist, 'defender-realtime', 'detect.ps1'), 'utf8')).not.toContain('Get-Nested');
  });

  it('removes the output of a deleted declaration', async () => {
    const from = lines.length;
    rmSync(path.join(project, 'remediations', 'uses-shared.ts'));
    expect(await logged(/^rebuilt /, from)).toMatch(/wrote uses-shared \(removed\)/);
    expect(existsSync(path.join(dist, 'uses-shared'))).toBe(false);
    expect(readFileSync(path.join(dist, 'index.json'), 'utf8')).not.toContain('uses-shared');
  });
});
