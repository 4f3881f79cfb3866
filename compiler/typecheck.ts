/**
 * `remc check`'s type-check: the project's declarations through `tsc --noEmit` (the native
 * TypeScript 7 compiler), its errors turned into remc diagnostics. The build path never runs this.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import { toPosix } from './load.ts';
import { REMC_ROOT } from './paths.ts';

function tscPath(): string {
  const manifest = createRequire(path.join(REMC_ROOT, 'package.json')).resolve('typescript/package.json');
  return path.join(path.dirname(manifest), 'bin', 'tsc');
}

/** Runs tsc on the project (its tsconfig.json, or strict defaults over `files`). */
export async function typecheck(root: string, files: readonly string[]): Promise<Diagnostic[]> {
  const args = existsSync(path.join(root, 'tsconfig.json'))
    ? ['--noEmit', '--pretty', 'false', '-p', path.join(root, 'tsconfig.json')]
    : ['--noEmit', '--pretty', 'false', '--ignoreConfig', '--strict', '--target', 'es2022', '--module', 'nodenext', '--skipLibCheck', '--allowImportingTsExtensions', ...files];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [tscPath(), ...args], { cwd: root });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  return parseTscOutput(root, output);
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
