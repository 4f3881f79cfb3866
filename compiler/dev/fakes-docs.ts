/**
 * The scenario fakes of a template in the generated reference: the functions of its fakes.ps1 a
 * scenario calls to describe the simulated machine (`New-RemcFake*` make one object of it,
 * `Reset-RemcFake*` set up the template's whole state), each with its parameters (name, type, default,
 * as its param block declares them) and what it simulates (the comment just above the function, or
 * the one at the top of its body). Read from the file itself, so the reference cannot drift from it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { cutFunctions, spelledName } from '../ps/functions.ts';
import { cell } from '../emit/spec-text.ts';

export interface FakeParameter {
  readonly name: string;
  /** `datetime`, `string[]`, `switch`; empty when untyped. */
  readonly type: string;
  /** The default as written (`'Spooler'`, `@()`), or undefined. */
  readonly default: string | undefined;
  /** ValidateSet's values, when it has them. */
  readonly oneOf: readonly string[];
  readonly mandatory: boolean;
  /** The comment lines just above it in the param block. */
  readonly note: string;
}

export interface FakeFunction {
  readonly name: string;
  readonly parameters: readonly FakeParameter[];
  readonly description: string;
}

/** The scenario-facing fakes a fakes.ps1 defines, in file order. */
export function scenarioFakes(file: string): FakeFunction[] {
  const cut = cutFunctions(file);
  if (!cut) return [];
  return cut.chunks
    .filter((c) => /^(new|reset)-remcfake/.test(c.name))
    .map((c) => {
      const lines = c.text.split('\n');
      const head = lines.findIndex((l) => /^function\s/i.test(l));
      const body = c.text.slice(c.text.indexOf(lines[head]!));
      const above = lines.slice(0, head);
      const described = commentText(above.length > 0 ? above : bodyComment(body));
      // A Reset- fake says what it sets up in its parameters' notes; the function itself by its name.
      const description = described || (c.name.startsWith('reset-') ? "Sets this template's simulated machine to what the parameters describe." : '');
      return { name: spelledName(c), parameters: parameters(body), description };
    });
}

/** The first run of comment lines in the function's own block (not the param block's notes). */
function bodyComment(body: string): string[] {
  const block = paramBlock(body);
  const rest = block ? body.slice(0, block.start) + body.slice(block.end) : body;
  const run: string[] = [];
  for (const l of rest.split('\n').slice(1)) {
    if (/^ {4}#/.test(l)) run.push(l);
    else if (run.length > 0) break;
  }
  return run;
}

function commentText(lines: readonly string[]): string {
  return lines
    .map((l) => l.replace(/^\s*#\s?/, '').trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The function's `param(...)` block: where it starts and ends, and its parameters with their notes. */
function paramBlock(text: string): { start: number; end: number; pieces: { text: string; note: string }[] } | undefined {
  const open = /\bparam\s*\(/i.exec(text);
  if (!open) return undefined;
  const pieces: { text: string; note: string }[] = [];
  let depth = 0;
  let quote: string | undefined;
  let piece = { text: '', note: '' };
  let i = open.index + open[0].length;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '#' && depth === 0) {
      // A comment line inside the block: the note of the parameter below it.
      const end = text.indexOf('\n', i);
      piece.note += ` ${text.slice(i + 1, end < 0 ? text.length : end).trim()}`;
      i = end < 0 ? text.length : end;
      continue;
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) break;
      depth--;
    } else if (ch === ',' && depth === 0) {
      pieces.push(piece);
      piece = { text: '', note: '' };
      continue;
    }
    piece.text += ch;
  }
  pieces.push(piece);
  return { start: open.index, end: i + 1, pieces: pieces.filter((p) => p.text.includes('$')) };
}

/** Attributes before a parameter's variable: `[Parameter(Mandatory = $true)] [string]`. */
const ATTRIBUTES = /^(?:\s*\[(?:[^[\]]|\[[^[\]]*\])*\])*/;

function parameters(text: string): FakeParameter[] {
  return (paramBlock(text)?.pieces ?? []).map(({ text: piece, note }) => {
    const attributes = ATTRIBUTES.exec(piece.trim())![0];
    const [, name = '', rest = ''] = /^\$(\w+)\s*(?:=\s*([\s\S]*))?$/.exec(piece.trim().slice(attributes.length).trim()) ?? [];
    const types = [...attributes.matchAll(/\[([\w.]+(?:\[\])?)\]/g)].map((m) => m[1]!);
    const set = /\[ValidateSet\(([^)]*)\)\]/i.exec(attributes);
    const oneOf = set ? [...set[1]!.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]!) : [];
    return {
      name,
      type: types.at(-1) ?? '',
      default: rest.trim() === '' ? undefined : rest.replace(/\s+/g, ' ').trim(),
      oneOf,
      mandatory: /Mandatory(\s*=\s*\$true)?\b/i.test(attributes),
      note: note.replace(/\s+/g, ' ').trim(),
    };
  });
}

/** One parameter as the reference shows it: `-Name` [string] = 'Spooler', or one of 'a', 'b'. */
function parameterText(p: FakeParameter): string {
  const type = p.type ? ` [${p.type}]` : '';
  const choices = p.oneOf.length > 0 ? ` (${p.oneOf.map((v) => `'${v}'`).join(', ')})` : '';
  const value = p.mandatory ? ' (required)' : p.default !== undefined ? ` = \`${p.default}\`` : '';
  return `\`-${p.name}\`${type}${choices}${value}${p.note ? `: ${p.note}` : ''}`;
}

/** The reference's section on one template's fakes: a table of them, or nothing when it has none. */
export function fakesSection(folderName: string, fakesFile: string | undefined): string[] {
  // fakes.ps1, and the files it is split into by job (fakes-<job>.ps1 beside it, which it loads).
  const files = fakesFile ? [fakesFile, ...fakesParts(fakesFile)] : [];
  const fakes = files.flatMap(scenarioFakes);
  if (fakes.length === 0) return [];
  const names = files.map((f) => `\`templates/${folderName}/${path.basename(f)}\``).join(', ');
  return [
    `Scenario fakes (${names}; a scenario's \`setup\` calls them to describe the simulated machine):`,
    '',
    '| fake | parameters | what it simulates |',
    '|---|---|---|',
    ...fakes.map((f) => `| \`${f.name}\` | ${cell(f.parameters.map(parameterText).join('; ')) || 'none'} | ${cell(f.description) || '(not described in fakes.ps1)'} |`),
    '',
  ];
}

/** The fakes-<job>.ps1 files beside a template's fakes.ps1, in name order. */
function fakesParts(fakesFile: string): string[] {
  const dir = path.dirname(fakesFile);
  return readdirSync(dir)
    .filter((name) => /^fakes-[\w-]+\.ps1$/i.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}
