// The panel's model file in the three forms the Train panel downloads: the deltaml model file
// (core's serializeModel, the text `deltaml train` writes), ONNX and a TensorFlow.js layers model
// (@deltaml/interop's writers, as `deltaml export` writes them). The layers model is model.json
// and its weights file; they go in one zip (fflate), so one click is one download.

import { type ModelSpec, serializeModel } from '@deltaml/core';
import { toOnnx, toTfjs } from '@deltaml/interop';
import { strToU8, zipSync } from 'fflate';

/** What the panel can download the network as. */
export type ExportFormat = 'deltaml' | 'onnx' | 'tfjs';

/** One file to download. */
export interface DownloadFile {
  readonly name: string;
  /** its media type */
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** `spec` as one file in `format`, named `stem` plus the format's ending; throws the writer's message. */
export function exportModel(spec: ModelSpec, format: ExportFormat, stem: string): DownloadFile {
  switch (format) {
    case 'deltaml':
      return { name: `${stem}.json`, type: 'application/json', bytes: strToU8(serializeModel(spec)) };
    case 'onnx':
      return { name: `${stem}.onnx`, type: 'application/octet-stream', bytes: toOnnx(spec) };
    case 'tfjs': {
      const { modelJSON, weights } = toTfjs(spec);
      const files = Object.fromEntries([['model.json', strToU8(modelJSON)], ...weights]);
      return { name: `${stem}-tfjs.zip`, type: 'application/zip', bytes: zipSync(files) };
    }
  }
}
