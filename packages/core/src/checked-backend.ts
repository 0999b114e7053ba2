// The checked facade: every backend package hands its RawBackend to checkedBackend, which checks
// each call before the kernel runs — shapes, upload lengths and values, activations, which backend
// owns a matrix, use after dispose — so every engine rejects the same bad input with the same
// error, by construction. The checks are a few comparisons per call, outside every inner loop.

import { ACTIVATIONS, type Activation, activationParameter } from './activations.js';
import type {
  AsyncBackend,
  Backend,
  FusedKernels,
  IntoKernels,
  MatmulOptions,
  Matrix,
  RawAsyncBackend,
  RawBackend,
  RawSyncBackend,
  SyncBackend,
} from './backend.js';
import { DisposedError, InputError, ShapeError } from './errors.js';
import { firstOutside, firstOutsideTyped } from './first-outside.js';
import { expectSameShape, expectShape, matmulShape } from './matrices.js';

/** The largest finite float32, the one limit every float32 check uses (uploads, losses, the command line's readers). */
export const FLOAT32_MAX = 3.4028234663852886e38;

const OWNER = Symbol('deltaml.owner');
/** What activateBackward calls its first operand, by the activation's `derivativeFrom` (made once, not per call). */
const DERIVATIVE_INPUT = { S: 'activateBackward S', Z: 'activateBackward Z' } as const;
const DISPOSED = Symbol('deltaml.disposed');
type Stamped = Matrix & { [OWNER]?: unknown };

/** Throws unless `data` is rows·cols finite numbers that fit the dtype; names the first bad entry. */
export function checkUploadData(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  float32: boolean,
  what = 'upload',
): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ShapeError(`${what}: a matrix must be rows × cols with whole sizes ≥ 0, got ${rows}×${cols}`);
  }
  if (data == null || typeof data.length !== 'number') {
    throw new InputError(`${what}: expected a list of numbers, got ${data === null ? 'null' : typeof data}`);
  }
  if (data.length !== rows * cols) {
    throw new ShapeError(
      `${what}: a ${rows}×${cols} matrix needs ${rows * cols} numbers, got ${data.length}`,
    );
  }
  const limit = float32 ? FLOAT32_MAX : Number.MAX_VALUE;
  const i =
    data instanceof Float32Array || data instanceof Float64Array
      ? firstOutsideTyped(data, limit)
      : firstOutside(data, limit);
  if (i < 0) return;
  const v = data[i];
  const where = `${what}[${Math.floor(i / cols)}][${i % cols}]`;
  throw new InputError(
    typeof v === 'number' && Number.isFinite(v)
      ? `${where} is ${v}, outside the float32 range (±3.4e38)`
      : `${where} is ${String(v)}; every value must be a finite number`,
  );
}

/** Throws unless f is an activation of core's table with a finite parameter. */
export function checkActivation(f: Activation, what: string): void {
  if (f == null || typeof f !== 'object' || !Object.hasOwn(ACTIVATIONS, f.kind)) {
    const name = f && typeof f === 'object' ? String((f as { kind: unknown }).kind) : String(f);
    throw new InputError(
      `${what}: unknown activation "${name}"; expected one of ${Object.keys(ACTIVATIONS).join(', ')}`,
    );
  }
  if (!Number.isFinite(activationParameter(f)))
    throw new InputError(`${what}: the activation's alpha must be finite`);
}

/** Throws unless C is the shape of op(A)·op(B) (and A, B conform); allocates nothing. */
function expectProduct(
  a: Matrix,
  b: Matrix,
  C: Matrix,
  options: MatmulOptions | undefined,
  what: string,
): number {
  const transA = options?.transA === true;
  const transB = options?.transB === true;
  const K = transA ? a.rows : a.cols;
  if (K !== (transB ? b.cols : b.rows)) matmulShape(a, b, options); // throws, naming both operands
  expectShape(C, transA ? a.cols : a.rows, transB ? b.rows : b.cols, what);
  return K;
}

/** Throws unless every coefficient is finite (fixed arguments rather than a list: the optimizers call this every step). */
function checkScalars(what: string, a: number, b: number, c = 0): void {
  if (Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c)) return;
  const bad = [a, b, c].find((v) => !Number.isFinite(v));
  throw new InputError(`${what}: coefficient ${bad} must be finite`);
}

class CheckedBackend<M extends Matrix> {
  readonly name: string;
  readonly dtype: RawBackend<M>['dtype'];
  readonly reads: RawBackend<M>['reads'];
  readonly fused: FusedKernels<Matrix, number> | FusedKernels<Matrix, Promise<number>> | undefined;
  readonly into: IntoKernels<Matrix> | undefined;
  readonly #raw: RawBackend<M>;
  /** the matrices made by `into.scratch`, which `dispose` refuses */
  readonly #scratch = new WeakSet<Matrix>();
  readonly #float32: boolean;

