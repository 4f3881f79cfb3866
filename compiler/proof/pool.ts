/**
 * A pool of long-lived pwsh workers (compiler/proof/harness/Invoke-RemcWorker.ps1): each runs one unit
 * of work at a time in a fresh runspace, so scenario steps, parses and Pester runs pay pwsh's start-up
 * once per worker instead of once per unit; a scenario's steps go as one unit (`runSteps`), one after
 * another in one runspace, so they pay its opening once. A unit that crashes its worker, hangs or runs out of time is
 * reported against that unit; its worker is killed (process group) and replaced for the next unit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { REMC_ROOT } from '../paths.ts';
import { DEFAULT_TIMEOUT_MS, pwshEnv, type PwshResult } from './pwsh.ts';
import { requireToolchain, type Toolchain } from './toolchain.ts';

export interface PoolUnit {
  /** The script run as `& file @named @positional`, as pwsh -File would run it. */
  readonly file: string;
  /** Named parameters (`true` for a switch). */
  readonly named?: Readonly<Record<string, string | boolean>>;
  /** Positional arguments, after the named ones. */
  readonly positional?: readonly string[];
  /** Extra environment for this unit only; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Default 10 minutes; then the worker is killed and replaced. */
  readonly timeoutMs?: number;
  /**
   * What the unit runs, for the pool to prefer a worker that ran it before (the scripts of one
   * remediation): PowerShell keeps a script it parsed and compiled for the life of the process, so
   * its first run on a worker costs several times the next. A preference only: no worker waits while
   * a unit does.
   */
  readonly affinity?: string;
}

/** One step of a unit of steps: the unit's script run again with these parameters and environment. */
export interface PoolStep {
  readonly named?: Readonly<Record<string, string | boolean>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface PoolResult extends PwshResult {
  /** Why the unit has no result of its own: its worker died or did not answer in time. */
  readonly crashed?: string;
}

export interface PoolOptions {
  /** Workers; default one per core. */
  readonly size?: number;
  readonly toolchain?: Toolchain;
}

const WORKER = path.join(REMC_ROOT, 'compiler', 'proof', 'harness', 'Invoke-RemcWorker.ps1');
const isWindows = process.platform === 'win32';
const MAX_STRAY_CHARS = 1024 * 1024;

interface Job {
  readonly id: number;
  readonly unit: PoolUnit;
  /** What the worker runs: the unit's script once per step (one step for `run`), a result each. */
  readonly steps: readonly PoolStep[];
  readonly resolve: (results: PoolResult[]) => void;
}

interface Running {
  readonly job: Job;
  readonly started: number;
  readonly timer: NodeJS.Timeout;
  timedOut: boolean;
  /** Lines the unit wrote past its runspace (straight to the console). */
  strayOut: string;
  strayErr: string;
  /** The worker's answer (stdout), held until its end marker on stderr arrives too: the pipes race. */
  answer?: Record<string, unknown>;
  /** The unit's end marker was read on stderr: everything it wrote there is in `strayErr`. */
  errEnded: boolean;
}

/** A unit's environment as the worker reads it: `null` removes a variable. */
function envOf(env: PoolUnit['env']): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(env ?? {})) out[k] = v ?? null;
  return out;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (isWindows) child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL'); // the worker leads its own group: its children go too
  } catch {
    // Already gone.
  }
}

/** A job that never ran: every step of it gets the reason. */
function failJob(job: Job, crashed: string): void {
  job.resolve(job.steps.map(() => ({ exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, durationMs: 0, pid: undefined, crashed })));
}

const allWorkers = new Set<ChildProcess>();
let exitHook = false;

class Worker {
  readonly child: ChildProcess;
  ready: Promise<void>;
  running: Running | undefined;
  /** The affinities of the units it ran. */
  readonly seen = new Set<string>();
  dead = false;
  wasReady = false;
  private buffer = '';
  private readonly prefix: string;

