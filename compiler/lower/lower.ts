/**
 * Validation and lowering: declarations (plain data from the loader) become the model. Every rule
 * runs and every problem is collected, with the location of the option at fault; nothing is thrown.
 */
import type { RawSite, RunAs } from '../declare/api.ts';
import { closest, diagnostic, type Diagnostic, type DiagnosticCode, type Note, type SourceLocation } from '../diagnostics.ts';
import { toPosix, type Declaration, type Locator } from '../load/declaration.ts';
import { existsSync, readFileSync } from 'node:fs';
import { customFileProblems } from '../emit/sources.ts';
import path from 'node:path';
import type { CustomCheckFiles } from '../declare/custom.ts';
import type { AssignmentModel, AssignmentScheduleModel, CheckModel, CheckSource, RemediationModel } from './model.ts';
import type { Trigger } from '../protocol.ts';
import { languageNeed } from './language-mode.ts';
import { projectTemplates, shadowingTemplates, type TemplateFolder } from '../load/registry.ts';
import { option, triggersOf, type Option, type OptionSchema, type Requirements, type TemplateSpec } from '../declare/template.ts';
import { DEFAULT_TARGETS, isTargetName, normalizeTargets, TARGET_NAMES, type TargetName } from '../declare/targets.ts';

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
  /** An Entra ID group's display name (its documented limit). */
  groupName: 256,
} as const;

/**
 * The range of a schedule's interval (every N hours, every N days): Graph documents "Valid values 1 to
 * 23" for deviceHealthScriptRunSchedule.interval, which the hourly and daily schedules inherit.
 */
export const SCHEDULE_INTERVAL = { min: 1, max: 23 } as const;

/** The keys of an assignment, its schedule and its filter (defined before the option schema that uses them). */
const TARGET_KEYS = ['group', 'allDevices', 'allUsers'] as const;
const ASSIGNMENT_KEYS = [...TARGET_KEYS, 'exclude', 'filter', 'schedule'] as const;
const SCHEDULE_KINDS = ['daily', 'hourly', 'once'] as const;
const SCHEDULE_KEYS = [...SCHEDULE_KINDS, 'everyDays', 'useUtc'] as const;
const FILTER_KEYS = ['name', 'mode'] as const;
const FILTER_MODES = ['include', 'exclude'] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})$/;
const ASSIGNMENT_EXAMPLE = "{ group: 'Pilot devices', schedule: { daily: '02:00' } }";
const ASSIGNMENT_KEYS_HINT = 'An assignment takes one target (group, allDevices or allUsers), and exclude, filter: { name, mode } and schedule: { daily, everyDays, useUtc } | { hourly } | { once, useUtc }.';

const SAFE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

