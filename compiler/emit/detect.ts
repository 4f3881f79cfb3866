/** detect.ps1: what its help says of its exit code; the rest is the pair's (kind.ts). */
import type { RemediationModel } from '../lower/model.ts';
import { intuneScript, type KindScript } from './kind.ts';

export function detectScript(model: RemediationModel): KindScript {
  return intuneScript(model, 'detect', 'detection', [
    model.detectOnly
      ? 'Exit 1 when a check is out of its desired state or a probe failed, else 0.'
      : 'Exit 1 when a fix is due, a problem needs a person (ACTION NEEDED), the limit of fixes is reached or a probe failed, else 0. ' +
        "Never changes the machine (it only keeps remc's own marker of symptoms awaiting confirmation).",
  ]);
}
