/**
 * Scenarios of file-state, run by `remc test` for every remediation that uses it. A template scenario
 * cannot know the declared file, so the setups make every path asked for the same file (the fake's
 * `-Any`: written some days before the scenario's clock, holding the declared literals or not, of one
 * version), and the invariants read each check's declared `Ensure`, `MaxAgeDays`, `MinAgeDays`, `Text`,
 * `CaseSensitive` and `MinVersion` to say what it must conclude; the fixes acting on it
 * (`onFinding(file)`) must be due exactly when it finds its symptom, and run in the remediation.
 */
import { added, checkOutcome, fixRan, type CheckInfo, type InvariantContext, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** Every file asked for is there, written a day ago, holding what the checks look for, at version 65535.0.0.0. */
export const neutralSetup = "Reset-RemcFakeFileState -Any -AnyWrittenUtc $ScenarioNow.AddDays(-1).AddHours(-1) -AnyText Declared -AnyVersion '65535.0.0.0'";

/** The fake's environment (fakes.ps1), to expand a declared path as the device would. */
const FAKE_ENV: Readonly<Record<string, string>> = {
  systemdrive: 'C:', systemroot: 'C:\\Windows', windir: 'C:\\Windows', programdata: 'C:\\ProgramData',
  programfiles: 'C:\\Program Files', 'programfiles(x86)': 'C:\\Program Files (x86)', programw6432: 'C:\\Program Files',
  commonprogramfiles: 'C:\\Program Files\\Common Files', 'commonprogramfiles(x86)': 'C:\\Program Files (x86)\\Common Files', commonprogramw6432: 'C:\\Program Files\\Common Files',
  userprofile: 'C:\\Users\\alice', appdata: 'C:\\Users\\alice\\AppData\\Roaming', localappdata: 'C:\\Users\\alice\\AppData\\Local',
};

function expand(path: unknown): string {
  return String(path).replace(/^%([^%]+)%/, (whole, name: string) => FAKE_ENV[name.toLowerCase()] ?? whole);
}

function leafOf(k: CheckInfo): string {
  return expand(k.config['Path']).split('\\').pop()!;
}

function num(k: CheckInfo, key: string): number | undefined {
  const v = k.config[key];
  return v === undefined || v === null || v === '' ? undefined : Number(v);
}

/** -1 for a part a version leaves out, as [version] compares them. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The file every path is, in a scenario. */
interface World {
  readonly exists: boolean;
  readonly daysAgo: number;
  readonly text: 'Declared' | 'DeclaredUpper' | 'Other';
  readonly version: string;
}

/** What a check must conclude about the world: its failed conditions ('missing', 'present', 'maxAgeDays', ...). */
function failures(k: CheckInfo, w: World): string[] {
  if (k.config['Ensure'] === 'absent') return w.exists ? ['present'] : [];
  if (!w.exists) return ['missing'];
  const failed: string[] = [];
  const max = num(k, 'MaxAgeDays');
  const min = num(k, 'MinAgeDays');
  if (max !== undefined && w.daysAgo > max) failed.push('maxAgeDays');
  if (min !== undefined && w.daysAgo < min) failed.push('minAgeDays');
  const literal = k.config['Text'];
  if (typeof literal === 'string' && literal !== '') {
    const found = w.text === 'Declared' || (w.text === 'DeclaredUpper' && (k.config['CaseSensitive'] !== true || literal === literal.toUpperCase()));
    if (!found) failed.push('contains');
  }
  const minVersion = k.config['MinVersion'];
  if (typeof minVersion === 'string' && minVersion !== '' && compareVersions(w.version, minVersion) < 0) failed.push('minVersion');
  return failed;
}

/** The words the summary must hold for each failed condition. */
function wordsFor(k: CheckInfo, w: World, failed: readonly string[]): string[] {
  const words: string[] = [];
  for (const f of failed) {
    if (f === 'missing') words.push(`${leafOf(k)} missing from `);
    if (f === 'present') words.push(`${leafOf(k)} present, written `, '; expected absent');
    if (f === 'maxAgeDays') words.push(`; older than ${num(k, 'MaxAgeDays')} days (${w.daysAgo} days)`);
    if (f === 'minAgeDays') words.push(`; less than ${num(k, 'MinAgeDays')} days old (${w.daysAgo} days)`);
    if (f === 'contains') words.push('; does not contain "');
    if (f === 'minVersion') words.push(`; version ${w.version} < ${String(k.config['MinVersion'])}`);
  }
  if (failed.length === 0) words.push(w.exists ? `${leafOf(k)} present, written ` : `${leafOf(k)} absent from `);
  return words;
}

/** Checks of the remediation whose fix runs on this check's finding. */
function actingOn(ctx: InvariantContext, k: CheckInfo): CheckInfo[] {
  return ctx.remediation.checks.filter((c) => c.hasFix && c.triggers.some((t) => t.kind === 'finding' && t.check === k.name));
}

function describe(step: StepView, name: string): string {
  return JSON.stringify(checkOutcome(step, name) ?? '(no outcome)');
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'reads only the declared files, and the text only of a check that declares contains',
    check: ({ step, checks }) => {
      const paths = new Set(checks.map((k) => expand(k.config['Path'])));
      const texts = new Set(checks.filter((k) => typeof k.config['Text'] === 'string').map((k) => expand(k.config['Path'])));
      for (const asked of added<string>(step, 'FileStateQueries')) if (!paths.has(asked)) return `looked at ${asked}, which no check declares`;
      for (const read of added<string>(step, 'FileStateTextQueries')) if (!texts.has(read)) return `read the text of ${read}, which no check with contains declares`;
      return undefined;
    },
  },
  {
    name: 'the file is probed in every step',
    check: ({ step, checks }) => {
      for (const k of checks) if (!checkOutcome(step, k.name)) return `no outcome of ${k.name}: ${step.lastLine}`;
      return undefined;
    },
  },
];

