// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
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
import { type Check, type Host } from '../../compiler/declare/api.js';
/** What `value` may hold; which shape a `type` takes is checked by the template's `validate`. */
type RegistryData = string | number | readonly string[] | readonly number[];
/** `bits`: the DWORD bits that must be set and those that must be clear; the others are left alone. */
interface Bits {
    readonly set?: number;
    readonly clear?: number;
}
declare const registryValueTemplate: import("../../compiler/declare/template.js").TemplateFactory<{
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
    readonly path: import("../../compiler/declare/option.js").Option<string, true>;
    /**
     * The value's name, matched case-insensitively as the registry does. `''` is the key's default
     * value (regedit's "(Default)"). Left out, the check is about the key itself: with `ensure:
     * 'present'` the key must exist (the fix creates it and its missing parents), with `ensure:
     * 'absent'` it must not (the fix deletes it with its values, only when it has no subkeys, and
     * never a key less than two levels below its hive, three below HKU).
     */
    readonly name: import("../../compiler/declare/option.js").Option<string, false>;
    /**
     * `'present'`: the value must exist; with `value`, with that type and data; with `bits`, with those
     * bits; with neither, with any data (of `type`, when given): the fix cannot invent data, so such a
     * check is detect-only. `'absent'`: it must not exist (a missing key is fine too).
     */
    readonly ensure: import("../../compiler/declare/option.js").Option<"absent" | "present", false>;
    /**
     * The data: a string for `String` and `ExpandString` (compared exactly, case-sensitively; `%VAR%`
     * stays unexpanded); a whole number 0..4294967295 for `DWord`; for `QWord` a whole number up to
     * 2^53-1 or a decimal string up to `'18446744073709551615'`; an array of non-empty strings for
     * `MultiString` (order matters); an array of bytes 0..255 or a hex string such as `'01ff3c'`
     * (spaces, commas and hyphens between pairs allowed) for `Binary`.
     */
    readonly value: import("../../compiler/declare/option.js").Option<RegistryData, false>;
    /**
     * The registry value kind (`RegistryValueKind`): REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_QWORD,
     * REG_MULTI_SZ or REG_BINARY. A value of another kind is drift, and the fix replaces it.
     */
    readonly type: import("../../compiler/declare/option.js").Option<"Binary" | "DWord" | "ExpandString" | "MultiString" | "QWord" | "String", false>;
    /**
     * Bits of a `DWord`, instead of `value`: `set` the bits that must be 1, `clear` those that must be
     * 0 (e.g. `{ set: 0x40 }` for Secure Boot's `AvailableUpdates`). The probe looks at those bits only;
     * the fix sets and clears them and keeps every other bit (a missing value is written with `set`).
     */
    readonly bits: import("../../compiler/declare/option.js").Option<Bits, false>;
    /**
     * The data is secret (a password): `detect.ps1` carries only a salted hash of it
     * (PBKDF2-SHA256) and compares the hash of what it reads, the README shows no value and no summary
     * line shows the data, found or wanted. `remediate.ps1` must carry the data to write it, and every
     * device the remediation is assigned to can read that script: the build warns (REMC080).
     */
    readonly secret: import("../../compiler/declare/option.js").Option<boolean, false>;
    /**
     * Keep an `HKCU:\...` value as declared for every real user of the device, from a SYSTEM
     * remediation (`runAs: 'system'`): each profile in the ProfileList key (HKLM) of a local, domain or
     * Entra ID account, not the system accounts' (S-1-5-18/19/20), backup keys or temporary profiles.
     * A signed-in user's value is read in `HKU\<SID>`; another user's NTUSER.DAT is loaded for the run
     * (`reg.exe load HKU\remc_<SID>`) and always unloaded. A hive that cannot be loaded is said as not
     * reachable, never guessed. Drift when any reachable user's value differs; the fix writes only
     * those users' values. For a value only (give `name`).
     */
    readonly forEachUser: import("../../compiler/declare/option.js").Option<boolean, false>;
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
/** A host an HKU check accepts: SYSTEM (a user may not write .DEFAULT or another user's hive). */
export type RegistryValueSystemHost = {
    readonly runAs: 'system';
    readonly is64Bit: boolean;
};
/** `HKCU`, in any letter case. */
type AnyCase<S extends string> = S extends `${infer C}${infer R}` ? `${Uppercase<C> | Lowercase<C>}${AnyCase<R>}` : '';
/** A path literal in HKEY_CURRENT_USER: only `runAs: 'user'` can mean it. */
export type RegistryHkcuPath = `${AnyCase<'HKCU'>}:\\${string}` | `${'HKEY_CURRENT_USER' | 'hkey_current_user'}\\${string}` | `Registry::${'HKEY_CURRENT_USER' | 'hkey_current_user'}\\${string}`;
/** A path literal in HKEY_USERS: only `runAs: 'system'` can write it. */
export type RegistryHkuPath = `${AnyCase<'HKU'>}:\\${string}` | `${'HKEY_USERS' | 'hkey_users'}\\${string}` | `Registry::${'HKEY_USERS' | 'hkey_users'}\\${string}`;
/** The options of {@link registryValue}. */
export type RegistryValueProps = Parameters<typeof registryValueTemplate>[0];
/**
 * The factory: an HKCU path literal makes a user-only check (a type error in a SYSTEM remediation), an
 * HKU one a SYSTEM-only check; any other path is checked at build time (HKCU needs runAs: 'user', HKLM
 * and HKU runAs: 'system').
 */
export interface RegistryValueFactory {
    (props: RegistryValueProps & {
        readonly path: RegistryHkcuPath;
        readonly forEachUser: true;
    }): Check<RegistryValueSystemHost>;
    (props: RegistryValueProps & {
        readonly path: RegistryHkcuPath;
    }): Check<RegistryValueUserHost>;
    (props: RegistryValueProps & {
        readonly path: RegistryHkuPath;
    }): Check<RegistryValueSystemHost>;
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
export declare const registryValue: RegistryValueFactory;
export {};
