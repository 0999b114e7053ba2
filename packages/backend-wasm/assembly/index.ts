// The kernels module's exports: what src/kernels.ts calls. Every pointer is a byte offset into
// the linear memory that the JavaScript side owns and allocates (src/memory.ts).

export { rowSum } from './elementwise';
export { gemm, gemmWorkspaceBytes } from './gemm';
export { activate, activateBackward } from './generated/dispatch';
export { adam, addQuotient, scaleAdd, scaleAddSquare } from './updates';

/** The first byte after the module's own static data: the allocator starts above it. */
export function heapBase(): usize {
  return __heap_base;
}
