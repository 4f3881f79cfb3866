/**
 * What a template is: a folder of real PowerShell (`probe.ps1`, `fix.ps1` when it can repair,
 * `seam.ps1`, ...) plus one spec made by {@link defineTemplate}. The spec declares each option once,
 * with its type, its default and (as JSDoc above it) its doc; the factory's props type, the compiler's
 * defaults, the `$Config` the PowerShell reads, the Pester tests' default config and the generated
 * reference all come from that one declaration. Whether a template can fix is read from its folder
 * (a `fix.ps1`), never declared twice.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiagnosticCode, Severity } from '../diagnostics.ts';
import type { Cause, CauseTrigger, Trigger } from '../protocol.ts';
import { stringOption, type Option, type OptionSchema, type PropsOf, type RequiredKeys, type ResolvedOf } from './option.ts';
import { callSites, type RawSite } from './site.ts';
export { option, type Option, type OptionSchema, type PropsOf, type ResolvedOf } from './option.ts';

/** The account a script runs as on the device: Intune's `runAsAccount`. */
export type RunAs = 'user' | 'system';

/** The host a remediation's scripts run on, as its declaration sets it. */
export interface Host {
  readonly runAs: RunAs;
  readonly is64Bit: boolean;
}

declare const requirements: unique symbol;

/**
 * What a check can run on, as the names of the hosts it admits: `{ "can run as user": true; "can run
 * in 64-bit PowerShell": true }`. A remediation's checks must admit its own host, so a check that cannot
 * run there fails to type-check with a message that names the requirement: Property '"can run as
 * system"' is missing.
 */
export type RunsOn<H extends Host> = {
  readonly [K in `can run as ${H['runAs']}` | `can run in ${H['is64Bit'] extends infer X ? (X extends true ? '64' : '32') : never}-bit PowerShell`]: true;
};

/**
 * One check of a remediation: a template instance with its options. `H` is the set of hosts it can
 * run on; a remediation only accepts checks whose `H` admits its own host, so a requirement conflict
 * (a user-only check in a SYSTEM remediation) is a type error.
 */
export interface Check<H extends Host = Host> {
  readonly kind: 'remc.check';
  /** The template's folder name under templates/. */
  readonly template: string;
  /** The template's spec, carried by the node so the compiler needs no lookup. */
  readonly spec: TemplateSpec;
  /** The options exactly as declared (validated by the compiler). */
  readonly props: Readonly<Record<string, unknown>>;
  /** The name the check goes by in summaries and triggers. */
  readonly name: string;
  readonly site: readonly RawSite[];
  /** Phantom (never set at run time): the hosts the check can run on. */
  readonly [requirements]: RunsOn<H>;
}

/** A detect-only check that classifies causes; other checks can be triggered by what it finds. */
export interface Diagnosis<H extends Host = Host> extends Check<H> {
  /** A trigger that fires when this diagnosis reports one of `causes` (e.g. `'os'`). */
  finds(...causes: readonly Cause[]): CauseTrigger;
}

/** A value a template's `$Config` may hold: what the literal encoder writes. */
export type ConfigValue = string | number | boolean | null | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };
export type ConfigRecord = { readonly [key: string]: ConfigValue };

/** What a check needs from the host; the build rejects a remediation that cannot give it. */
export interface Requirements {
  /** Accounts the check can run as. `user`-only checks touch per-user state (HKCU, credentials, AppX). */
  readonly runAs: readonly RunAs[];
  /** Needs a 64-bit PowerShell host (AppX cmdlets, System32 tools, the 64-bit registry). */
  readonly needs64Bit: boolean;
  /** Needs administrative rights (under Intune only SYSTEM has them). */
  readonly needsAdmin: boolean;
  /** Needs the signed-in user's interactive logon session (credential set, WAM). */
  readonly needsUserSession: boolean;
  /**
   * Its PowerShell does something Constrained Language Mode refuses (Add-Type, New-Object or static
   * method calls of types it does not allow, ...). Never declared by a template: the compiler derives it
   * from the template's PowerShell (compiler/validate/language-mode.ts); a custom check's `needsFullLanguage`
   * option may only add to what the compiler finds.
   */
  readonly needsFullLanguage: boolean;
}

