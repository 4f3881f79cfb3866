/**
 * Authenticode signing in the build. A throwaway code-signing certificate is made here at run time with
 * openssl; every signed script is checked with `osslsigncode verify` against it; the signed scripts
 * still parse and pass a lifecycle scenario in PowerShell, and everything downstream (remediation.json,
 * index.json, the bundle) carries the signed bytes. Bad setups fail with a diagnostic and write nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../compiler/pipeline.ts';
import { runTests } from '../compiler/proof/test-command.ts';
import { readTree } from '../compiler/write/write.ts';
import { describePowerShell } from './support/powershell.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-sign-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const runs = (tool: string, args: string[]) => spawnSync(tool, args, { stdio: 'ignore' }).status === 0;
const haveTools = runs('osslsigncode', ['--version']) && runs('openssl', ['version']);
if (!haveTools) {
  if (process.env['REMC_REQUIRE_SIGNING'] === '1') throw new Error('REMC_REQUIRE_SIGNING=1: osslsigncode (2.9 or newer) and openssl must be on PATH');
  console.warn('\n*** SIGNING SUITE SKIPPED: osslsigncode and openssl are not on PATH (REMC_REQUIRE_SIGNING=1 makes this a failure) ***\n');
}

const PASSWORD = 'correct horse battery staple';
const cert = path.join(scratch, 'cert.pem');
const key = path.join(scratch, 'key.pem');
const pfx = path.join(scratch, 'cert.pfx');
const SIG_START = '\r\n# SIG # Begin signature block\r\n';
const SIG_END = '# SIG # End signature block\r\n';

function sh(tool: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(tool, args, { cwd: options.cwd ?? scratch, encoding: 'utf8', env: { ...process.env, ...options.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function remc(args: string[], cwd: string, env: Record<string, string> = {}) {
  return sh(process.execPath, [path.join(root, 'bin', 'remc.mjs'), ...args], { cwd, env });
}

/** A copy of the examples project (declarations and the project's template). */
function project(name: string): string {
  const to = path.join(scratch, name);
  for (const folder of ['remediations', 'templates']) cpSync(path.join(root, 'examples', folder), path.join(to, folder), { recursive: true });
  return to;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const scripts = (tree: ReadonlyMap<string, Buffer>) => [...tree.keys()].filter((n) => n.endsWith('.ps1'));

function verify(file: string): { ok: boolean; output: string } {
  const r = sh('osslsigncode', ['verify', '-in', file, '-CAfile', cert]);
  return { ok: r.code === 0 && r.stdout.includes('Signature verification: ok'), output: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  if (!haveTools) return;
  // A self-signed certificate for code signing, valid for two days; the PFX is password-protected.
  const made = sh('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=remc test signing', '-addext', 'extendedKeyUsage=codeSigning', '-addext', 'keyUsage=critical,digitalSignature',
  ]);
  expect(made.code, made.stderr).toBe(0);
  const exported = sh('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', pfx, '-passout', 'env:PFX_PASSWORD'], { env: { PFX_PASSWORD: PASSWORD } });
  expect(exported.code, exported.stderr).toBe(0);
});

