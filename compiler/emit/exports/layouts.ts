/**
 * Repository layouts that hold the Intune pair as other tools keep it.
 *
 * IntuneCD (almenscorner/IntuneCD, backup/Intune/ProactiveRemediation.py and
 * update/Intune/ProactiveRemediation.py): `Proactive Remediations/<displayName>.yaml` holds the
 * deviceHealthScript as Graph returns it, less the keys the service owns, and `Script Data/` the
 * decoded scripts as `<displayName>_detectionScript.ps1` / `_remediationScript.ps1`; names have
 * `/\:*?<>"|` and control characters replaced by `_`. Its update matches a remediation in Intune by
 * displayName, and finds the scripts of `<name>__<suffix>.yaml` by the suffix after `__`: without one
 * every file matches and remediations get each other's scripts. So every name carries `__<guid>`, a
 * GUID made from the remediation id (never a substring of another), as IntuneCD's own --append-id
 * does with the Intune id. It sends the scripts only when both files exist: a detect-only remediation
 * cannot go through it.
 *
 * What IntuneCD sends is not the file's bytes: it reads each script as text (BaseUpdateModule
 * .load_script_file: `open(path, "r", encoding="utf-8")`, Python's universal newlines, so CRLF and a
 * lone CR become LF) and base64-encodes that text's UTF-8 (IntuneCDBase.encode_base64). So the scripts
 * here are written as IntuneCD will send them, LF-ended, and the YAML's script contents are the base64
 * of those bytes: what remc writes is what IntuneCD uploads. (The printed text holds no CR but its line
 * ends, so only they differ from the Intune pair; a here-string in a custom check holds LF line ends
 * here, as it will on the devices IntuneCD's upload reaches. A signature cannot survive the change:
 * signing and this target are refused together, REMC067.)
 *
 * The community layout: one folder per remediation with Detection.ps1, Remediation.ps1 and a JSON of
 * its settings, as public remediation collections keep them.
 */
import { stringify } from 'yaml';
import type { RemediationModel } from '../../lower/model.ts';
import { remediationGuid } from './ids.ts';

/** IntuneCD's file-name cleaning (BaseBackupModule._prepare_file_name). */
export function intuneCdName(displayName: string): string {
  return displayName.replace(/[\x00-\x1f\x7f]+/g, '_').replace(/[/\\:*?<>"|]/g, '_');
}

/** A script as IntuneCD sends it: read as UTF-8 text with universal newlines (every CRLF or CR is LF). */
export function intuneCdSent(script: Buffer): Buffer {
  return Buffer.from(script.toString('utf8').replace(/\r\n?/g, '\n'), 'utf8');
}

export function intuneCdFiles(model: RemediationModel, payload: Record<string, unknown>, detect: Buffer, remediate: Buffer): Map<string, Buffer> {
  const base = 'intunecd/Proactive Remediations';
  const name = intuneCdName(model.displayName);
  const suffix = `__${remediationGuid(model.id)}`;
  const files = new Map<string, Buffer>();
  const sent = { detect: intuneCdSent(detect), remediate: intuneCdSent(remediate) };
  // As a backup holds it: the object as Graph returns it, which names no @odata.type, with the
  // contents IntuneCD will send.
  const { ['@odata.type']: _type, ...object } = payload;
  const stored = { ...object, detectionScriptContent: sent.detect.toString('base64'), remediationScriptContent: sent.remediate.toString('base64') };
  files.set(`${base}/${name}${suffix}.yaml`, Buffer.from(stringify(stored, { lineWidth: 0 }), 'utf8'));
  files.set(`${base}/Script Data/${name}_detectionScript${suffix}.ps1`, sent.detect);
  files.set(`${base}/Script Data/${name}_remediationScript${suffix}.ps1`, sent.remediate);
  return files;
}

export function communityFiles(model: RemediationModel, detect: Buffer, remediate: Buffer | undefined): Map<string, Buffer> {
  const base = `community/${model.id}`;
  const settings = {
    id: model.id,
    displayName: model.displayName,
    description: model.description,
    publisher: model.publisher,
    version: model.version,
    runAsAccount: model.runAs,
    runAs32Bit: !model.runAs64Bit,
    enforceSignatureCheck: model.enforceSignatureCheck,
    detectOnly: model.detectOnly,
    source: model.source.file,
  };
  const files = new Map<string, Buffer>();
  files.set(`${base}/Detection.ps1`, detect);
  if (remediate) files.set(`${base}/Remediation.ps1`, remediate);
  files.set(`${base}/${model.id}.json`, Buffer.from(`${JSON.stringify(settings, null, 2)}\n`, 'utf8'));
  return files;
}
