#!/usr/bin/env node
// The reference of every loss, optimizer and activation, generated from core's registries into
// docs/registries.md (`pnpm registry-docs`), so the docs list exactly what the code has; a test
// fails when the committed page is out of date.

import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  allowedText,
  LOSS_KINDS,
  LOSSES,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  type Parameter,
} from '@deltaml/core';

const DOCS_FILE = new URL('../../../docs/registries.md', import.meta.url);

const cell = (text: string) => text.replace(/\|/g, '\\|');

function parameterList(parameters: readonly Parameter[]): string {
  if (parameters.length === 0) return '—';
  return parameters
    .map(
      (p) =>
        `\`--${p.flag}\` ${cell(p.description)} [${String(p.default)}; ${cell(allowedText(p).replace(/^it must be /, ''))}]`,
    )
    .join('<br>');
}

/** The page's markdown. */
export function registryMarkdown(): string {
  const losses = LOSS_KINDS.map((k) => {
    const d = LOSSES[k];
    return `| \`${k}\` | ${cell(d.description)} | ${d.targets} | ${cell(d.reduction)} | ${parameterList(d.parameters)} | ${cell(d.lrGuide)} |`;
  });
  const optimizers = OPTIMIZER_KINDS.map((k) => {
    const d = OPTIMIZERS[k];
    return `| \`${k}\` | ${cell(d.description)} | ${parameterList(d.parameters)} |`;
  });
  const activations = ACTIVATION_KINDS.map((k) => {
    const d = ACTIVATIONS[k];
    const parameter = d.parameter ? `\`${d.parameter.name}\` [${d.parameter.default}]` : '—';
    return `| \`${k}\` | ${cell(d.description)} | from ${d.derivativeFrom} | ${d.init === 'he' ? 'He' : 'Glorot'}-uniform | ${parameter} |`;
  });
  return `# Losses, optimizers and activations

Generated from \`@deltaml/core\`'s registries by \`pnpm registry-docs\`; do not edit by hand. The
command line's flags and help, the model-file reader, the playground's pickers and the conformance
suite read the same registries.

## Losses (\`--loss\`)

| name | what | targets | reduction | parameters [default; allowed] | learning rate to start from |
| --- | --- | --- | --- | --- | --- |
${losses.join('\n')}

Targets: \`values\` are the data file's \`y…\` columns (d_L of them), \`classes\` its \`label\` column (an
index or a class name), \`binary\` one \`y\` column of 0/1. The hinge **sums** over the examples, as the
worked example does, so its gradient grows with the batch: it is not on the scale of the mean losses.

## Optimizers (\`--optimizer\`)

Update rules as PyTorch's \`torch.optim\` documents them; the learning rate is \`--lr\`.

| name | what | hyperparameters [default; allowed] |
| --- | --- | --- |
${optimizers.join('\n')}

## Activations (model file \`activation\`, \`deltaml init --activations\`)

| name | f | f′ computed | initialisation | parameter |
| --- | --- | --- | --- | --- |
${activations.join('\n')}
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(DOCS_FILE, registryMarkdown());
  process.stdout.write(`wrote ${fileURLToPath(DOCS_FILE)}\n`);
}