describe.skipIf(!haveTools)('signing the build', () => {
  it('signs every script with a PFX whose password is in the environment; osslsigncode verifies each', async () => {
    const dir = project('pfx');
    const r = remc(['build', '--out', 'dist', '--sign-pfx', pfx], dir, { REMC_SIGN_PASSWORD: PASSWORD });
    // The one thing said: the kiosk example's secret is carried by its remediate.ps1 (REMC080).
    expect(r.stderr.split('\n').filter((l) => / - (error|warning) REMC/.test(l))).toEqual([expect.stringMatching(/^remediations\/kiosk-autologon\.ts:\d+:\d+ - warning REMC080:/)]);
    expect(r.code).toBe(0);
    const tree = await readTree(path.join(dir, 'dist'));
    expect(scripts(tree).length).toBe(31);
    for (const name of scripts(tree)) {
      const result = verify(path.join(dir, 'dist', name));
      expect(result.ok, `${name}\n${result.output}`).toBe(true);
      expect(result.output).toContain('Subject: /CN=remc test signing');
    }
  });

  it('appends only the signature block: the text above it is what the printer wrote', async () => {
    const dir = project('pem');
    const unsigned = await compile(dir);
    const signed = await compile(dir, { sign: { cert, key } });
    expect(signed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect([...signed.artifacts.keys()]).toEqual([...unsigned.artifacts.keys()]);
    for (const name of scripts(unsigned.artifacts)) {
      const printed = unsigned.artifacts.get(name)!.toString('latin1');
      const text = signed.artifacts.get(name)!.toString('latin1');
      expect(text.startsWith(printed), name).toBe(true);
      const block = text.slice(printed.length);
      expect(block.startsWith(SIG_START), name).toBe(true);
      expect(block.endsWith(SIG_END), name).toBe(true);
      // Nothing but comment lines of base64: still 7-bit ASCII with CRLF, as Intune wants.
      for (const line of block.slice(2, -2).split('\r\n')) expect(line, name).toMatch(/^# (SIG # (Begin|End) signature block|[A-Za-z0-9+/=]+)$/);
    }
  });

  it('puts the signed bytes into remediation.json and the index hashes', async () => {
    const dir = project('downstream');
    const { artifacts } = await compile(dir, { sign: { cert, key } });
    const index = JSON.parse(artifacts.get('index.json')!.toString('utf8'));
    for (const entry of index.remediations) {
      const payload = JSON.parse(artifacts.get(`${entry.id}/remediation.json`)!.toString('utf8'));
      const detect = artifacts.get(`${entry.id}/detect.ps1`)!;
      expect(detect.toString('latin1')).toContain(SIG_START);
      expect(Buffer.from(payload.detectionScriptContent, 'base64').equals(detect)).toBe(true);
      expect(entry.files['detect.ps1'].sha256).toBe(sha256(detect));
      if (payload.remediationScriptContent) {
        const remediate = artifacts.get(`${entry.id}/remediate.ps1`)!;
        expect(Buffer.from(payload.remediationScriptContent, 'base64').equals(remediate)).toBe(true);
        expect(entry.files['remediate.ps1'].sha256).toBe(sha256(remediate));
      }
    }
  });

  it('is reproducible with SOURCE_DATE_EPOCH, which becomes the signing time', () => {
    const dir = project('repro');
    const env = { SOURCE_DATE_EPOCH: '1764504000' }; // 2025-11-30T12:00:00Z
    expect(remc(['build', '--out', 'a', '--sign-cert', cert, '--sign-key', key], dir, env).code).toBe(0);
    expect(remc(['build', '--out', 'b', '--sign-cert', cert, '--sign-key', key], dir, { ...env, TZ: 'Asia/Kathmandu' }).code).toBe(0);
    const file = path.join('print-spooler', 'detect.ps1');
    expect(readFileSync(path.join(dir, 'b', file)).equals(readFileSync(path.join(dir, 'a', file)))).toBe(true);
    expect(verify(path.join(dir, 'a', file)).output).toContain('Signing time: Nov 30 12:00:00 2025 GMT');
  });

  it('says so honestly without SOURCE_DATE_EPOCH: osslsigncode embeds the current time as the signing time', () => {
    const dir = project('now');
    const before = Math.floor(Date.now() / 1000) - 2;
    const env: Record<string, string> = { SOURCE_DATE_EPOCH: '' };
    expect(remc(['build', '--out', 'a', '--sign-cert', cert, '--sign-key', key], dir, env).code).toBe(0);
    const after = Math.ceil(Date.now() / 1000) + 2;
    const shown = /Signing time: (.+ GMT)/.exec(verify(path.join(dir, 'a', 'print-spooler', 'detect.ps1')).output)?.[1];
    expect(shown).toBeDefined();
    const time = Date.parse(shown!.replace(/\s+/g, ' ')) / 1000;
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  });

  it('bundles the signed bytes', () => {
    const dir = project('bundle');
    const r = remc(['bundle', '--out', 'release.zip', '--sign-cert', cert, '--sign-key', key], dir, { SOURCE_DATE_EPOCH: '1764504000' });
    expect(r.code, r.stderr).toBe(0);
    const entries = unzipSync(readFileSync(path.join(dir, 'release.zip')));
    const detect = Buffer.from(entries['print-spooler/detect.ps1']!);
    expect(detect.toString('latin1')).toContain(SIG_START);
    writeFileSync(path.join(dir, 'detect.ps1'), detect);
    expect(verify(path.join(dir, 'detect.ps1')).ok).toBe(true);
  });

  it('refuses a declaration that enforces the signature check in a build without a certificate (REMC050)', () => {
    const dir = project('enforce');
    const file = path.join(dir, 'remediations', 'print-spooler.ts');
    const source = readFileSync(file, 'utf8').replace(/(\n(\s*)runAs: )/, "\n$2enforceSignatureCheck: true,$1");
    writeFileSync(file, source);
    const line = source.split('\n').findIndex((l) => l.includes('enforceSignatureCheck: true')) + 1;
    const r = remc(['build', '--out', 'dist'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`remediations/print-spooler.ts:${line}:`);
    expect(r.stderr).toContain('error REMC050: "print-spooler" sets enforceSignatureCheck, but this build has no signing certificate');
    expect(r.stderr).toContain('hint: Intune runs this remediation only when its scripts are signed');
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    expect(remc(['bundle'], dir).stderr).toContain('REMC050');
    // remc check does not know how the build will run; remc test needs no certificate.
    expect(remc(['list'], dir).code).toBe(0);

    const signed = remc(['build', '--out', 'dist', '--sign-cert', cert, '--sign-key', key], dir);
    expect(signed.code, signed.stderr).toBe(0);
    const payload = JSON.parse(readFileSync(path.join(dir, 'dist', 'print-spooler', 'remediation.json'), 'utf8'));
    expect(payload.enforceSignatureCheck).toBe(true);
    expect(Buffer.from(payload.detectionScriptContent, 'base64').toString('latin1')).toContain(SIG_START);
  });

  it('fails with a clear diagnostic on a wrong password, a missing certificate or no osslsigncode, and leaves dist/ as it was', () => {
    const dir = project('bad');
    expect(remc(['build', '--out', 'dist'], dir).code).toBe(0);
    const before = readFileSync(path.join(dir, 'dist', 'index.json'));
    const cases: Array<[string[], Record<string, string>, string]> = [
      [['--sign-pfx', pfx], { REMC_SIGN_PASSWORD: 'wrong' }, `osslsigncode cannot sign with ${pfx}: Failed to parse PKCS#12 file`],
      [['--sign-pfx', pfx, '--sign-password-env', 'MY_PFX_PASSWORD'], {}, 'the environment variable MY_PFX_PASSWORD (the certificate\'s password) is not set'],
      [['--sign-pfx', 'no-such.pfx'], {}, `cannot read ${path.join(dir, 'no-such.pfx')}: no such file`],
      [['--sign-pfx', pfx], { REMC_SIGN_PASSWORD: PASSWORD, REMC_OSSLSIGNCODE: path.join(scratch, 'no-osslsigncode') }, 'was not found or does not run'],
    ];
    for (const [flags, env, message] of cases) {
      const r = remc(['build', '--out', 'dist', ...flags], dir, { REMC_SIGN_PASSWORD: '', ...env });
      expect(r.code, message).toBe(1);
      expect(r.stderr).toContain('error REMC051: signing: ');
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('dist/ was not changed');
      expect(r.stderr).not.toContain(PASSWORD);
    }
    expect(readFileSync(path.join(dir, 'dist', 'index.json')).equals(before)).toBe(true);
    expect(remc(['build', '--sign-cert', cert], dir).stderr).toContain('a PEM certificate needs its key');
    expect(remc(['build', '--sign-pfx', pfx, '--sign-cert', cert, '--sign-key', key], dir).stderr).toContain('not both');
    expect(remc(['build', '--watch', '--sign-pfx', pfx], dir).stderr).toContain('--watch builds unsigned');
    expect(remc(['bundle', '--sign-pfx', pfx, '--sign-timestamp', 'ftp://example.org'], dir).stderr).toContain('must be an http(s) URL');
  });
});

describePowerShell('signed scripts in PowerShell', () => {
  it.skipIf(!haveTools)('still parse and pass the lifecycle scenarios: the signature block is a comment', async () => {
    const dir = project('lifecycle');
    const signed: string[] = [];
    const report = await runTests({
      root: dir,
      ids: ['print-spooler', 'defender-realtime'],
      sign: { cert, key },
      pester: false,
      csharp: false,
      workers: 1,
      afterBuild: (outDir) => {
        // What the harness runs is the signed output, byte for byte.
        for (const id of ['print-spooler', 'defender-realtime']) {
          for (const name of ['detect.ps1', 'remediate.ps1']) {
            const file = path.join(outDir, id, name);
            if (readFileSync(file, 'latin1').includes(SIG_START) && verify(file).ok) signed.push(`${id}/${name}`);
          }
        }
      },
    });
    expect(report.error).toBeUndefined();
    expect(signed).toEqual(['print-spooler/detect.ps1', 'print-spooler/remediate.ps1', 'defender-realtime/detect.ps1', 'defender-realtime/remediate.ps1']);
    for (const result of report.remediations) {
      const problems = result.checks.flatMap((c) => c.problems);
      expect(problems, result.id).toEqual([]);
      const parse = result.checks.find((c) => c.kind === 'parse')!;
      expect(parse.passed, result.id).toBeGreaterThanOrEqual(2); // both scripts, and a custom check's own files
      const scenarios = result.checks.filter((c) => c.kind === 'scenarios' || c.kind === 'template scenarios');
      expect(scenarios.reduce((n, c) => n + c.passed, 0), result.id).toBeGreaterThan(0);
      expect(result.ok, result.id).toBe(true);
    }
    expect(report.ok).toBe(true);
  });
});
