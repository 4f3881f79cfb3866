/**
 * Artifacts: everything `remc build` writes, produced as path -> bytes, one remediation at a time.
 * Per remediation: detect.ps1, remediate.ps1 (not for detect-only ones), remediation.json, the Graph
 * deviceHealthScript create body, and README.md (and the exports its targets ask for); plus
 * dist/index.json with the sha256 of every file and dist/README.md, the list for people.
 */
import { createHash } from 'node:crypto';
import { diagnostic, type Diagnostic, type SourceLocation } from '../diagnostics.ts';
import type { CombinedForm } from './combined.ts';
import { renderScript, type RenderedScript } from './emit.ts';
import { configFeatures, runtimeFeatures } from './runtime.ts';
import { accountProblem, catalogFiles, COMBINED_TARGETS, exportFiles, PAIR_LAYOUTS, skippedDiagnostic, type CatalogEntries, type SkippedTarget } from './exports/index.ts';
import type { TargetName } from '../declare/targets.ts';
import { LIMITS } from '../declare/limits.ts';
import type { RemediationModel } from '../lower/model.ts';
import { REMC_VERSION } from '../paths.ts';
import type { ScriptKind } from '../protocol.ts';
import { windowsPowerShell51Report } from '../ps/compat/index.ts';
import { SignError, type ScriptSigner } from './sign.ts';
import { buildReadme, remediationReadme, type IndexEntry, type Ps51Exception } from './readme.ts';

export type { IndexEntry, Ps51Exception };

/** Output files keyed by path relative to the output folder (forward slashes), in a stable order. */
export type Artifacts = Map<string, Buffer>;

export interface ArtifactResult {
  readonly files: Artifacts;
  readonly diagnostics: readonly Diagnostic[];
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** JSON with two-space indentation and a final line break; key order is the code's, so output is stable. */
function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

/** The body of POST /beta/deviceManagement/deviceHealthScripts, with run-as and bitness always explicit. */
export function graphPayload(model: RemediationModel, scripts: Partial<Record<ScriptKind, Buffer>>): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.deviceHealthScript',
    displayName: model.displayName,
    description: model.description,
    publisher: model.publisher,
    runAsAccount: model.runAs,
    runAs32Bit: !model.runAs64Bit,
    enforceSignatureCheck: model.enforceSignatureCheck,
    detectionScriptContent: scripts.detect!.toString('base64'),
    ...(scripts.remediate ? { remediationScriptContent: scripts.remediate.toString('base64') } : {}),
    detectionScriptParameters: [],
    remediationScriptParameters: [],
  };
}


interface Ps51Result {
  /** REMC023 errors, and a warning for each `# remc-allow REMC023` that accepted nothing. */
  readonly diagnostics: Diagnostic[];
  readonly exceptions: Ps51Exception[];
}

const UNUSED_ALLOW_HINT = 'Remove the `# remc-allow REMC023` comment, or put it on the line it is for (or on the line just above it).';
const ALLOW_HINT = 'A line Windows PowerShell 5.1 must run as it is carries `# remc-allow REMC023: <reason>` (on the line, or on the line just above); the reason is required, and the remediation\'s README lists it.';

/**
 * The emitted script, checked as a whole (runtime, templates and the main block together, so every
 * function it calls is defined in it) against what Windows PowerShell 5.1 can parse and run.
 *
 * Declared data reaches a script only as literals (the encoder's output, fuzzed against the real
 * parser) and sanitized comments, neither of which holds a command or an operator; so the result
 * depends only on which code the script carries, and a clean result (with the `# remc-allow` comments
 * it used) is reused for every script that carries the same code. A large build would otherwise
 * tokenize the same runtime thousands of times.
 */
const cleanCode = new Map<string, Ps51Result>();
function windowsPowerShell51Problems(model: RemediationModel, kind: ScriptKind, script: RenderedScript, file: string, form?: CombinedForm): Ps51Result {
  // Which code it carries: its kind, the runtime parts and the feature lines kept (`# remc-when:`), and its checks' code.
  const features = [...runtimeFeatures(model), ...configFeatures(model)].sort().join(',');
  const code = [kind, form?.report ?? '', model.runAs64Bit, model.detectOnly, features, ...new Set(model.checks.map((c) => `${c.source.kind}:${c.source.probe}:${c.source.fix ?? ''}`))].join('|');
  const cacheable = model.checks.every((c) => c.source.kind === 'template');
  const cached = cacheable ? cleanCode.get(code) : undefined;
  if (cached) return cached;
  const report = windowsPowerShell51Report({ path: file, text: script.text });
  const lines = script.text.split(/\r?\n/);
  const where = (line: number, column: number) => sourceLocation(script, line, column, lines) ?? { file, line, column, lineText: lines[line - 1] ?? '' };
  const diagnostics = report.problems.map((p) => diagnostic('REMC023', p.message, where(p.line, p.column), p.rule === 'suppression' ? ALLOW_HINT : undefined));
  const exceptions: Ps51Exception[] = [];
  for (const a of report.allowances) {
    const at = where(a.line, a.column);
    if (a.unused !== undefined) diagnostics.push(diagnostic('REMC023', a.unused, at, UNUSED_ALLOW_HINT, 'warning'));
    else exceptions.push({ file: at.file, line: at.line, reason: a.reason, accepted: a.accepted.map((p) => p.message) });
  }
  const result = { diagnostics, exceptions };
  if (cacheable && report.problems.length === 0) cleanCode.set(code, result);
  return result;
}

