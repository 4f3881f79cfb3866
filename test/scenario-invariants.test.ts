/**
 * The universal invariant "detection changes nothing" allows exactly what the runtime's detection
 * writes into remc's own marker: its count of sightings, and a time from the future counted as now.
 */
import { describe, expect, it } from 'vitest';
import type { InvariantContext, StepView } from '../compiler/declare/scenario-spec.ts';
import { UNIVERSAL_INVARIANTS } from '../compiler/declare/universal-invariants.ts';

const invariant = UNIVERSAL_INVARIANTS.find((i) => i.name === 'detection changes nothing')!;

/** .NET ticks of an ISO time, as the marker keeps them. */
function ticks(iso: string): string {
  return ((BigInt(Date.parse(iso)) + 62_135_596_800_000n) * 10_000n).toString();
}

function marker(lastFix: string, attempts: readonly string[], sightings: readonly unknown[] = []): string {
  return JSON.stringify({ Protocol: 1, LastFixUtc: lastFix, LastFixUtcTicks: ticks(lastFix), Fixed: ['broker'], Attempts: attempts.map(ticks), Sightings: sightings });
}

function problem(at: string, before: string | undefined, after: string | undefined): string | undefined | void {
  const step = { label: 'detect', script: 'detect', at, changed: false, before: {}, state: {}, markerBefore: before, markerAfter: after } as unknown as StepView;
  return invariant.check({ step, previous: [], remediation: { id: 'x', runAs: 'user', coolDownHours: 24, detectOnly: false, checks: [] }, checks: [] } satisfies InvariantContext);
}

describe('detection changes nothing', () => {
  const now = '2026-11-25T12:00:00Z';
  const tomorrow = '2026-11-26T12:00:00Z';

  it('lets a detection count sightings', () => {
    const sighting = { Key: 'diagnosis:cause', Count: 1, LastUtcTicks: ticks(now) };
    expect(problem(now, marker('2026-11-20T12:00:00Z', ['2026-11-20T12:00:00Z']), marker('2026-11-20T12:00:00Z', ['2026-11-20T12:00:00Z'], [sighting]))).toBeUndefined();
  });

  it('lets a detection count a marker dated in the future as now, and nothing more', () => {
    const future = marker(tomorrow, [tomorrow, tomorrow, tomorrow]);
    expect(problem(now, future, future)).toBeUndefined();
    expect(problem(now, future, marker(now, [now, now, now]))).toBeUndefined();
    // Dropping the attempts, or moving the time anywhere else, is a change.
    expect(problem(now, future, marker(now, []))).toBe('detection changed the marker beyond its sightings');
    expect(problem(now, future, marker('2026-11-25T11:00:00Z', ['2026-11-25T11:00:00Z']))).toBe('detection changed the marker beyond its sightings');
    expect(problem(now, future, undefined)).toBe('detection changed the marker beyond its sightings');
  });

  it('does not let a detection rewrite a marker from the past', () => {
    const past = marker('2026-11-24T12:00:00Z', ['2026-11-24T12:00:00Z']);
    expect(problem(now, past, marker(now, [now]))).toBe('detection changed the marker beyond its sightings');
  });
});

describe('detection decides a proof', () => {
  const fix = '2026-11-25T12:05:00Z';
  const withProof = (verdict: string, notHeld: readonly string[] = [], checks = ['broker=diagnosis: os cause']) =>
    JSON.stringify({
      Protocol: 1, LastFixUtc: fix, LastFixUtcTicks: ticks(fix), Fixed: ['broker'], Attempts: [ticks(fix)], Sightings: [], NotHeld: notHeld.map(ticks),
      Proof: { FixUtcTicks: ticks(fix), Checks: checks, Verdict: verdict, Evidence: verdict === 'pending' ? null : 'x', DecidedUtcTicks: verdict === 'pending' ? null : ticks('2026-11-25T15:00:00Z') },
    });
  const at = '2026-11-25T15:00:00Z';

  it('lets a detection decide a pending proof once, and count a fix that did not hold', () => {
    expect(problem(at, withProof('pending'), withProof('held'))).toBeUndefined();
    expect(problem(at, withProof('pending'), withProof('unknown'))).toBeUndefined();
    expect(problem(at, withProof('pending'), withProof('not held', [fix]))).toBeUndefined();
  });

  it('does not let it change a decided proof, count a fix that held, or rewrite what the proof is of', () => {
    expect(problem(at, withProof('held'), withProof('not held', [fix]))).toBe('detection changed a decided proof (held) to not held');
    expect(problem(at, withProof('pending'), withProof('held', [fix]))).toMatch(/^detection added \[".*"\] to NotHeld \(the proof went from pending to held\)$/);
    expect(problem(at, withProof('pending'), withProof('not held'))).toBe('detection added [] to NotHeld (the proof went from pending to not held)');
    expect(problem(at, withProof('pending'), withProof('held', [], ['credentials=diagnosis: os cause']))).toBe('detection changed the marker beyond its sightings');
  });
});
