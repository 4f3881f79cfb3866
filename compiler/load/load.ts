/**
 * Loading: esbuild bundles the declarations into one module (fast, no type-checking on the build
 * path; a slice of 500 at a time in a large project), which is evaluated once, in memory, as remc
 * loads any user's module (compiler/load/module.ts). Each declaration is initialized lazily behind
 * its own `import()`, so one that throws is reported without hiding the others. Positions are mapped back to the
 * declaration's file:line through the bundle's source map, only when a diagnostic needs them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createRequire, SourceMap } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { ts as TS } from 'ts-morph';
import { sourceHash, toPosix, type Declaration, type LoadResult, type Locator } from './declaration.ts';
import type { RawSite } from '../declare/site.ts';
import { closest, diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import { evaluateBundle, REMC_INDEX, USER_MODULE_BUILD } from './module.ts';
import { BUILTIN_TEMPLATES_DIR, loadTemplateFactories, templateFolders, templateNaming } from './registry.ts';
import { REMC_ROOT } from '../paths.ts';
import { isYamlDeclaration, loadYamlDeclarations } from './yaml.ts';

/** Finds the declaration files: `remediations/**\/*.ts` and `*.remc.yaml`, in a stable order. */
export async function findDeclarationFiles(root: string, dir = 'remediations'): Promise<string[]> {
  const base = path.join(root, dir);
  if (!existsSync(base)) return [];
  const entries = await readdir(base, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && ((e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.scenarios.ts')) || isYamlDeclaration(e.name)))
    .map((e) => toPosix(path.relative(root, path.join(e.parentPath, e.name))))
    .sort();
}

export async function loadDeclarations(root: string, files: readonly string[]): Promise<LoadResult> {
  if (!files.some(isYamlDeclaration)) return loadTypeScriptDeclarations(root, files);
  // YAML files are read on their own; the two results are merged back into the files' order.
  const [ts, yaml] = await Promise.all([
    loadTypeScriptDeclarations(root, files.filter((f) => !isYamlDeclaration(f))),
    loadYamlDeclarations(root, files.filter(isYamlDeclaration)),
  ]);
  const order = new Map(files.map((f, i) => [f, i]));
  return {
    declarations: [...ts.declarations, ...yaml.declarations].sort((a, b) => order.get(a.file)! - order.get(b.file)!),
    diagnostics: [...ts.diagnostics, ...yaml.diagnostics],
    inputs: new Map([...ts.inputs, ...yaml.inputs]),
  };
}

/**
 * Declarations per bundle. esbuild's memory grows with the bundle (about 700 MB for 10,000
 * declarations in one, 80 MB in slices of 500), and so does the cost of evaluating it: a larger
 * project is bundled and evaluated in slices, one after the other. Each slice has its own copy of
 * the modules its declarations import, which is harmless for declarations (they are data, evaluated
 * once each).
 */
const SLICE = 500;

async function loadTypeScriptDeclarations(root: string, files: readonly string[]): Promise<LoadResult> {
  const declarations: Declaration[] = [];
  const diagnostics: Diagnostic[] = [];
  const inputs = new Map<string, readonly string[]>();
  let failed = false;
  for (let start = 0; start < files.length; start += SLICE) {
    const slice = files.slice(start, start + SLICE);
    // Never written: names the bundle in esbuild's source map and in stack frames.
    const name = files.length <= SLICE ? 'remc-declarations.cjs' : `remc-declarations-${start / SLICE + 1}.cjs`;
    const bundle = await bundleDeclarations(root, slice, path.join(root, name));
    if ('failure' in bundle) {
      failed = true;
      diagnostics.push(...bundle.failure);
    } else if (!failed) {
      // Once a slice fails to bundle the load has failed as a whole (as one bundle would): the other
      // slices are still bundled for their errors, not evaluated.
      const loaded = await evaluateDeclarations(root, slice, bundle);
      declarations.push(...loaded.declarations);
      diagnostics.push(...loaded.diagnostics);
      for (const [file, read] of localInputs(slice, bundle.metafile)) inputs.set(file, read);
    }
  }
  if (failed) return { declarations: [], diagnostics: diagnostics.filter((d) => d.code === 'REMC001'), inputs: new Map() };
  return { declarations, diagnostics, inputs };
}

interface Bundle {
  readonly outfile: string;
  readonly code: string;
  readonly map: string;
  readonly metafile: esbuild.Metafile;
}

/** One bundle of `files` in memory (nothing is written), or esbuild's errors as diagnostics. */
async function bundleDeclarations(root: string, files: readonly string[], outfile: string): Promise<Bundle | { failure: Diagnostic[] }> {
  const entry = `export const loaders = [\n${files.map((f) => `  () => import(${JSON.stringify(`./${f}`)}),`).join('\n')}\n];\n`;
  let result: esbuild.BuildResult<{ write: false; sourcemap: 'external'; metafile: true }>;
  try {
    result = await esbuild.build({
      stdin: { contents: entry, resolveDir: root, loader: 'js', sourcefile: 'remc-entry.js' },
      ...USER_MODULE_BUILD,
      absWorkingDir: root,
      outfile,
      sourcemap: 'external',
      sourcesContent: false, // the locator reads the sources themselves, and only when it needs them
      metafile: true,
      plugins: [templateNaming(root)],
    });
  } catch (error) {
    return { failure: await buildFailure(root, error) };
  }
  const js = result.outputFiles.find((f) => f.path.endsWith('.cjs'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  if (!js || !map) throw new Error('esbuild produced no bundle');
  return { outfile, code: js.text, map: map.text, metafile: result.metafile };
}

/** Evaluates a bundle and initializes each declaration on its own, so one that throws hides no other. */
async function evaluateDeclarations(root: string, files: readonly string[], bundle: Bundle): Promise<{ declarations: Declaration[]; diagnostics: Diagnostic[] }> {
  const mapText = bundle.map;
  const locator = new BundleLocator(root, bundle.outfile, () => new SourceMap(JSON.parse(mapText)));
  const { loaders } = evaluateBundle(bundle.code, bundle.outfile, path.join(root, 'package.json')) as { loaders: Array<() => Promise<{ default?: unknown }>> };
  const declarations: Declaration[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [i, file] of files.entries()) {
    const absolutePath = path.join(root, file);
    const text = readFileSync(absolutePath, 'utf8');
    try {
      const mod = await loaders[i]!();
      declarations.push({ file, absolutePath, sha256: sourceHash(text), value: mod.default, exportLocation: exportLocation(file, text), locator });
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      diagnostics.push(diagnostic('REMC002', `the declaration threw while it was evaluated: ${err.name}: ${err.message}`, locator.fromStack(err.stack) ?? { file, line: 1, column: 1 }));
    }
  }
  return { declarations, diagnostics };
}

/** For each declaration, the files of the project it reads (itself and the local modules it imports). */
function localInputs(files: readonly string[], metafile: esbuild.Metafile): Map<string, string[]> {
  const inputs = new Map<string, string[]>();
  for (const file of files) {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name) || name.startsWith('..') || name.includes('node_modules/') || !metafile.inputs[name]) return;
      seen.add(name);
      for (const imported of metafile.inputs[name]!.imports) visit(imported.path);
    };
    visit(file);
    inputs.set(file, [...seen].sort());
  }
  return inputs;
}

async function buildFailure(root: string, error: unknown): Promise<Diagnostic[]> {
  const messages = (error as { errors?: esbuild.Message[] }).errors;
  if (!messages) throw error;
  return Promise.all(
    messages.map(async (m) => {
      const loc = m.location;
      const location = loc ? { file: toPosix(path.relative(root, path.resolve(root, loc.file))), line: loc.line, column: loc.column + 1, lineText: loc.lineText } : undefined;
      const missing = /^No matching export in "(.+)" for import "(.+)"$/.exec(m.text);
      if (missing && path.resolve(root, missing[1]!) === REMC_INDEX) return unknownRemcImport(missing[2]!, location);
      return diagnostic('REMC001', m.text, location);
    }),
  );
}

/** The names a module exports, read by esbuild from the module itself (nothing kept by hand). */
async function exportsOf(file: string): Promise<string[]> {
  const result = await esbuild.build({ entryPoints: [file], bundle: true, format: 'esm', platform: 'node', write: false, metafile: true, outdir: path.join(REMC_ROOT, '.exports'), logLevel: 'silent', packages: 'external' });
  return Object.values(result.metafile.outputs).flatMap((o) => o.exports).sort();
}

/** An import from 'remc' of a name it does not export: said in the user's terms, with what exists. */
async function unknownRemcImport(name: string, location: SourceLocation | undefined): Promise<Diagnostic> {
  const all = await exportsOf(REMC_INDEX);
  const factories = ['customCheck'];
  for (const folder of templateFolders(BUILTIN_TEMPLATES_DIR, 'builtin')) factories.push(...(await loadTemplateFactories(folder)).keys());
  factories.sort();
  const close = closest(name, all);
  return diagnostic(
    'REMC001',
    `'remc' has no export named '${name}'${close ? `; did you mean '${close}'?` : ''}`,
    location,
    `The check factories 'remc' exports: ${factories.join(', ')} (docs/templates.md). Besides them: ${all.filter((n) => !factories.includes(n) && /^[a-z]/.test(n)).join(', ')}.`,
  );
}

function exportLocation(file: string, text: string): SourceLocation | undefined {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => /^\s*export\s+default\b/.test(l));
  if (index < 0) return { file, line: 1, column: 1, lineText: lines[0] ?? '' };
  return { file, line: index + 1, column: lines[index]!.search(/\S/) + 1, lineText: lines[index]! };
}

/**
 * Maps positions in the evaluated bundle back to the declarations' source. The map is parsed on the
 * first lookup: parsed, the map of 10,000 declarations takes about 90 MB, and a clean build needs none.
 */
export class BundleLocator implements Locator {
  private readonly texts = new Map<string, string[]>();
  private readonly internal = [path.join(REMC_ROOT, 'compiler') + path.sep, path.join(REMC_ROOT, 'templates') + path.sep];
  private parsed: SourceMap | undefined;

  constructor(
    private readonly root: string,
    private readonly bundle: string,
    private readonly parseMap: () => SourceMap,
  ) {}

  private get map(): SourceMap {
    this.parsed ??= this.parseMap();
    return this.parsed;
  }

  /**
   * The first of `sites` that lies in the user's code (not inside remc), as a source location; with a
   * `property` path, narrowed to that property of the call's options object when the source has it.
   */
  locate(sites: readonly RawSite[], property: readonly (string | number)[] = []): SourceLocation | undefined {
    for (const site of sites) {
      const original = this.original(site);
      if (!original || this.internal.some((dir) => original.path.startsWith(dir))) continue;
      const lines = this.lines(original.path);
      const file = toPosix(path.relative(this.root, original.path));
      const at = property.length > 0 ? narrowToProperty(lines.join('\n'), original.line, original.column, property) : undefined;
      const line = at?.line ?? original.line;
      const column = at?.column ?? original.column;
      return { file, line, column, lineText: lines[line - 1] ?? '' };
    }
    return undefined;
  }

  /** The user-code location of the innermost bundle frame in a formatted stack. */
  fromStack(stack: string | undefined): SourceLocation | undefined {
    if (!stack) return undefined;
    const sites: RawSite[] = [];
    const pattern = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/;
    for (const line of stack.split('\n')) {
      const m = pattern.exec(line.trim());
      if (!m) continue;
      const file = m[1]!.startsWith('file://') ? new URL(m[1]!).pathname : m[1]!;
      sites.push({ file, line: Number(m[2]), column: Number(m[3]) });
    }
    return this.locate(sites);
  }

  private original(site: RawSite): { path: string; line: number; column: number } | undefined {
    const file = site.file.startsWith('file://') ? new URL(site.file).pathname : site.file;
    if (file !== this.bundle) return undefined;
    const entry = this.map.findEntry(site.line - 1, site.column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
    const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : entry.originalSource;
    return { path: path.resolve(path.dirname(this.bundle), source), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  }

  private lines(file: string): string[] {
    let lines = this.texts.get(file);
    if (!lines) {
      lines = existsSync(file) ? readFileSync(file, 'utf8').split(/\r?\n/) : [];
      this.texts.set(file, lines);
    }
    return lines;
  }
}

/**
 * Finds, in the call that starts at line:column, the property named by `property` inside its first
 * (object literal) argument. A syntax-only parse with the TypeScript parser that ts-morph bundles:
 * loaded lazily, since only failing builds need it.
 */
function narrowToProperty(text: string, line: number, column: number, property: readonly (string | number)[]): { line: number; column: number } | undefined {
  const ts = loadTypeScript();
  if (!ts) return undefined;
  const file = ts.createSourceFile('declaration.ts', text, ts.ScriptTarget.Latest, true);
  const offset = file.getPositionOfLineAndCharacter(line - 1, column - 1);
  let call: TS.CallExpression | undefined;
  const visit = (node: TS.Node): void => {
    if (offset < node.getStart(file) || offset >= node.getEnd()) return;
    if (ts.isCallExpression(node)) call = node;
    node.forEachChild(visit);
  };
  visit(file);
  let node: TS.Node | undefined = call?.arguments[0];
  let found: TS.Node | undefined;
  for (const key of property) {
    // `[...] as const`, `{...} satisfies T`, `(...)`: the literal inside.
    while (node && (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node))) node = node.expression;
    if (!node) break;
    if (typeof key === 'number' && ts.isArrayLiteralExpression(node)) {
      node = node.elements[key];
      if (node) found = node;
    } else if (typeof key === 'string' && ts.isObjectLiteralExpression(node)) {
      const prop = node.properties.find((p) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key);
      if (!prop) break;
      found = prop;
      node = ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
    } else {
      break;
    }
  }
  if (!found) return undefined;
  const pos = file.getLineAndCharacterOfPosition(found.getStart(file));
  return { line: pos.line + 1, column: pos.character + 1 };
}

let typescript: typeof TS | null | undefined;
function loadTypeScript(): typeof TS | undefined {
  if (typescript === undefined) {
    try {
      // ts-morph ships the TypeScript compiler API (the `typescript` 7 package is the native tsc only).
      typescript = (createRequire(path.join(REMC_ROOT, 'package.json'))('ts-morph') as { ts: typeof TS }).ts;
    } catch {
      typescript = null;
    }
  }
  return typescript ?? undefined;
}