/** Every check concludes what the world says, its summary names what failed, and the fixes acting on it follow. */
function judges(w: World): ScenarioInvariant {
  return {
    name: 'each check finds its symptom exactly when a declared condition fails, says which, and the fixes acting on it follow',
    check: (ctx) => {
      const { step, checks, remediation } = ctx;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o) return `no outcome of ${k.name}`;
        const failed = failures(k, w);
        const found = failed.length > 0;
        const expected = found ? 'drift' : 'ok';
        if (o.Probe.State !== expected) return `${k.name}: expected ${expected} (${failed.join(', ') || 'every condition met'}), got ${describe(step, k.name)}`;
        for (const word of wordsFor(k, w, failed)) if (!o.Probe.Summary.includes(word)) return `${k.name}: the summary does not say "${word}": ${o.Probe.Summary}`;
        if (remediation.detectOnly && found && step.exitCode !== 1) return `a detect-only remediation with a finding exits ${step.exitCode}`;
        for (const c of actingOn(ctx, k)) {
          const co = checkOutcome(step, c.name);
          if (step.label === 'detect' && found && co?.Fix !== 'due') return `${c.name} acts on ${k.name}, which found its symptom, but is not due: ${describe(step, c.name)}`;
          if (step.label === 'remediate' && found && !fixRan(step, c.name)) return `${c.name} did not run on the finding of ${k.name}: ${describe(step, c.name)}`;
          if (!found && (fixRan(step, c.name) || co?.Fix === 'due') && co?.Trigger === `${k.name}: found`) return `${c.name} acted on a finding of ${k.name} that is not there`;
        }
      }
      return undefined;
    },
  };
}

/** Every step fails each check's probe with `error`, exits 1, and no fix acts on it. */
function failsWith(error: string): ScenarioInvariant {
  return {
    name: `every step reports "${error}" as a probe error, exits 1, and no fix acts on it`,
    check: (ctx) => {
      const { step, checks } = ctx;
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        if (probe?.State !== 'error' || !probe.Error?.includes(error)) return `${k.name}: expected the error "...${error}...", got ${describe(step, k.name)}`;
        for (const c of actingOn(ctx, k)) {
          if (fixRan(step, c.name) || checkOutcome(step, c.name)?.Fix === 'due') return `${c.name} acted on a file that could not be read: ${describe(step, c.name)}`;
        }
      }
      return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
    },
  };
}

function setup(w: World): string {
  const file = `-AnyWrittenUtc $ScenarioNow.AddDays(-${w.daysAgo}).AddHours(-1) -AnyText ${w.text} -AnyVersion '${w.version}'`;
  return w.exists ? `Reset-RemcFakeFileState -Any ${file}` : `Reset-RemcFakeFileState -Any ${file} -Missing '*'`;
}

const fresh: World = { exists: true, daysAgo: 2, text: 'Declared', version: '65535.0.0.0' };
const worlds: ReadonlyArray<readonly [string, World]> = [
  ['the file is there: written 2 days ago, holding the declared text, version 65535.0.0.0', fresh],
  ['the file is missing', { ...fresh, exists: false }],
  ['the file is stale: last written 400 days ago', { ...fresh, daysAgo: 400 }],
  ['the file lacks the declared text', { ...fresh, text: 'Other' }],
  ['the file holds the declared text in upper case', { ...fresh, text: 'DeclaredUpper' }],
  ['the file is an old version: 0.1.0.0', { ...fresh, version: '0.1.0.0' }],
];

export const scenarios: TemplateScenario[] = [
  ...worlds.map(([name, w]): TemplateScenario => ({ name, setup: setup(w), invariants: [judges(w)] })),
  {
    name: 'the file cannot be read: access denied',
    setup: `${setup(fresh)} -Denied '*'`,
    invariants: [failsWith(': Access to the path ')],
  },
];
