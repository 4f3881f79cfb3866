/**
 * The PowerShell a script copies: runtime, template and custom-check .ps1 files, read once per process
 * and cut into their top-level functions, so a script carries only the functions it reaches. What is
 * wrong with such a file when a script is made ends as one of the three errors here (artifacts.ts
 * reports each with its code).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RemediationModel } from '../lower/model.ts';
import type { CheckSource } from '../validate/check-source.ts';
import { analyzeScript } from '../ps/compat/index.ts';
import type { ScriptKind } from '../protocol.ts';
import { templateNames } from './names.ts';

/** A file a script copies (runtime, template, custom check, a template's native.cs) is missing, or holds more than top-level functions (REMC032). */
export class TemplateFileError extends Error {}

/** A custom check's file does not define exactly one Test-* (probe) or Repair-* (fix) function (REMC026). */
export class CustomCheckError extends Error {
  constructor(
    message: string,
    readonly origin: string,
  ) {
    super(message);
  }
}

/** Two files a script carries define the same function (REMC027). */
export class DuplicateFunctionError extends Error {
  constructor(
    message: string,
    readonly origin: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Reads remc's own PowerShell once per process: every remediation of a build shares it. */
const fileCache = new Map<string, string | undefined>();
function readSource(file: string): string | undefined {
  if (!fileCache.has(file)) fileCache.set(file, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  return fileCache.get(file);
}

/** Forgets cached file texts (watch mode: a custom check's file changed). */
export function forgetSources(files: Iterable<string>): void {
  for (const f of files) {
    fileCache.delete(f);
    chunkCache.delete(f);
  }
}

/** A file's text; `origin` names it in the error when it is missing. */
export function requireSource(file: string, origin: string): string {
  const text = readSource(file);
  if (text === undefined) throw new TemplateFileError(`missing ${origin}`);
  return text;
}

/** One top-level function of a source file, with the commands it calls (lower case). */
export interface FunctionChunk {
  readonly name: string;
  readonly text: string;
  /** 1-based line of the chunk's first line (its leading comment) in the file. */
  readonly line: number;
  readonly calls: ReadonlySet<string>;
}

/** The commands a piece of PowerShell calls, lower case. */
export function callsOf(text: string): Set<string> {
  return new Set(analyzeScript(text).commands.map((c) => (c.name ?? '').toLowerCase()));
}

/**
 * A runtime, template or custom file cut into its top-level functions (the files hold nothing else:
 * see docs/check-protocol.md). Each starts at a `function` in column 0, with the comment lines just
 * above it. Cached: every script of a build shares the files.
 */
const chunkCache = new Map<string, FunctionChunk[]>();
export function functionChunks(file: string, origin: string): FunctionChunk[] {
  let chunks = chunkCache.get(file);
  if (chunks) return chunks;
  const text = requireSource(file, origin);
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (/^function\s+[\w-]+/i.test(line)) {
      let start = i;
      while (start > 0 && /^#/.test(lines[start - 1]!)) start--;
      starts.push(start);
    }
  });
  chunks = starts.map((start, k) => {
    const body = lines.slice(start, starts[k + 1] ?? lines.length).join('\n').replace(/\s+$/, '');
    return { name: /^function\s+([\w-]+)/im.exec(body)![1]!.toLowerCase(), text: body, line: start + 1, calls: callsOf(body) };
  });
  const defined = analyzeScript(text).functions.map((f) => f.toLowerCase()).sort();
  if (chunks.map((c) => c.name).sort().join() !== defined.join()) {
    throw new TemplateFileError(`${origin} must hold only top-level functions, each starting in column 0`);
  }
  chunkCache.set(file, chunks);
  return chunks;
}

/** A function's name as its file spells it. */
function spelledName(chunk: FunctionChunk): string {
  return /^function\s+([\w-]+)/im.exec(chunk.text)![1]!;
}

/**
 * What is wrong with a custom check's file as a probe (`Test`) or fix (`Repair`) file: it must hold only
 * top-level functions, exactly one of them named `<verb>-*`. Empty when it is fine.
 */
export function customFileProblems(file: string, origin: string, verb: 'Test' | 'Repair'): Array<{ message: string; line: number }> {
  let chunks: FunctionChunk[];
  try {
    chunks = functionChunks(file, origin);
  } catch (error) {
    return [{ message: error instanceof Error ? error.message : String(error), line: 1 }];
  }
  const found = chunks.filter((c) => c.name.startsWith(`${verb.toLowerCase()}-`));
  if (found.length === 1) return [];
  const names = found.map(spelledName);
  return [
    {
      message: `${origin} must define exactly one ${verb}-* function, the check's ${verb === 'Test' ? 'probe' : 'fix'}; it defines ${found.length === 0 ? 'none' : names.join(' and ')}`,
      line: found[1]?.line ?? chunks[0]?.line ?? 1,
    },
  ];
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
    if (found.length !== 1) {
      throw new CustomCheckError(`${origin} must define exactly one ${verb}-* function (it defines ${found.length})`, origin);
    }
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
      if (first !== undefined && first !== s.origin) throw new DuplicateFunctionError(`${s.origin} defines ${c.name}, which ${first} defines too`, s.origin, c.line);
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
