/**
 * registryValue: one registry value under HKLM or HKCU must be present with a given type and data, or
 * absent. The probe reads it through the 64-bit registry view whatever the host's bitness
 * (`RegistryKey.OpenBaseKey(hive, RegistryView.Registry64)`), compares typed data (REG_DWORD as an
 * unsigned 32-bit number, REG_EXPAND_SZ unexpanded), and the fix creates the key path and writes the
 * value with its exact kind, or deletes the value, never a key. It is safe to run on drift: it writes
 * only the one declared value, verifies what it wrote, and changes nothing when the value is as declared.
 */
import { onDrift, type Check, type Host } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type ConfigValue, type OptionProblem } from '../../compiler/declare/template.ts';

const KINDS = ['String', 'ExpandString', 'DWord', 'QWord', 'MultiString', 'Binary'] as const;
type Kind = (typeof KINDS)[number];

/** What `value` may hold; which shape a `type` takes is checked by the template's `validate`. */
type RegistryData = string | number | readonly string[] | readonly number[];

/**
 * A key path: `HKLM:\` or `HKCU:\` (as PowerShell writes it), `HKEY_LOCAL_MACHINE\` or
 * `HKEY_CURRENT_USER\` (as regedit and reg.exe write it), optionally after `Registry::`; then at least
 * one key name. Key names may hold any character but the backslash (a `/` is part of the name).
 */
const PATH = /^(?:Registry::)?(HKLM:|HKCU:|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER)\\([^\\]+(?:\\[^\\]+)*)\\?$/i;

const MAX_DWORD = 4294967295;
const MAX_QWORD = 18446744073709551615n;
/** RegSetValueEx's limit on a value name; a key name's is 255 characters. */
const MAX_VALUE_NAME = 16383;
const MAX_KEY_NAME = 255;

/** The hive and the key below it, or undefined when `path` is not an HKLM or HKCU key path. */
function parsePath(path: string): { hive: 'HKLM' | 'HKCU'; subKey: string } | undefined {
  const m = PATH.exec(path);
  if (!m || m[2]!.includes('\0')) return undefined;
  const root = m[1]!.toUpperCase();
  return { hive: root === 'HKLM:' || root === 'HKEY_LOCAL_MACHINE' ? 'HKLM' : 'HKCU', subKey: m[2]! };
}

/** Hex text of bytes: pairs of hex digits, optionally separated by spaces, commas or hyphens. */
function hexBytes(text: string): number[] | undefined {
  const digits = text.replace(/[\s,-]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) return undefined;
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 2) out.push(parseInt(digits.slice(i, i + 2), 16));
  return out;
}

