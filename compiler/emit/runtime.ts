/**
 * Which runtime a script carries: the parts of compiler/ps/runtime/ its kind needs, the functions its
 * main block calls, and the lines of features the remediation uses (`# remc-when:` tags). Runtime
 * functions are printed with their purpose only; their explanations stay in the .ps1 files.
 */
import path from 'node:path';
import { hasSymptomFix, mayAnswer, type RemediationModel } from '../lower/model.ts';
import { ENTRY_POINTS, type ScriptKind } from '../protocol.ts';
import { callsOf, RUNTIME_DIR, RUNTIME_ORIGIN, type FunctionChunk } from '../ps/functions.ts';
import { pascalCase } from './names.ts';
import type { SourceFile } from './sources.ts';

/** Runtime helpers, each printed under `# remc runtime: <part>`. */
type RuntimePart = 'common' | 'state' | 'detect' | 'remediate' | 'combined' | 'relaunch64';

/**
 * The .ps1 files under compiler/ps/runtime/ that hold each part, in the order they are printed. The
 * common part is four files by job: the run (clock, summary line, context, probes, plan, proof), the
 * triggers (what fires a fix, the symptoms detection counts), what it reports (its outcome, each
 * check's part of the line), and programs run as probes and fixes (only what a command template calls
 * is printed).
 */
const RUNTIME_FILES: Readonly<Record<RuntimePart, readonly string[]>> = {
  common: ['common.ps1', 'triggers.ps1', 'report.ps1', 'program.ps1'],
  state: ['state.ps1'],
  detect: ['detect.ps1'],
  remediate: ['remediate.ps1'],
  combined: ['combined.ps1'],
  relaunch64: ['relaunch64.ps1'],
};

/** Whether a source file is remc's runtime (printed with features and purposes only), by its origin. */
export function isRuntime(source: Pick<SourceFile, 'origin'>): boolean {
  return source.origin.startsWith(RUNTIME_ORIGIN);
}

/** Whether a script reads remc's marker: wherever fixes exist (the combined script always reads it). */
function readsState(model: RemediationModel, kind: ScriptKind): boolean {
  return !model.detectOnly || kind === 'combined';
}

/** The runtime a script needs: state only where it reads the marker, the relaunch only for 64-bit remediations. */
function runtimeParts(model: RemediationModel, kind: ScriptKind): RuntimePart[] {
  const parts: RuntimePart[] = ['common'];
  if (readsState(model, kind)) parts.push('state');
  parts.push(...(kind === 'combined' ? (['detect', 'remediate', 'combined'] as const) : [kind]));
  if (model.runAs64Bit) parts.push('relaunch64');
  return parts;
}

/** The runtime's files a script needs, in order. */
export function runtimeFiles(model: RemediationModel, kind: ScriptKind): SourceFile[] {
  return runtimeParts(model, kind).flatMap((part) =>
    RUNTIME_FILES[part].map((name) => ({ section: `remc runtime: ${part}`, origin: `${RUNTIME_ORIGIN}${name}`, file: path.join(RUNTIME_DIR, name) })),
  );
}

/** The runtime functions a script's main block calls (the probes and fixes are called by the rows' names). */
export function runtimeRoots(model: RemediationModel, kind: ScriptKind): string[] {
  return [
    ENTRY_POINTS[kind],
    'Format-RemcLine',
    'Write-RemcOutcome',
    ...(model.runAs64Bit ? ['Invoke-RemcRelaunch64'] : []),
    ...(readsState(model, kind) ? ['Read-RemcState'] : []),
    ...(savesDetection(model, kind) ? ['Save-RemcDetection'] : []),
    ...(kind === 'combined' ? ['Resolve-RemcMode'] : []),
  ];
}

/**
 * What the runtime can leave out for a remediation: a runtime line that ends in `# remc-when: <feature>`,
 * or the lines between `# remc-when-begin: <feature>` and `# remc-when-end`, are kept only when the
 * declaration uses that feature, so what only they call is not reachable either.
 * `symptom-fixes`: a fix a symptom (cause, finding) triggers, whose proof detection decides;
 * `saves-detection`: detection writes what it learned (sightings for confirmRuns, a proof's verdict);
 * `action-needed`: a check without a fix, whose finding a person must act on, or whose probe can say its
 *   drift is none its fix can repair (`Repairable = $false`).
 * `all-of`: a fix triggered by allOf(...), which fires when all its parts do.
 * `schedule`: a fix onSchedule() triggers, on every run the cool-down does not hold.
 */
export function runtimeFeatures(model: RemediationModel): ReadonlySet<string> {
  const symptomFixes = hasSymptomFix(model);
  const features = new Set<string>();
  if (symptomFixes) features.add('symptom-fixes');
  if (model.checks.some((c) => c.triggers.some((t) => t.kind === 'all'))) features.add('all-of');
  if (model.checks.some((c) => c.hasFix && c.triggers.some((t) => t.kind === 'schedule'))) features.add('schedule');
  if (!model.detectOnly && (model.confirmRuns > 1 || symptomFixes)) features.add('saves-detection');
  if (model.checks.some((c) => !c.hasFix || mayAnswer(c, 'Repairable'))) features.add('action-needed');
  return features;
}

/**
 * What the checks' options turn on in their templates' code: a line of a template's .ps1 that ends in
 * `# remc-when: <Key>` (or a `# remc-when-begin: <Key>` block) is kept only when a check of the
 * remediation has the config key `<Key>` set to true, e.g. `ForEachUser`: a remediation that does not
 * use an option carries none of the code only it reaches.
 */
export function configFeatures(model: RemediationModel): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const check of model.checks) for (const [key, value] of Object.entries(check.config)) if (value === true) keys.add(pascalCase(key));
  return keys;
}

/**
 * Detection writes the marker when it counts sightings (confirmRuns > 1) or decides whether a fix a
 * symptom triggered held (such fixes await proof); a remediation of drift fixes alone needs neither.
 */
export function savesDetection(model: RemediationModel, kind: ScriptKind): boolean {
  return kind === 'detect' && runtimeFeatures(model).has('saves-detection');
}

const FEATURE_TAG = /\s*#\s*remc-when:\s*([\w-]+)\s*$/;
const BLOCK_BEGIN = /^\s*#\s*remc-when-begin:\s*([\w-]+)\s*$/;
const BLOCK_END = /^\s*#\s*remc-when-end\s*$/;

/** A runtime function without the lines of features the remediation does not use, its calls read again. */
export function withFeatures(chunk: FunctionChunk, features: ReadonlySet<string>): FunctionChunk {
  if (!chunk.text.includes('remc-when')) return chunk;
  let dropping: string | undefined;
  const kept: string[] = [];
  for (const line of chunk.text.split('\n')) {
    const begin = BLOCK_BEGIN.exec(line);
    if (begin) {
      if (dropping === undefined && !features.has(begin[1]!)) dropping = begin[1]!;
      continue;
    }
    if (BLOCK_END.test(line)) {
      dropping = undefined;
      continue;
    }
    if (dropping !== undefined) continue;
    const tag = FEATURE_TAG.exec(line);
    if (!tag) kept.push(line);
    else if (features.has(tag[1]!)) kept.push(line.slice(0, tag.index));
  }
  const text = kept.join('\n');
  return { ...chunk, text, calls: callsOf(text) };
}
