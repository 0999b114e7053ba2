// `deltaml bench` through the built bin: the --json contract of BENCHMARKS.md (nothing but JSON
// lines on stdout, progress on stderr), the memory workload's bytes, the table with speed-ups
// over a peer, the SVG chart, and bad flags. Only shapes and values are asserted, never speed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deltaml, scratchDir } from './helpers/cli.js';

const TIMING_KEYS = ['workload', 'system', 'median_ms', 'min_ms', 'max_ms', 'steps'];

const jsonRows = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('deltaml bench', () => {
  const cwd = scratchDir();

  it('--json prints one JSON object per line and nothing else; progress goes to stderr', () => {
    const run = deltaml(
      ['bench', '--workload', 'tiny', '--backend', 'cpu', 'wasm', '--steps', '2', '--no-peers', '--json'],
      cwd,
    );
    expect(run.status).toBe(0);
    const rows = jsonRows(run.stdout);
    expect(rows.map((r) => r.system)).toEqual(['wasm', 'cpu']); // wasm's threads are timed first
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(TIMING_KEYS);
      expect(row.workload).toBe('tiny');
      expect(row.steps).toBe(2000); // two blocks of 1000 steps
      const { min_ms, median_ms, max_ms } = row as Record<string, number>;
      expect(min_ms).toBeGreaterThan(0);
      expect(min_ms).toBeLessThanOrEqual(median_ms);
      expect(median_ms).toBeLessThanOrEqual(max_ms);
    }
    expect(run.stderr).toMatch(/bench \[1\] tiny · wasm: /);
    expect(run.stderr).toMatch(/bench \[2\] tiny · cpu: /);
  });

  it('--wasm-threads times wasm at each count asked for beside its default, each as its own system', () => {
    const run = deltaml(
      [
        'bench',
        '--workload',
        'tiny',
        '--backend',
        'wasm',
        '--wasm-threads',
        '1',
        '3',
        '--steps',
        '1',
        '--no-peers',
        '--json',
      ],
      cwd,
    );
    expect(run.status).toBe(0);
    expect(jsonRows(run.stdout).map((r) => r.system)).toEqual(['wasm', 'wasm-1t', 'wasm-3t']);
    const zero = deltaml(['bench', '--wasm-threads', '0'], cwd);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/'--wasm-threads <counts\.\.\.>' argument '0' is invalid/);
    expect(zero.stdout).toBe('');
  });

  it('optim: the Adam + cross-entropy step on deltaml and on the idiomatic tf.train.adam peer', () => {
    const run = deltaml(['bench', '--workload', 'optim', '--backend', 'wasm', '--steps', '1', '--json'], cwd);
    expect(run.status).toBe(0);
    const rows = jsonRows(run.stdout);
    expect(rows.every((r) => r.workload === 'optim')).toBe(true);
    expect(rows.map((r) => r.system)).toEqual(
      expect.arrayContaining(['wasm', 'peer:tfjs-cpu', 'peer:tfjs-wasm']),
    );
    for (const row of rows) expect(row.median_ms as number).toBeGreaterThan(0);
  });

  it('memory: preactivations holds at most 55% of the forward-cache bytes of all (exact sizes)', () => {
    const run = deltaml(
      ['bench', '--workload', 'memory', '--backend', 'wasm', '--steps', '1', '--json'],
      cwd,
    );
    expect(run.status).toBe(0);
    const rows = jsonRows(run.stdout);
    expect(rows.map((r) => [r.system, r.policy])).toEqual([
      ['wasm', 'all'],
      ['wasm', 'preactivations'],
    ]);
    // 784-1024-1024-1024-10 at N = 256, float32: `all` keeps S_l and Z_l for every layer (the last
    // Z_L too), `preactivations` keeps only S_l
    const S = (1024 * 3 + 10) * 256 * 4;
    expect(rows[0].bytes).toBe(2 * S);
    expect(rows[1].bytes).toBe(S);
  });

  it('prints a table with the speed-up over each peer measured in the same run', () => {
    const run = deltaml(['bench', '--workload', 'tiny', '--backend', 'wasm', '--steps', '1'], cwd);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    // peer:tfjs-node runs too where tfjs-node's native binding loads (scripts/provision-tfjs-node.mjs)
    const node = lines.slice(2).some((l) => l.split(/\s+/)[1] === 'peer:tfjs-node');
    const nodeColumn = node ? ' +[\\d.]+×' : '';
    expect(lines[0]).toMatch(
      new RegExp(
        `^workload\\s+case\\s+system\\s+median\\s+min\\s+max\\s+steps\\s+throughput\\s+vs tfjs-cpu\\s+vs tfjs-wasm${node ? '\\s+vs tfjs-node' : ''}$`,
      ),
    );
    expect(lines.slice(2).map((l) => l.split(/\s+/)[1])).toEqual([
      'wasm',
      'peer:tfjs-cpu',
      'peer:tfjs-wasm',
      ...(node ? ['peer:tfjs-node'] : []),
    ]);
    expect(lines[2]).toMatch(new RegExp(`samples/s +[\\d.]+× +[\\d.]+×${nodeColumn}$`));
    expect(lines[3]).toMatch(new RegExp(` 1\\.00× +[\\d.]+×${nodeColumn}$`)); // the cpu peer against itself
  });

  it('--plot draws the scale and gemm results as an SVG chart', () => {
    const plot = join(cwd, 'bench.svg');
    const run = deltaml(
      ['bench', '--workload', 'scale', '--backend', 'wasm', '--no-peers', '--steps', '1', '--plot', plot],
      cwd,
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`chart written to ${plot}`);
    const svg = readFileSync(plot, 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('scale: ms per training step');
    expect(svg).toContain('hidden 1024');
  });

  it('rejects an unknown workload or backend with exit status 2 and one line', () => {
    const workload = deltaml(['bench', '--workload', 'huge'], cwd);
    expect(workload.status).toBe(2);
    expect(workload.stderr).toMatch(
      /unknown workload "huge"; the workloads are mlp, tiny, gemm, scale, memory/,
    );
    const backend = deltaml(['bench', '--backend', 'gpu'], cwd);
    expect(backend.status).toBe(2);
    expect(backend.stderr).toMatch(/unknown backend "gpu"/);
    expect(backend.stdout).toBe('');
  });
});
