// Command lines for the flag fuzzing (issue #11): every command's flags, read from the program
// itself so new flags are fuzzed as soon as they exist, with values mixing good and bad ones, in a
// scratch directory of files (good or mutated model and data files, an older --out, symlinks, a
// FIFO). And the properties every run must hold, whatever the command line:
// - the exit code is 0 or 2, never 1 or a signal;
// - on failure stderr is exactly one line, `error: …`, with no stack and no raw control character;
// - the input files are byte-identical afterwards, the older output too unless the command succeeded;
// - no temporary file is left behind.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeModel } from '@deltaml/core';
import type { Option } from 'commander';
import fc from 'fast-check';
import { expect, vi } from 'vitest';
import { main } from '../../src/main.js';
import { createProgram } from '../../src/program.js';
import { csvFor, fileBytes, modelSpec, modelText } from './generators.js';

/** Commands fuzzed: those that finish in well under a second on tiny files (not bench, conformance). */
const FUZZED_COMMANDS = ['init', 'train', 'grad', 'eval', 'predict', 'walkthrough'];

/** Files every case starts with; `out.json` plays a previous output that a failure must leave alone. */
const PREVIOUS_OUT = '{"previous": "output", "must": "survive a failure"}\n';

/** Path values for flags that name files; `DIR/` is replaced by the scratch directory. */
const INPUT_PATHS = ['model.json', 'data.csv', 'missing.json', '', '.', 'out.json', 'link-to-model'];
const OUTPUT_PATHS = [
  'out.json',
  'new.json',
  'model.json',
  'data.csv',
  '',
  '.',
  'missing/x.json',
  'fifo',
  'link-to-model',
  'link-to-out',
  'dangling-link',
  `${'n'.repeat(300)}.json`,
  `${'n'.repeat(245)}.json`,
];
const FILE_FLAG = /model|data|validation|resume/;
const OUTPUT_FLAG = /out|checkpoint|log|plot/;
/** Flags whose size sets how long a run takes: small values only, so every case stays fast. */
const DURATION_FLAG = /epoch|step|patience|early|every|warmup|batch|rows|examples/;

const SMALL_VALUES = ['0', '1', '2', '3', '-1', '1.5', 'x', '', 'full', '1e3'];
const ANY_VALUES = [
  '0',
  '1',
  '2',
  '0.5',
  '0.9',
  '-1',
  '1e300',
  '1e5',
  '1e-300',
  'NaN',
  'Infinity',
  'x',
  '',
  '4294967296',
  '9007199254740992',
  '0x10',
  ' 1',
  'full',
  '\u001b[31m',
  '2,3,1',
  '2,1',
  '1',
  '2,x,1',
  '100000,100000,1',
  '8000,8000,1',
  '2,3,1,',
  'relu,identity',
  'identity',
  'swish',
  'gelu,softplus',
  '8G',
  '1K',
];

/** One flag of a command as the program declares it. */
interface FlagSpec {
  readonly long: string;
  readonly takesValue: boolean;
  readonly choices: readonly string[] | undefined;
  /** the default value as text, a good value to mix with the bad ones */
  readonly good: string | undefined;
}

/** Every command's flags, read from the program. */
export function commandFlags(): Map<string, FlagSpec[]> {
  const flags = new Map<string, FlagSpec[]>();
  for (const command of createProgram().commands) {
    if (!FUZZED_COMMANDS.includes(command.name())) continue;
    const options = (command as unknown as { options: Option[] }).options;
    flags.set(
      command.name(),
      options.flatMap((o) =>
        o.long
          ? [
              {
                long: o.long,
                takesValue: o.required || o.optional,
                choices: o.argChoices,
                good:
                  typeof o.defaultValue === 'number' || typeof o.defaultValue === 'string'
                    ? String(o.defaultValue)
                    : undefined,
              },
            ]
          : [],
      ),
    );
  }
  return flags;
}

/** A scratch file name as a flag value (the empty name stays empty). */
const inScratch = (name: string) => (name === '' ? '' : `DIR/${name}`);

/** Values that a flag may well accept: its default, its choices, a good file. */
function goodValues(flag: FlagSpec): fc.Arbitrary<string> {
  const name = flag.long;
  if (flag.choices) return fc.constantFrom(...flag.choices);
  if (OUTPUT_FLAG.test(name)) return fc.constantFrom('new.json', 'out.json').map(inScratch);
  if (FILE_FLAG.test(name)) return fc.constantFrom('model.json', 'data.csv').map(inScratch);
  if (/backend/.test(name)) return fc.constantFrom('cpu', 'wasm');
  if (flag.good !== undefined) return fc.constant(flag.good);
  return fc.constantFrom(...SMALL_VALUES);
}

/** Any value, good or bad, for a flag. */
function anyValues(flag: FlagSpec): fc.Arbitrary<string> {
  const name = flag.long;
  if (flag.choices) return fc.constantFrom(...flag.choices, 'nope', '');
  if (OUTPUT_FLAG.test(name)) return fc.constantFrom(...OUTPUT_PATHS).map(inScratch);
  if (FILE_FLAG.test(name)) return fc.constantFrom(...INPUT_PATHS).map(inScratch);
  if (DURATION_FLAG.test(name)) return fc.constantFrom(...SMALL_VALUES);
  if (/backend/.test(name)) return fc.constantFrom('cpu', 'wasm', 'gpu', '');
  return fc.constantFrom(...ANY_VALUES);
}

const values = (flag: FlagSpec) =>
  fc.oneof({ weight: 4, arbitrary: goodValues(flag) }, { weight: 1, arbitrary: anyValues(flag) });

