import { describe, expect, it } from 'vitest';
import { limit } from '../compiler/proof/run-scenario.ts';

/** A promise and its resolver, so a test decides the order in which work finishes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('limit', () => {
  it('returns the results in the items\' order without onDone', async () => {
    const results = await limit([3, 1, 2], 2, async (n) => n * 10);
    expect(results).toEqual([30, 10, 20]);
  });

  it('tells each result in order as soon as it and those before it are done, never more than limit at a time', async () => {
    const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
    let running = 0;
    let most = 0;
    const told: number[] = [];
    const all = limit([0, 1, 2], 2, async (i) => {
      running++;
      most = Math.max(most, running);
      await gates[i]!.promise;
      running--;
      return i;
    }, (r) => told.push(r));
    gates[1]!.resolve(); // the second finishes first: nothing is told until the first is done
    await new Promise((r) => setImmediate(r));
    expect(told).toEqual([]);
    gates[0]!.resolve();
    await new Promise((r) => setImmediate(r));
    expect(told).toEqual([0, 1]);
    gates[2]!.resolve();
    expect(await all).toEqual([0, 1, 2]);
    expect(told).toEqual([0, 1, 2]);
    expect(most).toBe(2);
  });
});
