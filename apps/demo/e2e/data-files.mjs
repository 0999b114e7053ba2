// End-to-end checks of the Train panel's data files: a CSV file and its Parquet copy (zstd, three
// row groups; made by scripts/make-parquet-fixtures.py) are uploaded through the file picker,
// become the plotted points with their class names, split as a toy dataset is, and train; both
// give the same dataset fingerprint. Bad files are refused with the reader's own line naming the
// file, the line and the column, and the loaded setup stays as it was. The expected counts and
// names are read here from the CSV text, never from the page.
// @ts-check (the demo's `typecheck` covers this file: JSDoc types, see tsconfig.json)

import { readFile } from 'node:fs/promises';
import { assert, attributeOf, textOf, trainStatus, waitForTrain } from './page-helpers.mjs';

/** @typedef {import('./checks.mjs').Check} Check */
/** @typedef {import('playwright-core').Page} Page */

const FIXTURES = new URL('./fixtures/', import.meta.url);
/** Steps trained on a loaded file before its loss is compared with its first one. */
const TRAIN_STEPS = 30;

/**
 * Uploads a data file and waits for the page's message about it (the one after "Reading…").
 * @param {Page} page
 * @param {string} name
 * @param {Buffer} buffer
 */
async function upload(page, name, buffer) {
  await page.setInputFiles('#train-data-file', { name, mimeType: 'application/octet-stream', buffer });
  await waitForTrain(
    page,
    (file) => {
      const text = document.getElementById('train-data-message')?.textContent ?? '';
      return text.includes(file) && !text.startsWith('Reading');
    },
    name,
  );
  return {
    text: await textOf(page, '#train-data-message'),
    error: await page.$eval('#train-data-message', (el) => el.classList.contains('error')),
  };
}

/**
 * Waits for the first snapshot of a new dataset (after `before`'s), and returns the status.
 * @param {Page} page
 * @param {string | undefined} before the previous dataset fingerprint
 */
async function newRun(page, before) {
  await waitForTrain(
    page,
    (previous) => {
      const d = document.getElementById('train-status')?.dataset;
      return d?.dataset !== previous && d?.steps === '0' && d.loss !== undefined;
    },
    before,
    60_000,
  );
  return trainStatus(page);
}

/** @type {Check[]} */
export const dataFileChecks = [
  {
    name: 'Train: a CSV data file and its Parquet copy load as the same points with their class names, split like a toy dataset, and train',
    async run(ctx) {
      const { page } = ctx;
      const csv = await readFile(new URL('blobs.csv', FIXTURES));
      const rows = csv.toString('utf8').trim().split('\n').slice(1);
      const names = [...new Set(rows.map((row) => row.split(',')[2]))];
      const start = await trainStatus(page);
      const loaded = await upload(page, 'blobs.csv', csv);
      const want = `Loaded blobs.csv: ${rows.length} points, ${names.length} classes (${names.join(', ')}).`;
      assert(!loaded.error && loaded.text.startsWith(want), `the page says: ${loaded.text}`);
      const first = await newRun(page, start.dataset);
      assert(
        (await page.inputValue('#train-dataset')) === 'file',
        'the dataset picker does not show the file',
      );
      const share = Number(await page.inputValue('#train-split'));
      const trainCount = Math.round((rows.length * share) / 100);
      const alt = await attributeOf(page, '#train-boundary', 'aria-label');
      assert(
        alt.includes(`${trainCount} training points`) &&
          alt.includes(`${rows.length - trainCount} test points`) &&
          alt.includes(`${names.length} classes`),
        `the plot says: ${alt}`,
      );
      const legend = await textOf(page, '#train .legend');
      assert(
        names.every((name) => legend.includes(name)),
        `the legend is "${legend}", the classes ${names.join(', ')}`,
      );
      await page.click('#train-start');
      await waitForTrain(
        page,
        (steps) => Number(document.getElementById('train-status')?.dataset.steps) >= steps,
        TRAIN_STEPS,
        60_000,
      );
      await page.click('#train-start');
      const trained = await trainStatus(page);
      assert(
        Number.isFinite(Number(trained.loss)) && Number(trained.loss) < Number(first.loss),
        `training loss ${first.loss} at step 0, ${trained.loss} at step ${trained.steps}`,
      );
      ctx.log(
        `blobs.csv: ${rows.length} points; loss ${first.loss} → ${trained.loss} in ${trained.steps} steps`,
      );

      const parquet = await readFile(new URL('blobs-zstd.parquet', FIXTURES));
      const fromParquet = await upload(page, 'blobs-zstd.parquet', parquet);
      assert(
        !fromParquet.error && fromParquet.text.startsWith(want.replace('blobs.csv', 'blobs-zstd.parquet')),
        `the page says: ${fromParquet.text}`,
      );
      // the same points and labels: the same fingerprint, so the run restarts on data already shown
      await waitForTrain(page, () => document.getElementById('train-status')?.dataset.steps === '0');
      const again = await trainStatus(page);
      assert(
        again.dataset === first.dataset,
        `the Parquet copy's dataset is ${again.dataset}, the CSV file's ${first.dataset}`,
      );
      ctx.log(`blobs-zstd.parquet: dataset ${again.dataset}, as the CSV file's`);
    },
  },
  {
    name: "Train: a bad data file gets the reader's one line naming the file, line and column, and the setup stays",
    async run(ctx) {
      const { page } = ctx;
      const before = await trainStatus(page);
      const cases = [
        {
          name: 'bad-cell.csv',
          text: 'x1,x2,label\n0.1,0.2,west\n0.3,abc,east\n',
          want: /^bad-cell\.csv: line 3, column 2 \(x2\): "abc" is not a finite number$/,
        },
        {
          name: 'quote.csv',
          text: 'x1,x2,label\n0.1,0.2,west\n"0.3,0.4,east\n',
          want: /^quote\.csv: line 3: Quote Not Closed/,
        },
        {
          name: 'width.csv',
          text: 'x1,x2,label\n0.1,0.2,west\n0.3,east\n',
          want: /^width\.csv: line 3: 2 columns, expected 3 as in the header$/,
        },
        {
          name: 'three.csv',
          text: 'x1,x2,x3,label\n0.1,0.2,0.3,west\n',
          want: /^three\.csv: 3 input columns \(names starting with "x"\); the playground plots exactly two/,
        },
        {
          name: 'broken.parquet',
          text: 'PAR1 this is not a Parquet file PAR1',
          want: /^broken\.parquet: not a Parquet file this reader can read/,
        },
      ];
      for (const { name, text, want } of cases) {
        const refused = await upload(page, name, Buffer.from(text));
        assert(
          refused.error && want.test(refused.text) && !refused.text.includes('\n'),
          `${name}: the page says ${refused.text}`,
        );
        ctx.log(refused.text);
      }
      const after = await trainStatus(page);
      for (const key of ['dataset', 'weights', 'steps', 'loss', 'backend'])
        assert(after[key] === before[key], `${key} was ${before[key]}, is ${after[key]} after the refusals`);
      assert(
        (await page.inputValue('#train-dataset')) === 'file',
        'the loaded file is no longer the dataset',
      );
      assert(
        !(await page.$eval('#train-status', (el) => el.classList.contains('error'))),
        'the status line shows an error',
      );
    },
  },
];