export const REMEDIATION_OPTIONS: OptionSchema = {
  id: option.string({ required: true }),
  displayName: option.string({ required: true, maxLength: LIMITS.displayName }),
  description: option.string({ required: true, maxLength: LIMITS.description }),
  publisher: option.string({ required: true, maxLength: LIMITS.publisher }),
  version: option.string({ nonEmpty: true, maxLength: LIMITS.version }),
  runAs: option.oneOf(['user', 'system'], { required: true }),
  runAs64Bit: option.boolean(),
  enforceSignatureCheck: option.boolean(),
  coolDownHours: option.number({ min: 0, max: 8760 }),
  maxFixes: option.number({ min: 1, max: 100, integer: true }),
  fixWindowHours: option.number({ min: 1, max: 8760 }),
  confirmRuns: option.number({ min: 1, max: 10, integer: true }),
  probeBudgetSeconds: option.number({ min: 5, max: 3000 }),
  targets: option.custom<readonly string[]>(
    `an array of targets (${TARGET_NAMES.map((t) => `'${t}'`).join(', ')})`,
    { type: 'array', items: { enum: [...TARGET_NAMES] }, minItems: 1, uniqueItems: true },
    (v) => (Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string') ? undefined : 'expected a non-empty array of target names'),
    { default: DEFAULT_TARGETS },
  ),
  assignments: option.custom<readonly unknown[]>(
    'an array of assignments',
    assignmentsSchema(),
    (v) => (Array.isArray(v) ? undefined : `expected an array of assignments such as [{ group: 'Pilot devices', schedule: { daily: '02:00' } }], got ${v === null ? 'null' : typeof v}`),
  ),
  checks: option.custom<unknown, true>('an array of checks', { type: 'array' }, (v) => (Array.isArray(v) ? undefined : `expected an array of checks, got ${typeof v}`), { required: true }),
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

export interface LowerOptions {
  /**
   * The output goes to devices unsigned (build, bundle without a certificate): a declaration that
   * enforces the signature check is then an error. Left out where it is unknown (check, list).
   */
  readonly unsigned?: boolean;
}

export function lower(declarations: readonly Declaration[], root: string, options: LowerOptions = {}): LowerResult {
  const ctx: LowerContext = { root, templates: projectTemplates(root), shadowing: new Set(shadowingTemplates(root).map((t) => t.name)) };
  const diagnostics: Diagnostic[] = [];
  const remediations: RemediationModel[] = [];
  /** Where each id was first declared: a later declaration of it points back there. */
  const firstById = new Map<string, SourceLocation>();

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
        const first = firstById.get(id)!;
        report('REMC010', `id "${id}" is already used by ${first.file}`, at(['id']), undefined, [{ message: `the first declaration of id "${id}"`, location: first }]);
      } else {
        firstById.set(id, at(['id']));
      }
    }

    if (options.unsigned && props.enforceSignatureCheck === true) {
      report('REMC050', `"${id}" sets enforceSignatureCheck, but this build has no signing certificate: Intune would refuse to run its unsigned scripts`, at(['enforceSignatureCheck']));
    }

    const targets = lowerTargets(props.targets, (index) => at(['targets', index]), report);
    const runAs = (props.runAs === 'system' ? 'system' : 'user') as RunAs;
    const runAs64Bit = props.runAs64Bit !== false;
    const checks = lowerChecks(props.checks, { runAs, runAs64Bit }, at, problems, locator, ctx);
    // Left out, the assignments are not the declaration's to say (null); `[]` says there are none.
    const assignments = props.assignments === undefined ? null : lowerAssignments(props.assignments, (path) => at(['assignments', ...path]), report);

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
        maxFixes: (props.maxFixes as number | undefined) ?? 3,
        fixWindowHours: (props.fixWindowHours as number | undefined) ?? 168,
        confirmRuns: (props.confirmRuns as number | undefined) ?? 1,
        probeBudgetSeconds: (props.probeBudgetSeconds as number | undefined) ?? 120,
        source: { file: decl.file, sha256: decl.sha256 },
        checks,
        detectOnly: checks.every((c) => !c.hasFix),
        targets,
        targetsAt: at(props.targets === undefined ? [] : ['targets']),
        assignments,
      });
    }
    diagnostics.push(...problems.list);
  }
  return { remediations: remediations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), diagnostics };
}

/** Collects the problems of one remediation. */
class Problems {
  readonly list: Diagnostic[] = [];
  readonly add = (code: DiagnosticCode, message: string, where: SourceLocation, hint?: string, notes?: readonly Note[]): void => {
    // Two checks may share a file: its problem is reported once.
    const same = this.list.some((d) => d.code === code && d.message === message && d.location?.file === where.file && d.location.line === where.line);
    if (!same) this.list.push(diagnostic(code, message, where, hint, 'error', notes));
  };
}
type Report = Problems['add'];
type At = (path?: readonly (string | number)[], sites?: readonly RawSite[]) => SourceLocation;

interface RawCheck {
  readonly kind?: unknown;
  readonly template?: unknown;
  readonly spec?: TemplateSpec;
  readonly custom?: CustomCheckFiles;
  readonly props?: Record<string, unknown>;
  readonly name?: unknown;
  readonly site?: readonly RawSite[];
}

interface LowerContext {
  readonly root: string;
  readonly templates: ReadonlyMap<string, TemplateFolder>;
  readonly shadowing: ReadonlySet<string>;
}

