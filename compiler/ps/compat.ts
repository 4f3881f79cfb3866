/**
 * Can Windows PowerShell 5.1 run this? Intune and RMM agents run 5.1, remc's tests run PowerShell 7,
 * which accepts more; this check closes that gap without PowerShell. Two layers:
 *  - syntax: constructs 5.1 cannot parse (?:, ??, ?., &&, clean {}, #requires -Version 7, ...);
 *  - commands: every command is a function of the script, a keyword, a native program, or a command
 *    Windows PowerShell 5.1 ships (compiler/ps/data/windows-powershell-5.1, derived from its command
 *    data) and not one of FORBIDDEN_COMMANDS, and each -Parameter is one of that command's 5.1
 *    parameters.
 * .NET types and methods are out of scope.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REMC_ROOT } from '../paths.ts';
import { allTokens, NUMBER_SUFFIX_7, tokenize, type Token } from './tokens.ts';

export interface CompatProblem {
  readonly line: number;
  readonly column: number;
  readonly rule: 'syntax' | 'command' | 'parameter';
  readonly message: string;
}

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

export interface ScriptAnalysis {
  readonly commands: CommandUse[];
  /** Names after `function` / `filter`, without a scope prefix. */
  readonly functions: string[];
  /** Syntax problems that need the parse context (`?` as an alias or ternary, clean {}, trailing &). */
  readonly problems: CompatProblem[];
}

/** Statement keywords: at a statement start they are no command. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'begin', 'break', 'catch', 'class', 'configuration', 'continue', 'data', 'do', 'dynamicparam', 'else', 'elseif', 'end',
  'enum', 'exit', 'filter', 'finally', 'for', 'foreach', 'function', 'hidden', 'if', 'param', 'process', 'return',
  'static', 'switch', 'throw', 'trap', 'try', 'until', 'using', 'while', 'workflow',
]);

/** Parameters every cmdlet has (5.1), and their aliases. */
export const COMMON_PARAMETERS: readonly string[] = [
  'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ErrorVariable', 'WarningVariable',
  'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable',
];
export const COMMON_ALIASES: Readonly<Record<string, string>> = {
  vb: 'Verbose', db: 'Debug', ea: 'ErrorAction', wa: 'WarningAction', infa: 'InformationAction', ev: 'ErrorVariable',
  wv: 'WarningVariable', iv: 'InformationVariable', ov: 'OutVariable', ob: 'OutBuffer', pv: 'PipelineVariable',
};

const NEEDS_7 = 'Windows PowerShell 5.1 cannot parse it';
const SYMBOL_PROBLEMS: ReadonlyMap<string, string> = new Map([
  ['??', `\`??\` (null-coalescing) needs PowerShell 7; ${NEEDS_7}`],
  ['??=', `\`??=\` (null-coalescing assignment) needs PowerShell 7; ${NEEDS_7}`],
  ['?.', `\`?.\` (null-conditional member access) needs PowerShell 7; ${NEEDS_7}`],
  ['?[', `\`?[\` (null-conditional index) needs PowerShell 7; ${NEEDS_7}`],
  ['&&', `\`&&\` (pipeline chain) needs PowerShell 7; ${NEEDS_7}`],
  ['||', `\`||\` (pipeline chain) needs PowerShell 7; ${NEEDS_7}`],
]);

// ---------------------------------------------------------------------------------------------------
// The commands: every command Windows PowerShell 5.1 ships (compiler/ps/data/windows-powershell-5.1),
// less those that no remediation script may run.

export interface AllowedCommand {
  readonly name: string;
  readonly parameters: readonly string[];
}

/**
 * 5.1 commands a generated script must not run, and why: anything on the host, warning, verbose or
 * error stream replaces or spoils Intune's summary line (stderr turns a remediation into a script
 * error); a prompt waits until the time-out (Intune runs without -NonInteractive); a reboot or a
 * policy change is never a remediation's to make.
 */
