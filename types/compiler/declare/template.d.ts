// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
import type { DiagnosticCode, Severity } from '../diagnostics.js';
import type { Cause, CauseTrigger, Trigger } from '../protocol.js';
import { type Option, type OptionSchema, type PropsOf, type RequiredKeys, type ResolvedOf } from './option.js';
import { type RawSite } from './site.js';
export { option, type Option, type OptionSchema, type PropsOf, type ResolvedOf } from './option.js';
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
export type ConfigValue = string | number | boolean | null | readonly ConfigValue[] | {
    readonly [key: string]: ConfigValue;
};
export type ConfigRecord = {
    readonly [key: string]: ConfigValue;
};
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
export declare const NO_REQUIREMENTS: DeclaredRequirements;
/**
 * The host type a template's requirements admit: `Check<H>` is then a type error in any other host.
 * Written out as a plain object type, so editors and errors show `{ runAs: "user"; is64Bit: true }`.
 */
export type HostOf<R> = Simplify<{
    readonly runAs: R extends {
        readonly runAs: readonly (infer A)[];
    } ? A : RunAs;
    readonly is64Bit: R extends {
        readonly needs64Bit: true;
    } ? true : boolean;
}>;
type Simplify<T> = {
    [K in keyof T]: T[K];
} & {};
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
    readonly fixesOnly?: {
        readonly when: (props: ResolvedOf<O>) => boolean;
        readonly text: string;
    };
    /**
     * Options that do not fit the account the remediation runs as, each with a hint of its own (e.g.
     * an option that reaches every user's profile, in a user remediation); reported as REMC075.
     */
    readonly validateHost?: (props: ResolvedOf<O>, host: {
        readonly runAs: RunAs;
    }) => readonly OptionProblem[];
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
    validateHost(props: Readonly<Record<string, unknown>>, host: {
        readonly runAs: RunAs;
    }): readonly OptionProblem[];
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
type Factory<O extends OptionSchema, H extends Host, C> = [RequiredKeys<O>] extends [never] ? (props?: PropsOf<O>) => C : (props: PropsOf<O>) => C;
/** A template's factory, with its spec beside it for the compiler and the docs. */
export type TemplateFactory<O extends OptionSchema, H extends Host, D extends boolean> = Factory<O, H, D extends true ? Diagnosis<H> : Check<H>> & {
    readonly spec: TemplateSpec<O>;
};
/**
 * Declares a template: returns its typed factory (`serviceState({...})`), whose checks carry the spec.
 * The host type comes from `requirements`; a template with `causes` makes diagnoses.
 */
export declare function defineTemplate<const D extends TemplateDefinition<OptionSchema>>(definition: D): TemplateFactory<D['options'] & {
    readonly checkName: Option<string, false>;
}, HostOf<D['requirements']>, D extends {
    readonly causes: readonly Cause[];
} ? true : false>;
/** The triggers a declaration gave (one or many), else the option's default; none when the template cannot fix. */
export declare function triggersOf(spec: TemplateSpec, props: Readonly<Record<string, unknown>>): readonly Trigger[];
/** A factory made by defineTemplate: a function carrying its spec. */
export type TemplateFactoryValue = ((...args: never[]) => unknown) & {
    readonly spec: TemplateSpec;
};
/** Whether `value` is a factory made by defineTemplate (named or not). */
export declare function isTemplateFactory(value: unknown): value is TemplateFactoryValue;
/**
 * Names the template a folder's index.ts defines: the template after the folder, the factory after
 * its export. Whoever loads a template folder calls it with the module's exports (the registry when it
 * imports one, a declaration bundle for each folder it holds), so a template never states its name. A
 * factory the folder re-exports from another file keeps that file's folder. A folder defines one
 * template: when it exports more, none is named, each remembers why, and the problem is returned.
 */
export declare function nameTemplates(exports: Readonly<Record<string, unknown>>, folder: string): string | undefined;
