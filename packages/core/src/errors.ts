// Typed errors: every misuse a user can make gets one of these, with a message that names
// what was wrong and where (which layer, which sizes, which file and field).

/** Base class of every error deltaml raises on purpose. `code` is stable; messages may improve. */
export class DeltamlError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Matrix sizes that do not fit together (names the layer and both sizes). */
export class ShapeError extends DeltamlError {
  constructor(message: string) {
    super('shape', message);
  }
}

/** Bad values handed in by the user: non-finite numbers, labels out of range, a bad learning rate. */
export class InputError extends DeltamlError {
  constructor(message: string) {
    super('input', message);
  }
}

/** Training produced a NaN or an infinity (a loss, a gradient or a weight): the run diverged. */
export class NonFiniteError extends InputError {}

/** The loss on the validation data is NaN or ±∞ after an epoch (`epoch` 0-based): its data lie far outside the training data's. */
export class ValidationLossError extends NonFiniteError {
  constructor(
    readonly epoch: number,
    readonly loss: number,
  ) {
    super(
      `the validation loss became ${loss} at epoch ${epoch + 1}; lower the learning rate or scale the inputs`,
    );
  }
}

/** A matrix, network or backend used after `dispose()`. */
export class DisposedError extends DeltamlError {
  constructor(what: string) {
    super('disposed', `${what} was used after dispose()`);
  }
}

/** A model file that does not follow the `deltaml/mlp@1` format; the message names the file and field. */
export class ModelFileError extends DeltamlError {
  constructor(message: string) {
    super('model-file', message);
  }
}

/** A backend that cannot run here (missing native binding, no WebAssembly, unknown name). */
export class BackendUnavailableError extends DeltamlError {
  constructor(message: string) {
    super('backend-unavailable', message);
  }
}

/** A request for more memory than the backend can hold. */
export class OutOfMemoryError extends DeltamlError {
  constructor(message: string) {
    super('out-of-memory', message);
  }
}

/** A call that must wait for another: a second `run()` or step while one is still in progress. */
export class BusyError extends DeltamlError {
  constructor(message: string) {
    super('busy', message);
  }
}

/**
 * One example of the data cannot be used: a non-finite input, or a value that overflows the
 * backend's range on its way through the network. `example` is its 0-based position in the call
 * and `detail` says what, so a caller that knows where the example came from (a file's line) can
 * say so instead.
 */
export class ExampleError extends InputError {
  constructor(
    readonly example: number,
    readonly detail: string,
    source = 'data',
  ) {
    super(`${source}: example ${example}: ${detail}`);
  }
}
