/**
 * A small PowerShell tokenizer, exact enough to find commands, parameters and PowerShell 7-only
 * syntax in remc's own scripts without running PowerShell (builds must work where it is absent).
 * It follows the Windows PowerShell 5.1 lexer where that matters for us: strings, here-strings and
 * comments are opaque (a `??` inside them is text), `$(...)` inside double-quoted strings is code and
 * is tokenized as such (its end found the way PowerShell finds it: by counting parentheses, blind to
 * quotes), and a `-word` is an operator or a parameter by its name alone (whether the parser reads it
 * in command mode is decided by the caller, compiler/ps/compat/command-mode.ts).
 */

export type TokenKind =
  | 'newline'
  | 'comment'
  | 'string' // '...' or "..." ; `value` holds the text between the quotes (escapes not applied)
  | 'hereString' // @'...'@ or @"..."@
  | 'variable' // $x, $script:x, ${any name}, $_, $$, @splat
  | 'number'
  | 'operator' // -eq, -like, +, =, |, &&, ??, ?., ::, .., ...
  | 'parameter' // -Name or -Name: (a dash word that is no operator)
  | 'redirection' // 2>, >>, 2>&1, *>
  | 'bareword' // command names, arguments, type names, member names, keywords
  | 'punct'; // ( ) { } [ ] , ; $( @( @{ .

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  readonly offset: number;
  /** Whitespace, a comment or a line start came right before it (member access and indexing need none). */
  readonly spaced: boolean;
  /** Strings: the text between the delimiters. */
  readonly value?: string;
  /** Double-quoted strings: the tokens of each `$( ... )` inside, in order. */
  readonly nested?: Token[][];
  /** A string, here-string, comment or `${` variable without its end. */
  readonly unterminated?: boolean;
  /** Each backtick escape inside a double-quoted string: the backtick and the two characters after it. */
  readonly escapes?: ReadonlyArray<{ readonly line: number; readonly column: number; readonly text: string }>;
}

const DASHES = '-\u2013\u2014\u2015'; // PowerShell accepts en/em dashes and the horizontal bar as '-'
const SINGLE_QUOTES = '\'\u2018\u2019\u201A\u201B';
const DOUBLE_QUOTES = '"\u201C\u201D\u201E';

// Comparison operators come plain, case-insensitive (i) and case-sensitive (c).
const COMPARISONS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'notlike', 'match', 'notmatch', 'replace', 'contains', 'notcontains', 'in', 'notin', 'split'];
export const DASH_OPERATORS: ReadonlySet<string> = new Set([
  ...COMPARISONS.flatMap((op) => [op, `i${op}`, `c${op}`]),
  ...['is', 'isnot', 'as', 'and', 'or', 'xor', 'not', 'band', 'bor', 'bxor', 'bnot', 'shl', 'shr', 'f', 'join'],
]);

