// C = op(A)·op(B) in float32, op = identity or transpose, never materialising a transpose: the
// operands are packed (GotoBLAS-style blocks of KC × NC of B and MC × KC of A, read through
// strides, so a transpose only changes the packing loop) and a register-blocked MR × NR
// micro-kernel (eight f32x4 accumulators) runs over the packed panels. The dense layer's bias
// and activation are applied to each tile of C right after its last block, while it is in cache.

import { epilogue } from './elementwise';
// biome-ignore lint/style/useImportType: AssemblyScript has no type-only imports
import { GemmArgs, NR } from './generated/abi';

/** micro-tile rows (one broadcast A value per row); its columns are NR (two f32x4 vectors) */
const MR: i32 = 4;
/** cache blocks: a KC × NR panel of B and an MR × KC panel of A stay in L1, MC × KC of A in L2 */
const KC: i32 = 256;
const MC: i32 = 96;
const NC: i32 = 1024;
/** below this many multiply-adds (M·N·K) packing costs more than it saves: a direct loop runs */
const DIRECT_MAX_WORK: i64 = 4096;

const PACK_A_BYTES: usize = (<usize>(MC * KC)) << 2;
const PACK_B_BYTES: usize = (<usize>(KC * NC)) << 2;
const TILE_BYTES: usize = (<usize>(MR * NR)) << 2;

/** Bytes of scratch that `gemm` needs at `work` (packed A, packed B, one edge tile). */
export function gemmWorkspaceBytes(): usize {
  return PACK_A_BYTES + PACK_B_BYTES + TILE_BYTES;
}

/**
 * C (M × N, row-major) = op(A)·op(B) where op(A) is M × K and op(B) is K × N. With `bias` ≠ 0,
 * C += b broadcast over columns; with `Z` ≠ 0, also Z = f(C) (the dense layer's S and Z).
 * Only columns j0 ≤ j < j1 of C (and Z) are written, so that threads can share a product.
 * The arguments are the block at `args` (kernel-abi.mjs's `gemm`).
 */
export function gemm(args: usize): void {
  const g = changetype<GemmArgs>(args);
  const M = g.M;
  const N = g.N;
  const K = g.K;
  const transA = g.transA !== 0;
  const transB = g.transB !== 0;
  // op(A)(i, k) is at A + 4·(i·rowA + k·colA); op(B)(k, j) at B + 4·(k·rowB + j·colB)
  const rowA: usize = transA ? 1 : <usize>K;
  const colA: usize = transA ? <usize>M : 1;
  const rowB: usize = transB ? 1 : <usize>N;
  const colB: usize = transB ? <usize>K : 1;
  const ldc: usize = (<usize>N) << 2;
  const hasEpilogue = g.bias !== 0 || g.Z !== 0;
  if (K === 0 || <i64>M * <i64>N * <i64>K <= DIRECT_MAX_WORK) {
    direct(M, N, K, g.A, rowA, colA, g.B, rowB, colB, g.C, g.j0, g.j1);
    const at = (<usize>g.j0) << 2;
    if (hasEpilogue) epilogue(g.C + at, g.Z !== 0 ? g.Z + at : 0, ldc, M, g.j1 - g.j0, g.bias, g.f, g.alpha);
    return;
  }
  const packedA = g.work;
  const packedB = g.work + PACK_A_BYTES;
  const tile = packedB + PACK_B_BYTES;
  for (let jc = g.j0; jc < g.j1; jc += NC) {
    const nc = min(NC, g.j1 - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      const accumulate = pc > 0;
      const last = pc + kc >= K;
      packB(g.B, rowB, colB, pc, kc, jc, nc, packedB);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(g.A, rowA, colA, ic, mc, pc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const panelB = packedB + ((<usize>jr * <usize>kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const panelA = packedA + ((<usize>ir * <usize>kc) << 2);
            const offset = <usize>(ic + ir) * ldc + ((<usize>(jc + jr)) << 2);
            if (rows === MR && cols === NR) {
              kernel(kc, panelA, panelB, g.C + offset, ldc, accumulate);
            } else {
              kernel(kc, panelA, panelB, tile, (<usize>NR) << 2, false);
              copyTile(tile, g.C + offset, ldc, rows, cols, accumulate);
            }
            if (last && hasEpilogue) {
              const b = g.bias !== 0 ? g.bias + ((<usize>(ic + ir)) << 2) : 0;
              epilogue(g.C + offset, g.Z !== 0 ? g.Z + offset : 0, ldc, rows, cols, b, g.f, g.alpha);
            }
          }
        }
      }
    }
  }
}

