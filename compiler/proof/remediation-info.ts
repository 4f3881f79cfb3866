/**
 * A remediation's model as `remc test` reads it: what its scenarios' invariants see of it, the
 * templates it uses, and the fakes its scenarios load.
 */
import type { RemediationInfo } from '../declare/scenario-spec.ts';
import { psConfig } from '../emit/names.ts';
import type { RemediationModel } from '../lower/model.ts';
import type { CheckSource } from '../validate/check-source.ts';

/** The remediation as the invariants see it: its checks with their `$Config`, triggers and needs. */
export function remediationInfo(model: RemediationModel): RemediationInfo {
  return {
    id: model.id,
    runAs: model.runAs,
    coolDownHours: model.coolDownHours,
    detectOnly: model.detectOnly,
    checks: model.checks.map((c) => ({
      name: c.name,
      template: c.source.kind === 'template' ? c.source.name : 'custom',
      config: psConfig(c.config) as Record<string, unknown>,
      triggers: c.triggers,
      hasFix: c.hasFix,
      needsFullLanguage: c.requirements.needsFullLanguage,
    })),
  };
}

/** The template sources a remediation uses, each once (by folder name). */
export function usedTemplates(model: RemediationModel): CheckSource[] {
  const seen = new Map<string, CheckSource>();
  for (const c of model.checks) if (c.source.kind === 'template' && !seen.has(c.source.name)) seen.set(c.source.name, c.source);
  return [...seen.values()];
}

/** Every fakes file the remediation's scenarios load: its templates' and its custom checks'. */
export function fakesOf(model: RemediationModel): string[] {
  return [...new Set(model.checks.map((c) => c.source.fakes).filter((f): f is string => f !== undefined))];
}
