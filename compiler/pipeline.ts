/**
 * The pipeline, once: find -> load -> validate -> lower -> artifacts -> (write | compare). Every
 * stage returns its diagnostics; nothing reaches the output folder unless the whole build is free of
 * errors. build, check, list, bundle and publish run it whole; watch runs its stages (find, load,
 * `rebuild`) itself, keeping what a change did not touch.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { artifactStream, buildArtifacts, remediationArtifacts, wholeBuildFiles, type Artifacts, type RemediationArtifacts } from './emit/artifacts.ts';
import { catalogFiles } from './emit/exports/index.ts';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import type { Declaration } from './load/declaration.ts';
import { findDeclarationFiles, loadDeclarations } from './load/load.ts';
import { mergeCheckDiagnostics, typecheck } from './load/typecheck.ts';
import { isYamlDeclaration } from './load/yaml.ts';
import { lower } from './lower/lower.ts';
import { validate } from './validate/validate.ts';
import type { RemediationModel } from './lower/model.ts';
import { openSigner, type SignOptions } from './emit/sign.ts';
import { normalizeTargets, type TargetName } from './declare/targets.ts';
import { bundleZip } from './write/bundle.ts';
import { isClean, OutputWriter, replaceFile, type Drift, type WriteHooks } from './write/write.ts';

export interface CompileResult {
  readonly files: readonly string[];
  readonly remediations: readonly RemediationModel[];
  readonly artifacts: Artifacts;
  readonly diagnostics: readonly Diagnostic[];
}

export interface CompileOptions {
  /** Sign every script with this certificate, before remediation.json and index.json take their bytes. */
  readonly sign?: SignOptions | undefined;
  /**
   * The output is for devices (build, bundle): without `sign`, a declaration that enforces the
   * signature check is an error. `remc check` and `list` leave it off. @default false
   */
  readonly forDevices?: boolean;
  /** From `--target`: replaces every declaration's own targets for this build. */
  readonly targets?: readonly TargetName[] | undefined;
  /**
   * A target one remediation cannot meet (REMC054, REMC055, REMC057) fails the build (`--strict-targets`),
   * instead of a warning that skips that remediation for that target and builds the rest. @default false
   */
  readonly strictTargets?: boolean | undefined;
}

/** Find, load and lower: the declarations as models, or why they cannot be built. */
async function front(root: string, options: CompileOptions): Promise<Omit<CompileResult, 'artifacts'>> {
  const files = await findDeclarationFiles(root);
  if (files.length === 0) {
    return { files, remediations: [], diagnostics: [diagnostic('REMC019', 'no declarations: remediations/ holds no .ts or .remc.yaml file')] };
  }
  const loaded = await loadDeclarations(root, files);
  const lowered = lowerDeclarations(loaded.declarations, root, options);
  return { files, remediations: lowered.remediations, diagnostics: [...loaded.diagnostics, ...lowered.diagnostics] };
}

/**
 * Validate and lower loaded declarations into models, `--target` replacing each declaration's own
 * targets: the one lowering stage of build, check, bundle and watch.
 */
export function lowerDeclarations(declarations: readonly Declaration[], root: string, options: CompileOptions): { remediations: readonly RemediationModel[]; diagnostics: readonly Diagnostic[] } {
  const validated = validate(declarations, root, { unsigned: options.forDevices === true && options.sign === undefined });
  const remediations = lower(validated.remediations);
  const chosen = options.targets ? normalizeTargets(options.targets) : undefined;
  return { remediations: chosen ? remediations.map((m) => ({ ...m, targets: chosen })) : remediations, diagnostics: validated.diagnostics };
}

/** Everything but the disk: what `remc build` would write (all of it in memory), or why it cannot. */
export async function compile(root: string, options: CompileOptions = {}): Promise<CompileResult> {
  const early = await front(root, options);
  if (hasErrors(early.diagnostics)) return { ...early, artifacts: new Map(), diagnostics: sortDiagnostics(early.diagnostics) };
  // The signer is opened (and its certificate tried) only once the declarations are sound.
  const { signer, problem } = options.sign ? openSigner(options.sign, root) : {};
  if (problem !== undefined) return { ...early, artifacts: new Map(), diagnostics: sortDiagnostics([...early.diagnostics, diagnostic('REMC051', `signing: ${problem}`)]) };
  try {
    const built = buildArtifacts(early.remediations, signer?.sign, options.strictTargets === true);
    return { ...early, artifacts: built.files, diagnostics: sortDiagnostics([...early.diagnostics, ...built.diagnostics]) };
  } finally {
    signer?.close();
  }
}

