/**
 * The rules of an option table (defineRemediation's, a template's): unknown options, missing required
 * ones and wrong values, each at the option's own location.
 */
import { closest, type SourceLocation } from '../diagnostics.ts';
import type { OptionSchema } from '../declare/template.ts';
import type { Report } from './problems.ts';

/** Unknown keys (REMC013), texts over their limit (REMC016), other bad values (REMC014), missing required options (REMC020). */
export function checkOptions(
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
