// The model file: valid files load, every kind of bad file fails with a message naming the
// file and the field, and writing then reading gives the same model.
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_KINDS,
  initModel,
  layerSizes,
  ModelFileError,
  modelFromJSON,
  modelOutput,
  modelToJSON,
  parseModel,
  serializeModel,
} from '../src/index.js';

const exercise2File = {
  format: 'deltaml/mlp@1',
  inputSize: 2,
  layers: [
    {
      activation: 'relu',
      weights: [
        [0.6, 0.01],
        [0.7, 0.43],
        [0.0, 0.88],
      ],
    },
    { activation: 'identity', weights: [[0.02, 0.03, 0.09]] },
  ],
};

describe('reading a model file', () => {
  it('loads the seed network of CONTRACT.md', () => {
    const spec = modelFromJSON(exercise2File, 'model.json');
    expect(layerSizes(spec)).toEqual([2, 3, 1]);
    expect(spec.layers[0].activation).toEqual({ kind: 'relu' });
    expect(spec.layers[1].weights).toEqual([[0.02, 0.03, 0.09]]);
    expect(spec.layers[0].bias).toBeUndefined();
  });

  it('reads leaky_relu alpha, defaulting to 0.01', () => {
    const file = (alpha?: number) => ({
      ...exercise2File,
      layers: [{ ...exercise2File.layers[0], activation: 'leaky_relu', alpha }, exercise2File.layers[1]],
    });
    expect(modelFromJSON(file(0.2)).layers[0].activation).toEqual({ kind: 'leaky_relu', alpha: 0.2 });
    expect(modelFromJSON(file()).layers[0].activation).toEqual({ kind: 'leaky_relu', alpha: 0.01 });
  });

  const layer1 = exercise2File.layers[1];
  const bad: [string, unknown, string][] = [
    ['a list instead of an object', [], 'model.json: expected a JSON object, got a list'],
    [
      'a wrong format tag',
      { ...exercise2File, format: 'mlp@2' },
      'model.json: format is "mlp@2", expected "deltaml/mlp@1"',
    ],
    [
      'a missing inputSize',
      { ...exercise2File, inputSize: undefined },
      'model.json: inputSize must be a whole number ≥ 1, got undefined',
    ],
    ['no layers', { ...exercise2File, layers: [] }, 'model.json: layers must be a non-empty list'],
    [
      'a short weight row',
      { ...exercise2File, layers: [exercise2File.layers[0], { ...layer1, weights: [[0.02, 0.03]] }] },
      'model.json: layers[1].weights[0] has 2 numbers, expected 3',
    ],
    [
      'an unknown activation',
      { ...exercise2File, layers: [exercise2File.layers[0], { ...layer1, activation: 'swish' }] },
      // every activation of core's table, in its order (so a new one needs no edit here)
      `model.json: layers[1].activation is "swish"; expected one of ${ACTIVATION_KINDS.join(', ')}`,
    ],
    [
      'a string among the weights',
      { ...exercise2File, layers: [exercise2File.layers[0], { ...layer1, weights: [[0.02, '0.03', 0.09]] }] },
      'model.json: layers[1].weights[0][1] must be a finite number, got "0.03"',
    ],
    [
      'a bias of the wrong length',
      { ...exercise2File, layers: [exercise2File.layers[0], { ...layer1, bias: [1, 2] }] },
      'model.json: layers[1].bias has 2 numbers, expected 1',
    ],
    [
      'a layer that is not an object',
      { ...exercise2File, layers: [exercise2File.layers[0], 7] },
      'model.json: layers[1] must be an object, got 7',
    ],
    [
      'an unknown output kind',
      { ...exercise2File, output: 'logits' },
      'model.json: output is "logits"; expected one of softmax, sigmoid, values',
    ],
    [
      'softmax over one output',
      { ...exercise2File, output: 'softmax' },
      'model.json: output is "softmax", but the network has 1 output; softmax needs at least 2',
    ],
    [
      'one class name for one output',
      { ...exercise2File, classes: ['yes'] },
      'model.json: classes has 1 names, but the network has 1 outputs; expected 2 (one sigmoid output reads two classes)',
    ],
    [
      'two class names that differ only in the spaces around them (labels are read without them)',
      { ...exercise2File, classes: ['yes', ' yes'] },
      'model.json: classes has a name twice',
    ],
    [
      'values with class names',
      { ...exercise2File, classes: ['no', 'yes'], output: 'values' },
      'model.json: output is "values", but the model has classes; a model with classes is read as a classifier',
    ],
  ];
  for (const [what, file, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => modelFromJSON(file, 'model.json')).toThrow(new ModelFileError(message));
    });
  }

  it('names the file when the JSON itself is broken', () => {
    expect(() => parseModel('{"format": "deltaml/mlp@1", "layers": [', 'net.json')).toThrow(
      /^net\.json: not valid JSON/,
    );
  });
});

describe('writing a model file', () => {
  it('round-trips a model with biases and every activation', () => {
    const spec = initModel({
      sizes: [3, 4, 4, 4, 4, 2],
      activations: [
        { kind: 'relu' },
        { kind: 'sigmoid' },
        { kind: 'tanh' },
        { kind: 'leaky_relu', alpha: 0.3 },
        { kind: 'identity' },
      ],
      bias: true,
      seed: 5,
    });
    const text = serializeModel(spec);
    expect(JSON.parse(text).format).toBe('deltaml/mlp@1');
    expect(parseModel(text)).toEqual(spec);
  });
});

