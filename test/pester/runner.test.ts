// Runs real pwsh + Pester 5 against the fixtures in ./fixtures.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPwsh } from '../../compiler/proof/pwsh.ts';
import { runPester, formatPesterFailures, type PesterRunResult } from '../../compiler/proof/runner.ts';
import { locateToolchain, requireToolchain } from '../../compiler/proof/toolchain.ts';
import { describePowerShell, toolchain } from '../support/powershell.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => join(fixtures, name);


/** True while the process exists and is not a zombie (a killed orphan may wait a moment to be reaped). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

async function waitDead(pid: number, ms = 120_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('requireToolchain', () => {
  it('says how to install when nothing is set up', () => {
    const saved = { ...process.env };
    const empty = mkdtempSync(join(tmpdir(), 'remc-notools-'));
    try {
      process.env['REMC_CACHE'] = empty;
      delete process.env['REMC_PWSH'];
      delete process.env['REMC_PESTER'];
      expect(locateToolchain()).toBeUndefined();
      expect(() => requireToolchain()).toThrow(/^pwsh not found: run `remc setup` \(it needs the \.NET SDK\)/);
    } finally {
      process.env = saved;
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describePowerShell('runPwsh', () => {
  it('runs script text with args, stdin, env and cwd, and returns the exit code', async () => {
    const script = [
      'param([string] $A, [string] $B)',
      '[Console]::Out.Write("$A|$B|" + [Console]::In.ReadToEnd() + "|$env:REMC_T1|$([bool] $env:REMC_T2)|" + (Split-Path -Leaf $PWD))',
      '[Console]::Error.Write("to stderr")',
      'exit 7',
    ].join('\n');
    process.env['REMC_T2'] = 'inherited';
    try {
      const r = await runPwsh(script, { args: ['one', 'two words'], stdin: 'from stdin', env: { REMC_T1: 'set', REMC_T2: undefined }, cwd: fixtures });
      expect(r).toMatchObject({ exitCode: 7, timedOut: false, stdout: 'one|two words|from stdin|set|False|fixtures', stderr: 'to stderr' });
    } finally {
      delete process.env['REMC_T2'];
    }
  });
});

describePowerShell('runPester', () => {
  // One run over several files: failures in one container must not hide the others.
  let mixed: PesterRunResult;
  beforeAll(async () => {
    mixed = await runPester({
      paths: [fixture('Basic.Tests.ps1'), fixture('SyntaxError.Tests.ps1'), fixture('BeforeAllThrows.Tests.ps1'), fixture('Missing.Tests.ps1')],
      containers: [{ path: fixture('Data.Tests.ps1'), data: { Greeting: 'hello', Count: 3, Nested: { items: ['a', 'b'], flag: true } } }],
    });
  });
  const test = (fullName: string) => {
    const found = mixed.tests.find((t) => t.fullName === fullName);
    if (!found) throw new Error(`no test ${fullName} in ${mixed.tests.map((t) => t.fullName).join(', ')}\n${mixed.error ?? ''}`);
    return found;
  };

  it('reports the run as failed, with counts and exit code', () => {
    expect(mixed.error).toBeUndefined();
    expect(mixed.ok).toBe(false);
    expect(mixed.timedOut).toBe(false);
    expect(mixed.exitCode).toBe(1);
    expect(mixed.counts).toEqual({ passed: 4, failed: 4, skipped: 1, notRun: 0, inconclusive: 0 });
  });

  it('reports a passing It with its Describe/Context path', () => {
    const t = test('Basic.arithmetic.adds numbers');
    expect(t).toMatchObject({ name: 'adds numbers', path: ['Basic', 'arithmetic', 'adds numbers'], result: 'Passed', startLine: 4 });
    expect(t.file).toBe(fixture('Basic.Tests.ps1'));
    expect(t.durationMs).toBeGreaterThanOrEqual(0);
    expect(t.error).toBeUndefined();
  });

  it('reports a failing Should with its message and the assertion line', () => {
    const t = test('Basic.arithmetic.fails on purpose');
    expect(t.result).toBe('Failed');
    expect(t.error).toMatchObject({ message: 'Expected 42, but got 41.', file: fixture('Basic.Tests.ps1'), line: 10 });
  });

  it('reports a throw in an It body at the throwing line', () => {
    const t = test('Basic.throws from a helper');
    expect(t.result).toBe('Failed');
    expect(t.error).toMatchObject({ message: 'boom from the test body', file: fixture('Basic.Tests.ps1'), line: 19 });
    expect(t.error?.stackTrace).not.toMatch(/Pester\.psm1/);
  });

  it('reports skipped tests', () => {
    expect(test('Basic.arithmetic.is skipped').result).toBe('Skipped');
  });

  it('reports a file that does not parse as a container failure', () => {
    const f = mixed.failures.find((x) => x.file === fixture('SyntaxError.Tests.ps1'));
    expect(f).toMatchObject({ kind: 'container', path: [], error: { file: fixture('SyntaxError.Tests.ps1'), line: 4 } });
    expect(f?.error.message).toMatch(/Missing closing '\)' after expression in 'if' statement/);
  });

  it('fails every It of a Describe whose BeforeAll throws, and reports the block', () => {
    for (const name of ['Setup fails.first test', 'Setup fails.second test']) {
      expect(test(name)).toMatchObject({ result: 'Failed', error: { message: 'BeforeAll exploded', line: 4 } });
    }
    expect(mixed.failures).toContainEqual(
      expect.objectContaining({ kind: 'block', path: ['Setup fails'], file: fixture('BeforeAllThrows.Tests.ps1') }),
    );
  });

  it('reports a path with no test files instead of dropping it', () => {
    expect(mixed.failures).toContainEqual(
      expect.objectContaining({ kind: 'container', file: fixture('Missing.Tests.ps1'), error: expect.objectContaining({ message: expect.stringMatching(/no test files found/) }) }),
    );
  });

  it('passes container data to the test file parameters', () => {
    for (const name of ['receives the greeting', 'receives the count', 'receives nested data as a dictionary']) {
      expect(test(`Container data.${name}`).result).toBe('Passed');
    }
  });

  it('formats failures one per line', () => {
    const text = formatPesterFailures(mixed);
    expect(text).toContain(`test Basic.arithmetic.fails on purpose: Expected 42, but got 41. (${fixture('Basic.Tests.ps1')}:10)`);
    expect(text).toContain('block');
  });

  it.concurrent('is ok when everything passes; data can be given for all paths', async () => {
    const r = await runPester({ paths: [fixture('Data.Tests.ps1')], data: { Greeting: 'hello', Count: 3, Nested: { items: ['a', 'b'], flag: true } } });
    expect(formatPesterFailures(r)).toBe('');
    expect(r).toMatchObject({ ok: true, exitCode: 0, timedOut: false, failures: [] });
    expect(r.counts.passed).toBe(3);
  });

  it.concurrent('filters by full name (relative paths resolve against cwd)', async () => {
    const r = await runPester({ paths: ['Basic.Tests.ps1'], cwd: fixtures, fullName: ['*.adds numbers'] });
    expect(r.ok).toBe(true);
    expect(r.tests.filter((t) => t.result === 'Passed').map((t) => t.fullName)).toEqual(['Basic.arithmetic.adds numbers']);
    expect(r.counts.failed).toBe(0);
  });

  it.concurrent('times out a hung run and kills the whole process tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'remc-hang-'));
    const pidFile = join(dir, 'pids');
    try {
      // The limit only has to outlast pwsh's and Pester's start on a busy machine (the hang never ends):
      // nothing here depends on how fast the machine is.
      const limit = 90_000;
      let settled = false;
      const running = runPester({ paths: [fixture('Hang.Tests.ps1')], timeoutMs: limit, env: { REMC_HANG_PIDFILE: pidFile } }).finally(() => (settled = true));
      // While it hangs: the test body wrote its pid and its child's (so env reached it) and both run.
      let pids: number[] = [];
      while (!settled && pids.length < 2) {
        await new Promise((r) => setTimeout(r, 100));
        if (existsSync(pidFile)) pids = readFileSync(pidFile, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      }
      expect(pids, `the hanging test did not start within the ${limit} ms limit`).toHaveLength(2);
      for (const pid of pids) expect(alive(pid)).toBe(true);

      const r = await running;
      expect(r).toMatchObject({ ok: false, timedOut: true, tests: [] });
      expect(r.error).toMatch(new RegExp(`timed out after ${limit} ms`));
      for (const pid of pids) expect(await waitDead(pid)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.concurrent('reports a crash (exit without results) as an error', async () => {
    const r = await runPester({ paths: [fixture('Crash.Tests.ps1')] });
    expect(r).toMatchObject({ ok: false, timedOut: false, exitCode: 3, tests: [] });
    expect(r.error).toMatch(/pwsh exited 3 without writing a Pester result/);
  });

  it.concurrent("reports Pester's own failure (module does not load)", async () => {
    const broken = { ...requireToolchain(), pesterModule: join(fixtures, 'no-such-pester', 'Pester.psd1') };
    const r = await runPester({ paths: [fixture('Data.Tests.ps1')], toolchain: broken });
    expect(r).toMatchObject({ ok: false, exitCode: 2 });
    expect(r.error).toMatch(/^Pester run failed: .*no-such-pester/s);
  });

  it('throws a clear error when pwsh cannot start', async () => {
    const missing = { ...requireToolchain(), pwsh: join(fixtures, 'no-such-pwsh') };
    await expect(runPester({ paths: [fixture('Data.Tests.ps1')], toolchain: missing })).rejects.toThrow(/cannot start pwsh .*no-such-pwsh/);
  });
});
