/**
 * `remc build --watch`: one full build, then on every save (of a TypeScript or a YAML declaration, a
 * module one imports, or the PowerShell and C# of a custom check or of a project's template) only what
 * the change affects is loaded, emitted and written. A declaration's folder is swapped in whole and the index replaced at once, so
 * dist/ never holds half a remediation; a change with errors prints them and leaves dist/ alone.
 */
import { watch as watchFiles, existsSync } from 'node:fs';
import path from 'node:path';
import { findDeclarationFiles, indexFiles, loadDeclarations, outputFiles, rebuild, type RemediationArtifacts } from '../pipeline.ts';
import type { TargetName } from '../declare/targets.ts';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../diagnostics.ts';
import { toPosix, type Declaration } from '../load/declaration.ts';
import { updateFolders, writeOutput } from '../write/write.ts';
import { isYamlDeclaration } from '../load/yaml.ts';
import { forgetSources } from '../ps/functions.ts';

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
  /** Declaration file -> the project's PowerShell and C# its scripts copy (absolute; a folder ends in a separator). */
  checkFiles: ReadonlyMap<string, readonly string[]> = new Map();
  /** The last rebuild failed: a declaration that did not lower names none of its files in checkFiles. */
  failing = false;
  readonly loadProblems = new Map<string, Diagnostic[]>();
  /** What the last successful rebuild made, by remediation id. */
  outputs: ReadonlyMap<string, RemediationArtifacts> = new Map();

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
  affected(root: string, changed: readonly string[], declarationFiles: ReadonlySet<string>): string[] {
    const result = new Set<string>();
    for (const file of changed) {
      if (declarationFiles.has(file) || this.declarations.has(file) || this.inputs.has(file)) result.add(file);
      for (const [decl, inputs] of this.inputs) if (inputs.includes(file)) result.add(decl);
      const full = path.join(root, file);
      for (const [decl, files] of this.checkFiles) if (files.some((f) => f === full || (f.endsWith(path.sep) && full.startsWith(f)))) result.add(decl);
    }
    return [...result].sort();
  }
}

interface Rebuilt {
  /** The remediations written (`<id> (removed)` for a removed one). */
  readonly written: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Rebuilds from what `state` holds (the pipeline's lower and artifact stages, the remediations whose
 * sources are in `touched` made again) and writes what changed; with errors, writes nothing.
 */
async function rebuildInto(state: ProjectState, options: WatchOptions, touched: ReadonlySet<string> | 'all'): Promise<Rebuilt> {
  const declarations = [...state.declarations.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
  const built = rebuild(declarations, [...state.loadProblems.values()].flat(), options.root, { targets: options.targets }, state.outputs, touched);
  state.failing = hasErrors(built.diagnostics);
  if (state.failing) {
    state.checkFiles = new Map([...state.checkFiles, ...built.checkFiles]);
    return { written: [], diagnostics: built.diagnostics };
  }
  const { outputs, changed, removed } = built;
  // Exports live outside dist/<id>/ and feed whole-build files (Tactical's catalog): swap the whole output.
  const exporting = [...outputs.values(), ...state.outputs.values()].some((a) => a.exports.size > 0);
  if (touched === 'all' || (exporting && changed.length + removed.length > 0)) {
    await writeOutput(options.outDir, outputFiles(outputs));
  } else if (changed.length + removed.length > 0) {
    await updateFolders(options.outDir, new Map(changed.map((id) => [id, outputs.get(id)!.files])), removed, indexFiles(outputs));
  }
  state.outputs = outputs;
  state.checkFiles = built.checkFiles;
  return { written: [...changed, ...removed.map((id) => `${id} (removed)`)], diagnostics: built.diagnostics };
}

/** A rebuild's line: what was written and how long it took, or its diagnostics. */
function reporter(options: WatchOptions): (started: number, what: string, result: Rebuilt, summary?: string) => void {
  const shownOut = `${toPosix(path.relative(options.root, options.outDir)) || '.'}/`;
  return (started, what, result, summary) => {
    const ms = (performance.now() - started).toFixed(0);
    if (hasErrors(result.diagnostics)) {
      for (const d of result.diagnostics) options.log(formatDiagnostic(d));
      options.log(`${what}: failed with ${result.diagnostics.filter((d) => d.severity === 'error').length} error(s) in ${ms} ms; ${shownOut} unchanged`);
    } else {
      const names = summary ?? (result.written.length === 0 ? 'nothing changed' : `wrote ${result.written.join(', ')}`);
      options.log(`${what}: ${names} in ${ms} ms`);
    }
  };
}

/** What a check's scripts copy: PowerShell (.ps1) and the C# its Add-Type compiles (.cs). */
const isCheckFile = (file: string) => file.endsWith('.ps1') || file.endsWith('.cs');

/**
 * Calls `changed` with the project's saved TypeScript, YAML, PowerShell and C# files (project-relative paths), a burst
 * of events at a time (an editor's save is several); the output folder, node_modules/ and .git/ aside.
 */
function watchSources(options: WatchOptions, changed: (files: string[]) => void): Watcher {
  const { root, outDir } = options;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const outPrefix = toPosix(path.relative(root, outDir)) + '/';
  const watcher = watchFiles(root, { recursive: true }, (_event, name) => {
    if (!name) return;
    const file = toPosix(name.toString());
    if (file.startsWith(outPrefix) || file.startsWith('node_modules/') || file.startsWith('.git/') || !(file.endsWith('.ts') || isYamlDeclaration(file) || isCheckFile(file))) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending];
      pending = new Set();
      changed(files);
    }, 10);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

export async function watch(options: WatchOptions): Promise<Watcher> {
  const { root, log } = options;
  const state = new ProjectState();
  const report = reporter(options);
  let declarationFiles = new Set(await findDeclarationFiles(root));
  const started = performance.now();
  await state.reload(root, [...declarationFiles]);
  const shownOut = `${toPosix(path.relative(root, options.outDir)) || '.'}/`;
  report(started, `built ${declarationFiles.size} declarations`, await rebuildInto(state, options, 'all'), `${state.outputs.size} remediations in ${shownOut}`);

  let running = Promise.resolve();
  const watcher = watchSources(options, (changed) => {
    running = running
      .then(async () => {
        const t = performance.now();
        declarationFiles = new Set(await findDeclarationFiles(root));
        let files = state.affected(root, changed, declarationFiles);
        // While the build fails, a saved .ps1 or .cs may be the fix of a check that did not lower: rebuild all.
        if (files.length === 0 && state.failing && changed.some(isCheckFile)) files = [...declarationFiles].sort();
        if (files.length === 0) return;
        // What remc read of a saved .ps1 or .cs is read again.
        forgetSources(changed.filter(isCheckFile).map((f) => path.join(root, f)));
        await state.reload(root, files);
        report(t, `rebuilt ${files.join(', ')}`, await rebuildInto(state, options, new Set(files)));
      })
      .catch((error: unknown) => log(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`));
  });
  log(`Watching ${path.relative(process.cwd(), root) || '.'} for changes (Ctrl+C to stop).`);
  return watcher;
}
