/**
 * Assignments (`assignments` in a declaration): where Intune runs the remediation, which `remc publish`
 * creates. Each rule is proven by a declaration that breaks it alone: its code (REMC056, an unknown key
 * REMC013), its file:line:column (the key at fault) and its message. A valid declaration lowers to the
 * model with every default resolved, the same from TypeScript and from YAML; the build output other
 * than the README does not carry assignments; the JSON Schema for editors agrees with the rules.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../compiler/pipeline.ts';
import type { Diagnostic } from '../compiler/diagnostics.ts';
import type { AssignmentModel } from '../compiler/lower/model.ts';

const root = path.resolve(import.meta.dirname, '..');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A project holding `files` (name -> text) under remediations/. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'remc-assignments-'));
  temps.push(dir);
  mkdirSync(path.join(dir, 'remediations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'remediations', name), text);
  return dir;
}

/** The first line of each assignment item is line 5 of the file. */
const FIRST_LINE = 5;

/**
 * A TypeScript declaration whose `assignments` are `items`, one per line from line 5 (or `raw` as the
 * whole value; null leaves the option out).
 */
function declaration(id: string, items: readonly string[], options: { raw?: string | null; checks?: string } = {}): string {
  const assignments = options.raw === undefined ? `[\n${items.map((i) => `    ${i},\n`).join('')}  ]` : options.raw;
  return [
    "import { bitLockerStatus, defineRemediation, serviceState } from 'remc';",
    'export default defineRemediation({',
    `  id: '${id}', displayName: 'x', description: 'x', publisher: 'x', runAs: 'system',`,
    ...(assignments === null ? [] : [`  assignments: ${assignments},`]),
    `  checks: [${options.checks ?? "serviceState({ name: 'Spooler', status: 'running' })"}],`,
    '});',
    '',
  ].join('\n');
}

const daily = "schedule: { daily: '02:00' }";
const long = 'g'.repeat(257);

interface Case {
  readonly name: string;
  readonly items: readonly string[];
  readonly raw?: string;
  /** Each expected diagnostic: its code, the item (0-based) it is on, the text its column points at, its message. */
  readonly expect: ReadonlyArray<{ code: 'REMC056' | 'REMC013' | 'REMC014'; item: number; at: string; message: RegExp; note?: { item: number; at: string } }>;
}

