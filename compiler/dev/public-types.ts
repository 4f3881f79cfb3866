/**
 * remc's public type declarations (types/), what `import ... from 'remc'` type-checks against in an
 * admin's project: tsc's declaration output for compiler/index.ts and what it reaches, so the types
 * are the sources' own, with their docs. They stand alone: no remc source and no `@types/node` is
 * needed to read them (test/package.test.ts proves it). Written by `npm run gen`; a test fails while
 * they are stale.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Project, SyntaxKind } from 'ts-morph';
import { REMEDIATION_OPTIONS } from '../declare/remediation-options.ts';
import type { OptionSchema } from '../declare/template.ts';
import { REMC_ROOT } from '../paths.ts';

const HEADER = "// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.\n";

/**
 * The option tables whose defaults editors show as `@default` beside each option's doc: the doc comes
 * with the declaration, the default from the table's own `default` (stated nowhere else).
 */
const OPTION_TABLES: ReadonlyArray<{ readonly file: string; readonly name: string; readonly options: OptionSchema }> = [
  { file: 'types/compiler/declare/remediation-options.d.ts', name: 'REMEDIATION_OPTIONS', options: REMEDIATION_OPTIONS },
];

/** The sources the public API reaches: what is type-checked to write the declarations. */
const SOURCES = ['compiler', 'templates'];

/**
 * The declaration files, keyed by their path in the package (`types/compiler/index.d.ts`, ...). tsc
 * reads a copy of the sources with `overlay` (generated files, by path) laid over it, so the types
 * follow what `npm run gen` writes in the same run (a new template folder's barrel), not the files it
 * is about to replace.
 */
export function publicTypes(overlay: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'remc-types-'));
  try {
    const src = path.join(scratch, 'src');
    for (const dir of SOURCES) cpSync(path.join(REMC_ROOT, dir), path.join(src, dir), { recursive: true });
    // package.json says the sources are ES modules; node_modules holds what they import.
    cpSync(path.join(REMC_ROOT, 'package.json'), path.join(src, 'package.json'));
    symlinkSync(path.join(REMC_ROOT, 'node_modules'), path.join(src, 'node_modules'), 'junction');
    for (const [file, text] of overlay) {
      if (!SOURCES.some((dir) => file.startsWith(`${dir}/`))) continue;
      mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
      writeFileSync(path.join(src, file), text);
    }
    const out = path.join(scratch, 'out');
    const config = path.join(scratch, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: path.join(REMC_ROOT, 'tsconfig.json'),
        compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: out, rootDir: src, typeRoots: [path.join(REMC_ROOT, 'node_modules', '@types')] },
        files: [path.join(src, 'compiler', 'index.ts')],
        include: [],
      }),
    );
    const tsc = path.join(path.dirname(createRequire(path.join(REMC_ROOT, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: src, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tsc could not write remc's declarations:\n${result.stdout}${result.stderr}`);
    return declarationFiles(out);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A declaration file with an `@default` tag on each option of the table `name` that has a default. */
function withDefaultTags(text: string, name: string, options: OptionSchema): string {
  const file = new Project({ useInMemoryFileSystem: true }).createSourceFile('table.d.ts', text);
  const table = file.getVariableDeclarationOrThrow(name).getTypeNodeOrThrow().asKindOrThrow(SyntaxKind.TypeLiteral);
  for (const prop of table.getProperties()) {
    const opt = options[prop.getName()];
    const value = !opt || opt.required ? undefined : (opt.defaultText ?? (opt.default === undefined ? undefined : literal(opt.default)));
    if (value !== undefined) prop.getJsDocs().at(-1)?.addTag({ tagName: 'default', text: value });
  }
  return file.getFullText();
}

/** A default as TypeScript writes it: `'1.0.0'`, `24`, `['intune']`. */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return String(value);
}

/** tsc's output under `out`, as the package holds it: sorted, each with the header. */
function declarationFiles(out: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    // Declaration files import each other as .js (resolved to the .d.ts beside), never a .ts source.
    const text = readFileSync(file, 'utf8').replace(/(['"])(\.\.?\/[^'"]*)\.ts\1/g, '$1$2.js$1');
    const name = path.posix.join('types', path.relative(out, file).split(path.sep).join('/'));
    const table = OPTION_TABLES.find((t) => t.file === name);
    files.set(name, HEADER + (table ? withDefaultTags(text, table.name, table.options) : text));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}
