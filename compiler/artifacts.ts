/**
 * Artifacts: everything `remc build` writes, produced as path -> bytes, one remediation at a time.
 * Per remediation: detect.ps1, remediate.ps1 (not for detect-only ones) and remediation.json, the
 * Graph deviceHealthScript create body; plus dist/index.json with the sha256 of every file.
 */
import { createHash } from 'node:crypto';
import { diagnostic, type Diagnostic, type SourceLocation } from './diagnostics.ts';
import { CustomCheckError, DuplicateFunctionError, renderScript, TemplateFileError, type RenderedScript, type ScriptKind } from './emit.ts';
import { LIMITS } from './lower.ts';
import type { RemediationModel } from './model.ts';
import { REMC_VERSION } from './paths.ts';
import { checkWindowsPowerShell51 } from './ps/compat.ts';
import { PrintError } from './ps/printer.ts';

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

/**
 * The emitted script, checked as a whole (runtime, templates and the main block together, so every
 * function it calls is defined in it) against what Windows PowerShell 5.1 can parse and run.
 *
 * Declared data reaches a script only as literals (the encoder's output, fuzzed against the real
 * parser) and sanitized comments, neither of which holds a command or an operator; so the result
 * depends only on which code the script carries, and a clean result is reused for every script that
 * carries the same code. A large build would otherwise tokenize the same runtime thousands of times.
 */
const cleanCode = new Set<string>();
function windowsPowerShell51Problems(model: RemediationModel, kind: ScriptKind, script: RenderedScript): Diagnostic[] {
  const code = [kind, model.runAs64Bit, model.detectOnly, ...new Set(model.checks.map((c) => `${c.source.kind}:${c.source.probe}:${c.source.fix ?? ''}`))].join('|');
  const cacheable = model.checks.every((c) => c.source.kind === 'template');
  if (cacheable && cleanCode.has(code)) return [];
  const file = `${model.id}/${kind}.ps1`;
  const problems = checkWindowsPowerShell51({ path: file, text: script.text });
  if (problems.length === 0) {
    if (cacheable) cleanCode.add(code);
    return [];
  }
  const lines = script.text.split(/\r?\n/);
  return problems.map((p) => diagnostic('REMC023', p.message, sourceLocation(script, p.line, p.column, lines) ?? { file, line: p.line, column: p.column, lineText: lines[p.line - 1] ?? '' }));
}

/** Where a line of the emitted script came from: the line of the template or custom .ps1 it copies. */
function sourceLocation(script: RenderedScript, line: number, column: number, lines: readonly string[]): SourceLocation | undefined {
  const span = script.spans.find((s) => line >= s.start && line < s.start + s.count);
  if (!span) return undefined;
  return { file: span.origin, line: span.firstLine + (line - span.start), column, lineText: lines[line - 1] ?? '' };
}

/** What one remediation contributes: its files (keyed by name in its folder) and its index entry. */
export interface RemediationArtifacts {
  readonly files: ReadonlyMap<string, Buffer>;
  readonly entry: IndexEntry;
  readonly sourceSha256: string;
}

export interface IndexEntry {
  readonly id: string;
  readonly [key: string]: unknown;
}

export function remediationArtifacts(model: RemediationModel): { artifacts?: RemediationArtifacts; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const where = { file: model.source.file, line: 1, column: 1 };
  const scripts: Partial<Record<ScriptKind, Buffer>> = {};
  const kinds: ScriptKind[] = model.detectOnly ? ['detect'] : ['detect', 'remediate'];
  for (const kind of kinds) {
    try {
      const script = renderScript(model, kind);
      const text = script.text;
      const bytes = Buffer.from(text, 'ascii');
      if (bytes.length > LIMITS.scriptBytes) {
        diagnostics.push(diagnostic('REMC016', `${kind}.ps1 of "${model.id}" is ${bytes.length} bytes; Intune accepts at most ${LIMITS.scriptBytes}`, where));
      }
      diagnostics.push(...windowsPowerShell51Problems(model, kind, script));
      scripts[kind] = bytes;
    } catch (error) {
      if (error instanceof TemplateFileError) diagnostics.push(diagnostic('REMC032', `${model.id}: ${error.message}`, where));
      else if (error instanceof CustomCheckError) diagnostics.push(diagnostic('REMC026', error.message, { file: error.origin, line: 1, column: 1 }));
      else if (error instanceof DuplicateFunctionError) diagnostics.push(diagnostic('REMC027', `${model.id}: ${error.message}`, { file: error.origin, line: error.line, column: 1 }));
      else if (error instanceof PrintError) diagnostics.push(diagnostic('REMC021', `${model.id} ${kind}.ps1: ${error.message}`, where));
      else throw error;
    }
  }
  if (!scripts.detect || (!model.detectOnly && !scripts.remediate)) return { diagnostics };

  const files = new Map<string, Buffer>();
  files.set('detect.ps1', scripts.detect);
  if (scripts.remediate) files.set('remediate.ps1', scripts.remediate);
  files.set('remediation.json', json(graphPayload(model, scripts)));
  const hashes: Record<string, { sha256: string; bytes: number }> = {};
  for (const [name, bytes] of files) hashes[name] = { sha256: sha256(bytes), bytes: bytes.length };
  const entry: IndexEntry = {
    id: model.id,
    displayName: model.displayName,
    version: model.version,
    publisher: model.publisher,
    runAs: model.runAs,
    runAs64Bit: model.runAs64Bit,
    detectOnly: model.detectOnly,
    checks: model.checks.map((c) => ({ name: c.name, template: c.source.kind === 'template' ? c.source.name : 'custom' })),
    source: model.source,
    files: hashes,
  };
  return { artifacts: { files, entry, sourceSha256: model.source.sha256 }, diagnostics };
}

/** dist/index.json: every remediation (in id order) with the sha256 of each of its files. */
export function indexFile(entries: readonly IndexEntry[]): Buffer {
  return json({ generator: `remc ${REMC_VERSION}`, remediations: entries });
}

/**
 * The build's output as a stream: each remediation's files (path relative to the output folder ->
 * bytes) as soon as they are made, then the whole-build files; each remediation's problems are pushed
 * onto `diagnostics` before its files are yielded. Nothing is kept but the index entries, so a
 * consumer that writes each file away builds any number of remediations in bounded memory.
 */
export function* artifactStream(models: readonly RemediationModel[], diagnostics: Diagnostic[]): Generator<[string, Buffer]> {
  const entries: IndexEntry[] = [];
  for (const model of models) {
    const built = remediationArtifacts(model);
    diagnostics.push(...built.diagnostics);
    if (!built.artifacts) continue;
    for (const [name, bytes] of built.artifacts.files) yield [`${model.id}/${name}`, bytes];
    entries.push(built.artifacts.entry);
  }
  yield ['index.json', indexFile(entries)];
}

/** The whole output in memory (for `remc check`, `remc list` and the tests; `remc build` streams it). */
export function buildArtifacts(models: readonly RemediationModel[]): ArtifactResult {
  const diagnostics: Diagnostic[] = [];
  const files: Artifacts = new Map(artifactStream(models, diagnostics));
  return { files, diagnostics };
}
