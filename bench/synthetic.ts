/**
 * The synthetic project generator: N realistic declarations mixing every template, deterministic for
 * a given seed. Used by the benchmark and by the tests that need a large project.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A small deterministic PRNG (mulberry32): the same seed gives the same project on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPS = ['Teams', 'Outlook', 'OneDrive', 'Word', 'Excel', 'SharePoint', 'Company Portal', 'Edge', 'OneNote', 'Power BI'];
const SYMPTOMS = ['sign-in loop', 'silent sign-in failure', 'token refresh error', 'stale cached credentials', 'broker crash', 'repeated password prompts'];
const SITES = ['Berlin', 'Osaka', 'Lyon', 'Austin', 'Nairobi', 'Sao Paulo', 'Oslo', 'Pune'];

export interface SyntheticOptions {
  readonly count: number;
  readonly seed?: number;
  /**
   * The diagnosis with its default options (for `remc test`: the sign-in-diagnostics template's
   * scenarios expect its defaults, minFailures 3 in 24 hours); otherwise varied, as admins set them.
   */
  readonly defaultDiagnosis?: boolean;
}

/** Writes `count` declarations into `<dir>/remediations/` and returns their ids. */
export function generateProject(dir: string, options: SyntheticOptions): string[] {
  const next = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const folder = path.join(dir, 'remediations');
  mkdirSync(folder, { recursive: true });
  const ids: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const app = pick(APPS);
    const symptom = pick(SYMPTOMS);
    const site = pick(SITES);
    const id = `r${String(i).padStart(5, '0')}-${app.toLowerCase().replace(/\s+/g, '-')}-${site.toLowerCase().replace(/\s+/g, '-')}`;
    const kind = i % 4;
    const checks =
      kind === 0
        ? 'brokerPluginRegistration()'
        : kind === 1
          ? `diagnosis, credentialPurge({ trigger: diagnosis.finds('os'), targets: ['msteams_adalsso/*', 'MicrosoftOffice1?_Data:ADAL*', '${app.replace(/\s+/g, '')}_token_${i}*'], exclude: ['*keep*'], stopProcesses: ['${app.replace(/\s+/g, '')}'] })`
          : kind === 2
            ? "diagnosis, brokerPluginRegistration({ trigger: [onDrift(), diagnosis.finds('os')] }), credentialPurge({ trigger: diagnosis.finds('os'), stopProcesses: ['Teams', 'ms-teams'] })"
            : `diagnosis`;
    const diagnosisOptions = options.defaultDiagnosis ? '' : `{ minFailures: ${2 + (i % 4)}, windowHours: ${12 + (i % 3) * 12} }`;
    const diagnosis = kind === 0 ? '' : `const diagnosis = signInDiagnostics(${diagnosisOptions});\n\n`;
    const text = `import { brokerPluginRegistration, credentialPurge, defineRemediation, onDrift, signInDiagnostics } from 'remc';

${diagnosis}export default defineRemediation({
  id: '${id}',
  displayName: '${app} ${symptom} (${site})',
  description:
    'Detects the ${symptom} of ${app} reported by the ${site} service desk and repairs it for the ' +
    'signed-in user when the cause is in Windows; otherwise it reports what the user or admin must do.',
  publisher: 'Contoso IT ${site}',
  version: '1.${i % 10}.${i % 7}',
  runAs: 'user',
  coolDownHours: ${[12, 24, 48][i % 3]},
  checks: [${checks}],
});
`;
    // Keep the unused imports honest for tsc: every file imports the same names.
    writeFileSync(path.join(folder, `${id}.ts`), text.replace("import { brokerPluginRegistration, credentialPurge, defineRemediation, onDrift, signInDiagnostics } from 'remc';", importsFor(text)));
    ids.push(id);
  }
  return ids;
}

function importsFor(text: string): string {
  const body = text.slice(text.indexOf('\n'));
  const names = ['brokerPluginRegistration', 'credentialPurge', 'defineRemediation', 'onDrift', 'signInDiagnostics'].filter((n) => body.includes(`${n}(`));
  return `import { ${names.join(', ')} } from 'remc';`;
}
