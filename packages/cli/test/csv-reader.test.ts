// The data file reader in process (csv.ts): what it reads (values, class indices and names, 0/1
// targets, streamed batches) and the bad files of issue #11 it refuses with the file, the line and
// the column: stray quotes anywhere, binary and UTF-16 files, numbers in notations other than
// plain decimal, duplicate headers, control characters, values beyond float32.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@deltaml/core';
import { type DatasetOptions, readDataset, streamExamples } from '@deltaml/data/node';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './helpers/cli.js';

const VALUES: DatasetOptions = { targets: 'values', outputSize: 1 };
const CLASSES: DatasetOptions = { targets: 'classes', outputSize: 3 };

function file(contents: string | Uint8Array): string {
  const path = join(scratchDir(), 'data.csv');
  writeFileSync(path, contents);
  return path;
}

/** The message readDataset fails with (an InputError), with the scratch path shortened to `data.csv`. */
async function refusal(contents: string | Uint8Array, options: DatasetOptions = VALUES): Promise<string> {
  const path = file(contents);
  const error = await readDataset(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message.replace(path, 'data.csv');
}

describe('readDataset reads', () => {
  it('value targets from the y… columns', async () => {
    const { dataset, classes } = await readDataset(file('x1,x2,y1\n1,2,3\n4,5e-1,-6\n'), VALUES);
    expect(dataset).toEqual({
      count: 2,
      inputSize: 2,
      inputs: new Float64Array([1, 2, 4, 0.5]),
      targetSize: 1,
      targets: new Float64Array([3, -6]),
    });
    expect(classes).toBeUndefined();
  });

  it('class names as indices in order of first appearance, and returns the names', async () => {
    const { dataset, classes } = await readDataset(
      file('x1,label\n1,setosa\n2,virginica\n3,setosa\n4,versicolor\n'),
      CLASSES,
    );
    expect([...dataset.targets]).toEqual([0, 1, 0, 2]);
    expect(classes).toEqual(['setosa', 'virginica', 'versicolor']);
  });

  it('class names by the model’s list when it is given', async () => {
    const { dataset, classes } = await readDataset(file('x1,label\n1,c\n2,a\n'), {
      ...CLASSES,
      classes: ['a', 'b', 'c'],
    });
    expect([...dataset.targets]).toEqual([2, 0]);
    expect(classes).toEqual(['a', 'b', 'c']);
  });

  it('class indices', async () => {
    const { dataset, classes } = await readDataset(file('x1,label\n1,2\n2,0\n'), CLASSES);
    expect([...dataset.targets]).toEqual([2, 0]);
    expect(classes).toBeUndefined();
  });

  it('0/1 targets from one y column, or two class names from a label column', async () => {
    const binary: DatasetOptions = { targets: 'binary', outputSize: 1 };
    expect([...(await readDataset(file('x1,y\n1,0\n2,1\n'), binary)).dataset.targets]).toEqual([0, 1]);
    const named = await readDataset(file('x1,label\n1,spam\n2,ham\n3,spam\n'), binary);
    expect([...named.dataset.targets]).toEqual([0, 1, 0]);
    expect(named.classes).toEqual(['spam', 'ham']);
  });

  it('values up to the float32 limit on a float32 backend (held as float32), and beyond it in float64', async () => {
    const csv = 'x1,y1\n3.4e38,1\n';
    const { inputs } = (await readDataset(file(csv), { ...VALUES, float32: true })).dataset;
    expect(inputs).toBeInstanceOf(Float32Array);
    expect(inputs[0]).toBe(Math.fround(3.4e38));
    expect((await readDataset(file('x1,y1\n1e300,1\n'), VALUES)).dataset.inputs[0]).toBe(1e300);
  });
});

describe('readDataset refuses, naming the file, the line and the column', () => {
  it('a stray quote in any field, even an ignored one', async () => {
    expect(await refusal('x1,note,y1\n1,a"b,2\n')).toMatch(/^data\.csv: line 2: Invalid Opening Quote/);
    expect(await refusal('x1,y1\n1,"2"x\n')).toMatch(/^data\.csv: line 2: Invalid Closing Quote/);
    expect(await refusal('x1,y1\n0.75,"0.8\n')).toMatch(/^data\.csv: line 2: Quote Not Closed/);
  });

  it('a binary file, and a UTF-16 one', async () => {
    expect(await refusal(new Uint8Array([0x78, 0x31, 0x2c, 0x79, 0x0a, 0x00, 0x01, 0x2c, 0x02, 0x0a]))).toBe(
      'data.csv: line 2: a NUL byte; this is a binary file, not CSV text',
    );
    expect(await refusal(Buffer.from('\uFEFFx1,y1\n1,2\n', 'utf16le'))).toBe(
      'data.csv: line 1: the file is UTF-16 text; save it as UTF-8',
    );
  });

  it.each([
    '0x10',
    '0b1',
    '0o7',
    'Infinity',
    '-Infinity',
    'NaN',
    '1 2',
    '1_000',
    '\u00a01',
    '1e',
    '.',
    '+',
    '1,5',
  ])('the cell %j, which is not a plain decimal number', async (cell) => {
    const quoted = `"${cell}"`;
    expect(await refusal(`x1,y1\n${quoted},1\n`)).toMatch(
      /^data\.csv: line 2, column 1 \(x1\): ".*" is not a finite number$/,
    );
  });

  it('a number too large for float64', async () => {
    expect(await refusal('x1,y1\n1e999,1\n')).toBe(
      'data.csv: line 2, column 1 (x1): "1e999" is not a finite number',
    );
  });

  it('a value beyond float32 on a float32 backend', async () => {
    expect(await refusal('x1,y1\n1,-1e39\n', { ...VALUES, float32: true })).toBe(
      'data.csv: line 2, column 2 (y1): "-1e39" is beyond the float32 range of this backend (±3.4e38)',
    );
  });

  it('duplicate headers', async () => {
    expect(await refusal('x1,x1,y1\n1,2,3\n')).toBe(
      'data.csv: line 1: column 2 is named "x1" like column 1; column names must be unique',
    );
    expect(await refusal('x1,label,label\n1,0,1\n', CLASSES)).toBe(
      'data.csv: line 1: column 3 is named "label" like column 2; column names must be unique',
    );
  });

  it('control characters of a cell, escaped and never raw', async () => {
    const message = await refusal('x1,y1\n\u001b[2J\u001b[31mred,1\n');
    expect(message).toBe('data.csv: line 2, column 1 (x1): "\\x1b[2J\\x1b[31mred" is not a finite number');
  });

  it('a long cell, cut', async () => {
    const message = await refusal(`x1,y1\n${'9'.repeat(400)}z,1\n`);
    expect(message).toBe(`data.csv: line 2, column 1 (x1): "${'9'.repeat(40)}…" is not a finite number`);
  });

  it('a class name the model does not know, listing the ones it does', async () => {
    expect(await refusal('x1,label\n1,a\n2,d\n', { ...CLASSES, classes: ['a', 'b', 'c'] })).toBe(
      'data.csv: line 3, column 2 (label): "d" is not a class of the model; its classes are "a", "b", "c"',
    );
  });

  it('more class names than the network has outputs', async () => {
    expect(await refusal('x1,label\n1,a\n2,b\n3,c\n4,d\n', CLASSES)).toBe(
      'data.csv: line 5, column 2 (label): "d" would be class 4, but the network has 3 classes ("a", "b", "c")',
    );
  });

  it('names and indices mixed in one label column', async () => {
    expect(await refusal('x1,label\n1,a\n2,1\n', CLASSES)).toBe(
      'data.csv: line 3, column 2 (label): "1" is a class index, but line 2 has a class name; use names or indices, not both',
    );
  });

  it('a class index out of range, and a 0/1 target that is neither', async () => {
    expect(await refusal('x1,label\n1,3\n', CLASSES)).toBe(
      'data.csv: line 2, column 2 (label): label 3 is out of range; expected a class index 0…2',
    );
    expect(await refusal('x1,y1\n1,0.5\n', { targets: 'binary', outputSize: 1 })).toBe(
      'data.csv: line 2, column 2 (y1): target 0.5 is not 0 or 1',
    );
  });

  it('no label column for class targets, and two y columns for 0/1 targets', async () => {
    expect(await refusal('x1,y1\n1,0\n', CLASSES)).toMatch(/^data\.csv: line 1: no "label" column/);
    expect(await refusal('x1,y1,y2\n1,0,1\n', { targets: 'binary', outputSize: 1 })).toBe(
      'data.csv: line 1: 2 target columns (names starting with "y"); 0/1 targets take exactly one',
    );
  });
});

describe('streamExamples', () => {
  it('yields the inputs in batches with the line of each example, ignoring target and label columns', async () => {
    const path = file('label,x1,y1,x2\na,1,9,2\nb,3,9,4\n\nc,5,9,6\n');
    const batches = [];
    for await (const batch of streamExamples(path, { inputSize: 2, batchSize: 2 })) {
      batches.push({ ...batch, lines: [...batch.lines], inputs: [...batch.inputs] });
    }
    expect(batches).toEqual([
      { lines: [2, 3], count: 2, inputs: [1, 2, 3, 4] },
      { lines: [5], count: 1, inputs: [5, 6] },
    ]);
  });

  it('refuses a file whose inputs are not the model’s, and a bad cell with its line', async () => {
    const read = async (csv: string) => {
      const path = file(csv);
      try {
        for await (const _ of streamExamples(path, { inputSize: 2, batchSize: 8 })) {
          // consume
        }
        return 'read';
      } catch (error) {
        return (error as Error).message.replace(path, 'data.csv');
      }
    };
    expect(await read('x1,y1\n1,2\n')).toBe(
      'data.csv: line 1: 1 input columns (names starting with "x"), but the model takes 2',
    );
    expect(await read('x1,x2\n1,2\n3,0x1\n')).toBe(
      'data.csv: line 3, column 2 (x2): "0x1" is not a finite number',
    );
    expect(await read('x1,x2\n')).toBe('data.csv: no examples after the header');
  });
});