export const FORBIDDEN_COMMANDS: Readonly<Record<string, string>> = {
  'Write-Host': 'writes to the host, which replaces the summary line',
  'Write-Error': 'writes to stderr, which makes Intune report a script error',
  'Write-Warning': 'writes a warning line, which replaces the summary line',
  'Write-Verbose': 'writes a verbose line, which can replace the summary line',
  'Write-Debug': 'writes a debug line, which can replace the summary line',
  'Write-Information': 'writes to the information stream, which can replace the summary line',
  'Out-Host': 'writes to the host, which replaces the summary line',
  'Read-Host': 'waits for input that never comes (Intune runs without -NonInteractive)',
  'Get-Credential': 'prompts for input that never comes',
  'Out-GridView': 'opens a window that nobody sees',
  'Show-Command': 'opens a window that nobody sees',
  'Restart-Computer': 'reboots the device; a remediation never reboots',
  'Stop-Computer': 'shuts the device down; a remediation never does',
  'Set-ExecutionPolicy': "changes the device's execution policy",
  'Suspend-BitLocker': 'suspends disk protection',
  'Disable-BitLocker': 'decrypts the disk',
  'Install-Module': 'downloads from the PowerShell Gallery at run time (it hung Intune queues for an hour)',
  'Install-Package': 'downloads packages at run time',
  'Install-PackageProvider': 'downloads a package provider at run time',
};

let table: { commands: ReadonlyMap<string, AllowedCommand>; aliases: ReadonlySet<string> } | undefined;

/** Windows PowerShell 5.1's commands keyed by lower-case name (the forbidden ones included), read once per process. */
function ps51(): { commands: ReadonlyMap<string, AllowedCommand>; aliases: ReadonlySet<string> } {
  if (!table) {
    const raw = JSON.parse(readFileSync(path.join(REMC_ROOT, 'compiler', 'ps', 'data', 'windows-powershell-5.1', 'commands.json'), 'utf8')) as {
      commands: Record<string, string[]>;
      aliases: string[];
    };
    table = {
      commands: new Map(Object.entries(raw.commands).map(([name, parameters]) => [name.toLowerCase(), { name, parameters }])),
      aliases: new Set(raw.aliases.map((a) => a.toLowerCase())),
    };
  }
  return table;
}

/** The commands a generated script may run: Windows PowerShell 5.1's, less {@link FORBIDDEN_COMMANDS}. */
export function allowedCommands(): ReadonlyMap<string, AllowedCommand> {
  const forbidden = new Set(Object.keys(FORBIDDEN_COMMANDS).map((c) => c.toLowerCase()));
  return new Map([...ps51().commands].filter(([key]) => !forbidden.has(key)));
}

export type ParameterMatch =
  | { readonly kind: 'exact' | 'prefix' | 'alias'; readonly name: string }
  | { readonly kind: 'ambiguous'; readonly names: readonly string[] }
  | { readonly kind: 'unknown' };

/**
 * How PowerShell binds `-used` among `names` (plus the common parameters): case-insensitive, an exact
 * name wins, else a prefix of exactly one name; several is an error in PowerShell too.
 */
export function resolveParameter(names: readonly string[], used: string): ParameterMatch {
  const want = used.toLowerCase();
  const all = [...new Set([...names, ...COMMON_PARAMETERS])];
  const exact = all.find((n) => n.toLowerCase() === want);
  if (exact) return { kind: 'exact', name: exact };
  const alias = COMMON_ALIASES[want];
  if (alias) return { kind: 'alias', name: alias };
  const prefixed = all.filter((n) => n.toLowerCase().startsWith(want));
  if (prefixed.length === 1) return { kind: 'prefix', name: prefixed[0]! };
  if (prefixed.length > 1) return { kind: 'ambiguous', names: prefixed };
  return { kind: 'unknown' };
}

// ---------------------------------------------------------------------------------------------------
// Finding commands: PowerShell reads the first word of each pipeline element as a command (command
// mode); everything else is an argument or an expression. The frames say where we are.

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

export function analyzeScript(text: string): ScriptAnalysis {
  const result: ScriptAnalysis = { commands: [], functions: [], problems: [] };
  analyzeTokens(tokenize(text), result);
  return result;
}

