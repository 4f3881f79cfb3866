/**
 * Authenticode signing of the generated scripts with osslsigncode (2.9 signs .ps1 files): it appends
 * the `# SIG # Begin signature block` comment and leaves every byte above it as the printer wrote it.
 * The certificate comes from a PKCS#12 file or a PEM certificate and key; its password only from an
 * environment variable, handed to osslsigncode on stdin (never on a command line, never in a file).
 *
 * Determinism: osslsigncode puts a signing time into the signature (an authenticated attribute; the
 * current time unless given). remc gives it SOURCE_DATE_EPOCH when that is set, the reproducible-builds
 * convention, so a signed build is byte-identical for the same input and certificate (RSA PKCS#1 v1.5
 * signatures are deterministic). Without it the signing time is now, and so the bytes differ per run.
 * A timestamp server's countersignature is never reproducible: it carries the server's own time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DEFAULT_PASSWORD_ENV = 'REMC_SIGN_PASSWORD';

export interface SignOptions {
  /** A PKCS#12 file (.pfx, .p12) with the code-signing certificate and its private key. */
  readonly pfx?: string;
  /** Instead of `pfx`: the PEM certificate (with its chain, if any) and the PEM private key. */
  readonly cert?: string;
  readonly key?: string;
  /** The environment variable that holds the PFX's (or the key's) password. @default 'REMC_SIGN_PASSWORD' */
  readonly passwordEnv?: string;
  /** An RFC 3161 timestamp server, e.g. http://timestamp.digicert.com. */
  readonly timestampUrl?: string;
}

/** Signs one script: its path in the output (for messages) and bytes in, the signed bytes out. */
export type ScriptSigner = (file: string, bytes: Buffer) => Buffer;

export class SignError extends Error {}

export interface Signer {
  readonly sign: ScriptSigner;
  /** Removes the signer's temporary folder. */
  close(): void;
}

/** What is wrong with the options themselves (before any file is read), or undefined. */
export function signOptionsProblem(options: SignOptions): string | undefined {
  if (options.pfx !== undefined && (options.cert !== undefined || options.key !== undefined)) return 'give a PFX file or a PEM certificate and key, not both';
  if (options.pfx === undefined && (options.cert === undefined) !== (options.key === undefined)) return 'a PEM certificate needs its key, and a key its certificate';
  if (options.pfx === undefined && options.cert === undefined) return 'no certificate: give a PFX file, or a PEM certificate and key';
  if (options.passwordEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.passwordEnv)) return `'${options.passwordEnv}' is not an environment variable name`;
  if (options.timestampUrl !== undefined && !/^https?:\/\/\S+$/.test(options.timestampUrl)) return `the timestamp server must be an http(s) URL (got '${options.timestampUrl}')`;
  return undefined;
}

/** The signing time: SOURCE_DATE_EPOCH (seconds since 1970, UTC) when set, else now. */
function signingTime(env: NodeJS.ProcessEnv): number | string {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return Math.floor(Date.now() / 1000);
  if (!/^\d{1,12}$/.test(epoch)) return `SOURCE_DATE_EPOCH must be a whole number of seconds (got '${epoch}')`;
  return Number(epoch);
}

/** The last lines osslsigncode wrote to say why it failed, without its progress chatter. */
function failure(result: ReturnType<typeof spawnSync>): string {
  const text = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^(Failed|Succeeded)$/.test(l) && !/^Script file format|^Signature position/.test(l));
  return lines.slice(0, 3).join('; ') || `osslsigncode exited with ${result.status ?? result.signal}`;
}

/**
 * Opens a signer: checks the options, that osslsigncode runs, and that it can sign with the
 * certificate and password (by signing a probe script), so a wrong password is one clear problem
 * before anything is built. Relative paths are taken from `root`.
 */
export function openSigner(options: SignOptions, root: string, env: NodeJS.ProcessEnv = process.env): { signer?: Signer; problem?: string } {
  const wrong = signOptionsProblem(options);
  if (wrong) return { problem: wrong };
  const files = (options.pfx !== undefined ? [options.pfx] : [options.cert!, options.key!]).map((f) => path.resolve(root, f));
  const missing = files.find((f) => !existsSync(f));
  if (missing) return { problem: `cannot read ${missing}: no such file` };
  const passwordEnv = options.passwordEnv ?? DEFAULT_PASSWORD_ENV;
  const password = env[passwordEnv];
  if (options.passwordEnv !== undefined && password === undefined) return { problem: `the environment variable ${passwordEnv} (the certificate's password) is not set` };
  const time = signingTime(env);
  if (typeof time === 'string') return { problem: time };
  const tool = env['REMC_OSSLSIGNCODE'] || 'osslsigncode';
  const version = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return { problem: `${tool} was not found or does not run (${version.error?.message ?? failure(version)}); install osslsigncode 2.9 or newer` };

  const credentials = options.pfx !== undefined ? ['-pkcs12', files[0]!] : ['-certs', files[0]!, '-key', files[1]!];
  const args = [
    'sign',
    ...credentials,
    ...(password !== undefined ? ['-readpass', '-'] : []),
    '-h',
    'sha256',
    '-time',
    String(time),
    ...(options.timestampUrl !== undefined ? ['-ts', options.timestampUrl] : []),
  ];
  const dir = mkdtempSync(path.join(tmpdir(), 'remc-sign-'));
  let count = 0;
  const sign: ScriptSigner = (file, bytes) => {
    // osslsigncode tells the format by the extension, and writes a new file beside the input.
    const input = path.join(dir, `${++count}.ps1`);
    const output = path.join(dir, `${count}.signed.ps1`);
    writeFileSync(input, bytes);
    try {
      const run = spawnSync(tool, [...args, '-in', input, '-out', output], { input: password ?? '', encoding: 'utf8' });
      if (run.error || run.status !== 0 || !existsSync(output)) throw new SignError(`cannot sign ${file}: ${run.error?.message ?? failure(run)}`);
      const signed = readFileSync(output);
      // The signature is appended as a comment block: what the printer wrote must stay as it was.
      if (signed.length <= bytes.length || !signed.subarray(0, bytes.length).equals(bytes)) throw new SignError(`cannot sign ${file}: osslsigncode changed the script above its signature`);
      return signed;
    } finally {
      for (const f of [input, output]) if (existsSync(f)) unlinkSync(f);
    }
  };
  const close = () => rmSync(dir, { recursive: true, force: true });
  try {
    sign('a probe script', Buffer.from("Write-Output 'remc signing probe'\r\nexit 0\r\n", 'ascii'));
  } catch (error) {
    close();
    return { problem: error instanceof Error ? error.message.replace(/^cannot sign a probe script: /, `osslsigncode cannot sign with ${files.join(' and ')}: `) : String(error) };
  }
  return { signer: { sign, close } };
}
