/**
 * Scenarios of registry-value, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1). A setup cannot know which values a remediation
 * declares, so the scenarios shape the whole simulated registry (`-Unlisted`: what every value the
 * setup does not list looks like, by default what the reading check declares; `-DenyRead` /
 * `-DenyWrite` patterns), and the invariants read each check's `Path`, `Name`, `Ensure`, `Type` and
 * `Value` from its config to say what must hold. What the fixes do is said of the checks with a drift
 * trigger; the scenario of a probe error is about the checks the runtime probes in every run
 * (`appliesTo`), not one whose fix only another check's symptom triggers (it stays idle until then).
 */
import { added, alwaysProbed, checkOutcome, stateList, PROBED_IN_EVERY_RUN, type CheckInfo, type FakeState, type RemediationInfo, type ScenarioApplicability, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';
import { eachUser, userScenarios } from './scenarios-users.ts';

/** The fakes' state records (fakes.ps1), as the JSON copy of $RemcFakeState shows them. */
interface RegKey {
  readonly Hive: string;
  readonly Key: string;
}
interface RegValue extends RegKey {
  readonly Name: string;
  readonly Kind: string;
  readonly Data: unknown;
}
interface RegCall extends RegKey {
  readonly Op: 'read' | 'create' | 'set' | 'delete' | 'delete-key';
  readonly Name: string | null;
  readonly Kind: string | null;
}

/** Where a check looks: its hive, key and value name (from the normalised `HKLM:\...` path); name null for a key check. */
interface Target {
  readonly hive: string;
  readonly key: string;
  readonly name: string | null;
  /** forEachUser: the HKCU key in every user's hive, HKU\\<SID>\\<key>. */
  readonly eachUser?: boolean;
}

/**
 * A healthy machine: every declared value already is as declared (`-Unlisted 'Declared'`, the
 * default), so this template's checks neither drift nor fix in other templates' scenarios.
 */
export const neutralSetup = 'Reset-RemcFakeRegistryValue';

const STALE = "New-RemcFakeRegistryValue -Kind String -Data 'remc-stale-value'";

function eq(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function targetOf(check: CheckInfo): Target | undefined {
  const m = /^(HKLM|HKCU|HKU):\\(.+)$/i.exec(String(check.config['Path'] ?? ''));
  const name = check.config['Name'];
  return m ? { hive: m[1]!.toUpperCase(), key: m[2]!, name: name === null || name === undefined ? null : String(name), eachUser: eachUser(check) } : undefined;
}

/** `r` is the target's key (a key call, or any record when Name is not asked) or its value. */
function at(t: Target, r: { Hive: string; Key: string; Name?: string | null }): boolean {
  const perUser = t.eachUser === true && eq(r.Hive, 'HKU') && r.Key.includes('\\') && eq(r.Key.slice(r.Key.indexOf('\\') + 1), t.key);
  if (!perUser && (!eq(r.Hive, t.hive) || !eq(r.Key, t.key))) return false;
  if (r.Name === undefined) return true;
  return t.name === null ? r.Name === null : r.Name !== null && eq(r.Name, t.name);
}

/** PowerShell's -like, for the fakes' patterns (`*` and `?`), case-insensitive. */
function like(text: string, pattern: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(text);
}

/** A check in a user's hive below HKU (a SID's, not .DEFAULT's). */
function inUserHive(check: CheckInfo): boolean {
  return /^HKU:\\S-1-(5-21|12-1)-/i.test(String(check.config['Path'] ?? ''));
}

/** `key` is `k` or lies below it. */
function within(k: RegKey, hive: string, key: string): boolean {
  return eq(k.Hive, hive) && (eq(k.Key, key) || key.toLowerCase().startsWith(`${k.Key.toLowerCase()}\\`));
}

function show(t: Target): string {
  return t.name === null ? `${t.hive}:\\${t.key}` : `${t.hive}:\\${t.key}\\${t.name === '' ? '(Default)' : t.name}`;
}

/** A key check that wants its key gone: the only one whose fix may delete a key. */
function deletesKey(check: CheckInfo): boolean {
  return targetOf(check)?.name === null && check.config['Ensure'] === 'absent';
}

/** Whether `key` exists in the simulated registry, as Test-RemcFakeRegistryKey decides it for `check`'s probe. */
function keyExists(state: FakeState, check: CheckInfo, hive: string, key: string): boolean {
  const first = key.split('\\')[0]!;
  if (hive === 'HKU' && ((state['RegistryUnloaded'] as string[] | undefined) ?? []).some((sid) => like(first, sid))) return false;
  if (hive === 'HKU' && eq(key, first)) return true;
  const listed = stateList<RegKey>(state, 'RegistryKeys').some((k) => eq(k.Hive, hive) && (eq(k.Key, key) || k.Key.toLowerCase().startsWith(`${key.toLowerCase()}\\`)));
  if (stateList<RegKey>(state, 'RegistryRemovedKeys').some((k) => within(k, hive, key))) return listed;
  const unlisted = state['RegistryUnlisted'];
  if (unlisted === 'NoKey' || unlisted === null || unlisted === undefined) return listed;
  const t = targetOf(check);
  if (unlisted === 'Declared' && t && deletesKey(check) && within({ Hive: t.hive, Key: t.key }, hive, key)) return listed;
  return true;
}

/**
 * The value `check` reads in the simulated registry, as Get-RemcFakeRegistryCurrent finds it (with
 * `-Unlisted 'Declared'`, an unlisted value holds what the check declares); null when there is none.
 */
function valueOf(state: FakeState, check: CheckInfo): { Kind: string; Data: unknown } | null {
  const t = targetOf(check);
  if (!t || t.name === null || !keyExists(state, check, t.hive, t.key)) return null;
  const listed = stateList<RegValue>(state, 'RegistryValues').find((v) => at(t, v));
  if (listed) return listed;
  const unlisted = state['RegistryUnlisted'];
  if (unlisted === 'NoKey' || unlisted === 'NoValue' || unlisted === null || unlisted === undefined) return null;
  if (stateList<RegValue>(state, 'RegistryRemoved').some((v) => at(t, v))) return null;
  if (unlisted === 'Declared') return check.config['Ensure'] === 'absent' ? null : declaredValue(check);
  return unlisted as { Kind: string; Data: unknown };
}

/** What Get-RemcFakeRegistryDeclared makes of a check's declaration: its data, its bits set, or some data of its kind. */
function declaredValue(check: CheckInfo): { Kind: string; Data: unknown } {
  const bits = check.config['Bits'] as { Set: number } | null;
  if (bits) return { Kind: 'DWord', Data: bits.Set | 0 };
  const type = check.config['Type'] === null ? 'String' : String(check.config['Type']);
  if (check.config['Value'] === null) return { Kind: type, Data: type === 'DWord' || type === 'QWord' ? 1 : type === 'MultiString' ? ['remc-some-data'] : type === 'Binary' ? [1] : 'remc-some-data' };
  return { Kind: type, Data: wantedData(check) };
}

/** The declared data as the fakes store it (what RegistryKey.GetValue returns, through JSON). */
function wantedData(check: CheckInfo): unknown {
  const type = String(check.config['Type']);
  const value = check.config['Value'];
  if (type === 'DWord') {
    const n = Number(value);
    return n > 0x7fffffff ? n - 0x100000000 : n;
  }
  if (type === 'QWord') {
    const n = BigInt(String(value));
    return Number(n > 0x7fffffffffffffffn ? n - 0x10000000000000000n : n);
  }
  if (type === 'Binary' || type === 'MultiString') return Array.isArray(value) ? value : [value];
  return value;
}

function sameData(a: unknown, b: unknown): boolean {
  const list = (x: unknown) => (Array.isArray(x) ? x : x === null || x === undefined ? [] : [x]);
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = list(a);
    const y = list(b);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return a === b;
}

/** Whether the simulated registry holds `check`'s value (or key) as declared. */
function asDeclared(state: FakeState, check: CheckInfo): boolean {
  const t = targetOf(check);
  if (!t) return false;
  if (t.name === null) return keyExists(state, check, t.hive, t.key) === (check.config['Ensure'] !== 'absent');
  const v = valueOf(state, check);
  if (check.config['Ensure'] === 'absent') return v === null;
  if (v === null) return false;
  const bits = check.config['Bits'] as { Set: number; Clear: number } | null;
  if (bits) return v.Kind === 'DWord' && typeof v.Data === 'number' && (v.Data & bits.Set) === (bits.Set | 0) && (v.Data & bits.Clear) === 0;
  if (check.config['Value'] === null) return check.config['Type'] === null || v.Kind === check.config['Type'];
  return v.Kind === String(check.config['Type']) && sameData(v.Data, wantedData(check));
}

function onDrift(check: CheckInfo): boolean {
  return check.hasFix && check.triggers.some((t) => t.kind === 'drift');
}

/** The targets of `checks`, and of every forEachUser check of the remediation (its writes are its own, whichever scenario runs). */
function targetsOf(checks: readonly CheckInfo[], remediation: RemediationInfo): Target[] {
  const all = [...checks, ...remediation.checks.filter((c) => c.template === 'registry-value' && eachUser(c) && !checks.includes(c))];
  return all.map(targetOf).filter((t): t is Target => t !== undefined);
}

/** The scenarios written for one value in one hive: a forEachUser check has scenarios of its own (scenarios-users.ts). */
const NOT_EACH_USER: ScenarioApplicability = { check: (c) => !eachUser(c), reason: 'it keeps its value for every user (forEachUser): the forEachUser scenarios are about it' };

function notEachUser(a: ScenarioApplicability): ScenarioApplicability {
  return { check: (c, r) => !eachUser(c) && a.check(c, r), reason: `${a.reason}; or it keeps its value for every user (forEachUser)` };
}

function writes(step: StepView): RegCall[] {
  return added<RegCall>(step, 'RegistryCalls').filter((c) => c.Op !== 'read');
}

function describeCall(c: RegCall): string {
  return `${c.Op} ${c.Hive}:\\${c.Key}${c.Name === null ? '' : `\\${c.Name}`}`;
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'writes and deletes only the values its checks declare',
    check: ({ step, checks, remediation }) => {
      const targets = targetsOf(checks, remediation);
      const bad = writes(step).filter((c) => !targets.some((t) => (c.Op === 'create' ? at(t, { Hive: c.Hive, Key: c.Key }) : c.Op === 'delete-key' ? t.name === null && at(t, c) : at(t, c))));
      return bad.length > 0 ? `${bad.map(describeCall).join(', ')} (declared: ${targets.map(show).join(', ')})` : undefined;
    },
  },
  {
    name: 'values no check declares stay as they were',
    check: ({ step, checks, remediation }) => {
      const targets = targetsOf(checks, remediation);
      // A value is a check's when the check declares it, or declares its key absent.
      const gone = checks.filter(deletesKey).map(targetOf).filter((t): t is Target => t !== undefined);
      const mine = (v: RegValue) => targets.some((t) => at(t, v)) || gone.some((t) => at(t, { Hive: v.Hive, Key: v.Key }));
      const after = stateList<RegValue>(step.state, 'RegistryValues');
      for (const v of stateList<RegValue>(step.before, 'RegistryValues').filter((x) => !mine(x))) {
        const now = after.find((x) => eq(x.Hive, v.Hive) && eq(x.Key, v.Key) && eq(x.Name, v.Name));
        if (!now || now.Kind !== v.Kind || JSON.stringify(now.Data) !== JSON.stringify(v.Data)) return `${v.Hive}:\\${v.Key}\\${v.Name} changed`;
      }
      return undefined;
    },
  },
  {
    name: 'deletes only a key a check declares absent, and never one with subkeys',
    check: ({ step, checks }) => {
      const after = stateList<RegKey>(step.state, 'RegistryKeys');
      const allowed = checks.filter(deletesKey).map(targetOf).filter((t): t is Target => t !== undefined);
      const before = stateList<RegKey>(step.before, 'RegistryKeys');
      const gone = before.filter((k) => !after.some((a) => eq(a.Hive, k.Hive) && eq(a.Key, k.Key)));
      const bad = gone.filter((k) => !allowed.some((t) => at(t, { Hive: k.Hive, Key: k.Key })) || before.some((b) => eq(b.Hive, k.Hive) && b.Key.toLowerCase().startsWith(`${k.Key.toLowerCase()}\\`)));
      return bad.length > 0 ? `keys gone: ${bad.map((k) => `${k.Hive}:\\${k.Key}`).join(', ')}` : undefined;
    },
  },
  {
    name: 'detection writes nothing',
    check: ({ step }) => (step.script === 'detect' && writes(step).length > 0 ? `detection called ${writes(step).map(describeCall).join(', ')}` : undefined),
  },
  {
    name: 'report-only writes nothing',
    check: ({ step, checks }) => {
      const quiet = checks.filter((k) => k.config['ReportOnly'] === true).map(targetOf).filter((t): t is Target => t !== undefined);
      const bad = writes(step).filter((c) => c.Op !== 'create' && quiet.some((t) => at(t, c)));
      return bad.length > 0 ? `a report-only check called ${bad.map(describeCall).join(', ')}` : undefined;
    },
  },
  {
    name: 'a fix that reports success leaves its value as declared',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        const outcome = checkOutcome(step, k.name);
        if (outcome?.Fix !== 'fixed') continue;
        if (!asDeclared(step.state, k)) return `${k.name} says "${outcome.FixSummary ?? ''}", but the registry does not hold ${show(targetOf(k)!)} as declared`;
        if (outcome.After && outcome.After.State !== 'ok') return `${k.name} was fixed, but the probe after it says ${outcome.After.State}: ${outcome.After.Summary}`;
      }
      return undefined;
    },
  },
];

