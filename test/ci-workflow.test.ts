/**
 * The example GitHub Actions workflow (examples/.github/workflows/remc.yml): valid YAML with the steps
 * a release needs, in order; every remc command and option it runs exists; the signing password only
 * ever travels in the environment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const file = path.join(root, 'examples', '.github', 'workflows', 'remc.yml');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly if?: string;
}

const workflow = parse(readFileSync(file, 'utf8'), { strict: true, uniqueKeys: true }) as {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; permissions?: Record<string, string>; steps: Step[] }>;
};
const jobs = Object.values(workflow.jobs);
const steps = jobs[0]!.steps;

/** The index of the first step that matches, or -1. */
const find = (test: (s: Step) => boolean) => steps.findIndex(test);
const runs = (pattern: RegExp) => (s: Step) => pattern.test(s.run ?? '');
const uses = (action: string) => (s: Step) => (s.uses ?? '').startsWith(`${action}@`);

describe('the example CI workflow', () => {
  it('is one job on push, pull request and by hand, with read-only permissions', () => {
    expect(workflow.name).toBe('remc');
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_dispatch']));
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.env?.['REMC_REQUIRE_POWERSHELL']).toBe('1');
    for (const step of steps) expect(step.name, JSON.stringify(step)).toBeTruthy();
  });

  it('installs, sets up PowerShell and osslsigncode, tests, builds, bundles and signs, then uploads, in that order', () => {
    const order = [
      find(uses('actions/checkout')),
      find(uses('actions/setup-node')),
      find(runs(/^npm ci$/m)),
      find(runs(/^npx remc setup$/m)),
      find(runs(/osslsigncode --version/)),
      find(runs(/npx remc test\b/)),
      find(runs(/npx remc build --check\b/)),
      find(runs(/npx remc bundle .*--sign-pfx/)),
      find(uses('actions/upload-artifact')),
    ];
    expect(order.every((i) => i >= 0), JSON.stringify(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The PowerShell setup it runs is the command remc ships, as its help lists it.
    const help = spawnSync(process.execPath, [path.join(root, 'bin', 'remc.mjs'), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^\s+setup\s+install PowerShell and Pester/m);
  });

  it('signs with the PFX from a secret, its password only in the environment, and uploads the zip it wrote', () => {
    const sign = steps[find(runs(/--sign-pfx/))]!;
    expect(sign.env?.['REMC_SIGN_PASSWORD']).toBe('${{ secrets.REMC_SIGNING_PASSWORD }}');
    expect(sign.env?.['PFX_BASE64']).toBe('${{ secrets.REMC_SIGNING_PFX_BASE64 }}');
    expect(sign.run).toMatch(/base64 --decode > "\$pfx"/);
    expect(sign.run).toMatch(/SOURCE_DATE_EPOCH=/);
    for (const step of steps) {
      // No secret is spliced into a command line, and the password variable is never expanded.
      expect(step.run ?? '', step.name).not.toMatch(/secrets\.|\$\{?REMC_SIGN_PASSWORD/);
    }
    const out = /--out "?([^"\s]+)/.exec(sign.run!)![1]!;
    const upload = steps[find(uses('actions/upload-artifact'))]!;
    const uploaded = String(upload.with?.['path']);
    expect(out.startsWith(path.posix.dirname(uploaded))).toBe(true);
    expect(uploaded.endsWith('.zip') && out.endsWith('.zip')).toBe(true);
    expect(upload.with?.['if-no-files-found']).toBe('error');
  });

  it('publishes last, in one command: a plan on pull requests, --apply on main, signed in by OIDC without a stored secret', () => {
    const publish = steps[find(runs(/npx remc publish/))]!;
    expect(find(runs(/npx remc publish/))).toBe(steps.length - 1);
    expect(jobs[0]!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(publish.env?.['AZURE_CLIENT_ID']).toBe('${{ vars.AZURE_CLIENT_ID }}');
    expect(publish.env?.['AZURE_TENANT_ID']).toBe('${{ vars.AZURE_TENANT_ID }}');
    expect(Object.keys(publish.env ?? {}).filter((k) => /SECRET|TOKEN/.test(k))).toEqual([]);
    expect(publish.if).toContain("vars.AZURE_CLIENT_ID != ''");
    // Without --apply a publish is a plan; the script adds it only for a push to main.
    const run = (event: string, ref: string) => spawnSync('bash', ['-c', `npx() { echo "$*"; }; ${publish.run!.replace(/^export SOURCE_DATE_EPOCH.*$/m, '')}`], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', GITHUB_EVENT_NAME: event, GITHUB_REF: ref, RUNNER_TEMP: '/tmp' } }).stdout.trim();
    expect(run('pull_request', 'refs/pull/7/merge')).toBe('remc publish');
    expect(run('push', 'refs/heads/main')).toBe('remc publish --apply');
    expect(run('push', 'refs/heads/feature')).toBe('remc publish');
  });

  it('has shell steps that bash parses (GitHub runs them with bash -e)', () => {
    for (const step of steps.filter((s) => s.run)) {
      const checked = spawnSync('bash', ['-n'], { input: step.run!, encoding: 'utf8' });
      expect(checked.stderr, step.name).toBe('');
      expect(checked.status, step.name).toBe(0);
    }
  });

  it('runs only remc commands and options that exist', () => {
    const calls = steps.flatMap((s) => [...(s.run ?? '').matchAll(/npx remc (\w+)([^\n]*)/g)].map((m) => ({ command: m[1]!, rest: m[2]! })));
    expect(calls.map((c) => c.command)).toEqual(expect.arrayContaining(['test', 'build', 'bundle']));
    for (const { command, rest } of calls) {
      const help = spawnSync(process.execPath, [path.join(root, 'bin', 'remc.mjs'), command, '--help'], { encoding: 'utf8' });
      expect(help.status, command).toBe(0);
      for (const option of rest.match(/--[a-z-]+/g) ?? []) expect(help.stdout, `remc ${command} ${option}`).toContain(option);
    }
  });
});
