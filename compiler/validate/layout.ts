/**
 * What a check's .ps1 file holds: only top-level functions, each starting in column 0, so nothing runs
 * when a script loads it and the emitter can copy the functions one by one (a template's file: REMC032;
 * a custom check's: REMC026, with exactly one entry function). The file is cut by the code emission
 * copies it with (compiler/ps/functions.ts), so what passes here is what emission can cut.
 */
import type { SourceLocation } from '../diagnostics.ts';
import { cutFunctions, sourceLine, spelledName, type FunctionChunk } from '../ps/functions.ts';

/** A problem of a file, at the line it is about. */
export interface FileProblem {
  readonly message: string;
  readonly location: SourceLocation;
}

/** Where line `line` of a file is, as a diagnostic shows it (`origin` names the file). */
export function fileLocation(file: string, origin: string, line: number, column = 1): SourceLocation {
  return { file: origin, line, column, lineText: sourceLine(file, line) };
}

/**
 * The file's top-level functions, or the problem that it holds more (at the function that is not
 * one of them). A file validation found present that is gone now reads as holding nothing.
 */
function layout(file: string, origin: string): { chunks: readonly FunctionChunk[]; problem?: FileProblem } {
  const cut = cutFunctions(file);
  if (!cut) return { chunks: [] };
  if (!cut.stray) return { chunks: cut.chunks };
  const problem = { message: `${origin} must hold only top-level functions, each starting in column 0`, location: fileLocation(file, origin, cut.stray.line, cut.stray.column) };
  return { chunks: cut.chunks, problem };
}

/** What is wrong with a template's file (probe, seam or fix): at the function that breaks the layout. Undefined when it is fine. */
export function templateFileProblem(file: string, origin: string): FileProblem | undefined {
  return layout(file, origin).problem;
}

/**
 * What is wrong with a custom check's file as a probe (`Test`) or fix (`Repair`) file: it must hold only
 * top-level functions, exactly one of them named `<verb>-*`. Empty when it is fine.
 */
export function customFileProblems(file: string, origin: string, verb: 'Test' | 'Repair'): FileProblem[] {
  const { chunks, problem } = layout(file, origin);
  if (problem) return [problem];
  const found = chunks.filter((c) => c.name.startsWith(`${verb.toLowerCase()}-`));
  if (found.length === 1) return [];
  const names = found.map(spelledName);
  const line = found[1]?.line ?? chunks[0]?.line ?? 1;
  return [
    {
      message: `${origin} must define exactly one ${verb}-* function, the check's ${verb === 'Test' ? 'probe' : 'fix'}; it defines ${found.length === 0 ? 'none' : names.join(' and ')}`,
      location: fileLocation(file, origin, line),
    },
  ];
}
