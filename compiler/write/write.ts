/**
 * The one way to disk. Output is streamed into a sibling folder and swapped in with renames, so a
 * failed or killed build leaves the previous output whole; `--check` compares instead of writing.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Artifacts } from '../emit/artifacts.ts';

const OLD = '.remc-old';
const STAGE = '.remc-stage';

/** Puts back an output folder that a build killed between its two renames left aside. */
export async function recoverInterrupted(outDir: string): Promise<void> {
  const old = outDir + OLD;
  if (!existsSync(outDir) && existsSync(old)) await rename(old, outDir);
  else if (existsSync(old)) await rm(old, { recursive: true, force: true });
  const parent = path.dirname(outDir);
  if (!existsSync(parent)) return;
  const prefix = path.basename(outDir) + STAGE;
  for (const name of await readdir(parent)) {
    if (name.startsWith(prefix)) await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

/** Runs `task` over `items` with a bounded number in flight: thousands of small files, not one at a time. */
async function inParallel<T>(items: readonly T[], task: (item: T) => Promise<void>, limit = 32): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Every file under `dir` as relative path (forward slashes) -> bytes, in sorted order. */
export async function readTree(dir: string): Promise<Artifacts> {
  const names = (await listFiles(dir)).sort();
  const contents = new Map<string, Buffer>();
  await inParallel(names, async (name) => {
    contents.set(name, await readFile(path.join(dir, ...name.split('/'))));
  });
  return new Map(names.map((name) => [name, contents.get(name)!]));
}

export interface Drift {
  readonly missing: readonly string[];
  readonly changed: readonly string[];
  readonly extra: readonly string[];
}

export function compareTrees(expected: ReadonlyMap<string, Buffer>, actual: ReadonlyMap<string, Buffer>): Drift {
  const missing: string[] = [];
  const changed: string[] = [];
  for (const [name, bytes] of expected) {
    const have = actual.get(name);
    if (!have) missing.push(name);
    else if (!have.equals(bytes)) changed.push(name);
  }
  const extra = [...actual.keys()].filter((name) => !expected.has(name));
  return { missing: missing.sort(), changed: changed.sort(), extra: extra.sort() };
}

export function isClean(drift: Drift): boolean {
  return drift.missing.length + drift.changed.length + drift.extra.length === 0;
}

export interface WriteHooks {
  /** Called after the staged tree is complete, before the swap (tests inject failures here). */
  readonly beforeSwap?: () => void | Promise<void>;
}

/** Files in flight at once: enough to keep a slow disk busy, few enough that memory stays flat. */
const IN_FLIGHT = 32;

/**
 * An output folder being replaced (or checked) one file at a time, so a build of any size holds only
 * the files in flight. Each file is compared with the one on disk as it arrives; from the first
 * difference on, files are written into a staging folder beside the output (the ones found equal
 * before are copied there), which `commit` swaps in with two renames. Until then the output folder
 * is not touched, so a failed or killed build leaves it whole, and a build that changes nothing
 * writes nothing.
 */
export class OutputWriter {
  private readonly stage: string;
  private readonly added = new Set<string>();
  /** Equal to the file on disk and not yet staged (needed only if a later file differs). */
  private readonly unchanged: string[] = [];
  private readonly missing: string[] = [];
  private readonly changed: string[] = [];
  private readonly folders = new Map<string, Promise<unknown>>();
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  private staging = false;

  private constructor(
    readonly dir: string,
    /** update: stage only when something differs; check: compare, never write; replace: stage everything. */
    private readonly mode: 'update' | 'check' | 'replace',
  ) {
    this.stage = `${dir}${STAGE}-${process.pid}`;
  }

  static async open(dir: string, mode: 'update' | 'check' | 'replace' = 'update'): Promise<OutputWriter> {
    const writer = new OutputWriter(dir, mode);
    if (mode === 'update') await recoverInterrupted(dir);
    if (mode !== 'check') await rm(writer.stage, { recursive: true, force: true });
    if (mode === 'replace') writer.staging = true;
    return writer;
  }

  /**
   * Takes one file (path relative to the folder, forward slashes); waits while too many are in flight.
   * Never throws: the first failure stops the writing and is thrown by `drift` or `commit`.
   */
  async add(name: string, bytes: Buffer): Promise<void> {
    if (this.failure) return;
    if (this.added.has(name)) {
      this.failure = { error: new Error(`${name} is written twice`) };
      return;
    }
    this.added.add(name);
    const task = this.place(name, bytes).catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    while (this.inFlight.size >= IN_FLIGHT) await Promise.race(this.inFlight);
  }

  /** After the last `add`: how the folder on disk differs from the files given. */
  async drift(): Promise<Drift> {
    await this.settle();
    const extra = (await listFiles(this.dir)).filter((name) => !this.added.has(name));
    return { missing: [...this.missing].sort(), changed: [...this.changed].sort(), extra: extra.sort() };
  }

  /**
   * After the last `add`: swaps the staged folder in. Returns false when the folder already held
   * exactly these files (nothing written, so timestamps stay and watchers stay quiet).
   */
  async commit(hooks: WriteHooks = {}): Promise<boolean> {
    try {
      await this.settle();
      if (!this.staging) {
        if ((await listFiles(this.dir)).every((name) => this.added.has(name))) return false;
        await this.startStaging(); // only files to remove: the equal ones are staged, the others left out
      }
      await mkdir(this.stage, { recursive: true }); // an empty output is a folder too
      await hooks.beforeSwap?.();
      const old = this.dir + OLD;
      const hadOutput = existsSync(this.dir);
      if (hadOutput) await rename(this.dir, old);
      try {
        await rename(this.stage, this.dir);
      } catch (error) {
        if (hadOutput) await rename(old, this.dir);
        throw error;
      }
      if (hadOutput) await rm(old, { recursive: true, force: true });
      return true;
    } finally {
      await this.discard();
    }
  }

  /** Drops whatever was staged; the output folder stays as it was. */
  async discard(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    await rm(this.stage, { recursive: true, force: true });
  }

  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure.error;
  }

  private async place(name: string, bytes: Buffer): Promise<void> {
    if (!this.staging) {
      const old = await readIfPresent(path.join(this.dir, ...name.split('/')));
      if (old?.equals(bytes)) {
        if (this.staging) await this.copyUnchanged(name); // a difference was found while this was read
        else if (this.mode !== 'check') this.unchanged.push(name);
        return;
      }
      (old ? this.changed : this.missing).push(name);
      if (this.mode === 'check') return;
      if (!this.staging) await this.startStaging();
    }
    await this.folder(name);
    await writeFile(this.staged(name), bytes);
  }

  private async startStaging(): Promise<void> {
    this.staging = true;
    const equal = this.unchanged.splice(0);
    await inParallel(equal, (name) => this.copyUnchanged(name));
  }

  private async copyUnchanged(name: string): Promise<void> {
    await this.folder(name);
    await copyFile(path.join(this.dir, ...name.split('/')), this.staged(name));
  }

  private staged(name: string): string {
    return path.join(this.stage, ...name.split('/'));
  }

  /** Creates the staged file's folder once (remediations' folders are shared by their files). */
  private folder(name: string): Promise<unknown> {
    const folder = path.dirname(this.staged(name));
    let made = this.folders.get(folder);
    if (!made) {
      made = mkdir(folder, { recursive: true });
      this.folders.set(folder, made);
    }
    return made;
  }
}

async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    // Nothing there, or not a file: either way the new file differs.
    if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

/** The files under `dir` (relative paths, forward slashes), without reading them. */
async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  return entries.map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Replaces `outDir` with exactly `files`; false when it already held them. */
export async function writeOutput(outDir: string, files: ReadonlyMap<string, Buffer>, hooks: WriteHooks = {}): Promise<boolean> {
  return writeAll(await OutputWriter.open(outDir, 'update'), files, hooks);
}

/** Swaps in a folder holding exactly `files`, written whether or not they differ. */
export async function replaceFolder(dir: string, files: ReadonlyMap<string, Buffer>, hooks: WriteHooks = {}): Promise<void> {
  await writeAll(await OutputWriter.open(dir, 'replace'), files, hooks);
}

async function writeAll(writer: OutputWriter, files: ReadonlyMap<string, Buffer>, hooks: WriteHooks): Promise<boolean> {
  for (const [name, bytes] of files) await writer.add(name, bytes);
  return writer.commit(hooks);
}

/**
 * Changes part of an output folder, each part at once: every folder of `folders` (by name) swapped in
 * whole, the ones named in `removed` deleted, and each of `files` beside them replaced (`remc build
 * --watch`, after a change that touches only these).
 */
export async function updateFolders(outDir: string, folders: ReadonlyMap<string, ReadonlyMap<string, Buffer>>, removed: readonly string[], files: ReadonlyMap<string, Buffer>): Promise<void> {
  for (const [name, contents] of folders) await replaceFolder(path.join(outDir, name), contents);
  for (const name of removed) await rm(path.join(outDir, name), { recursive: true, force: true });
  for (const [name, bytes] of files) await replaceFile(path.join(outDir, name), bytes);
}

/** Replaces one file at once (write beside it, then rename over it). */
export async function replaceFile(file: string, bytes: Buffer): Promise<void> {
  const stage = `${file}${STAGE}-${process.pid}`;
  await writeFile(stage, bytes);
  await rename(stage, file);
}

/**
 * Creates new files under `root` (`remc init`), never replacing one: each is opened with `wx`, and when
 * any already exists or a write fails, the files created so far are removed again, so nothing is left
 * half-made. Returns the names written.
 */
export async function createFiles(root: string, files: ReadonlyMap<string, string | Buffer>): Promise<string[]> {
  const created: string[] = [];
  try {
    for (const [name, bytes] of files) {
      const file = path.join(root, ...name.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes, { flag: 'wx' });
      created.push(file);
    }
  } catch (error) {
    for (const file of created.reverse()) await rm(file, { force: true });
    throw error;
  }
  return [...files.keys()];
}
