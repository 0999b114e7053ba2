// The timing: warm-up runs not counted, samples of `repeat` runs each followed by the drain,
// systems interleaved round by round, an asynchronous run awaited, a budget that stops sampling,
// and the median.
import { describe, expect, it } from 'vitest';
import { measure, median, type Prepared } from '../src/index.js';

/** Resolves once `ms` have passed by performance.now(), the clock measure() reads (Node's timers keep another). */
function after(ms: number): Promise<void> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const poll = () => (performance.now() - t0 >= ms ? resolve() : setImmediate(poll));
    poll();
  });
}

/** A work that logs each run and drain under `name`; its runs take `ms` (awaited) where given. */
function logged(log: string[], name: string, ms?: number): Prepared {
  return {
    run: () => {
      log.push(name);
      return ms === undefined ? undefined : after(ms);
    },
    drain: async () => {
      log.push(`${name}:drain`);
    },
    dispose: () => {},
  };
}

describe('measure', () => {
  it('warms each work, then takes one sample of each per round: repeat runs, then the drain', async () => {
    const log: string[] = [];
    const timings = await measure([logged(log, 'a'), logged(log, 'b')], { warmup: 1, samples: 2, repeat: 2 });
    const round = ['a', 'a', 'a:drain', 'b', 'b', 'b:drain'];
    expect(log).toEqual([...round, ...round, ...round]);
    expect(timings.map((t) => t.steps)).toEqual([4, 4]);
  });

  it('awaits an asynchronous run: a run that resolves after 3 ms times at 3 ms or more', async () => {
    const [timing] = await measure([logged([], 'slow', 3)], { warmup: 0, samples: 3 });
    expect(timing.min_ms).toBeGreaterThanOrEqual(3);
    expect(timing.min_ms).toBeLessThanOrEqual(timing.median_ms);
    expect(timing.median_ms).toBeLessThanOrEqual(timing.max_ms);
  });

  it('stops at minSamples once the budget is spent, and warms up for warmupMs', async () => {
    const starts: number[] = [];
    const work: Prepared = {
      run: () => {
        starts.push(performance.now());
        return after(2);
      },
      dispose: () => {},
    };
    const [timing] = await measure([work], {
      warmup: 0,
      warmupMs: 10,
      samples: 50,
      budgetMs: 0,
      minSamples: 2,
    });
    expect(timing.steps).toBe(2);
    expect(starts.length).toBeGreaterThanOrEqual(3); // at least one warm-up run, then the two samples
    // warm-up goes on until 10 ms have passed since just before its first run: the first timed run
    // starts no earlier
    expect(starts[starts.length - 2] - starts[0]).toBeGreaterThanOrEqual(10);
  });

  it('median: the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});