function lowerChecks(value: unknown, host: { runAs: RunAs; runAs64Bit: boolean }, at: At, problems: Problems, locator: Locator, ctx: LowerContext): CheckModel[] {
  const report = problems.add;
  if (!Array.isArray(value)) return [];
  if (value.length === 0) {
    report('REMC012', 'the remediation has no checks', at(['checks']));
    return [];
  }
  const models: CheckModel[] = [];
  const names = new Map<string, number>();
  // Each check's name, and whether it is a diagnosis (whose causes a trigger may read).
  const kinds = new Map<string, { causes: boolean }>();
  const pending: Array<{ triggers: readonly Trigger[]; where: () => SourceLocation }> = [];

  value.forEach((item: unknown, index) => {
    const check = item as RawCheck | undefined;
    if (typeof check !== 'object' || check === null || check.kind !== 'remc.check') {
      const called = typeof item === 'function' ? ` (did you forget to call ${(item as { name?: string }).name || 'the factory'}()?)` : '';
      report('REMC029', `checks[${index}] is not a check${called}`, at(['checks', index]));
      return;
    }
    const sites = check.site ?? [];
    const where = (path: readonly (string | number)[] = []) => locator.locate(sites, path) ?? at(['checks', index]);
    const spec = check.spec;
    if (!spec || typeof spec.config !== 'function') {
      report('REMC022', `checks[${index}] uses the unknown template "${String(check.template)}"`, where());
      return;
    }
    const props = check.props ?? {};
    const before = problems.list.length;
    checkOptions(props, spec.options, spec.factory, (key) => where(key ? [key] : []), report);
    if (problems.list.length === before) {
      for (const p of spec.validate(props)) report('REMC025', `${spec.factory}(): ${p.message}`, where(p.option ? [p.option] : []), p.hint);
    }

    const name = typeof check.name === 'string' ? check.name : spec.defaultName;
    const nameKey = check.custom ? 'name' : 'checkName';
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name) || name.length > LIMITS.checkName) {
      report('REMC033', `check name "${name}" must start with a letter and hold only letters, digits and hyphens (at most ${LIMITS.checkName})`, where([nameKey]));
    } else if (names.has(name)) {
      report('REMC017', `two checks are named "${name}" (checks[${names.get(name)}] and checks[${index}])`, where([nameKey]));
    }
    names.set(name, index);
    if (problems.list.length !== before) return;

    const source = check.custom ? customSource(check.custom, name, where, report, ctx) : templateSource(spec, where, report, ctx);
    if (!source) return;
    kinds.set(name, { causes: spec.causes !== undefined });

    const req: Requirements = { ...spec.requirementsFor(props), needsFullLanguage: fullLanguage(source, check.custom !== undefined, props, name, where, report) };
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

    const triggers = source.fix ? triggersOf(spec, props) : [];
    pending.push({ triggers, where: () => where(['trigger']) });
    models.push({ name, source, hasFix: source.fix !== undefined, config: spec.config(props), spec, options: spec.resolve(props), triggers, requirements: req });
  });

  for (const { triggers, where } of pending) {
    for (const t of triggers) {
      if (t.kind === 'drift') continue;
      const target = kinds.get(t.check);
      if (!target) {
        report('REMC018', `the trigger reads check "${t.check}", which is not a check of this remediation`, where());
      } else if (t.kind === 'cause' && !target.causes) {
        report('REMC018', `the trigger reads the causes of "${t.check}", which is not a diagnosis (use onFinding() for its findings)`, where());
      }
    }
  }
  return models;
}

/**
 * Whether the check needs FullLanguage: read from its PowerShell (compiler/lower/language-mode.ts). A custom
 * check may declare `needsFullLanguage: true` for what no reading sees (instance method calls); one
 * whose code holds a construct Constrained Language Mode refuses while its declaration does not say
 * `true` is REMC028, at the declaration, naming the first such construct.
 */
