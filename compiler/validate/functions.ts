/**
 * The functions a remediation's PowerShell defines: its scripts carry its checks' template and custom
 * files and remc's runtime, whose functions all share one scope, so no two of those files may define
 * the same function (REMC027). Held against the whole runtime, whichever parts a script carries, and
 * reported once per remediation at the later definition, in the order a script prints them (the
 * runtime, then each check's seam, probe and fix). The files are cut as emission cuts them
 * (compiler/ps/functions.ts).
 */
import path from 'node:path';
import type { Note } from '../diagnostics.ts';
import { toPosix } from '../load/declaration.ts';
import type { CheckSource } from './check-source.ts';
import { cutFunctions, functionLine, runtimeSources, spelledName, type FunctionChunk } from '../ps/functions.ts';
import { fileLocation } from './layout.ts';
import type { Report } from './problems.ts';

/** A file a remediation's scripts carry: how messages name it, and whether it is remc's runtime. */
export interface Carried {
  readonly file: string;
  readonly origin: string;
  readonly runtime: boolean;
}

/** The first definition of a function among the files read so far. */
interface Definition {
  readonly from: Carried;
  readonly chunk: FunctionChunk;
}

/** The files of the checks' sources, each once (checks may share a template or a custom file), in print order. */
export function checkFiles(sources: readonly CheckSource[], root: string): Carried[] {
  const files: Carried[] = [];
  for (const source of sources) {
    for (const file of [source.seam, source.probe, source.fix]) {
      if (file === undefined || files.some((f) => f.file === file)) continue;
      const origin = source.kind === 'template' ? `${source.origin}/${path.basename(file)}` : toPosix(path.relative(root, file));
      files.push({ file, origin, runtime: false });
    }
  }
  return files;
}

/** Every function defined by two of the files the remediation's scripts carry, reported at the later one. */
export function checkDefinedOnce(sources: readonly CheckSource[], root: string, report: Report): void {
  const defined = new Map<string, Definition>();
  for (const from of runtimeSources()) {
    for (const chunk of cutFunctions(from.file)?.chunks ?? []) if (!defined.has(chunk.name)) defined.set(chunk.name, { from: { ...from, runtime: true }, chunk });
  }
  for (const from of checkFiles(sources, root)) {
    for (const chunk of cutFunctions(from.file)?.chunks ?? []) {
      const first = defined.get(chunk.name);
      if (!first) defined.set(chunk.name, { from, chunk });
      else if (first.from.file !== from.file) reportTwice(from, chunk, first, report);
    }
  }
}

function reportTwice(from: Carried, chunk: FunctionChunk, first: Definition, report: Report): void {
  const name = spelledName(chunk);
  const other = first.from.runtime ? `remc's runtime (${first.from.origin})` : first.from.origin;
  // The runtime is remc's to change, not the author's: the message names its file, no note shows its line.
  const notes: Note[] = first.from.runtime
    ? []
    : [{ message: `${spelledName(first.chunk)} is defined here too`, location: fileLocation(first.from.file, first.from.origin, functionLine(first.chunk)) }];
  report('REMC027', `${from.origin} defines ${name}, which ${other} defines too`, fileLocation(from.file, from.origin, functionLine(chunk)), undefined, notes);
}
