// The end-to-end checks, in order, against one page: each is { name, run(ctx) } and throws on failure.
// Expected numbers come from the seed (exercise2.printed of @deltaml/conformance), never from the app.

import { join } from 'node:path';
import { exercise2, SEED_PRINTED } from '@deltaml/conformance';

/** XOR must reach this MSE … */
const XOR_TARGET_MSE = 0.05;
/** … within this many steps (the default settings get there in about 200; see test/trainer.test.ts). */
const XOR_STEP_BOUND = 1000;

/** Steps each backend trains XOR for in the every-backend check. */
const EVERY_BACKEND_STEPS = 100;

const SEED_KEYS = ['S_1', 'Z_1', 'Y_out', 'delta_2', 'dW_2', 'delta_1', 'dW_1', 'W_2_updated', 'W_1_updated'];

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function screenshot(ctx, name, selector) {
  const path = join(ctx.resultsDir, `${name}.png`);
  if (selector) await ctx.page.locator(selector).screenshot({ path });
  else await ctx.page.screenshot({ path, fullPage: true });
}

/** The backends that loaded, by the names the page shows. */
async function availableBackends(page) {
  return page.$$eval('[data-key="loss"] figure.got', (figures) => figures.map((f) => f.dataset.backend));
}

/** Every value of one card for one backend, at full precision (from the cells' titles). */
async function cardValues(page, key, backend) {
  return page.$$eval(`[data-key="${key}"] figure.got[data-backend="${backend}"] tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => Number(td.title))),
  );
}

/** Runs forward, backward and update under `policy` from the seed's numbers; returns the message after forward. */
async function trainingStatus(page) {
  const { loss, steps } = await page.$eval('#train-status', (el) => ({ ...el.dataset }));
  return { loss: Number(loss), steps: Number(steps) };
}

async function runExercise2(page, policy) {
  await page.click('#ex2-reset');
  await page.selectOption('#ex2-cache', policy);
  await page.click('#ex2-forward');
  const afterForward = await page.textContent('#exercise2-panel .message');
  await page.click('#ex2-backward');
  await page.click('#ex2-update');
  return afterForward;
}

export const checks = [
  {
    name: 'the page loads with no console errors',
    async run(ctx) {
      await ctx.page.goto(ctx.url);
      await ctx.page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      const status = await ctx.page.$$eval('#backend-status li.backend', (items) =>
        items.map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
      );
      for (const line of status) ctx.log(`backend status: ${line}`);
      await screenshot(ctx, 'first-view');
      assert(ctx.consoleErrors.length === 0, `console errors: ${ctx.consoleErrors.join(' | ')}`);
    },
  },
  {
    name: "Exercise 2 on every available backend shows loss 0.49161 and the seed's values",
    async run(ctx) {
      const { page } = ctx;
      await runExercise2(page, 'all');
      const backends = await availableBackends(page);
      assert(backends.length > 0, 'no backend ran Exercise 2');
      for (const backend of backends) {
        const loss = await page.textContent(`[data-key="loss"] figure.got[data-backend="${backend}"] td`);
        assert(loss === '0.49161', `${backend}: loss shows ${loss}, the seed prints 0.49161`);
        for (const key of SEED_KEYS) {
          const got = await cardValues(page, key, backend);
          exercise2.printed[key].forEach((row, i) =>
            row.forEach((seed, j) => {
              const diff = Math.abs(got[i][j] - seed);
              assert(
                diff <= SEED_PRINTED.abs,
                `${backend}: ${key}[${i}][${j}] = ${got[i][j]}, the seed prints ${seed} (|diff| ${diff} > ${SEED_PRINTED.abs})`,
              );
            }),
          );
        }
        ctx.log(
          `${backend}: loss 0.49161 and all ${SEED_KEYS.length} matrices within ${SEED_PRINTED.abs} of the seed`,
        );
      }
      await screenshot(ctx, 'exercise2', '#exercise2');
    },
  },
  {
    name: 'unticking a backend in the picker leaves it out of the comparison',
    async run(ctx) {
      const { page } = ctx;
      const before = await availableBackends(page);
      const last = before.at(-1);
      const tick = `#backend-status li[data-backend="${last}"] input[type="checkbox"]`;
      await page.uncheck(tick);
      await page.click('#ex2-forward');
      const after = await availableBackends(page);
      await page.check(tick);
      assert(
        after.length === before.length - 1 && !after.includes(last),
        `after unticking ${last}: ${after.join(', ')}`,
      );
    },
  },
  {
    name: 'the backends side by side agree with the seed and report a time per step',
    async run(ctx) {
      const { page } = ctx;
      await page.click('#backends-run');
      const rows = await page.$$eval('#backends-panel tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      );
      assert(rows.length > 0, 'no rows in the side-by-side table');
      for (const [name, , loss, , , seedRows, time] of rows) {
        assert(loss === '0.49161', `${name}: loss ${loss}`);
        const [ok, total] = seedRows.split('/').map(Number);
        assert(ok === total && total > 0, `${name}: seed rows ok ${seedRows}`);
        assert(/\d/.test(time ?? ''), `${name}: no time per step (${time})`);
        ctx.log(`${name}: loss ${loss}, seed rows ${seedRows}, ${time} per step`);
      }
      await screenshot(ctx, 'backends', '#backends');
    },
  },
  {
    name: 'switching the cache policy leaves the results unchanged and shows the memory difference',
    async run(ctx) {
      const { page } = ctx;
      const allValues = async () => page.$$eval('.value-card figure.got', (fs) => fs.map((f) => f.innerHTML));
      const messageAll = await runExercise2(page, 'all');
      const underAll = await allValues();
      const messagePre = await runExercise2(page, 'preactivations');
      const underPre = await allValues();
      ctx.log(messageAll);
      ctx.log(messagePre);
      assert(
        underAll.length > 0 && underAll.length === underPre.length,
        'the two runs show different matrices',
      );
      underAll.forEach((html, i) =>
        assert(html === underPre[i], `value ${i} differs between the cache policies`),
      );
      assert(messageAll !== messagePre, 'the forward message shows the same cache size under both policies');
      const memory = await page.$$eval('#memory-table tr[data-row]', (trs) =>
        trs.map((tr) => ({
          row: tr.dataset.row,
          all: Number(tr.dataset.all),
          pre: Number(tr.dataset.preactivations),
        })),
      );
      assert(memory.length >= 1, 'the memory panel shows no rows');
      for (const { row, all, pre } of memory) {
        assert(
          all > pre && pre > 0,
          `${row}: all ${all} B, preactivations ${pre} B; expected all > preactivations > 0`,
        );
        ctx.log(`${row}: all ${all} B, preactivations ${pre} B`);
      }
      await screenshot(ctx, 'memory', '#memory');
    },
  },
  {
    name: `every available backend trains XOR in the Train panel (MSE halves once ${EVERY_BACKEND_STEPS} steps have run)`,
    async run(ctx) {
      const { page } = ctx;
      const backends = await page.$$eval('#train-backend option', (options) => options.map((o) => o.value));
      await page.selectOption('#train-speed', '50');
      for (const backend of backends) {
        await page.selectOption('#train-backend', backend); // a new network on that backend
        const first = await trainingStatus(page);
        assert(first.steps === 0, `${backend}: the panel did not start over (${first.steps} steps)`);
        await page.click('#train-start');
        await page.waitForFunction(
          (bound) => Number(document.getElementById('train-status').dataset.steps) >= bound,
          EVERY_BACKEND_STEPS,
          { timeout: 20_000, polling: 50 },
        );
        await page.click('#train-start'); // pause
        const last = await trainingStatus(page);
        ctx.log(`${backend}: MSE ${first.loss.toFixed(4)} → ${last.loss.toFixed(4)} in ${last.steps} steps`);
        assert(
          last.loss < first.loss / 2,
          `${backend}: MSE ${first.loss} → ${last.loss} in ${last.steps} steps`,
        );
      }
    },
  },
  {
    name: `XOR trains to MSE < ${XOR_TARGET_MSE} within ${XOR_STEP_BOUND} steps`,
    async run(ctx) {
      const { page } = ctx;
      await page.selectOption('#train-speed', '10');
      await page.selectOption('#train-backend', 'cpu');
      await page.selectOption('#train-dataset', 'xor');
      await page.click('#train-start');
      const handle = await page.waitForFunction(
        ([target, bound]) => {
          const { loss, steps } = document.getElementById('train-status').dataset;
          return Number(loss) < target || Number(steps) >= bound
            ? { loss: Number(loss), steps: Number(steps) }
            : null;
        },
        [XOR_TARGET_MSE, XOR_STEP_BOUND],
        { timeout: 40_000, polling: 100 },
      );
      const { loss, steps } = await handle.jsonValue();
      await page.click('#train-start'); // pause
      ctx.log(`XOR: MSE ${loss} after ${steps} steps`);
      assert(loss < XOR_TARGET_MSE, `MSE ${loss} after ${steps} steps`);
      await page.waitForTimeout(300); // let the heat map catch up before the picture
      await screenshot(ctx, 'train', '#train');
    },
  },
  {
    name: 'no console errors during the whole run',
    async run(ctx) {
      await screenshot(ctx, 'full-page');
      assert(ctx.consoleErrors.length === 0, `console errors: ${ctx.consoleErrors.join(' | ')}`);
    },
  },
];
