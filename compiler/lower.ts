/**
 * Validation and lowering: declarations (plain data from the loader) become the model. Every rule
 * runs and every problem is collected, with the location of the option at fault; nothing is thrown.
 */
import type { RawSite, RunAs } from './api.ts';
import { diagnostic, type Diagnostic, type DiagnosticCode, type SourceLocation } from './diagnostics.ts';
import type { Declaration, Locator } from './load.ts';
import type { CheckModel, RemediationModel, TriggerModel } from './model.ts';
import { option, pascalCase, triggersOf, type Option, type TemplateSpec } from './template.ts';
import { TEMPLATES } from '../templates/index.ts';

/**
 * Text limits. Graph documents none for displayName and description (unconfirmed), so these are
 * conservative values that the Intune portal accepts; the script limit is Intune's documented 200 KB.
 */
export const LIMITS = {
  id: 64,
  displayName: 200,
  description: 1500,
  publisher: 200,
  version: 50,
  checkName: 40,
  scriptBytes: 200 * 1024,
} as const;

const SAFE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

const REMEDIATION_OPTIONS: Readonly<Record<string, Option>> = {
  id: option.string({ required: true }),
  displayName: option.string({ required: true, maxLength: LIMITS.displayName }),
  description: option.string({ required: true, maxLength: LIMITS.description }),
  publisher: option.string({ required: true, maxLength: LIMITS.publisher }),
  version: option.string({ nonEmpty: true, maxLength: LIMITS.version }),
  runAs: option.oneOf<RunAs>(['user', 'system'], { required: true }),
  runAs64Bit: option.boolean(),
  enforceSignatureCheck: option.boolean(),
  coolDownHours: option.number({ min: 0, max: 8760 }),
  checks: { describe: 'an array of checks', required: true, check: (v) => (Array.isArray(v) ? undefined : `expected an array of checks, got ${typeof v}`) },
};

interface Raw {
  readonly kind?: unknown;
  readonly props?: unknown;
  readonly site?: readonly RawSite[];
}

export interface LowerResult {
  readonly remediations: readonly RemediationModel[];
  readonly diagnostics: readonly Diagnostic[];
}

export function lower(declarations: readonly Declaration[]): LowerResult {
  const diagnostics: Diagnostic[] = [];
  const remediations: RemediationModel[] = [];
  const firstById = new Map<string, Declaration>();

  for (const decl of declarations) {
    const raw = decl.value as Raw | undefined;
    const locator = decl.locator;
    if (typeof raw !== 'object' || raw === null || raw.kind !== 'remc.remediation') {
      diagnostics.push(diagnostic('REMC003', `${decl.file} has no default export made by defineRemediation()`, decl.exportLocation));
      continue;
    }
    const problems = new Problems();
    const at = (path: readonly (string | number)[] = [], sites: readonly RawSite[] = raw.site ?? []): SourceLocation =>
      locator.locate(sites, path) ?? decl.exportLocation ?? { file: decl.file, line: 1, column: 1 };
    const report = problems.add;

    const props = (raw.props ?? {}) as Record<string, unknown>;
    checkOptions(props, REMEDIATION_OPTIONS, 'defineRemediation', (key) => at(key ? [key] : []), report);

    const id = typeof props.id === 'string' ? props.id : '';
    if (typeof props.id === 'string') {
      if (!SAFE_ID.test(id) || id.length > LIMITS.id || RESERVED.test(id)) {
        report('REMC011', `id "${id}" is not a safe file name`, at(['id']));
      } else if (firstById.has(id)) {
        report('REMC010', `id "${id}" is already used by ${firstById.get(id)!.file}`, at(['id']));
      } else {
        firstById.set(id, decl);
      }
    }

    const runAs = (props.runAs === 'system' ? 'system' : 'user') as RunAs;
    const runAs64Bit = props.runAs64Bit !== false;
    const checks = lowerChecks(props.checks, { runAs, runAs64Bit }, at, problems, locator);

    if (problems.list.length === 0) {
      remediations.push({
        id,
        displayName: props.displayName as string,
        description: props.description as string,
        publisher: props.publisher as string,
        version: (props.version as string | undefined) ?? '1.0.0',
        runAs,
        runAs64Bit,
        enforceSignatureCheck: props.enforceSignatureCheck === true,
        coolDownHours: (props.coolDownHours as number | undefined) ?? 24,
        source: { file: decl.file, sha256: decl.sha256 },
        checks,
        detectOnly: checks.every((c) => c.fix === undefined),
      });
    }
    diagnostics.push(...problems.list);
  }
  return { remediations: remediations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), diagnostics };
}

/** Collects the problems of one remediation. */
class Problems {
  readonly list: Diagnostic[] = [];
  readonly add = (code: DiagnosticCode, message: string, where: SourceLocation, hint?: string): void => {
    this.list.push(diagnostic(code, message, where, hint));
  };
}
type Report = Problems['add'];
type At = (path?: readonly (string | number)[], sites?: readonly RawSite[]) => SourceLocation;

