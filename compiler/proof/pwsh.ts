// Runs PowerShell 7 (pwsh) as a child process: no shell, bounded time, whole process tree killed on timeout.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireToolchain, type Toolchain } from './toolchain.ts';

export interface PwshOptions {
  /** Arguments passed to the script (after `-File script`): they arrive as real parameters, no quoting. */
  args?: readonly string[];
  /** Extra environment; `undefined` removes a variable. Applied over process.env and the toolchain env. */
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  /** Default 10 minutes. On timeout the process group is killed and `timedOut` is true. */
  timeoutMs?: number;
  /** Written to the child's stdin, which is then closed (stdin is closed immediately when absent). */
  stdin?: string;
  /** Defaults to requireToolchain(). */
  toolchain?: Toolchain;
}

export interface PwshResult {
  /** null when the process was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  pid: number | undefined;
}

export type PwshSource = string | { file: string };

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
/** Output beyond this is dropped (a runaway test must not exhaust memory); a marker is appended. */
const MAX_OUTPUT_CHARS = 16 * 1024 * 1024;
const isWindows = process.platform === 'win32';

// Children still running, killed if this Node process exits (detached children would outlive us otherwise).
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killTree(child);
  });
}

function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    if (isWindows) {
      spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    } else {
      // The child leads its own process group (detached), so -pid reaches everything it started.
      process.kill(-pid, 'SIGKILL');
    }
  } catch {
    // Already gone.
  }
}

/** Environment for pwsh: ours, then the toolchain's (e.g. DOTNET_ROLL_FORWARD), then the caller's. */
export function pwshEnv(
  toolchain: Toolchain,
  extra: Readonly<Record<string, string | undefined>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    POWERSHELL_TELEMETRY_OPTOUT: '1',
    POWERSHELL_UPDATECHECK: 'Off',
    ...toolchain.env,
  };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Runs a script with `pwsh -NoProfile -NonInteractive -File`. Script text is written to a temporary
 * .ps1 first: -File gives real parameter binding for `args` and avoids command-line quoting rules.
 */
export async function runPwsh(source: PwshSource, options: PwshOptions = {}): Promise<PwshResult> {
  const toolchain = options.toolchain ?? requireToolchain();
  let tempDir: string | undefined;
  let file: string;
  if (typeof source === 'string') {
    tempDir = mkdtempSync(join(tmpdir(), 'remc-pwsh-'));
    file = join(tempDir, 'script.ps1');
    // BOM: Windows PowerShell 5.1 would read a BOM-less file as ANSI; harmless for pwsh 7.
    writeFileSync(file, '\uFEFF' + source, 'utf8');
  } else {
    file = source.file;
  }
  try {
    return await spawnPwsh(toolchain, file, options);
  } finally {
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
  }
}

function spawnPwsh(toolchain: Toolchain, file: string, options: PwshOptions): Promise<PwshResult> {
  const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', file, ...(options.args ?? [])];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  return new Promise<PwshResult>((resolve, reject) => {
    const child = spawn(toolchain.pwsh, args, {
      cwd: options.cwd ?? process.cwd(),
      env: pwshEnv(toolchain, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: !isWindows, // own process group, so a timeout can kill grandchildren too
      windowsHide: true,
    });
    live.add(child);
    trackExit();

    const out = { stdout: '', stderr: '' };
    const collect = (key: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (out[key].length >= MAX_OUTPUT_CHARS) return;
      out[key] += chunk.toString('utf8');
      if (out[key].length >= MAX_OUTPUT_CHARS) out[key] += '\n[remc: output truncated]\n';
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    child.stdin.on('error', () => {}); // EPIPE if pwsh exits before reading stdin
    child.stdin.end(options.stdin ?? '');

    let timedOut = false;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      live.delete(child);
      resolve({
        exitCode,
        signal,
        stdout: out.stdout,
        stderr: out.stderr,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        pid: child.pid,
      });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
      // 'close' waits for every holder of the pipes; if something escaped the group, don't hang on it.
      graceTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(child.exitCode, child.signalCode);
      }, 5000);
    }, timeoutMs);

    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      live.delete(child);
      reject(new Error(`cannot start pwsh (${toolchain.pwsh}): ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}
