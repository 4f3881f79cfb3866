// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * A small schema language, enough for flat protocol records: one value per record gives its TypeScript
 * type (`TypeOf`), a validator that names every problem with its JSON path and rejects unknown and
 * missing fields, and its JSON Schema (draft-07, `docs/schema/*.schema.json` via `npm run gen`).
 *
 * Kept by hand after weighing TypeBox 0.34 and Zod 4: either replaces about 85 of its ~105 lines of code
 * but needs ~30 back to keep these messages (`CheckRow.Fix: expected a string, got 3`), and becomes a
 * runtime dependency (2.7 MB and 6.1 MB unpacked). TypeBox's types are as precise and its schemas equal
 * but for key order (enums need a custom kind); Zod widens optional fields to `T | undefined` under
 * exactOptionalPropertyTypes and writes nullables as `type: [T, "null"]`: every schema file would change.
 */
type Schema = {
    readonly kind: 'string';
    readonly values?: readonly string[];
} | {
    readonly kind: 'integer';
} | {
    readonly kind: 'boolean';
} | {
    readonly kind: 'any';
} | {
    readonly kind: 'nullable';
    readonly of: Schema;
} | {
    readonly kind: 'array';
    readonly of: Schema;
} | {
    readonly kind: 'record';
    readonly fields: Readonly<Record<string, Schema>>;
    readonly optional: readonly string[];
    readonly doc: string;
};
/** The constructors a protocol record is written with; each carries the type it validates to (`TypeOf`). */
export declare const s: {
    string: <const V extends readonly string[]>(values?: V) => {
        kind: 'string';
        values?: V;
        __t?: V extends readonly (infer E)[] ? E : string;
    };
    integer: () => {
        kind: 'integer';
        __t?: number;
    };
    boolean: () => {
        kind: 'boolean';
        __t?: boolean;
    };
    any: () => {
        kind: 'any';
        __t?: unknown;
    };
    nullable: <S extends Schema>(of: S) => {
        kind: 'nullable';
        of: S;
        __t?: TypeOf<S> | null;
    };
    array: <S extends Schema>(of: S) => {
        kind: 'array';
        of: S;
        __t?: TypeOf<S>[];
    };
    record: <F extends Record<string, Schema>, const Opt extends readonly (keyof F & string)[] = []>(doc: string, fields: F, optional?: Opt) => {
        kind: 'record';
        doc: string;
        fields: F;
        optional: Opt;
        __t?: { -readonly [K in Exclude<keyof F, Opt[number]>]: TypeOf<F[K]>; } & { -readonly [K in Opt[number]]?: TypeOf<F[K]>; };
    };
};
export type TypeOf<S> = S extends {
    __t?: infer T;
} ? T : never;
/** A protocol record: its schema, a validator that rejects unknown fields, and its JSON Schema. */
export interface ProtocolType<T> {
    readonly name: string;
    /** The record's field names, as both sides spell them. */
    readonly fields: readonly string[];
    validate(value: unknown): {
        ok: true;
        value: T;
    } | {
        ok: false;
        problems: string[];
    };
    jsonSchema(): Record<string, unknown>;
}
export declare function protocolType<S extends Schema & {
    kind: 'record';
}>(name: string, schema: S): ProtocolType<TypeOf<S>>;
/** The value a protocol record validates to. */
export type ProtocolValue<P> = P extends ProtocolType<infer T> ? T : never;
export {};
