// `deltaml conformance`: the worked example's Exercise 2 on each requested backend, every printed value
// beside the backend's value, and exit status 1 if any differs (docs/contract.md).

import { exercise2Rows, FLOAT32, SEED_PRINTED } from '@deltaml/conformance';
import type { CachePolicy } from '@deltaml/core';
import { Command, Option } from 'commander';
import { BACKEND_NAMES, DEFAULT_BACKEND } from '../backends.js';
import { CheckFailedError } from '../failure.js';
import { addCacheOption, backendName, type CacheOptions } from '../options.js';
import { openBackend } from '../problem.js';
import { formatTable } from '../table.js';

interface ConformanceFlags extends CacheOptions {
  /** undefined when no --backend was given */
  readonly backend?: string[];
}

/** Prints one backend's table; returns how many values differ. */
async function checkBackend(name: string, cache: CachePolicy): Promise<number> {
  const { backend, name: running, engine } = await openBackend(name);
  const rows = await exercise2Rows(backend, cache);
  const table = formatTable(
    [
      { title: 'value' },
      { title: 'seed', align: 'right' },
      { title: 'got', align: 'right' },
      { title: '|diff|', align: 'right' },
      { title: 'ok' },
    ],
    rows.map((r) => [
      `${r.value}${r.index}`,
      String(r.seed),
      r.got.toPrecision(7),
      r.diff.toExponential(2),
      r.ok ? 'ok' : 'MISMATCH',
    ]),
  );
  const matched = rows.filter((r) => r.ok).length;
  process.stdout.write(
    `Exercise 2 on ${running} (${engine ? `${engine}; ` : ''}${backend.dtype}, cache ${cache})\n${table}\n` +
      `${matched}/${rows.length} values match: within ${SEED_PRINTED.abs} of the seed's printed value ` +
      `and ${FLOAT32.abs} + ${FLOAT32.rel}·|x| of the exact float64 value\n\n`,
  );
  return rows.length - matched;
}

export function conformanceCommand(): Command {
  const command = new Command('conformance')
    .description("check the worked example's Exercise 2 values on each backend and print them as a table")
    .addOption(
      new Option('--backend <names...>', `backends to check: ${BACKEND_NAMES.join(', ')}`)
        .argParser((name: string, previous: string[] | undefined) => [...(previous ?? []), backendName(name)])
        .default(undefined, DEFAULT_BACKEND),
    );
  addCacheOption(command);
  return command
    .addHelpText(
      'after',
      `
Exit status 1 if any value differs.

Example:
  deltaml conformance --backend cpu wasm`,
    )
    .action(async (flags: ConformanceFlags) => {
      const failed: string[] = [];
      for (const name of flags.backend ?? [DEFAULT_BACKEND]) {
        const differ = await checkBackend(name, flags.cache);
        if (differ > 0) failed.push(`${name} (${differ} values)`);
      }
      if (failed.length > 0) {
        throw new CheckFailedError(`Exercise 2 values differ from the seed on ${failed.join(', ')}`);
      }
    });
}