/**
 * Where a line of the emitted script came from: the line and column of the template or custom .ps1 it
 * copies, shown as it is there (the script indents differently; it may also have left a comment out).
 */
function sourceLocation(script: RenderedScript, line: number, column: number, lines: readonly string[]): SourceLocation | undefined {
  const span = script.spans.find((s) => line >= s.start && line < s.start + s.count);
  if (!span) return undefined;
  const shift = span.shifts[line - span.start] ?? 0;
  const printed = lines[line - 1] ?? '';
  const lead = printed.length - printed.trimStart().length;
  return { file: span.origin, line: span.firstLine + (line - span.start), column: column + shift, lineText: ' '.repeat(Math.max(0, lead + shift)) + printed.trimStart() };
}

/** What one remediation contributes: its files (keyed by name in its folder) and its index entry. */
export interface RemediationArtifacts {
  readonly files: ReadonlyMap<string, Buffer>;
  /** Files of the other targets, keyed by path relative to the output folder (`tactical/scripts/...`). */
  readonly exports: ReadonlyMap<string, Buffer>;
  /** What the whole-build files of the targets list about this remediation (Tactical's community_scripts.json entry). */
  readonly catalog: CatalogEntries;
  readonly entry: IndexEntry;
  readonly sourceSha256: string;
}

/**
 * `sign`, when given, signs each script as soon as it is printed: the size limit, remediation.json and
 * the index hashes all take the signed bytes. A target the remediation cannot meet is skipped with a
 * warning (its index entry says so), or is an error with `strictTargets`.
 */
export function remediationArtifacts(declared: RemediationModel, sign?: ScriptSigner, strictTargets = false): { artifacts?: RemediationArtifacts; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // A tool that would run it as another account gets nothing: not even its script is made.
  const wrongAccount = declared.targets.map((t) => accountProblem(declared, t)).filter((s): s is SkippedTarget => s !== undefined);
  const model = wrongAccount.length > 0 ? { ...declared, targets: declared.targets.filter((t) => !wrongAccount.some((s) => s.target === t)) } : declared;
  const where = { file: model.source.file, line: 1, column: 1 };
  const wants = (target: TargetName) => model.targets.includes(target);
  // The `# remc-allow REMC023` comments the scripts used (and the warnings of unused ones), once each
  // however many scripts carry the line.
  const exceptions = new Map<string, Ps51Exception>();
  const warned = new Set<string>();
  let failed = false;
  // IntuneCD re-reads the scripts as text and sends them with LF line ends (layouts.ts): a signature
  // over the CRLF bytes remc signs would not cover what it sends, and Intune would refuse the script.
  if (sign && wants('intunecd')) {
    diagnostics.push(diagnostic('REMC067', `"${model.id}" is built for IntuneCD and signed: IntuneCD sends the scripts with LF line ends, which the signature over the CRLF bytes does not cover`, model.targetsAt));
    return { diagnostics };
  }
  /** One script, checked; undefined (with its diagnostics) when it cannot be made. */
  const render = (kind: ScriptKind, file: string, form?: CombinedForm): Buffer | undefined => {
    try {
      const script = renderScript(model, kind, form);
      const printed = Buffer.from(script.text, 'ascii');
      const bytes = sign ? sign(file, printed) : printed;
      if (kind !== 'combined' && bytes.length > LIMITS.scriptBytes) {
        diagnostics.push(diagnostic('REMC016', `${kind}.ps1 of "${model.id}" is ${bytes.length} bytes; Intune accepts at most ${LIMITS.scriptBytes}`, where));
      }
      const ps51 = windowsPowerShell51Problems(model, kind, script, file, form);
      for (const d of ps51.diagnostics) {
        const key = `${d.severity}|${d.location?.file}:${d.location?.line}:${d.location?.column}|${d.message}`;
        if (d.severity === 'error' || !warned.has(key)) diagnostics.push(d);
        warned.add(key);
      }
      for (const e of ps51.exceptions) if (!exceptions.has(`${e.file}:${e.line}`)) exceptions.set(`${e.file}:${e.line}`, e);
      return bytes;
    } catch (error) {
      failed = true;
      // A signing failure (osslsigncode). A line the printer refuses cannot come from the user's files any
      // more: validation held them to the printer's rule (REMC021), so a PrintError is remc's own fault.
      if (error instanceof SignError) diagnostics.push(diagnostic('REMC052', error.message, where));
      else throw error;
      return undefined;
    }
  };

  // The Intune pair: Intune's own target, and the repository layouts that hold the same two scripts.
  const scripts: Partial<Record<ScriptKind, Buffer>> = {};
  if (wants('intune') || PAIR_LAYOUTS.some(wants)) {
    const detect = render('detect', `${model.id}/detect.ps1`);
    const remediate = model.detectOnly ? undefined : render('remediate', `${model.id}/remediate.ps1`);
    if (detect) scripts.detect = detect;
    if (remediate) scripts.remediate = remediate;
  }
  const combined = COMBINED_TARGETS.some(wants) ? render('combined', `${model.id}/combined.ps1`) : undefined;
  if (failed) return { diagnostics };

  const payload = scripts.detect ? graphPayload(model, scripts) : undefined;
  const files = new Map<string, Buffer>();
  if (wants('intune')) {
    files.set('detect.ps1', scripts.detect!);
    if (scripts.remediate) files.set('remediate.ps1', scripts.remediate);
    files.set('remediation.json', json(payload!));
    files.set('README.md', Buffer.from(remediationReadme(model, GENERATOR, [...exceptions.values()]), 'utf8'));
  }
  if (wants('combined')) files.set('combined.ps1', combined!);
  const exported = exportFiles(model, { scripts, payload, combined, render });
  if (failed) return { diagnostics };
  const skipped = [...wrongAccount, ...exported.skipped];
  diagnostics.push(...skipped.map((s) => skippedDiagnostic(model, s, strictTargets)));

  const entry = indexEntry(declared, files, exported.files, skipped);
  return { artifacts: { files, exports: exported.files, catalog: exported.catalog, entry, sourceSha256: model.source.sha256 }, diagnostics };
}