export interface CheckResult {
  readonly remediations: readonly RemediationModel[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `remc check`: everything but the disk, and tsc over the TypeScript declarations (YAML ones are
 * checked by the rules, and editors by the schema).
 */
export async function check(root: string, options: Pick<CompileOptions, 'strictTargets'> = {}): Promise<CheckResult> {
  const compiled = await compile(root, options);
  const tsFiles = compiled.files.filter((f) => !isYamlDeclaration(f));
  const types = tsFiles.length > 0 ? await typecheck(root, tsFiles) : [];
  return { remediations: compiled.remediations, diagnostics: mergeCheckDiagnostics(types, compiled.diagnostics) };
}

export interface BuildOptions extends CompileOptions {
  readonly root: string;
  /** Output folder, relative to `root` unless absolute. @default 'dist' */
  readonly out?: string;
  /** Compare with what is on disk instead of writing. */
  readonly check?: boolean;
  /** Replaces the declarations' targets (`remc build --target`). */
  readonly targets?: readonly TargetName[];
  readonly hooks?: WriteHooks;
}

export interface BuildReport {
  readonly files: readonly string[];
  readonly remediations: readonly RemediationModel[];
  /** Every output file (path relative to the output folder) and its size in bytes. */
  readonly sizes: ReadonlyMap<string, number>;
  readonly diagnostics: readonly Diagnostic[];
  readonly outDir: string;
  /** True when files on disk changed. */
  readonly written: boolean;
  /** With `check`: how the disk differs. */
  readonly drift?: Drift;
}

/**
 * Builds into the output folder (or, with `check`, compares with it) file by file as the artifacts
 * are made, so memory does not grow with the number of remediations. The first error stops the
 * writing (the rest is still built for its diagnostics) and the output folder is left as it was.
 */
export async function build(options: BuildOptions): Promise<BuildReport> {
  const outDir = path.resolve(options.root, options.out ?? 'dist');
  const early = await front(options.root, { sign: options.sign, forDevices: options.forDevices ?? true, targets: options.targets });
  const strictTargets = options.strictTargets === true;
  const sizes = new Map<string, number>();
  const diagnostics = [...early.diagnostics];
  const done = (extra: readonly Diagnostic[], written = false, drift?: Drift): BuildReport => ({
    ...early,
    sizes,
    diagnostics: sortDiagnostics([...diagnostics, ...extra]),
    outDir,
    written,
    ...(drift ? { drift } : {}),
  });
  if (hasErrors(diagnostics)) return done([]);
  const { signer, problem } = options.sign ? openSigner(options.sign, options.root) : {};
  if (problem !== undefined) return done([diagnostic('REMC051', `signing: ${problem}`)]);
  const failed = (error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    return done([diagnostic('REMC031', `cannot ${options.check ? 'read' : 'write'} ${outDir}: ${reason}`)]);
  };
  let output: OutputWriter;
  try {
    output = await OutputWriter.open(outDir, options.check ? 'check' : 'update');
  } catch (error) {
    return failed(error);
  }
  let failing = false;
  let checked = diagnostics.length; // diagnostics already looked at (warnings can be many)
  try {
    for (const [name, bytes] of artifactStream(early.remediations, diagnostics, signer?.sign, strictTargets)) {
      sizes.set(name, bytes.length);
      if (diagnostics.length > checked) {
        failing ||= hasErrors(diagnostics.slice(checked));
        checked = diagnostics.length;
      }
      if (!failing) await output.add(name, bytes);
    }
  } catch (error) {
    await output.discard(); // a fault in remc itself, not in the declarations: reported as such
    throw error;
  } finally {
    signer?.close();
  }
  if (failing || hasErrors(diagnostics.slice(checked))) {
    await output.discard();
    return done([]);
  }
  try {
    if (!options.check) return done([], await output.commit(options.hooks));
    const drift = await output.drift();
    if (isClean(drift)) return done([], false, drift);
    return done([diagnostic('REMC030', `${path.relative(options.root, outDir) || '.'} is out of date: ${describeDrift(drift)}`)], false, drift);
  } catch (error) {
    await output.discard();
    return failed(error);
  }
}

function describeDrift(drift: Drift): string {
  const parts = [
    ...drift.changed.map((f) => `changed ${f}`),
    ...drift.missing.map((f) => `missing ${f}`),
    ...drift.extra.map((f) => `unexpected ${f}`),
  ];
  return parts.length > 6 ? `${parts.slice(0, 6).join(', ')} and ${parts.length - 6} more` : parts.join(', ');
}

/** The find and load stages, for watch, which runs them on the files a change touched. */
export { findDeclarationFiles, loadDeclarations };
export type { RemediationArtifacts };

export interface Rebuild {
  /** Every remediation's artifacts, by id, in the models' order; empty when there are errors. */
  readonly outputs: ReadonlyMap<string, RemediationArtifacts>;
  /** The ids whose files or exports differ from the previous ones (or are new). */
  readonly changed: readonly string[];
  /** The ids built before and not now. */
  readonly removed: readonly string[];
  /** Declaration file -> the project's own PowerShell and C# its scripts copy (see {@link projectCheckFiles}), for each remediation that lowered. */
  readonly checkFiles: ReadonlyMap<string, readonly string[]>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The project's own files a remediation's scripts copy, absolute: a custom check's .ps1 and .cs files,
 * and a project template's folder (ending in a separator: any file under it). remc's built-in
 * templates are not the project's: they change with remc.
 */
export function projectCheckFiles(model: RemediationModel): string[] {
  return model.checks.flatMap(({ source: s }) => {
    if (s.builtin) return [];
    if (s.kind === 'template') return [path.dirname(s.probe) + path.sep];
    return [s.probe, s.fix, s.seam, s.native].filter((f): f is string => f !== undefined);
  });
}

/**
 * Lower and artifacts again, for watch: every declaration is lowered (with `problems`, the load's
 * diagnostics), and the artifacts made again of each remediation whose source is in `touched` or
 * changed; the others keep their `previous` artifacts. Unsigned: a declaration that enforces the
 * signature check needs remc build --sign-*.
 */
export function rebuild(
  declarations: readonly Declaration[],
  problems: readonly Diagnostic[],
  root: string,
  options: { readonly targets?: readonly TargetName[] | undefined; readonly strictTargets?: boolean | undefined },
  previous: ReadonlyMap<string, RemediationArtifacts>,
  touched: ReadonlySet<string> | 'all',
): Rebuild {
  const lowered = lowerDeclarations(declarations, root, { forDevices: true, targets: options.targets });
  const checkFiles = new Map(lowered.remediations.map((m) => [m.source.file, projectCheckFiles(m)]));
  const failed = (diagnostics: readonly Diagnostic[]): Rebuild => ({ outputs: new Map(), changed: [], removed: [], checkFiles, diagnostics });
  const diagnostics = sortDiagnostics([...problems, ...lowered.diagnostics]);
  if (hasErrors(diagnostics)) return failed(diagnostics);
  const outputs = new Map<string, RemediationArtifacts>();
  const changed: string[] = [];
  for (const model of lowered.remediations) {
    const before = previous.get(model.id);
    if (touched !== 'all' && before && !touched.has(model.source.file) && before.sourceSha256 === model.source.sha256) {
      outputs.set(model.id, before);
      continue;
    }
    const built = remediationArtifacts(model, undefined, options.strictTargets === true);
    if (built.diagnostics.length > 0) diagnostics.push(...built.diagnostics);
    if (!built.artifacts) continue;
    outputs.set(model.id, built.artifacts);
    if (!before || !sameFiles(before.files, built.artifacts.files) || !sameFiles(before.exports, built.artifacts.exports)) changed.push(model.id);
  }
  if (hasErrors(diagnostics)) return failed(diagnostics);
  return { outputs, changed, removed: [...previous.keys()].filter((id) => !outputs.has(id)), checkFiles, diagnostics };
}

function sameFiles(a: ReadonlyMap<string, Buffer>, b: ReadonlyMap<string, Buffer>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, bytes] of a) if (!b.get(name)?.equals(bytes)) return false;
  return true;
}

/**
 * The whole output folder made of these remediations' artifacts, in id order: their folders and
 * exports, then the whole-build files (index.json, README.md, the targets' catalogs).
 */
export function outputFiles(outputs: ReadonlyMap<string, RemediationArtifacts>): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const byId = [...outputs].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [id, artifacts] of byId) {
    for (const [name, bytes] of artifacts.files) files.set(`${id}/${name}`, bytes);
    for (const [name, bytes] of artifacts.exports) files.set(name, bytes);
  }
  const sorted = byId.map(([, a]) => a);
  for (const [name, bytes] of wholeBuildFiles(sorted.map((a) => a.entry))) files.set(name, bytes);
  for (const [name, bytes] of catalogFiles(sorted.map((a) => a.catalog))) files.set(name, bytes);
  return files;
}

