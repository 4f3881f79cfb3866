/**
 * The command line as a user runs it, in a process of its own: the one way the suites run `remc`.
 * Asynchronous by default (a stand-in server started by the same test answers from this process, so a
 * synchronous spawn would leave it deaf); `remcSync` where a test has nothing to serve.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const REMC = path.resolve(import.meta.dirname, '..', '..', 'bin', 'remc.mjs');
const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface RemcResult {
  /** The exit code (null when a signal ended it). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RemcOptions {
  /** @default the repository root */
  readonly cwd?: string;
  /** Added to the environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Start from an empty environment (PATH and HOME only) instead of this process's: no token leaks in. */
  readonly clean?: boolean;
}

function environment(options: RemcOptions): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = options.clean ? { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } : { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

/** `remc <args>`, asynchronously. */
export function remc(args: readonly string[], options: RemcOptions = {}): Promise<RemcResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REMC, ...args], { cwd: options.cwd ?? ROOT, env: environment(options), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `remc <args>`, waiting for it. */
export function remcSync(args: readonly string[], options: RemcOptions = {}): RemcResult {
  const r = spawnSync(process.execPath, [REMC, ...args], { cwd: options.cwd ?? ROOT, env: environment(options), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface RemcRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `remc <args>` in `cwd` with only PATH, HOME and `env` in its environment (the publish and status suites). */
export async function runRemc(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<RemcRun> {
  const r = await remc(args, { cwd, env, clean: true });
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}
