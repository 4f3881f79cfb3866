/** remediate.ps1: what its help says of its exit code; the rest is the pair's (kind.ts). */
import type { RemediationModel } from '../lower/model.ts';
import { intuneScript, type KindScript } from './kind.ts';

export function remediateScript(model: RemediationModel): KindScript {
  return intuneScript(model, 'remediate', 'remediation', ['Exit 0 when every due fix worked and nothing is due any more (or nothing was due), else 1.']);
}