describe('the output field', () => {
  it('reads and writes each kind, and a file without it has none', () => {
    expect(modelFromJSON(exercise2File).output).toBeUndefined();
    for (const output of ['sigmoid', 'values'] as const) {
      const spec = modelFromJSON({ ...exercise2File, output });
      expect(spec.output).toBe(output);
      expect(parseModel(serializeModel(spec))).toEqual(spec);
    }
    const wide = initModel({ sizes: [2, 3], activations: [{ kind: 'identity' }], seed: 1 });
    const softmax = { ...wide, output: 'softmax' as const, classes: ['a', 'b', 'c'] };
    expect(parseModel(serializeModel(softmax))).toEqual(softmax);
  });
});

describe('initModel', () => {
  it('is deterministic in its seed and differs across seeds', () => {
    const make = (seed: number) =>
      initModel({ sizes: [2, 3, 1], activations: [{ kind: 'relu' }, { kind: 'identity' }], seed });
    expect(make(1)).toEqual(make(1));
    expect(make(1)).not.toEqual(make(2));
  });

  it('draws He-uniform weights before ReLU and Glorot-uniform otherwise', () => {
    const spec = initModel({
      sizes: [50, 40, 10],
      activations: [{ kind: 'relu' }, { kind: 'tanh' }],
      seed: 9,
    });
    const maxAbs = (rows: number[][]) => Math.max(...rows.flat().map(Math.abs));
    const he = Math.sqrt(6 / 50);
    const glorot = Math.sqrt(6 / 50);
    expect(maxAbs(spec.layers[0].weights)).toBeLessThanOrEqual(he);
    expect(maxAbs(spec.layers[0].weights)).toBeGreaterThan(0.9 * he); // 2000 draws reach the edge
    expect(maxAbs(spec.layers[1].weights)).toBeLessThanOrEqual(glorot);
  });

  it('says what is wrong with its arguments', () => {
    expect(() => initModel({ sizes: [2, 3, 1], activations: [{ kind: 'relu' }] })).toThrow(
      'init: 2 layers but 1 activations; give one activation per layer',
    );
    expect(() => initModel({ sizes: [2, 0], activations: [{ kind: 'relu' }] })).toThrow(
      'init: layer size 1 is 0, expected a whole number ≥ 1',
    );
  });
});

describe('initModel schemes', () => {
  const sizes = [4, 64, 3];
  const activations = [{ kind: 'relu' }, { kind: 'identity' }] as const;
  const largest = (w: number[][]) => Math.max(...w.flat().map(Math.abs));
  it('draws each layer with its activation’s scheme: He before ReLU, Glorot before identity', () => {
    const { layers } = initModel({ sizes, activations: [...activations], seed: 3 });
    expect(largest(layers[0].weights)).toBeLessThanOrEqual(Math.sqrt(6 / 4));
    expect(largest(layers[0].weights)).toBeGreaterThan(Math.sqrt(6 / 68)); // wider than Glorot's range
    expect(largest(layers[1].weights)).toBeLessThanOrEqual(Math.sqrt(6 / 67));
  });
  it('uses one scheme for every layer when asked (glorot: scikit-learn’s and Keras’s range)', () => {
    const { layers } = initModel({ sizes, activations: [...activations], seed: 3, scheme: 'glorot' });
    expect(largest(layers[0].weights)).toBeLessThanOrEqual(Math.sqrt(6 / 68));
    expect(largest(layers[0].weights)).toBeGreaterThan(0.9 * Math.sqrt(6 / 68));
  });
});

describe('how Z_L is read', () => {
  const wide = initModel({ sizes: [2, 3], activations: [{ kind: 'identity' }], seed: 1 });
  const narrow = initModel({ sizes: [2, 1], activations: [{ kind: 'identity' }], seed: 1 });
  it('is the output field, else a classifier iff the file has classes (softmax, or a sigmoid for one output)', () => {
    expect(modelOutput({ ...wide, output: 'softmax' })).toBe('softmax');
    expect(modelOutput(wide)).toBe('values');
    expect(modelOutput({ ...wide, classes: ['a', 'b', 'c'] })).toBe('softmax');
    expect(modelOutput({ ...narrow, classes: ['no', 'yes'] })).toBe('sigmoid');
    expect(modelOutput({ ...narrow, output: 'sigmoid' })).toBe('sigmoid');
  });

  it('modelToJSON gives the file modelFromJSON reads back, output included', () => {
    const spec = {
      ...wide,
      classes: ['a', 'b', 'c'],
      output: 'softmax' as const,
      inputTransform: { kind: 'standardize' as const, mean: [1, 2], std: [3, 4] },
    };
    const json = modelToJSON(spec);
    expect(json.format).toBe('deltaml/mlp@1');
    expect(json.output).toBe('softmax');
    expect(modelFromJSON(JSON.parse(JSON.stringify(json)))).toEqual(spec);
    expect(modelToJSON(wide).output).toBeUndefined();
  });
});