// Longest first: the lexer takes the first that matches.
const SYMBOL_OPERATORS = ['??=', '&&', '||', '??', '?.', '?[', '..', '++', '+=', '*=', '/=', '%=', '|', '&', '?', ':', '=', '+', '*', '/', '%', '!', '<'];
const OPERATOR_STARTS = new Set(SYMBOL_OPERATORS.map((o) => o[0]!));
// A number as PowerShell reads it; suffixes and multipliers are checked by the caller.
const NUMBER = /(?:0[xX][0-9a-fA-F]+|0[bB][01]+|(?:\d+\.(?!\.)\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)/y;
export const NUMBER_SUFFIX_51 = /^(?:[lLdD])?(?:kb|mb|gb|tb|pb)?$/i;
export const NUMBER_SUFFIX_7 = /^(?:y|uy|s|us|u|ul|n)(?:kb|mb|gb|tb|pb)?$/i;

const isDigit = (c: string) => c >= '0' && c <= '9';
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00A0' || c === '\uFEFF' || c === '\u2028' || c === '\u2029';
// ASCII fast paths: these run once per character of every emitted script.
const isNameChar = (c: string) => {
  const n = c.charCodeAt(0);
  if (n < 128) return (n >= 48 && n <= 57) || (n >= 65 && n <= 90) || (n >= 97 && n <= 122) || n === 95;
  return /[\p{L}\p{N}]/u.test(c);
};
const WORD_ENDS = new Set([...' \t\r\n\f\v(){}[];,|&<>=$"\'', ...SINGLE_QUOTES, ...DOUBLE_QUOTES]);
/** Characters that end a bareword (generic token) in PowerShell. */
const endsWord = (c: string | undefined) => c === undefined || WORD_ENDS.has(c) || (c.charCodeAt(0) > 127 && /\s/.test(c));

const NONE: Partial<Token> = Object.freeze({});

export function tokenize(text: string): Token[] {
  return new Lexer(text).run();
}

/** Where the text of a nested lexer (the code of a `$( )` in a string) sits in its parent's text. */
interface Outer {
  readonly lexer: Lexer;
  /** Parent offset of each character of the nested text. */
  readonly offsets: readonly number[];
}

class Lexer {
  private i = 0;
  private readonly lineStarts: number[] = [0];
  private lineIndex = 0;
  private readonly out: Token[] = [];
  /** Whitespace, a comment or a line start came before the next token. */
  private spaced = true;

  constructor(
    private readonly src: string,
    private readonly outer?: Outer,
  ) {
    if (outer) return;
    for (let k = 0; k < src.length; k++) {
      const c = src[k];
      if (c === '\n' || (c === '\r' && src[k + 1] !== '\n')) this.lineStarts.push(k + 1);
    }
  }

  run(): Token[] {
    const s = this.src;
    while (this.i < s.length) {
      if (isSpace(s[this.i]!)) {
        while (this.i < s.length && isSpace(s[this.i]!)) this.i++;
        this.spaced = true;
        continue;
      }
      const start = this.i;
      const c = s[start]!;
      const next = s[start + 1];
      if (c === '`' && (next === '\n' || next === '\r')) {
        this.i += next === '\r' && s[start + 2] === '\n' ? 3 : 2; // line continuation
        this.spaced = true;
      } else if (c === '\n' || c === '\r') {
        this.emit('newline', start, c === '\r' && next === '\n' ? start + 2 : start + 1);
        this.spaced = true;
      } else if (c === '<' && next === '#') {
        const close = s.indexOf('#>', start + 2);
        this.emit('comment', start, close < 0 ? s.length : close + 2, close < 0 ? { unterminated: true } : {});
        this.spaced = true;
      } else if (c === '#') {
        this.emit('comment', start, this.lineEnd(start));
        this.spaced = true;
      } else if (c === '@' && next !== undefined && (SINGLE_QUOTES.includes(next) || DOUBLE_QUOTES.includes(next)) && this.restOfLineBlank(start + 2)) {
        this.quoted(start, true, DOUBLE_QUOTES.includes(next));
      } else if (SINGLE_QUOTES.includes(c) || DOUBLE_QUOTES.includes(c)) {
        this.quoted(start, false, DOUBLE_QUOTES.includes(c));
      } else if (c === '$' || c === '@') {
        this.sigil(start, c, next);
      } else if ('(){}[];,'.includes(c)) {
        this.emit('punct', start, start + 1);
      } else if (DASHES.includes(c)) {
        this.dash(start, next);
      } else if (next === '>' && this.spaced && '123456*'.includes(c)) {
        this.emit('redirection', start, this.redirectionEnd(start + 2));
      } else if (c === '>') {
        this.emit('redirection', start, this.redirectionEnd(start + 1));
      } else if (c === '.' && (next === '\\' || next === '/' || (next === '.' && (s[start + 2] === '\\' || s[start + 2] === '/')))) {
        this.emit('bareword', start, this.wordEnd(start)); // .\script.ps1, ..\tool.exe
      } else if (isDigit(c) || (c === '.' && next !== undefined && isDigit(next))) {
        this.number(start);
      } else if (c === '.' && next !== '.') {
        const member = isMemberAccess(this.out[this.out.length - 1], this.spaced);
        this.emit('punct', start, start + 1);
        // Member access: the name after the dot is just a name (never a path with dots).
        if (member) this.memberName();
      } else if (c === ':' && next === ':') {
        this.emit('operator', start, start + 2);
        this.memberName();
      } else {
        this.other(start, c);
      }
    }
    return this.out;
  }

  /** A symbol operator, else a word. */
  private other(start: number, c: string): void {
    // A `?` inside a word is a wildcard (foo?.txt: the word scan keeps it); here it starts a token.
    const op = OPERATOR_STARTS.has(c) ? SYMBOL_OPERATORS.find((o) => this.src.startsWith(o, start)) : undefined;
    if (op) this.emit('operator', start, start + op.length);
    else this.emit('bareword', start, this.wordEnd(start));
  }

  /** The token from `start` to `end`; reading goes on after it. */
  private emit(kind: TokenKind, start: number, end: number, extra: Partial<Token> = NONE): void {
    this.out.push(this.token(kind, start, end, this.spaced, extra));
    this.i = end;
    this.spaced = false;
  }

  /** `$(`, `${any name}`, `$name`, `@(`, `@{`, `@splat`; a lone `@` is an operator or a word. */
  private sigil(start: number, c: string, next: string | undefined): void {
    const s = this.src;
    if (c === '$' && next === '(') {
      this.emit('punct', start, start + 2);
    } else if (c === '$' && next === '{') {
      // ${any name}: a backtick escapes the next character, a } ends it.
      let k = start + 2;
      while (k < s.length && s[k] !== '}') k += s[k] === '`' ? 2 : 1;
      this.emit('variable', start, Math.min(k + 1, s.length), k >= s.length ? { unterminated: true } : {});
    } else if (c === '$') {
      this.emit('variable', start, this.variableEnd(start + 1));
    } else if (next === '(' || next === '{') {
      this.emit('punct', start, start + 2);
    } else if (next !== undefined && isNameChar(next)) {
      this.emit('variable', start, this.variableEnd(start + 1)); // @splat
    } else {
      this.other(start, c);
    }
  }

  /** -name: an operator when it names one, else a parameter (-Name: keeps its colon); --%, --, -=, -. */
  private dash(start: number, next: string | undefined): void {
    const s = this.src;
    if (next !== undefined && (isNameChar(next) || next === '?') && !/\d/.test(next)) {
      let k = start + 1;
      while (k < s.length && (isNameChar(s[k]!) || s[k] === '-' || s[k] === '?')) k++;
      const name = s.slice(start + 1, k).toLowerCase();
      if (DASH_OPERATORS.has(name)) this.emit('operator', start, k);
      else this.emit('parameter', start, s[k] === ':' && s[k + 1] !== ':' ? k + 1 : k);
      return;
    }
    // A dash before a digit is the minus operator, the number follows.
    const two = s.slice(start, start + 3) === '--%' ? 3 : next !== undefined && (DASHES.includes(next) || next === '=') ? 2 : 1;
    this.emit('operator', start, start + two);
  }

  /** A number with a suffix PowerShell knows, else a word (7zip). */
  private number(start: number): void {
    const s = this.src;
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(s);
    const end = m ? start + m[0].length : start;
    const suffix = m?.[1] ?? '';
    const isNumber = m && endsWordOrOperator(s[end]) && (NUMBER_SUFFIX_51.test(suffix) || NUMBER_SUFFIX_7.test(suffix));
    this.emit(isNumber ? 'number' : 'bareword', start, isNumber ? end : this.wordEnd(start));
  }

  private token(kind: TokenKind, start: number, end: number, spaced: boolean, extra: Partial<Token>): Token {
    const { line, column, offset } = this.locate(start);
    const token: Token = { kind, text: this.src.slice(start, end), line, column, offset, spaced };
    return extra === NONE ? token : Object.assign(token, extra);
  }

  /** A member name after `.` or `::`: letters, digits and _ only (never a path with dots). */
  private memberName(): void {
    const end = this.nameEnd(this.i);
    if (end === this.i) return;
    this.out.push(this.token('bareword', this.i, end, false, NONE));
    this.i = end;
  }

  /** Line, column and offset in the outermost text. */
  private locate(offset: number): { line: number; column: number; offset: number } {
    if (this.outer) {
      const offsets = this.outer.offsets;
      return this.outer.lexer.locate(offsets[offset] ?? (offsets.length > 0 ? offsets[offsets.length - 1]! + 1 : 0));
    }
    // Offsets mostly grow, so the line index walks forward (a string comes after its nested code).
    const starts = this.lineStarts;
    if (starts[this.lineIndex]! > offset) this.lineIndex = 0;
    while (this.lineIndex + 1 < starts.length && starts[this.lineIndex + 1]! <= offset) this.lineIndex++;
    return { line: this.lineIndex + 1, column: offset - starts[this.lineIndex]! + 1, offset };
  }

  private lineEnd(from: number): number {
    let k = from;
    while (k < this.src.length && this.src[k] !== '\n' && this.src[k] !== '\r') k++;
    return k;
  }

  private restOfLineBlank(from: number): boolean {
    const end = this.lineEnd(from);
    return end < this.src.length && /^[ \t]*$/.test(this.src.slice(from, end));
  }

  private variableEnd(from: number): number {
    const s = this.src;
    const c = s[from];
    if (c === '$' || c === '?' || c === '^') return from + 1; // $$ $? $^
    let k = from;
    while (k < s.length && (isNameChar(s[k]!) || s[k] === '?')) k++;
    // Scope or drive qualifier: $script:x, $env:ProgramData (but $x::Member is static access).
    if (s[k] === ':' && s[k + 1] !== ':' && k > from && k + 1 < s.length && isNameChar(s[k + 1]!)) {
      k++;
      while (k < s.length && (isNameChar(s[k]!) || s[k] === '?')) k++;
    }
    return k === from ? from : k; // a lone $ is a one-character variable token (PowerShell: a word)
  }

  private nameEnd(from: number): number {
    let k = from;
    while (k < this.src.length && isNameChar(this.src[k]!)) k++;
    return k;
  }

  /** A generic token: command names, paths, arguments; a backtick escapes the next character. */
  private wordEnd(from: number): number {
    const s = this.src;
    let k = from;
    while (k < s.length && !endsWord(s[k])) k += s[k] === '`' ? 2 : 1;
    return Math.max(Math.min(k, s.length), from + 1);
  }

  private redirectionEnd(from: number): number {
    let k = from;
    if (this.src[k] === '>') k++;
    if (this.src[k] === '&' && /[1-6]/.test(this.src[k + 1] ?? '')) k += 2;
    return k;
  }

  /**
   * '...', "...", @'...'@ and @"..."@. A doubled quote is a quote (not in here-strings, which end at a
   * quote-@ at the very start of a line); in the expandable ones a backtick escapes the next character
   * and $( ) holds code.
   */
  private quoted(start: number, here: boolean, expandable: boolean): void {
    const emit = (kind: TokenKind, end: number, extra: Partial<Token>) => this.emit(kind, start, end, extra);
    const s = this.src;
    const quotes = expandable ? DOUBLE_QUOTES : SINGLE_QUOTES;
    const kind = here ? 'hereString' : 'string';
    const nested: Token[][] = [];
    const escapes: Array<{ line: number; column: number; text: string }> = [];
    const more = expandable ? { nested, escapes } : {};
    const lineBreak = here ? this.lineEnd(start) : start;
    const body = here ? lineBreak + (s[lineBreak] === '\r' && s[lineBreak + 1] === '\n' ? 2 : 1) : start + 1;
    for (let k = body; ; ) {
      if (k >= s.length) return emit(kind, s.length, { value: s.slice(body), unterminated: true, ...more });
      const c = s[k]!;
      if (quotes.includes(c) && (here ? s[k + 1] === '@' && (s[k - 1] === '\n' || s[k - 1] === '\r') : true)) {
        if (here || !quotes.includes(s[k + 1] ?? '\0')) {
          const valueEnd = !here ? k : s[k - 2] === '\r' ? k - 2 : k - 1; // a here-string's last line break is no content
          return emit(kind, k + (here ? 2 : 1), { value: s.slice(body, Math.max(body, valueEnd)), ...more });
        }
        k += 2; // "" or ''
      } else if (expandable && c === '`') {
        escapes.push({ ...this.locate(k), text: s.slice(k, k + 3) });
        k += 2;
      } else if (expandable && c === '$' && s[k + 1] === '(') {
        k = this.subexpression(k + 2, nested, here);
        if (k < 0) return emit(kind, s.length, { value: s.slice(body), unterminated: true, ...more });
      } else k++;
    }
  }

  /**
   * The code of a `$(` inside a string, tokenized; returns the offset after its `)`, or -1 when the
   * text ends first. Like PowerShell's ScanSubExpression: the end is where the parentheses balance,
   * quotes and comments notwithstanding ("$(')')" is an error there too), and in a "..." string a
   * doubled or backticked double quote stands for one quote.
   */
  private subexpression(from: number, nested: Token[][], hereString: boolean): number {
    const s = this.src;
    const offsets: number[] = [];
    let code = '';
    let depth = 1;
    let k = from;
    for (; k < s.length; k++) {
      const c = s[k]!;
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
      else if (!hereString && (c === '`' || DOUBLE_QUOTES.includes(c)) && DOUBLE_QUOTES.includes(s[k + 1] ?? '\0')) k++;
      code += s[k];
      offsets.push(k);
    }
    nested.push(new Lexer(code, { lexer: this, offsets }).run());
    return k < s.length ? k + 1 : -1;
  }
}

/** A dot right after a value (no space) reads a member; elsewhere it dot-sources. */
function isMemberAccess(before: Token | undefined, spaced: boolean): boolean {
  if (spaced || before === undefined) return false;
  return ['variable', 'bareword', 'string', 'hereString', 'number'].includes(before.kind) || [')', ']', '}'].includes(before.text);
}

/** After a number: the end of a word, or an operator/punctuation that may touch it (1..5, $a[1], 2+3). */
function endsWordOrOperator(c: string | undefined): boolean {
  return endsWord(c) || (c !== undefined && /[.+*/%\-:,!?]/.test(c));
}

/** The tokens with the code of string subexpressions spliced in after their string (comments included). */
export function allTokens(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    out.push(t);
    for (const inner of t.nested ?? []) out.push(...allTokens(inner));
  }
  return out;
}
