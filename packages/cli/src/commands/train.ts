// `deltaml train`: trains a model file on a data file with core's Trainer — any loss and
// optimizer of core's registries, a validation set (a file or a seeded, stratified split), early
// stopping, learning-rate schedules, per-epoch logs, checkpoints that resume exactly, and input
// standardisation stored in the model. Every output is checked before any work and written
// atomically; Ctrl-C or SIGTERM leaves --out as it was and the last complete checkpoint in place.

import {
  checkDataset,
  type Dataset,
  type EpochInfo,
  type LearningRatePlan,
  LOSSES,
  type LossSpec,
  layerSizes,
  type ModelSpec,
  Network,
  type OptimizerSpec,
  SCHEDULE_KINDS,
  type Schedule,
  splitDataset,
  standardizer,
  Trainer,
  type TrainerOptions,
  transformDataset,
} from '@deltaml/core';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  CHECKPOINT_FORMAT,
  type Checkpoint,
  checkpointText,
  fileDigest,
  firstDifference,
  type RunFingerprint,
  readCheckpoint,
} from '../checkpoint.js';
import { readDataset } from '../csv.js';
import { InterruptedError, UsageError } from '../failure.js';
import { showPath } from '../file-errors.js';
import { readModelFile, writeModelFile } from '../files.js';
import { byteSize, checkMemoryBudget } from '../memory-budget.js';
import {
  addBackendOption,
  addCacheOption,
  addFileOptions,
  addLossOptions,
  type CacheOptions,
  finiteNumber,
  lossFromFlags,
  type ProblemOptions,
  positiveWholeNumber,
  seed,
  wholeNumber,
} from '../options.js';
import { type PreparedOutput, prepareOutput } from '../output-file.js';
import { openBackend } from '../problem.js';
import { trainingProgress } from '../progress.js';
import { addOptimizerOptions, optimizerFromFlags, PARAMETER_OPTION_KEYS } from '../registry-options.js';