/** The plain triple loop through strides, for products too small to be worth packing. */
function direct(
  M: i32,
  N: i32,
  K: i32,
  A: usize,
  rowA: usize,
  colA: usize,
  B: usize,
  rowB: usize,
  colB: usize,
  C: usize,
  j0: i32,
  j1: i32,
): void {
  for (let i = 0; i < M; i++) {
    for (let j = j0; j < j1; j++) {
      let sum: f32 = 0;
      for (let k = 0; k < K; k++) {
        const a = load<f32>(A + ((<usize>i * rowA + <usize>k * colA) << 2));
        sum += a * load<f32>(B + ((<usize>k * rowB + <usize>j * colB) << 2));
      }
      store<f32>(C + ((<usize>i * <usize>N + <usize>j) << 2), sum);
    }
  }
}

/**
 * Packs op(A)[i0 .. i0+mc, k0 .. k0+kc] as panels of MR rows: panel p holds, for each k, the MR
 * values op(A)(i0 + p·MR + r, k0 + k) side by side (rows past mc are zeros).
 */
function packA(A: usize, rowA: usize, colA: usize, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip);
    const panel = dst + ((<usize>ip * <usize>kc) << 2);
    if (colA === 1) {
      // A as stored: each row of op(A) is contiguous
      for (let r = 0; r < MR; r++) {
        const out = panel + ((<usize>r) << 2);
        if (r < rows) {
          const src = A + ((<usize>(i0 + ip + r) * rowA + <usize>k0) << 2);
          for (let k = 0; k < kc; k++)
            store<f32>(out + ((<usize>(k * MR)) << 2), load<f32>(src + ((<usize>k) << 2)));
        } else {
          for (let k = 0; k < kc; k++) store<f32>(out + ((<usize>(k * MR)) << 2), 0);
        }
      }
    } else {
      // Aᵀ: the MR values of one k are contiguous in A
      for (let k = 0; k < kc; k++) {
        const src = A + ((<usize>(k0 + k) * colA + <usize>(i0 + ip)) << 2);
        const out = panel + ((<usize>(k * MR)) << 2);
        if (ASC_FEATURE_SIMD && rows === MR) {
          v128.store(out, v128.load(src));
        } else {
          for (let r = 0; r < MR; r++)
            store<f32>(out + ((<usize>r) << 2), r < rows ? load<f32>(src + ((<usize>r) << 2)) : 0);
        }
      }
    }
  }
}

/**
 * Packs op(B)[k0 .. k0+kc, j0 .. j0+nc] as panels of NR columns: panel q holds, for each k, the NR
 * values op(B)(k0 + k, j0 + q·NR + c) side by side (columns past nc are zeros).
 */
function packB(B: usize, rowB: usize, colB: usize, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = min(NR, nc - jp);
    const panel = dst + ((<usize>jp * <usize>kc) << 2);
    if (colB === 1) {
      // B as stored: the NR values of one k are contiguous
      for (let k = 0; k < kc; k++) {
        const src = B + ((<usize>(k0 + k) * rowB + <usize>(j0 + jp)) << 2);
        const out = panel + ((<usize>(k * NR)) << 2);
        if (ASC_FEATURE_SIMD && cols === NR) {
          v128.store(out, v128.load(src));
          v128.store(out, v128.load(src, 16), 16);
        } else {
          for (let c = 0; c < NR; c++)
            store<f32>(out + ((<usize>c) << 2), c < cols ? load<f32>(src + ((<usize>c) << 2)) : 0);
        }
      }
    } else {
      // Bᵀ: each column of op(B) is contiguous
      for (let c = 0; c < NR; c++) {
        const out = panel + ((<usize>c) << 2);
        if (c < cols) {
          const src = B + ((<usize>(j0 + jp + c) * colB + <usize>k0) << 2);
          for (let k = 0; k < kc; k++)
            store<f32>(out + ((<usize>(k * NR)) << 2), load<f32>(src + ((<usize>k) << 2)));
        } else {
          for (let k = 0; k < kc; k++) store<f32>(out + ((<usize>(k * NR)) << 2), 0);
        }
      }
    }
  }
}

