/**
 * The rules of a remediation's checks: at least one (REMC012), each a check (REMC029) of a known
 * template (REMC022) with valid options (as its spec says, REMC013/014/016/020, and its own rules,
 * REMC025 or the rule's own code, some of them warnings), a safe name of its own (REMC033, REMC017), a source (compiler/validate/sources.ts) and
 * requirements the host meets (compiler/validate/requirements.ts); then the triggers between them.
 */
import type { RawSite } from '../declare/site.ts';
import type { CustomCheckFiles } from '../declare/custom.ts';
import { LIMITS } from '../declare/limits.ts';
import { triggersOf, type Requirements, type TemplateSpec } from '../declare/template.ts';
import type { Locator } from '../load/declaration.ts';
import type { CheckSource } from './check-source.ts';
import { checkOptions } from './options.ts';
import type { At, Problems, Report } from './problems.ts';
import { checkRequirements, type CheckHost } from './requirements.ts';
import { customSource, templateSource, type SourceContext } from './sources.ts';
import { checkTriggers, type DeclaredTriggers } from './triggers.ts';
import { warnCredentialCode, warnCredentialOptions, warnSecrets } from './credentials.ts';

/** A check that keeps every rule, with what validation found: its source and its requirements. */
export interface ValidCheck {
  readonly name: string;
  readonly spec: TemplateSpec;
  /** Its options as declared (defaults are the spec's to apply). */
  readonly props: Readonly<Record<string, unknown>>;
  readonly source: CheckSource;
  readonly requirements: Requirements;
}

/** A check as the loaded declaration holds it (anything, until checked). */
interface RawCheck {
  readonly kind?: unknown;
  readonly template?: unknown;
  readonly spec?: TemplateSpec;
  readonly custom?: CustomCheckFiles;
  readonly props?: Record<string, unknown>;
  readonly name?: unknown;
  readonly site?: readonly RawSite[];
}

/** What the rules of one remediation's checks read: where things are, its problems so far, its host. */
export interface ChecksContext {
  readonly at: At;
  readonly locator: Locator;
  readonly problems: Problems;
  readonly sources: SourceContext;
  readonly host: CheckHost;
}

/** What the checks seen so far left: their names, which are diagnoses, their triggers, the valid ones. */
interface Seen {
  readonly names: Map<string, number>;
  /** The names the declaration gives (checkName, a custom check's name): a derived name keeps clear of them. */
  readonly declared: ReadonlySet<string>;
  /** Derived names that several checks share (each after the first got a suffix): no trigger may name them. */
  readonly shared: Set<string>;
  readonly kinds: Map<string, { causes: boolean }>;
  readonly triggers: DeclaredTriggers[];
  readonly valid: ValidCheck[];
}

/** Every rule of the `checks` option (its type is the option table's); the checks that keep them. */
export function checkChecks(value: unknown, ctx: ChecksContext): ValidCheck[] {
  if (!Array.isArray(value)) return [];
  if (value.length === 0) {
    ctx.problems.add('REMC012', 'the remediation has no checks', ctx.at(['checks']));
    return [];
  }
  const declared = new Set(value.filter(isRawCheck).filter(declaresName).map((c) => c.name as string));
  const seen: Seen = { names: new Map(), declared, shared: new Set(), kinds: new Map(), triggers: [], valid: [] };
  value.forEach((item: unknown, index) => checkOne(item, index, seen, ctx));
  checkTriggers(seen.triggers, seen.kinds, ctx.problems.add, seen.shared);
  return seen.valid;
}

function isRawCheck(item: unknown): item is RawCheck {
  return typeof item === 'object' && item !== null && (item as RawCheck).kind === 'remc.check';
}

/** The declaration names the check itself (a template's checkName, a custom check's name). */
function declaresName(check: RawCheck): boolean {
  return typeof check.name === 'string' && (check.custom !== undefined || typeof check.props?.['checkName'] === 'string');
}