/** The sha256 and size of each file. */
function hashes(files: ReadonlyMap<string, Buffer>): Record<string, { sha256: string; bytes: number }> {
  const hashed: Record<string, { sha256: string; bytes: number }> = {};
  for (const [name, bytes] of files) hashed[name] = { sha256: sha256(bytes), bytes: bytes.length };
  return hashed;
}

/** The remediation's entry in dist/index.json: what it is, and the hash of each file it wrote. */
function indexEntry(model: RemediationModel, files: ReadonlyMap<string, Buffer>, exported: ReadonlyMap<string, Buffer>, skipped: readonly SkippedTarget[]): IndexEntry {
  return {
    id: model.id,
    displayName: model.displayName,
    version: model.version,
    publisher: model.publisher,
    runAs: model.runAs,
    runAs64Bit: model.runAs64Bit,
    detectOnly: model.detectOnly,
    checks: model.checks.map((c) => ({ name: c.name, template: c.source.kind === 'template' ? c.source.name : 'custom' })),
    source: model.source,
    files: hashes(files),
    // Only when the remediation has other targets: the default index stays as it always was.
    ...(exported.size > 0 || skipped.length > 0 ? { targets: model.targets, exports: hashes(exported) } : {}),
    // The targets it was not built for, and why: a reader of dist/ is not left to guess.
    ...(skipped.length > 0 ? { skipped: skipped.map((s) => ({ target: s.target, code: s.code, reason: s.reason })) } : {}),
  };
}

/** dist/index.json: every remediation (in id order) with the sha256 of each of its files. */
export function indexFile(entries: readonly IndexEntry[]): Buffer {
  return json({ generator: GENERATOR, remediations: entries });
}

const GENERATOR = `remc ${REMC_VERSION}`;

/** The files about the whole build, beside the remediations' folders: index.json and README.md. */
export function wholeBuildFiles(entries: readonly IndexEntry[]): Map<string, Buffer> {
  return new Map([
    ['index.json', indexFile(entries)],
    ['README.md', Buffer.from(buildReadme(entries, GENERATOR), 'utf8')],
  ]);
}

/**
 * The build's output as a stream: each remediation's files (path relative to the output folder ->
 * bytes) as soon as they are made, then the whole-build files; each remediation's problems are pushed
 * onto `diagnostics` before its files are yielded. Nothing is kept but the index entries and the
 * export catalogs, so a consumer that writes each file away builds any number of remediations in
 * bounded memory.
 */
export function* artifactStream(models: readonly RemediationModel[], diagnostics: Diagnostic[], sign?: ScriptSigner, strictTargets = false): Generator<[string, Buffer]> {
  const entries: IndexEntry[] = [];
  const catalogs: CatalogEntries[] = [];
  for (const model of models) {
    const built = remediationArtifacts(model, sign, strictTargets);
    diagnostics.push(...built.diagnostics);
    if (!built.artifacts) continue;
    for (const [name, bytes] of built.artifacts.files) yield [`${model.id}/${name}`, bytes];
    for (const [name, bytes] of built.artifacts.exports) yield [name, bytes];
    entries.push(built.artifacts.entry);
    catalogs.push(built.artifacts.catalog);
  }
  for (const [name, bytes] of wholeBuildFiles(entries)) yield [name, bytes];
  for (const [name, bytes] of catalogFiles(catalogs)) yield [name, bytes];
}

/** The whole output in memory (for `remc check`, `remc list` and the tests; `remc build` streams it). */
export function buildArtifacts(models: readonly RemediationModel[], sign?: ScriptSigner, strictTargets = false): ArtifactResult {
  const diagnostics: Diagnostic[] = [];
  const files: Artifacts = new Map(artifactStream(models, diagnostics, sign, strictTargets));
  return { files, diagnostics };
}
