/**
 * The release bundle: one zip of everything a build makes (a folder per remediation and index.json)
 * plus SHA256SUMS. Byte-identical for the same input on any machine, path, time zone or day: entries
 * sorted, one fixed timestamp and mode, one deflate level, and no folder entries or extra fields.
 */
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';

export const SUMS_FILE = 'SHA256SUMS';

/**
 * The earliest time a zip entry can hold (MS-DOS dates start in 1980). fflate writes an entry's time
 * from the local-time fields of the Date, so the Date is made from local fields too: every time zone
 * then writes the same bytes.
 */
const ENTRY_TIME = new Date(1980, 0, 1, 0, 0, 0);
/** Made on Unix (3), a regular file readable by all and writable by its owner (0644). */
const ENTRY_OS = 3;
const ENTRY_ATTRS = (0o100644 << 16) >>> 0;

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `sha256sum` format, one line per file in path order: `sha256sum -c SHA256SUMS` checks them. */
export function sha256Sums(files: ReadonlyMap<string, Buffer>): Buffer {
  const lines = [...files.keys()].sort(byPath).map((name) => `${createHash('sha256').update(files.get(name)!).digest('hex')}  ${name}\n`);
  return Buffer.from(lines.join(''), 'utf8');
}

/** The zip of `files` (paths with forward slashes) and their SHA256SUMS. */
export function bundleZip(files: ReadonlyMap<string, Buffer>): Buffer {
  if (files.has(SUMS_FILE)) throw new Error(`a build file is named ${SUMS_FILE}, which the bundle reserves`);
  const all = new Map(files).set(SUMS_FILE, sha256Sums(files));
  const entries: Zippable = {};
  for (const name of [...all.keys()].sort(byPath)) {
    entries[name] = [all.get(name)!, { mtime: ENTRY_TIME, os: ENTRY_OS, attrs: ENTRY_ATTRS, level: 9 }];
  }
  return Buffer.from(zipSync(entries));
}
