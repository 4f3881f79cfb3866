// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
import type { ConfigValue } from '../../compiler/declare/template.js';
/**
 * The salted digest detection compares a secret's data with (PBKDF2-HMAC-SHA256, 100,000 rounds, salt
 * `remc:<path>\<name>`), over the UTF-8 of `<Kind>:` and the data as text: strings as they are, numbers
 * in unsigned decimal, MultiString items joined by NUL, Binary as lowercase hex. probe.ps1
 * (Get-RemcRegistryValueDigest) computes the same from what it reads. Salted and slow, so a hash of a
 * common password is not looked up in a table; a weak password can still be guessed from it offline.
 */
export declare function secretDigest(path: string, name: string, type: string, value: ConfigValue): string;
