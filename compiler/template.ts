/**
 * What a template is to the compiler: a folder of real PowerShell plus a spec (requirements, option
 * schema, defaults, and how its options become the `$Config` hashtable its PowerShell reads).
 */
import { callSites, type Cause, type Check, type CauseTrigger, type Diagnosis, type Host, type Requirements, type Trigger } from './api.ts';
import type { PsRecord } from './ps/literal.ts';

/** Checks one option value; returns a problem message, or undefined when the value is fine. */
export interface Option {
  /** How the type reads in messages, e.g. "a string array". */
  readonly describe: string;
  readonly required?: boolean;
  check(value: unknown): string | undefined;
}

export type OptionSchema<P> = { readonly [K in keyof P]-?: Option };

export interface TemplateSpec<P extends object = object> {
  /** Folder name under templates/, kebab-case. */
  readonly name: string;
  /** The factory's name, for messages ("credentialPurge"). */
  readonly factory: string;
  /** Human title for help text. */
  readonly title: string;
  /** Name of a check made by this template when the declaration gives none. */
  readonly defaultName: string;
  readonly requirements: Requirements;
  /** Detect-only templates have no fix.ps1 and report instead of repairing. */
  readonly detectOnly: boolean;
  /** Triggers when the declaration gives none (ignored for detect-only templates). */
  readonly defaultTriggers: readonly Trigger[];
  readonly options: OptionSchema<P>;
  /** The `$Config` hashtable (PascalCase keys) with every default resolved. */
  lower(props: P): PsRecord;
}

/** Requirements that most templates share; a template spreads this and overrides what differs. */
export const NO_REQUIREMENTS: Requirements = {
  runAs: ['user', 'system'],
  needs64Bit: false,
  needsAdmin: false,
  needsUserSession: false,
  needsFullLanguage: false,
};

/** Makes a check node; called by each template's factory. */
export function createCheck<H extends Host, P extends { readonly name?: string }>(spec: TemplateSpec<P>, props: P | undefined): Check<H> {
  const given = props ?? ({} as P);
  return {
    kind: 'remc.check',
    template: spec.name,
    props: given as Record<string, unknown>,
    name: typeof given.name === 'string' ? given.name : spec.defaultName,
    site: callSites(createCheck),
  };
}

/** Makes a diagnosis node: a check whose findings can trigger other checks' fixes. */
export function createDiagnosis<H extends Host, P extends { readonly name?: string }>(spec: TemplateSpec<P>, props: P | undefined): Diagnosis<H> {
  const check = createCheck<H, P>(spec, props);
  return {
    ...check,
    site: callSites(createDiagnosis),
    finds: (...causes: readonly Cause[]): CauseTrigger => ({ kind: 'cause', check: check.name, causes: [...causes] }),
  };
}

// ---- option types: small, composable, and each says what it expected ----

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

export const option = {
  string(opts: { required?: boolean; nonEmpty?: boolean; maxLength?: number; pattern?: RegExp; patternText?: string } = {}): Option {
    return {
      describe: 'a string',
      ...(opts.required ? { required: true } : {}),
      check(value) {
        if (typeof value !== 'string') return `expected a string, got ${typeName(value)}`;
        if ((opts.required || opts.nonEmpty) && value.trim() === '') return 'must not be empty';
        if (opts.maxLength !== undefined && value.length > opts.maxLength) {
          return `is ${value.length} characters long; the limit is ${opts.maxLength}`;
        }
        if (opts.pattern && !opts.pattern.test(value)) return `"${value}" ${opts.patternText ?? `does not match ${opts.pattern}`}`;
        return undefined;
      },
    };
  },
  stringArray(opts: { required?: boolean; nonEmpty?: boolean } = {}): Option {
    return {
      describe: 'an array of strings',
      ...(opts.required ? { required: true } : {}),
      check(value) {
        if (!Array.isArray(value)) return `expected an array of strings, got ${typeName(value)}`;
        const bad = value.findIndex((v) => typeof v !== 'string' || v === '');
        if (bad >= 0) return `item ${bad} must be a non-empty string, got ${typeName(value[bad])}`;
        if (opts.nonEmpty && value.length === 0) return 'must list at least one item';
        return undefined;
      },
    };
  },
  boolean(): Option {
    return { describe: 'a boolean', check: (v) => (typeof v === 'boolean' ? undefined : `expected true or false, got ${typeName(v)}`) };
  },
  number(opts: { min?: number; max?: number; integer?: boolean } = {}): Option {
    return {
      describe: 'a number',
      check(v) {
        if (typeof v !== 'number' || !Number.isFinite(v)) return `expected a number, got ${typeName(v)}`;
        if (opts.integer && !Number.isInteger(v)) return `expected a whole number, got ${v}`;
        if (opts.min !== undefined && v < opts.min) return `must be at least ${opts.min}, got ${v}`;
        if (opts.max !== undefined && v > opts.max) return `must be at most ${opts.max}, got ${v}`;
        return undefined;
      },
    };
  },
  oneOf<T extends string>(values: readonly T[], opts: { required?: boolean } = {}): Option {
    const list = values.map((v) => `'${v}'`).join(' or ');
    return {
      describe: list,
      ...(opts.required ? { required: true } : {}),
      check: (v) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? undefined : `expected ${list}, got ${typeName(v)}`),
    };
  },
  /** A trigger or a list of triggers (any of them fires). */
  triggers(opts: { required?: boolean } = {}): Option {
    return {
      describe: 'a trigger or an array of triggers',
      ...(opts.required ? { required: true } : {}),
      check(value) {
        const list = Array.isArray(value) ? value : [value];
        if (list.length === 0) return 'must name at least one trigger';
        for (const t of list) {
          const kind = typeof t === 'object' && t !== null ? (t as { kind?: unknown }).kind : undefined;
          if (kind !== 'drift' && kind !== 'cause') {
            return `expected a trigger such as onDrift() or diagnosis.finds('os'), got ${typeName(t)}`;
          }
        }
        return undefined;
      },
    };
  },
};

/** The triggers a declaration gave (one or many), or the template's defaults. */
export function triggersOf(spec: TemplateSpec, props: { readonly trigger?: Trigger | readonly Trigger[] }): readonly Trigger[] {
  if (spec.detectOnly) return [];
  const given = props.trigger;
  if (given === undefined) return spec.defaultTriggers;
  return Array.isArray(given) ? (given as readonly Trigger[]) : [given as Trigger];
}

export function pascalCase(kebab: string): string {
  return kebab.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