/** One check, rule after rule: a rule whose input is already wrong is not run. */
function checkOne(item: unknown, index: number, seen: Seen, ctx: ChecksContext): void {
  const { problems } = ctx;
  const report = problems.add;
  const check = item as RawCheck | undefined;
  if (typeof check !== 'object' || check === null || check.kind !== 'remc.check') {
    const called = typeof item === 'function' ? ` (did you forget to call ${(item as { name?: string }).name || 'the factory'}()?)` : '';
    report('REMC029', `checks[${index}] is not a check${called}`, ctx.at(['checks', index]));
    return;
  }
  const sites = check.site ?? [];
  const where = (path: readonly (string | number)[] = []) => ctx.locator.locate(sites, path) ?? ctx.at(['checks', index]);
  const spec = check.spec;
  if (!spec || typeof spec.config !== 'function') {
    report('REMC022', `checks[${index}] uses the unknown template "${String(check.template)}"`, where());
    return;
  }
  const props = check.props ?? {};
  const before = problems.list.length;
  checkOptions(props, spec.options, spec.factory, (key) => where(key ? [key] : []), report);
  if (problems.list.length === before) {
    for (const p of spec.validate(props)) {
      const say = p.severity === 'warning' ? problems.warn : report;
      say(p.code ?? 'REMC025', `${spec.factory}(): ${p.message}`, where(p.option ? [p.option] : []), p.hint);
    }
    for (const p of spec.validateHost(props, ctx.host)) report('REMC075', `${spec.factory}(): ${p.message}`, where(p.option ? [p.option] : []), p.hint);
  }
  const name = checkName(check, spec, index, seen, where, report);
  if (problems.list.length !== before) return;

  const found = check.custom ? customSource(check.custom, name, where, report, ctx.sources) : templateSource(spec, where, report, ctx.sources);
  if (!found) return;
  const source = withOptInFix(found, spec, props, () => where(['trigger']), report);
  warnSecrets(spec, props, where, problems);
  warnCredentialOptions(spec, props, where, problems);
  warnCredentialCode(source, ctx.sources.root, problems);
  seen.kinds.set(name, { causes: spec.causes !== undefined });
  const requirements = checkRequirements({ spec, props, name, source, custom: check.custom !== undefined }, ctx.host, where, report);
  if (problems.list.length !== before) return;

  seen.triggers.push({ triggers: source.fix ? triggersOf(spec, props) : [], where: () => where(['trigger']) });
  seen.valid.push({ name, spec, props, source, requirements });
}

/**
 * The check's name: declared, else derived from its options or the template's default. Safe (REMC033)
 * and not another check's (REMC017); a derived name another check has already gets a suffix (-2, -3).
 */
function checkName(check: RawCheck, spec: TemplateSpec, index: number, seen: Seen, where: (path?: readonly (string | number)[]) => ReturnType<At>, report: Report): string {
  const { names } = seen;
  let name = typeof check.name === 'string' ? check.name : spec.defaultName;
  const nameKey = check.custom ? 'name' : 'checkName';
  const derived = !declaresName(check) && spec.derivesNames;
  if (derived && (names.has(name) || seen.declared.has(name))) {
    seen.shared.add(name);
    const base = name.slice(0, LIMITS.checkName - 4);
    let n = 2;
    while (names.has(`${base}-${n}`) || seen.declared.has(`${base}-${n}`)) n++;
    name = `${base}-${n}`;
  }
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name) || name.length > LIMITS.checkName) {
    report('REMC033', `check name "${name}" must start with a letter and hold only letters, digits and hyphens (at most ${LIMITS.checkName})`, where([nameKey]));
  } else if (names.has(name)) {
    const first = names.get(name)!;
    const by = declaresName(check) ? `the ${nameKey} given` : `the template's default name (${spec.factory}() has no other)`;
    report(
      'REMC017',
      `checks[${index}] is named "${name}" by ${by}, and so is checks[${first}]`,
      where([nameKey]),
      `Every summary line and trigger names a check by its name: give checks[${index}] a checkName of its own, e.g. checkName: '${name}-${index + 1}'.`,
    );
  }
  names.set(name, index);
  return name;
}

/**
 * The check's source without its fix when its template's fix is opt-in and these options do not opt
 * in: the check is then detect-only, and a trigger declared for it is an error (REMC090).
 */
function withOptInFix(source: CheckSource, spec: TemplateSpec, props: Readonly<Record<string, unknown>>, where: () => ReturnType<At>, report: Report): CheckSource {
  if (!source.fix || (spec.fixes?.(props) ?? true)) return source;
  if (props['trigger'] !== undefined) {
    report('REMC090', `${spec.factory}() fixes only ${spec.fixesOnlyText ?? 'when its options say so'}; without it the check only detects, and its trigger has nothing to run`, where(), `Opt in ${spec.fixesOnlyText ?? '(see docs/templates.md)'}, or remove trigger.`);
  }
  return { ...source, fix: undefined };
}
