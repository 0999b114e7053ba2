// Numbers collected as a file is read, held at their final size: the array grows in place inside
// a reserved ArrayBuffer (resizable, so no copy and no doubling of memory), and memory is only
// taken for the numbers written. Float32 where the backend computes in float32 (issue #21: a
// dataset is held at most 1.2× its float32 size, plus a constant).

/** Bytes reserved for one array: the most a resizable ArrayBuffer can have in Node 20. */
const RESERVED = 2 ** 32;
/** Bytes the array grows by at a time, at least. */
const STEP = 1 << 20;

type Floats = Float32Array | Float64Array;
/** An ArrayBuffer that can grow in place (ES2024; the repository's lib setting predates its types). */
type ResizableBuffer = ArrayBuffer & { resize(byteLength: number): void };
const Resizable = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ResizableBuffer;

/** A Float32Array or Float64Array that grows as values are pushed. */
export class GrowingArray {
  #buffer: ArrayBuffer | ResizableBuffer;
  #data: Floats;
  length = 0;

  constructor(private readonly float32: boolean) {
    this.#buffer = new Resizable(0, { maxByteLength: RESERVED });
    this.#data = this.#view();
  }

  /** Makes room for `count` more values, which `add` then appends. */
  reserve(count: number): void {
    while (this.length + count > this.#data.length) this.#grow();
  }

  /** Appends a value, within the room `reserve` made. */
  add(value: number): void {
    this.#data[this.length++] = value;
  }

  /** The values pushed so far (a view, not a copy; later pushes do not change its length). */
  values(): Floats {
    return this.float32
      ? new Float32Array(this.#buffer, 0, this.length)
      : new Float64Array(this.#buffer, 0, this.length);
  }

  #view(): Floats {
    return this.float32 ? new Float32Array(this.#buffer) : new Float64Array(this.#buffer);
  }

  /** Half again as much room (in place while the reservation lasts; then in a new, larger buffer). */
  #grow(): void {
    const bytes = this.#buffer.byteLength;
    const wanted = Math.max(STEP, Math.ceil((bytes * 1.5) / 8) * 8);
    if (wanted <= RESERVED && 'resize' in this.#buffer) {
      this.#buffer.resize(wanted);
    } else {
      const bigger = new ArrayBuffer(wanted);
      new Uint8Array(bigger).set(new Uint8Array(this.#buffer));
      this.#buffer = bigger;
    }
    this.#data = this.#view();
  }
}
