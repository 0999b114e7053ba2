// An optimizer at work on one network: the validated spec, the step count t and the state slots
// of every parameter in backend memory, created as zeros on first use and freed by dispose().
// Its state can be read out and put back, so a checkpoint resumes exactly.

import type { Backend, FloatArray, Matrix } from './backend.js';
import { InputError } from './errors.js';
import type { OptimizerDefinition } from './optimizers/definition.js';
import {
  isOptimizerKind,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  type OptimizerKind,
  type OptimizerSpec,
  optimizerDefinition,
} from './optimizers/registry.js';

/** An optimizer by name with its hyperparameters validated (defaults for those not given). */
export function makeOptimizer(
  kind: string,
  parameters: Readonly<Record<string, unknown>> = {},
): OptimizerSpec {
  if (!isOptimizerKind(kind)) {
    throw new InputError(`unknown optimizer "${kind}"; expected one of ${OPTIMIZER_KINDS.join(', ')}`);
  }
  return OPTIMIZERS[kind].spec(parameters);
}

/** Plain SGD, the worked example's update. */
export function sgd(): OptimizerSpec {
  return makeOptimizer('sgd');
}

/** The optimizer's state as plain numbers: the step count and every slot of every parameter. */
export interface OptimizerState {
  readonly kind: string;
  readonly t: number;
  /** slots[i][k]: parameter i's slot k, row-major */
  readonly slots: number[][][];
}

/** Throws unless lr is a finite positive number. */
export function checkLearningRate(lr: number): void {
  if (!Number.isFinite(lr) || lr <= 0) {
    throw new InputError(`learning rate is ${lr}; it must be a finite number > 0`);
  }
}

/** The state of a parameter under a stateless rule. */
const NO_STATE: readonly Matrix[] = [];

/** Updates a list of parameters from their gradients with one optimizer's rule. */
export class Optimizer {
  /** steps taken so far */
  #t = 0;
  #slots: Matrix[][] | null = null;
  readonly #definition: OptimizerDefinition<OptimizerSpec>;
  readonly #slotNames: readonly string[];

  constructor(
    readonly backend: Backend,
    readonly spec: OptimizerSpec,
  ) {
    this.#definition = optimizerDefinition(spec) as OptimizerDefinition<OptimizerSpec>;
    this.#slotNames = this.#definition.slots(spec);
  }

  /** steps taken so far (PyTorch's `step` in the state) */
  get t(): number {
    return this.#t;
  }

  /** Each parameter's state slots, made as zeros on first use; none at all for a stateless rule (plain SGD). */
  #stateFor(params: readonly Matrix[]): readonly (readonly Matrix[])[] | null {
    if (this.#slotNames.length === 0) return null;
    if (this.#slots) {
      if (this.#slots.length !== params.length) {
        throw new InputError(
          `this optimizer holds state for ${this.#slots.length} parameters, got ${params.length}`,
        );
      }
      return this.#slots;
    }
    this.#slots = params.map((p) =>
      this.#slotNames.map(() => this.backend.upload(new Float64Array(p.rows * p.cols), p.rows, p.cols)),
    );
    return this.#slots;
  }

  /** One step: every params[i] ← update(params[i], grads[i]). The gradients are scratch and may be overwritten. */
  step(params: readonly Matrix[], grads: readonly Matrix[], lr: number): void {
    checkLearningRate(lr);
    if (grads.length !== params.length) {
      throw new InputError(`${params.length} parameters but ${grads.length} gradients`);
    }
    const slots = this.#stateFor(params);
    const t = ++this.#t;
    const context = {
      backend: this.backend,
      spec: this.spec,
      lr,
      t,
      p: params[0],
      g: grads[0],
      state: NO_STATE,
    };
    for (let i = 0; i < params.length; i++) {
      context.p = params[i];
      context.g = grads[i];
      context.state = slots ? slots[i] : NO_STATE;
      this.#definition.update(context);
    }
  }

  /** The state as plain numbers (for checkpoints); reads asynchronously on a GPU backend. */
  async exportState(): Promise<OptimizerState> {
    const slots: number[][][] = [];
    for (const list of this.#slots ?? []) {
      const read: number[][] = [];
      for (const m of list) read.push(Array.from((await this.backend.read(m)) as FloatArray));
      slots.push(read);
    }
    return { kind: this.spec.kind, t: this.#t, slots };
  }

  /** Puts back a state from exportState for the same parameters. */
  importState(state: OptimizerState, params: readonly Matrix[]): void {
    if (state.kind !== this.spec.kind) {
      throw new InputError(`the saved optimizer state is ${state.kind}'s, not ${this.spec.kind}'s`);
    }
    const names = this.#slotNames;
    if (state.t > 0 && names.length > 0 && state.slots.length !== params.length) {
      throw new InputError(
        `the saved optimizer state has ${state.slots.length} parameters, expected ${params.length}`,
      );
    }
    this.dispose();
    this.#t = state.t;
    if (state.t === 0 || names.length === 0) return;
    this.#slots = params.map((p, i) => {
      const saved = state.slots[i];
      if (saved.length !== names.length) {
        throw new InputError(
          `the saved optimizer state has ${saved.length} slots per parameter, expected ${names.length}`,
        );
      }
      return saved.map((values) => this.backend.upload(values, p.rows, p.cols));
    });
  }

  /** Frees the state; the next step starts from zeros at t = 1. */
  dispose(): void {
    for (const list of this.#slots ?? []) for (const m of list) this.backend.dispose(m);
    this.#slots = null;
    this.#t = 0;
  }

  /** Same as dispose() (for `using`). */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

export type { OptimizerKind, OptimizerSpec };
export { isOptimizerKind, OPTIMIZER_KINDS, OPTIMIZERS };
