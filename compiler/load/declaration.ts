/**
 * A declaration as loading hands it on: its file, its exported value (not yet validated), and how to
 * map the positions recorded while it ran back to its source. What loading (TypeScript, YAML) makes
 * and lowering reads, defined apart from both, so neither imports the other.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { RawSite } from '../declare/site.ts';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';

export interface Declaration {
  /** Path relative to the project root, forward slashes: what diagnostics and headers show. */
  readonly file: string;
  readonly absolutePath: string;
  /** sha256 of the source with LF line endings, so a checkout's line-ending setting does not change output. */
  readonly sha256: string;
  /** The module's default export, not yet validated. */
  readonly value: unknown;
  /** Where `export default` stands, for problems with the export itself. */
  readonly exportLocation: SourceLocation | undefined;
  /** Maps the positions recorded while it was evaluated back to its source. */
  readonly locator: Locator;
}

/** Maps recorded call sites (and an option path below them) to a source location: of a bundle, or of a YAML file. */
export interface Locator {
  locate(sites: readonly RawSite[], property?: readonly (string | number)[]): SourceLocation | undefined;
  fromStack(stack: string | undefined): SourceLocation | undefined;
}

export interface LoadResult {
  readonly declarations: readonly Declaration[];
  readonly diagnostics: readonly Diagnostic[];
  /** Every local file the bundle read, per declaration: what a change to a shared module affects. */
  readonly inputs: ReadonlyMap<string, readonly string[]>;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function sourceHash(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}