function fullLanguage(
  source: CheckSource,
  custom: boolean,
  props: Readonly<Record<string, unknown>>,
  name: string,
  where: (p?: readonly (string | number)[]) => SourceLocation,
  report: Report,
): boolean {
  const need = languageNeed(source);
  if (!custom) return need.needsFullLanguage;
  const declared = props['needsFullLanguage'] === true;
  const [first] = need.findings;
  if (first && !declared) {
    const more = need.findings.length > 1 ? ` (and ${need.findings.length - 1} more)` : '';
    const said = props['needsFullLanguage'] === false ? 'declares needsFullLanguage: false' : 'does not declare needsFullLanguage: true';
    report(
      'REMC028',
      `custom check '${name}' needs FullLanguage: ${first.file}:${first.line} \`${first.construct}\`: ${first.message}${more}, but it ${said}`,
      where(props['needsFullLanguage'] !== undefined ? ['needsFullLanguage'] : []),
      undefined,
      need.findings.slice(0, 5).map((f) => ({
        message: `\`${f.construct}\`: ${f.message}`,
        location: { file: f.file, line: f.line, column: f.column, lineText: f.lineText },
      })),
    );
  }
  return declared || need.needsFullLanguage;
}

/** A template check's PowerShell: its folder, which must match the spec (probe.ps1; fix.ps1 exactly when it has a trigger option). */
function templateSource(spec: TemplateSpec, where: (p?: readonly (string | number)[]) => SourceLocation, report: Report, ctx: LowerContext): CheckSource | undefined {
  const folder = ctx.templates.get(spec.name);
  if (!folder) {
    report('REMC022', `${spec.factory}() names the template "${spec.name}", but no folder templates/${spec.name}/ holds it`, where());
    return undefined;
  }
  const origin = folder.origin === 'builtin' ? `templates/${spec.name}` : toPosix(path.relative(ctx.root, folder.dir));
  const problems: string[] = [];
  if (ctx.shadowing.has(spec.name)) problems.push(`the project's templates/${spec.name}/ has the name of a built-in template; rename the folder and its spec's name`);
  if (!folder.probe) problems.push(`${origin}/probe.ps1 is missing`);
  const canFix = spec.options['trigger'] !== undefined;
  if (folder.fix && !canFix) problems.push(`${origin}/fix.ps1 exists, but ${spec.factory}'s spec declares no trigger option`);
  if (!folder.fix && canFix) problems.push(`${spec.factory}'s spec declares a trigger option, but ${origin}/fix.ps1 is missing`);
  for (const p of problems) report('REMC024', p, where());
  if (problems.length > 0) return undefined;
  return {
    kind: 'template',
    name: spec.name,
    title: spec.title,
    origin,
    builtin: folder.origin === 'builtin',
    probe: folder.probe!,
    fix: folder.fix,
    seam: folder.seam,
    native: folder.native,
    fakes: folder.fakes,
  };
}

/** A custom check's PowerShell: the files it names, relative to the file that declared it. */
function customSource(files: CustomCheckFiles, name: string, where: (p?: readonly (string | number)[]) => SourceLocation, report: Report, ctx: LowerContext): CheckSource | undefined {
  const declaredIn = where().file;
  const resolve = (key: 'probe' | 'fix' | 'fakes'): string | undefined => {
    const given = files[key];
    if (given === undefined) return undefined;
    const file = path.resolve(ctx.root, path.dirname(declaredIn), given);
    if (!existsSync(file)) {
      report('REMC026', `customCheck({ ${key} }): ${toPosix(path.relative(ctx.root, file))} does not exist`, where([key]));
      return undefined;
    }
    return file;
  };
  const probe = resolve('probe');
  const fix = resolve('fix');
  const fakes = resolve('fakes');
  if (!probe || (files.fix !== undefined && !fix) || (files.fakes !== undefined && !fakes)) return undefined;
  let broken = false;
  for (const [file, verb] of [[probe, 'Test'], [fix, 'Repair']] as const) {
    if (!file) continue;
    const origin = toPosix(path.relative(ctx.root, file));
    for (const p of customFileProblems(file, origin, verb)) {
      const lineText = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').split('\n')[p.line - 1] ?? '';
      report('REMC026', p.message, { file: origin, line: p.line, column: 1, lineText });
      broken = true;
    }
  }
  if (broken) return undefined;
  return {
    kind: 'custom',
    name,
    title: `custom check ${name}`,
    origin: toPosix(path.relative(ctx.root, probe)),
    builtin: false,
    probe,
    fix,
    seam: undefined,
    native: undefined,
    fakes,
  };
}

