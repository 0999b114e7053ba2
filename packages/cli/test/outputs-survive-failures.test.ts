// Issue #11 "Nothing lost, ever", the command-line rows, through the built bin: one test per
// failure the adversarial pass found, each failing before the fix and passing after. The output
// rules themselves are also tested in process (output-file.test.ts); here they are held end to end
// for the commands that write (train, init, predict, bench --plot).

import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, deltaml, EXAMPLES, type Run, scratchDir } from './helpers/cli.js';

const MODEL = readFileSync(join(EXAMPLES, 'exercise2.model.json'), 'utf8');
const DATA = readFileSync(join(EXAMPLES, 'exercise2.csv'), 'utf8');
const OLD_OUT = '{"format": "deltaml/mlp@1", "note": "the previous output; must survive"}\n';
const isRoot = process.getuid?.() === 0;

/** A scratch directory with model.json, data.csv and an older out.json. */
function scratch(files: Record<string, string | Uint8Array> = {}): string {
  const dir = scratchDir();
  writeFileSync(join(dir, 'model.json'), MODEL);
  writeFileSync(join(dir, 'data.csv'), DATA);
  writeFileSync(join(dir, 'out.json'), OLD_OUT);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const train = (...extra: string[]) => ['train', '--model', 'model.json', '--data', 'data.csv', ...extra];

/** Exit 2, exactly one stderr line matching `message`, no stack, nothing on stdout (unless epochs ran). */
function expectRefusal(run: Run, message: RegExp, { epochsPrinted = false } = {}): void {
  expect(run.stderr, run.stderr).toMatch(/^error: [^\n]*\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  if (!epochsPrinted) expect(run.stdout).toBe('');
  expect(run.status).toBe(2);
}

/** No hidden temporary file left in `dir`. */
const expectNoTemporary = (dir: string) =>
  expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

describe('#11 row 1: a diverged run never replaces the model', () => {
  for (const backend of ['cpu', 'wasm']) {
    it(`--lr 1e300 on ${backend}: exit 2 naming the epoch and layer, --out as it was`, () => {
      const dir = scratch();
      const args = train('--out', 'out.json', '--lr', '1e300', '--epochs', '1', '--batch-size', 'full');
      const run = deltaml([...args, '--backend', backend], dir);
      expectRefusal(run, /non-finite (at|in) epoch \d+.*\(layers\[\d\]\./, { epochsPrinted: true });
      expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(OLD_OUT);
      expectNoTemporary(dir);
    });
  }

  it('training in place (--out = --model) is refused before any work: the model is an input', () => {
    const dir = scratch();
    const run = deltaml(train('--out', 'model.json', '--lr', '1e300', '--batch-size', 'full'), dir);
    expectRefusal(run, /model\.json: cannot write \(it is the input file model\.json/);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(MODEL);
  });

  it('--lr 1e5 --epochs 3: exit 2, --out as it was', () => {
    const dir = scratch();
    const run = deltaml(
      train('--out', 'out.json', '--lr', '1e5', '--epochs', '3', '--batch-size', 'full'),
      dir,
    );
    expectRefusal(run, /non-finite/, { epochsPrinted: true });
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(OLD_OUT);
  });
});

describe('#11 row 2: --out replaces only what it should', () => {
  it('refuses a FIFO, and a symlink to one, leaving them as they were', () => {
    const dir = scratch();
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync('fifo', join(dir, 'link'));
    expectRefusal(deltaml(train('--out', 'fifo'), dir), /fifo: cannot write \(is a FIFO/);
    expectRefusal(deltaml(train('--out', 'link'), dir), /link: cannot write \(is a FIFO/);
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
  });

  it('refuses --out /dev/stdout when it is a pipe, and leaves the link', () => {
    const run = deltaml(
      ['init', '--layers', '2,1', '--activations', 'identity', '--out', '/dev/stdout'],
      scratch(),
    );
    expectRefusal(
      run,
      /\/dev\/stdout: cannot write \(is a pipe or a socket; only a regular file is replaced\)/,
    );
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('writes a symlink’s target, beside the target, and keeps the link', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'models', 'real.json'), OLD_OUT);
    symlinkSync('models/real.json', join(dir, 'link.json'));
    const run = deltaml(train('--out', 'link.json', '--epochs', '1'), dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'models', 'real.json'), 'utf8')).layers).toHaveLength(2);
    expect(readdirSync(join(dir, 'models'))).toEqual(['real.json']);
  });

  it('keeps the mode of the --out it replaces (600 stays 600)', () => {
    const dir = scratch();
    chmodSync(join(dir, 'out.json'), 0o600);
    const run = deltaml(train('--out', 'out.json', '--epochs', '1'), dir);
    expect(run.status).toBe(0);
    expect(statSync(join(dir, 'out.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).not.toBe(OLD_OUT);
  });

  it.runIf(isRoot)('keeps the owner of the --out it replaces (as root)', () => {
    const dir = scratch();
    execFileSync('chown', ['4321:4321', join(dir, 'out.json')]);
    expect(deltaml(train('--out', 'out.json', '--epochs', '1'), dir).status).toBe(0);
    expect(statSync(join(dir, 'out.json')).uid).toBe(4321);
  });

  it('replaces a hard-linked --out by rename (documented): the other name keeps the old contents', () => {
    const dir = scratch();
    linkSync(join(dir, 'out.json'), join(dir, 'backup.json'));
    expect(deltaml(train('--out', 'out.json', '--epochs', '1'), dir).status).toBe(0);
    expect(readFileSync(join(dir, 'backup.json'), 'utf8')).toBe(OLD_OUT);
  });

  it('refuses a model file with a field it does not know instead of dropping it', () => {
    const dir = scratch({
      'model.json': MODEL.replace('"inputSize": 2,', '"inputSize": 2, "author": "me",'),
    });
    const run = deltaml(train('--out', 'out.json', '--epochs', '1'), dir);
    expectRefusal(run, /model\.json: author is a field this version \(deltaml\/mlp@1\) does not know/);
  });

  it('refuses --out equal to --data, through a symlink or a hard link too; the CSV is untouched', () => {
    const dir = scratch();
    symlinkSync('data.csv', join(dir, 'data-link.csv'));
    linkSync(join(dir, 'data.csv'), join(dir, 'data-hard.csv'));
    for (const out of ['data.csv', 'data-link.csv', 'data-hard.csv']) {
      expectRefusal(deltaml(train('--out', out), dir), /cannot write \(it is the input file data\.csv/);
    }
    expectRefusal(
      deltaml(['predict', '--model', 'model.json', '--data', 'data.csv', '--out', 'data-hard.csv'], dir),
      /cannot write \(it is the input file data\.csv/,
    );
    expect(readFileSync(join(dir, 'data.csv'), 'utf8')).toBe(DATA);
  });
});

describe('#11 row 3: an unwritable --out fails before any work', () => {
  /** A run so long that finishing it means the check came too late. */
  const long = ['--epochs', '1000000', '--batch-size', '1'];

  it('a 300-character name: exit 2 naming it, not a temporary file', () => {
    const dir = scratch();
    const name = `${'n'.repeat(300)}.json`;
    expectRefusal(
      deltaml(train('--out', name, ...long), dir),
      new RegExp(`${name}: cannot write \\(the name is too long\\)`),
    );
  });

  it('a 245-character name is written', () => {
    const dir = scratch();
    const name = `${'n'.repeat(240)}.json`;
    expect(deltaml(train('--out', name, '--epochs', '1'), dir).status).toBe(0);
    expect(existsSync(join(dir, name))).toBe(true);
    expectNoTemporary(dir);
  });

  it("the empty name ''", () => {
    expectRefusal(
      deltaml(train('--out', '', ...long), scratch()),
      /"": cannot write \(the file name is empty\)/,
    );
    expectRefusal(
      deltaml(['init', '--layers', '2,1', '--activations', 'identity', '--out', ''], scratch()),
      /"": cannot write/,
    );
  });

  describe.runIf(isRoot)('on a small tmpfs (as root)', () => {
    const mounts: string[] = [];
    /** A directory with a 64 KB tmpfs mounted on it, or undefined where mounting is not allowed. */
    function tmpfs(): string | undefined {
      const dir = join(scratchDir(), 'mnt');
      mkdirSync(dir);
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
      } catch {
        return undefined;
      }
      mounts.push(dir);
      return dir;
    }
    afterAll(() => {
      for (const dir of mounts) execFileSync('umount', [dir]);
    });

    it('a read-only mount', (context) => {
      const mnt = tmpfs();
      if (!mnt) return context.skip();
      writeFileSync(join(mnt, 'out.json'), OLD_OUT);
      execFileSync('mount', ['-o', 'remount,ro', mnt]);
      const dir = scratch();
      expectRefusal(
        deltaml(train('--out', join(mnt, 'out.json'), ...long), dir),
        /out\.json: cannot write \(read-only file system\)/,
      );
    });

    it('an immutable file', (context) => {
      const mnt = tmpfs();
      if (!mnt) return context.skip();
      const out = join(mnt, 'out.json');
      writeFileSync(out, OLD_OUT);
      execFileSync('chattr', ['+i', out]);
      try {
        expectRefusal(
          deltaml(train('--out', out, ...long), scratch()),
          /out\.json: cannot write \(permission denied \(or the file is immutable\)\)/,
        );
      } finally {
        execFileSync('chattr', ['-i', out]);
      }
      expect(readFileSync(out, 'utf8')).toBe(OLD_OUT);
    });

    it('a full disk (ENOSPC) names the file and leaves it and no temporary file', (context) => {
      const mnt = tmpfs();
      if (!mnt) return context.skip();
      const out = join(mnt, 'out.json');
      writeFileSync(out, OLD_OUT);
      writeFileSync(join(mnt, 'filler'), new Uint8Array(60 * 1024).fill(120));
      const run = deltaml(
        ['init', '--layers', '20,100,1', '--activations', 'relu,identity', '--out', out],
        scratch(),
      );
      expectRefusal(run, /out\.json: cannot write \(no space left on the device\)/);
      expect(readFileSync(out, 'utf8')).toBe(OLD_OUT);
      expectNoTemporary(mnt);
    });
  });
});

describe('#11 row 4: no temporary file survives a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} while init writes a large model`, async () => {
      const dir = scratch();
      const child = spawn(
        process.execPath,
        [BIN, 'init', '--layers', '3000,3000,1', '--activations', 'relu,identity', '--out', 'out.json'],
        { cwd: dir, stdio: 'ignore' },
      );
      const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on('exit', (code, sig) => resolve({ code, signal: sig })),
      );
      let sent = false;
      const poll = setInterval(() => {
        if (!sent && readdirSync(dir).some((n) => n.startsWith('.out.json.') && n.endsWith('.tmp'))) {
          sent = true;
          child.kill(signal);
        }
      }, 2);
      const result = await ended;
      clearInterval(poll);
      expect(sent, 'the temporary file was seen and the signal sent while it existed').toBe(true);
      expect(result.signal).toBe(signal);
      expectNoTemporary(dir);
      const out = readFileSync(join(dir, 'out.json'), 'utf8');
      expect(
        out === OLD_OUT || JSON.parse(out).layers.length === 2,
        'the old file or the whole new one',
      ).toBe(true);
    }, 120_000);
  }
});

describe('#11 row 5: sizes are checked up front', () => {
  it('init --layers 100000,100000,1 fails at once with one line naming the size and the limit', () => {
    const started = performance.now();
    const run = deltaml(
      ['init', '--layers', '100000,100000,1', '--activations', 'relu,identity', '--out', 'm.json'],
      scratch(),
    );
    expectRefusal(
      run,
      /m\.json: a 100000-100000-1 network's model file would be about 223\.\d GB, more than the 512\.0 MB/,
    );
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('init --layers 8000,8000,1 names the file, not "Invalid string length"', () => {
    const run = deltaml(
      ['init', '--layers', '8000,8000,1', '--activations', 'relu,identity', '--out', 'm.json'],
      scratch(),
    );
    expectRefusal(run, /^error: m\.json: a 8000-8000-1 network's model file would be about/);
  });

  it('--max-memory lowers the limit', () => {
    const run = deltaml(
      [
        'init',
        '--layers',
        '200,200,1',
        '--activations',
        'relu,identity',
        '--out',
        'm.json',
        '--max-memory',
        '1K',
      ],
      scratch(),
    );
    expectRefusal(run, /m\.json: a 200-200-1 network needs about .*, more than the 1\.0 KB of --max-memory/);
  });

  it('a 600 MB model file is refused naming the file, before it is read', () => {
    const dir = scratch();
    truncateSync(join(dir, 'model.json'), 600 * 2 ** 20);
    expectRefusal(
      deltaml(train('--out', 'out.json'), dir),
      /model\.json: 600\.0 MB is more than the 512\.0 MB a model file can hold/,
    );
  });
});

describe('#11 rows 6, 8, 10: data files', () => {
  const trainOn = (csv: string | Uint8Array, ...extra: string[]) =>
    deltaml(train('--out', 'out.json', ...extra), scratch({ 'data.csv': csv }));

  it('a stray quote in an ignored field: exit 2 naming the file and line', () => {
    expectRefusal(
      trainOn('x1,note,x2,y1\n0.75,say "hi",0.8,1\n'),
      /data\.csv: line 2: Invalid Opening Quote/,
    );
  });

  it('a binary file: exit 2 naming the file and line', () => {
    expectRefusal(
      trainOn(
        Buffer.concat([Buffer.from('x1,x2,y1\n'), Buffer.from([0x00, 0xff, 0x2c, 0x01, 0x2c, 0x02, 0x0a])]),
      ),
      /data\.csv: line 2: a NUL byte; this is a binary file/,
    );
  });

  for (const cell of ['0x10', '0b1', '0o7']) {
    it(`the cell ${cell} is not a number`, () => {
      expectRefusal(
        trainOn(`x1,x2,y1\n${cell},0.8,1\n`),
        new RegExp(`line 2, column 1 \\(x1\\): "${cell}" is not a finite number`),
      );
    });
  }

  it('duplicate headers are refused', () => {
    expectRefusal(trainOn('x1,x1,y1\n1,2,3\n'), /data\.csv: line 1: column 2 is named "x1" like column 1/);
    expectRefusal(
      trainOn('x1,x2,label,label\n1,2,0,0\n', '--loss', 'hinge'),
      /data\.csv: line 1: column 4 is named "label" like column 3/,
    );
  });

  it('a value beyond float32 on a float32 backend names the file, line and column', () => {
    expectRefusal(
      trainOn('x1,x2,y1\n0.75,0.8,1\n1e39,0.05,1\n', '--backend', 'wasm'),
      /data\.csv: line 3, column 1 \(x1\): "1e39" is beyond the float32 range/,
    );
  });

  it('ANSI escapes from a cell are escaped, never echoed raw', () => {
    const run = trainOn('x1,x2,y1\n\u001b[2J\u001b[31mred,0.8,1\n');
    expectRefusal(run, /"\\x1b\[2J\\x1b\[31mred" is not a finite number/);
    expect(run.stderr.includes('\u001b')).toBe(false);
  });

  it('a model file with a byte-order mark is read', () => {
    const dir = scratch({ 'model.json': `\uFEFF${MODEL}` });
    const run = deltaml(['grad', '--model', 'model.json', '--data', 'data.csv'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('#11 row 8: flags that did nothing', () => {
  it('--margin -1 is refused', () => {
    const dir = scratch({ 'data.csv': 'x1,x2,label\n0.75,0.8,0\n' });
    writeFileSync(
      join(dir, 'model.json'),
      MODEL.replace('[0.02, 0.03, 0.09]', '[0.02, 0.03, 0.09]], [[0.01, 0.02, 0.03]'),
    );
    expectRefusal(deltaml(train('--out', 'out.json', '--loss', 'hinge', '--margin', '-1'), dir), /margin/);
  });

  it('--seed 4294967296 is not --seed 0', () => {
    const dir = scratch();
    const init = (seed: string, out: string) =>
      deltaml(
        ['init', '--layers', '2,3,1', '--activations', 'relu,identity', '--seed', seed, '--out', out],
        dir,
      );
    expect(init('0', 'a.json').status).toBe(0);
    const big = init('4294967296', 'b.json');
    if (big.status === 2) expectRefusal(big, /seed/);
    else
      expect(readFileSync(join(dir, 'b.json'), 'utf8')).not.toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
  });
});

describe('#11 row 10: bench --plot and the cursor', () => {
  it('bench --plot into a missing directory fails before the benchmark runs', () => {
    const started = performance.now();
    const run = deltaml(
      ['bench', '--workload', 'mlp', '--backend', 'cpu', '--no-peers', '--plot', '/nodir/x.svg'],
      scratch(),
    );
    expectRefusal(run, /\/nodir\/x\.svg: cannot write \(directory \/nodir does not exist\)/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('SIGTERM while the progress bar shows puts the cursor back', async () => {
    // the bar draws only on a terminal: the child says it is one, starts the bar, then gets SIGTERM
    const progress = new URL('progress.js', pathToFileURL(BIN)).href;
    const script = `
      Object.defineProperty(process.stdout, 'isTTY', { value: true });
      Object.defineProperty(process.stderr, 'isTTY', { value: true });
      const { trainingProgress } = await import(${JSON.stringify(progress)});
      const bar = trainingProgress(1);
      bar.onStep({ epoch: 0, step: 0, stepsPerEpoch: 10, loss: 1, examples: 1 });
      process.kill(process.pid, 'SIGTERM');
      setTimeout(() => {}, 10_000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const signal = await new Promise((resolve) => child.on('exit', (_, sig) => resolve(sig)));
    expect(signal).toBe('SIGTERM');
    expect(stderr).toContain('\u001b[?25l'); // hidden while the bar ran
    expect(stderr.endsWith('\u001b[?25h')).toBe(true); // shown again at the end
  });
});
