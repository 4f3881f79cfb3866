/**
 * The printer: every line of generated PowerShell passes through a ScriptWriter. It owns the line
 * ending, indentation and the rules that hold for the whole text (7-bit ASCII, no `{{`/`}}`), so no
 * emitter can produce a script that breaks them.
 */

export const EOL = '\r\n';
/** One level of indentation in a generated script: two spaces (a script is parsed on every device, every run). */
export const INDENT = '  ';

export class PrintError extends Error {}

/**
 * Makes free text safe inside a comment: printable ASCII (line breaks are kept for the caller to
 * split), cannot open or close a block comment, no `{{`.
 */
export function commentText(text: string): string {
  return text
    .replace(/[^\n\x20-\x7e]/g, (c) => (c === '\t' ? ' ' : `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`))
    .replace(/#>/g, '# >')
    .replace(/<#/g, '< #')
    .replace(/\{\{/g, '{ {')
    .replace(/\}\}/g, '} }');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    out.push(line);
  }
  return out;
}

/**
 * The rules every line of a generated script keeps (checked as lines are added, so the finished text
 * needs no second pass): printable ASCII only, and no `{{`/`}}`, which RMM tools treat as placeholders.
 * What a line breaks, or undefined; a source's tabs become spaces, so they break nothing.
 */
export function printProblem(line: string): string | undefined {
  const bad = /[^\x20-\x7e]|\{\{|\}\}/.exec(line);
  if (!bad) return undefined;
  if (bad[0].length === 1) return `non-ASCII or control character (code ${bad[0].charCodeAt(0)}) in generated PowerShell`;
  return `"${bad[0]}" in generated PowerShell, which RMM tools treat as a placeholder`;
}

function checkLine(line: string, where = ''): void {
  const problem = printProblem(line);
  if (problem !== undefined) throw new PrintError(`${where}${problem}`);
}

/**
 * Template and runtime files, checked and indented once per process: every remediation of a build
 * shares them, so a large build would otherwise redo the same work thousands of times.
 */
const renderedSources = new Map<string, { text: string; lines: readonly string[]; fileLines: readonly number[]; shifts: readonly number[] }>();

/** Where a run of emitted lines came from: lines `start`..`start + count - 1` of the script are lines `firstLine`.. of `origin`. */
export interface SourceSpan {
  readonly start: number;
  readonly count: number;
  /** The source file, relative to the project or to remc (`templates/x/probe.ps1`, `remediations/y.probe.ps1`). */
  readonly origin: string;
  readonly firstLine: number;
  /** For each line of the span, what to add to a column of the script's line to get the column in the file (indentation differs). */
  readonly shifts: readonly number[];
}

export class ScriptWriter {
  private readonly lines: string[] = [];
  private readonly sourceSpans: SourceSpan[] = [];
  private depth = 0;

  /** One or more lines of code at the current indentation (LF inside `code` starts new lines). */
  line(code = ''): this {
    for (const part of code.split('\n')) {
      checkLine(part);
      this.lines.push(part === '' ? '' : INDENT.repeat(this.depth) + part.replace(/\s+$/, ''));
    }
    return this;
  }

  blank(): this {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
    return this;
  }

  /** `# text` lines; free text is sanitized so it can never become code. */
  comment(text: string, width = 110): this {
    for (const part of wrap(commentText(text), width)) this.line(part ? `# ${part}` : '#');
    return this;
  }

  /** Comment-based help (`Get-Help` reads it), with each section's free text sanitized. */
  help(sections: ReadonlyArray<readonly [keyword: string, text: string]>): this {
    this.line('<#');
    for (const [keyword, text] of sections) {
      this.line(`.${keyword}`);
      for (const part of wrap(commentText(text), 100)) this.line(part);
    }
    return this.line('#>');
  }

  /** Lines inside `open` ... `close`, indented one level. */
  block(open: string, body: (w: this) => void, close = '}'): this {
    this.line(open);
    this.depth++;
    body(this);
    this.depth--;
    return this.line(close);
  }

  /**
   * Real PowerShell (a piece of a template's, a custom check's or the runtime's .ps1, starting at line
   * `firstLine` of `origin`), copied line by line at the current indentation; `from` gives, for each
   * line of `text`, its 0-based line in that piece when lines were left out (compiler/ps/lean.ts), and
   * `shift` the columns its indentation lost. The spans are kept to map problems back to the file's own
   * lines and columns.
   */
  source(text: string, origin: string, firstLine = 1, from?: readonly number[], shift?: readonly number[]): this {
    const key = `${origin}\0${firstLine}\0${this.depth}`;
    let rendered = renderedSources.get(key);
    if (rendered?.text !== text) {
      const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
      const at = (i: number) => firstLine + (from?.[i] ?? i);
      lines.forEach((l, i) => checkLine(l.replace(/\t/g, ' '), `${origin}:${at(i)}: `));
      const pad = INDENT.repeat(this.depth);
      const printed = lines.map((l) => (l.trim() === '' ? '' : pad + l.replace(/\t/g, INDENT).replace(/\s+$/, '')));
      rendered = {
        text,
        lines: printed,
        fileLines: lines.map((_, i) => at(i)),
        shifts: lines.map((l, i) => (shift?.[i] ?? 0) + l.replace(/\s+$/, '').length - printed[i]!.length),
      };
      renderedSources.set(key, rendered);
    }
    // One span per run of consecutive lines of the file.
    rendered.lines.forEach((l, i) => {
      const line = rendered.fileLines[i]!;
      const shift = rendered.shifts[i]!;
      const last = this.sourceSpans[this.sourceSpans.length - 1];
      if (i > 0 && last && last.firstLine + last.count === line) this.sourceSpans[this.sourceSpans.length - 1] = { ...last, count: last.count + 1, shifts: [...last.shifts, shift] };
      else this.sourceSpans.push({ start: this.lines.length + 1, count: 1, origin, firstLine: line, shifts: [shift] });
      this.lines.push(l);
    });
    return this;
  }

  /** The source spans printed so far, in order. */
  spans(): readonly SourceSpan[] {
    return this.sourceSpans;
  }

  /** The finished script: CRLF line endings and a final line break. */
  toString(): string {
    let end = this.lines.length;
    while (end > 0 && this.lines[end - 1] === '') end--;
    return this.lines.slice(0, end).join(EOL) + EOL;
  }
}