/** What is wrong with a target name (with the nearest known one), or undefined when it is a target. */
export function unknownTarget(name: string): string | undefined {
  if (isTargetName(name)) return undefined;
  const close = closest(name, TARGET_NAMES);
  return `unknown target '${name}'${close ? `; did you mean '${close}'?` : ''} (targets: ${TARGET_NAMES.join(', ')})`;
}

/** The declaration's targets (the default when it names none); each unknown name at its own location. */
function lowerTargets(value: unknown, at: (index: number) => SourceLocation, report: Report): TargetName[] {
  if (!Array.isArray(value)) return [...DEFAULT_TARGETS];
  const known: TargetName[] = [];
  value.forEach((name: unknown, index) => {
    if (typeof name !== 'string') return; // the option's own check reported it
    const problem = unknownTarget(name);
    if (problem) report('REMC053', problem, at(index));
    else known.push(name as TargetName);
  });
  return normalizeTargets(known);
}

// ---- assignments: where Intune runs the remediation (remc publish creates them) ----

/** The JSON Schema of `assignments` (YAML editors); the rules themselves are {@link lowerAssignments}. */
function assignmentsSchema(): Record<string, unknown> {
  const interval = (what: string) => ({ type: 'integer', minimum: SCHEDULE_INTERVAL.min, maximum: SCHEDULE_INTERVAL.max, description: `${what}, ${SCHEDULE_INTERVAL.min} to ${SCHEDULE_INTERVAL.max}.` });
  const useUtc = { type: 'boolean', default: false, description: "The time is UTC, not the device's local time." };
  const time = TIME.source;
  return {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        group: { type: 'string', minLength: 1, maxLength: LIMITS.groupName, description: 'An Entra ID group, by its display name.' },
        allDevices: { const: true, description: 'Every device Intune manages.' },
        allUsers: { const: true, description: 'Every licensed user, on their devices.' },
        exclude: { type: 'boolean', default: false, description: 'Exclude this group (only with group; no schedule, no filter).' },
        filter: {
          type: 'object',
          description: 'An assignment filter by its name in Intune, and whether it includes or excludes the devices it matches.',
          properties: { name: { type: 'string', minLength: 1, description: "The filter's name in Intune." }, mode: { enum: [...FILTER_MODES], description: 'include: only the devices the filter matches; exclude: all but those.' } },
          required: ['name', 'mode'],
          additionalProperties: false,
        },
        schedule: {
          description: 'When the detection runs on the devices of this target; required unless the assignment excludes.',
          oneOf: [
            {
              type: 'object',
              properties: { daily: { type: 'string', pattern: time, description: "Every day at this time, 'HH:MM'." }, everyDays: { ...interval('Run every this many days'), default: 1 }, useUtc },
              required: ['daily'],
              additionalProperties: false,
            },
            { type: 'object', properties: { hourly: interval('Every this many hours') }, required: ['hourly'], additionalProperties: false },
            {
              type: 'object',
              properties: { once: { type: 'string', pattern: `^\\d{4}-\\d{2}-\\d{2}T${time.slice(1)}`, description: "Once, at this date and time, 'YYYY-MM-DDTHH:MM'." }, useUtc },
              required: ['once'],
              additionalProperties: false,
            },
          ],
        },
      },
      additionalProperties: false,
      oneOf: TARGET_KEYS.map((key) => ({ required: [key] })),
      if: { properties: { exclude: { const: true } }, required: ['exclude'] },
      then: { required: ['group'], not: { anyOf: [{ required: ['schedule'] }, { required: ['filter'] }] } },
      else: { required: ['schedule'] },
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'an object' : (JSON.stringify(value) ?? String(value));
}

