/**
 * Constrained Language Mode (CLM), statically: what in a piece of PowerShell the language mode that
 * AppLocker and WDAC impose refuses, found without running it. Windows PowerShell 5.1 is what runs on
 * devices, so its rules are the ones followed (about_Language_Modes, 5.1: "ConstrainedLanguage mode";
 * the allowed types and COM objects are data: compiler/ps/data/clm-core-types.json, with its source).
 *
 * The rules, each a construct the analyzer can type from the text alone:
 *  - `Add-Type`, in any form (CLM compiles no C#, declares no Win32 API, and what it would load is no
 *    allowed type anyway);
 *  - `New-Object` of a type that is not allowed (`-TypeName`, or the first positional argument), or of
 *    a type it cannot read (a variable, an expression: counted as refused); `-ComObject` of anything but
 *    Scripting.Dictionary, Scripting.FileSystemObject and VBScript.RegExp;
 *  - a static method call `[T]::M(...)` or a constructor `[T]::new(...)` on a type that is not allowed
 *    (static property reads such as `[Environment]::MachineName` are allowed, and are not reported);
 *  - a conversion to a type that is not allowed: a cast `[T]<expr>` (also a typed variable `[T] $x =`,
 *    which converts what is assigned) and `<expr> -as [T]` (which gives $null under CLM);
 *    type accelerators and full names, generic (`List[string]`) and array (`T[]`) forms;
 *    `[pscustomobject]@{...}` and `[ref]$x` too: CLM refuses those casts although their types are on
 *    the list (the data file says why);
 *  - a `class` definition.
 * Enums, `Nullable[T]`, arrays of allowed types and a conversion to `[object]` are allowed (the engine's
 * rule, beyond the list); an enum the data file does not name is reported (the analyzer cannot ask .NET
 * whether a name is an enum: the conservative answer).
 *
 * What it cannot see, and does not report: calls of instance methods (`$x.M()`) and property
 * assignments (`$x.P = v`), which CLM refuses on objects of types that are not allowed
 * (`(Get-Item $p).Delete()`, `(Get-Process -Id $PID).Refresh()`): the type of `$x` is known only when
 * the code runs; and typed parameters (`param([IO.FileInfo] $File)`), which convert only an argument
 * of another type, which is the caller's to say. Only running the code under CLM proves those
 * (`remc test` runs checks under it). The other way round, a conversion of a value that already has
 * the target type converts nothing and CLM allows it; the analyzer cannot tell, and reports every
 * conversion to a type that is not allowed.
 *
 * A block that runs only in FullLanguage, `if ($ExecutionContext.SessionState.LanguageMode -eq
 * 'FullLanguage') { ... }` (with or without a `[string]` cast), is not reported: CLM never runs it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REMC_ROOT } from '../paths.ts';
import { analyzeScript } from './compat.ts';
import { tokenize, type Token } from './tokens.ts';

export type ClmRule = 'add-type' | 'new-object' | 'com-object' | 'static-method' | 'constructor' | 'conversion' | 'class';

/** One construct Constrained Language Mode refuses. */
export interface ClmFinding {
  /** 1-based, in the text given. */
  readonly line: number;
  readonly column: number;
  readonly rule: ClmRule;
  /** The construct, short: "[math]::Round(...)", "New-Object System.Collections.ArrayList", "Add-Type". */
  readonly construct: string;
  /** Why CLM refuses it: "Constrained Language Mode refuses method calls on [System.Math]". */
  readonly message: string;
}

/** compiler/ps/data/clm-core-types.json. */
export interface ClmCoreTypes {
  readonly source: { readonly title: string; readonly url: string; readonly repository: string; readonly path: string; readonly commit: string; readonly msDate: string };
  readonly notes: readonly string[];
  /** The page's Allowed Types, by the .NET type each names. */
  readonly types: ReadonlyArray<{ readonly fullName: string; readonly accelerators: readonly string[] }>;
  readonly comObjects: readonly string[];
  readonly engineRules: { readonly enums: boolean; readonly nullable: boolean; readonly arraysOfAllowedTypes: boolean; readonly conversionToObject: boolean };
  /** Accelerators whose hashtable cast CLM refuses although the type is listed. */
  readonly refusedDespiteList: readonly string[];
  /** Enum types the analyzer knows by name. */
  readonly enums: readonly string[];
}

