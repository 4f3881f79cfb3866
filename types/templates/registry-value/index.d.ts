// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
/**
 * registryValue: one registry value under HKLM or HKCU must be present with a given type and data, or
 * absent. The probe reads it through the 64-bit registry view whatever the host's bitness
 * (`RegistryKey.OpenBaseKey(hive, RegistryView.Registry64)`), compares typed data (REG_DWORD as an
 * unsigned 32-bit number, REG_EXPAND_SZ unexpanded), and the fix creates the key path and writes the
 * value with its exact kind, or deletes the value, never a key. It is safe to run on drift: it writes
 * only the one declared value, verifies what it wrote, and changes nothing when the value is as declared.
 */
import { type Check, type Host } from '../../compiler/declare/api.js';
/** What `value` may hold; which shape a `type` takes is checked by the template's `validate`. */
type RegistryData = string | number | readonly string[] | readonly number[];
declare const registryValueTemplate: import("../../compiler/declare/template.js").TemplateFactory<{
    /**
     * The key, as PowerShell writes it: `HKLM:\SOFTWARE\Contoso` or `HKCU:\Software\Contoso` (in
     * TypeScript `'HKLM:\\SOFTWARE\\Contoso'`); `HKEY_LOCAL_MACHINE\...` and `HKEY_CURRENT_USER\...` are
     * accepted too. Only HKLM and HKCU. HKLM is read and written in the 64-bit view on every host; to
     * reach the 32-bit view, write its `SOFTWARE\WOW6432Node\...` path. HKCU needs `runAs: 'user'`
     * (under SYSTEM, HKCU is SYSTEM's own hive); HKLM needs `runAs: 'system'` (writing it needs
     * administrative rights).
     */
    readonly path: import("../../compiler/declare/option.js").Option<string, true>;
    /**
     * The value's name, matched case-insensitively as the registry does. `''` is the key's default
     * value (regedit's "(Default)").
     */
    readonly name: import("../../compiler/declare/option.js").Option<string, true>;
    /** `'present'`: the value must exist with `type` and `value`. `'absent'`: it must not exist (a missing key is fine too). */
    readonly ensure: import("../../compiler/declare/option.js").Option<"absent" | "present", false>;
    /**
     * The data, required when `ensure` is `'present'`: a string for `String` and `ExpandString`
     * (compared exactly, case-sensitively; `%VAR%` stays unexpanded); a whole number 0..4294967295 for
     * `DWord`; for `QWord` a whole number up to 2^53-1 or a decimal string up to `'18446744073709551615'`;
     * an array of non-empty strings for `MultiString` (order matters); an array of bytes 0..255 or a hex
     * string such as `'01ff3c'` (spaces, commas and hyphens between pairs allowed) for `Binary`.
     */
    readonly value: import("../../compiler/declare/option.js").Option<RegistryData, false>;
    /**
     * The registry value kind (`RegistryValueKind`): REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_QWORD,
     * REG_MULTI_SZ or REG_BINARY. A value of another kind is drift, and the fix replaces it.
     */
    readonly type: import("../../compiler/declare/option.js").Option<"Binary" | "DWord" | "ExpandString" | "MultiString" | "QWord" | "String", false>;
    /** Report what the fix would write or delete, without changing anything. */
    readonly reportOnly: import("../../compiler/declare/option.js").Option<boolean, false>;
    /** When the fix may run. A value that is missing or wrong is itself the symptom. */
    readonly trigger: import("../../compiler/declare/option.js").Option<readonly import("../../compiler/protocol/records.js").Trigger[] | import("../../compiler/protocol/records.js").Trigger, false>;
} & {
    readonly checkName: import("../../compiler/declare/option.js").Option<string, false>;
}, {
    readonly runAs: import("../../compiler/declare/template.js").RunAs;
    readonly is64Bit: boolean;
}, false>;
/** A host an HKCU check accepts: the signed-in user (under SYSTEM, HKCU is SYSTEM's own hive). */
export type RegistryValueUserHost = {
    readonly runAs: 'user';
    readonly is64Bit: boolean;
};
/** `HKCU`, in any letter case. */
type AnyCase<S extends string> = S extends `${infer C}${infer R}` ? `${Uppercase<C> | Lowercase<C>}${AnyCase<R>}` : '';
/** A path literal in HKEY_CURRENT_USER: only `runAs: 'user'` can mean it. */
export type RegistryHkcuPath = `${AnyCase<'HKCU'>}:\\${string}` | `${'HKEY_CURRENT_USER' | 'hkey_current_user'}\\${string}` | `Registry::${'HKEY_CURRENT_USER' | 'hkey_current_user'}\\${string}`;
/** The options of {@link registryValue}. */
export type RegistryValueProps = Parameters<typeof registryValueTemplate>[0];
/**
 * The factory: an HKCU path literal makes a user-only check (a type error in a SYSTEM remediation);
 * any other path is checked at build time (HKCU needs runAs: 'user', HKLM runAs: 'system').
 */
export interface RegistryValueFactory {
    (props: RegistryValueProps & {
        readonly path: RegistryHkcuPath;
    }): Check<RegistryValueUserHost>;
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
export declare const registryValue: RegistryValueFactory;
export {};
