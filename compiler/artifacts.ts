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

export function buildArtifacts(models: readonly RemediationModel[]): ArtifactResult {
  const files: Artifacts = new Map();
  const diagnostics: Diagnostic[] = [];
  const index: unknown[] = [];

  for (const model of models) {
    const where = { file: model.source.file, line: 1, column: 1 };
    const scripts: Partial<Record<ScriptKind, Buffer>> = {};
    const kinds: ScriptKind[] = model.detectOnly ? ['detect'] : ['detect', 'remediate'];
    for (const kind of kinds) {
      try {
        const bytes = Buffer.from(emitScript(model, kind), 'ascii');
        if (bytes.length > LIMITS.scriptBytes) {
          diagnostics.push(diagnostic('REMC016', `${kind}.ps1 of "${model.id}" is ${bytes.length} bytes; Intune accepts at most ${LIMITS.scriptBytes}`, where));
        }
        scripts[kind] = bytes;
      } catch (error) {
        if (error instanceof TemplateFileError) diagnostics.push(diagnostic('REMC032', `${model.id}: ${error.message}`, where));
        else if (error instanceof PrintError) diagnostics.push(diagnostic('REMC021', `${model.id} ${kind}.ps1: ${error.message}`, where));
        else throw error;
      }
    }
    if (!scripts.detect || (!model.detectOnly && !scripts.remediate)) continue;

    const own = new Map<string, Buffer>();
    own.set('detect.ps1', scripts.detect);
    if (scripts.remediate) own.set('remediate.ps1', scripts.remediate);
    own.set('remediation.json', json(graphPayload(model, scripts)));

    const entry: Record<string, { sha256: string; bytes: number }> = {};
    for (const [name, bytes] of own) {
      files.set(`${model.id}/${name}`, bytes);
      entry[name] = { sha256: sha256(bytes), bytes: bytes.length };
    }
    index.push({
      id: model.id,
      displayName: model.displayName,
      version: model.version,
      publisher: model.publisher,
      runAs: model.runAs,
      runAs64Bit: model.runAs64Bit,
      detectOnly: model.detectOnly,
      checks: model.checks.map((c) => ({ name: c.name, template: c.template.name })),
      source: model.source,
      files: entry,
    });
  }
  files.set('index.json', json({ generator: `remc ${REMC_VERSION}`, remediations: index }));
  return { files, diagnostics };
}