/** What a template declares: everything but the FullLanguage need, which the compiler reads from its code. */
export type DeclaredRequirements = Omit<Requirements, 'needsFullLanguage'>;

export const NO_REQUIREMENTS: DeclaredRequirements = {
  runAs: ['user', 'system'],
  needs64Bit: false,
  needsAdmin: false,
  needsUserSession: false,
};

/**
 * The host type a template's requirements admit: `Check<H>` is then a type error in any other host.
 * Written out as a plain object type, so editors and errors show `{ runAs: "user"; is64Bit: true }`.
 */
export type HostOf<R> = Simplify<{
  readonly runAs: R extends { readonly runAs: readonly (infer A)[] } ? A : RunAs;
  readonly is64Bit: R extends { readonly needs64Bit: true } ? true : boolean;
}>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A problem a template's own `validate` finds in a declaration's options. */
export interface OptionProblem {
  /** The option at fault (its location is reported); none for the check as a whole. */
  readonly option?: string;
  readonly message: string;
  readonly hint?: string;
  /** The diagnostic's code when the rule has one of its own (compiler/diagnostics.ts); REMC025 otherwise. */
  readonly code?: DiagnosticCode;
  /** A warning builds (and is printed); an error, the default, stops the build. */
  readonly severity?: Severity;
}

/** What {@link defineTemplate} takes. */
export interface TemplateDefinition<O extends OptionSchema = OptionSchema> {
  /** Not stated: a template is named after its folder, `templates/<name>/` (see {@link nameTemplates}). */
  readonly name?: never;
  /** Not stated: the factory is named after its export, `export const serviceState = defineTemplate(...)`. */
  readonly factory?: never;
  /** Human title for help text and docs. */
  readonly title: string;
  /** One sentence: what the template checks and what its fix does. */
  readonly summary: string;
  /** A declaration of a check, as the reference shows it: `windowsFeature({ name: 'NetFx3', state: 'enabled' })`. */
  readonly example?: string;
  /**
   * Reference text the generated docs print below the options (Markdown paragraphs), built from the
   * template's own data so it is written once (e.g. the folders a cleanup refuses).
   */
  readonly notes?: readonly string[];
  /** The check's name when the declaration gives none. */
  readonly defaultName: string;
  /**
   * What differs from {@link NO_REQUIREMENTS}. Not whether it needs FullLanguage: the compiler derives
   * that from the template's PowerShell (probe.ps1, fix.ps1, seam.ps1, native.cs).
   */
  readonly requirements?: Partial<DeclaredRequirements>;
  /**
   * The causes its probe may report (`Cause` in the probe result): the template is a diagnosis, and
   * other checks may be triggered by `diagnosis.finds(...)`.
   */
  readonly causes?: readonly Cause[];
  /**
   * The options, each with JSDoc above it (its doc). `checkName` is implied; a template that can fix
   * (has a fix.ps1) declares `trigger: option.triggers(...)`, and one that cannot must not.
   */
  readonly options: O;
  /**
   * The `$Config` its PowerShell reads (camelCase keys here; the emitter writes them PascalCase).
   * @default every option but `checkName` and `trigger`, defaults applied
   */
  readonly config?: (props: ResolvedOf<O>) => ConfigRecord;
  /**
   * Requirements that depend on the options (e.g. an HKCU path needs `runAs: 'user'`), merged over
   * `requirements`. Give the factory a narrower type for them too (an overload), so editors say it first.
   */
  readonly requirementsOf?: (props: ResolvedOf<O>) => Partial<DeclaredRequirements>;
  /** Rules across options that their types cannot say (e.g. `value` required when `ensure: 'present'`). */
  readonly validate?: (props: ResolvedOf<O>) => readonly OptionProblem[];
  /**
   * A fix that is opt-in: `when` says whether a check with these options fixes, `text` says when in
   * words ("with removeExpired: true"). A check for which `when` is false is built detect-only (no
   * fix, no triggers), and a trigger declared for it is an error.
   * @default every check fixes (when the folder has fix.ps1)
   */
  readonly fixesOnly?: { readonly when: (props: ResolvedOf<O>) => boolean; readonly text: string };
  /**
   * Options that do not fit the account the remediation runs as, each with a hint of its own (e.g.
   * an option that reaches every user's profile, in a user remediation); reported as REMC075.
   */
  readonly validateHost?: (props: ResolvedOf<O>, host: { readonly runAs: RunAs }) => readonly OptionProblem[];
  /** Secret options: shown nowhere, and their config keys are null in detection (only the remediation writes them). */
  readonly secrets?: (props: ResolvedOf<O>) => readonly string[];
  /** The name of a check without `checkName`, from its options (validation makes it unique), instead of `defaultName`. */
  readonly nameOf?: (props: ResolvedOf<O>) => string | undefined;
}

