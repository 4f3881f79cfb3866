/**
 * The commands of a script as the CLM rules read them: each command the compat analyzer finds, with
 * its arguments split the way PowerShell splits them; and New-Object's arguments by parameter.
 */
import { analyzeScript, type CommandUse } from '../compat/command-mode.ts';
import type { Token } from '../tokens.ts';
import { CLOSERS, OPENERS } from './brackets.ts';

/** One argument or parameter of a command, as PowerShell splits them (by whitespace, brackets kept whole). */
export interface Element {
  readonly tokens: readonly Token[];
}

/** A command of the script: where it is in its token list, its name without a module (lower-case), its elements. */
export interface CommandSite {
  readonly use: CommandUse;
  readonly token: Token;
  readonly bare: string;
  readonly elements: readonly Element[];
}

/** Every token list of the script (the code of a string's `$( )` is its own) by `line:column` of each token. */
export type TokenIndex = ReadonlyMap<string, { list: readonly Token[]; index: number }>;

export function indexTokens(list: readonly Token[], into: Map<string, { list: readonly Token[]; index: number }> = new Map()): Map<string, { list: readonly Token[]; index: number }> {
  list.forEach((t, i) => {
    into.set(`${t.line}:${t.column}`, { list, index: i });
    for (const inner of t.nested ?? []) indexTokens(inner.filter((x) => x.kind !== 'comment'), into);
  });
  return into;
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

/** The commands of `text` that `lists` holds (the compat analyzer finds them). */
export function commandSites(text: string, lists: TokenIndex): CommandSite[] {
  const sites: CommandSite[] = [];
  for (const use of analyzeScript(text).commands) {
    const at = lists.get(`${use.line}:${use.column}`);
    if (!at) continue;
    const bare = (use.name ?? '').replace(/^[A-Za-z][\w.]*\\/, '').toLowerCase();
    sites.push({ use, token: at.list[at.index]!, bare, elements: commandElements(at.list, at.index + 1) });
  }
  return sites;
}

/** The offsets of every command argument that starts with `[`: text in command mode, not a type literal. */
export function argumentBrackets(sites: readonly CommandSite[]): Set<number> {
  const words = new Set<number>();
  for (const site of sites) for (const e of site.elements) if (e.tokens[0]!.text === '[') words.add(e.tokens[0]!.offset);
  return words;
}

/** The constant text of an argument (a bare word with its brackets, or a string without expansion), else undefined. */
export function constantText(e: Element): string | undefined {
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

/** A New-Object's arguments: named (by parameter, the value when it takes one) and positional. */
export function newObjectArguments(elements: readonly Element[]): { named: Map<string, Element | undefined>; positional: Element[] } {
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
  return { named, positional };
}
