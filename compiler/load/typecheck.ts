/**
 * `remc check`'s type-check: the project's declarations through `tsc --noEmit` (the native
 * TypeScript 7 compiler), its errors turned into remc diagnostics. The build path never runs this.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import { toPosix } from './declaration.ts';
import { REMC_ROOT } from '../paths.ts';

/**
 * The compiler options an admin's declarations are checked with: what `remc init` writes into the
 * project's tsconfig.json, and what `remc check` uses when the project has none. The rules of remc's
 * own sources (strict, exact optional properties); module resolution as a bundler's, since esbuild
 * bundles the declarations; no ambient types, since 'remc' resolves to its own declarations (types/),
 * which need none.
 */
export const DECLARATION_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'preserve',
  moduleResolution: 'bundler',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  allowImportingTsExtensions: true,
  noEmit: true,
  skipLibCheck: true,
  types: [] as string[],
} as const;

export function tscPath(): string {
  const manifest = createRequire(path.join(REMC_ROOT, 'package.json')).resolve('typescript/package.json');
  return path.join(path.dirname(manifest), 'bin', 'tsc');
}

/** Runs tsc on the project: its tsconfig.json, or remc's settings over `files` (through a throw-away tsconfig). */
export async function typecheck(root: string, files: readonly string[]): Promise<Diagnostic[]> {
  const own = path.join(root, 'tsconfig.json');
  const scratch = existsSync(own) ? undefined : mkdtempSync(path.join(tmpdir(), 'remc-check-'));
  try {
    let config = own;
    if (scratch) {
      config = path.join(scratch, 'tsconfig.json');
      writeFileSync(config, JSON.stringify({ compilerOptions: DECLARATION_COMPILER_OPTIONS, files: files.map((f) => path.resolve(root, f)) }));
    }
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [tscPath(), '--noEmit', '--pretty', 'false', '-p', config], { cwd: root });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    return parseTscOutput(root, output);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `remc check`'s two sources of problems as one list, each problem once: a type error where remc's own
 * rules report a problem at the same place (a misspelt option: TS2561 and REMC013) is left out, since
 * remc's says it in the declaration's terms, with a hint; so are the syntax errors of a file whose
 * syntax error remc already reports (tsc reports a cascade of them).
 */
export function mergeCheckDiagnostics(types: readonly Diagnostic[], rules: readonly Diagnostic[]): Diagnostic[] {
  const at = (d: Diagnostic) => (d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : '');
  const ruled = new Set(rules.map(at).filter(Boolean));
  const unbundled = new Set(rules.filter((d) => d.code === 'REMC001' && d.location).map((d) => d.location!.file));
  const kept = types.filter((d) => !ruled.has(at(d)) && !(d.location && unbundled.has(d.location.file) && /^TS1\d{3}:/.test(d.message)));
  return [...kept, ...rules];
}

/** `file(line,col): error TS2322: message` plus indented continuation lines. */
export function parseTscOutput(root: string, output: string): Diagnostic[] {
  const result: Diagnostic[] = [];
  const lines = output.split(/\r?\n/);
  const head = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
  for (let i = 0; i < lines.length; i++) {
    const m = head.exec(lines[i]!);
    if (!m) {
      const global = /^error (TS\d+): (.*)$/.exec(lines[i]!);
      if (global) result.push(diagnostic('REMC004', `${global[1]}: ${global[2]}`));
      continue;
    }
    let message = m[5]!;
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!)) message += `\n    ${lines[++i]!.trim()}`;
    const absolute = path.resolve(root, m[1]!);
    const line = Number(m[2]);
    const text = existsSync(absolute) ? (readFileSync(absolute, 'utf8').split(/\r?\n/)[line - 1] ?? '') : '';
    result.push(diagnostic('REMC004', `${m[4]}: ${message}`, { file: toPosix(path.relative(root, absolute)), line, column: Number(m[3]), lineText: text }));
  }
  return result;
}
