/**
 * Finding commands: PowerShell reads the first word of each pipeline element as a command (command
 * mode); everything else is an argument or an expression. A stack of frames says where the reader is.
 * What it finds (the commands, their parameters, the functions a script defines, and the places only
 * this reading tells apart) is what the 5.1 rules (compiler/ps/compat/rules/) and the Constrained
 * Language Mode rules (compiler/ps/clm/) work on.
 */
import { tokenize, type Token } from '../tokens.ts';

export interface ParameterUse {
  /** Without the dash and a trailing colon: `-Path:` is "Path". */
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

export interface CommandUse {
  /** As written; null when the command is computed (`& $exe`, `& { ... }`). */
  readonly name: string | null;
  readonly invocation: '' | '&' | '.';
  readonly line: number;
  readonly column: number;
  readonly parameters: ParameterUse[];
}

/**
 * A place whose meaning needs the parse context: `?` at a command start (Where-Object's alias) or
 * elsewhere (the ternary operator), `&` after a command (a background job), `clean {`.
 */
export interface ContextMark {
  readonly kind: 'where-alias' | 'ternary' | 'background' | 'clean';
  readonly token: Token;
}

export interface ScriptAnalysis {
  readonly commands: CommandUse[];
  /** Names after `function` / `filter`, without a scope prefix. */
  readonly functions: string[];
  readonly marks: ContextMark[];
}

/** Statement keywords: at a statement start they are no command. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'begin', 'break', 'catch', 'class', 'configuration', 'continue', 'data', 'do', 'dynamicparam', 'else', 'elseif', 'end',
  'enum', 'exit', 'filter', 'finally', 'for', 'foreach', 'function', 'hidden', 'if', 'param', 'process', 'return',
  'static', 'switch', 'throw', 'trap', 'try', 'until', 'using', 'while', 'workflow',
]);

type FrameKind = 'root' | 'block' | 'paren' | 'sub' | 'hash' | 'switch' | 'type' | 'attr' | 'index';
interface Frame {
  readonly kind: FrameKind;
  readonly owner: string | undefined;
  /** The command whose arguments this frame is reading; `done` after `--`. */
  current: { readonly use: CommandUse; done: boolean } | undefined;
}
const frame = (kind: FrameKind, owner?: string): Frame => ({ kind, owner, current: undefined });

/** Frames where a new line or `;` starts a statement (in a hashtable it starts a key instead). */
const STATEMENT_FRAMES: ReadonlySet<FrameKind> = new Set(['root', 'block', 'paren', 'sub']);
const ASSIGNMENTS: ReadonlySet<string> = new Set(['=', '+=', '-=', '*=', '/=', '%=', '??=']);

const isDashWord = (t: Token) => (t.kind === 'parameter' || t.kind === 'operator') && t.text.length > 1 && /^[-\u2013\u2014\u2015][\p{L}_?]/u.test(t.text);
const isValue = (t: Token | undefined) =>
  t !== undefined && (['variable', 'string', 'hereString', 'bareword', 'number'].includes(t.kind) || [')', ']', '}'].includes(t.text));

/** The commands, functions and context marks of a script. */
export function analyzeScript(text: string): ScriptAnalysis {
  return analyzeTokens(tokenize(text));
}

/** The same over tokens already made (comments are skipped). */
export function analyzeTokens(tokens: readonly Token[]): ScriptAnalysis {
  const result: ScriptAnalysis = { commands: [], functions: [], marks: [] };
  new CommandModeReader(tokens, result).run();
  return result;
}

/** One pass over one token list (the code of a `$( )` in a string gets a reader of its own). */
class CommandModeReader {
  private readonly code: readonly Token[];
  private readonly stack: Frame[] = [frame('root')];
  /** The next token starts a pipeline element. */
  private expect = true;
  /** After `|`: even keywords are commands there (`| foreach {}`). */
  private pipelineElement = false;
  /** `&` / `.` seen at a command start, and where. */
  private invocation: '&' | '.' | undefined;
  private invocationToken: Token | undefined;
  /** The keyword whose `(` comes next: foreach (`in <pipeline>`), param. */
  private pendingOwner: string | undefined;
  /** The next `{` at this depth is a switch body. */
  private switchDepth = -1;
  private functionName = false;
  private prev: Token | undefined;
  /** The index of the token being read (`--%` moves it on). */
  private n = 0;

