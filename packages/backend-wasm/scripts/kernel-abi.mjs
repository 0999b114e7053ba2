// @ts-check
// The interface between the JavaScript side and the AssemblyScript kernels, declared once:
// the argument blocks of the kernels that take many arguments (one 4-byte word per field, in
// linear memory, in the order listed) and the constants both sides need. build-kernels.mjs
// generates from it assembly/generated/abi.ts (an @unmanaged class per block, which the kernel
// reads) and src/generated/abi.ts (the word offsets and one typed writer per block).

/**
 * `i32`: a count or an index (below 2³¹); `ptr`: a byte offset in linear memory (0 for none);
 * `flag`: a boolean, stored as 0 or 1; `f32`: a float32 value.
 * @typedef {'i32' | 'ptr' | 'flag' | 'f32'} FieldType
 */

/**
 * @typedef {object} ArgumentBlock
 * @property {string} doc what the kernel computes with it
 * @property {readonly (readonly [name: string, type: FieldType, doc: string])[]} fields
 */

/** @type {Readonly<Record<string, ArgumentBlock>>} */
export const ARGUMENT_BLOCKS = {
  gemm: {
    doc: 'C = op(A)·op(B), with the dense epilogue (C += b, Z = f(C)) when bias or Z is set; only columns j0 ≤ j < j1 are written',
    fields: [
      ['M', 'i32', 'rows of op(A) and of C'],
      ['N', 'i32', 'columns of op(B) and of C'],
      ['K', 'i32', 'columns of op(A), rows of op(B)'],
      ['A', 'ptr', 'the left operand, row-major'],
      ['transA', 'flag', 'op(A) = Aᵀ'],
      ['B', 'ptr', 'the right operand, row-major'],
      ['transB', 'flag', 'op(B) = Bᵀ'],
      ['C', 'ptr', 'the product (the dense layer’s S)'],
      ['bias', 'ptr', 'one value per row of C added after the product, or 0'],
      ['Z', 'ptr', 'where f(C) goes, or 0 for none'],
      ['f', 'i32', 'the activation’s code in core’s table'],
      ['alpha', 'f32', 'the activation’s parameter (leaky ReLU’s slope)'],
      ['work', 'ptr', 'the calling thread’s packing workspace (gemmWorkspaceBytes)'],
      ['j0', 'i32', 'the first column of C this call writes (a multiple of NR)'],
      ['j1', 'i32', 'one past the last column of C this call writes'],
    ],
  },
  adam: {
    doc: 'one Adam/AdamW step in place over n floats, with the coefficients computed on the host',
    fields: [
      ['p', 'ptr', 'the parameters, updated'],
      ['g', 'ptr', 'the gradient, read'],
      ['m', 'ptr', 'the first moment, updated'],
      ['v', 'ptr', 'the second moment, updated'],
      ['n', 'i32', 'the number of floats'],
      ['decay', 'f32', 'AdamW’s 1 − lr·λ, else 1'],
      ['l2', 'f32', 'Adam’s L2 coefficient λ, else 0'],
      ['beta1', 'f32', 'β₁'],
      ['oneMinusBeta1', 'f32', '1 − β₁'],
      ['beta2', 'f32', 'β₂'],
      ['oneMinusBeta2', 'f32', '1 − β₂'],
      ['a', 'f32', '−lr / (1 − β₁ᵗ)'],
      ['c', 'f32', '1 / (1 − β₂ᵗ)'],
      ['eps', 'f32', 'ε'],
    ],
  },
};

/** @type {Readonly<Record<string, { value: number, doc: string }>>} */
export const CONSTANTS = {
  NR: {
    value: 8,
    doc: 'columns of the GEMM micro-tile (two f32x4 vectors); a thread’s share of C’s columns starts at a multiple of it',
  },
};
