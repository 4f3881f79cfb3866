/**
 * The PowerShell a script copies: runtime, template and custom-check .ps1 files, cut into their
 * top-level functions (compiler/ps/functions.ts), so a script carries only the functions it reaches.
 * Validation has held every file of a check to the rules the cut needs (compiler/validate/layout.ts,
 * functions.ts): what is wrong here is a bug in remc, or a file changed while it built.
 */
import path from 'node:path';
import type { RemediationModel } from '../lower/model.ts';
import type { CheckSource } from '../validate/check-source.ts';
import { cutFunctions, sourceText, spelledName, type FunctionChunk } from '../ps/functions.ts';
import type { ScriptKind } from '../protocol.ts';
import { templateNames } from './names.ts';

/** What emission finds that validation should have reported: remc's bug (or a file changed mid-build), never the author's. */
function unvalidated(problem: string): Error {
  return new Error(`remc: ${problem}, which validation did not report (a bug in remc, or a file changed while it ran)`);
}

/** A file's text; `origin` names it in the error when it is missing. */
export function requireSource(file: string, origin: string): string {
  const text = sourceText(file);
  if (text === undefined) throw unvalidated(`${origin} is missing`);
  return text;
}

/** A runtime, template or custom file's top-level functions (shared by every script of a build). */
export function functionChunks(file: string, origin: string): readonly FunctionChunk[] {
  const cut = cutFunctions(file);
  if (!cut) throw unvalidated(`${origin} is missing`);
  if (cut.stray) throw unvalidated(`${origin} defines ${cut.stray.name} at line ${cut.stray.line}, not as a top-level function in column 0`);
  return cut.chunks;
}

/** How headers and messages name one of a check's files: beside its template's folder, or beside the custom probe. */
function fileOrigin(source: CheckSource, file: string): string {
  return source.kind === 'template' ? `${source.origin}/${path.basename(file)}` : `${source.origin.replace(/[^/]+$/, '')}${path.basename(file)}`;
}

/** The entry functions of a check's source: by name for a template, the one Test-* / Repair-* of a custom file. */
export function entryNames(source: CheckSource): { probe: string; fix: string | undefined } {
  if (source.kind === 'template') {
    const names = templateNames(source.name);
    return { probe: names.probe, fix: source.fix ? names.fix : undefined };
  }
  const one = (file: string, verb: string): string => {
    const origin = fileOrigin(source, file);
    const found = functionChunks(file, origin).filter((c) => c.name.startsWith(`${verb.toLowerCase()}-`));
    if (found.length !== 1) throw unvalidated(`${origin} defines ${found.length} ${verb}-* functions`);
    return spelledName(found[0]!);
  };
  return { probe: one(source.probe, 'Test'), fix: source.fix ? one(source.fix, 'Repair') : undefined };
}

/** A file a script copies functions from, under the section comment that introduces it. */
export interface SourceFile {
  readonly section: string;
  readonly origin: string;
  readonly file: string;
  /** The template's native.cs, printed as a here-string variable above its section. */
  readonly native?: { readonly variable: string; readonly file: string } | undefined;
}

/** The checks' files a script needs (seam, probe, and the fix where it runs one), each once even when several checks share it. */
export function checkSourceFiles(model: RemediationModel, kind: ScriptKind): SourceFile[] {
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  for (const check of model.checks) {
    const s = check.source;
    const section = s.kind === 'template' ? `template: ${s.name}` : `custom check: ${s.name}`;
    const native = s.native ? { variable: templateNames(s.name).native, file: s.native } : undefined;
    const own = [s.seam, s.probe, ...(kind !== 'detect' && check.hasFix ? [s.fix] : [])].filter((f): f is string => f !== undefined);
    for (const [i, file] of own.entries()) {
      if (seen.has(file)) continue;
      seen.add(file);
      files.push({ section, origin: fileOrigin(s, file), file, native: i === 0 ? native : undefined });
    }
  }
  return files;
}

/** Every function a script carries is defined by one file only (a file may be listed twice). */
export function assertDefinedOnce(sources: ReadonlyArray<{ readonly origin: string; readonly chunks: readonly FunctionChunk[] }>): void {
  const defined = new Map<string, string>();
  for (const s of sources) {
    for (const c of s.chunks) {
      const first = defined.get(c.name);
      if (first !== undefined && first !== s.origin) throw unvalidated(`${s.origin} defines ${c.name}, which ${first} defines too`);
      defined.set(c.name, s.origin);
    }
  }
}

/** The functions reachable from `roots` through the calls of the functions in `chunks`. */
export function reachable(chunks: readonly FunctionChunk[], roots: readonly string[]): Set<string> {
  const byName = new Map(chunks.map((c) => [c.name, c]));
  const seen = new Set<string>();
  const queue = roots.map((r) => r.toLowerCase());
  while (queue.length > 0) {
    const name = queue.pop()!;
    const chunk = byName.get(name);
    if (!chunk || seen.has(name)) continue;
    seen.add(name);
    queue.push(...chunk.calls);
  }
  return seen;
}
