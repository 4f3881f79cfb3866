/**
 * The files `remc test`'s caches read and write: the proof cache (compiler/proof/proof-cache.ts) and
 * the templates' Pester results (compiler/proof/template-pester.ts) key on a template's folder the
 * same way, and write each entry whole or not at all.
 */
import type { Hash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * The sibling folders a template's PowerShell names as `../<folder>` (appx-registration's tests read
 * broker-plugin-registration's files): their content is part of its result too.
 */
export function siblingsNamed(dir: string): string[] {
  const found = new Set<string>();
  for (const file of filesUnder(dir).filter((f) => f.endsWith('.ps1'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\.\.[\\/]([A-Za-z0-9_][A-Za-z0-9._-]*)/g)) {
      const sibling = path.join(path.dirname(dir), m[1]!);
      if (sibling !== dir && existsSync(sibling) && statSync(sibling).isDirectory()) found.add(sibling);
    }
  }
  return [...found].sort();
}

/** Adds a template folder, and the siblings it names, file by file (names relative to its parent). */
export function hashFolder(h: Hash, dir: string): void {
  for (const d of [dir, ...siblingsNamed(dir)]) {
    for (const file of filesUnder(d)) h.update(`${path.relative(path.dirname(dir), file)}\0`).update(readFileSync(file)).update('\0');
  }
}

/** Writes `value` as JSON to `file`, whole or not at all (another run may read it at the same time). */
export function writeEntry(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const staged = `${file}.${process.pid}.tmp`;
  writeFileSync(staged, `${JSON.stringify(value)}\n`);
  renameSync(staged, file);
}