/** A real calendar date (the proleptic Gregorian calendar: 2024-02-29 is one, 2025-02-29 is not). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * The declaration's `assignments` as the model's: every rule below reported as REMC056 at the key at
 * fault (an unknown key as REMC013, as everywhere), each assignment checked whole. `at` locates a
 * path below `assignments`.
 */
function lowerAssignments(value: unknown, at: (path: readonly (string | number)[]) => SourceLocation, report: Report): AssignmentModel[] {
  if (!Array.isArray(value)) return []; // absent, or the option's own check reported it
  const models: AssignmentModel[] = [];
  /** The first assignment of each target (a group by its name in lower case), for the duplicate's note. */
  const first = new Map<string, { index: number; shown: string }>();

  value.forEach((item: unknown, index) => {
    const name = `assignments[${index}]`;
    const where = (...path: (string | number)[]) => at([index, ...path]);
    let ok = true;
    const fail = (message: string, location: SourceLocation, notes?: readonly Note[]) => {
      ok = false;
      report('REMC056', message, location, undefined, notes);
    };
    /** Reports each unknown key (REMC013, with the nearest known one); how many there were. */
    const unknownKeys = (object: Record<string, unknown>, known: readonly string[], path: readonly string[], owner: string): number => {
      const unknown = Object.keys(object).filter((key) => !known.includes(key));
      for (const key of unknown) {
        ok = false;
        const close = closest(key, known);
        report('REMC013', `'${key}' is not a key of ${owner}${close ? `; did you mean '${close}'?` : ''}`, where(...path, key), ASSIGNMENT_KEYS_HINT);
      }
      return unknown.length;
    };

    if (!isRecord(item)) {
      fail(`${name} is not an assignment: expected an object such as ${ASSIGNMENT_EXAMPLE}, got ${shown(item)}`, where());
      return;
    }
    const misspelt = unknownKeys(item, ASSIGNMENT_KEYS, [], 'an assignment');

    // The target: exactly one of group, allDevices, allUsers.
    const given = TARGET_KEYS.filter((key) => item[key] !== undefined);
    let target: AssignmentModel['target'] | undefined;
    if (given.length === 0) {
      // A misspelt target key was reported as such; "names no target" would only repeat it.
      if (misspelt === 0) fail(`${name} names no target: give exactly one of group: '<Entra group name>', allDevices: true or allUsers: true`, where());
    } else if (given.length > 1) {
      fail(`${name} names ${given.length} targets (${given.join(', ')}): give exactly one, and one assignment per target`, where(given[1]!));
    } else if (given[0] === 'group') {
      const group = item['group'];
      if (typeof group !== 'string') fail(`${name}.group must be the name of an Entra ID group, got ${shown(group)}`, where('group'));
      else if (group.trim() === '') fail(`${name}.group must not be empty`, where('group'));
      else if (group.length > LIMITS.groupName) fail(`${name}.group is ${group.length} characters long; an Entra ID group name has at most ${LIMITS.groupName}`, where('group'));
      else target = { kind: 'group', group };
    } else {
      const key = given[0]!;
      if (item[key] !== true) fail(`${name}.${key} must be true (leave it out to name another target), got ${shown(item[key])}`, where(key));
      else target = { kind: key };
    }

    // The same target twice: a group by its name, case-insensitively (two spellings of one name are one
    // group to a directory search), so a group is never both included and excluded either.
    if (target) {
      const key = target.kind === 'group' ? `group:${target.group.toLowerCase()}` : target.kind;
      const label = target.kind === 'group' ? `group "${target.group}"` : target.kind;
      const earlier = first.get(key);
      if (earlier) {
        fail(`${name} names ${label} again (first in assignments[${earlier.index}]); give each target one assignment`, where(given[0]!), [
          { message: `the first assignment of ${earlier.shown}`, location: at([earlier.index, given[0]!]) },
        ]);
      } else {
        first.set(key, { index, shown: label });
      }
    }

    // exclude: a group only, with neither schedule nor filter.
    const excludeValue = item['exclude'];
    let exclude = false;
    if (excludeValue !== undefined && typeof excludeValue !== 'boolean') {
      // Whether it excludes is unknown, so whether it needs a schedule is too: only this is reported.
      fail(`${name}.exclude must be true or false, got ${shown(excludeValue)}`, where('exclude'));
      return;
    } else if (excludeValue === true) {
      exclude = true;
      if (given.length === 1 && given[0] !== 'group') {
        fail(`${name} excludes ${given[0]}, but only a group can be excluded (Graph has no exclusion of all devices or all users)`, where('exclude'));
      } else {
        if (item['schedule'] !== undefined) fail(`${name} excludes its group, so it has no schedule: an excluded group runs nothing`, where('schedule'));
        if (item['filter'] !== undefined) fail(`${name} excludes its group, so it takes no filter (exclude the group, or include it with a filter of mode 'exclude')`, where('filter'));
      }
    }

    const filter = exclude ? null : lowerFilter(item['filter'], name, where, fail, unknownKeys);
    let schedule: AssignmentScheduleModel | null = null;
    if (!exclude) {
      if (item['schedule'] === undefined) {
        fail(`${name} has no schedule: every assignment that does not exclude needs one, e.g. schedule: { daily: '02:00' }`, where());
      } else {
        schedule = lowerSchedule(item['schedule'], name, where, fail, unknownKeys) ?? null;
        if (!schedule) ok = false;
      }
    }

    if (ok && target && filter !== undefined) models.push({ target, exclude, filter, schedule, at: where() });
  });
  return models;
}

