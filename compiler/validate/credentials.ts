/**
 * Secrets in a remediation's scripts: every device a remediation is assigned to can download its
 * scripts (Intune hands them to the agent as files), so a secret in them is readable there. A secret
 * option (`secret: true` on a registry value) is kept out of detection, the README and the index, but
 * the remediation script must carry it: REMC080 says so at build time. What only looks like a
 * credential (a literal in an option or a custom check's PowerShell) gets REMC081. Both are warnings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceLocation } from '../diagnostics.ts';
import type { TemplateSpec } from '../declare/template.ts';
import { toPosix } from '../load/declaration.ts';
import type { CheckSource } from './check-source.ts';
import type { Problems } from './problems.ts';

/** A name that says it holds a credential: `password`, `DefaultPassword`, `api_key`, `clientSecret`, `token`. */
const CREDENTIAL_NAME = /pass(?:word|wd)|secret|token|api[-_]?key|\bpwd\b/i;

/** Text shaped like a credential, each with what it looks like. */
const CREDENTIAL_SHAPES: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /(?:^|;)\s*(?:password|pwd)\s*=\s*[^;\s'"]+/i, what: 'a connection string with a password' },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key id' },
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, what: 'a JSON web token' },
  { pattern: /(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/])/, what: 'a long base64 string (a key?)' },
  { pattern: /(?<![0-9A-Fa-f])[0-9A-Fa-f]{40,}(?![0-9A-Fa-f])/, what: 'a long hex string (a key?)' },
];

/** What a string looks like when it looks like a credential, else undefined. */
export function credentialShape(text: string): string | undefined {
  return CREDENTIAL_SHAPES.find((s) => s.pattern.test(text))?.what;
}

/** A PowerShell line that assigns or passes a literal to a credential-named variable or parameter. */
const PS_LITERAL_CREDENTIAL = /(?:\$[\w:]*(?:pass(?:word|wd)|secret|token|api_?key|pwd)\w*\s*=|-(?:Password|Secret|Token|ApiKey|AccessToken)\b\s*(?:\(\s*)?|ConvertTo-SecureString\s+(?:-String\s+)?)\s*(['"])[^'"$\s]{1,}\1/i;

type Where = (p?: readonly (string | number)[]) => SourceLocation;

/** REMC080 for each secret option of the check. */
export function warnSecrets(spec: TemplateSpec, props: Readonly<Record<string, unknown>>, where: Where, problems: Problems): void {
  const secrets = spec.secretsOf(props);
  // The code frame shows the declaration's line: the secret in it is masked, so no log of the build holds it.
  const hidden = secrets.flatMap((key) => strings(props[key])).filter((t) => t !== '');
  const masked = (at: SourceLocation): SourceLocation =>
    at.lineText === undefined ? at : { ...at, lineText: hidden.reduce((line, t) => line.split(t).join('*'.repeat(Math.min(t.length, 8))), at.lineText) };
  for (const key of secrets) {
    problems.warn(
      'REMC080',
      `${spec.factory}(): the ${key} marked secret stays out of detect.ps1, the README, the index and the summary lines, but remediate.ps1 must carry it to write it (so do remediation.json, in base64, combined.ps1 and the RMM exports): every device the remediation is assigned to can read it there`,
      masked(where([key])),
    );
  }
}

/**
 * REMC081 for what looks like a credential among the check's options: a string option named like one
 * (`password: '...'`), a `value` beside an option that names a credential (`name: 'DefaultPassword'`),
 * or a string shaped like one anywhere; secret options are REMC080's.
 */
export function warnCredentialOptions(spec: TemplateSpec, props: Readonly<Record<string, unknown>>, where: Where, problems: Problems): void {
  const secret = new Set(spec.secretsOf(props));
  const named = Object.entries(props).find(([key, v]) => key !== 'value' && key !== 'checkName' && typeof v === 'string' && /^[\w.$ -]+$/.test(v) && CREDENTIAL_NAME.test(v));
  for (const [key, value] of Object.entries(props)) {
    if (secret.has(key) || key === 'checkName') continue;
    const texts = strings(value);
    if (texts.length === 0 || texts.every((t) => t === '')) continue;
    let why: string | undefined;
    if (CREDENTIAL_NAME.test(key)) why = `option ${key} holds a literal`;
    else if (key === 'value' && named) why = `it is the value of ${named[0]} "${String(named[1])}"`;
    else {
      const shape = texts.map(credentialShape).find((s) => s !== undefined);
      if (shape) why = `it looks like ${shape}`;
    }
    if (why) problems.warn('REMC081', `${spec.factory}(): ${key} looks like a credential (${why}); every device the remediation is assigned to can read it in the scripts`, where([key]));
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null && !('kind' in value)) return Object.values(value).flatMap(strings);
  return [];
}

/** REMC081 for each line of a custom check's PowerShell that holds a literal credential. */
export function warnCredentialCode(source: CheckSource, root: string, problems: Problems): void {
  if (source.kind !== 'custom') return;
  for (const file of [source.probe, source.fix, source.seam].filter((f): f is string => f !== undefined)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // a missing file is the source rules' to report
    }
    text.split(/\r?\n/).forEach((line, i) => {
      if (/^\s*#/.test(line)) return;
      const assigned = PS_LITERAL_CREDENTIAL.test(line);
      const shape = assigned ? 'a literal given to a credential-named variable or parameter' : credentialShape(line);
      if (!shape) return;
      const at: SourceLocation = { file: toPosix(path.relative(root, file)), line: i + 1, column: 1, lineText: line };
      problems.warn('REMC081', `this line holds what looks like a credential (${shape}); every device the remediation is assigned to can read it in the scripts`, at);
    });
  }
}
