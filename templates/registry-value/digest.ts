/**
 * The digest of a secret registry value, apart from index.ts so that 'remc' does not export it (every
 * export of a template's index.ts is public). The compiler computes it at build time; probe.ps1
 * (Get-RemcRegistryValueDigest) computes the same from what it reads.
 */
import { pbkdf2Sync } from 'node:crypto';
import type { ConfigValue } from '../../compiler/declare/template.ts';

/**
 * The salted digest detection compares a secret's data with (PBKDF2-HMAC-SHA256, 100,000 rounds, salt
 * `remc:<path>\<name>`), over the UTF-8 of `<Kind>:` and the data as text: strings as they are, numbers
 * in unsigned decimal, MultiString items joined by NUL, Binary as lowercase hex. probe.ps1
 * (Get-RemcRegistryValueDigest) computes the same from what it reads. Salted and slow, so a hash of a
 * common password is not looked up in a table; a weak password can still be guessed from it offline.
 */
export function secretDigest(path: string, name: string, type: string, value: ConfigValue): string {
  let text: string;
  if (type === 'DWord' || type === 'QWord') text = BigInt(String(value)).toString();
  else if (type === 'MultiString') text = (value as readonly string[]).join('\0');
  else if (type === 'Binary') text = (value as readonly number[]).map((b) => b.toString(16).padStart(2, '0')).join('');
  else text = String(value);
  return pbkdf2Sync(Buffer.from(`${type}:${text}`, 'utf8'), Buffer.from(`remc:${path}\\${name}`, 'utf8'), SECRET_ROUNDS, 32, 'sha256').toString('hex');
}
const SECRET_ROUNDS = 100000;
