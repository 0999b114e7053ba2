// Every exported ONNX graph judged by ONNX Runtime itself, in both of its npm builds: the native
// CPU provider (onnxruntime-node) and the WebAssembly provider (onnxruntime-web, the one browsers
// run). Each must give what predict gives: the same p… or y… columns and the same class index.

import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { toOnnx } from '../src/index.js';
import { inputRows, modelMatrix } from './helpers/models.js';
import { maxDifference, predictRows } from './helpers/reference.js';

/**
 * float32 in the graph against float64 in the reference: each value passes 3 layers of ≤ 5
 * products of O(1) numbers, so its rounding error is ~10 float32 ulps of O(1) (≈ 1e-6); 1e-5
 * leaves room for exp/tanh in the runtime's float32 libm, and a wrong weight, bias, transform or
 * head is off by far more.
 */
export const ONNX_TOLERANCE = 1e-5;

ortWeb.env.wasm.numThreads = 1; // the machine is shared; one thread also needs no worker

type Runtime = typeof ortNode | typeof ortWeb;
const RUNTIMES: [string, Runtime][] = [
  ['onnxruntime-node (CPU)', ortNode],
  ['onnxruntime-web (wasm)', ortWeb],
];

/** Runs `bytes` in `ort` on `rows`; every output by name, as rows. */
export async function runOnnx(ort: Runtime, bytes: Uint8Array, rows: number[][]) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const d = rows[0].length;
    const x = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, d]);
    const results = await session.run({ [session.inputNames[0]]: x });
    const out: Record<string, { dims: readonly number[]; rows: number[][]; flat: number[] }> = {};
    for (const [name, tensor] of Object.entries(results)) {
      const flat = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
      const width = tensor.dims.length > 1 ? tensor.dims[1] : 1;
      const split = Array.from({ length: rows.length }, (_, n) => flat.slice(n * width, (n + 1) * width));
      out[name] = { dims: tensor.dims, rows: split, flat };
    }
    return { out, outputNames: session.outputNames, metadata: session };
  } finally {
    await session.release();
  }
}

const rows = inputRows(64, 3);

describe.each(RUNTIMES)('export to ONNX, run in %s', (_, ort) => {
  let worst = 0;
  it.each(modelMatrix().map((c) => [c.name, c.spec] as const))('%s', async (_name, spec) => {
    const { out, outputNames } = await runOnnx(ort, toOnnx(spec), rows);
    const expected = predictRows(spec, rows);
    if (spec.output === 'values') {
      expect(outputNames).toEqual(['y']);
      expect(out.y.dims).toEqual([rows.length, 2]);
      const diff = maxDifference(
        out.y.rows,
        expected.map((p) => p.columns),
      );
      worst = Math.max(worst, diff);
      expect(diff).toBeLessThan(ONNX_TOLERANCE);
    } else {
      expect(outputNames).toEqual(['probabilities', 'class']);
      expect(out.probabilities.dims).toEqual([rows.length, expected[0].columns.length]);
      expect(out.class.dims).toEqual([rows.length]);
      const diff = maxDifference(
        out.probabilities.rows,
        expected.map((p) => p.columns),
      );
      worst = Math.max(worst, diff);
      expect(diff).toBeLessThan(ONNX_TOLERANCE);
      expect(out.class.flat).toEqual(expected.map((p) => p.index));
    }
  });
  it('reports its largest difference', () => {
    console.log(`max |ONNX Runtime − deltaml| = ${worst.toExponential(2)}`);
    expect(worst).toBeGreaterThan(0); // the comparison ran on float32 numbers, which never match float64 exactly
  });
});
