// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * What a template is: a folder of real PowerShell (`probe.ps1`, `fix.ps1` when it can repair,
 * `seam.ps1`, ...) plus one spec made by {@link defineTemplate}. The spec declares each option once,
 * with its type, its default and (as JSDoc above it) its doc; the factory's props type, the compiler's
 * defaults, the `$Config` the PowerShell reads, the Pester tests' default config and the generated
 * reference all come from that one declaration. Whether a template can fix is read from its folder
 * (a `fix.ps1`), never declared twice.
 */
import type { Cause, CauseTrigger, Trigger } from '../protocol.js';
/** The account a script runs as on the device: Intune's `runAsAccount`. */
export type RunAs = 'user' | 'system';
/** The host a remediation's scripts run on, as its declaration sets it. */
export interface Host {
    readonly runAs: RunAs;
    readonly is64Bit: boolean;
}
/** Where in the loaded bundle a node was created; mapped to file:line only when a diagnostic needs it. */
export interface RawSite {
    readonly file: string;
    readonly line: number;
    readonly column: number;
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
/**
 * The positions of the calls that led to `below` (most recent first), taken from V8's structured stack
 * without formatting it: cheap enough to record for every node, mapped through the source map later.
 */
export declare function callSites(below: Function): RawSite[];
/** A value a template's `$Config` may hold: what the literal encoder writes. */
export type ConfigValue = string | number | boolean | null | readonly ConfigValue[] | {
    readonly [key: string]: ConfigValue;
};
export type ConfigRecord = {
    readonly [key: string]: ConfigValue;
};
/** One option of a template: its value type `T`, whether it is required, its default, how it is checked. */
export interface Option<T = unknown, Req extends boolean = boolean> {
    /** How the type reads in messages and docs, e.g. "an array of strings". */
    readonly describe: string;
    readonly required: Req;
    /** The compiler's default, used when the declaration leaves the option out (docs print it). */
    readonly default?: T;
    /** Says the default in words when it is not a plain value (docs print this instead). */
    readonly defaultText?: string;
    /** JSON Schema of the value (for YAML declarations and editors). */
    readonly schema: Readonly<Record<string, unknown>>;
    /** What is wrong with `value`, or undefined when it is fine. */
    check(value: unknown): string | undefined;
    /** Phantom: carries `T` for the props type. Never set. */
    readonly __value?: T;
}
export type OptionSchema = {
    readonly [name: string]: Option<any, boolean>;
};
type ValueOf<O> = O extends Option<infer T, boolean> ? T : never;
type RequiredKeys<O extends OptionSchema> = {
    [K in keyof O]: O[K] extends Option<any, true> ? K : never;
}[keyof O];
/**
 * The props of a factory, derived from its options. Homomorphic mapped types keep each option's JSDoc,
 * so an editor shows the option's doc on hover and in completion.
 */
export type PropsOf<O extends OptionSchema> = {
    readonly [K in keyof O]?: ValueOf<O[K]>;
} & {
    readonly [K in keyof Pick<O, RequiredKeys<O>>]-?: ValueOf<O[K]>;
};
/** Every option after defaults: what `config()` receives. */
export type ResolvedOf<O extends OptionSchema> = {
    readonly [K in keyof O]: O[K] extends {
        readonly default: infer D;
    } ? D | ValueOf<O[K]> : ValueOf<O[K]> | (O[K] extends Option<any, true> ? never : undefined);
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
     * from the template's PowerShell (compiler/lower/language-mode.ts); a custom check's `needsFullLanguage`
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
}
/** What {@link defineTemplate} takes. */
export interface TemplateDefinition<O extends OptionSchema = OptionSchema> {
    /** The folder name (kebab-case): `templates/<name>/`. */
    readonly name: string;
    /** The factory's name, as exported and as messages say it ("serviceState"). */
    readonly factory: string;
    /** Human title for help text and docs. */
    readonly title: string;
    /** One sentence: what the template checks and what its fix does. */
    readonly summary: string;
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
}
/** A template as the compiler sees it (the definition, with requirements complete). */
export interface TemplateSpec<O extends OptionSchema = OptionSchema> extends Omit<TemplateDefinition<O>, 'requirements' | 'config' | 'requirementsOf' | 'validate'> {
    /** The static requirements, complete (the FullLanguage need is the compiler's: see {@link Requirements}). */
    readonly requirements: DeclaredRequirements;
    /** The requirements of one check: static, with what its options add. */
    requirementsFor(props: Readonly<Record<string, unknown>>): DeclaredRequirements;
    /** The template's own rules across options. */
    validate(props: Readonly<Record<string, unknown>>): readonly OptionProblem[];
    /** Defaults applied, then the template's `config`. */
    config(props: Readonly<Record<string, unknown>>): ConfigRecord;
    /** Each option with its default filled in (missing required options stay undefined). */
    resolve(props: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>;
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
interface Common<T, Req extends boolean> {
    readonly required?: Req;
    readonly default?: T;
    readonly defaultText?: string;
}
declare function stringOption<Req extends boolean = false>(opts?: Common<string, Req> & {
    nonEmpty?: boolean;
    maxLength?: number;
    pattern?: RegExp;
    patternText?: string;
}): Option<string, NoInfer<Req>>;
export declare const option: {
    string: typeof stringOption;
    stringArray<Req extends boolean = false>(opts?: Common<readonly string[], Req> & {
        nonEmpty?: boolean;
    }): Option<readonly string[], NoInfer<Req>>;
    boolean<Req extends boolean = false>(opts?: Common<boolean, Req>): Option<boolean, NoInfer<Req>>;
    number<Req extends boolean = false>(opts?: Common<number, Req> & {
        min?: number;
        max?: number;
        integer?: boolean;
    }): Option<number, NoInfer<Req>>;
    oneOf<const T extends string, Req extends boolean = false>(values: readonly T[], opts?: Common<NoInfer<T>, Req>): Option<T, NoInfer<Req>>;
    /**
     * A trigger or a list of triggers (any of them fires). A template with a fix.ps1 declares this option
     * as `trigger`; its default is the fix's default trigger (none: the declaration must give one).
     */
    triggers<Req extends boolean = false>(opts?: Common<readonly Trigger[], Req>): Option<Trigger | readonly Trigger[], NoInfer<Req>>;
    /** Anything else: a value type of the template's own, with its description, schema and check. */
    custom<T, Req extends boolean = false>(describe: string, schema: Record<string, unknown>, check: (value: unknown) => string | undefined, opts?: Common<T, Req>): Option<T, NoInfer<Req>>;
};
/** The triggers a declaration gave (one or many), else the option's default; none when the template cannot fix. */
export declare function triggersOf(spec: TemplateSpec, props: Readonly<Record<string, unknown>>): readonly Trigger[];
export {};