  constructor(
    tokens: readonly Token[],
    private readonly out: ScriptAnalysis,
  ) {
    this.code = tokens.filter((t) => t.kind !== 'comment');
  }

  run(): void {
    for (this.n = 0; this.n < this.code.length; this.n++) {
      const t = this.code[this.n]!;
      for (const inner of t.nested ?? []) new CommandModeReader(inner, this.out).run(); // "...$(code)..." is parsed code
      if (t.kind === 'newline') {
        this.newline();
        continue;
      }
      // `& name`, `& $x`, `& { }`, `. name`: the token after the operator names (or computes) the command.
      if ((this.invocation !== undefined && this.invoked(t)) || this.read(t) === 'keyword') {
        this.prev = t;
        continue;
      }
      this.pendingOwner = undefined;
      this.prev = t;
    }
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private inCurrent(): boolean {
    return this.top().current !== undefined && !this.top().current!.done;
  }

  private endCommand(): void {
    this.top().current = undefined;
  }

  private statementStart(): void {
    this.endCommand();
    this.expect = STATEMENT_FRAMES.has(this.top().kind);
    this.pipelineElement = false;
    this.invocation = undefined;
  }

  private startCommand(name: string | null, at: Token): void {
    const use: CommandUse = { name, invocation: this.invocation ?? '', line: at.line, column: at.column, parameters: [] };
    this.out.commands.push(use);
    this.top().current = { use, done: false };
    this.expect = false;
    this.pipelineElement = false;
    this.invocation = undefined;
  }

  private mark(kind: ContextMark['kind'], token: Token): void {
    this.out.marks.push({ kind, token });
  }

  /** A line ending in `,`, `|` or a binary operator continues on the next line; else a statement starts. */
  private newline(): void {
    const prev = this.prev;
    const continues =
      prev !== undefined &&
      (prev.text === ',' || prev.text === '|' || (prev.kind === 'operator' && !this.inCurrent() && prev.text !== '++' && prev.text !== '--'));
    if (!continues) this.statementStart();
  }

  /** The token after `&` or `.`; false when it opens a frame the ordinary reading still has to open. */
  private invoked(t: Token): boolean {
    if (t.kind === 'bareword') {
      this.startCommand(t.text, t);
      return true;
    }
    const constant = t.kind === 'string' && (t.nested ?? []).length === 0 && !/\$/.test(t.value ?? '');
    this.startCommand(constant ? unquote(t) : null, this.invocationToken ?? t);
    if (t.kind !== 'punct') return true;
    this.expect = true; // `& { ... }` / `& (...)`: open the frame
    return false;
  }

  /** One token; 'keyword' when it is a statement keyword, which keeps what it announced for the next. */
  private read(t: Token): 'keyword' | undefined {
    switch (t.kind) {
      case 'punct':
        this.punct(t);
        return undefined;
      case 'operator':
        this.operator(t);
        return undefined;
      case 'parameter':
        if (this.inCurrent()) this.top().current!.use.parameters.push(parameterUse(t));
        this.expect = false;
        return undefined;
      case 'bareword':
        return this.bareword(t);
      default:
        this.expect = false; // variable, string, number, redirection: an expression or an argument
        this.pipelineElement = false;
        return undefined;
    }
  }

  private punct(t: Token): void {
    const p = t.text;
    if (p === '(') {
      const kind = this.top().kind === 'type' ? 'attr' : 'paren';
      this.stack.push(frame(kind, kind === 'paren' ? this.pendingOwner : undefined));
      this.expect = kind === 'paren';
    } else if (p === '$(' || p === '@(') {
      this.stack.push(frame('sub'));
      this.expect = true;
    } else if (p === '@{') {
      this.stack.push(frame('hash'));
      this.expect = false; // a key
    } else if (p === '{') {
      const isSwitch = this.switchDepth === this.stack.length;
      this.stack.push(frame(isSwitch ? 'switch' : 'block'));
      if (isSwitch) this.switchDepth = -1;
      this.expect = !isSwitch;
    } else if (p === '[') {
      this.stack.push(frame(!t.spaced && isValue(this.prev) ? 'index' : 'type'));
      this.expect = false;
    } else if (p === ')' || p === '}' || p === ']') {
      const closed = this.stack.length > 1 ? this.stack.pop()! : undefined; // an enclosing command reads on: Get-A (Get-B) -X
      this.expect = closed?.owner === 'param'; // { param($q) Get-A $q }: a statement follows param( )
    } else if (p === ';') {
      this.statementStart();
    } else if (p === '.') {
      if (this.expect) {
        this.invocation = '.';
        this.invocationToken = t;
      } else this.expect = false;
    } else {
      this.expect = false; // ,
    }
    this.pipelineElement = false;
  }

  private operator(t: Token): void {
    const o = t.text;
    if (o === '|' || o === '&&' || o === '||') {
      this.endCommand();
      this.expect = true;
      this.pipelineElement = true;
    } else if (o === '&') {
      if (this.expect) {
        this.invocation = '&';
        this.invocationToken = t;
      } else {
        this.mark('background', t);
        this.endCommand();
        this.expect = true;
      }
    } else if (ASSIGNMENTS.has(o)) {
      if (this.top().kind !== 'type' && this.top().kind !== 'attr') {
        this.endCommand();
        this.expect = true;
      }
    } else if (this.expect && (o === '%' || o === '?')) {
      // Aliases of ForEach-Object / Where-Object at a command start.
      if (o === '?') this.mark('where-alias', t);
      this.startCommand(o, t);
    } else if (o === '?') {
      this.mark('ternary', t);
      this.expect = false;
    } else if (o === '--' && this.inCurrent()) {
      // End of parameters: what follows is arguments. PowerShell's AST keeps `--` as a parameter named '-'.
      this.top().current!.use.parameters.push({ name: '-', line: t.line, column: t.column });
      this.top().current!.done = true;
    } else if (o === '--%' && this.inCurrent()) {
      this.stopParsing();
    } else if (isDashWord(t) && this.inCurrent()) {
      this.top().current!.use.parameters.push(parameterUse(t)); // command mode: -eq is a parameter (Where-Object Name -eq x)
    } else {
      this.expect = false;
    }
  }

  /**
   * `--%`: the native program gets the text up to the line end or a `|` outside "..." (PowerShell's
   * GetVerbatimCommandArgument); a "..." token here is one string already.
   */
  private stopParsing(): void {
    this.top().current!.done = true;
    const ends = (u: Token) => u.kind === 'newline' || u.text === '|' || u.text === '&&' || u.text === '||';
    while (this.n + 1 < this.code.length && !ends(this.code[this.n + 1]!)) this.n++;
  }

  private bareword(t: Token): 'keyword' | undefined {
    const word = t.text.toLowerCase();
    if (this.functionName) {
      this.out.functions.push(t.text.replace(/^(global|script|local|private):/i, ''));
      this.functionName = false;
      this.expect = false;
    } else if (this.expect && !this.pipelineElement && KEYWORDS.has(word)) {
      this.expect = word === 'return' || word === 'throw' || word === 'exit'; // these take a pipeline
      this.functionName = word === 'function' || word === 'filter' || word === 'workflow' || word === 'configuration';
      this.pendingOwner = word === 'foreach' || word === 'param' ? word : undefined;
      if (word === 'switch') this.switchDepth = this.stack.length;
      return 'keyword';
    } else if (this.expect && word === 'clean' && this.code[this.n + 1]?.text === '{') {
      this.mark('clean', t);
      this.expect = false;
    } else if (this.expect) {
      this.startCommand(t.text, t);
    } else if (word === 'in' && this.top().owner === 'foreach' && this.stack.length > 1) {
      this.expect = true; // foreach ($x in <pipeline>)
    } else {
      this.expect = false;
    }
    return undefined;
  }
}

function unquote(t: Token): string {
  const v = t.value ?? '';
  return t.text.startsWith('"') ? v.replace(/""/g, '"') : v.replace(/''/g, "'");
}

function parameterUse(t: Token): ParameterUse {
  return { name: t.text.slice(1).replace(/:$/, ''), line: t.line, column: t.column };
}
