/**
 * The printer: every line of generated PowerShell passes through a ScriptWriter. It owns the line
 * ending, indentation and the rules that hold for the whole text (7-bit ASCII, no `{{`/`}}`), so no
 * emitter can produce a script that breaks them.
 */

export const EOL = '\r\n';
const INDENT = '    ';

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

export class ScriptWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  /** One or more lines of code at the current indentation (LF inside `code` starts new lines). */
  line(code = ''): this {
    for (const part of code.split('\n')) {
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

  /** A file of real PowerShell (a template's .ps1), copied line by line at the current indentation. */
  source(text: string, origin: string): this {
    const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
    lines.forEach((l, i) => {
      if (/[^\x09\x20-\x7e]/.test(l)) throw new PrintError(`${origin}:${i + 1}: non-ASCII character in PowerShell source`);
    });
    return this.line(lines.map((l) => l.replace(/\t/g, INDENT)).join('\n'));
  }

  /** The finished script: CRLF line endings, a final line break, checked against the whole-text rules. */
  toString(): string {
    const text = this.lines.join(EOL).replace(/(\r\n)+$/, '') + EOL;
    const bad = /[^\r\n\x20-\x7e]/.exec(text);
    if (bad) throw new PrintError(`generated script contains a non-ASCII or control character (code ${bad[0].charCodeAt(0)})`);
    const braces = /\{\{|\}\}/.exec(text);
    if (braces) {
      const line = text.slice(0, braces.index).split(EOL).length;
      throw new PrintError(`generated script line ${line} contains "${braces[0]}", which RMM tools treat as a placeholder`);
    }
    return text;
  }
}