/**
 * With a drift trigger: a check whose value is not as declared is due in detection, fixed by the
 * remediation (reported only, with reportOnly) and in its desired state afterwards; a check whose value
 * already is as declared stays ok and is never fixed.
 */
const healedOnDrift: ScenarioInvariant = {
  name: 'with a drift trigger, a value not as declared is due, fixed, and as declared afterwards',
  check: ({ step, checks, previous }) => {
    const first = previous[0] ?? step;
    for (const k of checks.filter(onDrift)) {
      const o = checkOutcome(step, k.name);
      if (!o) return `${k.name}: no outcome`;
      const wasDeclared = asDeclared(first.before, k);
      const reportOnly = k.config['ReportOnly'] === true;
      if (wasDeclared) {
        if (o.Probe.State !== 'ok' || o.Fix !== 'none') return `${k.name} was as declared from the start, but: ${o.Probe.State}, fix ${o.Fix}: ${o.Probe.Summary}`;
        continue;
      }
      if (step.label === 'detect' && (o.Probe.State !== 'drift' || o.Fix !== 'due')) return `${k.name} in detection: ${o.Probe.State}, fix ${o.Fix}: ${o.Probe.Summary}`;
      if (step.label === 'remediate') {
        const want = reportOnly ? 'reported' : 'fixed';
        if (o.Fix !== want) return `${k.name} in the remediation: fix ${o.Fix} (expected ${want}): ${o.FixError ?? o.FixSummary ?? o.Probe.Summary}`;
        if (!reportOnly && !asDeclared(step.state, k)) return `${k.name}: ${show(targetOf(k)!)} is not as declared after the fix`;
      }
      if (step.label === 'detect again' && !reportOnly && o.Probe.State !== 'ok') return `${k.name} after the remediation: ${o.Probe.State}: ${o.Probe.Summary}`;
    }
    return undefined;
  },
};

