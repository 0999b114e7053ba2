// docs/registries.md is generated from core's registries; it must be what the generator writes
// today, so a new loss, optimizer or activation reaches the docs (run `pnpm registry-docs`).
import { readFile } from 'node:fs/promises';
import { LOSS_KINDS, OPTIMIZER_KINDS } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { registryMarkdown } from '../src/registry-docs.js';

describe('docs/registries.md', () => {
  it('is up to date with the registries', async () => {
    const committed = await readFile(new URL('../../../docs/registries.md', import.meta.url), 'utf8');
    expect(committed).toBe(registryMarkdown());
  });
  it('lists every loss and optimizer with its flags', () => {
    const page = registryMarkdown();
    for (const name of [...LOSS_KINDS, ...OPTIMIZER_KINDS]) expect(page).toContain(`| \`${name}\` |`);
    for (const flag of [
      '--margin',
      '--momentum',
      '--nesterov',
      '--beta1',
      '--beta2',
      '--eps',
      '--weight-decay',
      '--alpha',
    ]) {
      expect(page).toContain(`\`${flag}\``);
    }
  });
});
