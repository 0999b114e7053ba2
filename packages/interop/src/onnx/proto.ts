// ONNX's protobuf messages through protobufjs's reflection runtime and the official schema
// (onnx-ml.proto, turned into src/generated/onnx-descriptor.ts by the build). Reflection rather
// than static code: the light runtime plus the descriptor is what a browser bundle carries, and
// there is no generated code to keep in step with the schema.
// Only the fields deltaml reads or writes are typed here; decoding yields plain objects with int64
// as numbers.

import protobuf from 'protobufjs/light.js';
import { ONNX_ML_DESCRIPTOR } from '../generated/onnx-descriptor.js';

/** TensorProto.DataType values this package meets. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, STRING: 8, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType values this package meets. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** onnx.TensorProto, the fields used. */
export interface TensorProto {
  name?: string;
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  stringData?: Uint8Array[];
  rawData?: Uint8Array;
}

/** onnx.AttributeProto, the fields used. */
export interface AttributeProto {
  name?: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

/** onnx.NodeProto, the fields used. */
export interface NodeProto {
  name?: string;
  opType?: string;
  domain?: string;
  input?: string[];
  output?: string[];
  attribute?: AttributeProto[];
}

/** One dimension of a tensor shape: a size or a symbolic name. */
export interface Dimension {
  dimValue?: number;
  dimParam?: string;
}

/** onnx.ValueInfoProto for a tensor, the fields used. */
export interface ValueInfoProto {
  name?: string;
  type?: { tensorType?: { elemType?: number; shape?: { dim?: Dimension[] } } };
}

/** onnx.GraphProto, the fields used. */
export interface GraphProto {
  name?: string;
  node?: NodeProto[];
  initializer?: TensorProto[];
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
}

/** onnx.ModelProto, the fields used. */
export interface ModelProto {
  irVersion?: number;
  opsetImport?: { domain?: string; version?: number }[];
  producerName?: string;
  producerVersion?: string;
  graph?: GraphProto;
  metadataProps?: { key?: string; value?: string }[];
}

let modelType: protobuf.Type | undefined;

/** onnx.ModelProto's reflected type, built once on first use. */
function modelProtoType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_ML_DESCRIPTOR as protobuf.INamespace).lookupType(
    'onnx.ModelProto',
  );
  return modelType;
}

/** The ONNX file bytes of a model. */
export function encodeModel(model: ModelProto): Uint8Array {
  const type = modelProtoType();
  return type.encode(type.fromObject(model)).finish();
}

/** A model from ONNX file bytes; throws protobufjs's error on bytes that are not a message. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const type = modelProtoType();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as ModelProto;
}