let data: ClmCoreTypes | undefined;

/** The allowed types as shipped (read once per process). */
export function clmCoreTypes(): ClmCoreTypes {
  data ??= JSON.parse(readFileSync(path.join(REMC_ROOT, 'compiler', 'ps', 'data', 'clm-core-types.json'), 'utf8')) as ClmCoreTypes;
  return data;
}

/**
 * Other names PowerShell resolves that are not allowed: only so messages name the .NET type
 * ("[System.Math]" for `[math]`). A name not here and not allowed is shown as written.
 */
const OTHER_TYPES = [
  'System.Object', 'System.Type', 'System.Math', 'System.Environment', 'System.Convert', 'System.BitConverter', 'System.Enum',
  'System.Activator', 'System.AppDomain', 'System.GC', 'System.Console', 'System.IntPtr', 'System.Runtime.InteropServices.Marshal',
  'System.IO.Path', 'System.IO.File', 'System.IO.Directory', 'System.IO.FileInfo', 'System.IO.DirectoryInfo', 'System.IO.DriveInfo',
  'System.IO.StreamReader', 'System.IO.StreamWriter', 'System.IO.FileStream', 'System.IO.MemoryStream',
  'System.Collections.ArrayList', 'System.Collections.Stack', 'System.Collections.Queue', 'System.Text.StringBuilder', 'System.Text.Encoding',
  'System.Diagnostics.Process', 'System.Diagnostics.Stopwatch', 'System.Diagnostics.EventLog',
  'System.Security.Principal.WindowsIdentity', 'System.Security.Principal.WindowsPrincipal', 'System.Security.Principal.SecurityIdentifier',
  'System.Net.WebClient', 'System.Net.Dns', 'System.Net.ServicePointManager', 'System.Reflection.Assembly',
  'System.Management.Automation.ScriptBlock', 'System.Management.Automation.PowerShell', 'System.Management.Automation.PSCustomObject',
  'Microsoft.Win32.Registry', 'Microsoft.Win32.RegistryKey',
];
const OTHER_ACCELERATORS: Readonly<Record<string, string>> = {
  object: 'System.Object',
  type: 'System.Type',
  scriptblock: 'System.Management.Automation.ScriptBlock',
  powershell: 'System.Management.Automation.PowerShell',
  psvariable: 'System.Management.Automation.PSVariable',
  psmoduleinfo: 'System.Management.Automation.PSModuleInfo',
  runspace: 'System.Management.Automation.Runspaces.Runspace',
  runspacefactory: 'System.Management.Automation.Runspaces.RunspaceFactory',
  initialsessionstate: 'System.Management.Automation.Runspaces.InitialSessionState',
};

interface TypeTable {
  /** Lower-case accelerator -> full name (allowed). */
  readonly accelerators: ReadonlyMap<string, string>;
  /** Lower-case full name -> full name, of the allowed types. */
  readonly allowed: ReadonlyMap<string, string>;
  /** Lower-case full name -> full name, of the enums known. */
  readonly enums: ReadonlyMap<string, string>;
  /** Lower-case name -> full name, of other types (messages only). */
  readonly others: ReadonlyMap<string, string>;
}

let table: TypeTable | undefined;
function types(): TypeTable {
  if (table) return table;
  const d = clmCoreTypes();
  const accelerators = new Map<string, string>();
  const allowed = new Map<string, string>();
  for (const t of d.types) {
    allowed.set(t.fullName.toLowerCase(), t.fullName);
    for (const a of t.accelerators) accelerators.set(a.toLowerCase(), t.fullName);
  }
  const others = new Map<string, string>(OTHER_TYPES.map((t) => [t.toLowerCase(), t]));
  for (const [a, t] of Object.entries(OTHER_ACCELERATORS)) others.set(a, t);
  table = { accelerators, allowed, enums: new Map(d.enums.map((e) => [e.toLowerCase(), e])), others };
  return table;
}

