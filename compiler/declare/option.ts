/**
 * The option types a template's spec is written with (`option.string(...)`, `option.triggers(...)`,
 * ...): each carries its value type for the factory's props, whether it is required, its default, its
 * JSON Schema and its check, and says in its message what it expected.
 */
import type { Trigger } from '../protocol.ts';

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

export type OptionSchema = { readonly [name: string]: Option<any, boolean> };

type ValueOf<O> = O extends Option<infer T, boolean> ? T : never;
export type RequiredKeys<O extends OptionSchema> = { [K in keyof O]: O[K] extends Option<any, true> ? K : never }[keyof O];

/**
 * The props of a factory, derived from its options. Homomorphic mapped types keep each option's JSDoc,
 * so an editor shows the option's doc on hover and in completion.
 */
export type PropsOf<O extends OptionSchema> = { readonly [K in keyof O]?: ValueOf<O[K]> } & {
  readonly [K in keyof Pick<O, RequiredKeys<O>>]-?: ValueOf<O[K]>;
};

/** Every option after defaults: what `config()` receives. */
export type ResolvedOf<O extends OptionSchema> = { readonly [K in keyof O]: O[K] extends { readonly default: infer D } ? D | ValueOf<O[K]> : ValueOf<O[K]> | (O[K] extends Option<any, true> ? never : undefined) };

// ---- option types: small, composable, and each says what it expected ----

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

interface Common<T, Req extends boolean> {
  readonly required?: Req;
  readonly default?: T;
  readonly defaultText?: string;
}

function make<T, Req extends boolean>(
  common: Common<T, Req>,
  describe: string,
  schema: Record<string, unknown>,
  check: (value: unknown) => string | undefined,
): Option<T, NoInfer<Req>> {
  const opt: Option<T, Req> = {
    describe,
    required: (common.required ?? false) as Req,
    schema: common.default !== undefined ? { ...schema, default: common.default } : schema,
    check,
    ...(common.default !== undefined ? { default: common.default } : {}),
    ...(common.defaultText !== undefined ? { defaultText: common.defaultText } : {}),
  };
  return opt;
}

export function stringOption<Req extends boolean = false>(
  opts: Common<string, Req> & { nonEmpty?: boolean; maxLength?: number; pattern?: RegExp; patternText?: string } = {},
): Option<string, NoInfer<Req>> {
  const schema: Record<string, unknown> = { type: 'string' };
  if (opts.nonEmpty || opts.required) schema.minLength = 1;
  if (opts.maxLength !== undefined) schema.maxLength = opts.maxLength;
  if (opts.pattern) schema.pattern = opts.pattern.source;
  return make(opts, 'a string', schema, (value) => {
    if (typeof value !== 'string') return `expected a string, got ${typeName(value)}`;
    if ((opts.required || opts.nonEmpty) && value.trim() === '') return 'must not be empty';
    // Over maxLength is the compiler's to say (REMC016, from the schema), before this check runs.
    if (opts.pattern && !opts.pattern.test(value)) return `"${value}" ${opts.patternText ?? `does not match ${opts.pattern}`}`;
    return undefined;
  });
}

export const option = {
  string: stringOption,

  stringArray<Req extends boolean = false>(opts: Common<readonly string[], Req> & { nonEmpty?: boolean } = {}): Option<readonly string[], NoInfer<Req>> {
    const schema: Record<string, unknown> = { type: 'array', items: { type: 'string', minLength: 1 } };
    if (opts.nonEmpty) schema.minItems = 1;
    return make(opts, 'an array of strings', schema, (value) => {
      if (!Array.isArray(value)) return `expected an array of strings, got ${typeName(value)}`;
      const bad = value.findIndex((v) => typeof v !== 'string' || v === '');
      if (bad >= 0) return `item ${bad} must be a non-empty string, got ${typeName(value[bad])}`;
      if (opts.nonEmpty && value.length === 0) return 'must list at least one item';
      return undefined;
    });
  },

  boolean<Req extends boolean = false>(opts: Common<boolean, Req> = {}): Option<boolean, NoInfer<Req>> {
    return make(opts, 'a boolean', { type: 'boolean' }, (v) => (typeof v === 'boolean' ? undefined : `expected true or false, got ${typeName(v)}`));
  },

  number<Req extends boolean = false>(opts: Common<number, Req> & { min?: number; max?: number; integer?: boolean } = {}): Option<number, NoInfer<Req>> {
    const schema: Record<string, unknown> = { type: opts.integer ? 'integer' : 'number' };
    if (opts.min !== undefined) schema.minimum = opts.min;
    if (opts.max !== undefined) schema.maximum = opts.max;
    return make(opts, opts.integer ? 'a whole number' : 'a number', schema, (v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `expected a number, got ${typeName(v)}`;
      if (opts.integer && !Number.isInteger(v)) return `expected a whole number, got ${v}`;
      if (opts.min !== undefined && v < opts.min) return `must be at least ${opts.min}, got ${v}`;
      if (opts.max !== undefined && v > opts.max) return `must be at most ${opts.max}, got ${v}`;
      return undefined;
    });
  },

  oneOf<const T extends string, Req extends boolean = false>(values: readonly T[], opts: Common<NoInfer<T>, Req> = {}): Option<T, NoInfer<Req>> {
    const list = values.map((v) => `'${v}'`).join(' or ');
    return make(opts, list, { enum: [...values] }, (v) =>
      typeof v === 'string' && (values as readonly string[]).includes(v) ? undefined : `expected ${list}, got ${typeName(v)}`,
    );
  },

  /**
   * A trigger or a list of triggers (any of them fires; `allOf(...)` fires when all its parts do). A template with a fix.ps1 declares this option
   * as `trigger`; its default is the fix's default trigger (none: the declaration must give one). `schedule: true` admits
   * onSchedule(), for a fix with no state of its own that its probe could find out of place (a program run as the fix):
   * any other fix acts on what its probe finds, so on schedule it would only say "nothing to do".
   */
  triggers<Req extends boolean = false>(opts: Common<readonly Trigger[], Req> & { readonly schedule?: boolean } = {}): Option<Trigger | readonly Trigger[], NoInfer<Req>> {
    const { schedule = false, ...common } = opts;
    return make(common as Common<Trigger | readonly Trigger[], Req>, 'a trigger or an array of triggers', { $ref: '#/definitions/trigger' }, (value) => {
      const list = Array.isArray(value) ? value : [value];
      if (list.length === 0) return 'must name at least one trigger';
      for (const t of list) {
        const kind = typeof t === 'object' && t !== null ? (t as { kind?: unknown }).kind : undefined;
        if (kind === 'schedule' && !schedule) {
          return "onSchedule() runs a fix with no symptom, which only a program (commandFix) or a custom check's fix can use; this fix acts on what its probe finds: use onDrift()";
        }
        if (kind !== 'drift' && kind !== 'cause' && kind !== 'finding' && kind !== 'all' && kind !== 'schedule') {
          return `expected a trigger such as onDrift(), onFinding(check), diagnosis.finds('os'), allOf(...) or onSchedule(), got ${typeName(t)}`;
        }
      }
      return undefined;
    });
  },

  /** Anything else: a value type of the template's own, with its description, schema and check. */
  custom<T, Req extends boolean = false>(
    describe: string,
    schema: Record<string, unknown>,
    check: (value: unknown) => string | undefined,
    opts: Common<T, Req> = {},
  ): Option<T, NoInfer<Req>> {
    return make(opts, describe, schema, check);
  },
};
