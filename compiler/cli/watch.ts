/**
 * `remc build --watch`: one full build, then on every save (of a TypeScript or a YAML declaration, or a
 * module one imports) only what the change affects is loaded,
 * emitted and written. A declaration's folder is swapped in whole and the index replaced at once, so
 * dist/ never holds half a remediation; a change with errors prints them and leaves dist/ alone.
 */
import { watch as watchFiles, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { remediationArtifacts, wholeBuildFiles, type RemediationArtifacts } from '../emit/artifacts.ts';
import { catalogFiles } from '../exports/index.ts';
import { lowerDeclarations } from '../pipeline.ts';
import type { TargetName } from '../declare/targets.ts';
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import { toPosix, type Declaration } from '../load/declaration.ts';
import { findDeclarationFiles, loadDeclarations } from '../load/load.ts';
import { replaceFile, replaceFolder, writeOutput } from '../write/write.ts';
import { isYamlDeclaration } from '../load/yaml.ts';

export interface WatchOptions {
  readonly root: string;
  readonly outDir: string;
  /** One line per rebuild (and the diagnostics of a failed one). */
  readonly log: (line: string) => void;
  /** Replaces the declarations' targets (`--target`). */
  readonly targets?: readonly TargetName[];
}

export interface Watcher {
  close(): void;
}

/** Everything the watcher knows about the project between rebuilds. */
class ProjectState {
  readonly declarations = new Map<string, Declaration>();
  /** Declaration file -> the local files it reads. */
  readonly inputs = new Map<string, readonly string[]>();
  readonly loadProblems = new Map<string, Diagnostic[]>();
  readonly outputs = new Map<string, RemediationArtifacts>();

  /** Loads `files` again (all of them when none are given) and forgets the ones that are gone. */
  async reload(root: string, files: readonly string[]): Promise<void> {
    const present = files.filter((f) => existsSync(path.join(root, f)));
    for (const gone of files.filter((f) => !present.includes(f))) {
      this.declarations.delete(gone);
      this.inputs.delete(gone);
      this.loadProblems.delete(gone);
    }
    if (present.length === 0) return;
    const loaded = await loadDeclarations(root, present);
    for (const file of present) {
      this.declarations.delete(file);
      this.loadProblems.delete(file);
    }
    for (const d of loaded.declarations) this.declarations.set(d.file, d);
    for (const [file, inputs] of loaded.inputs) this.inputs.set(file, inputs);
    for (const d of loaded.diagnostics) {
      const file = d.location?.file ?? '';
      this.loadProblems.set(file, [...(this.loadProblems.get(file) ?? []), d]);
    }
    // A bundle that failed as a whole names no declaration: keep its problems against every file.
    if (loaded.declarations.length === 0 && loaded.diagnostics.length > 0 && loaded.inputs.size === 0) {
      for (const file of present) this.inputs.set(file, this.inputs.get(file) ?? [file]);
    }
  }

  /** The declaration files a change to `changed` (project-relative paths) affects. */
  affected(changed: readonly string[], declarationFiles: ReadonlySet<string>): string[] {
    const result = new Set<string>();
    for (const file of changed) {
      if (declarationFiles.has(file) || this.declarations.has(file) || this.inputs.has(file)) result.add(file);
      for (const [decl, inputs] of this.inputs) if (inputs.includes(file)) result.add(decl);
    }
    return [...result].sort();
  }
}


export async function watch(options: WatchOptions): Promise<Watcher> {
  const { root, outDir, log } = options;
  const state = new ProjectState();
  let declarationFiles = new Set(await findDeclarationFiles(root));

  /** Lowers everything, then emits and writes the remediations whose sources are in `touched`. */
  const rebuild = async (touched: ReadonlySet<string> | 'all'): Promise<{ written: string[]; diagnostics: Diagnostic[] }> => {
    // Watch builds unsigned: a declaration that enforces the signature check needs remc build --sign-*.
    const declarations = [...state.declarations.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
    const lowered = lowerDeclarations(declarations, root, { forDevices: true, targets: options.targets });
    const diagnostics = sortDiagnostics([...[...state.loadProblems.values()].flat(), ...lowered.diagnostics]);
    if (hasErrors(diagnostics)) return { written: [], diagnostics };
    const next = new Map<string, RemediationArtifacts>();
    const changed: string[] = [];
    for (const model of lowered.remediations) {
      const previous = state.outputs.get(model.id);
      if (touched !== 'all' && previous && !touched.has(model.source.file) && previous.sourceSha256 === model.source.sha256) {
        next.set(model.id, previous);
        continue;
      }
      const built = remediationArtifacts(model);
      if (built.diagnostics.length > 0) diagnostics.push(...built.diagnostics);
      if (!built.artifacts) continue;
      next.set(model.id, built.artifacts);
      if (!previous || !sameFiles(previous.files, built.artifacts.files) || !sameFiles(previous.exports, built.artifacts.exports)) changed.push(model.id);
    }
    if (hasErrors(diagnostics)) return { written: [], diagnostics };
    const removed = [...state.outputs.keys()].filter((id) => !next.has(id));
    // Exports live outside dist/<id>/ and feed whole-build files (Tactical's catalog): swap the whole output.
    const exporting = [...next.values(), ...state.outputs.values()].some((a) => a.exports.size > 0);
    if (touched === 'all' || (exporting && changed.length + removed.length > 0)) {
      await writeOutput(outDir, flatten(next));
    } else {
      for (const id of changed) await replaceFolder(path.join(outDir, id), next.get(id)!.files);
      for (const id of removed) await rm(path.join(outDir, id), { recursive: true, force: true });
      if (changed.length + removed.length > 0) {
        for (const [name, bytes] of wholeBuildFiles([...next.values()].map((a) => a.entry))) await replaceFile(path.join(outDir, name), bytes);
      }
    }
    state.outputs.clear();
    for (const [id, artifacts] of next) state.outputs.set(id, artifacts);
    return { written: [...changed, ...removed.map((id) => `${id} (removed)`)], diagnostics };
  };

  const shownOut = `${toPosix(path.relative(root, outDir)) || '.'}/`;
  const report = (started: number, what: string, result: { written: string[]; diagnostics: Diagnostic[] }, summary?: string) => {
    const ms = (performance.now() - started).toFixed(0);
    if (hasErrors(result.diagnostics)) {
      for (const d of result.diagnostics) log(formatDiagnostic(d));
      log(`${what}: failed with ${result.diagnostics.filter((d) => d.severity === 'error').length} error(s) in ${ms} ms; ${shownOut} unchanged`);
    } else {
      const names = summary ?? (result.written.length === 0 ? 'nothing changed' : `wrote ${result.written.join(', ')}`);
      log(`${what}: ${names} in ${ms} ms`);
    }
  };

  const started = performance.now();
  await state.reload(root, [...declarationFiles]);
  report(started, `built ${declarationFiles.size} declarations`, await rebuild('all'), `${state.outputs.size} remediations in ${shownOut}`);

  // Changes arrive in bursts (an editor's save is several events): collect them briefly.
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const flush = () => {
    const changed = [...pending];
    pending = new Set();
    running = running.then(async () => {
      const t = performance.now();
      declarationFiles = new Set(await findDeclarationFiles(root));
      const files = state.affected(changed, declarationFiles);
      if (files.length === 0) return;
      await state.reload(root, files);
      report(t, `rebuilt ${files.join(', ')}`, await rebuild(new Set(files)));
    }).catch((error: unknown) => log(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  const outPrefix = toPosix(path.relative(root, outDir)) + '/';
  const watcher = watchFiles(root, { recursive: true }, (_event, name) => {
    if (!name) return;
    const file = toPosix(name.toString());
    if (file.startsWith(outPrefix) || file.startsWith('node_modules/') || file.startsWith('.git/') || !(file.endsWith('.ts') || isYamlDeclaration(file))) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(flush, 10);
  });
  log(`Watching ${path.relative(process.cwd(), root) || '.'} for changes (Ctrl+C to stop).`);
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

function sameFiles(a: ReadonlyMap<string, Buffer>, b: ReadonlyMap<string, Buffer>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, bytes] of a) if (!b.get(name)?.equals(bytes)) return false;
  return true;
}

function flatten(outputs: ReadonlyMap<string, RemediationArtifacts>): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const [id, artifacts] of [...outputs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const [name, bytes] of artifacts.files) files.set(`${id}/${name}`, bytes);
    for (const [name, bytes] of artifacts.exports) files.set(name, bytes);
  }
  const sorted = [...outputs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, a]) => a);
  for (const [name, bytes] of wholeBuildFiles(sorted.map((a) => a.entry))) files.set(name, bytes);
  for (const [name, bytes] of catalogFiles(sorted.map((a) => a.catalog))) files.set(name, bytes);
  return files;
}
