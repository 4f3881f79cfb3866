/**
 * registryValue: one registry value under HKLM, HKCU or HKU must be present with a given type and data,
 * present with any data, have given bits set or clear, or be absent; or a key must exist or not. The
 * probe reads through the 64-bit registry view whatever the host's bitness
 * (`RegistryKey.OpenBaseKey(hive, RegistryView.Registry64)`), compares typed data (REG_DWORD as an
 * unsigned 32-bit number, REG_EXPAND_SZ unexpanded; a secret by a salted hash), and the fix creates the
 * key path and writes the value with its exact kind (only the declared bits of a bit check), deletes
 * the value, creates a key, or deletes a key that has no subkeys. It is safe to run on drift: it writes
 * only what is declared, verifies what it wrote, and changes nothing when all is as declared.
 */
import { onDrift, type Check, type Host } from '../../compiler/declare/api.ts';
import { defineTemplate, option, type ConfigValue, type OptionProblem } from '../../compiler/declare/template.ts';
import { secretDigest } from './digest.ts';

const KINDS = ['String', 'ExpandString', 'DWord', 'QWord', 'MultiString', 'Binary'] as const;
type Kind = (typeof KINDS)[number];

/** What `value` may hold; which shape a `type` takes is checked by the template's `validate`. */
type RegistryData = string | number | readonly string[] | readonly number[];

/**
 * A key path: `HKLM:\`, `HKCU:\` or `HKU:\` (as PowerShell writes it), `HKEY_LOCAL_MACHINE\`,
 * `HKEY_CURRENT_USER\` or `HKEY_USERS\` (as regedit and reg.exe write it), optionally after
 * `Registry::`; then at least one key name. Key names may hold any character but the backslash (a `/`
 * is part of the name).
 */
const PATH = /^(?:Registry::)?(HKLM:|HKCU:|HKU:|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_USERS)\\([^\\]+(?:\\[^\\]+)*)\\?$/i;

/** The first key of an HKU path: `.DEFAULT` (the sign-in screen's and services' profile) or a SID's hive. */
const USER_HIVE = /^(?:\.DEFAULT|S-1-5-(?:18|19|20)|S-1-5-21(?:-[0-9]+){3,4}|S-1-12-1(?:-[0-9]+){4})(?:_Classes)?$/i;

type Hive = 'HKLM' | 'HKCU' | 'HKU';
const HIVES: Readonly<Record<string, Hive>> = {
  'HKLM:': 'HKLM',
  HKEY_LOCAL_MACHINE: 'HKLM',
  'HKCU:': 'HKCU',
  HKEY_CURRENT_USER: 'HKCU',
  'HKU:': 'HKU',
  HKEY_USERS: 'HKU',
};

const MAX_DWORD = 4294967295;
const MAX_QWORD = 18446744073709551615n;
/** RegSetValueEx's limit on a value name; a key name's is 255 characters. */
const MAX_VALUE_NAME = 16383;
const MAX_KEY_NAME = 255;

/** The hive and the key below it, or undefined when `path` is not a key path of the three hives. */
function parsePath(path: string): { hive: Hive; subKey: string } | undefined {
  const m = PATH.exec(path);
  if (!m || m[2]!.includes('\0')) return undefined;
  return { hive: HIVES[m[1]!.toUpperCase()]!, subKey: m[2]! };
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


/** `bits`: the DWORD bits that must be set and those that must be clear; the others are left alone. */
interface Bits {
  readonly set?: number;
  readonly clear?: number;
}

function bitsProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `expected { set?: number, clear?: number }, got ${describe(v)}`;
  const extra = Object.keys(v).filter((k) => k !== 'set' && k !== 'clear');
  if (extra.length > 0) return `has ${extra.join(', ')}; only set and clear are allowed`;
  for (const key of ['set', 'clear'] as const) {
    const n = (v as Record<string, unknown>)[key];
    if (n !== undefined && !(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_DWORD)) return `${key} must be a whole number from 0 to 0xFFFFFFFF, got ${describe(n)}`;
  }
  const { set = 0, clear = 0 } = v as Bits;
  if (set === 0 && clear === 0) return 'names no bit: give set, clear or both (e.g. set: 0x40)';
  if ((BigInt(set) & BigInt(clear)) !== 0n) return `set and clear share the bits 0x${(BigInt(set) & BigInt(clear)).toString(16).toUpperCase()}`;
  return undefined;
}