/** Every write fails: each due fix fails with `reason`, the remediation exits 1, and the registry is as before. */
function failsToWrite(reason: RegExp): ScenarioInvariant {
  return {
    name: `a due fix fails saying ${String(reason)}, and changes nothing`,
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      let failed = false;
      for (const k of checks.filter(onDrift)) {
        const o = checkOutcome(step, k.name);
        if (!o || o.Fix === 'none' || o.Fix === 'reported') continue;
        if (o.Fix !== 'failed' || !reason.test(o.FixError ?? '')) return `${k.name}: fix ${o.Fix}: ${o.FixError ?? o.FixSummary ?? ''}`;
        failed = true;
      }
      if (failed && step.exitCode !== 1) return `exit ${step.exitCode} after a failed fix: ${step.lastLine}`;
      const world = (s: FakeState) => JSON.stringify([stateList(s, 'RegistryValues'), stateList(s, 'RegistryKeys'), stateList(s, 'RegistryRemovedKeys')]);
      return world(step.state) === world(step.before) ? undefined : 'the registry changed although every write failed';
    },
  };
}

export const scenarios: TemplateScenario[] = [
  {
    name: 'every declared value is already as declared',
    appliesTo: NOT_EACH_USER,
    setup: neutralSetup,
    invariants: [healedOnDrift],
  },
  {
    name: 'the declared keys do not exist (a machine the setting never reached)',
    appliesTo: NOT_EACH_USER,
    setup: "Reset-RemcFakeRegistryValue -Unlisted 'NoKey'",
    invariants: [healedOnDrift],
  },
  {
    name: 'every key exists, no declared value does',
    appliesTo: NOT_EACH_USER,
    setup: "Reset-RemcFakeRegistryValue -Unlisted 'NoValue'",
    invariants: [healedOnDrift],
  },
  {
    name: 'a stale REG_SZ sits where every check looks',
    appliesTo: NOT_EACH_USER,
    setup: `Reset-RemcFakeRegistryValue -Unlisted (${STALE})`,
    invariants: [healedOnDrift],
  },
  {
    name: 'writing is denied everywhere (the key ACL or a user context)',
    appliesTo: NOT_EACH_USER,
    setup: `Reset-RemcFakeRegistryValue -Unlisted (${STALE}) -DenyWrite '*'`,
    invariants: [failsToWrite(/^access denied: cannot (write|delete|create) /)],
  },
  {
    name: 'something else writes the value back at once (a policy, an app)',
    appliesTo: NOT_EACH_USER,
    setup: `Reset-RemcFakeRegistryValue -Unlisted (${STALE}) -WritesDoNotStick`,
    invariants: [failsToWrite(/^something else (writes this value back \(a policy or an app\): (wrote|deleted)|puts this key back \(a policy or an app\): tried to (create|delete)) /)],
  },
  {
    name: "a user's hive is not loaded (the user is not signed in)",
    appliesTo: {
      check: (check, remediation) => !eachUser(check) && alwaysProbed(check, remediation) && inUserHive(check),
      reason: "its path is not in a user's hive below HKU, or its probe waits for another check's symptom",
    },
    setup: "Reset-RemcFakeRegistryValue -Unlisted 'NoKey' -Unloaded 'S-1-5-21-*', 'S-1-12-1-*'",
    invariants: [
      {
        name: 'every step exits 1 saying the hive is not loaded, and nothing is written',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const o = checkOutcome(step, k.name);
            if (!o) return `${k.name}: no outcome`;
            if (o.Probe.State !== 'error' || !/^HKU:\\\S+ is not loaded /.test(o.Probe.Error ?? '')) return `${k.name}: ${o.Probe.State}: ${o.Probe.Error ?? o.Probe.Summary}`;
          }
          // Other checks of the remediation (outside HKU's user hives) may fix what the setup left them.
          const hives = checks.map(targetOf).filter((t): t is Target => t !== undefined);
          const mine = writes(step).filter((c) => hives.some((t) => eq(c.Hive, t.hive) && eq(c.Key.split('\\')[0]!, t.key.split('\\')[0]!)));
          if (mine.length > 0) return `called ${mine.map(describeCall).join(', ')}`;
          return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
        },
      },
    ],
  },
  {
    name: 'reading is denied everywhere',
    appliesTo: notEachUser(PROBED_IN_EVERY_RUN),
    setup: `Reset-RemcFakeRegistryValue -Unlisted (${STALE}) -DenyRead '*'`,
    invariants: [
      {
        name: 'every step exits 1 with the probe error, and no fix runs',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const o = checkOutcome(step, k.name);
            if (!o) return `${k.name}: no outcome`;
            if (o.Probe.State !== 'error' || !/^access denied: cannot read /.test(o.Probe.Error ?? '')) return `${k.name}: ${o.Probe.State}: ${o.Probe.Error ?? o.Probe.Summary}`;
            if (o.Fix === 'fixed' || o.Fix === 'failed' || o.Fix === 'reported') return `${k.name}: a fix ran on a probe error (${o.Fix})`;
          }
          if (writes(step).length > 0) return `called ${writes(step).map(describeCall).join(', ')}`;
          return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
        },
      },
    ],
  },
  ...userScenarios,
];
