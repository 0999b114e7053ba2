// A data file as the Train panel's points (logic/file-dataset.ts): two x columns and a label (indices
// or names) or one 0/1 y, in file order, split as a toy dataset is; anything else refused in one
// line naming the file, the reader's own message where the reader refuses it.

import { describe, expect, it } from 'vitest';
import { readFileDataset } from '../src/logic/file-dataset.js';
import { trainData } from '../src/logic/train-data.js';
import { DEFAULT_SETUP } from '../src/logic/train-setup.js';

/** `text` as a File named `name`, as the file picker gives it. */
const file = (name: string, text: string) => new File([text], name);

/** The message a file is refused with. */
const refusal = (name: string, text: string) =>
  readFileDataset(file(name, text)).then(
    () => 'read',
    (error: Error) => error.message,
  );

describe('a data file as the Train panel points', () => {
  it('reads x1, x2 and class indices in file order (other columns ignored)', async () => {
    const points = await readFileDataset(
      file('d.csv', 'x1,note,x2,label\n0.5,a,-1,2\n1.5,b,2,0\n-3,c,4,1\n'),
    );
    expect(points).toStrictEqual({
      name: 'd.csv',
      classes: 3,
      points: Float64Array.from([0.5, -1, 1.5, 2, -3, 4]),
      labels: Uint8Array.from([2, 0, 1]),
      count: 3,
    });
  });

  it('reads class names in order of first appearance, and one 0/1 y as two classes', async () => {
    const named = await readFileDataset(file('n.csv', 'x1,x2,label\n0,0,cat\n1,1,dog\n2,2,cat\n'));
    expect(named.classNames).toStrictEqual(['cat', 'dog']);
    expect([...named.labels]).toStrictEqual([0, 1, 0]);
    const binary = await readFileDataset(file('b.csv', 'x1,x2,y\n0,0,1\n1,1,0\n'));
    expect([binary.classes, [...binary.labels]]).toStrictEqual([2, [1, 0]]);
  });

  it('is split and trained on as a toy dataset: the first share trains, the rest test', async () => {
    const rows = Array.from({ length: 10 }, (_, n) => `${n},${-n},${n % 3}`).join('\n');
    const points = await readFileDataset(file('s.csv', `x1,x2,label\n${rows}\n`));
    const data = trainData({ ...DEFAULT_SETUP, trainPercent: 70, file: points });
    expect([data.trainCount, data.train.count, data.test.count]).toStrictEqual([7, 7, 3]);
    expect([...data.test.inputs]).toStrictEqual([7, -7, 8, -8, 9, -9]); // features x1, x2 of rows 8…10
    expect([...data.test.targets]).toStrictEqual([1, 2, 0]);
    expect(data.outputSize).toBe(3);
  });

  it('refuses what it cannot plot, in one line naming the file', async () => {
    expect(await refusal('a.csv', 'x1,x2,x3,label\n1,2,3,0\n')).toBe(
      'a.csv: 3 input columns (names starting with "x"); the playground plots exactly two, x₁ and x₂',
    );
    expect(await refusal('a.csv', 'x1,x2,y1,y2\n1,2,3,0\n')).toBe(
      'a.csv: no "label" column and 2 target columns (names starting with "y"); the playground takes a class label or one 0/1 y',
    );
    expect(await refusal('a.csv', 'x1,x2,label\n1,2,0\n')).toBe(
      'a.csv: 1 example; the playground takes 2 (a training and a test point) to 10000',
    );
  });

  it("gives the reader's own message for a bad file", async () => {
    expect(await refusal('bad.csv', 'x1,x2,label\n1,2,0\n3,zz,1\n')).toBe(
      'bad.csv: line 3, column 2 (x2): "zz" is not a finite number',
    );
    expect(await refusal('bad.csv', 'x1,x2,label\n1,2,0\n3,4,5\n')).toBe(
      'bad.csv: line 3, column 3 (label): label 5 is out of range; expected a class index 0…2',
    );
    expect(await refusal('bad.csv', 'x1,x2,y\n1,2,0\n3,4,0.5\n')).toBe(
      'bad.csv: line 3, column 3 (y): target 0.5 is not 0 or 1',
    );
  });
});
