/**
 * PowerShell files as the functions they define: remc's runtime, templates' and custom checks' .ps1
 * files, read once per process and cut into their top-level functions (the files hold nothing else:
 * see docs/check-protocol.md). Validation holds a file to that layout and emission copies the same
 * cut, so the two cannot disagree.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REMC_ROOT } from '../paths.ts';
import { analyzeScript } from './compat/index.ts';

/** remc's runtime: the .ps1 files a script carries parts of, named in headers and messages by their path in remc. */
export const RUNTIME_DIR = path.join(REMC_ROOT, 'compiler', 'ps', 'runtime');
export const RUNTIME_ORIGIN = 'compiler/ps/runtime/';

let runtime: ReadonlyArray<{ readonly origin: string; readonly file: string }> | undefined;

/** Every file of the runtime (whichever part a script carries), by name; listed once per process. */
export function runtimeSources(): ReadonlyArray<{ readonly origin: string; readonly file: string }> {
  runtime ??= readdirSync(RUNTIME_DIR)
    .filter((name) => name.endsWith('.ps1'))
    .sort()
    .map((name) => ({ origin: `${RUNTIME_ORIGIN}${name}`, file: path.join(RUNTIME_DIR, name) }));
  return runtime;
}

/** One top-level function of a source file, with the commands it calls (lower case). */
export interface FunctionChunk {
  /** Lower case. */
  readonly name: string;
  readonly text: string;
  /** 1-based line of the chunk's first line (its leading comment) in the file. */
  readonly line: number;
  readonly calls: ReadonlySet<string>;
}

/** A function a file defines that is no top-level function in column 0 (nested in another, indented, a filter). */
export interface StrayFunction {
  readonly name: string;
  /** 1-based, of the keyword that defines it. */
  readonly line: number;
  readonly column: number;
}

/** A file cut into its top-level functions; `stray` when it defines a function that is not one of them. */
export interface FunctionCut {
  readonly chunks: readonly FunctionChunk[];
  readonly stray: StrayFunction | undefined;
}

const texts = new Map<string, string | undefined>();
const cuts = new Map<string, FunctionCut | undefined>();

/** A file's text, undefined when it is missing; read once per process (every remediation of a build shares it). */
export function sourceText(file: string): string | undefined {
  if (!texts.has(file)) texts.set(file, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  return texts.get(file);
}

/** Forgets what was read of `files` (a custom check's file changed). */
export function forgetSources(files: Iterable<string>): void {
  for (const f of files) {
    texts.delete(f);
    cuts.delete(f);
  }
}

/** A file's lines as the cut numbers them: no byte order mark, LF. */
function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
}

/** The text of line `line` (1-based) of a file, for a code frame. */
export function sourceLine(file: string, line: number): string {
  return linesOf(sourceText(file) ?? '')[line - 1] ?? '';
}

/** The commands a piece of PowerShell calls, lower case. */
export function callsOf(text: string): Set<string> {
  return new Set(analyzeScript(text).commands.map((c) => (c.name ?? '').toLowerCase()));
}

/** A top-level function's first line: `function` in column 0. */
const TOP_LEVEL = /^function\s+[\w-]+/i;
/** Its name, in a chunk (whose leading comment lines come first). */
const NAME = /^function\s+([\w-]+)/im;

/**
 * A file cut into its top-level functions, undefined when it is missing. Each starts at a `function` in
 * column 0, with the comment lines just above it. Cached: every script of a build shares the files.
 */
export function cutFunctions(file: string): FunctionCut | undefined {
  if (cuts.has(file)) return cuts.get(file);
  const text = sourceText(file);
  const cut = text === undefined ? undefined : cutText(text);
  cuts.set(file, cut);
  return cut;
}

function cutText(text: string): FunctionCut {
  const lines = linesOf(text);
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (TOP_LEVEL.test(line)) {
      let start = i;
      while (start > 0 && /^#/.test(lines[start - 1]!)) start--;
      starts.push(start);
    }
  });
  const chunks = starts.map((start, k) => {
    const body = lines.slice(start, starts[k + 1] ?? lines.length).join('\n').replace(/\s+$/, '');
    return { name: NAME.exec(body)![1]!.toLowerCase(), text: body, line: start + 1, calls: callsOf(body) };
  });
  return { chunks, stray: strayFunction(lines, chunks, analyzeScript(text).functions) };
}

/**
 * The first function the file defines that the cut did not find as a top-level one (or one the cut
 * found that PowerShell would not define, such as `function` in a here-string), where it is defined.
 */
function strayFunction(lines: readonly string[], chunks: readonly FunctionChunk[], defined: readonly string[]): StrayFunction | undefined {
  const left = chunks.map((c) => c.name);
  const extra: string[] = [];
  for (const name of defined.map((f) => f.toLowerCase())) {
    const i = left.indexOf(name);
    if (i >= 0) left.splice(i, 1);
    else extra.push(name);
  }
  if (left.length === 0 && extra.length === 0) return undefined;
  const heads = new Set(chunks.map((c) => functionLine(c)));
  const found: StrayFunction[] = [];
  for (const name of new Set(extra)) {
    const keyword = new RegExp(`(?:^|[\\s;{(])((?:function|filter|workflow|configuration)\\s+(?:(?:global|script|local|private):)?(${escaped(name)}))(?![\\w-])`, 'gi');
    const at = lines.flatMap((line, i) =>
      [...line.matchAll(keyword)]
        .map((m) => ({ name: m[2]!, line: i + 1, column: line.indexOf(m[1]!, m.index) + 1 }))
        .filter((f) => !(f.column === 1 && heads.has(f.line))),
    )[0];
    if (at) found.push(at);
  }
  for (const name of left) {
    const chunk = chunks.find((c) => c.name === name)!;
    found.push({ name: spelledName(chunk), line: functionLine(chunk), column: 1 });
  }
  found.sort((a, b) => a.line - b.line || a.column - b.column);
  return found[0] ?? { name: extra[0] ?? left[0]!, line: 1, column: 1 };
}

function escaped(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A function's name as its file spells it. */
export function spelledName(chunk: FunctionChunk): string {
  return NAME.exec(chunk.text)![1]!;
}

/** 1-based line of the chunk's `function` keyword (below its leading comment). */
export function functionLine(chunk: FunctionChunk): number {
  return chunk.line + chunk.text.split('\n').findIndex((l) => TOP_LEVEL.test(l));
}