type Fail = (message: string, location: SourceLocation, notes?: readonly Note[]) => void;
type UnknownKeys = (object: Record<string, unknown>, known: readonly string[], path: readonly string[], owner: string) => number;
type Where = (...path: (string | number)[]) => SourceLocation;

/** An assignment's filter (null when it has none), or undefined when it is wrong. */
function lowerFilter(value: unknown, name: string, where: Where, fail: Fail, unknownKeys: UnknownKeys): AssignmentModel['filter'] | undefined {
  if (value === undefined) return null;
  if (!isRecord(value)) {
    fail(`${name}.filter must be an object { name: '<filter name>', mode: 'include' | 'exclude' }, got ${shown(value)}`, where('filter'));
    return undefined;
  }
  unknownKeys(value, FILTER_KEYS, ['filter'], 'an assignment filter');
  let ok = true;
  const filterName = value['name'];
  if (typeof filterName !== 'string' || filterName.trim() === '') {
    fail(`${name}.filter.name must be the name of an Intune assignment filter, got ${filterName === undefined ? 'none' : shown(filterName)}`, where('filter', ...(filterName === undefined ? [] : ['name'])));
    ok = false;
  }
  const mode = value['mode'];
  if (typeof mode !== 'string' || !(FILTER_MODES as readonly string[]).includes(mode)) {
    fail(`${name}.filter.mode must be 'include' or 'exclude', got ${mode === undefined ? 'none' : shown(mode)}`, where('filter', ...(mode === undefined ? [] : ['mode'])));
    ok = false;
  }
  return ok ? { name: filterName as string, mode: mode as 'include' | 'exclude' } : undefined;
}

