/** Reading the CLM analyzer's token lists: brackets, and the FullLanguage-only blocks it does not report. */
import type { Token } from '../tokens.ts';

export const OPENERS: ReadonlySet<string> = new Set(['(', '$(', '@(', '{', '@{', '[']);
export const CLOSERS: ReadonlySet<string> = new Set([')', '}', ']']);

/** The index of the token that closes the one at `open` (brackets of every kind counted together). */
export function closing(list: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < list.length; k++) {
    const t = list[k]!;
    if (t.kind !== 'punct') continue;
    if (OPENERS.has(t.text)) depth++;
    else if (CLOSERS.has(t.text) && --depth === 0) return k;
  }
  return list.length - 1;
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

/**
 * Offset ranges of blocks that run only in FullLanguage, `if ($ExecutionContext.SessionState.LanguageMode
 * -eq 'FullLanguage') { ... }`: CLM never runs them, so what they hold is not reported.
 */
export function fullLanguageBlocks(list: readonly Token[]): Array<readonly [number, number]> {
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
