/**
 * The one way to disk. Output is staged in a sibling folder and swapped in with renames, so a failed
 * or killed build leaves the previous output whole; `--check` compares instead of writing.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Artifacts } from './artifacts.ts';

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
  if (!existsSync(dir)) return new Map();
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const names = entries.map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
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

/**
 * Replaces `outDir` with exactly `files`. Returns false when it already held them (nothing written,
 * so timestamps stay and watchers stay quiet).
 */
export async function writeOutput(outDir: string, files: ReadonlyMap<string, Buffer>, hooks: WriteHooks = {}): Promise<boolean> {
  await recoverInterrupted(outDir);
  if (isClean(compareTrees(files, await readTree(outDir)))) return false;
  await replaceFolder(outDir, files, hooks);
  return true;
}

/**
 * Swaps in a folder holding exactly `files`: staged beside it, then two renames. Until the second
 * rename the old folder is whole at its own path or beside it (where recoverInterrupted finds it).
 */
export async function replaceFolder(dir: string, files: ReadonlyMap<string, Buffer>, hooks: WriteHooks = {}): Promise<void> {
  const stage = `${dir}${STAGE}-${process.pid}`;
  const old = dir + OLD;
  await rm(stage, { recursive: true, force: true });
  try {
    await mkdir(stage, { recursive: true });
    const folders = [...new Set([...files.keys()].map((name) => path.dirname(path.join(stage, ...name.split('/')))))];
    await inParallel(folders, async (folder) => {
      await mkdir(folder, { recursive: true });
    });
    await inParallel([...files], async ([name, bytes]) => {
      await writeFile(path.join(stage, ...name.split('/')), bytes);
    });
    await hooks.beforeSwap?.();
    const hadOutput = existsSync(dir);
    if (hadOutput) await rename(dir, old);
    try {
      await rename(stage, dir);
    } catch (error) {
      if (hadOutput) await rename(old, dir);
      throw error;
    }
    if (hadOutput) await rm(old, { recursive: true, force: true });
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
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