/** An assignment's schedule, defaults applied, or undefined when it is wrong. */
function lowerSchedule(value: unknown, name: string, where: Where, fail: Fail, unknownKeys: UnknownKeys): AssignmentScheduleModel | undefined {
  const own = `${name}.schedule`;
  if (!isRecord(value)) {
    fail(`${own} must be an object: { daily: 'HH:MM' }, { hourly: <hours> } or { once: 'YYYY-MM-DDTHH:MM' }, got ${shown(value)}`, where('schedule'));
    return undefined;
  }
  const state = { ok: true };
  const problem = (message: string, ...path: string[]) => {
    state.ok = false;
    fail(message, where('schedule', ...path));
  };
  const misspelt = unknownKeys(value, SCHEDULE_KEYS, ['schedule'], 'a schedule');
  const kinds = SCHEDULE_KINDS.filter((k) => value[k] !== undefined);
  if (kinds.length !== 1) {
    if (kinds.length === 0 && misspelt > 0) return undefined; // the misspelt kind was reported
    problem(
      kinds.length === 0
        ? `${own} names no kind: give one of daily: 'HH:MM', hourly: <hours> or once: 'YYYY-MM-DDTHH:MM'`
        : `${own} gives ${kinds.join(' and ')}: a schedule is exactly one of daily, hourly and once`,
      ...(kinds.length > 1 ? [kinds[1]!] : []),
    );
    return undefined;
  }
  const kind = kinds[0]!;
  const interval = (key: string, what: string): number | undefined => {
    const n = value[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < SCHEDULE_INTERVAL.min || n > SCHEDULE_INTERVAL.max) {
      problem(`${own}.${key} must be a whole number of ${what} from ${SCHEDULE_INTERVAL.min} to ${SCHEDULE_INTERVAL.max}, got ${shown(n)}`, key);
      return undefined;
    }
    return n;
  };
  const utc = (): boolean => {
    const u = value['useUtc'];
    if (u === undefined) return false;
    if (typeof u !== 'boolean') problem(`${own}.useUtc must be true or false, got ${shown(u)}`, 'useUtc');
    return u === true;
  };
  const notFor = (key: string, what: string) => {
    if (value[key] !== undefined) problem(`${own}.${key} does not apply to ${what}`, key);
  };

  if (kind === 'hourly') {
    notFor('everyDays', 'an hourly schedule (it is for daily ones)');
    notFor('useUtc', 'an hourly schedule: it has no time of day');
    const every = interval('hourly', 'hours');
    return state.ok && every !== undefined ? { kind: 'hourly', interval: every } : undefined;
  }
  if (kind === 'daily') {
    const time = value['daily'];
    if (typeof time !== 'string' || !TIME.test(time)) problem(`${own}.daily must be a time of day 'HH:MM' from 00:00 to 23:59, got ${shown(time)}`, 'daily');
    const every = value['everyDays'] === undefined ? 1 : interval('everyDays', 'days');
    const useUtc = utc();
    return state.ok && every !== undefined ? { kind: 'daily', time: time as string, interval: every, useUtc } : undefined;
  }
  notFor('everyDays', 'a schedule that runs once (it is for daily ones)');
  const when = value['once'];
  const m = typeof when === 'string' ? DATE_TIME.exec(when) : null;
  if (!m) {
    problem(`${own}.once must be a date and time 'YYYY-MM-DDTHH:MM', got ${shown(when)}`, 'once');
  } else if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    problem(`${own}.once: ${m[1]}-${m[2]}-${m[3]} is not a date of the calendar`, 'once');
  } else if (!TIME.test(m[4]!)) {
    problem(`${own}.once: ${m[4]} is not a time of day from 00:00 to 23:59`, 'once');
  }
  const useUtc = utc();
  return state.ok && m ? { kind: 'once', date: `${m[1]}-${m[2]}-${m[3]}`, time: m[4]!, useUtc } : undefined;
}

/** Unknown keys, missing required keys and wrong types, each at the key's own location. */
function checkOptions(
  props: Readonly<Record<string, unknown>>,
  schema: OptionSchema,
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
    // A text over its size limit (the option's schema says it) is REMC016; any other bad value REMC014.
    const value = props[key];
    const limit = opt.schema['maxLength'];
    if (typeof value === 'string' && typeof limit === 'number' && value.length > limit) {
      report('REMC016', `${owner}({ ${key} }): is ${value.length} characters long; the limit is ${limit}`, at(key));
      continue;
    }
    const problem = opt.check(value);
    if (problem) report('REMC014', `${owner}({ ${key} }): ${problem}`, at(key));
  }
  for (const key of known) {
    if (schema[key]!.required && props[key] === undefined) {
      report('REMC020', `${owner}() needs the option '${key}': ${schema[key]!.describe}`, at());
    }
  }
}
