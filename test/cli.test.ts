/** The command line as users run it: node bin/remc.mjs, exit codes and what it prints. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { remcSync } from './support/remc.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'remc-cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const remc = (args: string[], cwd = root) => remcSync(args, { cwd });

describe('remc', () => {
  it('prints help and exits 0', () => {
    const r = remc(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: remc <command>');
    expect(remc(['build', '--help']).stdout).toContain('--check');
  });

  it('rejects an unknown command or option with exit 1', () => {
    expect(remc(['frobnicate']).code).toBe(1);
    const r = remc(['build', '--ouput', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown option '--ouput'");
  });

  it('builds a project into --out, one line per remediation and a summary', () => {
    const project = path.join(scratch, 'p1');
    cpSync(path.join(root, 'remediations'), path.join(project, 'remediations'), { recursive: true });
    const r = remc(['build', '--out', 'out'], project);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/teams-signin-50058 +user, 64-bit, 3 checks/);
    expect(r.stdout).toMatch(/Built 1 remediation \(6 files\) into out\/ in/);
    expect(readFileSync(path.join(project, 'out', 'index.json'), 'utf8')).toContain('teams-signin-50058');
    expect(remc(['build', '--out', 'out', '--check'], project).code).toBe(0);
  });

  it('fails build and check on a requirement conflict, naming file:line', () => {
    const project = path.join(root, 'test', 'fixtures', 'requirement-conflict');
    const b = remc(['build', '--project', project, '--out', path.join(scratch, 'never')]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('remediations/user-only-in-system.ts:13:5 - error REMC015: credentialPurge() runs as user only');
    expect(b.stderr).toMatch(/Build failed: 2 errors in 1 file; .*never\/ was not changed\./);
    const c = remc(['check', '--project', project]);
    expect(c.code).toBe(1);
    // Where tsc and remc's rules see the conflict at one place, it is reported once, by remc.
    expect(c.stderr).toContain('remediations/user-only-in-system.ts:13:5 - error REMC015: credentialPurge() runs as user only');
    expect(c.stderr).not.toContain('user-only-in-system.ts:13:5 - error REMC004');
    // tsc's own message names the requirement.
    expect(c.stderr).toContain(`remediations/user-only-in-system.ts:12:5 - error REMC004: TS2322: Type 'Diagnosis<{ readonly runAs: "user"; readonly is64Bit: true; }>' is not assignable to type 'Check<{ readonly runAs: "system"; readonly is64Bit: true; }>'.
    Types of property '[requirements]' are incompatible.
    Property '"can run as system"' is missing in type`);
  });

  it('lists the remediations', () => {
    const r = remc(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'teams-signin-50058\tuser, 64-bit, 3 checks, FullLanguage: credentials\tdiagnosis:sign-in-diagnostics broker:broker-plugin-registration credentials:credential-purge\tremediations/teams-signin-50058.ts\n',
    );
  });

  it('never shows a stack trace of its own for a user mistake', () => {
    const r = remc(['build', '--project', path.join(root, 'test', 'fixtures', 'throws'), '--out', path.join(scratch, 'never')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('remediations/boom.ts:4:9 - error REMC002');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