/** A template as the compiler sees it (the definition, named, with requirements complete). */
export interface TemplateSpec<O extends OptionSchema = OptionSchema> extends Omit<TemplateDefinition<O>, 'name' | 'factory' | 'requirements' | 'config' | 'requirementsOf' | 'validate' | 'fixesOnly' | 'validateHost' | 'secrets' | 'nameOf'> {
  /** Its folder's name (kebab-case): `templates/<name>/`. */
  readonly name: string;
  /** Its factory's name, as its folder exports it and as messages say it ("serviceState"). */
  readonly factory: string;
  /** The static requirements, complete (the FullLanguage need is the compiler's: see {@link Requirements}). */
  readonly requirements: DeclaredRequirements;
  /** The requirements of one check: static, with what its options add. */
  requirementsFor(props: Readonly<Record<string, unknown>>): DeclaredRequirements;
  /** The template's own rules across options. */
  validate(props: Readonly<Record<string, unknown>>): readonly OptionProblem[];
  /** When its fix is opt-in, in words ("with removeExpired: true"); absent when every check fixes. */
  readonly fixesOnlyText?: string;
  /** Whether a check with these options fixes (its folder having fix.ps1); absent: every check does. */
  fixes?(props: Readonly<Record<string, unknown>>): boolean;
  /** The template's rules of which options fit the remediation's account. */
  validateHost(props: Readonly<Record<string, unknown>>, host: { readonly runAs: RunAs }): readonly OptionProblem[];
  /** Defaults applied, then the template's `config`. */
  config(props: Readonly<Record<string, unknown>>): ConfigRecord;
  /** Each option with its default filled in (missing required options stay undefined). */
  resolve(props: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>;
  /** The secret options (see {@link TemplateDefinition.secrets}). */
  secretsOf(props: Readonly<Record<string, unknown>>): readonly string[];
  /** The name of a check that declares no `checkName`: derived from its options, else `defaultName`. */
  nameFor(props: Readonly<Record<string, unknown>>): string;
  /** It derives names from options (`nameOf`): validation makes a derived name unique instead of refusing it. */
  readonly derivesNames: boolean;
}

/** The option every template has besides its own: the check's name in summaries and triggers. */
const CHECK_NAME_OPTION = stringOption({ nonEmpty: true });

type Factory<O extends OptionSchema, H extends Host, C> = [RequiredKeys<O>] extends [never]
  ? (props?: PropsOf<O>) => C
  : (props: PropsOf<O>) => C;

/** A template's factory, with its spec beside it for the compiler and the docs. */
export type TemplateFactory<O extends OptionSchema, H extends Host, D extends boolean> = Factory<
  O,
  H,
  D extends true ? Diagnosis<H> : Check<H>
> & { readonly spec: TemplateSpec<O> };

/**
 * Declares a template: returns its typed factory (`serviceState({...})`), whose checks carry the spec.
 * The host type comes from `requirements`; a template with `causes` makes diagnoses.
 */
export function defineTemplate<const D extends TemplateDefinition<OptionSchema>>(
  definition: D,
): TemplateFactory<D['options'] & { readonly checkName: Option<string, false> }, HostOf<D['requirements']>, D extends { readonly causes: readonly Cause[] } ? true : false> {
  const options = { checkName: CHECK_NAME_OPTION, ...definition.options } as OptionSchema;
  const spec: TemplateSpec = {
    ...definition,
    // Named when its folder is loaded (nameTemplates), or on first use from where it was defined.
    name: '',
    factory: '',
    options,
    requirements: declaredOnly({ ...NO_REQUIREMENTS, ...definition.requirements }),
    requirementsFor(props) {
      const extra = definition.requirementsOf ? definition.requirementsOf(this.resolve(props) as never) : {};
      return declaredOnly({ ...this.requirements, ...extra });
    },
    validate(props) {
      return definition.validate ? definition.validate(this.resolve(props) as never) : [];
    },
    ...(definition.fixesOnly ? { fixesOnlyText: definition.fixesOnly.text } : {}),
    fixes(props) {
      return definition.fixesOnly ? definition.fixesOnly.when(this.resolve(props) as never) : true;
    },
    validateHost(props, host) {
      return definition.validateHost ? definition.validateHost(this.resolve(props) as never, host) : [];
    },
    derivesNames: definition.nameOf !== undefined,
    secretsOf(props) {
      return definition.secrets ? definition.secrets(this.resolve(props) as never) : [];
    },
    nameFor(props) {
      return (definition.nameOf ? definition.nameOf(this.resolve(props) as never) : undefined) ?? definition.defaultName;
    },
    resolve(props) {
      const out: Record<string, unknown> = {};
      for (const [key, opt] of Object.entries(options)) out[key] = props[key] !== undefined ? props[key] : opt.default;
      out.checkName = props.checkName ?? definition.defaultName;
      return out;
    },
    config(props) {
      const resolved = this.resolve(props);
      if (definition.config) return definition.config(resolved as never);
      const out: Record<string, ConfigValue> = {};
      for (const [key, value] of Object.entries(resolved)) {
        if (key === 'checkName' || key === 'trigger' || value === undefined) continue;
        out[key] = value as ConfigValue;
      }
      return out;
    },
  };
  Object.defineProperty(spec, NAMING, { value: { site: callSites(defineTemplate)[0] } satisfies Naming, configurable: true });
  const factory = (props?: Readonly<Record<string, unknown>>) => {
    if (namingOf(spec)) nameFromSource(named);
    const given = props ?? {};
    const name = typeof given.checkName === 'string' ? given.checkName : safeName(() => spec.nameFor(given), definition.defaultName);
    const check = { kind: 'remc.check' as const, template: spec.name, spec, props: given, name, site: callSites(factory) };
    if (!definition.causes) return check;
    return { ...check, finds: (...causes: readonly Cause[]): Trigger => ({ kind: 'cause', check: name, causes: [...causes] }) };
  };
  const named = Object.assign(factory, { spec });
  return named as never;
}

/** A derived name, or the default when the options are too wrong to derive one from (validation says why). */
function safeName(derive: () => string, fallback: string): string {
  try {
    return derive();
  } catch {
    return fallback;
  }
}

/** The declared requirements alone: a `needsFullLanguage` left in a JavaScript spec is not the template's to say. */
function declaredOnly(r: DeclaredRequirements): DeclaredRequirements {
  return { runAs: r.runAs, needs64Bit: r.needs64Bit, needsAdmin: r.needsAdmin, needsUserSession: r.needsUserSession };
}

/** The triggers a declaration gave (one or many), else the option's default; none when the template cannot fix. */
export function triggersOf(spec: TemplateSpec, props: Readonly<Record<string, unknown>>): readonly Trigger[] {
  const opt = spec.options['trigger'];
  if (!opt) return [];
  const given = props['trigger'] ?? opt.default;
  if (given === undefined) return [];
  return Array.isArray(given) ? (given as readonly Trigger[]) : [given as Trigger];
}

// ---- naming: a template is named after its folder, its factory after its export ----

/** A factory made by defineTemplate: a function carrying its spec. */
export type TemplateFactoryValue = ((...args: never[]) => unknown) & { readonly spec: TemplateSpec };

/**
 * What a template not named yet keeps: where its defineTemplate call stands, and why no loader could
 * name it. Kept on the spec under a registered symbol, so every copy of this module reads it (the CLI's
 * bundle names the templates that the sources' copy defined).
 */
interface Naming {
  readonly site: RawSite | undefined;
  problem?: string;
}
const NAMING = Symbol.for('remc.template.naming');

/** A template's naming state: undefined once it is named. */
function namingOf(spec: TemplateSpec): Naming | undefined {
  return (spec as { [NAMING]?: Naming })[NAMING];
}

/** Whether `value` is a factory made by defineTemplate (named or not). */
export function isTemplateFactory(value: unknown): value is TemplateFactoryValue {
  const spec = typeof value === 'function' ? (value as { spec?: Partial<TemplateSpec> }).spec : undefined;
  return typeof spec?.resolve === 'function' && typeof spec.config === 'function' && typeof spec.options === 'object';
}

function give(factory: TemplateFactoryValue, folder: string, exported: string): void {
  Object.assign(factory.spec, { name: folder, factory: exported });
  // Messages name the factory as the declaration does ("did you forget to call serviceState()?").
  Object.defineProperty(factory, 'name', { value: exported });
  delete (factory.spec as { [NAMING]?: Naming })[NAMING];
}

/** The file a defineTemplate call stands in, when it is one on disk (not a bundle's). */
function definedIn(spec: TemplateSpec): string | undefined {
  const site = namingOf(spec)?.site?.file.replace(/[?#].*$/, '');
  if (!site) return undefined;
  const file = site.startsWith('file:') ? fileURLToPath(site) : site;
  return path.isAbsolute(file) && existsSync(file) ? file : undefined;
}

/**
 * Names the template a folder's index.ts defines: the template after the folder, the factory after
 * its export. Whoever loads a template folder calls it with the module's exports (the registry when it
 * imports one, a declaration bundle for each folder it holds), so a template never states its name. A
 * factory the folder re-exports from another file keeps that file's folder. A folder defines one
 * template: when it exports more, none is named, each remembers why, and the problem is returned.
 */
export function nameTemplates(exports: Readonly<Record<string, unknown>>, folder: string): string | undefined {
  const own = Object.entries(exports).filter((entry): entry is [string, TemplateFactoryValue] => {
    const [, value] = entry;
    if (!isTemplateFactory(value)) return false;
    if (!namingOf(value.spec)) return value.spec.name === folder;
    const file = definedIn(value.spec);
    return file === undefined || path.basename(path.dirname(file)) === folder;
  });
  if (own.length <= 1) {
    for (const [exported, factory] of own) give(factory, folder, exported);
    return undefined;
  }
  const problem = `templates/${folder}/index.ts exports ${own.length} template factories (${own.map(([n]) => n).join(', ')}); a template folder defines exactly one, named after the folder`;
  for (const [, factory] of own) {
    const naming = namingOf(factory.spec);
    if (naming) naming.problem = problem;
  }
  return problem;
}

/**
 * Names a factory used before any loader named it (its module imported directly, e.g. by a test of the
 * project's own): from the folder of the index.ts that defines it and the export there that calls
 * defineTemplate. Anywhere else a template cannot be named, and saying why beats a wrong name.
 */
function nameFromSource(factory: TemplateFactoryValue): void {
  const problem = namingOf(factory.spec)?.problem;
  if (problem) throw new Error(problem);
  const file = definedIn(factory.spec);
  const exported = file && path.basename(file) === 'index.ts' ? [...readFileSync(file, 'utf8').matchAll(/export\s+const\s+([A-Za-z_$][\w$]*)\s*=\s*defineTemplate\s*\(/g)] : [];
  if (!file || exported.length !== 1) {
    throw new Error('this template has no name: defineTemplate() names a template after its folder, so call it in a template folder\'s index.ts (templates/<name>/index.ts: `export const myCheck = defineTemplate({...})`) and import the factory from there');
  }
  give(factory, path.basename(path.dirname(file)), exported[0]![1]!);
}
