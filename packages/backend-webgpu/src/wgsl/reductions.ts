// The kernels that sum: the row sums δ·1_N (one workgroup per row), and the fused losses, which
// write ∂L/∂Z_L and reduce L in one dispatch of one workgroup (a batch's loss is a few thousand
// terms). Every reduction is a strided sum per invocation followed by a tree in workgroup memory.

import { kernel, type ParamLayout } from './kernel.js';

/** Invocations per workgroup of every reduction. */
export const REDUCTION_GROUP = 64;

/** The tree that sums part[0…REDUCTION_GROUP) into part[0]. */
const TREE = /* wgsl */ `
  part[lid] = sum;
  workgroupBarrier();
  for (var width = ${REDUCTION_GROUP / 2}u; width > 0u; width = width / 2u) {
    if (lid < width) { part[lid] = part[lid] + part[lid + width]; }
    workgroupBarrier();
  }`;

const WORKGROUP = `var<workgroup> part: array<f32, ${REDUCTION_GROUP}>;`;

/** out[r] = Σ_j X[r][j]; dispatch one workgroup per row (2-D past 65 535 rows). */
export const ROW_SUM = kernel(
  'rowSum',
  { rows: 'u32', cols: 'u32' },
  [{ name: 'X' }, { name: 'out', write: true }],
  /* wgsl */ `
${WORKGROUP}
@compute @workgroup_size(${REDUCTION_GROUP})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let r = wg.x + wg.y * groups.x;
  let inside = r < P.rows;
  var sum = 0.0;
  if (inside) {
    for (var j = lid; j < P.cols; j += ${REDUCTION_GROUP}u) { sum += X[r * P.cols + j]; }
  }
  ${TREE}
  if (inside && lid == 0u) { out[r] = part[0]; }
}
`,
);

/**
 * A fused loss: bindings Z, the targets (`target`), dZ and the loss value; one workgroup, whose
 * invocations each add their terms into `sum` in `body`; L = Σ·P.scale.
 */
function lossKernel<const P extends ParamLayout>(key: string, params: P, target: string, body: string) {
  return kernel(
    key,
    { ...params, scale: 'f32' },
    [{ name: 'Z' }, { name: target }, { name: 'dZ', write: true }, { name: 'loss', write: true }],
    /* wgsl */ `
${WORKGROUP}
@compute @workgroup_size(${REDUCTION_GROUP})
fn main(@builtin(local_invocation_index) lid: u32) {
  var sum = 0.0;
  ${body}
  ${TREE}
  if (lid == 0u) { loss[0] = part[0] * P.scale; }
}
`,
  );
}

/** MSE: dZ = (Z − Y)/N and L = Σ(Z − Y)²/(2N) (scale = 1/(2N)). */
export const MSE = lossKernel(
  'mse',
  { count: 'u32', invN: 'f32' },
  'Y',
  `for (var i = lid; i < P.count; i += ${REDUCTION_GROUP}u) {
    let diff = Z[i] - Y[i];
    dZ[i] = diff * P.invN;
    sum += diff * diff;
  }`,
);

/**
 * Softmax cross-entropy on logits Z (d × N) against class indices (1 × N), through log-sum-exp:
 * L = (1/N) Σ_n (lse(Z[:, n]) − Z[y_n][n]) (scale = 1/N), dZ[j][n] = (p_j − 1[j = y_n])/N, one exp per entry.
 */
export const CROSS_ENTROPY = lossKernel(
  'cross-entropy',
  { d: 'u32', N: 'u32', invN: 'f32' },
  'labels',
  `for (var n = lid; n < P.N; n += ${REDUCTION_GROUP}u) {
    var top = Z[n];
    for (var j = 1u; j < P.d; j++) { top = max(top, Z[j * P.N + n]); }
    var total = 0.0;
    for (var j = 0u; j < P.d; j++) {
      let e = exp(Z[j * P.N + n] - top);
      dZ[j * P.N + n] = e; // e^(z − max), scaled below once the total is known
      total += e;
    }
    let y = u32(labels[n]);
    sum += top + log(total) - Z[y * P.N + n];
    let scale = P.invN / total;
    for (var j = 0u; j < P.d; j++) {
      dZ[j * P.N + n] = dZ[j * P.N + n] * scale - select(0.0, P.invN, j == y);
    }
  }`,
);
