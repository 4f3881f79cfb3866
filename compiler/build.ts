/**
 * The pipeline, once: find -> load -> lower -> artifacts -> (write | compare). Every stage returns its
 * diagnostics; nothing reaches the disk unless the whole build is free of errors.
 */
import path from 'node:path';
import { buildArtifacts, type Artifacts } from './artifacts.ts';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import { findDeclarationFiles, loadDeclarations } from './load.ts';
import { lower } from './lower.ts';
import type { RemediationModel } from './model.ts';
import { openSigner, type SignOptions } from './sign.ts';
import { normalizeTargets, type TargetName } from './targets.ts';
import { compareTrees, isClean, readTree, writeOutput, type Drift, type WriteHooks } from './write.ts';

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
}

/** Everything but the disk: what `remc build` would write, or why it cannot. */
export async function compile(root: string, options: CompileOptions = {}): Promise<CompileResult> {
  const files = await findDeclarationFiles(root);
  if (files.length === 0) {
    return { files, remediations: [], artifacts: new Map(), diagnostics: [diagnostic('REMC019', 'no declarations: remediations/ holds no .ts or .remc.yaml file')] };
  }
  const loaded = await loadDeclarations(root, files);
  const lowered = lower(loaded.declarations, root, { unsigned: options.forDevices === true && options.sign === undefined });
  const chosen = options.targets ? normalizeTargets(options.targets) : undefined;
  const remediations = chosen ? lowered.remediations.map((m) => ({ ...m, targets: chosen })) : lowered.remediations;
  const early = [...loaded.diagnostics, ...lowered.diagnostics];
  if (hasErrors(early)) return { files, remediations, artifacts: new Map(), diagnostics: sortDiagnostics(early) };
  // The signer is opened (and its certificate tried) only once the declarations are sound.
  const { signer, problem } = options.sign ? openSigner(options.sign, root) : {};
  if (problem !== undefined) {
    return { files, remediations, artifacts: new Map(), diagnostics: sortDiagnostics([...early, diagnostic('REMC051', `signing: ${problem}`)]) };
  }
  const built = (() => {
    try {
      return buildArtifacts(remediations, signer?.sign);
    } finally {
      signer?.close();
    }
  })();
  return { files, remediations, artifacts: built.files, diagnostics: sortDiagnostics([...early, ...built.diagnostics]) };
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

export interface BuildReport extends CompileResult {
  readonly outDir: string;
  /** True when files on disk changed. */
  readonly written: boolean;
  /** With `check`: how the disk differs. */
  readonly drift?: Drift;
}

export async function build(options: BuildOptions): Promise<BuildReport> {
  const outDir = path.resolve(options.root, options.out ?? 'dist');
  const result = await compile(options.root, { sign: options.sign, forDevices: options.forDevices ?? true, targets: options.targets });
  if (hasErrors(result.diagnostics)) return { ...result, outDir, written: false };
  if (options.check) {
    const drift = compareTrees(result.artifacts, await readTree(outDir));
    const diagnostics = isClean(drift)
      ? result.diagnostics
      : [...result.diagnostics, diagnostic('REMC030', `${path.relative(options.root, outDir) || '.'} is out of date: ${describeDrift(drift)}`)];
    return { ...result, diagnostics, outDir, written: false, drift };
  }
  try {
    const written = await writeOutput(outDir, result.artifacts, options.hooks);
    return { ...result, outDir, written };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ...result, outDir, written: false, diagnostics: [...result.diagnostics, diagnostic('REMC031', `cannot write ${outDir}: ${reason}`)] };
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