/** Why `value` cannot be stored as `type`, or undefined when it can. */
function dataProblem(type: Kind, value: RegistryData): { message: string; hint: string } | undefined {
  switch (type) {
    case 'String':
    case 'ExpandString':
      if (typeof value === 'string') return value.includes('\0') ? { message: 'must not contain a NUL character', hint: 'Use type: \'MultiString\' with an array for several strings.' } : undefined;
      return {
        message: `must be a string for type '${type}', got ${describe(value)}`,
        hint: typeof value === 'number' ? "For a number set type: 'DWord' (or 'QWord'); for text, quote it." : "For several strings set type: 'MultiString'.",
      };
    case 'DWord':
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DWORD) return undefined;
      return { message: `must be a whole number from 0 to 4294967295 for type 'DWord', got ${describe(value)}`, hint: 'Write 0xFFFFFFFF as 4294967295, not -1; for larger numbers use type: \'QWord\'.' };
    case 'QWord':
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return undefined;
      if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value) && BigInt(value) <= MAX_QWORD) return undefined;
      return {
        message: `must be a whole number from 0 to 9007199254740991, or a decimal string up to '18446744073709551615', for type 'QWord', got ${describe(value)}`,
        hint: "Numbers above 2^53 lose precision in JavaScript: write them as a decimal string, e.g. '18446744073709551615'.",
      };
    case 'MultiString':
      if (Array.isArray(value) && value.every((s) => typeof s === 'string')) {
        const bad = (value as readonly string[]).findIndex((s) => s === '' || s.includes('\0'));
        if (bad < 0) return undefined;
        return { message: `item ${bad} is empty or holds a NUL character; REG_MULTI_SZ ends at the first empty string`, hint: 'Remove the empty item.' };
      }
      return { message: `must be an array of strings for type 'MultiString', got ${describe(value)}`, hint: "For one string set type: 'String'." };
    case 'Binary':
      if (typeof value === 'string') return hexBytes(value) ? undefined : { message: `"${value}" is not hex bytes for type 'Binary'`, hint: "Write pairs of hex digits, e.g. '01ff3c' or '01,ff,3c', or an array of bytes." };
      if (Array.isArray(value) && value.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255)) return undefined;
      return { message: `must be an array of bytes (0 to 255) or a hex string for type 'Binary', got ${describe(value)}`, hint: "E.g. [1, 255, 60] or '01ff3c'." };
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array ${JSON.stringify(value).slice(0, 60)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The data as the PowerShell reads it: DWord a number, QWord a decimal string, Binary an array of bytes. */
function canonicalData(type: Kind, value: RegistryData): ConfigValue {
  if (type === 'QWord' && (typeof value === 'number' || typeof value === 'string')) return String(value);
  if (type === 'Binary' && typeof value === 'string') return hexBytes(value) ?? value;
  if (Array.isArray(value)) return [...(value as readonly (string | number)[])];
  return value as string | number;
}

// Not exported itself: the loader takes every exported function carrying a spec as a factory, and this
// one is exported once, as `registryValue`, with its narrower overloads.
const registryValueTemplate = defineTemplate({
  title: 'Registry value',
  summary:
    'Keeps one HKLM or HKCU registry value present with the declared type and data (creating its key when missing), ' +
    'or absent (deleting the value, never a key), read and written through the 64-bit registry view.',
  defaultName: 'registry',
  // Nothing static: the HKCU rule (runAs: 'user') and HKLM's need for administrative rights come from the
  // path (requirementsOf). RegistryKey is not among the types Constrained Language Mode allows
  // (about_Language_Modes): the compiler reads the FullLanguage need from the code (compiler/validate/language-mode.ts).
  options: {
    /**
     * The key, as PowerShell writes it: `HKLM:\SOFTWARE\Contoso` or `HKCU:\Software\Contoso` (in
     * TypeScript `'HKLM:\\SOFTWARE\\Contoso'`); `HKEY_LOCAL_MACHINE\...` and `HKEY_CURRENT_USER\...` are
     * accepted too. Only HKLM and HKCU. HKLM is read and written in the 64-bit view on every host; to
     * reach the 32-bit view, write its `SOFTWARE\WOW6432Node\...` path. HKCU needs `runAs: 'user'`
     * (under SYSTEM, HKCU is SYSTEM's own hive); HKLM needs `runAs: 'system'` (writing it needs
     * administrative rights).
     */
    path: option.string({
      required: true,
      pattern: PATH,
      patternText: "is not an HKLM or HKCU key path (e.g. 'HKLM:\\SOFTWARE\\Contoso' or 'HKCU:\\Software\\Contoso')",
    }),
    /**
     * The value's name, matched case-insensitively as the registry does. `''` is the key's default
     * value (regedit's "(Default)").
     */
    name: option.custom<string, true>(
      "a value name ('' for the key's default value)",
      { type: 'string', maxLength: MAX_VALUE_NAME },
      (v) => {
        if (typeof v !== 'string') return `expected a string ('' for the key's default value), got ${describe(v)}`;
        if (v.includes('\0')) return 'must not contain a NUL character';
        return undefined;
      },
      { required: true },
    ),
    /** `'present'`: the value must exist with `type` and `value`. `'absent'`: it must not exist (a missing key is fine too). */
    ensure: option.oneOf(['present', 'absent'], { default: 'present' }),
    /**
     * The data, required when `ensure` is `'present'`: a string for `String` and `ExpandString`
     * (compared exactly, case-sensitively; `%VAR%` stays unexpanded); a whole number 0..4294967295 for
     * `DWord`; for `QWord` a whole number up to 2^53-1 or a decimal string up to `'18446744073709551615'`;
     * an array of non-empty strings for `MultiString` (order matters); an array of bytes 0..255 or a hex
     * string such as `'01ff3c'` (spaces, commas and hyphens between pairs allowed) for `Binary`.
     */
    value: option.custom<RegistryData, false>(
      'a string, a whole number, an array of strings or an array of bytes',
      {
        anyOf: [
          { type: 'string' },
          { type: 'integer', minimum: 0 },
          { type: 'array', items: { type: 'string' } },
          { type: 'array', items: { type: 'integer', minimum: 0, maximum: 255 } },
        ],
      },
      (v) => {
        if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return undefined;
        if (Array.isArray(v) && (v.every((x) => typeof x === 'string') || v.every((x) => typeof x === 'number'))) return undefined;
        return `expected a string, a number, an array of strings or an array of bytes, got ${describe(v)}`;
      },
    ),
    /**
     * The registry value kind (`RegistryValueKind`): REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_QWORD,
     * REG_MULTI_SZ or REG_BINARY. A value of another kind is drift, and the fix replaces it.
     */
    type: option.oneOf(KINDS, { default: 'String' }),
    /** Report what the fix would write or delete, without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /** When the fix may run. A value that is missing or wrong is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (p) => {
    // path and name are required; the defaults-only config (the Pester tests' base) has them null.
    const parsed = typeof p.path === 'string' ? parsePath(p.path) : undefined;
    const type = p.type ?? 'String';
    const ensure = p.ensure ?? 'present';
    return {
      // Normalised to HKLM:\... / HKCU:\..., without a trailing backslash.
      path: parsed ? `${parsed.hive}:\\${parsed.subKey}` : (p.path ?? null),
      name: p.name ?? null,
      ensure,
      type,
      value: ensure === 'present' && p.value !== undefined ? canonicalData(type, p.value) : null,
      reportOnly: p.reportOnly ?? false,
    };
  },
  requirementsOf: (p) => {
    const parsed = typeof p.path === 'string' ? parsePath(p.path) : undefined;
    if (!parsed) return {};
    return parsed.hive === 'HKCU' ? { runAs: ['user'] } : { needsAdmin: true };
  },
  validate: (p) => {
    const problems: OptionProblem[] = [];
    const parsed = typeof p.path === 'string' ? parsePath(p.path) : undefined;
    const long = parsed?.subKey.split('\\').find((k) => k.length > MAX_KEY_NAME);
    if (long) problems.push({ option: 'path', message: `key name "${long.slice(0, 40)}..." is ${long.length} characters long; the registry's limit is ${MAX_KEY_NAME}` });
    const ensure = p.ensure ?? 'present';
    const type = p.type ?? 'String';
    if (ensure === 'present') {
      if (p.value === undefined) {
        problems.push({ option: 'value', message: "is required when ensure is 'present'", hint: "Give the data, e.g. value: 1 with type: 'DWord', or set ensure: 'absent'." });
      } else {
        const why = dataProblem(type, p.value);
        if (why) problems.push({ option: 'value', message: why.message, hint: why.hint });
      }
    } else if (p.value !== undefined) {
      problems.push({ option: 'value', message: "is given, but ensure is 'absent': the value is deleted whatever its data", hint: "Remove value, or set ensure: 'present'." });
    }
    return problems;
  },
});

/** A host an HKCU check accepts: the signed-in user (under SYSTEM, HKCU is SYSTEM's own hive). */
export type RegistryValueUserHost = { readonly runAs: 'user'; readonly is64Bit: boolean };

/** `HKCU`, in any letter case. */
type AnyCase<S extends string> = S extends `${infer C}${infer R}` ? `${Uppercase<C> | Lowercase<C>}${AnyCase<R>}` : '';

/** A path literal in HKEY_CURRENT_USER: only `runAs: 'user'` can mean it. */
export type RegistryHkcuPath =
  | `${AnyCase<'HKCU'>}:\\${string}`
  | `${'HKEY_CURRENT_USER' | 'hkey_current_user'}\\${string}`
  | `Registry::${'HKEY_CURRENT_USER' | 'hkey_current_user'}\\${string}`;

/** The options of {@link registryValue}. */
export type RegistryValueProps = Parameters<typeof registryValueTemplate>[0];

/**
 * The factory: an HKCU path literal makes a user-only check (a type error in a SYSTEM remediation);
 * any other path is checked at build time (HKCU needs runAs: 'user', HKLM runAs: 'system').
 */
export interface RegistryValueFactory {
  (props: RegistryValueProps & { readonly path: RegistryHkcuPath }): Check<RegistryValueUserHost>;
  (props: RegistryValueProps): Check<Host>;
  readonly spec: (typeof registryValueTemplate)['spec'];
}

/**
 * Keeps one HKLM or HKCU registry value present with the declared type and data, or absent.
 *
 * ```ts
 * registryValue({ path: 'HKLM:\\SOFTWARE\\Policies\\Contoso', name: 'Enabled', type: 'DWord', value: 1 })
 * registryValue({ path: 'HKCU:\\Software\\Contoso', name: 'Legacy', ensure: 'absent' })   // runAs: 'user'
 * ```
 */
export const registryValue: RegistryValueFactory = registryValueTemplate;