/** A type name as PowerShell reads it: `System.Collections.Generic.List[string]`, `int[]`, `Nullable[int]`. */
interface TypeRef {
  readonly name: string;
  readonly args: readonly TypeRef[];
  /** How many array suffixes (`[]`, `[,]`) follow, outermost last. */
  readonly ranks: number;
}

/** Parses a type name; undefined when the text is none. */
function parseTypeName(text: string): TypeRef | undefined {
  let i = 0;
  const s = text.replace(/\s+/g, '');
  const parse = (): TypeRef | undefined => {
    const start = i;
    while (i < s.length && /[\w.+`]/.test(s[i]!)) i++;
    if (i === start) return undefined;
    const name = s.slice(start, i);
    const args: TypeRef[] = [];
    let ranks = 0;
    while (s[i] === '[') {
      if (s[i + 1] === ']' || s[i + 1] === ',') {
        i++;
        while (s[i] === ',') i++;
        if (s[i] !== ']') return undefined;
        i++;
        ranks++;
        continue;
      }
      if (ranks > 0 || args.length > 0) return undefined;
      i++;
      for (;;) {
        const bracketed = s[i] === '[';
        if (bracketed) i++;
        const arg = parse();
        if (!arg) return undefined;
        if (bracketed) {
          if (s[i] !== ']') return undefined;
          i++;
        }
        args.push(arg);
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] !== ']') return undefined;
        i++;
        break;
      }
    }
    return { name, args, ranks };
  };
  const ref = parse();
  // `Name, AssemblyName`: the assembly does not change the type's verdict.
  if (!ref || (i < s.length && s[i] !== ',')) return undefined;
  return ref;
}

/** What a type name is under CLM. */
export interface TypeVerdict {
  /** The .NET name, as far as the analyzer knows it (else as written). */
  readonly fullName: string;
  readonly allowed: boolean;
  /** Allowed only because it is an enum the data names. */
  readonly enum: boolean;
}

function lookup(name: string): { fullName: string; allowed: boolean; enum: boolean; known?: boolean } {
  const t = types();
  const key = name.toLowerCase();
  const accelerated = t.accelerators.get(key);
  if (accelerated) return { fullName: accelerated, allowed: true, enum: false };
  // PowerShell tries the name, then the name under System. ([IO.Path] is System.IO.Path).
  for (const candidate of [key, `system.${key}`]) {
    const allowed = t.allowed.get(candidate);
    if (allowed) return { fullName: allowed, allowed: true, enum: false };
    const e = t.enums.get(candidate);
    if (e) return { fullName: e, allowed: true, enum: true };
  }
  for (const candidate of [key, `system.${key}`]) {
    const other = t.others.get(candidate);
    if (other) return { fullName: other, allowed: false, enum: false, known: true };
  }
  return { fullName: name, allowed: false, enum: false, known: false };
}

function verdictOf(ref: TypeRef): TypeVerdict {
  const base = lookup(ref.name.replace(/`\d+$/, ''));
  let fullName = base.fullName;
  let allowed = base.allowed;
  if (ref.args.length > 0) {
    const args = ref.args.map(verdictOf);
    fullName = `${fullName.replace(/`\d+$/, '')}[${args.map((a) => a.fullName).join(',')}]`;
    // Nullable[T] is allowed whatever T is (CoreTypes.Contains); no other generic type is.
    allowed = /^(system\.)?nullable$/i.test(ref.name.replace(/`\d+$/, ''));
  }
  for (let r = 0; r < ref.ranks; r++) {
    fullName += '[]';
    allowed = types().allowed.has(fullName.toLowerCase()) || allowed;
  }
  return { fullName, allowed, enum: base.enum && ref.args.length === 0 };
}

/** Whether CLM allows the type named `text` (a type literal's content: `IO.Path`, `string[]`). Undefined: not a type name. */
export function clmTypeVerdict(text: string): TypeVerdict | undefined {
  const ref = parseTypeName(text);
  return ref ? verdictOf(ref) : undefined;
}

