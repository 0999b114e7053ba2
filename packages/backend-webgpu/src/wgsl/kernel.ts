// A WGSL kernel's interface, declared once: its uniform parameters (name → u32 or f32, in order)
// and its storage bindings (name, read or read_write, in order). The WGSL declarations — the
// `Params` struct at binding 0 and one `array<f32>` per binding after it — and the host side — the
// parameters packed into the uniform slot and the buffers bound by name — are both generated from
// it, so no struct is matched by hand against a positional array.

/** The WGSL type of one uniform parameter (each takes one 4-byte word). */
export type ParamType = 'u32' | 'f32';

/** A kernel's uniform parameters, in the order of its `Params` struct. */
export type ParamLayout = Readonly<Record<string, ParamType>>;

/** One storage binding: its WGSL name, and `write` for read_write. */
export interface BindingSpec {
  readonly name: string;
  readonly write?: boolean;
}

/** The values of a kernel's parameters, by name. */
export type ParamValues<P extends ParamLayout> = { readonly [K in keyof P]: number };

/** The buffers of a kernel's bindings, by name. */
export type BufferArgs<B extends readonly BindingSpec[]> = { readonly [K in B[number]['name']]: GPUBuffer };

/** One compute kernel: the pipeline's cache key, its interface and its WGSL. */
export interface Kernel<P extends ParamLayout, B extends readonly BindingSpec[]> {
  readonly key: string;
  readonly params: P;
  readonly bindings: B;
  /** the whole module, declarations included; compiled once per key */
  wgsl(): string;
}

/**
 * A kernel whose WGSL is `declarations` (generated from `params` and `bindings`) followed by
 * `body(declarations)`'s text.
 */
export function kernel<const P extends ParamLayout, const B extends readonly BindingSpec[]>(
  key: string,
  params: P,
  bindings: B,
  body: string | (() => string),
): Kernel<P, B> {
  return {
    key,
    params,
    bindings,
    wgsl: () => `${declarations(params, bindings)}\n${typeof body === 'string' ? body : body()}`,
  };
}

/** The `Params` struct, the uniform at binding 0, and each storage binding from binding 1 on. */
export function declarations(params: ParamLayout, bindings: readonly BindingSpec[]): string {
  const fields = Object.entries(params).map(([name, type]) => `${name}: ${type}`);
  const storage = bindings.map(
    ({ name, write }, i) =>
      `@group(0) @binding(${i + 1}) var<storage, ${write ? 'read_write' : 'read'}> ${name}: array<f32>;`,
  );
  return [
    `struct Params { ${fields.join(', ')} }`,
    '@group(0) @binding(0) var<uniform> P: Params;',
    ...storage,
  ].join('\n');
}

/** Writes `values` as `params` lays them out, one word each, from word `base` of the uniform data. */
export function packParams<P extends ParamLayout>(
  params: P,
  values: ParamValues<P>,
  u32: Uint32Array,
  f32: Float32Array,
  base: number,
): void {
  let word = base;
  for (const name in params) {
    if (params[name] === 'u32') u32[word] = values[name];
    else f32[word] = values[name];
    word++;
  }
}