  constructor(
    toolchain: Toolchain,
    private readonly onFree: (worker: Worker) => void,
    private readonly onDeath: (worker: Worker) => void,
  ) {
    const nonce = randomBytes(8).toString('hex');
    this.prefix = `@@remc-pool:${nonce}:`;
    this.child = spawn(toolchain.pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', WORKER, '-Nonce', nonce], {
      env: pwshEnv(toolchain),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: !isWindows,
      windowsHide: true,
    });
    allWorkers.add(this.child);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => {
        for (const c of allWorkers) killGroup(c);
      });
    }
    let readyResolve!: () => void;
    let readyReject!: (error: Error) => void;
    this.ready = new Promise<void>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    this.ready.catch(() => {});
    this.child.stdout!.setEncoding('utf8');
    this.child.stderr!.setEncoding('utf8');
    this.child.stdin!.on('error', () => {});
    this.child.stdout!.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl + 1);
        this.buffer = this.buffer.slice(nl + 1);
        const bare = line.replace(/\r?\n$/, '');
        if (bare.startsWith(this.prefix)) this.message(JSON.parse(bare.slice(this.prefix.length)) as Record<string, unknown>, readyResolve);
        else if (this.running && this.running.strayOut.length < MAX_STRAY_CHARS) this.running.strayOut += line;
      }
    });
    this.child.stderr!.on('data', (chunk: string) => {
      const running = this.running;
      if (!running) return;
      running.strayErr += chunk;
      const marker = `${this.prefix}end:${running.job.id}`;
      const at = running.strayErr.indexOf(marker);
      // The whole marker line, its line break included, so nothing of it spills into the next unit.
      if (at >= 0 && running.strayErr.indexOf('\n', at) >= 0) {
        running.strayErr = running.strayErr.slice(0, at);
        running.errEnded = true;
        this.finish();
      } else if (running.strayErr.length > MAX_STRAY_CHARS + marker.length) {
        // Keep the head the unit wrote, and room to find the marker at the end.
        running.strayErr = running.strayErr.slice(0, MAX_STRAY_CHARS) + running.strayErr.slice(-marker.length);
      }
    });
    this.child.on('error', (error) => {
      readyReject(new Error(`cannot start pwsh (${toolchain.pwsh}): ${error.message}`));
      this.die(`cannot start pwsh: ${error.message}`);
    });
    this.child.on('close', (code, signal) => {
      readyReject(new Error(`the pwsh worker exited (${signal ?? code}) before it was ready`));
      this.die(`the pwsh worker exited (${signal ? `signal ${signal}` : `code ${code}`}) while running this unit`);
    });
  }

  private message(msg: Record<string, unknown>, ready: () => void): void {
    if (msg['ready'] === true) {
      this.wasReady = true;
      return ready();
    }
    const running = this.running;
    if (!running || msg['id'] !== running.job.id) return;
    running.answer = msg;
    this.finish();
  }

  /** Resolves the running unit once both its answer (stdout) and its end marker (stderr) are in. */
  private finish(): void {
    const running = this.running;
    if (!running || !running.answer || !running.errEnded) return;
    const msg = running.answer;
    clearTimeout(running.timer);
    this.running = undefined;
    const durationMs = Math.round(performance.now() - running.started);
    const answers = (Array.isArray(msg['results']) ? msg['results'] : []) as Record<string, unknown>[];
    // What was written past the runspace cannot be told apart by step: it goes with the last one.
    const last = answers.length - 1;
    running.job.resolve(
      answers.map((answer, i) => ({
        exitCode: typeof answer['exitCode'] === 'number' ? answer['exitCode'] : null,
        signal: null,
        stdout: (i === last ? running.strayOut : '') + String(answer['stdout'] ?? ''),
        stderr: (i === last ? running.strayErr : '') + String(answer['stderr'] ?? ''),
        timedOut: false,
        durationMs,
        pid: this.child.pid,
      })),
    );
    this.onFree(this);
  }

  start(job: Job): void {
    const unit = job.unit;
    if (unit.affinity !== undefined) this.seen.add(unit.affinity);
    const timeoutMs = unit.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => {
      if (this.running) this.running.timedOut = true;
      killGroup(this.child);
    }, timeoutMs);
    this.running = { job, started: performance.now(), timer, timedOut: false, strayOut: '', strayErr: '', errEnded: false };
    const line = JSON.stringify({
      id: job.id,
      file: path.resolve(unit.file),
      positional: unit.positional ?? [],
      cwd: path.resolve(unit.cwd ?? process.cwd()),
      steps: job.steps.map((step) => ({ named: step.named ?? {}, env: envOf(step.env) })),
    });
    this.child.stdin!.write(`${line}\n`);
  }

  private die(why: string): void {
    if (this.dead) return;
    this.dead = true;
    allWorkers.delete(this.child);
    killGroup(this.child);
    const running = this.running;
    this.running = undefined;
    if (running) {
      clearTimeout(running.timer);
      const timeoutMs = running.job.unit.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const crashed: PoolResult = {
        exitCode: null,
        signal: null,
        stdout: running.strayOut,
        stderr: running.strayErr,
        timedOut: running.timedOut,
        durationMs: Math.round(performance.now() - running.started),
        pid: this.child.pid,
        crashed: running.timedOut ? `timed out after ${timeoutMs} ms; the worker was killed and replaced` : `${why}; the worker was replaced`,
      };
      running.job.resolve(running.job.steps.map(() => crashed));
    }
    this.onDeath(this);
  }

  stop(): void {
    this.child.stdin!.end();
  }
}