/** index.json and README.md of these remediations, in the map's order. */
export function indexFiles(outputs: ReadonlyMap<string, RemediationArtifacts>): Map<string, Buffer> {
  return wholeBuildFiles([...outputs.values()].map((a) => a.entry));
}

export interface BundleOptions extends CompileOptions {
  readonly root: string;
  /** The zip to write, relative to `root` unless absolute. @default 'remc-bundle.zip' */
  readonly out?: string;
}

export interface BundleReport extends CompileResult {
  readonly outFile: string;
  /** The zip's bytes when it was written. */
  readonly zip?: Buffer;
}

/**
 * Builds (the same pipeline as `remc build`, in memory: never from a dist/ that may be stale) and
 * writes the zip at once, beside its place and renamed over it; a failed build writes nothing.
 */
export async function bundle(options: BundleOptions): Promise<BundleReport> {
  const outFile = path.resolve(options.root, options.out ?? 'remc-bundle.zip');
  const result = await compile(options.root, { sign: options.sign, forDevices: options.forDevices ?? true, strictTargets: options.strictTargets });
  if (hasErrors(result.diagnostics)) return { ...result, outFile };
  try {
    const zip = bundleZip(result.artifacts);
    await mkdir(path.dirname(outFile), { recursive: true });
    await replaceFile(outFile, zip);
    return { ...result, outFile, zip };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ...result, outFile, diagnostics: [...result.diagnostics, diagnostic('REMC031', `cannot write ${outFile}: ${reason}`)] };
  }
}