// ---------------------------------------------------------------------------------------------------

const PREFIX = 'Constrained Language Mode';

interface Found extends ClmFinding {
  readonly offset: number;
}

const OPENERS = new Set(['(', '$(', '@(', '{', '@{', '[']);
const CLOSERS = new Set([')', '}', ']']);

/** The index of the token that closes the one at `open` (brackets of every kind counted together). */
function closing(list: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < list.length; k++) {
    const t = list[k]!;
    if (t.kind !== 'punct') continue;
    if (OPENERS.has(t.text)) depth++;
    else if (CLOSERS.has(t.text) && --depth === 0) return k;
  }
  return list.length - 1;
}

/** A value just before `[` makes it an index (`$a[0]`, `$x.Items[1]`), not a type literal. */
function isIndex(before: Token | undefined, open: Token): boolean {
  if (open.spaced || before === undefined) return false;
  return ['variable', 'string', 'hereString', 'bareword', 'number'].includes(before.kind) || [')', ']', '}'].includes(before.text);
}

/** Tokens that start an operand: `[T]` right before one of them converts it. */
function startsOperand(t: Token | undefined): boolean {
  if (!t) return false;
  if (['variable', 'string', 'hereString', 'number'].includes(t.kind)) return true;
  if (t.kind === 'punct') return ['(', '$(', '@(', '@{', '['].includes(t.text);
  if (t.kind === 'operator') return ['!', '-not', '-bnot', '++'].includes(t.text.toLowerCase()) || (t.text === '-' && !t.spaced);
  return false;
}

/** The condition's tokens (inside the parentheses) are `[string]$ExecutionContext.SessionState.LanguageMode -eq 'FullLanguage'`, the cast optional, either side first. */
function isFullLanguageGuard(condition: readonly Token[]): boolean {
  const text = condition
    .filter((t) => t.kind !== 'newline')
    .map((t) => (t.kind === 'string' ? `'${t.value}'` : t.text))
    .join(' ')
    .replace(/\s*\.\s*/g, '.')
    .toLowerCase();
  return /^(?:\[ string \] )?\$executioncontext\.sessionstate\.languagemode -i?eq 'fulllanguage'$/.test(text) ||
    /^'fulllanguage' -i?eq (?:\[ string \] )?\$executioncontext\.sessionstate\.languagemode$/.test(text);
}

/** Offset ranges of blocks that run only in FullLanguage. */
function fullLanguageBlocks(list: readonly Token[]): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  for (let k = 0; k < list.length; k++) {
    const t = list[k]!;
    if (t.kind !== 'bareword' || !/^(if|elseif)$/i.test(t.text)) continue;
    let open = k + 1;
    while (list[open]?.kind === 'newline') open++;
    if (list[open]?.text !== '(') continue;
    const close = closing(list, open);
    if (!isFullLanguageGuard(list.slice(open + 1, close))) continue;
    let body = close + 1;
    while (list[body]?.kind === 'newline') body++;
    if (list[body]?.text !== '{') continue;
    const end = closing(list, body);
    ranges.push([list[body]!.offset, list[end]!.offset]);
  }
  return ranges;
}

/**
 * Casts CLM refuses although their type is on the list (compiler/ps/data/clm-core-types.json,
 * refusedDespiteList): `[pscustomobject]@{...}`, and `[ref]$x`, which makes a PSReference[T].
 */
function refusedCast(name: string): { construct: string; message: string } | undefined {
  const key = name.toLowerCase();
  const listed = clmCoreTypes().refusedDespiteList;
  if (key === 'pscustomobject' && listed.includes('pscustomobject')) {
    return {
      construct: '[pscustomobject]@{...}',
      message: `${PREFIX} refuses the [pscustomobject] cast although the type is allowed (PowerShell issue #20767, Windows PowerShell too); use a hashtable, or New-Object PSObject -Property @{...}`,
    };
  }
  if (listed.includes('ref') && (key === 'ref' || lookup(name).fullName === 'System.Management.Automation.PSReference')) {
    return {
      construct: `[${name}]$...`,
      message: `${PREFIX} refuses the [ref] cast: it makes a PSReference[T], which is not an allowed type (so no [double]::TryParse($s, [ref] $n)); use a pattern and a cast instead`,
    };
  }
  return undefined;
}