function analyzeTokens(tokens: readonly Token[], out: ScriptAnalysis): void {
  const code = tokens.filter((t) => t.kind !== 'comment');
  const stack: Frame[] = [frame('root')];
  const top = () => stack[stack.length - 1]!;
  let expect = true; // the next token starts a pipeline element
  let pipelineElement = false; // after `|`: even keywords are commands there (`| foreach {}`)
  let invocation: '&' | '.' | undefined; // `&` / `.` seen at a command start
  let invocationToken: Token | undefined;
  let pendingOwner: string | undefined; // the keyword whose `(` comes next: foreach (`in <pipeline>`), param
  let switchDepth = -1; // the next `{` at this depth is a switch body
  let functionName = false;
  let prev: Token | undefined;

  const inCurrent = () => top().current !== undefined && !top().current!.done;
  const endCommand = () => {
    top().current = undefined;
  };
  const statementStart = () => {
    endCommand();
    expect = STATEMENT_FRAMES.has(top().kind);
    pipelineElement = false;
    invocation = undefined;
  };
  const startCommand = (name: string | null, at: Token) => {
    const use: CommandUse = { name, invocation: invocation ?? '', line: at.line, column: at.column, parameters: [] };
    out.commands.push(use);
    top().current = { use, done: false };
    expect = false;
    pipelineElement = false;
    invocation = undefined;
  };
  const problem = (t: Token, message: string) => out.problems.push({ line: t.line, column: t.column, rule: 'syntax', message });
  const nextCode = (n: number) => code[n + 1];

  for (let n = 0; n < code.length; n++) {
    const t = code[n]!;
    for (const inner of t.nested ?? []) analyzeTokens(inner, out); // "...$(code)..." is parsed code

    if (t.kind === 'newline') {
      // A line ending in `,`, `|` or a binary operator continues on the next line.
      const continues =
        prev !== undefined &&
        (prev.text === ',' || prev.text === '|' || (prev.kind === 'operator' && !inCurrent() && prev.text !== '++' && prev.text !== '--'));
      if (!continues) statementStart();
      continue;
    }

    // `& name`, `& $x`, `& { }`, `. name`: the token after the operator names (or computes) the command.
    if (invocation !== undefined) {
      if (t.kind === 'bareword') {
        startCommand(t.text, t);
        prev = t;
        continue;
      }
      const constant = t.kind === 'string' && (t.nested ?? []).length === 0 && !/\$/.test(t.value ?? '');
      startCommand(constant ? unquote(t) : null, invocationToken ?? t);
      if (t.kind !== 'punct') {
        prev = t;
        continue;
      }
      expect = true; // `& { ... }` / `& (...)`: fall through to open the frame
    }

    switch (t.kind) {
      case 'punct': {
        const p = t.text;
        if (p === '(') {
          const kind = top().kind === 'type' ? 'attr' : 'paren';
          stack.push(frame(kind, kind === 'paren' ? pendingOwner : undefined));
          expect = kind === 'paren';
        } else if (p === '$(' || p === '@(') {
          stack.push(frame('sub'));
          expect = true;
        } else if (p === '@{') {
          stack.push(frame('hash'));
          expect = false; // a key
        } else if (p === '{') {
          const isSwitch = switchDepth === stack.length;
          stack.push(frame(isSwitch ? 'switch' : 'block'));
          if (isSwitch) switchDepth = -1;
          expect = !isSwitch;
        } else if (p === '[') {
          stack.push(frame(!t.spaced && isValue(prev) ? 'index' : 'type'));
          expect = false;
        } else if (p === ')' || p === '}' || p === ']') {
          const closed = stack.length > 1 ? stack.pop()! : undefined; // an enclosing command reads on: Get-A (Get-B) -X
          expect = closed?.owner === 'param'; // { param($q) Get-A $q }: a statement follows param( )
        } else if (p === ';') {
          statementStart();
        } else if (p === '.') {
          if (expect) {
            invocation = '.';
            invocationToken = t;
          } else expect = false;
        } else {
          expect = false; // ,
        }
        pipelineElement = false;
        break;
      }
      case 'operator': {
        const o = t.text;
        if (o === '|' || o === '&&' || o === '||') {
          endCommand();
          expect = true;
          pipelineElement = true;
        } else if (o === '&') {
          if (expect) {
            invocation = '&';
            invocationToken = t;
          } else {
            problem(t, '`&` after a command (run as a background job) needs PowerShell 6; ' + NEEDS_7);
            endCommand();
            expect = true;
          }
        } else if (ASSIGNMENTS.has(o)) {
          if (top().kind !== 'type' && top().kind !== 'attr') {
            endCommand();
            expect = true;
          }
        } else if (expect && (o === '%' || o === '?')) {
          // Aliases of ForEach-Object / Where-Object at a command start.
          if (o === '?') problem(t, "`?` (alias of Where-Object) is not allowed in remc's PowerShell: write Where-Object (and PowerShell 7 reads a standalone ? as the ternary operator)");
          startCommand(o, t);
        } else if (o === '?') {
          problem(t, `\`?\` (ternary \`a ? b : c\`) needs PowerShell 7; ${NEEDS_7}`);
          expect = false;
        } else if (o === '--' && inCurrent()) {
          // End of parameters: what follows is arguments. PowerShell's AST keeps `--` as a parameter named '-'.
          top().current!.use.parameters.push({ name: '-', line: t.line, column: t.column });
          top().current!.done = true;
        } else if (o === '--%' && inCurrent()) {
          // Stop-parsing: the native program gets the text up to the line end or a `|` outside "..."
          // (PowerShell's GetVerbatimCommandArgument); a "..." token here is one string already.
          top().current!.done = true;
          const ends = (u: Token) => u.kind === 'newline' || u.text === '|' || u.text === '&&' || u.text === '||';
          while (n + 1 < code.length && !ends(code[n + 1]!)) n++;
        } else if (isDashWord(t) && inCurrent()) {
          top().current!.use.parameters.push(parameterUse(t)); // command mode: -eq is a parameter (Where-Object Name -eq x)
        } else {
          expect = false;
        }
        break;
      }
      case 'parameter':
        if (inCurrent()) top().current!.use.parameters.push(parameterUse(t));
        expect = false;
        break;
      case 'bareword': {
        const word = t.text.toLowerCase();
        if (functionName) {
          out.functions.push(t.text.replace(/^(global|script|local|private):/i, ''));
          functionName = false;
          expect = false;
        } else if (expect && !pipelineElement && KEYWORDS.has(word)) {
          expect = word === 'return' || word === 'throw' || word === 'exit'; // these take a pipeline
          functionName = word === 'function' || word === 'filter' || word === 'workflow' || word === 'configuration';
          pendingOwner = word === 'foreach' || word === 'param' ? word : undefined;
          if (word === 'switch') switchDepth = stack.length;
          prev = t;
          continue;
        } else if (expect && word === 'clean' && nextCode(n)?.text === '{') {
          problem(t, "`clean { }` blocks need PowerShell 7.3; Windows PowerShell 5.1 runs a command named 'clean' instead");
          expect = false;
        } else if (expect) {
          startCommand(t.text, t);
        } else if (word === 'in' && top().owner === 'foreach' && stack.length > 1) {
          expect = true; // foreach ($x in <pipeline>)
        } else {
          expect = false;
        }
        break;
      }
      default:
        expect = false; // variable, string, number, redirection: an expression or an argument
        pipelineElement = false;
    }
    pendingOwner = undefined;
    prev = t;
  }
}

