/**
 * Artifacts: everything `remc build` writes, produced in memory as path -> bytes. Per remediation:
 * detect.ps1, remediate.ps1 (not for detect-only ones) and remediation.json, the Graph
 * deviceHealthScript create body; plus dist/index.json with the sha256 of every file.
 */
import { createHash } from 'node:crypto';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import { emitScript, TemplateFileError, type ScriptKind } from './emit.ts';
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
function windowsPowerShell51Problems(model: RemediationModel, kind: ScriptKind, text: string): Diagnostic[] {
  const code = [kind, model.runAs64Bit, model.detectOnly, ...new Set(model.checks.map((c) => c.template.name))].join('|');
  if (cleanCode.has(code)) return [];
  const file = `${model.id}/${kind}.ps1`;
  const problems = checkWindowsPowerShell51({ path: file, text });
  if (problems.length === 0) {
    cleanCode.add(code);
    return [];
  }
  const lines = text.split(/\r?\n/);
  return problems.map((p) => diagnostic('REMC023', p.message, { file, line: p.line, column: p.column, lineText: lines[p.line - 1] ?? '' }));
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
      const text = emitScript(model, kind);
      const bytes = Buffer.from(text, 'ascii');
      if (bytes.length > LIMITS.scriptBytes) {
        diagnostics.push(diagnostic('REMC016', `${kind}.ps1 of "${model.id}" is ${bytes.length} bytes; Intune accepts at most ${LIMITS.scriptBytes}`, where));
      }
      diagnostics.push(...windowsPowerShell51Problems(model, kind, text));
      scripts[kind] = bytes;
    } catch (error) {
      if (error instanceof TemplateFileError) diagnostics.push(diagnostic('REMC032', `${model.id}: ${error.message}`, where));
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
    checks: model.checks.map((c) => ({ name: c.name, template: c.template.name })),
    source: model.source,
    files: hashes,
  };
  return { artifacts: { files, entry, sourceSha256: model.source.sha256 }, diagnostics };
}

/** dist/index.json: every remediation (in id order) with the sha256 of each of its files. */
export function indexFile(entries: readonly IndexEntry[]): Buffer {
  return json({ generator: `remc ${REMC_VERSION}`, remediations: entries });
}

export function buildArtifacts(models: readonly RemediationModel[]): ArtifactResult {
  const files: Artifacts = new Map();
  const diagnostics: Diagnostic[] = [];
  const entries: IndexEntry[] = [];
  for (const model of models) {
    const built = remediationArtifacts(model);
    diagnostics.push(...built.diagnostics);
    if (!built.artifacts) continue;
    for (const [name, bytes] of built.artifacts.files) files.set(`${model.id}/${name}`, bytes);
    entries.push(built.artifacts.entry);
  }
  files.set('index.json', indexFile(entries));
  return { files, diagnostics };
}
