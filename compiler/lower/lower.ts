/**
 * Lowering: validated declarations (compiler/validate/) become the model, every default applied (the
 * option table's, each template's). It reports nothing: what it reads has kept every rule, so a value
 * it cannot lower is a bug of remc's, not a problem of the declaration.
 */
import type { Assignment } from '../declare/assignments.ts';
import { REMEDIATION_OPTIONS, type RemediationOption, type RemediationValue } from '../declare/remediation-options.ts';
import { triggersOf, type Option } from '../declare/template.ts';
import { normalizeTargets } from '../declare/targets.ts';
import type { ValidCheck } from '../validate/checks.ts';
import type { ValidRemediation } from '../validate/validate.ts';
import { lowerAssignments } from './assignments.ts';
import type { CheckModel, RemediationModel } from './model.ts';

// Their homes are compiler/declare/limits.ts and compiler/validate/targets.ts; other rooms import them from here.

/** The models of valid declarations, by id. */
export function lower(remediations: readonly ValidRemediation[]): RemediationModel[] {
  return remediations.map(lowerRemediation).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function lowerRemediation({ declaration, props, checks, at }: ValidRemediation): RemediationModel {
  const option = <K extends RemediationOption>(key: K): RemediationValue<K> => optionValue(props, key);
  const models = checks.map(lowerCheck);
  return {
    id: option('id'),
    displayName: option('displayName'),
    description: option('description'),
    publisher: option('publisher'),
    version: option('version'),
    runAs: option('runAs'),
    runAs64Bit: option('runAs64Bit'),
    enforceSignatureCheck: option('enforceSignatureCheck'),
    coolDownHours: option('coolDownHours'),
    maxFixes: option('maxFixes'),
    fixWindowHours: option('fixWindowHours'),
    confirmRuns: option('confirmRuns'),
    probeBudgetSeconds: option('probeBudgetSeconds'),
    source: { file: declaration.file, sha256: declaration.sha256 },
    checks: models,
    detectOnly: models.every((c) => !c.hasFix),
    targets: normalizeTargets(option('targets')),
    targetsAt: at(props['targets'] === undefined ? [] : ['targets']),
    userContextIn: normalizeTargets(option('userContextIn')),
    // Left out, the assignments are not the declaration's to say (null); `[]` says there are none.
    assignments: props['assignments'] === undefined ? null : lowerAssignments(props['assignments'] as readonly Assignment[], (path) => at(['assignments', ...path])),
  };
}

/** A check's model: its template's defaults applied, its triggers (none when it cannot fix). */
function lowerCheck({ name, spec, props, source, requirements }: ValidCheck): CheckModel {
  const hasFix = source.fix !== undefined;
  const triggers = hasFix ? triggersOf(spec, props) : [];
  return { name, source, hasFix, config: spec.config(props), spec, options: spec.resolve(props), secrets: spec.secretsOf(props), triggers, requirements };
}

/**
 * An option's value in a valid declaration: as declared, else the table's default. For the options
 * that have one (or are required): `assignments`, which has neither, lowering reads itself.
 */
function optionValue<K extends RemediationOption>(props: Readonly<Record<string, unknown>>, key: K): RemediationValue<K> {
  const opt: Option = REMEDIATION_OPTIONS[key];
  const value = props[key] !== undefined ? props[key] : opt.default;
  if (value === undefined) throw new Error(`remc: the option '${key}' has no value and no default (a declaration that was not validated)`);
  return value as RemediationValue<K>;
}