/** Token index ranges of `param( ... )` blocks. */
function paramBlocks(list: readonly Token[]): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  for (let k = 0; k < list.length; k++) {
    if (list[k]!.kind !== 'bareword' || !/^param$/i.test(list[k]!.text)) continue;
    let open = k + 1;
    while (list[open]?.kind === 'newline') open++;
    if (list[open]?.text === '(') ranges.push([open, closing(list, open)]);
  }
  return ranges;
}

/**
 * The type-literal rules over one token list (the code of a `$( )` in a string is its own list).
 * `words`: offsets of `[` that start a command argument, which command mode reads as text
 * (`Write-Output [IO.File]::Exists($p)` writes that text and calls nothing).
 */
function typeRules(list: readonly Token[], out: Found[], words: ReadonlySet<number>): void {
  const add = (at: Token, rule: ClmRule, construct: string, message: string) =>
    out.push({ line: at.line, column: at.column, offset: at.offset, rule, construct, message });
  const literalEnds = new Set<number>(); // the `]` of each type literal: a `[` right after one starts another
  const params = paramBlocks(list);
  for (let k = 0; k < list.length; k++) {
    const t = list[k]!;
    for (const inner of t.nested ?? []) typeRules(inner.filter((x) => x.kind !== 'comment'), out, words);
    const prev = list[k - 1];
    if (t.kind === 'bareword' && /^class$/i.test(t.text) && (!prev || prev.kind === 'newline' || [';', '{', '}'].includes(prev.text))) {
      const name = list[k + 1];
      if (name?.kind === 'bareword') add(t, 'class', `class ${name.text}`, `${PREFIX} refuses class definitions`);
      continue;
    }
    if (t.kind !== 'punct' || t.text !== '[' || words.has(t.offset) || (!literalEnds.has(k - 1) && isIndex(prev, t))) continue;
    const first = list[k + 1];
    if (first?.kind !== 'bareword') continue;
    if (list[k + 2]?.text === '(') continue; // an attribute: [Parameter(...)], [ValidateSet(...)]
    const end = closing(list, k);
    const inside = list.slice(k + 1, end);
    if (!inside.every((x) => x.kind === 'bareword' || (x.kind === 'punct' && ['[', ']', ','].includes(x.text)))) continue;
    const written = inside.map((x) => x.text).join('');
    const ref = parseTypeName(written);
    if (!ref) continue;
    const verdict = verdictOf(ref);
    const literal = `[${written}]`;
    const next = list[end + 1];
    k = end; // generic arguments and array ranks are part of this literal
    literalEnds.add(end);
    if (next?.kind === 'operator' && next.text === '::') {
      const member = list[end + 2];
      const call = list[end + 3];
      if (verdict.allowed || member?.kind !== 'bareword' || call?.text !== '(' || call.spaced) continue; // static property reads are allowed
      if (member.text.toLowerCase() === 'new') {
        add(t, 'constructor', `${literal}::new(...)`, `${PREFIX} refuses to create [${verdict.fullName}] (only allowed types can be created)`);
      } else {
        add(t, 'static-method', `${literal}::${member.text}(...)`, `${PREFIX} refuses method calls on [${verdict.fullName}]`);
      }
      continue;
    }
    if (prev?.kind === 'operator' && /^-[ic]?is(not)?$/i.test(prev.text)) continue; // a type test converts nothing
    const asOperator = prev?.kind === 'operator' && /^-[ic]?as$/i.test(prev.text);
    // A typed parameter converts only an argument of another type: what callers pass is not typed here.
    if (!asOperator && next?.kind === 'variable' && params.some(([from, to]) => k > from && k < to)) continue;
    const converts = asOperator || startsOperand(next);
    if (!converts) continue; // a type literal as a value: `-is [T]`, `catch [T]`, `[T].Name`
    const despite = ref.args.length === 0 && ref.ranks === 0 && !asOperator ? refusedCast(ref.name) : undefined;
    if (despite) {
      add(t, 'conversion', despite.construct, despite.message);
      continue;
    }
    if (verdict.allowed || (verdict.fullName === 'System.Object' && clmCoreTypes().engineRules.conversionToObject)) continue;
    if (asOperator) {
      add(prev!, 'conversion', `-as ${literal}`, `${PREFIX} refuses conversion to [${verdict.fullName}] (-as gives $null there)`);
    } else {
      const unknown = ref.args.length === 0 && lookup(ref.name).known === false;
      const hint = unknown ? ' (an enum would be allowed: remc knows the enums compiler/ps/data/clm-core-types.json names)' : '';
      add(t, 'conversion', `${literal}...`, `${PREFIX} refuses conversion to [${verdict.fullName}]${hint}`);
    }
  }
}