function unquote(t: Token): string {
  const v = t.value ?? '';
  return t.text.startsWith('"') ? v.replace(/""/g, '"') : v.replace(/''/g, "'");
}

function parameterUse(t: Token): ParameterUse {
  return { name: t.text.slice(1).replace(/:$/, ''), line: t.line, column: t.column };
}

// ---------------------------------------------------------------------------------------------------
// Token-level syntax: operators and literals that 5.1's parser does not know.

function tokenProblems(tokens: readonly Token[]): CompatProblem[] {
  const problems: CompatProblem[] = [];
  const add = (line: number, column: number, message: string) => problems.push({ line, column, rule: 'syntax', message });
  for (const t of allTokens(tokens)) {
    const symbol = t.kind === 'operator' ? SYMBOL_PROBLEMS.get(t.text) : undefined;
    if (symbol) add(t.line, t.column, symbol);
    if (t.unterminated) add(t.line, t.column, `unterminated ${t.kind === 'comment' ? 'block comment' : t.kind === 'variable' ? '${...} variable' : 'string'}; ${NEEDS_7}`);
    if (t.kind === 'comment') {
      const requires = /^#requires\s/i.test(t.text) ? t.text : '';
      const version = /-version\s+(\d+)(?:\.(\d+))?/i.exec(requires);
      if (version && (Number(version[1]) > 5 || (Number(version[1]) === 5 && Number(version[2] ?? 0) > 1))) {
        add(t.line, t.column, `\`#requires -Version ${version[1]}${version[2] ? `.${version[2]}` : ''}\` makes Windows PowerShell 5.1 refuse to run the script`);
      }
      if (/-psedition\s+core\b/i.test(requires)) add(t.line, t.column, '`#requires -PSEdition Core` makes Windows PowerShell 5.1 (Desktop edition) refuse to run the script');
    }
    for (const e of t.escapes ?? []) {
      if (e.text.startsWith('`e')) add(e.line, e.column, '`` `e `` (escape character) needs PowerShell 6; Windows PowerShell 5.1 reads it as the letter e');
      if (e.text === '`u{') {
        add(e.line, e.column, '`` `u{...} `` (Unicode escape) needs PowerShell 6; Windows PowerShell 5.1 reads it as the letter u');
      }
    }
    if (t.kind === 'number') {
      if (/^0b/i.test(t.text)) add(t.line, t.column, `\`${t.text}\` (binary literal) needs PowerShell 7; ${NEEDS_7}`);
      const suffix = /[a-z]*$/i.exec(t.text.replace(/^0x[0-9a-f]+/i, '0'))![0];
      if (suffix && NUMBER_SUFFIX_7.test(suffix)) add(t.line, t.column, `the numeric suffix of \`${t.text}\` needs PowerShell 6.2 or 7; ${NEEDS_7}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------

/** Native programs: a path or a name with an executable extension. Module\Cmdlet is a cmdlet. */
function isNative(name: string): boolean {
  if (/^[A-Za-z][\w.]*\\[A-Za-z]+-\w+$/.test(name)) return false;
  return /[\\/]/.test(name) || /\.(exe|com|cmd|bat)$/i.test(name);
}

function commandProblems(use: CommandUse, defined: ReadonlySet<string>): CompatProblem[] {
  const name = use.name;
  if (name === null || name === '?' || isNative(name)) return [];
  const bare = name.replace(/^[A-Za-z][\w.]*\\/, ''); // Microsoft.PowerShell.Utility\Write-Output
  if (defined.has(bare.toLowerCase())) return [];
  const forbidden = Object.entries(FORBIDDEN_COMMANDS).find(([c]) => c.toLowerCase() === bare.toLowerCase());
  if (forbidden) return [{ line: use.line, column: use.column, rule: 'command', message: `'${name}' ${forbidden[1]}` }];
  const allowed = ps51().commands.get(bare.toLowerCase());
  if (!allowed) {
    if (ps51().aliases.has(bare.toLowerCase())) return [];
    const hint = bare.includes('-') ? '' : '; if it is an alias, write the command it stands for';
    return [{ line: use.line, column: use.column, rule: 'command', message: `'${name}' is not a command of Windows PowerShell 5.1 (nor a function of the script)${hint}` }];
  }
  const problems: CompatProblem[] = [];
  for (const p of use.parameters) {
    if (p.name === '-') continue; // `--`: the end of the parameters
    const match = resolveParameter(allowed.parameters, p.name);
    if (match.kind === 'unknown') {
      problems.push({ line: p.line, column: p.column, rule: 'parameter', message: `'-${p.name}' is not a parameter of ${allowed.name} in Windows PowerShell 5.1` });
    } else if (match.kind === 'ambiguous') {
      problems.push({
        line: p.line,
        column: p.column,
        rule: 'parameter',
        message: `'-${p.name}' is ambiguous for ${allowed.name} (${match.names.map((m) => `-${m}`).join(', ')}): PowerShell stops with an error; write the full name`,
      });
    }
  }
  return problems;
}

/**
 * Everything in `file` that Windows PowerShell 5.1 cannot parse or run: PowerShell 7-only syntax,
 * commands outside the allowlist (unless defined here or in `knownFunctions`), unknown parameters.
 * Sorted by position.
 */
export function checkWindowsPowerShell51(file: { path: string; text: string }, knownFunctions?: ReadonlySet<string>): CompatProblem[] {
  const tokens = tokenize(file.text);
  const analysis: ScriptAnalysis = { commands: [], functions: [], problems: [] };
  analyzeTokens(tokens, analysis);
  const defined = new Set([...analysis.functions, ...(knownFunctions ?? [])].map((f) => f.toLowerCase()));
  const problems = [...tokenProblems(tokens), ...analysis.problems];
  for (const use of analysis.commands) problems.push(...commandProblems(use, defined));
  return problems.sort((a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}
