/**
 * `remc bundle`: the release zip. The same input gives the same bytes from another checkout folder, in
 * another time zone and locale; the zip opens, holds exactly the build plus SHA256SUMS, and the sums
 * hold; a failed build leaves an existing zip as it was.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../compiler/pipeline.ts';
import { bundleZip, SUMS_FILE } from '../compiler/write/bundle.ts';
import { remcSync } from './support/remc.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-bundle-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A checkout of the examples project (declarations and the project's own template) at `dir`. */
function checkout(dir: string): string {
  const to = path.join(scratch, dir);
  for (const folder of ['remediations', 'templates']) cpSync(path.join(root, 'examples', folder), path.join(to, folder), { recursive: true });
  return to;
}

const remc = (args: string[], cwd: string, env: Record<string, string> = {}) => remcSync(args, { cwd, env });

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const haveSha256sum = spawnSync('sha256sum', ['--version'], { stdio: 'ignore' }).status === 0;

describe('remc bundle', () => {
  const first = checkout('one');
  const second = checkout(path.join('elsewhere', 'deeper', 'two'));

  it('gives the same SHA-256 from two checkouts in different folders, time zones and locales', () => {
    const a = remc(['bundle', '--out', 'release.zip'], first, { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' });
    const b = remc(['bundle', '--out', path.join('out', 'release.zip')], second, { TZ: 'Pacific/Kiritimati', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' });
    // The one thing said: the kiosk example's secret is carried by its remediate.ps1 (REMC080).
    expect(a.stderr.split('\n').filter((l) => / - (error|warning) REMC/.test(l))).toEqual([expect.stringMatching(/^remediations\/kiosk-autologon\.ts:\d+:\d+ - warning REMC080:/)]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const zipA = readFileSync(path.join(first, 'release.zip'));
    const zipB = readFileSync(path.join(second, 'out', 'release.zip'));
    expect(sha256(zipB)).toBe(sha256(zipA));
    expect(a.stdout).toContain(`sha256 ${sha256(zipA)}`);
    expect(a.stdout).toMatch(/Bundled 16 remediations \(\d+ files with SHA256SUMS\) into release\.zip/);
    // Only the zip: the bundle builds in memory and leaves dist/ alone.
    expect(existsSync(path.join(first, 'dist'))).toBe(false);
  });

  it('holds exactly the build (a folder per remediation, index.json) plus SHA256SUMS, and the sums hold', async () => {
    const built = await compile(first);
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const zip = readFileSync(path.join(first, 'release.zip'));
    const entries = unzipSync(zip);
    const names = Object.keys(entries);
    expect(names).toEqual([...built.artifacts.keys(), SUMS_FILE].sort());
    expect(names).toEqual([...names].sort());
    for (const model of built.remediations) expect(names).toContain(`${model.id}/detect.ps1`);
    for (const [name, bytes] of built.artifacts) expect(Buffer.from(entries[name]!).equals(bytes), name).toBe(true);

    const sums = Buffer.from(entries[SUMS_FILE]!).toString('utf8');
    const lines = sums.trimEnd().split('\n');
    expect(lines.map((l) => l.slice(66))).toEqual([...built.artifacts.keys()].sort());
    for (const line of lines) {
      const [hash, name] = [line.slice(0, 64), line.slice(66)];
      expect(line.slice(64, 66)).toBe('  ');
      expect(hash, name).toBe(sha256(entries[name]!));
    }
    // The same bytes as the library makes from the same build.
    expect(bundleZip(built.artifacts).equals(zip)).toBe(true);
  });

  it.skipIf(!haveSha256sum)('passes `sha256sum -c` once unzipped', () => {
    const entries = unzipSync(readFileSync(path.join(first, 'release.zip')));
    const dir = path.join(scratch, 'unzipped');
    for (const [name, bytes] of Object.entries(entries)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), bytes);
    }
    const ok = spawnSync('sha256sum', ['-c', SUMS_FILE], { cwd: dir, encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    // And it notices a changed file.
    writeFileSync(path.join(dir, 'index.json'), '{}\n');
    expect(spawnSync('sha256sum', ['--quiet', '-c', SUMS_FILE], { cwd: dir, encoding: 'utf8' }).status).toBe(1);
  });

  it('writes nothing when the build fails, and leaves an earlier zip as it was', () => {
    const project = checkout('broken');
    writeFileSync(path.join(project, 'release.zip'), 'the earlier release');
    writeFileSync(path.join(project, 'remediations', 'broken.ts'), "import { defineRemediation } from 'remc';\nexport default defineRemediation({ id: 'Not A Safe Id' } as never);\n");
    const r = remc(['bundle', '--out', 'release.zip'], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('REMC011');
    expect(r.stderr).toContain('Bundle failed');
    expect(r.stderr).toContain('release.zip was not changed');
    expect(readFileSync(path.join(project, 'release.zip'), 'utf8')).toBe('the earlier release');
  });

  it('explains itself with --help', () => {
    const r = remc(['bundle', '--help'], first);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: remc bundle');
    expect(r.stdout).toContain('sha256sum -c SHA256SUMS');
  });
});