/** One argument or parameter of a command, as PowerShell splits them (by whitespace, brackets kept whole). */
interface Element {
  readonly tokens: readonly Token[];
}

function commandElements(list: readonly Token[], start: number): Element[] {
  const elements: Token[][] = [];
  let current: Token[] | undefined;
  let depth = 0;
  let redirected = false;
  for (let k = start; k < list.length; k++) {
    const t = list[k]!;
    if (depth === 0 && (t.kind === 'newline' || [';', ')', '}', ']', '|', '&&', '||'].includes(t.text))) break;
    if (t.kind === 'redirection') {
      redirected = true; // `2>$null`: the target is no argument
      current = undefined;
      continue;
    }
    if (redirected && depth === 0 && !t.spaced) continue;
    redirected = false;
    // A new element at whitespace, and at each parameter (`-TypeName:` and its value are two).
    if (depth === 0 && (current === undefined || t.spaced || t.kind === 'parameter' || current[0]!.kind === 'parameter')) {
      current = [t];
      elements.push(current);
    } else current!.push(t);
    if (t.kind === 'punct' && OPENERS.has(t.text)) depth++;
    else if (t.kind === 'punct' && CLOSERS.has(t.text)) depth--;
  }
  return elements.map((tokens) => ({ tokens }));
}

