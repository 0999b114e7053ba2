// The parts of TensorFlow.js's layers-model format (model.json: a Keras model config plus a
// weights manifest; weights as little-endian float32 in the files it names) that the writer and
// reader share.

/** One weight as the manifest lists it. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

/** One group of the manifest: the files, concatenated, hold its weights in order. */
export interface WeightGroup {
  paths: string[];
  weights: WeightEntry[];
}

/** A Keras layer as model.json holds it. */
export interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
  inbound_nodes?: unknown;
}

/** model.json's top level. */
export interface LayersModelJSON {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: Record<string, unknown>;
  weightsManifest: WeightGroup[];
  userDefinedMetadata?: Record<string, unknown>;
}

/** The name of the weights file the writer puts beside model.json (tfjs-converter's naming). */
export const WEIGHTS_FILE = 'group1-shard1of1.bin';

/** The float32 numbers of `bytes` (little-endian, as tfjs writes them on every platform). */
export function readFloat32(bytes: Uint8Array, offset: number, count: number): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
  return Float64Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
}

/** `values` as little-endian float32 bytes. */
export function writeFloat32(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return bytes;
}