/** A check name from the value name (or the last key name of a key check): letters, digits and hyphens. */
function derivedName(path: unknown, name: unknown): string | undefined {
  const parsed = typeof path === 'string' ? parsePath(path) : undefined;
  const from = typeof name === 'string' && name !== '' ? name : parsed ? `${parsed.subKey.split('\\').pop()!}${typeof name === 'string' ? '-default' : '-key'}` : undefined;
  if (from === undefined) return undefined;
  const safe = from.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (safe === '') return undefined;
  return (/^[A-Za-z]/.test(safe) ? safe : `value-${safe}`).slice(0, 36).replace(/-+$/, '');
}

/** The first key below HKEY_USERS, when it is a hive a profile loads there. */
function userHive(subKey: string): string {
  return subKey.split('\\')[0]!;
}

// Not exported itself: the loader takes every exported function carrying a spec as a factory, and this
// one is exported once, as `registryValue`, with its narrower overloads.
const registryValueTemplate = defineTemplate({
  title: 'Registry value',
  summary:
    'Keeps one registry value (HKLM, HKCU or HKU) present with the declared type and data, present with any data, ' +
    'with bits set or clear, or absent; or a key present or absent. Read and written through the 64-bit registry view; ' +
    'a secret value is compared by a salted hash, so only the remediation script carries it.',
  defaultName: 'registry',
  // Nothing static: the HKCU rule (runAs: 'user') and HKLM's and HKU's need for administrative rights come from the
  // path (requirementsOf). RegistryKey is not among the types Constrained Language Mode allows
  // (about_Language_Modes): the compiler reads the FullLanguage need from the code (compiler/validate/language-mode.ts).
  options: {
    /**
     * The key, as PowerShell writes it: `HKLM:\SOFTWARE\Contoso`, `HKCU:\Software\Contoso` or
     * `HKU:\.DEFAULT\Control Panel\Keyboard` (in TypeScript `'HKLM:\\SOFTWARE\\Contoso'`);
     * `HKEY_LOCAL_MACHINE\...`, `HKEY_CURRENT_USER\...` and `HKEY_USERS\...` are accepted too. Every
     * hive is read and written in the 64-bit view on every host; to reach the 32-bit view, write its
     * `SOFTWARE\WOW6432Node\...` path. HKCU needs `runAs: 'user'` (under SYSTEM, HKCU is SYSTEM's own
     * hive); HKLM and HKU need `runAs: 'system'` (writing them needs administrative rights). Below HKU
     * comes a loaded hive: `.DEFAULT` (the profile of the sign-in screen and of services running as
     * SYSTEM), `S-1-5-18`/`19`/`20`, or a user's SID (`S-1-5-21-...`, `S-1-12-1-...` for Entra ID
     * accounts, optionally `_Classes`); a user's hive is there only while the user is signed in (or
     * something else loaded it): when it is not, the probe fails saying so, and nothing creates it.
     */
    path: option.string({
      required: true,
      pattern: PATH,
      patternText: "is not an HKLM, HKCU or HKU key path (e.g. 'HKLM:\\SOFTWARE\\Contoso', 'HKCU:\\Software\\Contoso' or 'HKU:\\.DEFAULT\\Control Panel\\Keyboard')",
    }),
    /**
     * The value's name, matched case-insensitively as the registry does. `''` is the key's default
     * value (regedit's "(Default)"). Left out, the check is about the key itself: with `ensure:
     * 'present'` the key must exist (the fix creates it and its missing parents), with `ensure:
     * 'absent'` it must not (the fix deletes it with its values, only when it has no subkeys, and
     * never a key less than two levels below its hive, three below HKU).
     */
    name: option.custom<string, false>("a value name ('' for the key's default value)", { type: 'string', maxLength: MAX_VALUE_NAME }, (v) => {
      if (typeof v !== 'string') return `expected a string ('' for the key's default value), got ${describe(v)}`;
      if (v.includes('\0')) return 'must not contain a NUL character';
      return undefined;
    }),
    /**
     * `'present'`: the value must exist; with `value`, with that type and data; with `bits`, with those
     * bits; with neither, with any data (of `type`, when given): the fix cannot invent data, so such a
     * check is detect-only. `'absent'`: it must not exist (a missing key is fine too).
     */
    ensure: option.oneOf(['present', 'absent'], { default: 'present' }),
    /**
     * The data: a string for `String` and `ExpandString` (compared exactly, case-sensitively; `%VAR%`
     * stays unexpanded); a whole number 0..4294967295 for `DWord`; for `QWord` a whole number up to
     * 2^53-1 or a decimal string up to `'18446744073709551615'`; an array of non-empty strings for
     * `MultiString` (order matters); an array of bytes 0..255 or a hex string such as `'01ff3c'`
     * (spaces, commas and hyphens between pairs allowed) for `Binary`.
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
    type: option.oneOf(KINDS, { defaultText: "`'String'` with `value`; `'DWord'` with `bits`; any kind with neither" }),
    /**
     * Bits of a `DWord`, instead of `value`: `set` the bits that must be 1, `clear` those that must be
     * 0 (e.g. `{ set: 0x40 }` for Secure Boot's `AvailableUpdates`). The probe looks at those bits only;
     * the fix sets and clears them and keeps every other bit (a missing value is written with `set`).
     */
    bits: option.custom<Bits, false>('{ set?: number, clear?: number }', {
      type: 'object',
      properties: { set: { type: 'integer', minimum: 0, maximum: MAX_DWORD }, clear: { type: 'integer', minimum: 0, maximum: MAX_DWORD } },
      additionalProperties: false,
    }, bitsProblem),
    /**
     * The data is secret (a password): `detect.ps1` carries only a salted hash of it
     * (PBKDF2-SHA256) and compares the hash of what it reads, the README shows no value and no summary
     * line shows the data, found or wanted. `remediate.ps1` must carry the data to write it, and every
     * device the remediation is assigned to can read that script: the build warns (REMC080).
     */
    secret: option.boolean({ default: false }),
    /**
     * Keep an `HKCU:\...` value as declared for every real user of the device, from a SYSTEM
     * remediation (`runAs: 'system'`): each profile in the ProfileList key (HKLM) of a local, domain or
     * Entra ID account, not the system accounts' (S-1-5-18/19/20), backup keys or temporary profiles.
     * A signed-in user's value is read in `HKU\<SID>`; another user's NTUSER.DAT is loaded for the run
     * (`reg.exe load HKU\remc_<SID>`) and always unloaded. A hive that cannot be loaded is said as not
     * reachable, never guessed. Drift when any reachable user's value differs; the fix writes only
     * those users' values. For a value only (give `name`).
     */
    forEachUser: option.boolean({ default: false }),
    /** Report what the fix would write or delete, without changing anything. */
    reportOnly: option.boolean({ default: false }),
    /** When the fix may run. A value that is missing or wrong is itself the symptom. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
  config: (p) => {
    // path is required; the defaults-only config (the Pester tests' base) has it null.
    const parsed = typeof p.path === 'string' ? parsePath(p.path) : undefined;
    const path = parsed ? `${parsed.hive}:\\${parsed.subKey}` : (p.path ?? null);
    const ensure = p.ensure ?? 'present';
    const type = p.type ?? (p.bits !== undefined ? 'DWord' : p.value !== undefined ? 'String' : null);
    const value = ensure === 'present' && p.value !== undefined && type !== null ? canonicalData(type, p.value) : null;
    const secret = p.secret === true && value !== null;
    return {
      // Normalised to HKLM:\... / HKCU:\... / HKU:\..., without a trailing backslash.
      path,
      // null: the check is about the key.
      name: p.name ?? null,
      ensure,
      type,
      value,
      bits: p.bits !== undefined ? { set: p.bits.set ?? 0, clear: p.bits.clear ?? 0 } : null,
      secret,
      valueDigest: secret && typeof path === 'string' && type !== null ? secretDigest(path, p.name ?? '', type, value) : null,
      reportOnly: p.reportOnly ?? false,
      forEachUser: p.forEachUser ?? false,
    };
  },
  requirementsOf: (p) => {
    const parsed = typeof p.path === 'string' ? parsePath(p.path) : undefined;
    if (!parsed) return {};
    // forEachUser: SYSTEM reaches every user's hive (validateHost says why it needs SYSTEM, with a hint).
    if (p.forEachUser === true) return {};
    // HKU: another profile's hive, written by SYSTEM (a user may not write .DEFAULT or another user's hive).
    return parsed.hive === 'HKCU' ? { runAs: ['user'] } : parsed.hive === 'HKU' ? { runAs: ['system'] } : { needsAdmin: true };
  },
  // A value that must exist with any data: the fix cannot invent the data.
  fixesOnly: {
    when: (p) => !(p.name !== undefined && (p.ensure ?? 'present') === 'present' && p.value === undefined && p.bits === undefined),
    text: "with the data to write (value or bits), for a key, or with ensure: 'absent' (a value present with any data is only detected)",
  },
  secrets: (p) => (p.secret === true && p.value !== undefined ? ['value'] : []),
  nameOf: (p) => derivedName(p.path, p.name),
  validateHost: (p, host) =>
    p.forEachUser === true && host.runAs !== 'system'
      ? [{ option: 'forEachUser', message: 'forEachUser reaches every user\'s hive from SYSTEM, but this remediation runs as the user', hint: "Remove forEachUser: as the user, HKCU already is the signed-in user's own; or set runAs: 'system' to keep the value for every user." }]
      : [],
  validate: (p) => [...pathProblems(p.path, p.name === undefined && p.ensure === 'absent'), ...dataProblems(p), ...eachUserProblems(p)],
});

/** What is wrong with the key path beyond its pattern: a key name too long, HKU's first key, a key too near its hive to delete. */
function pathProblems(path: unknown, deletesKey: boolean): OptionProblem[] {
  const parsed = typeof path === 'string' ? parsePath(path) : undefined;
  if (!parsed) return [];
  const problems: OptionProblem[] = [];
  const keys = parsed.subKey.split('\\');
  const long = keys.find((k) => k.length > MAX_KEY_NAME);
  if (long) problems.push({ option: 'path', message: `key name "${long.slice(0, 40)}..." is ${long.length} characters long; the registry's limit is ${MAX_KEY_NAME}` });
  if (parsed.hive === 'HKU') {
    if (!USER_HIVE.test(userHive(parsed.subKey))) {
      problems.push({
        option: 'path',
        message: `"${userHive(parsed.subKey)}" is not a hive HKEY_USERS holds: .DEFAULT, S-1-5-18, S-1-5-19, S-1-5-20 or a user's SID (S-1-5-21-..., S-1-12-1-...)`,
        hint: "For the sign-in screen write 'HKU:\\.DEFAULT\\...'; for the signed-in user, 'HKCU:\\...' with runAs: 'user'.",
      });
    } else if (keys.length < 2) {
      problems.push({ option: 'path', message: `names the hive ${keys[0]} itself; name a key below it`, hint: "E.g. 'HKU:\\.DEFAULT\\Control Panel\\Keyboard'." });
    }
  }
  const below = parsed.hive === 'HKU' ? keys.length - 1 : keys.length;
  if (deletesKey && below < 2) {
    problems.push({
      option: 'path',
      message: `deleting ${parsed.hive}:\\${parsed.subKey} is refused: a key-absent check deletes only keys at least two levels below the hive`,
      hint: 'Name the key that should go (e.g. SOFTWARE\\Contoso\\Legacy), not one that holds other software\'s keys.',
    });
  }
  return problems;
}

/** forEachUser: an HKCU value (each user's HKCU is what it reaches), not a key check. */
function eachUserProblems(p: Readonly<{ path?: string; name?: string; forEachUser?: boolean }>): OptionProblem[] {
  if (p.forEachUser !== true) return [];
  const parsed = typeof p.path === 'string' ? parsePath(p.path) : undefined;
  const problems: OptionProblem[] = [];
  if (parsed && parsed.hive !== 'HKCU') {
    problems.push({ option: 'forEachUser', message: `is true, but the path is in ${parsed.hive}: forEachUser keeps an HKCU value in every user's hive`, hint: "Write the path as 'HKCU:\\Software\\...', or remove forEachUser." });
  }
  if (p.name === undefined) {
    problems.push({ option: 'forEachUser', message: 'is true, but no name is given: forEachUser keeps a value, not a key, in every user\'s hive', hint: "Add name: '...' for the value to keep." });
  }
  return problems;
}

/** The rules across ensure, value, type, bits and secret. */
function dataProblems(p: Readonly<{ name?: string; ensure?: 'present' | 'absent'; value?: RegistryData; type?: Kind; bits?: Bits; secret?: boolean }>): OptionProblem[] {
  const ensure = p.ensure ?? 'present';
  const problems: OptionProblem[] = [];
  const needs = (option: string, message: string, hint: string) => problems.push({ option, message, hint });
  if (p.name === undefined) {
    for (const key of ['value', 'type', 'bits'] as const) {
      if (p[key] !== undefined) needs(key, 'is given, but no name: the check is about the key, which holds no data of its own', `Add name: '...' for a value of the key, or remove ${key}.`);
    }
  } else if (ensure === 'absent') {
    if (p.value !== undefined) needs('value', "is given, but ensure is 'absent': the value is deleted whatever its data", "Remove value, or set ensure: 'present'.");
    if (p.bits !== undefined) needs('bits', "is given, but ensure is 'absent': the value is deleted whatever its bits", "Remove bits, or set ensure: 'present'.");
  } else if (p.bits !== undefined) {
    if (p.value !== undefined) needs('bits', 'and value are both given: bits keeps the other bits as it finds them, value writes all of them', 'Give one of them.');
    if ((p.type ?? 'DWord') !== 'DWord') needs('type', `is '${p.type}', but bits work on a 'DWord' only`, "Remove type (bits imply 'DWord').");
  } else if (p.value !== undefined) {
    const why = dataProblem(p.type ?? 'String', p.value);
    if (why) needs('value', why.message, why.hint);
  }
  if (p.secret === true && (p.value === undefined || ensure !== 'present')) {
    needs('secret', "is true, but no value is written: only a value with ensure: 'present' carries data to keep secret", 'Remove secret, or give the value.');
  }
  return problems;
}

/** A host an HKCU check accepts: the signed-in user (under SYSTEM, HKCU is SYSTEM's own hive). */
export type RegistryValueUserHost = { readonly runAs: 'user'; readonly is64Bit: boolean };

/** A host an HKU check accepts: SYSTEM (a user may not write .DEFAULT or another user's hive). */
export type RegistryValueSystemHost = { readonly runAs: 'system'; readonly is64Bit: boolean };

/** `HKCU`, in any letter case. */
type AnyCase<S extends string> = S extends `${infer C}${infer R}` ? `${Uppercase<C> | Lowercase<C>}${AnyCase<R>}` : '';

/** A path literal in HKEY_CURRENT_USER: only `runAs: 'user'` can mean it. */
export type RegistryHkcuPath =
  | `${AnyCase<'HKCU'>}:\\${string}`
  | `${'HKEY_CURRENT_USER' | 'hkey_current_user'}\\${string}`
  | `Registry::${'HKEY_CURRENT_USER' | 'hkey_current_user'}\\${string}`;

/** A path literal in HKEY_USERS: only `runAs: 'system'` can write it. */
export type RegistryHkuPath =
  | `${AnyCase<'HKU'>}:\\${string}`
  | `${'HKEY_USERS' | 'hkey_users'}\\${string}`
  | `Registry::${'HKEY_USERS' | 'hkey_users'}\\${string}`;

/** The options of {@link registryValue}. */
export type RegistryValueProps = Parameters<typeof registryValueTemplate>[0];

/**
 * The factory: an HKCU path literal makes a user-only check (a type error in a SYSTEM remediation), an
 * HKU one a SYSTEM-only check; any other path is checked at build time (HKCU needs runAs: 'user', HKLM
 * and HKU runAs: 'system').
 */
export interface RegistryValueFactory {
  (props: RegistryValueProps & { readonly path: RegistryHkcuPath; readonly forEachUser: true }): Check<RegistryValueSystemHost>;
  (props: RegistryValueProps & { readonly path: RegistryHkcuPath }): Check<RegistryValueUserHost>;
  (props: RegistryValueProps & { readonly path: RegistryHkuPath }): Check<RegistryValueSystemHost>;
  (props: RegistryValueProps): Check<Host>;
  readonly spec: (typeof registryValueTemplate)['spec'];
}

/**
 * Keeps one registry value (or key) as declared: present with its type and data, present with any
 * data, with bits set or clear, or absent. Without `checkName`, a check is named after its value
 * (`AutoAdminLogon`; `-2`, `-3` when two share a name).
 *
 * ```ts
 * registryValue({ path: 'HKLM:\\SOFTWARE\\Policies\\Contoso', name: 'Enabled', type: 'DWord', value: 1 })
 * registryValue({ path: 'HKU:\\.DEFAULT\\Control Panel\\Keyboard', name: 'InitialKeyboardIndicators', value: '2' })  // runAs: 'system'
 * registryValue({ path: 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon', name: 'DefaultPassword', value: 'P@ss', secret: true })
 * registryValue({ path: 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecureBoot', name: 'AvailableUpdates', bits: { set: 0x40 } })
 * registryValue({ path: 'HKCU:\\Software\\Contoso', name: 'Legacy', ensure: 'absent' })   // runAs: 'user'
 * registryValue({ path: 'HKCU:\\Software\\Contoso\\App', name: 'Telemetry', type: 'DWord', value: 0, forEachUser: true })  // runAs: 'system', every user
 * registryValue({ path: 'HKLM:\\SOFTWARE\\Contoso\\Agent', name: 'InstallId' })           // exists, any data: detect-only
 * ```
 */
export const registryValue: RegistryValueFactory = registryValueTemplate;
