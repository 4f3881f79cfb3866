/**
 * Can Windows PowerShell 5.1 run this? Intune and RMM agents run 5.1, remc's tests run PowerShell 7,
 * which accepts more; this check closes that gap without PowerShell. Two layers:
 *  - syntax: constructs 5.1 cannot parse (?:, ??, ?., &&, clean {}, #requires -Version 7, ...);
 *  - commands: every command is a function of the script, a keyword, a native program, or a command
 *    Windows PowerShell 5.1 ships on Windows 10 1809 / Server 2019 (build 17763), the oldest Windows
 *    still in support (compiler/ps/data/windows-powershell-5.1, derived from a profile collected on
 *    such a machine: compiler/dev/ps51-data.ts), and not one of FORBIDDEN_COMMANDS
 *    (compiler/ps/data/refused-commands.json); each -Parameter is one of that command's parameters or
 *    their aliases.
 * A line may carry `# remc-allow REMC023: <reason>` (or have it on the line above) to accept its
 * command and parameter findings; the check reports each one it used, so the README can list them.
 * .NET types and methods are out of scope.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REMC_ROOT } from '../paths.ts';
import { allTokens, NUMBER_SUFFIX_7, tokenize, type Token } from './tokens.ts';

export interface CompatProblem {
  readonly line: number;
  readonly column: number;
  /** `suppression`: a `# remc-allow` comment that is itself wrong (no reason, another code). */
  readonly rule: 'syntax' | 'command' | 'parameter' | 'suppression';
  readonly message: string;
}

/** A `# remc-allow REMC023: <reason>` comment of the script. */
export interface Allowance {
  /** Where the comment is. */
  readonly line: number;
  readonly column: number;
  /** The line whose findings it accepts: its own when code precedes it there, else the next one. */
  readonly target: number;
  readonly reason: string;
  /** The findings it accepted; none when it is unused. */
  readonly accepted: readonly CompatProblem[];
  /** Why it accepted nothing (only when `accepted` is empty). */
  readonly unused?: string;
}