export class PwshPool {
  readonly size: number;
  private readonly toolchain: Toolchain;
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private startFailures = 0;
  /** Workers started, replacements included (tests read it to see a worker was replaced). */
  started = 0;

  constructor(options: PoolOptions = {}) {
    this.toolchain = options.toolchain ?? requireToolchain();
    this.size = Math.max(1, options.size ?? availableParallelism());
  }

  /** Runs a unit on the next free worker; never rejects for the unit's own failures. */
  run(unit: PoolUnit): Promise<PoolResult> {
    return this.enqueue(unit, [{}]).then((results) => results[0]!);
  }

  /**
   * Runs the unit's script once per step, one after another in one runspace of one worker, each step
   * with its own parameters (over the unit's) and environment; a result per step. The unit's time
   * limit is for all of them; a crash or a time-out is every step's result.
   */
  runSteps(unit: PoolUnit, steps: readonly PoolStep[]): Promise<PoolResult[]> {
    if (steps.length === 0) return Promise.resolve([]);
    return this.enqueue(unit, steps);
  }

  /** Queues the unit's steps, each with its parameters and environment over the unit's. */
  private enqueue(unit: PoolUnit, steps: readonly PoolStep[]): Promise<PoolResult[]> {
    if (this.closed) return Promise.reject(new Error('the pwsh pool is closed'));
    const merged = steps.map((s) => ({ named: { ...unit.named, ...s.named }, env: { ...unit.env, ...s.env } }));
    return new Promise<PoolResult[]>((resolve) => {
      this.queue.push({ id: this.nextId++, unit, steps: merged, resolve });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (;;) {
      for (let i = this.idle.length - 1; i >= 0; i--) if (this.idle[i]!.dead) this.idle.splice(i, 1);
      if (this.queue.length === 0) return;
      if (this.idle.length === 0) {
        if (this.workers.size >= this.size) return;
        this.spawn();
        continue;
      }
      const [w, j] = this.choose();
      const worker = this.idle.splice(w, 1)[0]!;
      worker.start(this.queue.splice(j, 1)[0]!);
    }
  }

  /**
   * Which free worker takes which waiting unit: the first unit in line that a free worker ran the like
   * of goes to that worker; else the first free worker takes the first unit no other worker ran the
   * like of, else the first in line. No unit waits while a worker is free.
   */
  private choose(): [worker: number, job: number] {
    for (const [j, job] of this.queue.entries()) {
      const affinity = job.unit.affinity;
      if (affinity === undefined) continue;
      const w = this.idle.findIndex((worker) => worker.seen.has(affinity));
      if (w >= 0) return [w, j];
    }
    const worker = this.idle[0]!;
    const others = [...this.workers].filter((w) => w !== worker);
    const fresh = this.queue.findIndex((job) => job.unit.affinity === undefined || !others.some((w) => w.seen.has(job.unit.affinity!)));
    return [0, fresh >= 0 ? fresh : 0];
  }

  private spawn(): void {
    this.started++;
    const worker = new Worker(
      this.toolchain,
      (w) => {
        this.idle.push(w);
        this.dispatch();
      },
      (w) => {
        this.workers.delete(w);
        const at = this.idle.indexOf(w);
        if (at >= 0) this.idle.splice(at, 1);
        // A pwsh that cannot even start would be restarted for ever: after 3 in a row, fail what waits.
        this.startFailures = w.wasReady ? 0 : this.startFailures + 1;
        if (this.startFailures >= 3) for (const job of this.queue.splice(0)) failJob(job, 'no pwsh worker could start (3 tries)');
        if (!this.closed) this.dispatch();
      },
    );
    this.workers.add(worker);
    worker.ready.then(
      () => {
        this.idle.push(worker);
        this.dispatch();
      },
      () => {},
    );
  }

  /** Ends every worker (running units are killed with them). */
  async close(): Promise<void> {
    this.closed = true;
    const waits = [...this.workers].map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.dead) return resolve();
          w.child.once('close', () => resolve());
          if (w.running) killGroup(w.child);
          else w.stop();
          setTimeout(() => {
            killGroup(w.child);
            resolve();
          }, 5000).unref();
        }),
    );
    for (const job of this.queue.splice(0)) failJob(job, 'the pwsh pool was closed before this unit ran');
    await Promise.all(waits);
  }
}
