/**
 * The universal invariants: what every step of every scenario `remc test` runs must keep, whatever
 * the remediation and its templates (compiler/declare/scenario-spec.ts: the scenario format, and
 * what templates' own invariants add).
 */
import type { FakeState, ScenarioInvariant } from './scenario-spec.ts';

/** Keys of the fakes' state that record what was asked (logs), not what the machine is. */
const OBSERVATIONS = /(Queries|Calls|Readings|Filters)$|^(Now|Host32Bit|Relaunches)$/;

/** JSON with object keys sorted: a hashtable's key order changes when the state is saved and read back. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function world(state: FakeState): string {
  return canonical(Object.fromEntries(Object.entries(state).filter(([k]) => !OBSERVATIONS.test(k))));
}

/** The marker's text without its Sightings, so a detection's count of them compares as no change. */
function withoutSightings(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  try {
    // What detection decides is left out too: the verdict on the last fix's proof, and NotHeld (checked by proofProblem).
    const { Sightings: _, NotHeld: _n, Proof, LastFixUtc, ...rest } = JSON.parse(marker) as Record<string, unknown>;
    if (Proof && typeof Proof === 'object') {
      const { Verdict: _v, Evidence: _e, DecidedUtcTicks: _d, ...kept } = Proof as Record<string, unknown>;
      rest['Proof'] = kept;
    }
    // A marker that holds only sightings is, to this comparison, no marker at all.
    if (LastFixUtc === null && Object.values(rest).every((v) => v === null || (Array.isArray(v) && v.length === 0) || typeof v === 'number')) return undefined;
    return canonical({ LastFixUtc, ...rest });
  } catch {
    return marker;
  }
}

/**
 * What detection may do to the proof of the last fix: decide a pending one once (held, not held,
 * unknown), never change a decided one, and add that fix's time to NotHeld exactly when it did not hold.
 */
function proofProblem(before: string | undefined, after: string | undefined): string | undefined {
  if (before === undefined || after === undefined) return undefined;
  try {
    type Proofed = { Proof?: { FixUtcTicks?: string; Verdict?: string } | null; NotHeld?: string[] };
    const b = JSON.parse(before) as Proofed;
    const a = JSON.parse(after) as Proofed;
    const was = b.Proof?.Verdict;
    const now = a.Proof?.Verdict;
    if (was !== undefined && was !== 'pending' && now !== was) return `detection changed a decided proof (${was}) to ${now}`;
    const added = (a.NotHeld ?? []).filter((t, i) => (b.NotHeld ?? [])[i] !== t);
    const expected = was === 'pending' && now === 'not held' ? [a.Proof!.FixUtcTicks] : [];
    if (added.join() !== expected.join()) return `detection added ${JSON.stringify(added)} to NotHeld (the proof went from ${was} to ${now})`;
    return undefined;
  } catch {
    return undefined;
  }
}

/** .NET ticks of the Unix epoch: the marker keeps its times as ticks (100 ns since 0001-01-01). */
const EPOCH_TICKS = 621_355_968_000_000_000n;

/**
 * The marker as a run at `at` leaves it when it holds a time from the future (state.ps1's
 * Read-RemcState): such a time counts as now (a clock that went back must neither hold fixes for years
 * nor forget their count), and the clamped marker is written back.
 */
function clampedTo(marker: string | undefined, at: string): string | undefined {
  if (marker === undefined) return undefined;
  try {
    const m = JSON.parse(marker) as Record<string, unknown>;
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) return marker;
    const now = BigInt(ms) * 10_000n + EPOCH_TICKS;
    const ticks = (v: unknown): bigint | undefined => (typeof v === 'string' && /^[0-9]{1,18}$/.test(v) ? BigInt(v) : undefined);
    const last = ticks(m['LastFixUtcTicks']);
    if (last === undefined || last <= 0n) return marker;
    const attempts = (Array.isArray(m['Attempts']) ? m['Attempts'] : []).map(ticks).filter((t): t is bigint => t !== undefined && t > 0n);
    if (last <= now && attempts.every((t) => t <= now)) return marker;
    const fix = last > now ? now : last;
    m['LastFixUtcTicks'] = fix.toString();
    if (last > now) m['LastFixUtc'] = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    m['Attempts'] = attempts.map((t) => (t > now ? now : t)).filter((t) => t <= fix).map(String);
    return JSON.stringify(m);
  } catch {
    return marker;
  }
}

