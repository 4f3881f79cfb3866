/**
 * What a script may hold, line by line (compiler/ps/printer.ts: printable ASCII, no `{{`/`}}`): a
 * check's file breaks it at a line its functions carry into the scripts (REMC021), found here at that
 * line of the file, before anything is built, instead of when a script is printed. Lines outside the
 * functions are never carried, so they are not held to it.
 */
import { printProblem } from '../ps/printer.ts';
import type { CheckSource } from './check-source.ts';
import { checkFiles } from './functions.ts';
import { cutFunctions } from '../ps/functions.ts';
import { fileLocation } from './layout.ts';
import type { Report } from './problems.ts';

/** The first line of each of the checks' files that a script could not carry, reported at that line. */
export function checkPrintable(sources: readonly CheckSource[], root: string, report: Report): void {
  for (const from of checkFiles(sources, root)) {
    const found = firstUnprintable(from.file);
    if (found) report('REMC021', `${from.origin}: ${found.problem}`, fileLocation(from.file, from.origin, found.line, found.column));
  }
}

function firstUnprintable(file: string): { line: number; column: number; problem: string } | undefined {
  for (const chunk of cutFunctions(file)?.chunks ?? []) {
    const lines = chunk.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
    for (const [i, text] of lines.entries()) {
      const problem = printProblem(text.replace(/\t/g, ' '));
      if (problem !== undefined) return { line: chunk.line + i, column: unprintableColumn(text), problem };
    }
  }
  return undefined;
}

/** 1-based column of the first character (or `{{`/`}}`) that breaks the rule. */
function unprintableColumn(line: string): number {
  return (/[^\t\x20-\x7e]|\{\{|\}\}/.exec(line)?.index ?? 0) + 1;
}
