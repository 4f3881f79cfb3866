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

type Schema =
  | { readonly kind: 'string'; readonly values?: readonly string[] }
  | { readonly kind: 'integer' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'any' }
  | { readonly kind: 'nullable'; readonly of: Schema }
  | { readonly kind: 'array'; readonly of: Schema }
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, Schema>>; readonly optional: readonly string[]; readonly doc: string };

/** The constructors a protocol record is written with; each carries the type it validates to (`TypeOf`). */
export const s = {
  string: <const V extends readonly string[]>(values?: V) => ({ kind: 'string', ...(values ? { values } : {}) }) as { kind: 'string'; values?: V; __t?: V extends readonly (infer E)[] ? E : string },
  integer: () => ({ kind: 'integer' }) as { kind: 'integer'; __t?: number },
  boolean: () => ({ kind: 'boolean' }) as { kind: 'boolean'; __t?: boolean },
  any: () => ({ kind: 'any' }) as { kind: 'any'; __t?: unknown },
  nullable: <S extends Schema>(of: S) => ({ kind: 'nullable', of }) as { kind: 'nullable'; of: S; __t?: TypeOf<S> | null },
  array: <S extends Schema>(of: S) => ({ kind: 'array', of }) as { kind: 'array'; of: S; __t?: TypeOf<S>[] },
  record: <F extends Record<string, Schema>, const Opt extends readonly (keyof F & string)[] = []>(doc: string, fields: F, optional?: Opt) =>
    ({ kind: 'record', doc, fields, optional: optional ?? [] }) as {
      kind: 'record';
      doc: string;
      fields: F;
      optional: Opt;
      __t?: { -readonly [K in Exclude<keyof F, Opt[number]>]: TypeOf<F[K]> } & { -readonly [K in Opt[number]]?: TypeOf<F[K]> };
    },
};

export type TypeOf<S> = S extends { __t?: infer T } ? T : never;

/** Problems of `value` against `schema`, each with its JSON path. */
function check(schema: Schema, value: unknown, at: string, out: string[]): void {
  switch (schema.kind) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') out.push(`${at}: expected a string, got ${JSON.stringify(value)}`);
      else if (schema.values && !schema.values.includes(value)) out.push(`${at}: expected one of ${schema.values.join(', ')}, got "${value}"`);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) out.push(`${at}: expected a whole number, got ${JSON.stringify(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${at}: expected true or false, got ${JSON.stringify(value)}`);
      return;
    case 'nullable':
      if (value !== null) check(schema.of, value, at, out);
      return;
    case 'array':
      if (!Array.isArray(value)) out.push(`${at}: expected an array, got ${JSON.stringify(value)}`);
      else value.forEach((v, i) => check(schema.of, v, `${at}[${i}]`, out));
      return;
    case 'record': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.push(`${at}: expected an object, got ${JSON.stringify(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) if (!(key in schema.fields)) out.push(`${at}.${key}: unknown field`);
      for (const [key, field] of Object.entries(schema.fields)) {
        if (record[key] === undefined) {
          if (!schema.optional.includes(key)) out.push(`${at}.${key}: missing`);
        } else check(field, record[key], `${at}.${key}`, out);
      }
    }
  }
}

function toJsonSchema(schema: Schema): Record<string, unknown> {
  switch (schema.kind) {
    case 'any':
      return {};
    case 'string':
      return schema.values ? { type: 'string', enum: [...schema.values] } : { type: 'string' };
    case 'integer':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'nullable':
      return { anyOf: [toJsonSchema(schema.of), { type: 'null' }] };
    case 'array':
      return { type: 'array', items: toJsonSchema(schema.of) };
    case 'record':
      return {
        type: 'object',
        description: schema.doc,
        additionalProperties: false,
        required: Object.keys(schema.fields).filter((k) => !schema.optional.includes(k)),
        properties: Object.fromEntries(Object.entries(schema.fields).map(([k, v]) => [k, toJsonSchema(v)])),
      };
  }
}

/** A protocol record: its schema, a validator that rejects unknown fields, and its JSON Schema. */
export interface ProtocolType<T> {
  readonly name: string;
  /** The record's field names, as both sides spell them. */
  readonly fields: readonly string[];
  validate(value: unknown): { ok: true; value: T } | { ok: false; problems: string[] };
  jsonSchema(): Record<string, unknown>;
}

export function protocolType<S extends Schema & { kind: 'record' }>(name: string, schema: S): ProtocolType<TypeOf<S>> {
  return {
    name,
    fields: Object.keys(schema.fields),
    validate(value) {
      const problems: string[] = [];
      check(schema, value, name, problems);
      return problems.length === 0 ? { ok: true, value: value as TypeOf<S> } : { ok: false, problems };
    },
    jsonSchema: () => ({ $schema: 'http://json-schema.org/draft-07/schema#', title: name, ...toJsonSchema(schema) }),
  };
}

/** The value a protocol record validates to. */
export type ProtocolValue<P> = P extends ProtocolType<infer T> ? T : never;
