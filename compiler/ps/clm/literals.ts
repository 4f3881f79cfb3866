/**
 * The type literals of a script (`[T]`, `[List[string]]`, `[int[]]`) and its `class` definitions,
 * each with the tokens around it that say what it does: `[T]::M(...)` calls, `[T]$x` converts,
 * `-as [T]` converts, `-is [T]` and `catch [T]` only name the type.
 */
import type { Token } from '../tokens.ts';
import { closing } from './brackets.ts';
import { parseTypeName, type TypeRef } from './type-name.ts';
import { verdictOf, type TypeVerdict } from './types.ts';

export interface TypeLiteral {
  /** The `[`. */
  readonly at: Token;
  /** `[` + the name as written + `]`. */
  readonly literal: string;
  readonly ref: TypeRef;
  readonly verdict: TypeVerdict;
  readonly prev: Token | undefined;
  /** The token after the closing `]`. */
  readonly next: Token | undefined;
  /** After `[T]::`: the member's name and the token after it. */
  readonly member: Token | undefined;
  readonly call: Token | undefined;
  /** Inside a `param( )` block, before a variable: a typed parameter. */
  readonly typedParameter: boolean;
}

export interface ClassDefinition {
  readonly at: Token;
  readonly name: string;
}

/** A value just before `[` makes it an index (`$a[0]`, `$x.Items[1]`), not a type literal. */
function isIndex(before: Token | undefined, open: Token): boolean {
  if (open.spaced || before === undefined) return false;
  return ['variable', 'string', 'hereString', 'bareword', 'number'].includes(before.kind) || [')', ']', '}'].includes(before.text);
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

/** The type name inside the `[` at `k`, and the index of its `]`; undefined when it is no type literal. */
function literalAt(list: readonly Token[], k: number): { written: string; ref: TypeRef; end: number } | undefined {
  const first = list[k + 1];
  if (first?.kind !== 'bareword') return undefined;
  if (list[k + 2]?.text === '(') return undefined; // an attribute: [Parameter(...)], [ValidateSet(...)]
  const end = closing(list, k);
  const inside = list.slice(k + 1, end);
  if (!inside.every((x) => x.kind === 'bareword' || (x.kind === 'punct' && ['[', ']', ','].includes(x.text)))) return undefined;
  const written = inside.map((x) => x.text).join('');
  const ref = parseTypeName(written);
  return ref ? { written, ref, end } : undefined;
}

const isClassKeyword = (t: Token, prev: Token | undefined) =>
  t.kind === 'bareword' && /^class$/i.test(t.text) && (!prev || prev.kind === 'newline' || [';', '{', '}'].includes(prev.text));

/**
 * The type literals and class definitions of one token list (the code of a `$( )` in a string is its
 * own list). `words`: offsets of `[` that start a command argument, which command mode reads as text
 * (`Write-Output [IO.File]::Exists($p)` writes that text and calls nothing).
 */
export function typeLiterals(list: readonly Token[], words: ReadonlySet<number>, out: { literals: TypeLiteral[]; classes: ClassDefinition[] }): void {
  const literalEnds = new Set<number>(); // the `]` of each type literal: a `[` right after one starts another
  const params = paramBlocks(list);
  for (let k = 0; k < list.length; k++) {
    const t = list[k]!;
    for (const inner of t.nested ?? []) typeLiterals(inner.filter((x) => x.kind !== 'comment'), words, out);
    const prev = list[k - 1];
    if (isClassKeyword(t, prev)) {
      const name = list[k + 1];
      if (name?.kind === 'bareword') out.classes.push({ at: t, name: name.text });
      continue;
    }
    if (t.kind !== 'punct' || t.text !== '[' || words.has(t.offset) || (!literalEnds.has(k - 1) && isIndex(prev, t))) continue;
    const found = literalAt(list, k);
    if (!found) continue;
    const { written, ref, end } = found;
    const next = list[end + 1];
    k = end; // generic arguments and array ranks are part of this literal
    literalEnds.add(end);
    out.literals.push({
      at: t,
      literal: `[${written}]`,
      ref,
      verdict: verdictOf(ref),
      prev,
      next,
      member: list[end + 2],
      call: list[end + 3],
      typedParameter: next?.kind === 'variable' && params.some(([from, to]) => end > from && end < to),
    });
  }
}

/** `[T]::M(` (no space before the parenthesis): the method it calls, `new` for a constructor; undefined for anything else. */
export function staticCall(l: TypeLiteral): { readonly member: string; readonly constructor: boolean } | undefined {
  if (l.next?.kind !== 'operator' || l.next.text !== '::') return undefined;
  if (l.member?.kind !== 'bareword' || l.call?.text !== '(' || l.call.spaced) return undefined;
  return { member: l.member.text, constructor: l.member.text.toLowerCase() === 'new' };
}
