/**
 * A function as generated scripts carry it: its code, its purpose on one line, and the
 * `# remc-allow` comments the Windows PowerShell 5.1 check reads. Every other comment (the
 * explanations, the samples they cite) stays in the .ps1 file where remc's developers and template
 * authors read it: a script runs on every device and is parsed on every run, and N-able takes 65,535
 * characters at most. Each kept line knows the line of the function it came from, so a problem in the
 * script still maps back to the author's file:line. Comments are found by the tokenizer, so a `#` in a
 * string or a here-string is never taken for one.
 */
import { INDENT } from './printer.ts';
import { tokenize, type Token } from './tokens.ts';

/** The lines a script carries of a function's text, and for each the 0-based line of the text it came from. */
export interface LeanText {
  readonly lines: readonly string[];
  readonly from: readonly number[];
  /** For each line, how many columns its indentation lost: a column of the line plus this is the column in the text. */
  readonly shift: readonly number[];
}

const ALLOW = /^#\s*remc-allow\b/i;
/** Where a purpose's first sentence ends: a full stop (or ! ?) before a new sentence or the end. */
const SENTENCE_END = /(?<!\b(?:e\.g|i\.e|etc|vs))[.!?](?=\s+[A-Z$(`'"]|\s*$)/;
const PURPOSE_WIDTH = 110;

const cache = new Map<string, LeanText>();

/** The function's text as scripts carry it (cached: every script of a build shares the runtime and templates). */
export function leanFunction(text: string): LeanText {
  let lean = cache.get(text);
  if (!lean) {
    lean = computeLean(text);
    cache.set(text, lean);
  }
  return lean;
}

function spannedLines(t: Token): number {
  let n = 0;
  for (const c of t.text) if (c === '\n') n++;
  return n;
}

interface Lines {
  /** Code is on the line. */
  readonly code: boolean[];
  /** The line is a comment (and no code). */
  readonly comment: boolean[];
  /** The line starts inside a string (a here-string's body): its text is the string's, kept byte for byte. */
  readonly verbatim: boolean[];
  /** Where a trailing comment to drop starts (0-based column). */
  readonly cut: Map<number, number>;
}

/** What each 0-based line of a function holds. */
function classify(text: string, count: number): Lines {
  const code = new Array<boolean>(count).fill(false);
  const comment = new Array<boolean>(count).fill(false);
  const verbatim = new Array<boolean>(count).fill(false);
  const cut = new Map<number, number>();
  const tokens = tokenize(text);
  for (const t of tokens) {
    if (t.kind === 'newline') continue;
    const first = t.line - 1;
    const last = first + spannedLines(t);
    if (t.kind !== 'comment') {
      for (let l = first; l <= last; l++) code[l] = true;
      if (t.kind === 'string' || t.kind === 'hereString') for (let l = first + 1; l <= last; l++) verbatim[l] = true;
      continue;
    }
    if (ALLOW.test(t.text)) {
      for (let l = first; l <= last; l++) code[l] = true; // kept as it is
    } else if (code[first] && first === last) {
      cut.set(first, t.column - 1); // a trailing comment after the line's code
    } else {
      for (let l = first; l <= last; l++) comment[l] = true;
    }
  }
  return { code, comment, verbatim, cut };
}

/** A line with each level (4 columns, a tab to the next level) of its leading indentation written as the script's {@link INDENT}; columns left over stay. */
export function reindent(line: string): string {
  const lead = /^[ \t]*/.exec(line)![0];
  if (lead === '') return line;
  let width = 0;
  for (const c of lead) width += c === '\t' ? 4 - (width % 4) : 1;
  return INDENT.repeat(Math.floor(width / 4)) + ' '.repeat(width % 4) + line.slice(lead.length);
}

/**
 * The purpose of a comment run on one `# ` line at the run's indentation: its first sentence, or when
 * that does not fit, the sentence up to the last clause that does (never inside parentheses or
 * quotes), else its words that fit and `...`.
 */
function purposeLine(run: readonly string[]): string {
  const indent = /^\s*/.exec(run[0]!)![0];
  const words = run.map((l) => l.trim().replace(/^#+\s?/, '').trim()).join(' ').replace(/\s+/g, ' ').trim();
  const end = SENTENCE_END.exec(words);
  const sentence = end ? words.slice(0, end.index + 1) : words;
  const room = PURPOSE_WIDTH - indent.length - 2;
  if (sentence.length <= room) return `${indent}# ${sentence}`;
  const clause = lastClause(sentence.slice(0, room), room / 3);
  if (clause !== undefined) return `${indent}# ${sentence.slice(0, clause)}`;
  const cut = sentence.slice(0, room - 3).replace(/\s+\S*$/, '');
  return `${indent}# ${cut}...`;
}

/**
 * Where the last clause boundary after `from` ends the text: a `;`, `:`, ` (` or `,` outside parentheses
 * and quotes, but not a `,` or ` (` within three words of a `:` or `;` (`...path: a backslash, a
 * quote`: what the colon opens is cut whole). Undefined when there is none.
 */
function lastClause(text: string, from: number): number | undefined {
  let found: number | undefined;
  let strong: number | undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '(') {
      if (depth === 0 && i > from && text[i - 1] === ' ' && wordsSince(text, strong, i) >= 4) found = i - 1;
      depth++;
    } else if (c === ')') depth = Math.max(0, depth - 1);
    else if ((c === "'" || c === '"') && !/\w/.test(text[i - 1] ?? ' ')) quote = c;
    else if (depth === 0 && text[i + 1] === ' ' && (c === ';' || c === ':')) {
      strong = i;
      if (i > from) found = i;
    } else if (depth === 0 && text[i + 1] === ' ' && c === ',' && i > from && wordsSince(text, strong, i) >= 4) {
      found = i;
    }
  }
  return found;
}

/** The words between a `:` or `;` at `strong` and `at` (as many as can be when there is none). */
function wordsSince(text: string, strong: number | undefined, at: number): number {
  return strong === undefined ? Infinity : text.slice(strong + 1, at).trim().split(' ').length;
}

function computeLean(text: string): LeanText {
  const source = text.split('\n');
  const { code, comment, verbatim, cut } = classify(text, source.length);
  const lines: string[] = [];
  const from: number[] = [];
  const shift: number[] = [];
  const push = (line: string, at: number) => {
    const blank = line.trim() === '';
    if (blank && (lines.length === 0 || lines[lines.length - 1] === '')) return; // no leading or double blank lines
    const trimmed = line.replace(/\s+$/, '');
    const kept = blank ? '' : verbatim[at] ? trimmed : reindent(trimmed);
    lines.push(kept);
    from.push(at);
    shift.push(trimmed.length - kept.length);
  };
  let purposeDone = false;
  let codeLines = 0;
  for (let i = 0; i < source.length; i++) {
    if (code[i]) {
      codeLines++;
      const at = cut.get(i);
      push(at === undefined ? source[i]! : source[i]!.slice(0, at), i);
      continue;
    }
    if (!comment[i]) {
      push(source[i]!, i);
      continue;
    }
    const start = i;
    while (i + 1 < source.length && comment[i + 1] && !code[i + 1]) i++;
    // The first comment of the function says what it is for: above it, or opening its body (after the
    // `function` line and a one-line param block at most).
    if (!purposeDone && codeLines <= 2 && source[start]!.trimStart().startsWith('#') && !source[start]!.trimStart().startsWith('<#')) {
      push(purposeLine(source.slice(start, i + 1)), start);
    }
    purposeDone = true;
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
    from.pop();
    shift.pop();
  }
  return { lines, from, shift };
}

/**
 * C# for Add-Type without its whole-line `//` comments and indented as scripts are (a line comment or a
 * line's indentation cannot sit inside a C# 5 string literal that starts on an earlier line, except a
 * verbatim one, which remc's native code does not use).
 */
export function leanCSharp(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .map(reindent)
    .join('\n');
}
