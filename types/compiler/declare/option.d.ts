// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * The option types a template's spec is written with (`option.string(...)`, `option.triggers(...)`,
 * ...): each carries its value type for the factory's props, whether it is required, its default, its
 * JSON Schema and its check, and says in its message what it expected.
 */
import type { Trigger } from '../protocol.js';
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
export type RequiredKeys<O extends OptionSchema> = {
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
interface Common<T, Req extends boolean> {
    readonly required?: Req;
    readonly default?: T;
    readonly defaultText?: string;
}
export declare function stringOption<Req extends boolean = false>(opts?: Common<string, Req> & {
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
     * A trigger or a list of triggers (any of them fires; `allOf(...)` fires when all its parts do). A template with a fix.ps1 declares this option
     * as `trigger`; its default is the fix's default trigger (none: the declaration must give one). `schedule: true` admits
     * onSchedule(), for a fix with no state of its own that its probe could find out of place (a program run as the fix):
     * any other fix acts on what its probe finds, so on schedule it would only say "nothing to do".
     */
    triggers<Req extends boolean = false>(opts?: Common<readonly Trigger[], Req> & {
        readonly schedule?: boolean;
    }): Option<Trigger | readonly Trigger[], NoInfer<Req>>;
    /** Anything else: a value type of the template's own, with its description, schema and check. */
    custom<T, Req extends boolean = false>(describe: string, schema: Record<string, unknown>, check: (value: unknown) => string | undefined, opts?: Common<T, Req>): Option<T, NoInfer<Req>>;
};
export {};
