// The timing: warm-up runs not counted, samples of `repeat` runs each followed by the drain,
// systems interleaved round by round, an asynchronous run awaited, a budget that stops sampling,
// and the median.
import { describe, expect, it } from 'vitest';
import { measure, median, type Prepared } from '../src/index.js';

/** Node's timers and performance.now() are different clocks: a timer may fire up to 1 ms early by the latter. */
const TIMER_SLACK_MS = 1;

/** A work that logs each run and drain under `name`; its runs take `ms` (awaited) where given. */
function logged(log: string[], name: string, ms?: number): Prepared {
  return {
    run: () => {
      log.push(name);
      return ms === undefined ? undefined : new Promise((resolve) => setTimeout(resolve, ms));
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
    expect(timing.min_ms).toBeGreaterThanOrEqual(3 - TIMER_SLACK_MS);
    expect(timing.min_ms).toBeLessThanOrEqual(timing.median_ms);
    expect(timing.median_ms).toBeLessThanOrEqual(timing.max_ms);
  });

  it('stops at minSamples once the budget is spent, and warms up for warmupMs', async () => {
    const log: string[] = [];
    const started = performance.now();
    const [timing] = await measure([logged(log, 'w', 2)], {
      warmup: 0,
      warmupMs: 10,
      samples: 50,
      budgetMs: 0,
      minSamples: 2,
    });
    expect(timing.steps).toBe(2);
    const warmups = log.filter((entry) => entry === 'w').length - 2;
    // each run takes ≥ 2 ms: 10 ms of warm-up takes at least 10 / 2 − slack runs, and did happen
    expect(warmups).toBeGreaterThanOrEqual(Math.floor(10 / (2 + TIMER_SLACK_MS)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(10 + 2 * (2 - TIMER_SLACK_MS));
  });

  it('median: the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});