  constructor(raw: RawBackend<M>, fused: boolean) {
    this.#raw = raw;
    this.name = raw.name;
    this.dtype = raw.dtype;
    this.reads = raw.reads;
    this.#float32 = raw.dtype === 'float32';
    this.fused = fused && raw.fused ? this.#checkedFused(raw.fused as FusedKernels<M, number>) : undefined;
    const into = raw.reads === 'sync' ? raw.into : undefined;
    this.into = into && this.#checkedInto(into);
  }

  #adopt<T extends Matrix>(m: T): T {
    (m as Stamped)[OWNER] = this.#raw;
    return m;
  }

  /** Throws unless m is a live matrix of this backend. */
  #own(m: Matrix, what: string): M {
    const owner = m != null && typeof m === 'object' ? (m as Stamped)[OWNER] : undefined;
    if (owner === this.#raw) return m as M;
    if (owner === DISPOSED) throw new DisposedError(`${what} (a ${m.rows}×${m.cols} matrix)`);
    throw new InputError(
      `${what} is not a matrix of this ${this.name} backend (another backend's, or not a matrix)`,
    );
  }

  #checkedFused(fused: FusedKernels<M, number>): FusedKernels<Matrix, number> {
    const out: { -readonly [K in keyof FusedKernels<Matrix, number>]: FusedKernels<Matrix, number>[K] } = {};
    const { adam, loss } = fused;
    if (adam) {
      out.adam = (p, g, m, v, step) => {
        for (const [x, name] of [
          [g, 'g'],
          [m, 'm'],
          [v, 'v'],
        ] as const) {
          this.#own(x, `adam ${name}`);
          expectSameShape(p, x, `adam: p and ${name}`);
        }
        adam.call(fused, this.#own(p, 'adam p'), g as M, m as M, v as M, step);
      };
    }
    if (loss) {
      out.loss = (spec, Z, T) => {
        const result = loss.call(fused, spec, this.#own(Z, 'loss Z_L'), this.#own(T, 'loss targets'));
        return result && { loss: result.loss, dZ: this.#adopt(result.dZ) };
      };
    }
    return out;
  }

  #checkedInto(into: IntoKernels<M>): IntoKernels<Matrix> {
    return {
      scratch: (rows, cols) => {
        if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
          throw new ShapeError(
            `scratch: a matrix must be rows × cols with whole sizes ≥ 0, got ${rows}×${cols}`,
          );
        }
        const m = this.#adopt(into.scratch(rows, cols));
        this.#scratch.add(m);
        return m;
      },
      release: (m) => {
        if (!this.#scratch.has(m)) throw new InputError('release: not a workspace matrix of this backend');
        into.release(this.#own(m, 'release'));
        this.#scratch.delete(m);
        (m as Stamped)[OWNER] = DISPOSED;
      },
      write: (m, data) => {
        checkUploadData(data, m.rows, m.cols, this.#float32, 'write');
        into.write(this.#own(m, 'write'), data);
      },
      matmul: (a, b, C, options) => {
        const K = expectProduct(
          this.#own(a, 'matmul A'),
          this.#own(b, 'matmul B'),
          this.#own(C, 'matmul C'),
          options,
          'matmul C',
        );
        if (K === 0)
          into.write(C as M, new Float64Array(C.rows * C.cols)); // a sum of no terms
        else into.matmul(a as M, b as M, C as M, options);
      },
      dense: (W, Z, b, f, S, Z_out) => {
        expectProduct(
          this.#own(W, 'dense W'),
          this.#own(Z, 'dense Z'),
          this.#own(S, 'dense S'),
          undefined,
          'dense S',
        );
        expectSameShape(S, this.#own(Z_out, 'dense Z_out'), 'dense S and Z_out');
        if (b) expectShape(this.#own(b, 'dense b'), W.rows, 1, 'bias b');
        checkActivation(f, 'dense');
        if (W.cols === 0) throw new ShapeError('dense: W has no columns (d_{l-1} = 0)');
        into.dense(W as M, Z as M, b as M | null, f, S as M, Z_out as M);
      },
      activate: (S, f, Z) => {
        checkActivation(f, 'activate');
        expectSameShape(this.#own(S, 'activate S'), this.#own(Z, 'activate Z'), 'activate S and Z');
        into.activate(S as M, f, Z as M);
      },
      activateBackward: (X, dZ, f, delta) => {
        checkActivation(f, 'activateBackward');
        expectSameShape(
          this.#own(X, DERIVATIVE_INPUT[ACTIVATIONS[f.kind].derivativeFrom]),
          this.#own(dZ, 'activateBackward dZ'),
          "dZ ⊙ f'",
        );
        expectSameShape(X, this.#own(delta, 'activateBackward δ'), "dZ ⊙ f' and δ");
        into.activateBackward(X as M, dZ as M, f, delta as M);
      },
      rowSum: (delta, out) => {
        expectShape(this.#own(out, 'rowSum out'), this.#own(delta, 'rowSum').rows, 1, 'rowSum out');
        into.rowSum(delta as M, out as M);
      },
    };
  }

  upload(data: ArrayLike<number>, rows: number, cols: number): M {
    checkUploadData(data, rows, cols, this.#float32);
    return this.#adopt(this.#raw.upload(data, rows, cols));
  }

  read(m: Matrix) {
    return this.#raw.read(this.#own(m, 'read'));
  }

  view(m: Matrix) {
    const raw = this.#raw as RawSyncBackend<M>;
    const own = this.#own(m, 'view');
    return raw.view ? raw.view(own) : raw.read(own);
  }

  dispose(m: Matrix): void {
    if (this.#scratch.has(m)) throw new InputError('dispose: a workspace matrix is freed with its network');
    this.#raw.dispose(this.#own(m, 'dispose'));
    (m as Stamped)[OWNER] = DISPOSED;
  }

  memory() {
    return this.#raw.memory();
  }

  matmul(a: Matrix, b: Matrix, options?: MatmulOptions): M {
    const { M, N, K } = matmulShape(this.#own(a, 'matmul A'), this.#own(b, 'matmul B'), options);
    if (K === 0) return this.upload(new Float64Array(M * N), M, N); // a sum of no terms
    return this.#adopt(this.#raw.matmul(a as M, b as M, options));
  }

  dense(W: Matrix, Z: Matrix, b: Matrix | null, f: Activation) {
    matmulShape(this.#own(W, 'dense W'), this.#own(Z, 'dense Z'));
    if (b) expectShape(this.#own(b, 'dense b'), W.rows, 1, 'bias b');
    checkActivation(f, 'dense');
    if (W.cols === 0) throw new ShapeError('dense: W has no columns (d_{l-1} = 0)');
    const out = this.#raw.dense(W as M, Z as M, b as M | null, f);
    return { S: this.#adopt(out.S), Z: this.#adopt(out.Z) };
  }

  activate(S: Matrix, f: Activation): M {
    checkActivation(f, 'activate');
    return this.#adopt(this.#raw.activate(this.#own(S, 'activate S'), f));
  }

  activateBackward(X: Matrix, dZ: Matrix, f: Activation): M {
    checkActivation(f, 'activateBackward');
    expectSameShape(
      this.#own(X, DERIVATIVE_INPUT[ACTIVATIONS[f.kind].derivativeFrom]),
      this.#own(dZ, 'activateBackward dZ'),
      "dZ ⊙ f'",
    );
    return this.#adopt(this.#raw.activateBackward(X as M, dZ as M, f));
  }

  rowSum(delta: Matrix): M {
    return this.#adopt(this.#raw.rowSum(this.#own(delta, 'rowSum')));
  }

  scaleAdd(y: Matrix, x: Matrix, a: number, b: number): void {
    expectSameShape(this.#own(y, 'scaleAdd y'), this.#own(x, 'scaleAdd x'), 'scaleAdd');
    checkScalars('scaleAdd', a, b);
    this.#raw.scaleAdd(y as M, x as M, a, b);
  }

  scaleAddSquare(y: Matrix, x: Matrix, a: number, b: number): void {
    expectSameShape(this.#own(y, 'scaleAddSquare y'), this.#own(x, 'scaleAddSquare x'), 'scaleAddSquare');
    checkScalars('scaleAddSquare', a, b);
    this.#raw.scaleAddSquare(y as M, x as M, a, b);
  }

  addQuotient(y: Matrix, x: Matrix, v: Matrix, a: number, c: number, eps: number): void {
    expectSameShape(this.#own(y, 'addQuotient y'), this.#own(x, 'addQuotient x'), 'addQuotient');
    expectSameShape(y, this.#own(v, 'addQuotient v'), 'addQuotient');
    checkScalars('addQuotient', a, c, eps);
    this.#raw.addQuotient(y as M, x as M, v as M, a, c, eps);
  }

  withoutFusedKernels() {
    return new CheckedBackend(this.#raw, false) as unknown as Backend;
  }
}

/**
 * Wraps a backend package's raw kernels with core's checks; `extras` (such as wasm's `simd` or
 * tfjs's `engine`) are copied onto the result.
 */
export function checkedBackend<M extends Matrix, E extends object = object>(
  raw: RawSyncBackend<M>,
  extras?: E,
): SyncBackend & E;
export function checkedBackend<M extends Matrix, E extends object = object>(
  raw: RawAsyncBackend<M>,
  extras?: E,
): AsyncBackend & E;
export function checkedBackend<M extends Matrix, E extends object>(
  raw: RawBackend<M>,
  extras?: E,
): Backend & E {
  const backend = new CheckedBackend(raw, true);
  return Object.assign(backend, extras) as unknown as Backend & E;
}
