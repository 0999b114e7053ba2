// `deltaml train`: trains a model file on a data file with core's Trainer — any loss and
// optimizer of core's registries, a validation set (a file or a seeded, stratified split), early
// stopping, learning-rate schedules, per-epoch logs, checkpoints that resume exactly, and input
// standardisation stored in the model. Every flag, file and checkpoint is checked before any work
// and every output written atomically; Ctrl-C or SIGTERM leaves --out as it was and the last
// complete checkpoint in place. The jobs live in ../train/: the flags, the schedule, the data,
// the resume fingerprint and checks, the epochs with their log and checkpoints, the signals.

import {
  checkDataset,
  LOSSES,
  layerSizes,
  type ModelSpec,
  Network,
  Trainer,
  type TrainerOptions,
  transformDataset,
} from '@deltaml/core';
import { showPath } from '@deltaml/data/node';
import { Command } from 'commander';
import { firstDifference, type RunFingerprint, readCheckpoint } from '../checkpoint.js';
import { UsageError } from '../failure.js';
import { readModelFileWithDigest, writeModelFile } from '../files.js';
import { checkMemoryBudget } from '../memory-budget.js';
import { lossFromFlags } from '../options.js';
import { type PreparedOutput, prepareOutput } from '../output-file.js';
import { checkLossFitsModel, openBackend } from '../problem.js';
import { optimizerFromFlags } from '../registry-options.js';
import { digestUnlessPipe, inputTransform, type KnownDigests, readTrainingData } from '../train/data.js';
import { runEpochs } from '../train/epochs.js';
import { fingerprint } from '../train/fingerprint.js';
import { addTrainOptions, type TrainFlags } from '../train/flags.js';
import { checkCursor, checkResumable, nothingLeft } from '../train/resume.js';
import { checkReachableRates, learningRatePlan } from '../train/schedule.js';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Refuses two outputs that are one file: the later write would silently replace the other. */
function checkDistinctOutputs(outputs: readonly (readonly [string, PreparedOutput | undefined])[]): void {
  const seen = new Map<string, string>();
  for (const [flag, output] of outputs) {
    if (!output) continue;
    const earlier = seen.get(output.target);
    if (earlier) throw new UsageError(`${earlier} and ${flag} are the same file (${output.path})`);
    seen.set(output.target, flag);
  }
}

const HELP = `
Learning rates to start from, per loss:
${Object.entries(LOSSES)
  .map(([name, def]) => `  ${name.padEnd(21)} ${def.lrGuide}`)
  .join('\n')}
The hinge sums over the examples, so its scale grows with the batch; the others are means.

With the default optimizer (sgd) and --epochs 1 --batch-size full --no-shuffle it does exactly one step
W ← W − r·∂L/∂W on the whole file.

Example:
  deltaml train --model model.json --data train.csv --out trained.json --optimizer adam --lr 1e-3 \\
    --loss cross-entropy --standardize --validation-split 0.2 --early-stop 5 --epochs 100`;

export function trainCommand(): Command {
  const command = new Command('train').description(
    'train a model on a data file and write the trained model to --out (any loss and optimizer; validation, schedules, checkpoints)',
  );
  return addTrainOptions(command).addHelpText('after', HELP).action(train);
}

