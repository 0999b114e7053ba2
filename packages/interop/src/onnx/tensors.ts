// The numbers and strings of an ONNX initializer or Constant, from whichever field the writer
// used (float_data, double_data, int64_data, int32_data, raw_data little-endian, string_data),
// checked against its dims.

import { DataType, type TensorProto } from './proto.js';

/** A constant tensor as numbers (or strings), with its shape. */
export interface Constant {
  readonly dims: number[];
  readonly values: number[];
  readonly strings?: string[];
}

const RAW_WIDTH: Record<number, number> = {
  [DataType.FLOAT]: 4,
  [DataType.DOUBLE]: 8,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
};

function fromRaw(raw: Uint8Array, dataType: number, count: number): number[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: count }, (_, i) => {
    switch (dataType) {
      case DataType.FLOAT:
        return view.getFloat32(4 * i, true);
      case DataType.DOUBLE:
        return view.getFloat64(8 * i, true);
      case DataType.INT32:
        return view.getInt32(4 * i, true);
      default:
        return Number(view.getBigInt64(8 * i, true));
    }
  });
}

/** The tensor's contents; `what` names it in messages (`initializer "W"`). */
export function readTensor(tensor: TensorProto, what: string, fail: (msg: string) => never): Constant {
  const dims = tensor.dims ?? [];
  const count = dims.reduce((n, d) => n * d, 1);
  if (dims.some((d) => !Number.isInteger(d) || d < 0) || count > 2 ** 27)
    fail(`${what} has shape [${dims.join(', ')}], which is not a tensor deltaml can hold`);
  const type = tensor.dataType ?? 0;
  if (type === DataType.STRING) {
    const strings = (tensor.stringData ?? []).map((bytes) => new TextDecoder().decode(bytes));
    if (strings.length !== count)
      fail(`${what} has ${strings.length} strings for shape [${dims.join(', ')}]`);
    return { dims, values: [], strings };
  }
  const width = RAW_WIDTH[type];
  if (!width)
    fail(`${what} has ONNX data type ${type}; deltaml reads float, double, int32 and int64 tensors`);
  let values: number[];
  if (tensor.rawData && tensor.rawData.length > 0) {
    if (tensor.rawData.length !== count * width)
      fail(`${what} has ${tensor.rawData.length} bytes of data for shape [${dims.join(', ')}]`);
    values = fromRaw(tensor.rawData, type, count);
  } else {
    values =
      (type === DataType.FLOAT
        ? tensor.floatData
        : type === DataType.DOUBLE
          ? tensor.doubleData
          : type === DataType.INT64
            ? tensor.int64Data
            : tensor.int32Data) ?? [];
    if (values.length !== count) fail(`${what} has ${values.length} values for shape [${dims.join(', ')}]`);
  }
  return { dims, values };
}