/** C[0..rows, 0..cols] (+)= tile, for the ragged tiles at the right and bottom edges. */
function copyTile(tile: usize, C: usize, ldc: usize, rows: i32, cols: i32, accumulate: bool): void {
  for (let r = 0; r < rows; r++) {
    const src = tile + ((<usize>(r * NR)) << 2);
    const dst = C + <usize>r * ldc;
    for (let c = 0; c < cols; c++) {
      const p = (<usize>c) << 2;
      const value = load<f32>(src + p);
      store<f32>(dst + p, accumulate ? load<f32>(dst + p) + value : value);
    }
  }
}

/** One MR × NR tile of C (+)= (packed A panel)·(packed B panel) over kc. */
function kernel(kc: i32, a: usize, b: usize, C: usize, ldc: usize, accumulate: bool): void {
  if (ASC_FEATURE_SIMD) kernelSimd(kc, a, b, C, ldc, accumulate);
  else kernelScalar(kc, a, b, C, ldc, accumulate);
}

function kernelSimd(kc: i32, a: usize, b: usize, C: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a += (<usize>MR) << 2;
    b += (<usize>NR) << 2;
  }
  const r1 = C + ldc;
  const r2 = r1 + ldc;
  const r3 = r2 + ldc;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(C));
    c01 = f32x4.add(c01, v128.load(C, 16));
    c10 = f32x4.add(c10, v128.load(r1));
    c11 = f32x4.add(c11, v128.load(r1, 16));
    c20 = f32x4.add(c20, v128.load(r2));
    c21 = f32x4.add(c21, v128.load(r2, 16));
    c30 = f32x4.add(c30, v128.load(r3));
    c31 = f32x4.add(c31, v128.load(r3, 16));
  }
  v128.store(C, c00);
  v128.store(C, c01, 16);
  v128.store(r1, c10);
  v128.store(r1, c11, 16);
  v128.store(r2, c20);
  v128.store(r2, c21, 16);
  v128.store(r3, c30);
  v128.store(r3, c31, 16);
}

/** The same tile without SIMD: one row of NR accumulators at a time. */
function kernelScalar(kc: i32, a: usize, b: usize, C: usize, ldc: usize, accumulate: bool): void {
  for (let r = 0; r < MR; r++) {
    let s0: f32 = 0;
    let s1: f32 = 0;
    let s2: f32 = 0;
    let s3: f32 = 0;
    let s4: f32 = 0;
    let s5: f32 = 0;
    let s6: f32 = 0;
    let s7: f32 = 0;
    let pa = a + ((<usize>r) << 2);
    let pb = b;
    for (let k = 0; k < kc; k++) {
      const x = load<f32>(pa);
      s0 += x * load<f32>(pb);
      s1 += x * load<f32>(pb, 4);
      s2 += x * load<f32>(pb, 8);
      s3 += x * load<f32>(pb, 12);
      s4 += x * load<f32>(pb, 16);
      s5 += x * load<f32>(pb, 20);
      s6 += x * load<f32>(pb, 24);
      s7 += x * load<f32>(pb, 28);
      pa += (<usize>MR) << 2;
      pb += (<usize>NR) << 2;
    }
    const row = C + <usize>r * ldc;
    if (accumulate) {
      s0 += load<f32>(row);
      s1 += load<f32>(row, 4);
      s2 += load<f32>(row, 8);
      s3 += load<f32>(row, 12);
      s4 += load<f32>(row, 16);
      s5 += load<f32>(row, 20);
      s6 += load<f32>(row, 24);
      s7 += load<f32>(row, 28);
    }
    store<f32>(row, s0);
    store<f32>(row, s1, 4);
    store<f32>(row, s2, 8);
    store<f32>(row, s3, 12);
    store<f32>(row, s4, 16);
    store<f32>(row, s5, 20);
    store<f32>(row, s6, 24);
    store<f32>(row, s7, 28);
  }
}