function lowerChecks(value: unknown, host: { runAs: RunAs; runAs64Bit: boolean }, at: At, problems: Problems, locator: Locator): CheckModel[] {
  const report = problems.add;
  if (!Array.isArray(value)) return [];
  if (value.length === 0) {
    report('REMC012', 'the remediation has no checks', at(['checks']));
    return [];
  }
  const models: CheckModel[] = [];
  const names = new Map<string, number>();
  const diagnoses = new Set<string>();
  const pending: Array<{ triggers: readonly TriggerModel[]; where: () => SourceLocation }> = [];

  value.forEach((item: unknown, index) => {
    const check = item as { kind?: unknown; template?: unknown; props?: Record<string, unknown>; name?: unknown; site?: readonly RawSite[] } | undefined;
    if (typeof check !== 'object' || check === null || check.kind !== 'remc.check') {
      const called = typeof item === 'function' ? ` (did you forget to call ${(item as { name?: string }).name || 'the factory'}()?)` : '';
      report('REMC014', `checks[${index}] is not a check${called}`, at(['checks', index]));
      return;
    }
    const spec = TEMPLATES[String(check.template)];
    const sites = check.site ?? [];
    const where = (path: readonly (string | number)[] = []) => locator.locate(sites, path) ?? at(['checks', index]);
    if (!spec) {
      report('REMC022', `checks[${index}] uses the unknown template "${String(check.template)}"`, where());
      return;
    }
    const props = check.props ?? {};
    const before = problems.list.length;
    checkOptions(props, spec.options as Readonly<Record<string, Option>>, spec.factory, (key) => where(key ? [key] : []), report);

    const name = typeof check.name === 'string' ? check.name : spec.defaultName;
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name) || name.length > LIMITS.checkName) {
      report('REMC014', `check name "${name}" must start with a letter and hold only letters, digits and hyphens (at most ${LIMITS.checkName})`, where(['name']));
    } else if (names.has(name)) {
      report('REMC017', `two checks are named "${name}" (checks[${names.get(name)}] and checks[${index}])`, where(['name']));
    }
    names.set(name, index);
    if (spec.detectOnly) diagnoses.add(name);

    const req = spec.requirements;
    if (!req.runAs.includes(host.runAs)) {
      report('REMC015', `${spec.factory}() runs as ${req.runAs.join(' or ')} only, but the remediation runs as ${host.runAs}`, where(), `Set runAs: '${req.runAs[0]}' in defineRemediation, or remove this check.`);
    }
    if (req.needs64Bit && !host.runAs64Bit) {
      report('REMC015', `${spec.factory}() needs 64-bit PowerShell, but the remediation sets runAs64Bit: false`, where(), 'Remove runAs64Bit: false (64-bit is the default).');
    }
    if (req.needsAdmin && host.runAs !== 'system') {
      report('REMC015', `${spec.factory}() needs administrative rights, which only runAs: 'system' has under Intune`, where());
    }
    if (problems.list.length !== before) return;

    const triggers = triggersOf(spec, props as { trigger?: never }) as readonly TriggerModel[];
    pending.push({ triggers, where: () => where(['trigger']) });
    const pascal = pascalCase(spec.name);
    models.push({
      name,
      template: spec as TemplateSpec,
      probe: `Test-Remc${pascal}`,
      fix: spec.detectOnly ? undefined : `Repair-Remc${pascal}`,
      config: (spec as TemplateSpec).lower(props),
      triggers,
      requirements: req,
    });
  });

  for (const { triggers, where } of pending) {
    for (const t of triggers) {
      if (t.kind === 'cause' && !diagnoses.has(t.check)) {
        report('REMC018', `the trigger reads diagnosis "${t.check}", which is not a diagnostic check of this remediation`, where());
      }
    }
  }
  return models;
}

/** Unknown keys, missing required keys and wrong types, each at the key's own location. */
function checkOptions(
  props: Readonly<Record<string, unknown>>,
  schema: Readonly<Record<string, Option>>,
  owner: string,
  at: (key?: string) => SourceLocation,
  report: Report,
): void {
  const known = Object.keys(schema);
  for (const key of Object.keys(props)) {
    const opt = schema[key];
    if (!opt) {
      const close = closest(key, known);
      report('REMC013', `'${key}' is not an option of ${owner}()${close ? `; did you mean '${close}'?` : ''}`, at(key));
      continue;
    }
    if (props[key] === undefined) continue;
    const problem = opt.check(props[key]);
    if (problem) {
      const tooLong = problem.includes('characters long');
      report(tooLong ? 'REMC016' : 'REMC014', `${owner}({ ${key} }): ${problem}`, at(key));
    }
  }
  for (const key of known) {
    if (schema[key]!.required && props[key] === undefined) {
      report('REMC020', `${owner}() needs the option '${key}': ${schema[key]!.describe}`, at());
    }
  }
}

/** The known name nearest to a misspelt one (edit distance at most 2, or a case-insensitive match). */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : distance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