export const UNIVERSAL_INVARIANTS: readonly ScenarioInvariant[] = [
  {
    name: 'exits 0 or 1',
    check: ({ step }) => (step.exitCode === 0 || step.exitCode === 1 ? undefined : `exit code ${step.exitCode}`),
  },
  {
    name: 'writes nothing on stderr',
    check: ({ step }) => (step.stderr === '' ? undefined : `stderr: ${step.stderr.trim().split(/\r?\n/).slice(0, 3).join(' / ')}`),
  },
  {
    name: 'ends with one summary line of at most 2,048 printable ASCII characters naming the remediation',
    check: ({ step, remediation }) => {
      const line = step.lastLine;
      if (line.length > 2048) return `the last line is ${line.length} characters long`;
      if (!/^[\x20-\x7e]+$/.test(line)) return `the last line is empty or not printable ASCII: ${JSON.stringify(line.slice(0, 200))}`;
      if (!line.startsWith(`[${remediation.id}] `)) return `the last line does not start with [${remediation.id}]: ${line.slice(0, 200)}`;
      return undefined;
    },
  },
  {
    name: 'writes an outcome that keeps the check protocol and agrees with its exit code and last line',
    check: ({ step, remediation }) => {
      if (step.outcomeProblems.length > 0) return step.outcomeProblems.slice(0, 3).join('; ');
      const o = step.outcome;
      if (o.ExitCode !== step.exitCode) return `the outcome says exit ${o.ExitCode}, the script exited ${step.exitCode}`;
      if (o.Summary !== step.lastLine) return `the outcome's summary differs from the last line: ${o.Summary.slice(0, 200)}`;
      if (o.Remediation !== remediation.id || o.Script !== step.script) return `the outcome is of ${o.Remediation} ${o.Script}`;
      const names = o.Checks.map((c) => c.Name).join(',');
      if (o.Status !== 'ERROR' && names !== remediation.checks.map((c) => c.name).join(',')) return `the outcome reports the checks ${names}`;
      const ran = o.Checks.filter((c) => c.Fix === 'fixed' || c.Fix === 'reported' || c.Fix === 'failed');
      if (step.script === 'detect' && ran.length > 0) return `detection reports fixes: ${ran.map((c) => c.Name).join(', ')}`;
      return undefined;
    },
  },
  {
    name: 'detection changes nothing',
    check: ({ step }) => {
      if (step.script !== 'detect') return undefined;
      // Detection may keep its count of symptoms awaiting confirmation, and count a time from the future
      // as now, and nothing else of the marker.
      const marker = withoutSightings(step.markerAfter);
      if (marker !== withoutSightings(step.markerBefore) && marker !== withoutSightings(clampedTo(step.markerBefore, step.at))) return 'detection changed the marker beyond its sightings';
      const proof = proofProblem(step.markerBefore, step.markerAfter);
      if (proof) return proof;
      const before = world(step.before);
      const after = world(step.state);
      if (before === after) return undefined;
      const keys = new Set([...Object.keys(step.before), ...Object.keys(step.state)]);
      const changed = [...keys].filter((k) => !OBSERVATIONS.test(k) && canonical(step.before[k]) !== canonical(step.state[k]));
      return `detection changed the simulated machine: ${changed.join(', ')}`;
    },
  },
  {
    name: 'a remediation that exits 0 leaves nothing for the next detection',
    check: ({ step, previous }) => {
      const last = previous[previous.length - 1];
      if (step.script !== 'detect' || step.changed || !last || last.script !== 'remediate' || last.exitCode !== 0 || last.at !== step.at) return undefined;
      if (step.exitCode === 0) return undefined;
      // A problem no fix answers: the remediation said so (ACTION NEEDED) and the detection keeps saying it.
      if (step.outcome.Status === 'ACTION NEEDED' && last.outcome.Status === 'ACTION NEEDED') return undefined;
      return `the remediation exited 0, but the detection after it exits ${step.exitCode}: ${step.lastLine}`;
    },
  },
];
