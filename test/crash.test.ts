/**
 * Crash safety and determinism across machines, with the real CLI in its own process: a build killed
 * at any moment leaves the previous output whole (or recoverable by the next build), never a mix;
 * and output bytes do not depend on the checkout path, the time zone or the locale.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateProject } from '../bench/synthetic.ts';
import { compareTrees, isClean, readTree, recoverInterrupted } from '../compiler/write/write.ts';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'remc.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-crash-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function build(cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, 'build'], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
}

function same(a: Map<string, Buffer>, b: Map<string, Buffer>): boolean {
  return isClean(compareTrees(a, b));
}

describe('a build killed mid-way', () => {
  it('leaves the previous dist/ whole, never a mix of old and new, at any moment', async () => {
    const project = path.join(scratch, 'kill');
    generateProject(project, { count: 300, seed: 7 });
    expect(build(project).status).toBe(0);
    const dist = path.join(project, 'dist');
    const old = await readTree(dist);
    // A change that touches every remediation's scripts: the new output differs in every folder.
    for (const file of readdirSync(path.join(project, 'remediations'))) {
      const p = path.join(project, 'remediations', file);
      writeFileSync(p, readFileSync(p, 'utf8').replace("publisher: 'Contoso IT", "publisher: 'Fabrikam IT"));
    }
    const outcomes = { old: 0, recovered: 0 };
    for (const delay of [40, 120, 200, 280, 360, 440, 520, 600, 700, 800]) {
      const child = spawn(process.execPath, [cli, 'build'], { cwd: project, stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      if (!existsSync(dist)) {
        // Killed between the two renames: the old tree waits beside it, and the next build puts it back.
        await recoverInterrupted(dist);
        outcomes.recovered++;
      }
      const now = await readTree(dist);
      if (same(now, old)) outcomes.old++;
      else {
        // The kill came after the swap: then it is the complete new output, and the next run starts from it.
        expect(build(project).status).toBe(0);
        const fresh = await readTree(dist);
        expect(same(now, fresh)).toBe(true);
        return;
      }
    }
    expect(outcomes.old).toBeGreaterThan(0);
  });
});

describe('determinism across machines', () => {
  it('gives the same bytes from another path, time zone and locale', async () => {
    const a = path.join(scratch, 'here');
    const b = path.join(scratch, 'somewhere', 'else', 'entirely');
    cpSync(path.join(root, 'remediations'), path.join(a, 'remediations'), { recursive: true });
    cpSync(path.join(root, 'remediations'), path.join(b, 'remediations'), { recursive: true });
    generateProject(a, { count: 20, seed: 3 });
    generateProject(b, { count: 20, seed: 3 });
    expect(build(a, { TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' }).status).toBe(0);
    expect(build(b, { TZ: 'America/Los_Angeles', LANG: 'C', LC_ALL: 'C' }).status).toBe(0);
    const ta = await readTree(path.join(a, 'dist'));
    const tb = await readTree(path.join(b, 'dist'));
    expect(ta.size).toBe(81); // 21 remediations x 4 files + index and README, less 5 detect-only ones without remediate.ps1
    expect(same(ta, tb)).toBe(true);
  });
});