async function train(flags: TrainFlags): Promise<void> {
  const loss = lossFromFlags(flags);
  const optimizer = optimizerFromFlags(flags);
  const plan = learningRatePlan(flags);
  checkReachableRates(flags, plan);
  if (flags.earlyStop !== undefined && !flags.validation && flags.validationSplit === undefined) {
    throw new UsageError(
      '--early-stop needs validation data: give --validation FILE or --validation-split f',
    );
  }
  const dataFiles = [flags.model, flags.data, ...(flags.validation ? [flags.validation] : [])];
  const inputs = [...dataFiles, ...(flags.resume ? [flags.resume] : [])];
  const out = await prepareOutput(flags.out, { inputs });
  // the checkpoint may be the one resumed from: it is read before it is first replaced
  const checkpointOut = flags.checkpoint
    ? await prepareOutput(flags.checkpoint, { inputs: dataFiles })
    : undefined;
  const logOut = flags.log ? await prepareOutput(flags.log, { inputs }) : undefined;
  checkDistinctOutputs([
    ['--checkpoint', checkpointOut],
    ['--log', logOut],
    ['--out', out],
  ]);
  const saved = flags.resume ? await readCheckpoint(flags.resume) : undefined;
  // read once: --model may be a pipe (`<(…)`), and its digest is of the bytes that were parsed
  const { spec, digest } = await readModelFileWithDigest(flags.model, { maxMemory: flags.maxMemory });
  checkLossFitsModel(spec, loss);
  const selection = await openBackend(flags.backend);
  const parts = { flags, modelDigest: digest, loss, optimizer, plan, backend: selection.name };
  // the data files' digests are for a checkpoint, written or resumed; on resume a regular file's is
  // taken before any work (a pipe, read only once, is digested as it is read, below)
  const known: KnownDigests | undefined = saved
    ? {
        data: await digestUnlessPipe(flags.data),
        validation: flags.validation ? await digestUnlessPipe(flags.validation) : null,
      }
    : checkpointOut && { data: undefined, validation: flags.validation ? undefined : null };
  const refuseDifference = (run: RunFingerprint | undefined) => {
    const difference = saved && run && firstDifference(saved.run, run);
    if (difference) throw new UsageError(`--resume ${flags.resume}: ${difference}`);
  };
  if (saved && known) {
    // before any work, every difference but a pipe's bytes (taken as the checkpoint's until read)
    const digests = {
      data: known.data ?? saved.run.data,
      validation: known.validation === undefined ? saved.run.validation : known.validation,
    } as { data: string; validation: string | null };
    refuseDifference(await fingerprint({ ...parts, digests }));
    checkResumable(saved, flags, spec, loss);
  }
  const { backend } = selection;
  const float32 = backend.dtype === 'float32';
  const read = await readTrainingData(flags, spec, loss, float32, known, saved);
  const run = read.digests && (await fingerprint({ ...parts, digests: read.digests }));
  if (saved) {
    refuseDifference(run);
    checkCursor(saved, flags, read.data.count);
  }
  const { classes } = read;
  checkMemoryBudget({
    sizes: layerSizes(spec),
    batchSize: flags.batchSize === 'full' ? read.data.count : Math.min(flags.batchSize, read.data.count),
    examples: read.data.count + (read.validation?.count ?? 0),
    dtypeBytes: float32 ? 4 : 8,
    maxMemory: flags.maxMemory,
    what: flags.model,
  });
  using network = Network.fromModel(backend, saved ? saved.state.model : spec);
  // sizes checked here, before any scaling, so that the message names the file
  checkDataset(network, read.data, loss, showPath(flags.data));
  if (read.validation) checkDataset(network, read.validation, loss, showPath(flags.validation ?? flags.data));
  const transform = inputTransform(flags, spec, read.data, saved) ?? null;
  const data = transformDataset(transform ?? undefined, read.data);
  const validation = read.validation && transformDataset(transform ?? undefined, read.validation);
  const options: TrainerOptions = {
    loss,
    optimizer,
    lr: flags.lr,
    batchSize: flags.batchSize,
    epochs: flags.epochs,
    shuffle: flags.shuffle,
    seed: flags.seed,
    cache: flags.cache,
    plan,
    validation,
    earlyStopPatience: flags.earlyStop,
  };
  using trainer = saved
    ? Trainer.restore(network, data, options, saved.state)
    : new Trainer(network, data, options);
  const finish = (model: ModelSpec): ModelSpec => ({
    ...model,
    ...(classes && { classes }),
    ...(transform && { inputTransform: transform }),
    // how Z_L is read, from the loss (docs/contract.md); a values loss on a model with classes was refused above
    output: LOSSES[loss.kind].outputs,
  });
  const checkpoint = checkpointOut &&
    run && { output: checkpointOut, context: { run, classes, inputTransform: transform } };
  const ended = nothingLeft(saved, flags.epochs);
  if (ended) {
    // nothing to train: the checkpoint's weights are the run's result, written as the run would have
    await writeModelFile(out, finish(await trainer.result()));
    process.stdout.write(`wrote ${flags.out}: ${ended}; nothing left to train\n`);
    return;
  }
  const { result, stoppedEarly } = await runEpochs(flags, trainer, { logOut, checkpoint, saved });
  await writeModelFile(out, finish(await trainer.result()));
  const best = trainer.best;
  const bestText =
    best && flags.earlyStop !== undefined
      ? `; best epoch ${best.epoch + 1} (validation loss ${best.loss})${stoppedEarly ? ', stopped early' : ''}`
      : '';
  process.stdout.write(
    `wrote ${flags.out}: ${count(result.epochs, 'epoch')}, ${count(result.steps, 'step')}, last epoch's mean loss ${result.loss}${bestText}\n`,
  );
}
