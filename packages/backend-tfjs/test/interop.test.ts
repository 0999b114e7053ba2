// Round trips between deltaml models and tfjs LayersModels: the same predictions within float32
// tolerance, weights back exactly, tfjs's save/load formats, and clear errors for other layers.

import { FLOAT32, firstMismatch } from '@deltaml/conformance';
import { InputError, initModel, type ModelSpec, Network, predict, readRows } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend, fromLayersModel, type TfjsBackend, toLayersModel } from '../src/index.js';

/** 5 examples of 4 features, one column each (deltaml's layout) */
const X = [
  [0.5, -1.2, 0.3, 2.0, -0.7],
  [1.5, 0.2, -0.9, 0.1, 0.4],
  [-0.3, 0.8, 0.6, -1.1, 1.9],
  [0.0, 0.25, -0.5, 0.75, -1.0],
];
const rowsOfExamples = X[0].map((_, n) => X.map((row) => row[n]));

const model: ModelSpec = initModel({
  sizes: [4, 6, 5, 3],
  activations: [{ kind: 'tanh' }, { kind: 'leaky_relu', alpha: 0.05 }, { kind: 'sigmoid' }],
  bias: true,
  seed: 7,
});
const noBias: ModelSpec = initModel({
  sizes: [4, 3, 1],
  activations: [{ kind: 'relu' }, { kind: 'identity' }],
  seed: 3,
});

/** GELU (tfjs's tanh-form `gelu_new`) and softplus */
const smooth: ModelSpec = initModel({
  sizes: [4, 5, 4, 2],
  activations: [{ kind: 'gelu' }, { kind: 'softplus' }, { kind: 'identity' }],
  bias: true,
  seed: 11,
});

let backend: TfjsBackend;
beforeAll(async () => {
  backend = await createTfjsBackend({ engine: 'cpu' });
});

/** deltaml's prediction for X, as rows of examples (tfjs's layout) */
function deltamlPredict(spec: ModelSpec): number[][] {
  using network = Network.fromModel(backend, spec);
  const input = backend.upload(X.flat(), X.length, X[0].length);
  const Z = predict(network, input);
  try {
    const columns = readRows(backend, Z);
    return columns[0].map((_, n) => columns.map((row) => row[n]));
  } finally {
    backend.dispose(Z);
    backend.dispose(input);
  }
}

function tfjsPredict(layersModel: tfl.LayersModel): number[][] {
  return tf.tidy(() => (layersModel.predict(tf.tensor2d(rowsOfExamples)) as tf.Tensor2D).arraySync());
}

describe('toLayersModel / fromLayersModel', () => {
  for (const [name, spec] of [
    ['tanh, leaky ReLU, sigmoid, with biases', model],
    ['ReLU, identity, no biases', noBias],
    ['GELU, softplus, identity', smooth],
  ] as const) {
    it(`${name}: tfjs predicts what deltaml predicts, and the weights come back`, () => {
      const layersModel = toLayersModel(spec);
      try {
        expect(
          firstMismatch(tfjsPredict(layersModel).flat(), deltamlPredict(spec).flat(), FLOAT32, 'Z_L'),
        ).toBeNull();
        const back = fromLayersModel(layersModel);
        expect(back.inputSize).toBe(spec.inputSize);
        expect(back.layers.map((l) => l.activation)).toEqual(spec.layers.map((l) => l.activation));
        back.layers.forEach((layer, l) => {
          const want = spec.layers[l];
          expect(layer.bias === undefined).toBe(want.bias === undefined);
          // float32 storage: each weight comes back as its nearest float32
          expect(layer.weights).toEqual(want.weights.map((row) => Array.from(Float32Array.from(row))));
        });
        expect(
          firstMismatch(deltamlPredict(back).flat(), deltamlPredict(spec).flat(), FLOAT32, 'Z_L'),
        ).toBeNull();
      } finally {
        layersModel.dispose();
      }
    });
  }

  it('maps layers as tfjs expects: kernel = Wᵀ, useBias as the layer has a bias', () => {
    const layersModel = toLayersModel(noBias);
    try {
      const [first] = layersModel.layers;
      expect(first.getConfig().useBias).toBe(false);
      const [kernel] = first.getWeights();
      expect(kernel.shape).toEqual([4, 3]);
      expect((kernel.arraySync() as number[][])[2][1]).toBeCloseTo(noBias.layers[0].weights[1][2], 6);
    } finally {
      layersModel.dispose();
    }
  });

  it('takes a live Network as well as a ModelSpec', () => {
    using network = Network.fromModel(backend, model);
    const layersModel = toLayersModel(network);
    try {
      expect(
        firstMismatch(tfjsPredict(layersModel).flat(), deltamlPredict(model).flat(), FLOAT32, 'Z_L'),
      ).toBeNull();
    } finally {
      layersModel.dispose();
    }
  });

  it("survives tfjs's save and load (model.json topology + weights), predictions unchanged", async () => {
    const layersModel = toLayersModel(model);
    let saved: tf.io.ModelArtifacts | undefined;
    await layersModel.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    layersModel.dispose();
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    try {
      expect(
        firstMismatch(tfjsPredict(loaded).flat(), deltamlPredict(model).flat(), FLOAT32, 'Z_L'),
      ).toBeNull();
      expect(fromLayersModel(loaded).layers).toHaveLength(3);
    } finally {
      loaded.dispose();
    }
  });

  it('refuses layers deltaml has no kernel for, naming the layer', () => {
    const withDropout = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 3, inputShape: [2] }),
        tfl.layers.dropout({ rate: 0.5, name: 'drop' }),
      ],
    });
    const withSoftmax = tfl.sequential({
      layers: [tfl.layers.dense({ units: 3, inputShape: [2], activation: 'softmax', name: 'probs' })],
    });
    const withErfGelu = tfl.sequential({
      layers: [tfl.layers.dense({ units: 3, inputShape: [2], activation: 'gelu', name: 'erf' })],
    });
    try {
      expect(() => fromLayersModel(withDropout)).toThrow(InputError);
      expect(() => fromLayersModel(withDropout)).toThrow(
        /tfjs layer 1 \("drop", Dropout\) is not a dense layer/,
      );
      expect(() => fromLayersModel(withSoftmax)).toThrow(
        /tfjs layer 0 \("probs", Dense\) uses activation "softmax"/,
      );
      // tfjs's `gelu` is the erf form; deltaml's is the tanh form, tfjs's `gelu_new`
      expect(() => fromLayersModel(withErfGelu)).toThrow(/uses activation "gelu"; .*gelu_new/);
    } finally {
      withDropout.dispose();
      withSoftmax.dispose();
      withErfGelu.dispose();
    }
  });
});