/** A command line: a command, some of its flags with values (maybe repeated or unknown), in any order. */
export function commandLine(flags: Map<string, FlagSpec[]>): fc.Arbitrary<string[]> {
  const perCommand = [...flags].map(([name, specs]) => {
    const one: fc.Arbitrary<string[]> = fc.oneof(
      {
        weight: 12,
        arbitrary: fc
          .constantFrom(...specs)
          .chain((f) => (f.takesValue ? values(f).map((v) => [f.long, v]) : fc.constant<string[]>([f.long]))),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom<string[]>(
          ['--learning-rate', '0.1'],
          ['--'],
          ['-x'],
          ['extra'],
          ['--help'],
        ),
      },
    );
    // the required flags nearly always present with good values, so most runs get past parsing
    const good: Record<string, string> = {
      '--model': 'DIR/model.json',
      '--data': 'DIR/data.csv',
      '--out': 'DIR/out.json',
      '--layers': '2,3,1',
      '--activations': 'relu,identity',
    };
    const required = specs.filter((f) => f.long in good).map((f) => [f.long, good[f.long]]);
    return fc
      .tuple(
        fc.oneof(
          { weight: 9, arbitrary: fc.constant(required) },
          { weight: 1, arbitrary: fc.subarray(required) },
        ),
        fc.array(one, { maxLength: 3 }),
      )
      .chain(([base, extra]) =>
        fc.shuffledSubarray<string[]>([...base, ...extra], { minLength: base.length + extra.length }),
      )
      .map((parts) => [name, ...parts.flat()]);
  });
  return fc.oneof(...perCommand);
}

/** The scratch files of one case: a model and a data file that fit each other, either maybe mutated. */
export const caseFiles = modelSpec.chain((spec) =>
  fc.record({
    model: fc.oneof(
      { weight: 4, arbitrary: fc.constant(Buffer.from(serializeModel(spec))) },
      { weight: 1, arbitrary: fileBytes(modelText) },
    ),
    data: fc.oneof(
      { weight: 4, arbitrary: csvFor(spec).map((t) => Buffer.from(t)) },
      { weight: 1, arbitrary: fileBytes(csvFor(spec)) },
    ),
  }),
);

/** A fresh directory with the case's files, links and FIFO; returns it and the files' contents. */
export function scratchCase(files: { model: Uint8Array; data: Uint8Array }): {
  dir: string;
  before: Map<string, Buffer>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'deltaml-fuzz-'));
  writeFileSync(join(dir, 'model.json'), files.model);
  writeFileSync(join(dir, 'data.csv'), files.data);
  writeFileSync(join(dir, 'out.json'), PREVIOUS_OUT);
  symlinkSync('model.json', join(dir, 'link-to-model'));
  symlinkSync('out.json', join(dir, 'link-to-out'));
  symlinkSync('nowhere.json', join(dir, 'dangling-link'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  mkdirSync(join(dir, 'sub'));
  return { dir, before: contents(dir) };
}

function contents(dir: string): Map<string, Buffer> {
  return new Map(['model.json', 'data.csv', 'out.json'].map((name) => [name, readFileSync(join(dir, name))]));
}

/** What a run gave. */
export interface Outcome {
  readonly status: number | null;
  readonly signal?: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;
/** Files a case may create when it succeeds. */
const CREATED_ON_SUCCESS = ['new.json', 'nowhere.json', `${'n'.repeat(245)}.json`];

/** Checks the properties of one run in `dir` (see the header). */
export function checkOutcome(
  args: readonly string[],
  dir: string,
  before: Map<string, Buffer>,
  run: Outcome,
): void {
  const shown = JSON.stringify(args);
  expect(run.signal ?? null, `${shown} ended by a signal`).toBe(null);
  expect([0, 2], `${shown} exit ${run.status}: ${run.stderr}`).toContain(run.status);
  expect(run.stderr, `${shown} printed a stack`).not.toMatch(STACK_FRAME);
  if (run.status === 2) {
    expect(run.stderr, shown).toMatch(/^error: [^\n]*\n$/);
    expect(run.stderr, shown).not.toMatch(RAW_CONTROL);
  }
  const after = contents(dir);
  for (const [name, bytes] of before) {
    if (name === 'out.json' && run.status === 0) continue;
    expect(after.get(name)?.equals(bytes), `${shown} changed ${name} (exit ${run.status})`).toBe(true);
  }
  const names = readdirSync(dir);
  expect(
    names.filter((n) => n.endsWith('.tmp')),
    `${shown} left a temporary file`,
  ).toEqual([]);
  const expected = [
    'data.csv',
    'dangling-link',
    'fifo',
    'link-to-model',
    'link-to-out',
    'model.json',
    'out.json',
    'sub',
  ];
  const created = names.filter((n) => !expected.includes(n));
  if (run.status !== 0) expect(created, `${shown} created files though it failed`).toEqual([]);
  else for (const name of created) expect(CREATED_ON_SUCCESS, `${shown} created ${name}`).toContain(name);
}

/** The arguments with `DIR/` replaced by the case's directory. */
export const inDir = (args: readonly string[], dir: string) =>
  args.map((a) => a.replace(/^DIR\//, `${dir}/`));

/** Longest a single case may take: every fuzzed command finishes in well under a second on these files. */
export const CASE_SECONDS = 30;

/** main(args) with stdout and stderr captured, failing a case that runs past CASE_SECONDS. */
export async function runInProcess(args: readonly string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) => (chunk: string | Uint8Array) => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture((t) => (stdout += t)));
  vi.spyOn(process.stderr, 'write').mockImplementation(capture((t) => (stderr += t)));
  try {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<number>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${JSON.stringify(args)} took over ${CASE_SECONDS} s`)),
        CASE_SECONDS * 1000,
      );
    });
    const status = await Promise.race([main(args), late]).finally(() => clearTimeout(timer));
    return { status, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
