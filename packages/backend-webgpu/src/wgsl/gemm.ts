// The tiled GEMM, C = op(A)·op(B), in WGSL. A workgroup of 16×16 invocations computes a 64×64
// tile of C, each invocation a 4×4 block held in registers; op(A) and op(B) are staged 16 columns
// of K at a time in workgroup memory, read from A or Aᵀ (B or Bᵀ) by the load's index arithmetic,
// so no transpose is ever materialised. The dense layer is the same loop with another epilogue:
// S = W·Z + b and Z_out = f(S) written together, so S never makes a second trip through memory.

import type { Activation } from '@deltaml/core';
import { activationWgsl } from './activations.js';
import { type BindingSpec, type Kernel, kernel } from './kernel.js';

/** Rows and columns of C per workgroup. */
export const GEMM_TILE = 64;

/** What the GEMM writes: a plain product, or the dense layer's S and f(S) with an optional bias. */
export type GemmEpilogue =
  | { readonly kind: 'product' }
  | { readonly kind: 'dense'; readonly f: Activation; readonly bias: boolean };

/** The parameters of every variant: the sizes, then f's parameter (0 for a plain product). */
const PARAMS = { M: 'u32', N: 'u32', K: 'u32', alpha: 'f32' } as const;

/** A GEMM variant's kernel; its bindings are A, B, then C, or S, Z and (with a bias) bias. */
export type GemmKernel = Kernel<typeof PARAMS, readonly BindingSpec[]>;

/**
 * Index arithmetic of the tile loads. Element e (0…1023) of a 16-deep slice goes to As[k][i];
 * consecutive invocations read consecutive addresses of the stored matrix.
 */
function loads(transA: boolean, transB: boolean): string {
  const a = transA
    ? 'let ai = e % 64u; let ak = e / 64u; let gi = row0 + ai; let gk = k0 + ak; let inA = gi < P.M && gk < P.K; let va = select(0.0, A[min(gk * P.M + gi, lastA)], inA);'
    : 'let ak = e % 16u; let ai = e / 16u; let gi = row0 + ai; let gk = k0 + ak; let inA = gi < P.M && gk < P.K; let va = select(0.0, A[min(gi * P.K + gk, lastA)], inA);';
  const b = transB
    ? 'let bk = e % 16u; let bj = e / 16u; let gj = col0 + bj; let hk = k0 + bk; let inB = gj < P.N && hk < P.K; let vb = select(0.0, B[min(gj * P.K + hk, lastB)], inB);'
    : 'let bj = e % 64u; let bk = e / 64u; let gj = col0 + bj; let hk = k0 + bk; let inB = gj < P.N && hk < P.K; let vb = select(0.0, B[min(hk * P.N + gj, lastB)], inB);';
  return `${a}
      As[ak * 16u + ai / 4u][ai % 4u] = va;
      ${b}
      Bs[bk * 16u + bj / 4u][bj % 4u] = vb;`;
}

function epilogue(e: GemmEpilogue): { bindings: BindingSpec[]; store: string; helpers: string } {
  switch (e.kind) {
    case 'product':
      return { bindings: [{ name: 'C', write: true }], store: 'C[i * P.N + j] = acc[r][c];', helpers: '' };
    case 'dense':
      return {
        bindings: [
          { name: 'S', write: true },
          { name: 'Z', write: true },
          ...(e.bias ? [{ name: 'bias' }] : []),
        ],
        store: `let s = acc[r][c]${e.bias ? ' + bias[i]' : ''};
        S[i * P.N + j] = s;
        Z[i * P.N + j] = activate(s, P.alpha);`,
        helpers: activationWgsl(e.f),
      };
  }
}

/** A cache key naming the kernel variant. */
function gemmKey(transA: boolean, transB: boolean, e: GemmEpilogue): string {
  const ops = `${transA ? 'At' : 'A'}${transB ? 'Bt' : 'B'}`;
  return e.kind === 'product' ? `gemm:${ops}` : `dense:${ops}:${e.f.kind}:${e.bias ? 'bias' : 'nobias'}`;
}

/** One GEMM variant; dispatch it on (⌈N/64⌉, ⌈M/64⌉) workgroups. */
export function gemmKernel(transA: boolean, transB: boolean, e: GemmEpilogue): GemmKernel {
  const { bindings, store, helpers } = epilogue(e);
  return kernel(
    gemmKey(transA, transB, e),
    PARAMS,
    [{ name: 'A' }, { name: 'B' }, ...bindings],
    () => /* wgsl */ `
${helpers}
var<workgroup> As: array<vec4<f32>, 256>;
var<workgroup> Bs: array<vec4<f32>, 256>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wg.y * 64u;
  let col0 = wg.x * 64u;
  let lastA = arrayLength(&A) - 1u;
  let lastB = arrayLength(&B) - 1u;
  var acc: array<vec4<f32>, 4>;
  let tiles = (P.K + 15u) / 16u;
  for (var t = 0u; t < tiles; t++) {
    let k0 = t * 16u;
    for (var q = 0u; q < 4u; q++) {
      let e = li + q * 256u;
      ${loads(transA, transB)}
    }
    workgroupBarrier();
    for (var k = 0u; k < 16u; k++) {
      let a = As[k * 16u + lid.y];
      let b = Bs[k * 16u + lid.x];
      acc[0] += a.x * b;
      acc[1] += a.y * b;
      acc[2] += a.z * b;
      acc[3] += a.w * b;
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < 4u; r++) {
    let i = row0 + lid.y * 4u + r;
    if (i >= P.M) { break; }
    for (var c = 0u; c < 4u; c++) {
      let j = col0 + lid.x * 4u + c;
      if (j >= P.N) { break; }
      ${store}
    }
  }
}
`,
  );
}
