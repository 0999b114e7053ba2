// How `train` shows its progress: a cli-progress bar on stderr when it runs in a terminal (epoch,
// step, loss, samples/s, ETA), and one plain line per epoch on stdout otherwise (logs, CI, pipes).
// The bar hides the cursor; a cleanup shows it again however the process ends (SIGTERM included).

import type { EpochInfo, StepInfo } from '@deltaml/core';
import { Presets, SingleBar } from 'cli-progress';
import { onExit } from './exit-cleanup.js';

/** The terminal sequence that shows the cursor again (DECTCEM). */
const SHOW_CURSOR = '\u001b[?25h';

export interface TrainingProgress {
  onStep(info: StepInfo): undefined;
  onEpoch(info: EpochInfo): undefined;
  /** removes the bar's timer; safe to call more than once */
  stop(): void;
}

/** Shortest text that shows a loss to 6 significant digits. */
const showLoss = (loss: number) => String(Number(loss.toPrecision(6)));

/** `  val_loss 0.12  val_accuracy 0.953` after an epoch with validation data, else nothing. */
export function validationText({ validation: v, best }: EpochInfo): string {
  if (!v) return '';
  const metric =
    v.accuracy !== undefined
      ? `  val_accuracy ${v.accuracy.toFixed(4)}`
      : v.rmse !== undefined
        ? `  val_rmse ${showLoss(v.rmse)}`
        : '';
  return `  val_loss ${showLoss(v.loss)}${metric}${best ? ' *' : ''}`;
}

/** Examples per second, or `-` before any time could be measured. */
const showRate = (examples: number, seconds: number) =>
  seconds > 0 ? String(Math.round(examples / seconds)) : '-';

/** A bar that redraws as steps finish. */
function progressBar(epochs: number): TrainingProgress {
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format:
        'epoch {epoch}/{epochs} {bar} step {step}/{steps} | loss {loss} | {rate} samples/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const started = performance.now();
  let examples = 0;
  let value = 0;
  let running = false;
  let forgetCursor = () => {};
  return {
    onStep({ epoch, step, stepsPerEpoch, loss, examples: batch }) {
      examples += batch;
      value++;
      const seconds = (performance.now() - started) / 1000;
      const payload = {
        epoch: epoch + 1,
        epochs,
        step: step + 1,
        steps: stepsPerEpoch,
        loss: showLoss(loss),
        rate: showRate(examples, seconds),
      };
      if (!running) {
        forgetCursor = onExit(() => process.stderr.write(SHOW_CURSOR));
        bar.start(epochs * stepsPerEpoch, value, payload);
        running = true;
      } else bar.update(value, payload);
      return undefined;
    },
    onEpoch: () => undefined,
    stop() {
      if (running) bar.stop();
      running = false;
      forgetCursor();
    },
  };
}

/** One line per epoch: `epoch 3/10  loss 0.0123  steps 4  samples/s 51234  0.01 s`. */
function plainLines(): TrainingProgress {
  let examples = 0;
  return {
    onStep({ examples: batch }) {
      examples += batch;
      return undefined;
    },
    onEpoch(info) {
      const { epoch, epochs, loss, steps, seconds } = info;
      const rate = showRate(examples, seconds);
      process.stdout.write(
        `epoch ${epoch + 1}/${epochs}  loss ${showLoss(loss)}${validationText(info)}  lr ${Number(info.lr.toPrecision(4))}  steps ${steps}  samples/s ${rate}  ${seconds.toFixed(2)} s\n`,
      );
      examples = 0;
      return undefined;
    },
    stop: () => undefined,
  };
}

/** The bar when both stdout and stderr are terminals, plain lines otherwise. */
export function trainingProgress(epochs: number): TrainingProgress {
  const interactive = process.stdout.isTTY === true && process.stderr.isTTY === true;
  return interactive ? progressBar(epochs) : plainLines();
}
