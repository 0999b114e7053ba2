// The data file dialects a user's tools write: a byte-order mark, CRLF line ends, quoted fields,
// spaces around commas, blank lines, columns in any order and columns to ignore — all read as the
// same examples as the plain Exercise 2 file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deltaml, EXAMPLES, scratchDir, writeFile } from './helpers/cli.js';

const MODEL = join(EXAMPLES, 'exercise2.model.json');

function gradOn(csv: string): string {
  const dir = scratchDir();
  writeFile(dir, 'data.csv', csv);
  const run = deltaml(['grad', '--model', MODEL, '--data', 'data.csv'], dir);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

describe('CSV dialects', () => {
  const plain = gradOn(readFileSync(join(EXAMPLES, 'exercise2.csv'), 'utf8'));

  it('reads BOM, CRLF, quoted fields, spaces and a blank trailing line', () => {
    const csv =
      '\uFEFF"x1","x2","y1"\r\n0.75, 0.8 ,1\r\n"0.2","0.05","1"\r\n\r\n-0.75,0.8,-1\r\n0.2,-0.05,-1\r\n\r\n';
    expect(gradOn(csv)).toBe(plain);
  });

  it('takes x… and y… columns by name in file order and ignores the others', () => {
    const csv =
      'id,y1,x1,note,x2\n1,1,0.75,"a, quoted ""note""",0.8\n2,1,0.2,,0.05\n3,-1,-0.75,c,0.8\n4,-1,0.2,d,-0.05\n';
    expect(gradOn(csv)).toBe(plain);
  });

  it('takes the inputs in file order, whatever number their names carry', () => {
    const renamed = 'x2,x1,y1\n0.75,0.8,1\n0.2,0.05,1\n-0.75,0.8,-1\n0.2,-0.05,-1\n';
    expect(gradOn(renamed)).toBe(plain);
    const swapped = 'x1,x2,y1\n0.8,0.75,1\n0.05,0.2,1\n0.8,-0.75,-1\n-0.05,0.2,-1\n';
    expect(gradOn(swapped)).not.toBe(plain);
  });
});