/** The constant text of an argument (a bare word with its brackets, or a string without expansion), else undefined. */
function constantText(e: Element): string | undefined {
  const [only] = e.tokens;
  if (e.tokens.length === 1 && only!.kind === 'string') {
    if (only!.text.startsWith("'")) return (only!.value ?? '').replace(/''/g, "'");
    return /[$`]/.test(only!.value ?? '') ? undefined : only!.value;
  }
  if (e.tokens.every((t) => t.kind === 'bareword' || (t.kind === 'punct' && ['[', ']', ','].includes(t.text)))) return e.tokens.map((t) => t.text).join('');
  return undefined;
}

const NEW_OBJECT_PARAMETERS: ReadonlyArray<{ name: string; aliases: readonly string[]; takesValue: boolean }> = [
  { name: 'TypeName', aliases: [], takesValue: true },
  { name: 'ArgumentList', aliases: ['Args'], takesValue: true },
  { name: 'Property', aliases: [], takesValue: true },
  { name: 'ComObject', aliases: [], takesValue: true },
  { name: 'Strict', aliases: [], takesValue: false },
];

function newObjectParameter(written: string): (typeof NEW_OBJECT_PARAMETERS)[number] | undefined {
  const want = written.replace(/^[-\u2013\u2014\u2015]/, '').replace(/:$/, '').toLowerCase();
  const exact = NEW_OBJECT_PARAMETERS.find((p) => p.name.toLowerCase() === want || p.aliases.some((a) => a.toLowerCase() === want));
  if (exact) return exact;
  const prefixed = NEW_OBJECT_PARAMETERS.filter((p) => p.name.toLowerCase().startsWith(want));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * `New-Object` and `Add-Type`, wherever a command starts (the compat analyzer finds them); returns the
 * offsets of every command argument that starts with `[` (text, not a type literal, in command mode).
 */
function commandRules(text: string, lists: ReadonlyMap<string, { list: readonly Token[]; index: number }>, out: Found[]): Set<number> {
  const words = new Set<number>();
  for (const use of analyzeScript(text).commands) {
    const at = lists.get(`${use.line}:${use.column}`);
    if (!at) continue;
    const token = at.list[at.index]!;
    const elements = commandElements(at.list, at.index + 1);
    for (const e of elements) if (e.tokens[0]!.text === '[') words.add(e.tokens[0]!.offset);
    const bare = (use.name ?? '').replace(/^[A-Za-z][\w.]*\\/, '').toLowerCase();
    if (bare !== 'new-object' && bare !== 'add-type') continue;
    const add = (rule: ClmRule, construct: string, message: string) => out.push({ line: use.line, column: use.column, offset: token.offset, rule, construct, message });
    if (bare === 'add-type') {
      add('add-type', 'Add-Type', `${PREFIX} refuses Add-Type (no C#, no Win32 API; the types it would load are not allowed types)`);
      continue;
    }
    const named = new Map<string, Element | undefined>();
    const positional: Element[] = [];
    for (let k = 0; k < elements.length; k++) {
      const e = elements[k]!;
      const head = e.tokens[0]!;
      if (head.kind === 'parameter' && e.tokens.length === 1) {
        const p = newObjectParameter(head.text);
        if (!p) continue;
        named.set(p.name, p.takesValue || head.text.endsWith(':') ? elements[++k] : undefined);
      } else positional.push(e);
    }
    if (named.has('ComObject')) {
      const value = named.get('ComObject');
      const progId = value ? constantText(value) : undefined;
      if (progId === undefined || !clmCoreTypes().comObjects.some((c) => c.toLowerCase() === progId.toLowerCase())) {
        add('com-object', `New-Object -ComObject ${progId ?? '<computed>'}`, `${PREFIX} allows only the COM objects ${clmCoreTypes().comObjects.join(', ')}`);
      }
      continue;
    }
    const typeArg = named.has('TypeName') ? named.get('TypeName') : positional[0];
    if (!typeArg) {
      add('new-object', 'New-Object', `${PREFIX} allows New-Object only of allowed types, and remc cannot read which type this one creates`);
      continue;
    }
    const written = constantText(typeArg);
    const verdict = written === undefined ? undefined : clmTypeVerdict(written);
    if (!verdict) {
      add('new-object', `New-Object ${typeArg.tokens.map((t) => t.text).join('')}`, `${PREFIX} allows New-Object only of allowed types, and remc cannot read which type this one creates (a variable or an expression)`);
    } else if (!verdict.allowed) {
      add('new-object', `New-Object ${written}`, `${PREFIX} refuses to create [${verdict.fullName}] (New-Object creates only allowed types)`);
    }
  }
  return words;
}

function index(list: readonly Token[], into: Map<string, { list: readonly Token[]; index: number }>): void {
  list.forEach((t, i) => {
    into.set(`${t.line}:${t.column}`, { list, index: i });
    for (const inner of t.nested ?? []) index(inner.filter((x) => x.kind !== 'comment'), into);
  });
}

/**
 * What Constrained Language Mode refuses in `text` that the analyzer can see (see the top of this file
 * for the rules and what it cannot see), sorted by position; empty when it finds nothing.
 */
export function constrainedLanguageFindings(text: string): ClmFinding[] {
  const code = tokenize(text).filter((t) => t.kind !== 'comment');
  const found: Found[] = [];
  const lists = new Map<string, { list: readonly Token[]; index: number }>();
  index(code, lists);
  const words = commandRules(text, lists, found);
  typeRules(code, found, words);
  const guarded = fullLanguageBlocks(code);
  return found
    .filter((f) => !guarded.some(([from, to]) => f.offset > from && f.offset < to))
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map(({ offset: _offset, ...f }) => f);
}
