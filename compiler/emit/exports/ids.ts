/**
 * Stable identities for tools that key imports by a GUID (Tactical RMM upserts scripts by `guid`;
 * IntuneCD matches a remediation's script files by the suffix after `__`): a name-based UUID
 * (RFC 4122 version 5, SHA-1) of the remediation id, so a rebuild or a re-import updates instead of
 * duplicating, and two ids never share one.
 */
import { createHash } from 'node:crypto';

/** remc's namespace for version 5 UUIDs (a fixed random value: changing it would re-key every import). */
const NAMESPACE = '5f0f5a8e-6d1b-4c5e-9a47-0b7c1e2d3a49';

export function remediationGuid(id: string): string {
  const bytes = createHash('sha1').update(Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex')).update(id, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