const cases: readonly Case[] = [
  { name: 'two targets', items: [`{ group: 'A', allDevices: true, ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'allDevices', message: /^assignments\[0\] names 2 targets \(group, allDevices\): give exactly one/ }] },
  { name: 'three targets', items: [`{ allUsers: true, allDevices: true, group: 'A', ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'allDevices', message: /names 3 targets \(group, allDevices, allUsers\)/ }] },
  { name: 'no target', items: [`{ ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: '{', message: /^assignments\[0\] names no target: give exactly one of group/ }] },
  { name: 'an empty group name', items: [`{ group: '  ', ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'group', message: /^assignments\[0\]\.group must not be empty$/ }] },
  { name: 'a group name over 256 characters', items: [`{ group: '${long}', ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'group', message: /^assignments\[0\]\.group is 257 characters long; an Entra ID group name has at most 256$/ }] },
  { name: 'a group that is not a string', items: [`{ group: 42, ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'group', message: /group must be the name of an Entra ID group, got 42/ }] },
  { name: 'allDevices: false', items: [`{ allDevices: false, ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'allDevices', message: /^assignments\[0\]\.allDevices must be true/ }] },
  { name: 'exclude with allDevices', items: ['{ allDevices: true, exclude: true }'], expect: [{ code: 'REMC056', item: 0, at: 'exclude', message: /excludes allDevices, but only a group can be excluded/ }] },
  { name: 'exclude with allUsers', items: ['{ allUsers: true, exclude: true }'], expect: [{ code: 'REMC056', item: 0, at: 'exclude', message: /excludes allUsers, but only a group can be excluded/ }] },
  { name: 'an exclusion with a schedule', items: [`{ group: 'Kiosks', exclude: true, ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'schedule', message: /excludes its group, so it has no schedule/ }] },
  { name: 'an exclusion with a filter', items: ["{ group: 'Kiosks', exclude: true, filter: { name: 'Win11', mode: 'include' } }"], expect: [{ code: 'REMC056', item: 0, at: 'filter', message: /excludes its group, so it takes no filter/ }] },
  { name: 'exclude that is not a boolean', items: [`{ group: 'Kiosks', exclude: 'yes' }`], expect: [{ code: 'REMC056', item: 0, at: 'exclude', message: /exclude must be true or false, got "yes"/ }] },
  { name: 'an inclusion without a schedule', items: ["{ group: 'Pilot' }"], expect: [{ code: 'REMC056', item: 0, at: '{', message: /^assignments\[0\] has no schedule: every assignment that does not exclude needs one/ }] },
  { name: 'exclude: false still needs a schedule', items: ["{ group: 'Pilot', exclude: false }"], expect: [{ code: 'REMC056', item: 0, at: '{', message: /has no schedule/ }] },
  { name: 'a time past 23:59', items: ["{ allDevices: true, schedule: { daily: '24:00' } }"], expect: [{ code: 'REMC056', item: 0, at: 'daily', message: /schedule\.daily must be a time of day 'HH:MM' from 00:00 to 23:59, got "24:00"/ }] },
  { name: 'minutes past 59', items: ["{ allDevices: true, schedule: { daily: '12:60' } }"], expect: [{ code: 'REMC056', item: 0, at: 'daily', message: /got "12:60"/ }] },
  { name: 'a time without its leading zero', items: ["{ allDevices: true, schedule: { daily: '2:00' } }"], expect: [{ code: 'REMC056', item: 0, at: 'daily', message: /got "2:00"/ }] },
  { name: '29 February of a common year', items: ["{ allDevices: true, schedule: { once: '2025-02-29T02:00' } }"], expect: [{ code: 'REMC056', item: 0, at: 'once', message: /schedule\.once: 2025-02-29 is not a date of the calendar/ }] },
  { name: '29 February of a century that is no leap year', items: ["{ allDevices: true, schedule: { once: '2100-02-29T02:00' } }"], expect: [{ code: 'REMC056', item: 0, at: 'once', message: /2100-02-29 is not a date of the calendar/ }] },
  { name: 'a 31st of April', items: ["{ allDevices: true, schedule: { once: '2026-04-31T02:00' } }"], expect: [{ code: 'REMC056', item: 0, at: 'once', message: /2026-04-31 is not a date/ }] },
  { name: 'month 13', items: ["{ allDevices: true, schedule: { once: '2026-13-01T02:00' } }"], expect: [{ code: 'REMC056', item: 0, at: 'once', message: /2026-13-01 is not a date/ }] },
  { name: 'a once time past 23:59', items: ["{ allDevices: true, schedule: { once: '2026-03-01T24:00' } }"], expect: [{ code: 'REMC056', item: 0, at: 'once', message: /schedule\.once: 24:00 is not a time of day/ }] },
  { name: 'a once without its time', items: ["{ allDevices: true, schedule: { once: '2026-03-01' } }"], expect: [{ code: 'REMC056', item: 0, at: 'once', message: /schedule\.once must be a date and time 'YYYY-MM-DDTHH:MM', got "2026-03-01"/ }] },
  { name: 'hourly 0', items: ['{ allDevices: true, schedule: { hourly: 0 } }'], expect: [{ code: 'REMC056', item: 0, at: 'hourly', message: /schedule\.hourly must be a whole number of hours from 1 to 23, got 0/ }] },
  { name: 'hourly 24', items: ['{ allDevices: true, schedule: { hourly: 24 } }'], expect: [{ code: 'REMC056', item: 0, at: 'hourly', message: /from 1 to 23, got 24/ }] },
  { name: 'hourly 1.5', items: ['{ allDevices: true, schedule: { hourly: 1.5 } }'], expect: [{ code: 'REMC056', item: 0, at: 'hourly', message: /whole number of hours from 1 to 23, got 1\.5/ }] },
  { name: 'everyDays 24', items: ["{ allDevices: true, schedule: { daily: '02:00', everyDays: 24 } }"], expect: [{ code: 'REMC056', item: 0, at: 'everyDays', message: /schedule\.everyDays must be a whole number of days from 1 to 23, got 24/ }] },
  { name: 'everyDays as a string', items: ["{ allDevices: true, schedule: { daily: '02:00', everyDays: '2' } }"], expect: [{ code: 'REMC056', item: 0, at: 'everyDays', message: /got "2"/ }] },
  { name: 'useUtc on an hourly schedule', items: ['{ allDevices: true, schedule: { hourly: 4, useUtc: true } }'], expect: [{ code: 'REMC056', item: 0, at: 'useUtc', message: /schedule\.useUtc does not apply to an hourly schedule/ }] },
  { name: 'everyDays on a schedule that runs once', items: ["{ allDevices: true, schedule: { once: '2026-03-01T02:00', everyDays: 2 } }"], expect: [{ code: 'REMC056', item: 0, at: 'everyDays', message: /schedule\.everyDays does not apply to a schedule that runs once/ }] },
  { name: 'useUtc that is not a boolean', items: ["{ allDevices: true, schedule: { daily: '02:00', useUtc: 'yes' } }"], expect: [{ code: 'REMC056', item: 0, at: 'useUtc', message: /useUtc must be true or false, got "yes"/ }] },
  { name: 'two kinds of schedule', items: ["{ allDevices: true, schedule: { daily: '02:00', hourly: 4 } }"], expect: [{ code: 'REMC056', item: 0, at: 'hourly', message: /schedule gives daily and hourly: a schedule is exactly one of daily, hourly and once/ }] },
  { name: 'an empty schedule', items: ['{ allDevices: true, schedule: {} }'], expect: [{ code: 'REMC056', item: 0, at: 'schedule', message: /schedule names no kind/ }] },
  { name: 'a schedule that is not an object', items: ["{ allDevices: true, schedule: 'daily' }"], expect: [{ code: 'REMC056', item: 0, at: 'schedule', message: /schedule must be an object/ }] },
  { name: 'an empty filter name', items: [`{ allDevices: true, filter: { name: '', mode: 'include' }, ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'name', message: /filter\.name must be the name of an Intune assignment filter, got ""/ }] },
  { name: 'a filter mode other than include or exclude', items: [`{ allDevices: true, filter: { name: 'Win11', mode: 'only' }, ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'mode', message: /filter\.mode must be 'include' or 'exclude', got "only"/ }] },
  { name: 'a filter without a mode', items: [`{ allDevices: true, filter: { name: 'Win11' }, ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'filter', message: /filter\.mode must be 'include' or 'exclude', got none/ }] },
  { name: 'a filter that is not an object', items: [`{ allDevices: true, filter: 'Win11', ${daily} }`], expect: [{ code: 'REMC056', item: 0, at: 'filter', message: /filter must be an object/ }] },
  {
    name: 'the same group twice, in another case',
    items: [`{ group: 'Pilot devices', ${daily} }`, "{ group: 'PILOT Devices', schedule: { hourly: 4 } }"],
    expect: [{ code: 'REMC056', item: 1, at: 'group', message: /^assignments\[1\] names group "PILOT Devices" again \(first in assignments\[0\]\)/, note: { item: 0, at: 'group' } }],
  },
  {
    name: 'a group both included and excluded',
    items: [`{ group: 'Pilot', ${daily} }`, "{ group: 'pilot', exclude: true }"],
    expect: [{ code: 'REMC056', item: 1, at: 'group', message: /names group "pilot" again/, note: { item: 0, at: 'group' } }],
  },
  { name: 'allDevices twice', items: [`{ allDevices: true, ${daily} }`, '{ allDevices: true, schedule: { hourly: 1 } }'], expect: [{ code: 'REMC056', item: 1, at: 'allDevices', message: /^assignments\[1\] names allDevices again/, note: { item: 0, at: 'allDevices' } }] },
  { name: 'a misspelt target key', items: [`{ grup: 'Pilot', ${daily} }`], expect: [{ code: 'REMC013', item: 0, at: 'grup', message: /^'grup' is not a key of an assignment; did you mean 'group'\?$/ }] },
  { name: 'a misspelt schedule key', items: ["{ allDevices: true, schedule: { dayly: '02:00' } }"], expect: [{ code: 'REMC013', item: 0, at: 'dayly', message: /^'dayly' is not a key of a schedule; did you mean 'daily'\?$/ }] },
  { name: 'an unknown filter key', items: [`{ allDevices: true, filter: { name: 'Win11', mode: 'include', rule: 'x' }, ${daily} }`], expect: [{ code: 'REMC013', item: 0, at: 'rule', message: /^'rule' is not a key of an assignment filter/ }] },
  { name: 'an item that is not an object', items: ["'Pilot devices'"], expect: [{ code: 'REMC056', item: 0, at: "'Pilot", message: /^assignments\[0\] is not an assignment: expected an object such as \{ group: 'Pilot devices', schedule: \{ daily: '02:00' \} \}, got "Pilot devices"$/ }] },
];

describe('each rule, at the key at fault (TypeScript)', () => {
  let compiled: CompileResult;
  const ids = cases.map((_, i) => `case-${i}`);
  beforeAll(async () => {
    const files: Record<string, string> = {};
    cases.forEach((c, i) => (files[`${ids[i]}.ts`] = declaration(ids[i]!, c.items)));
    files['not-an-array.ts'] = declaration('not-an-array', [], { raw: `{ group: 'Pilot', ${daily} }` });
    files['as-const.ts'] = declaration('as-const', [], { raw: `([\n    { group: '', ${daily} },\n  ] as const) satisfies readonly unknown[]` });
    compiled = await compile(project(files));
  });
  const of = (file: string): Diagnostic[] => compiled.diagnostics.filter((d) => d.location?.file === `remediations/${file}`);

  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const file = `${ids[i]}.ts`;
    const lines = declaration(ids[i]!, c.items).split('\n');
    const where = (item: number, at: string) => {
      const line = FIRST_LINE + item;
      const column = lines[line - 1]!.indexOf(at) + 1;
      expect(column, `"${at}" on line ${line}`).toBeGreaterThan(0);
      return `remediations/${file}:${line}:${column}`;
    };
    const found = of(file);
    expect(found.map((d) => `${d.code} ${d.location!.file}:${d.location!.line}:${d.location!.column}`)).toEqual(c.expect.map((e) => `${e.code} ${where(e.item, e.at)}`));
    found.forEach((d, k) => {
      const e = c.expect[k]!;
      expect(d.message).toMatch(e.message);
      expect(d.location!.lineText).toBe(lines[FIRST_LINE + e.item - 1]);
      if (e.note) expect(d.notes?.map((n) => `${n.location.file}:${n.location.line}:${n.location.column}`)).toEqual([where(e.note.item, e.note.at)]);
      if (e.code === 'REMC056') expect(d.hint).toMatch(/^An assignment is \{ group: '<Entra group name>' \}.*README: 6\. Assignments/);
    });
    // A remediation with a wrong assignment is not built.
    expect(compiled.remediations.map((r) => r.id)).not.toContain(ids[i]);
  });

  it('assignments that are not an array: REMC014 at the option, like any option of the wrong type', () => {
    expect(of('not-an-array.ts').map((d) => `${d.code} ${d.location!.line}:${d.location!.column} ${d.message}`)).toEqual([
      "REMC014 4:3 defineRemediation({ assignments }): expected an array of assignments such as [{ group: 'Pilot devices', schedule: { daily: '02:00' } }], got object",
    ]);
  });

  it('finds the key at fault through `as const`, `satisfies` and parentheses', () => {
    expect(of('as-const.ts').map((d) => `${d.code} ${d.location!.line}:${d.location!.column} ${d.message}`)).toEqual(['REMC056 5:7 assignments[0].group must not be empty']);
  });

  it('each problem is reported, all of them in one build', () => {
    expect(compiled.diagnostics.length).toBe(cases.reduce((n, c) => n + c.expect.length, 2));
  });
});

const validItems = [
  `{ group: 'Pilot devices', ${daily} }`,
  "{ group: 'Kiosks', exclude: true }",
  "{ allDevices: true, filter: { name: 'Windows 11', mode: 'exclude' }, schedule: { hourly: 4 } }",
  "{ allUsers: true, schedule: { once: '2028-02-29T23:59', useUtc: true } }",
  "{ group: 'Weekly', filter: { name: 'Corporate', mode: 'include' }, schedule: { daily: '00:00', everyDays: 23, useUtc: false } }",
  `{ group: '${'g'.repeat(256)}', schedule: { hourly: 23 } }`,
  "{ group: 'Leap', schedule: { once: '2000-02-29T00:00' } }",
];

/** The model of `validItems`, but for where each is declared. */
const expectedModels: ReadonlyArray<Omit<AssignmentModel, 'at'>> = [
  { target: { kind: 'group', group: 'Pilot devices' }, exclude: false, filter: null, schedule: { kind: 'daily', time: '02:00', interval: 1, useUtc: false } },
  { target: { kind: 'group', group: 'Kiosks' }, exclude: true, filter: null, schedule: null },
  { target: { kind: 'allDevices' }, exclude: false, filter: { name: 'Windows 11', mode: 'exclude' }, schedule: { kind: 'hourly', interval: 4 } },
  { target: { kind: 'allUsers' }, exclude: false, filter: null, schedule: { kind: 'once', date: '2028-02-29', time: '23:59', useUtc: true } },
  { target: { kind: 'group', group: 'Weekly' }, exclude: false, filter: { name: 'Corporate', mode: 'include' }, schedule: { kind: 'daily', time: '00:00', interval: 23, useUtc: false } },
  { target: { kind: 'group', group: 'g'.repeat(256) }, exclude: false, filter: null, schedule: { kind: 'hourly', interval: 23 } },
  { target: { kind: 'group', group: 'Leap' }, exclude: false, filter: null, schedule: { kind: 'once', date: '2000-02-29', time: '00:00', useUtc: false } },
];

const validYaml = `id: assigned
displayName: x
description: x
publisher: x
runAs: system
assignments:
  - group: Pilot devices
    schedule: { daily: '02:00' }
  - { group: Kiosks, exclude: true }
  - allDevices: true
    filter: { name: Windows 11, mode: exclude }
    schedule:
      hourly: 4
  - allUsers: true
    schedule: { once: 2028-02-29T23:59, useUtc: true }
  - group: Weekly
    filter: { name: Corporate, mode: include }
    schedule: { daily: '00:00', everyDays: 23, useUtc: false }
  - group: ${'g'.repeat(256)}
    schedule: { hourly: 23 }
  - group: Leap
    schedule: { once: '2000-02-29T00:00' }
checks:
  - template: serviceState
    name: Spooler
    status: running
`;

describe('valid assignments', () => {
  let compiled: CompileResult;
  let bare: CompileResult;
  beforeAll(async () => {
    compiled = await compile(
      project({
        'assigned.ts': declaration('assigned', validItems),
        'detect-only.ts': declaration('detect-only', [`{ allDevices: true, ${daily} }`], { checks: 'bitLockerStatus()' }),
        'unassigned.ts': declaration('unassigned', [], { raw: '[]' }),
      }),
    );
    expect(compiled.diagnostics).toEqual([]);
    bare = await compile(project({ 'assigned.ts': declaration('assigned', [], { raw: null }) }));
    expect(bare.diagnostics).toEqual([]);
  });
  const model = (id: string) => compiled.remediations.find((r) => r.id === id)!;

  it('lower to the model with every default resolved, each knowing where it is declared', () => {
    const assignments = model('assigned').assignments!;
    expect(assignments.map(({ at: _at, ...rest }) => rest)).toEqual(expectedModels);
    const lines = declaration('assigned', validItems).split('\n');
    expect(assignments.map((a) => `${a.at.file}:${a.at.line}:${a.at.column}`)).toEqual(validItems.map((_, i) => `remediations/assigned.ts:${FIRST_LINE + i}:5`));
    expect(assignments[0]!.at.lineText).toBe(lines[FIRST_LINE - 1]);
  });

  it('`assignments: []` is none in the model; left out, it is null (not the declaration\'s to say)', () => {
    expect(model('unassigned').assignments).toEqual([]);
    expect(bare.remediations[0]!.assignments).toBeNull();
  });

  it('a detect-only remediation may be assigned', () => {
    expect(model('detect-only').detectOnly).toBe(true);
    expect(model('detect-only').assignments!.map((a) => a.target)).toEqual([{ kind: 'allDevices' }]);
  });

  it('are not in the build output but the README: remediation.json, index.json and the scripts are as without them', () => {
    for (const [file, bytes] of compiled.artifacts) {
      if (!file.startsWith('assigned/') || file.endsWith('README.md')) continue;
      expect(bytes.toString('latin1'), file).not.toMatch(/Pilot devices|assignments/);
    }
    const entry = (c: CompileResult) => JSON.parse(c.artifacts.get('index.json')!.toString('utf8')).remediations.find((e: { id: string }) => e.id === 'assigned');
    // The declarations differ (so do their sha256 and the scripts' first line); every other field is the same.
    const { source: _s1, files: _f1, ...a } = entry(compiled);
    const { source: _s2, files: _f2, ...b } = entry(bare);
    expect(a).toEqual(b);
    const payload = (c: CompileResult) => {
      const { detectionScriptContent: _d, remediationScriptContent: _r, ...rest } = JSON.parse(c.artifacts.get('assigned/remediation.json')!.toString('utf8'));
      return rest;
    };
    expect(payload(compiled)).toEqual(payload(bare));
    for (const script of ['assigned/detect.ps1', 'assigned/remediate.ps1']) {
      const body = (c: CompileResult) => c.artifacts.get(script)!.toString('latin1').split('\r\n').slice(1).join('\r\n');
      expect(body(compiled) === body(bare), script).toBe(true);
    }
  });

  it('in YAML make the same model by the same rules, each at its YAML line', async () => {
    const fromYaml = await compile(project({ 'assigned.remc.yaml': validYaml }));
    expect(fromYaml.diagnostics).toEqual([]);
    const assignments = fromYaml.remediations[0]!.assignments!;
    expect(assignments.map(({ at: _at, ...rest }) => rest)).toEqual(expectedModels);
    expect(assignments.map((a) => `${a.at.file}:${a.at.line}:${a.at.column}`)).toEqual([7, 9, 10, 14, 16, 19, 21].map((line) => `remediations/assigned.remc.yaml:${line}:5`));
  });
});

describe('wrong assignments in YAML', () => {
  const yaml = `id: wrong
displayName: x
description: x
publisher: x
runAs: system
assignments:
  - group: Pilot devices
    schedule: { daily: '25:00' }
  - group: Kiosks
    exclude: true
    filter: { name: Kiosk filter, mode: include }
  - allDevices: true
    schedule:
      hourly: 30
  - group: PILOT devices
    schedule: { once: 2025-13-01T02:00 }
  - alldevices: true
    schedule: { daily: '02:00' }
checks:
  - template: serviceState
    name: Spooler
    status: running
`;

  it('are reported at the YAML file:line:column of the key at fault, with the same codes', async () => {
    const compiled = await compile(project({ 'wrong.remc.yaml': yaml }));
    expect(compiled.diagnostics.map((d) => `${d.code} ${d.location!.file}:${d.location!.line}:${d.location!.column} ${d.message}`)).toEqual([
      "REMC056 remediations/wrong.remc.yaml:8:17 assignments[0].schedule.daily must be a time of day 'HH:MM' from 00:00 to 23:59, got \"25:00\"",
      "REMC056 remediations/wrong.remc.yaml:11:5 assignments[1] excludes its group, so it takes no filter (exclude the group, or include it with a filter of mode 'exclude')",
      'REMC056 remediations/wrong.remc.yaml:14:7 assignments[2].schedule.hourly must be a whole number of hours from 1 to 23, got 30',
      'REMC056 remediations/wrong.remc.yaml:15:5 assignments[3] names group "PILOT devices" again (first in assignments[0]); give each target one assignment',
      'REMC056 remediations/wrong.remc.yaml:16:17 assignments[3].schedule.once: 2025-13-01 is not a date of the calendar',
      "REMC013 remediations/wrong.remc.yaml:17:5 'alldevices' is not a key of an assignment; did you mean 'allDevices'?",
    ]);
    const duplicate = compiled.diagnostics[3]!;
    expect(duplicate.notes?.map((n) => `${n.location.line}:${n.location.column} ${n.message}`)).toEqual(['7:5 the first assignment of group "Pilot devices"']);
    expect(compiled.diagnostics[0]!.location!.lineText).toBe("    schedule: { daily: '25:00' }");
  });
});

describe('the JSON Schema for editors (docs/schema/remc-declaration.schema.json)', () => {
  const schema = JSON.parse(readFileSync(path.join(root, 'docs', 'schema', 'remc-declaration.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema.properties.assignments);
  const base = { schedule: { daily: '02:00' } };

  it('accepts every valid assignment', () => {
    const valid = [
      { group: 'Pilot devices', ...base },
      { group: 'Kiosks', exclude: true },
      { allDevices: true, filter: { name: 'Windows 11', mode: 'exclude' }, schedule: { hourly: 4 } },
      { allUsers: true, schedule: { once: '2028-02-29T23:59', useUtc: true } },
      { group: 'Weekly', schedule: { daily: '00:00', everyDays: 23, useUtc: false } },
    ];
    expect(validate(valid), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['two targets', { group: 'A', allDevices: true, ...base }],
    ['no target', { ...base }],
    ['an empty group', { group: '', ...base }],
    ['a group over 256 characters', { group: 'g'.repeat(257), ...base }],
    ['an excluded allDevices', { allDevices: true, exclude: true }],
    ['an exclusion with a schedule', { group: 'K', exclude: true, ...base }],
    ['an exclusion with a filter', { group: 'K', exclude: true, filter: { name: 'f', mode: 'include' } }],
    ['no schedule', { group: 'P' }],
    ['a time past 23:59', { group: 'P', schedule: { daily: '24:00' } }],
    ['hourly 24', { group: 'P', schedule: { hourly: 24 } }],
    ['everyDays 0', { group: 'P', schedule: { daily: '02:00', everyDays: 0 } }],
    ['useUtc on hourly', { group: 'P', schedule: { hourly: 2, useUtc: true } }],
    ['two kinds of schedule', { group: 'P', schedule: { daily: '02:00', hourly: 2 } }],
    ['a filter mode', { group: 'P', filter: { name: 'f', mode: 'only' }, ...base }],
    ['an unknown key', { grup: 'P', ...base }],
  ])('rejects %s', (_name, item) => {
    expect(validate([item])).toBe(false);
  });
});
