/**
 * The command line as a user runs it, in a process of its own and asynchronously: a stand-in server
 * started by the same test answers from this process, so a synchronous spawn would leave it deaf.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const REMC = path.resolve(import.meta.dirname, '..', '..', 'bin', 'remc.mjs');

export interface RemcRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `remc <args>` in `cwd` with only PATH, HOME and `env` in its environment (no token leaks in from the caller's). */
export function runRemc(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<RemcRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REMC, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
