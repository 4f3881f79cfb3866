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

/** Every file under `dir` as relative path (forward slashes) -> bytes. */
export async function readTree(dir: string): Promise<Artifacts> {
  const files: Artifacts = new Map();
  if (!existsSync(dir)) return files;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full));
  }
  return files;
}

export interface Drift {
  readonly missing: readonly string[];
  readonly changed: readonly string[];
  readonly extra: readonly string[];
}

export function compareTrees(expected: Artifacts, actual: Artifacts): Drift {
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
export async function writeOutput(outDir: string, files: Artifacts, hooks: WriteHooks = {}): Promise<boolean> {
  await recoverInterrupted(outDir);
  if (isClean(compareTrees(files, await readTree(outDir)))) return false;
  const stage = `${outDir}${STAGE}-${process.pid}`;
  const old = outDir + OLD;
  await rm(stage, { recursive: true, force: true });
  try {
    for (const [name, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const target = path.join(stage, ...name.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
    await mkdir(stage, { recursive: true });
    await hooks.beforeSwap?.();
    const hadOutput = existsSync(outDir);
    if (hadOutput) await rename(outDir, old);
    try {
      await rename(stage, outDir);
    } catch (error) {
      if (hadOutput) await rename(old, outDir);
      throw error;
    }
    if (hadOutput) await rm(old, { recursive: true, force: true });
    return true;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
