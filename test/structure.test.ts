/**
 * The measures the layout keeps (README: "Layout"): no import cycle among remc's own modules, no file
 * of the compiler over 400 lines, no function over 80. Read from the sources with ts-morph, so a
 * change that breaks one fails here with the place and the figure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Node, Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const compilerTs = filesUnder('compiler', /\.ts$/);
const lineCount = (file: string) => readFileSync(path.join(root, file), 'utf8').split('\n').length - 1;

/** Every function of remc's own TypeScript longer than the limit, as `file name`. */
export function longFunctions(files: readonly string[], limit = MAX_FUNCTION_LINES): string[] {
  const project = new Project({ useInMemoryFileSystem: false, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: false } });
  const found: string[] = [];
  for (const file of files) {
    const source = project.addSourceFileAtPath(path.join(root, file));
    source.forEachDescendant((node) => {
      if (!(Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isConstructorDeclaration(node) || Node.isGetAccessorDeclaration(node))) return;
      const lines = node.getEndLineNumber() - node.getStartLineNumber() + 1;
      if (lines <= limit) return;
      const parent = node.getParent();
      const named = Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node) ? node.getName() : Node.isVariableDeclaration(parent) ? parent.getName() : undefined;
      found.push(`${file} ${named ?? '(anonymous)'}`);
    });
  }
  return found;
}

/** The relative imports of each module, resolved to repository paths. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const specifier = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const targets = [...text.matchAll(specifier)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file), (m[1] ?? m[2])!)));
    graph.set(file, targets.filter((t) => t.endsWith('.ts')));
  }
  return graph;
}

/** Strongly connected components of more than one module (or a module importing itself). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) !== indexOf.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return cycles;
}

/**
 * What still breaks a measure while the restructure lands in slices: each entry must still break it
 * (so the list only shrinks) and nothing else may.
 */
const STILL_LONG_FILES: readonly string[] = [
];
const STILL_LONG_FUNCTIONS: readonly string[] = [
];

describe('the layout keeps its measures', () => {
  it('no import cycle among remc\'s own modules (the compiler and the templates)', () => {
    const graph = importGraph([...compilerTs, ...filesUnder('templates', /\.ts$/)]);
    expect(importCycles(graph)).toEqual([]);
  });

  it(`no file of the compiler over ${MAX_FILE_LINES} lines`, () => {
    const long = [...compilerTs, ...filesUnder('compiler', /\.ps1$/)]
      .map((f) => ({ f, n: lineCount(f) }))
      .filter(({ n }) => n > MAX_FILE_LINES)
      .map(({ f }) => f);
    expect(long).toEqual(STILL_LONG_FILES);
  });

  it(`no function of the compiler over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(longFunctions(compilerTs)).toEqual(STILL_LONG_FUNCTIONS);
  });

  it('finds a cycle and a long function when there is one (the measures can fail)', () => {
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(importCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });
});
