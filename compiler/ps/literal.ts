/**
 * The literal encoder: the only way a value from a declaration enters PowerShell text.
 *
 * Every value becomes a PowerShell expression that evaluates to exactly that value, written in 7-bit
 * ASCII so Windows PowerShell 5.1 reads the same thing with or without a byte order mark. Strings use
 * single quotes (no expansion of `$`, backtick or `$(`); anything PowerShell could read as a quote
 * (the ASCII quote and the typographic U+2018..U+201B, which PowerShell treats as single quotes too),
 * every control character and every non-ASCII character is written as `[char]0xNNNN` and joined with
 * `+` (or `-join @(...)` when there are many pieces). A doubled brace (`{{` or `}}`) in data is split across two pieces, so no generated script ever
 * contains a `{{name}}` sequence that Tactical RMM would replace with a snippet.
 */

export type PsValue = string | number | boolean | null | readonly PsValue[] | PsRecord;
export interface PsRecord {
  readonly [key: string]: PsValue;
}

import { INDENT } from './printer.ts';

/** A nested array or hashtable whose one-line form fits in this many columns (after its indentation) is written on one line. */
const INLINE_WIDTH = 100;

/** Characters allowed inside a single-quoted run: printable ASCII except the quote itself. */
function isPlain(code: number): boolean {
  return code >= 0x20 && code <= 0x7e && code !== 0x27;
}

function charCode(code: number): string {
  return `[char]0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A string as a PowerShell expression. */
export function psString(value: string): string {
  const pieces: string[] = [];
  let run = '';
  const pushRun = () => {
    if (run !== '') pieces.push(`'${run}'`);
    run = '';
  };
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const ch = value[i]!;
    if (code === 0x27) {
      run += "''"; // the one escape single quotes know
    } else if (isPlain(code)) {
      // Split `{{` and `}}` so they never appear in the output text.
      if ((ch === '{' || ch === '}') && run.endsWith(ch)) pushRun();
      run += ch;
    } else {
      pushRun();
      // `[char] + 'x'` would try to add numbers: the first piece must be a string.
      pieces.push(pieces.length === 0 ? `[string]${charCode(code)}` : charCode(code));
    }
  }
  pushRun();
  if (pieces.length === 0) return "''";
  if (pieces.length === 1) return pieces[0]!;
  // `+` reads best for a few pieces; many pieces join in one step, since a chain of `+` copies the
  // growing string each time (seconds for a long non-ASCII text on a device).
  if (pieces.length <= JOIN_FROM) return `(${pieces.join(' + ')})`;
  return `(-join @(${pieces.map((p) => p.replace(/^\[string\]/, '')).join(', ')}))`;
}

/** From this many pieces on, a string is written as `-join @(...)` instead of a `+` chain. */
const JOIN_FROM = 8;

function psNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`cannot encode ${value} as a PowerShell literal`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new TypeError(`integer ${value} is outside the safe range`);
  }
  // Fixed notation for readability, exponent form for very large/small values (PowerShell parses both).
  const text = Object.is(value, -0) ? '0' : String(value).replace('e+', 'e');
  return value < 0 ? `(${text})` : text;
}

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function psKey(key: string): string {
  return BARE_KEY.test(key) ? key : psString(key);
}

function isRecord(value: PsValue): value is PsRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Any value as a PowerShell expression. Hashtables become `[ordered]@{}` (key order is part of the
 * output, so builds are byte-stable); a nested structure that fits on one line is written on one line
 * (`[ordered]@{ Kind = 'drift' }`), as is an array of plain values; a longer one spans lines, indented
 * from `indent` levels.
 * Lines are joined with LF; the printer turns them into the script's line ending.
 */
export function psValue(value: PsValue, indent = 0): string {
  if (value === null) return '$null';
  if (typeof value === 'string') return psString(value);
  if (typeof value === 'number') return psNumber(value);
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  const flat = inline(value);
  const scalars = Array.isArray(value) && !value.some((v) => typeof v === 'object' && v !== null);
  if (flat !== undefined && (scalars || flat.length + INDENT.length * indent <= INLINE_WIDTH)) return flat;
  if (Array.isArray(value)) {
    const items = value as readonly PsValue[];
    const pad = INDENT.repeat(indent + 1);
    const body = items.map((v, i) => `${pad}${i === 0 ? lone(items) : ''}${psValue(v, indent + 1)}${i < items.length - 1 ? ',' : ''}`);
    return `@(\n${body.join('\n')}\n${INDENT.repeat(indent)})`;
  }
  if (isRecord(value)) {
    const pad = INDENT.repeat(indent + 1);
    const body = Object.keys(value).map((k) => `${pad}${psKey(k)} = ${psValue(value[k]!, indent + 1)}`);
    return `[ordered]@{\n${body.join('\n')}\n${INDENT.repeat(indent)}}`;
  }
  throw new TypeError(`cannot encode a value of type ${typeof value} as a PowerShell literal`);
}

/** `@(@(1, 2))` would flatten; the unary comma keeps a lone inner array an element. */
function lone(items: readonly PsValue[]): string {
  return items.length === 1 && Array.isArray(items[0]) ? ',' : '';
}

/** An array or hashtable on one line (`@(1, 2)`, `[ordered]@{ A = 1; B = @() }`), or undefined for other values. */
function inline(value: PsValue): string | undefined {
  if (Array.isArray(value)) {
    const items = value as readonly PsValue[];
    if (items.length === 0) return '@()';
    return `@(${lone(items)}${items.map((v) => inline(v) ?? psValue(v)).join(', ')})`;
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '[ordered]@{}';
    return `[ordered]@{ ${keys.map((k) => `${psKey(k)} = ${inline(value[k]!) ?? psValue(value[k]!)}`).join('; ')} }`;
  }
  return undefined;
}

/** The lines a here-string of `text` holds: any line ending, and one final line break dropped. */
function hereStringLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
}

/**
 * What {@link psHereString} evaluates to: the text's lines joined by the script's line ending (CRLF).
 * Line endings belong to the script, not to the text, which suits source code such as C#.
 */
export function hereStringValue(text: string): string {
  return hereStringLines(text).join('\r\n');
}

/**
 * Multi-line text (such as C# source for Add-Type) as a single-quoted here-string, which keeps it
 * readable in the script; it evaluates to {@link hereStringValue}. Falls back to the encoded string of
 * that same value when a line could end the here-string early (`'@`), would lose trailing blanks to
 * the printer, or holds a character or a `{{`/`}}` the plain form cannot carry.
 */
export function psHereString(text: string): string {
  const lines = hereStringLines(text);
  const safe = lines.every(
    (line) => !line.startsWith("'@") && !/\s$/.test(line) && !/\{\{|\}\}/.test(line) && [...line].every((c) => c === "'" || isPlain(c.charCodeAt(0))),
  );
  if (!safe) return psString(hereStringValue(text));
  return `@'\n${lines.join('\n')}\n'@`;
}