interface TrainFlags extends ProblemOptions, CacheOptions {
  readonly out: string;
  readonly lr: number;
  readonly epochs: number;
  readonly batchSize: number | 'full';
  readonly shuffle: boolean;
  readonly seed: number;
  readonly validation?: string;
  readonly validationSplit?: number;
  readonly log?: string;
  readonly earlyStop?: number;
  readonly lrSchedule: Schedule['kind'];
  readonly lrStepEvery?: number;
  readonly lrGamma?: number;
  readonly warmupEpochs: number;
  readonly checkpoint?: string;
  readonly resume?: string;
  readonly standardize: boolean;
  readonly maxMemory?: number;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function batchSize(text: string): number | 'full' {
  if (text === 'full') return 'full';
  try {
    return positiveWholeNumber(text);
  } catch {
    throw new InvalidArgumentError('expected a whole number ≥ 1 or "full".');
  }
}

function openFraction(text: string): number {
  const value = finiteNumber(text);
  if (!(value > 0 && value < 1))
    throw new InvalidArgumentError('expected a number between 0 and 1 (exclusive).');
  return value;
}

function gamma(text: string): number {
  const value = finiteNumber(text);
  if (!(value > 0 && value <= 1)) throw new InvalidArgumentError('expected a number in (0, 1].');
  return value;
}

/** Runs `work` with Ctrl-C and SIGTERM turned into an abort; the run stops after its current step. */
async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The schedule flags as core's plan, refusing flags of another schedule. */
function schedule(flags: TrainFlags): Schedule {
  if (flags.lrSchedule !== 'step' && (flags.lrStepEvery !== undefined || flags.lrGamma !== undefined)) {
    throw new UsageError(
      `--lr-step-every and --lr-gamma apply to --lr-schedule step, not ${flags.lrSchedule}`,
    );
  }
  switch (flags.lrSchedule) {
    case 'constant':
      return { kind: 'constant' };
    case 'cosine':
      return { kind: 'cosine' };
    case 'step':
      return { kind: 'step', every: flags.lrStepEvery ?? 10, gamma: flags.lrGamma ?? 0.1 };
  }
}

/** The flags that are not about the numbers: outputs, logs and limits, which may change on resume. */
const NOT_FINGERPRINTED = new Set(['out', 'log', 'checkpoint', 'resume', 'epochs', 'maxMemory']);

/**
 * Flags compared through what they build (the loss, optimizer and schedule specs), so that a
 * default given explicitly (`--beta1 0.9`) is the same run as the default left out.
 */
const IN_SPECS = new Set([...PARAMETER_OPTION_KEYS, 'lrSchedule', 'lrStepEvery', 'lrGamma', 'warmupEpochs']);

/** What a resume must match: digests of the model and data files, and every option that shapes the numbers. */
async function fingerprint(
  flags: TrainFlags,
  loss: LossSpec,
  optimizer: OptimizerSpec,
  plan: LearningRatePlan,
): Promise<RunFingerprint> {
  const run: Record<string, string | number | boolean | null> = {
    model: await fileDigest(flags.model),
    data: await fileDigest(flags.data),
    validation: flags.validation ? await fileDigest(flags.validation) : null,
    loss: JSON.stringify(loss),
    optimizer: JSON.stringify(optimizer),
    schedule: JSON.stringify(plan),
  };
  for (const [key, value] of Object.entries(flags)) {
    if (NOT_FINGERPRINTED.has(key) || IN_SPECS.has(key) || key in run || value === undefined) continue;
    if (['string', 'number', 'boolean'].includes(typeof value)) run[key] = value as string | number | boolean;
  }
  return run;
}

/** The training data, the validation data and the class names, as the files hold them (not yet scaled). */
async function readData(
  flags: TrainFlags,
  spec: ModelSpec,
  loss: LossSpec,
  float32: boolean,
  saved?: Checkpoint,
) {
  const outputSize = layerSizes(spec).at(-1) as number;
  const targets = LOSSES[loss.kind].targets;
  const known = saved?.classes ?? spec.classes;
  const file = await readDataset(flags.data, {
    targets,
    outputSize,
    classes: known,
    float32,
    exact: flags.standardize,
  });
  const classes = known ?? file.classes;
  const wanted = targets === 'binary' ? 2 : outputSize;
  if (!known && classes && classes.length !== wanted) {
    // the model file keeps one name per class: they must all appear in the training data
    throw new UsageError(
      `${flags.data}: its label column names ${classes.length} classes (${classes.join(', ')}), but the ${loss.kind} loss on this network needs ${wanted}`,
    );
  }
  let data: Dataset = file.dataset;
  let validation: Dataset | undefined;
  if (flags.validation) {
    const held = await readDataset(flags.validation, {
      targets,
      outputSize,
      classes: classes ?? undefined,
      float32,
      exact: flags.standardize,
    });
    if (!classes && held.classes) {
      throw new UsageError(
        `${flags.validation}: its labels are class names, but ${flags.data}'s are indices`,
      );
    }
    validation = held.dataset;
  } else if (flags.validationSplit !== undefined) {
    ({ train: data, validation } = splitDataset(
      data,
      flags.validationSplit,
      flags.seed,
      targets !== 'values',
    ));
  }
  return { data, validation, classes: classes ?? null };
}

/** The input scaling the model will apply: the checkpoint's, the model's, or measured on the training data. */
function inputTransform(flags: TrainFlags, spec: ModelSpec, data: Dataset, saved?: Checkpoint) {
  if (flags.standardize && spec.inputTransform) {
    throw new UsageError(
      `--standardize: ${flags.model} already has an inputTransform; train without --standardize`,
    );
  }
  return saved?.inputTransform ?? spec.inputTransform ?? (flags.standardize ? standardizer(data) : undefined);
}

/** A network's shape as one line: the sizes, then each layer's activation and whether it has a bias. */
function architecture(spec: ModelSpec): string {
  const layers = spec.layers.map(
    ({ activation: f, bias }) => `${f.kind}${'alpha' in f ? `(${f.alpha})` : ''}${bias ? '+bias' : ''}`,
  );
  return `${layerSizes(spec).join('-')} (${layers.join(', ')})`;
}

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

/** One JSON line per epoch for --log (CONTRACT.md). */
function logRecord(info: EpochInfo): string {
  const v = info.validation;
  const record = {
    epoch: info.epoch + 1,
    loss: info.loss,
    ...(v && { val_loss: v.loss }),
    ...(v?.accuracy !== undefined && { val_accuracy: v.accuracy }),
    ...(v?.rmse !== undefined && { val_rmse: v.rmse }),
    lr: info.lr,
    seconds: info.seconds,
  };
  return JSON.stringify(record);
}

export function trainCommand(): Command {
  const command = new Command('train').description(
    'train a model on a data file and write the trained model to --out (any loss and optimizer; validation, schedules, checkpoints)',
  );
  addFileOptions(command);
  command.requiredOption('--out <file>', 'where to write the trained model (written atomically)');
  addLossOptions(command);
  addOptimizerOptions(command);
  command
    .addOption(
      new Option('--lr <r>', 'learning rate (see the guide per loss below)')
        .argParser(finiteNumber)
        .default(0.1),
    )
    .addOption(
      new Option('--epochs <e>', 'passes over the data, counted from the start of the run')
        .argParser(positiveWholeNumber)
        .default(10),
    )
    .addOption(
      new Option('--batch-size <n>', 'examples per step, or "full" for the whole file')
        .argParser(batchSize)
        .default(32),
    )
    .option('--no-shuffle', 'keep the file order instead of reshuffling every epoch')
    .addOption(
      new Option('--seed <s>', 'seed of the shuffles and the validation split').argParser(seed).default(0),
    )
    .addOption(
      new Option('--validation <file>', 'held-out data file, scored after every epoch').conflicts(
        'validationSplit',
      ),
    )
    .addOption(
      new Option(
        '--validation-split <f>',
        'hold out this share of --data (seeded, stratified by class)',
      ).argParser(openFraction),
    )
    .addOption(
      new Option('--log <file.jsonl>', 'one JSON object per epoch (loss, val_loss, metric, lr, seconds)'),
    )
    .addOption(
      new Option(
        '--early-stop <patience>',
        'stop after this many epochs without a lower validation loss; --out gets the best epoch',
      ).argParser(positiveWholeNumber),
    )
    .addOption(
      new Option('--lr-schedule <kind>', 'learning-rate schedule')
        .choices(SCHEDULE_KINDS)
        .default('constant'),
    )
    .addOption(
      new Option(
        '--lr-step-every <k>',
        'step schedule: multiply by --lr-gamma every k epochs [10]',
      ).argParser(positiveWholeNumber),
    )
    .addOption(new Option('--lr-gamma <g>', 'step schedule: the factor, in (0, 1] [0.1]').argParser(gamma))
    .addOption(
      new Option('--warmup-epochs <w>', 'linear warm-up: epoch e < w runs at lr·(e+1)/w')
        .argParser(wholeNumber)
        .default(0),
    )
    .addOption(
      new Option('--checkpoint <file>', 'the whole training state, written atomically after every epoch'),
    )
    .addOption(new Option('--resume <file>', 'continue from a checkpoint (same model, data and options)'))
    .option(
      '--standardize',
      'scale inputs by per-feature mean/std of the training data, stored in the model',
      false,
    )
    .addOption(
      new Option(
        '--max-memory <bytes>',
        'memory the command may use, like 8G (default: RAM or heap limit)',
      ).argParser(byteSize),
    );
  addBackendOption(command);
  addCacheOption(command);
  return command
    .addHelpText(
      'after',
      `
Learning rates to start from, per loss:
${Object.entries(LOSSES)
  .map(([name, def]) => `  ${name.padEnd(21)} ${def.lrGuide}`)
  .join('\n')}
The hinge sums over the examples, so its scale grows with the batch; the others are means.

With the default optimizer (sgd) and --epochs 1 --batch-size full --no-shuffle it does exactly one step
W ← W − r·∂L/∂W on the whole file.

Example:
  deltaml train --model model.json --data train.csv --out trained.json --optimizer adam --lr 1e-3 \\
    --loss cross-entropy --standardize --validation-split 0.2 --early-stop 5 --epochs 100`,
    )
    .action(async (flags: TrainFlags) => {
      const loss = lossFromFlags(flags);
      const optimizer = optimizerFromFlags(flags);
      const plan: LearningRatePlan = { schedule: schedule(flags), warmupEpochs: flags.warmupEpochs };
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
      const run = await fingerprint(flags, loss, optimizer, plan);
      if (saved) {
        const difference = firstDifference(saved.run, run);
        if (difference) throw new UsageError(`--resume ${flags.resume}: ${difference}`);
      }
      const spec = await readModelFile(flags.model, { maxMemory: flags.maxMemory });
      if (saved && architecture(saved.state.model) !== architecture(spec)) {
        throw new UsageError(
          `--resume ${flags.resume}: it holds a ${architecture(saved.state.model)} network, but ${flags.model} is ${architecture(spec)}`,
        );
      }
      const selection = await openBackend(flags.backend);
      const { backend } = selection;
      const float32 = backend.dtype === 'float32';
      const read = await readData(flags, spec, loss, float32, saved);
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
      if (read.validation)
        checkDataset(network, read.validation, loss, showPath(flags.validation ?? flags.data));
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
      });
      const logLines: string[] = [];
      const progress = trainingProgress(flags.epochs);
      const onEpoch = async (info: EpochInfo) => {
        progress.onEpoch(info);
        if (logOut) {
          logLines.push(logRecord(info));
          await logOut.write(`${logLines.join('\n')}\n`);
        }
        if (checkpointOut) await writeCheckpoint(checkpointOut, run, classes, transform, trainer);
        return undefined;
      };
      const result = await withInterrupt(async (signal) => {
        try {
          return await trainer.run({ onStep: progress.onStep, onEpoch, signal });
        } finally {
          progress.stop();
        }
      });
      if (result.stopped && !result.earlyStopped) {
        const kept =
          checkpointOut && result.epochs > 0
            ? `; the checkpoint ${flags.checkpoint} holds epochs 1–${result.epochs}`
            : '';
        throw new InterruptedError(
          `interrupted during epoch ${result.epochs + 1} of ${flags.epochs}; ${flags.out} was left as it was${kept}`,
        );
      }
      await writeModelFile(out, finish(await trainer.result()));
      const best = trainer.best;
      const bestText =
        best && flags.earlyStop !== undefined
          ? `; best epoch ${best.epoch + 1} (validation loss ${best.loss})${result.earlyStopped ? ', stopped early' : ''}`
          : '';
      process.stdout.write(
        `wrote ${flags.out}: ${count(result.epochs, 'epoch')}, ${count(result.steps, 'step')}, last epoch's mean loss ${result.loss}${bestText}\n`,
      );
    });
}

async function writeCheckpoint(
  output: PreparedOutput,
  run: RunFingerprint,
  classes: readonly string[] | null,
  inputTransform: Checkpoint['inputTransform'],
  trainer: Trainer,
): Promise<void> {
  const checkpoint: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    run,
    classes,
    inputTransform,
    state: await trainer.saveState(),
  };
  await output.write(checkpointText(checkpoint));
}
