/**
 * Fuzzing the literal encoder against the real PowerShell parser: generated values (weighted toward
 * the characters that break quoting) are encoded in every form remc uses, evaluated in batches by
 * one long-lived pwsh, and must come back exactly equal with nothing but literal syntax in between.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as fc from 'fast-check';
import { pwshEnv } from '../../compiler/proof/pwsh.ts';
import type { Toolchain } from '../../compiler/proof/toolchain.ts';
import { hereStringValue, psHereString, psValue, type PsValue } from '../../compiler/ps/literal.ts';
import { ScriptWriter } from '../../compiler/ps/printer.ts';

/** Single characters, weighted toward what PowerShell quoting gets wrong. */
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("'", '"', '`', '$', '(', ')', '@', '{', '}', '#', '<', '>', '|', ';', '&', '-', '+', '[', ']', ' ', '\t', '\r', '\n', '\0', '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e') },
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xffff }).map((c) => String.fromCharCode(c)) }, // lone surrogates included
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 2, arbitrary: fc.constantFrom("\n'@", "'@\n", "@'\n", '\n"@', '"@', '$(', '@(', '${', '{{', '}}', '#>', '<#', '\r\n', '`$', "''", '$null') },
);

/** Mostly short strings, and one in two hundred between 1,000 and 8,000 characters. */
export const fuzzString = fc.oneof(
  { weight: 200, arbitrary: fc.string({ unit, maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit, minLength: 1000, maxLength: 8000 }) },
);

/** Canonical bytes of a value, the same as Write-Canonical in Evaluate-RemcLiterals.ps1. */
function canonical(value: PsValue, out: Buffer[]): void {
  if (value === null) out.push(Buffer.from([0]));
  else if (typeof value === 'string') {
    const head = Buffer.alloc(5);
    head.writeUInt8(1, 0);
    head.writeInt32LE(value.length, 1);
    const units = Buffer.alloc(value.length * 2);
    for (let i = 0; i < value.length; i++) units.writeUInt16LE(value.charCodeAt(i), i * 2);
    out.push(head, units);
  } else if (typeof value === 'boolean') out.push(Buffer.from([2, value ? 1 : 0]));
  else if (typeof value === 'number') {
    const b = Buffer.alloc(9);
    b.writeUInt8(5, 0);
    b.writeBigInt64LE(BigInt(value), 1);
    out.push(b);
  } else if (Array.isArray(value)) {
    const head = Buffer.alloc(5);
    head.writeUInt8(4, 0);
    head.writeInt32LE(value.length, 1);
    out.push(head);
    for (const item of value) canonical(item, out);
  } else {
    const entries = Object.entries(value as Record<string, PsValue>);
    const head = Buffer.alloc(5);
    head.writeUInt8(3, 0);
    head.writeInt32LE(entries.length, 1);
    out.push(head);
    for (const [k, v] of entries) {
      canonical(k, out);
      canonical(v, out);
    }
  }
}

export function canonicalHash(value: PsValue): string {
  const parts: Buffer[] = [];
  canonical(value, parts);
  return createHash('sha256').update(Buffer.concat(parts)).digest('base64');
}

export interface Literal {
  readonly form: string;
  readonly value: PsValue;
  readonly text: string;
}

/** Every form remc writes values in: strings (paths and patterns are strings), here-strings, arrays, hashtables. */
export function literalsFor(strings: readonly string[]): Literal[] {
  const literals: Literal[] = [];
  strings.forEach((s, i) => {
    literals.push({ form: 'string', value: s, text: psValue(s) });
    // A here-string when the text allows one, the encoded string otherwise; its lines end as the script's do.
    literals.push({ form: 'here-string', value: hereStringValue(s), text: psHereString(s) });
    if (i % 3 === 2) {
      const group = [strings[i - 2]!, strings[i - 1]!, s];
      literals.push({ form: 'array', value: [group[0]!, [group[1]!], [], group[2]!, i, true, null], text: psValue([group[0]!, [group[1]!], [], group[2]!, i, true, null]) });
      // Keys kept distinct by their prefixes: PowerShell's hash literals ignore case and refuse duplicates.
      const record = { [`${i}a:${group[0]!}`]: group[1]!, [`${i}b`]: { Nested: [group[2]!, -i] }, Plain: false };
      literals.push({ form: 'hashtable', value: record, text: psValue(record) });
    }
  });
  return literals;
}

/** One pwsh process evaluating batch after batch. */
export class LiteralEvaluator {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly delimiter = `#remc-literal-${randomBytes(8).toString('hex')}`;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'remc-fuzz-'));
  private buffer = '';
  private waiting: { resolve: (text: string) => void; reject: (error: Error) => void } | undefined;

  constructor(toolchain: Toolchain) {
    const script = path.join(import.meta.dirname, 'Evaluate-RemcLiterals.ps1');
    this.child = spawn(toolchain.pwsh, ['-NoProfile', '-NonInteractive', '-File', script, '-Delimiter', this.delimiter], { env: pwshEnv(toolchain) });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      const end = this.buffer.indexOf('DONE\n');
      if (end >= 0 && this.waiting) {
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 5);
        const { resolve } = this.waiting;
        this.waiting = undefined;
        resolve(text);
      }
    });
    this.child.on('exit', (code) => this.waiting?.reject(new Error(`pwsh exited (${code}): ${this.buffer}`)));
  }

  /** Evaluates literals; returns, per index, the value's hash or a violation. */
  async evaluate(texts: readonly string[]): Promise<Array<{ hash?: string; violation?: string }>> {
    const file = path.join(this.dir, 'batch.ps1');
    // Through the printer, as in a generated script: CRLF line endings and its whole-text checks.
    writeFileSync(file, texts.map((t) => new ScriptWriter().line(t).toString()).join(`${this.delimiter}\r\n`));
    const output = await new Promise<string>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.child.stdin.write(`${file}\n`);
    });
    const results: Array<{ hash?: string; violation?: string }> = texts.map(() => ({ violation: 'no answer' }));
    for (const line of output.split(/\r?\n/)) {
      const m = /^([HV]) (\d+) (.*)$/.exec(line);
      if (!m) continue;
      results[Number(m[2])] = m[1] === 'H' ? { hash: m[3]! } : { violation: m[3]! };
    }
    return results;
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
