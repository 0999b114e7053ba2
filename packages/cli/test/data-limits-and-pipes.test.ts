// The data reader under hostile input (issue #20): a cell longer than any row of data is refused
// with one line naming the file, the line and the column, before it becomes a string (Node cannot
// make one longer than ~512 MiB: `Cannot create a string longer than…`); and `--data` may be a
// pipe or /dev/stdin, which the reader reads front to back and never seeks (no ESPIPE).

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, initModel, serializeModel } from '@deltaml/core';
import { type DatasetOptions, MAX_LINE_BYTES, readDataset } from '@deltaml/data/node';
import { describe, expect, it } from 'vitest';
import { BIN, deltaml, scratchDir, writeFile } from './helpers/cli.js';

const VALUES: DatasetOptions = { targets: 'values', outputSize: 1 };
/** A lowered line limit, so the in-process cases stay small. */
const LIMIT = 1000;

async function refusal(text: string, fullParser = false): Promise<string> {
  const path = writeFile(scratchDir(), 'data.csv', text);
  const error = await readDataset(path, { ...VALUES, limits: { lineLimit: LIMIT, fullParser } }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message.replace(path, 'data.csv');
}

describe('a line longer than the limit', () => {
  const long = '9'.repeat(2 * LIMIT);
  const message = (line: number, column: number) =>
    `data.csv: line ${line}, column ${column}: the line is longer than ${LIMIT} bytes, more than a data file's row can be`;

  it('is refused naming the line and the column, on the fast path and behind it', async () => {
    expect(await refusal(`x1,y1\n1,2\n3,${long}\n`)).toBe(message(3, 2));
    expect(await refusal(`x1,y1\n1,2\n3,${long}`)).toBe(message(3, 2)); // the file's last line
    expect(await refusal(`x1,y1\n"1",2\n3,"${long}"\n`)).toBe(message(3, 2)); // quoted: csv-parse reads it
    expect(await refusal(`x1,y1\n1,2\n3,${long}\n`, true)).toBe(message(3, 2));
    expect(await refusal(`x1,y${long}\n1,2\n`)).toBe(message(1, 2));
  });

  it('a long line under the limit still reads', async () => {
    const cells = Array.from({ length: 150 }, (_, i) => `x${i + 1}`);
    const path = writeFile(
      scratchDir(),
      'data.csv',
      `${cells.join(',')},y1\n${cells.map(() => '1.5').join(',')},2\n`,
    );
    const { dataset } = await readDataset(path, { ...VALUES, limits: { lineLimit: LIMIT } });
    expect(dataset.inputSize).toBe(150);
  });

  it(`exits 2 with one line in predict, eval and train for a cell over ${MAX_LINE_BYTES / 2 ** 20} MiB`, () => {
    const dir = scratchDir();
    writeFile(
      dir,
      'model.json',
      serializeModel(initModel({ sizes: [1, 1], activations: [{ kind: 'identity' }], seed: 1 })),
    );
    writeFileSync(join(dir, 'data.csv'), `x1,y1\n1,2\n${'5'.repeat(MAX_LINE_BYTES + 10)},3\n`);
    const want = `error: data.csv: line 3, column 1: the line is longer than ${MAX_LINE_BYTES} bytes, more than a data file's row can be\n`;
    for (const args of [['predict'], ['eval'], ['train', '--out', 'out.json']]) {
      const run = deltaml([...args, '--model', 'model.json', '--data', 'data.csv'], dir);
      expect(run.stderr, args[0]).toBe(want);
      expect(run.status, args[0]).toBe(2);
    }
  });
});

describe('--data from a pipe', () => {
  const dir = scratchDir();
  const weights = {
    inputSize: 2,
    layers: [{ activation: { kind: 'identity' as const }, weights: [[2, -1]] }],
  };
  writeFile(dir, 'model.json', serializeModel(weights));
  const csv = 'x1,x2,y1\n1,2,0\n3,1,5\n0.5,0.25,0.75\n';
  writeFile(dir, 'data.csv', csv);
  const expected = 'y0\n0\n5\n0.75\n';

  /** `command` run by bash in the scratch directory, `deltaml` standing for the built bin. */
  const shell = (command: string) =>
    spawnSync('bash', ['-c', command.replaceAll('deltaml', `"${process.execPath}" "${BIN}"`)], {
      cwd: dir,
      encoding: 'utf8',
    });

  it('predict --data /dev/stdin, from a shell pipe', () => {
    const run = shell('cat data.csv | deltaml predict --backend cpu --model model.json --data /dev/stdin');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(expected);
    expect(run.status).toBe(0);
  });

  it('train --data /dev/stdin reads the pipe once; --resume with the same bytes continues, other bytes are refused', () => {
    const train = (data: string, extra: string) =>
      shell(
        `printf '${data.replaceAll('\n', '\\n')}' | deltaml train --backend cpu --model model.json --data /dev/stdin --no-shuffle --batch-size full --lr 0.01 ${extra}`,
      );
    const first = train(csv, '--epochs 1 --out one.json --checkpoint run.ckpt');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const resumed = train(csv, '--epochs 2 --out two.json --resume run.ckpt');
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    const other = train(csv.replace('0.75', '0.5'), '--epochs 2 --out three.json --resume run.ckpt');
    expect(other.stderr).toMatch(/^error: --resume run\.ckpt: [^\n]*data[^\n]*\n$/);
    expect(other.status).toBe(2);
  });

  it('predict and eval --data <(cat data.csv), a pipe the shell names', () => {
    const run = (command: string) =>
      spawnSync(
        'bash',
        [
          '-c',
          `"${process.execPath}" "${BIN}" ${command} --backend cpu --model model.json --data <(cat data.csv)`,
        ],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
    const predicted = run('predict');
    expect(predicted.stderr).toBe('');
    expect(predicted.stdout).toBe(expected);
    const evaluated = run('eval');
    expect(evaluated.stderr).toBe('');
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ loss: 0, examples: 3 });
  });
});
