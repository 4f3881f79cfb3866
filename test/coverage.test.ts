/**
 * What `remc test` counts as proven (compiler/proof/coverage.ts), on outcomes made by hand: a check
 * with a fix needs each declared trigger to fire and its fix to run in a remediation step; a check
 * without one needs to be seen both out of and in its desired state.
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage, triggerLabel, unprovenLines, type CoverageCheck } from '../compiler/proof/coverage.ts';
import type { CheckOutcome, RunOutcome } from '../compiler/protocol.ts';

type Probe = CheckOutcome['Probe'];

function probe(State: Probe['State'], Cause: Probe['Cause'] = null): Probe {
  return { State, Summary: '', Cause, Advice: null, Error: State === 'error' ? 'boom' : null };
}

function check(Name: string, over: Partial<CheckOutcome> = {}): CheckOutcome {
  return { Name, Probe: probe('ok'), Trigger: null, Held: null, Fix: 'none', FixSummary: null, FixError: null, After: null, ...over };
}

function outcome(Script: RunOutcome['Script'], ...Checks: CheckOutcome[]): RunOutcome {
  return { Protocol: 1, Remediation: 'r', Script, Status: 'OK', ExitCode: 0, Summary: '[r] OK', Checks };
}

const diagnosis: CoverageCheck = { name: 'diagnosis', hasFix: false, triggers: [] };
const signal: CoverageCheck = { name: 'signal', hasFix: false, triggers: [] };
const broker: CoverageCheck = { name: 'broker', hasFix: true, triggers: [{ kind: 'drift' }, { kind: 'cause', check: 'diagnosis', causes: ['os'] }] };
const cleanup: CoverageCheck = { name: 'cleanup', hasFix: true, triggers: [{ kind: 'finding', check: 'signal' }] };

describe('coverage of a check with a fix', () => {
  it('is proven when every declared trigger fired and the fix ran in a remediation step', () => {
    const steps = [
      outcome('detect', check('broker', { Probe: probe('drift'), Trigger: 'drift', Fix: 'due' })),
      outcome('remediate', check('broker', { Probe: probe('drift'), Trigger: 'drift', Fix: 'fixed', After: probe('ok') })),
      // The runtime names the symptom a cause trigger fired on: 'diagnosis: os cause'.
      outcome('detect', check('broker', { Trigger: 'diagnosis: os cause', Fix: 'due' })),
    ];
    const c = computeCoverage([broker], steps);
    expect(c).toEqual({
      proven: true,
      steps: 3,
      checks: [{ check: 'broker', hasFix: true, proven: true, triggers: [{ trigger: 'drift', fired: true }, { trigger: 'diagnosis:os', fired: true }], fixRan: true, missing: [] }],
    });
    expect(unprovenLines(c)).toEqual([]);
  });

  it('counts an allOf as fired only when the runtime names every part, in either order', () => {
    const both: CoverageCheck = { name: 'cleanup', hasFix: true, triggers: [{ kind: 'all', parts: [{ kind: 'drift' }, { kind: 'finding', check: 'signal' }] }, { kind: 'finding', check: 'signal' }] };
    expect(triggerLabel(both.triggers[0]!)).toBe('allOf(drift + finding:signal)');
    // A single part's symptom is the plain finding, not the allOf; the runtime names the allOf's parts.
    const partOnly = computeCoverage([both], [outcome('remediate', check('cleanup', { Trigger: 'signal: found', Fix: 'fixed' }))]);
    expect(partOnly.checks[0]!.missing).toEqual(['trigger allOf(drift + finding:signal) never fired']);
    const fired = computeCoverage([both], [outcome('remediate', check('cleanup', { Trigger: 'signal: found + drift', Fix: 'fixed' }))]);
    expect(fired.checks[0]!.triggers).toEqual([{ trigger: 'allOf(drift + finding:signal)', fired: true }, { trigger: 'finding:signal', fired: false }]);
    const extra = computeCoverage([both], [outcome('remediate', check('cleanup', { Trigger: 'signal: found + drift + other: found', Fix: 'fixed' }))]);
    expect(extra.checks[0]!.triggers[0]!.fired).toBe(false);
  });

  it('names each trigger that never fired, and a fix that never ran', () => {
    const steps = [outcome('detect', check('broker', { Probe: probe('drift'), Trigger: 'drift', Fix: 'due' })), outcome('remediate', check('broker', { Probe: probe('drift'), Trigger: 'drift', Fix: 'held' }))];
    const c = computeCoverage([broker], steps);
    expect(c.proven).toBe(false);
    expect(c.checks[0]!.missing).toEqual(['trigger diagnosis:os never fired', 'fix never ran']);
    expect(unprovenLines(c)).toEqual(['broker: trigger diagnosis:os never fired; fix never ran']);
  });

  it('counts a fix that was reported only or failed as run, but never a due, held, confirming or escalated one, nor one a detection claims', () => {
    for (const Fix of ['fixed', 'reported', 'failed'] as const) {
      expect(computeCoverage([cleanup], [outcome('remediate', check('cleanup', { Trigger: 'signal: found', Fix }))]).proven, Fix).toBe(true);
    }
    for (const Fix of ['none', 'due', 'held', 'confirming', 'escalated'] as const) {
      expect(computeCoverage([cleanup], [outcome('remediate', check('cleanup', { Trigger: 'signal: found', Fix }))]).checks[0]!.missing, Fix).toEqual(['fix never ran']);
    }
    expect(computeCoverage([cleanup], [outcome('detect', check('cleanup', { Trigger: 'signal: found', Fix: 'fixed' }))]).checks[0]!.missing).toEqual(['fix never ran']);
  });

  it('matches a finding or cause trigger by the check it reads, in either spelling, and never by another check or cause', () => {
    const fired = (trigger: string, of: CoverageCheck = cleanup) => computeCoverage([of], [outcome('detect', check(of.name, { Trigger: trigger, Fix: 'due' }))]).checks[0]!.triggers.map((t) => t.fired);
    expect(fired('signal: found')).toEqual([true]);
    expect(fired('finding:signal')).toEqual([true]);
    expect(fired('crashes: found')).toEqual([false]);
    expect(fired('drift')).toEqual([false]);
    expect(fired('diagnosis: os cause', broker)).toEqual([false, true]);
    expect(fired('diagnosis:os', broker)).toEqual([false, true]);
    expect(fired('diagnosis: account cause', broker)).toEqual([false, false]);
    expect(fired('other: os cause', broker)).toEqual([false, false]);
    // A trigger on several causes fires on any of them.
    const either: CoverageCheck = { name: 'purge', hasFix: true, triggers: [{ kind: 'cause', check: 'diagnosis', causes: ['os', 'device'] }] };
    expect(triggerLabel(either.triggers[0]!)).toBe('diagnosis:os,device');
    expect(fired('diagnosis: device cause', either)).toEqual([true]);
  });

  it('is unproven with every trigger missing when no step ran (a custom check without scenarios)', () => {
    const c = computeCoverage([{ name: 'defender', hasFix: true, triggers: [{ kind: 'drift' }] }], []);
    expect(c).toEqual({ proven: false, steps: 0, checks: [{ check: 'defender', hasFix: true, proven: false, triggers: [{ trigger: 'drift', fired: false }], fixRan: false, missing: ['trigger drift never fired', 'fix never ran'] }] });
  });
});

describe('coverage of a check without a fix', () => {
  it('is proven when one step saw it out of its desired state and another in it', () => {
    const c = computeCoverage([signal], [outcome('detect', check('signal', { Probe: probe('drift') })), outcome('detect', check('signal'))]);
    expect(c.checks[0]).toEqual({ check: 'signal', hasFix: false, proven: true, triggers: [], seenOut: true, seenIn: true, missing: [] });
  });

  it('counts a cause other than none as out of its desired state, and never as in it', () => {
    const seen = (...probes: Probe[]) => computeCoverage([diagnosis], probes.map((p) => outcome('detect', check('diagnosis', { Probe: p })))).checks[0]!.missing;
    expect(seen(probe('ok', 'network'), probe('ok', 'none'))).toEqual([]);
    expect(seen(probe('ok', 'network'))).toEqual(['never seen in its desired state']);
    expect(seen(probe('drift', 'os'))).toEqual(['never seen in its desired state']);
    expect(seen(probe('ok', 'none'), probe('ok'))).toEqual(['never seen out of its desired state']);
  });

  it('does not count an error, a skipped or an idle probe either way', () => {
    const c = computeCoverage([signal], ['error', 'skipped', 'idle'].map((s) => outcome('detect', check('signal', { Probe: probe(s as Probe['State']) }))));
    expect(c.checks[0]!.missing).toEqual(['never seen out of its desired state', 'never seen in its desired state']);
    expect(unprovenLines(c)).toEqual(['signal: never seen out of its desired state; never seen in its desired state']);
  });

  it('reads every check of a remediation from the same steps: the remediation is proven only when all are', () => {
    const steps = [
      outcome('detect', check('signal', { Probe: probe('drift') }), check('cleanup', { Trigger: 'signal: found', Fix: 'due' })),
      outcome('remediate', check('signal', { Probe: probe('drift') }), check('cleanup', { Trigger: 'signal: found', Fix: 'fixed' })),
    ];
    const c = computeCoverage([signal, cleanup], steps);
    expect(c.checks.map((k) => [k.check, k.proven])).toEqual([['signal', false], ['cleanup', true]]);
    expect(c.proven).toBe(false);
    expect(computeCoverage([signal, cleanup], [...steps, outcome('detect', check('signal'), check('cleanup', { Probe: probe('idle') }))]).proven).toBe(true);
  });
});