/** What {@link windowsPowerShell51Report} finds: the problems left (errors) and every valid allowance. */
export interface Compat51Report {
  readonly problems: CompatProblem[];
  readonly allowances: Allowance[];
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

/** Where the shipped table comes from (compiler/dev/ps51-data.ts writes it). */
export interface Ps51Source {
  readonly repository: string;
  readonly commit: string;
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly licence: string;
  /** The machine it was collected on, as the profile names it: "Microsoft Windows 10 Pro 10.0.17763.0". */
  readonly windows: string;
  readonly powershell: string;
}

export interface Ps51Command {
  /** Names as 5.1 spells them (every parameter set; no common parameters), sorted. */
  readonly parameters: readonly string[];
  /** Alias -> parameter, when the command has any. */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** compiler/ps/data/windows-powershell-5.1/commands.json. */
export interface Ps51Table {
  readonly source: Ps51Source;
  readonly commands: Readonly<Record<string, Ps51Command>>;
  /** Alias -> the command it stands for. */
  readonly aliases: Readonly<Record<string, string>>;
}

export interface AllowedCommand {
  readonly name: string;
  readonly parameters: readonly string[];
  /** Alias -> parameter. */
  readonly aliases: Readonly<Record<string, string>>;
}

/**
 * 5.1 commands a generated script must not run, and why: anything on the host, warning, verbose or
 * error stream replaces or spoils Intune's summary line (stderr turns a remediation into a script
 * error); a prompt waits until the time-out (Intune runs without -NonInteractive); a reboot or a
 * policy change is never a remediation's to make. One list, in compiler/ps/data/refused-commands.json:
 * the templates' Pester rules (compiler/proof/harness/template-rules.ps1) read it too.
 */
export const FORBIDDEN_COMMANDS: Readonly<Record<string, string>> = JSON.parse(
  readFileSync(path.join(REMC_ROOT, 'compiler', 'ps', 'data', 'refused-commands.json'), 'utf8'),
) as Record<string, string>;

let table: { commands: ReadonlyMap<string, AllowedCommand>; aliases: ReadonlyMap<string, string> } | undefined;

/** The shipped table as it is on disk. */
export function ps51Table(): Ps51Table {
  return JSON.parse(readFileSync(path.join(REMC_ROOT, 'compiler', 'ps', 'data', 'windows-powershell-5.1', 'commands.json'), 'utf8')) as Ps51Table;
}

/** Windows PowerShell 5.1's commands and aliases keyed by lower-case name (the forbidden ones included), read once per process. */
function ps51(): { commands: ReadonlyMap<string, AllowedCommand>; aliases: ReadonlyMap<string, string> } {
  if (!table) {
    const raw = ps51Table();
    table = {
      commands: new Map(Object.entries(raw.commands).map(([name, c]) => [name.toLowerCase(), { name, parameters: c.parameters, aliases: c.aliases ?? {} }])),
      aliases: new Map(Object.entries(raw.aliases).map(([alias, target]) => [alias.toLowerCase(), target])),
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
 * How PowerShell binds `-used` among `names` and their `aliases` (alias -> parameter; plus the common
 * parameters and theirs): case-insensitive, an exact name or alias wins, else a prefix of names and
 * aliases that all mean one parameter; several is an error in PowerShell too.
 */
export function resolveParameter(names: readonly string[], used: string, aliases: Readonly<Record<string, string>> = {}): ParameterMatch {
  const want = used.toLowerCase();
  const all = [...new Set([...names, ...COMMON_PARAMETERS])];
  const exact = all.find((n) => n.toLowerCase() === want);
  if (exact) return { kind: 'exact', name: exact };
  const aliased = new Map([...Object.entries(COMMON_ALIASES), ...Object.entries(aliases)].map(([a, p]) => [a.toLowerCase(), p]));
  const alias = aliased.get(want);
  if (alias) return { kind: 'alias', name: alias };
  const prefixed = new Set(all.filter((n) => n.toLowerCase().startsWith(want)));
  for (const [a, p] of aliased) if (a.startsWith(want)) prefixed.add(p);
  if (prefixed.size === 1) return { kind: 'prefix', name: [...prefixed][0]! };
  if (prefixed.size > 1) return { kind: 'ambiguous', names: [...prefixed] };
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
  const refused = (command: string) => Object.entries(FORBIDDEN_COMMANDS).find(([c]) => c.toLowerCase() === command.toLowerCase())?.[1];
  const forbidden = refused(bare);
  if (forbidden) return [{ line: use.line, column: use.column, rule: 'command', message: `'${name}' ${forbidden}` }];
  let allowed = ps51().commands.get(bare.toLowerCase());
  if (!allowed) {
    // An alias: its command's rules and parameters (`oh` is Out-Host, `% -Parallel` is ForEach-Object's).
    const target = ps51().aliases.get(bare.toLowerCase());
    if (target === undefined) {
      const hint = bare.includes('-') ? '' : '; if it is an alias, write the command it stands for';
      return [{ line: use.line, column: use.column, rule: 'command', message: `'${name}' is not a command of Windows PowerShell 5.1 (nor a function of the script)${hint}` }];
    }
    const targetRefused = refused(target);
    if (targetRefused) return [{ line: use.line, column: use.column, rule: 'command', message: `'${name}' (an alias of ${target}) ${targetRefused}` }];
    allowed = ps51().commands.get(target.toLowerCase());
    if (!allowed) return [];
  }
  const problems: CompatProblem[] = [];
  for (const p of use.parameters) {
    if (p.name === '-') continue; // `--`: the end of the parameters
    const match = resolveParameter(allowed.parameters, p.name, allowed.aliases);
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

// ---------------------------------------------------------------------------------------------------
// `# remc-allow REMC023: <reason>`: a line's command and parameter findings, accepted on purpose.

const ALLOW = /^#\s*remc-allow\b(.*)$/i;

/** The `# remc-allow` comments of the script: valid ones, and the problems of the others. */
function allowComments(tokens: readonly Token[]): { allowances: Array<Omit<Allowance, 'accepted'>>; problems: CompatProblem[] } {
  const all = allTokens(tokens);
  const codeStarts = new Map<number, number>(); // line -> the column of its first code token
  for (const t of all) {
    if (t.kind === 'comment' || t.kind === 'newline') continue;
    const first = codeStarts.get(t.line);
    if (first === undefined || t.column < first) codeStarts.set(t.line, t.column);
  }
  const allowances: Array<Omit<Allowance, 'accepted'>> = [];
  const problems: CompatProblem[] = [];
  for (const t of all) {
    const comment = t.kind === 'comment' ? ALLOW.exec(t.text) : null;
    if (!comment) continue;
    const wrong = (message: string) => problems.push({ line: t.line, column: t.column, rule: 'suppression', message });
    const parts = /^\s+(REMC\d+)\b\s*(?::(.*))?$/i.exec(comment[1]!);
    if (!parts) {
      wrong('`# remc-allow` names no code: write `# remc-allow REMC023: <reason>` on the line, or on the line above');
    } else if (parts[1]!.toUpperCase() !== 'REMC023') {
      wrong(`\`# remc-allow ${parts[1]}\`: only REMC023 (Windows PowerShell 5.1) can be allowed by a comment`);
    } else if ((parts[2] ?? '').trim() === '') {
      wrong('`# remc-allow REMC023` gives no reason: write why Windows PowerShell 5.1 runs this line after the colon (`# remc-allow REMC023: <reason>`)');
    } else {
      const trailing = (codeStarts.get(t.line) ?? Infinity) < t.column;
      allowances.push({ line: t.line, column: t.column, target: trailing ? t.line : t.line + 1, reason: parts[2]!.trim() });
    }
  }
  return { allowances, problems };
}

const byPosition = (a: CompatProblem, b: CompatProblem) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);

/**
 * Everything in `file` that Windows PowerShell 5.1 cannot parse or run: PowerShell 7-only syntax,
 * commands outside the allowlist (unless defined here or in `knownFunctions`), unknown parameters;
 * less the command and parameter findings of lines a `# remc-allow REMC023: <reason>` accepts (never
 * syntax: 5.1 could not parse the file at all), plus each such comment that is wrong. Sorted by
 * position; `allowances` lists every valid comment with what it accepted.
 */
export function windowsPowerShell51Report(file: { path: string; text: string }, knownFunctions?: ReadonlySet<string>): Compat51Report {
  const tokens = tokenize(file.text);
  const analysis: ScriptAnalysis = { commands: [], functions: [], problems: [] };
  analyzeTokens(tokens, analysis);
  const defined = new Set([...analysis.functions, ...(knownFunctions ?? [])].map((f) => f.toLowerCase()));
  const found = [...tokenProblems(tokens), ...analysis.problems];
  for (const use of analysis.commands) found.push(...commandProblems(use, defined));
  const comments = allowComments(tokens);
  const accepted = new Set<CompatProblem>();
  const allowances = comments.allowances.map((a): Allowance => {
    const onTarget = found.filter((p) => p.line === a.target);
    const mine = onTarget.filter((p) => p.rule !== 'syntax');
    for (const p of mine) accepted.add(p);
    if (mine.length > 0) return { ...a, accepted: mine };
    const which = a.target === a.line ? 'this line' : 'the line below it';
    const unused =
      onTarget.length > 0
        ? `\`# remc-allow REMC023\` cannot accept PowerShell 7-only syntax (${which}): Windows PowerShell 5.1 cannot parse the script at all`
        : `\`# remc-allow REMC023\` accepts nothing: ${which} has no Windows PowerShell 5.1 finding; remove the comment`;
    return { ...a, accepted: [], unused };
  });
  const problems = [...found.filter((p) => !accepted.has(p)), ...comments.problems];
  return { problems: problems.sort(byPosition), allowances };
}

/** The problems of {@link windowsPowerShell51Report}: empty when Windows PowerShell 5.1 runs the file. */
export function checkWindowsPowerShell51(file: { path: string; text: string }, knownFunctions?: ReadonlySet<string>): CompatProblem[] {
  return windowsPowerShell51Report(file, knownFunctions).problems;
}
