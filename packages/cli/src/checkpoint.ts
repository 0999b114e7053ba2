// The checkpoint file of `train --checkpoint` / `--resume`: the whole Trainer state, plus what
// the run was started with (a fingerprint of the model file, the data, and every option that
// shapes the numbers), so that a resume continues exactly or is refused with one line naming the
// first difference. Reading a checkpoint checks its structure and names the field that is wrong.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  InputError,
  type InputTransform,
  ModelFileError,
  type ModelSpec,
  modelFromJSON,
  TRAINER_STATE_FORMAT,
  type TrainerState,
} from '@deltaml/core';
import { fileError, showPath } from '@deltaml/data/node';
import { readText } from './files.js';

/** The `format` of a checkpoint file. */
export const CHECKPOINT_FORMAT = 'deltaml/checkpoint@1';

/** What the run was started with; a resume must match every entry (epochs aside). */
export type RunFingerprint = Readonly<Record<string, string | number | boolean | null>>;

/** How a run ended: `finished` its epochs, `stopped early` (patience ran out), or null while it runs. */
export type RunEnd = 'finished' | 'stopped early' | null;

/** A checkpoint: the run's fingerprint, the trainer's state, and whether the run has ended. */
export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly run: RunFingerprint;
  readonly classes: readonly string[] | null;
  readonly inputTransform: InputTransform | null;
  readonly state: TrainerState;
  /** absent in files written before it was recorded: read as null */
  readonly ended: RunEnd;
}

/** The SHA-256 of a file's bytes, streamed (the data file may be large). */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (error) {
    throw fileError(path, 'read', error);
  }
  return hash.digest('hex');
}

/** The checkpoint as file text (JSON; numbers round-trip exactly). */
export function checkpointText(checkpoint: Checkpoint): string {
  return `${JSON.stringify(checkpoint)}\n`;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks a checkpoint file; every problem names the file and the field. */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  const where = showPath(path);
  const fail = (msg: string): never => {
    throw new InputError(`${where}: not a usable checkpoint: ${msg}`);
  };
  let value: unknown;
  try {
    const text = await readText(path, { kind: 'checkpoint' });
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    if (error instanceof SyntaxError) fail(`not valid JSON (${error.message})`);
    throw error;
  }
  if (!isRecord(value) || value.format !== CHECKPOINT_FORMAT) fail(`format must be "${CHECKPOINT_FORMAT}"`);
  const file = value as Json;
  if (!isRecord(file.run)) fail('run must be an object');
  for (const [key, v] of Object.entries(file.run as Json)) {
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v))
      fail(`run.${key} must be a plain value`);
  }
  const state = file.state;
  if (!isRecord(state) || state.format !== TRAINER_STATE_FORMAT)
    fail(`state.format must be "${TRAINER_STATE_FORMAT}"`);
  const s = state as Json;
  for (const key of ['epoch', 'steps', 'cursor', 'epochRandom', 'epochSteps', 'epochsSinceBest']) {
    if (!Number.isSafeInteger(s[key]) || (s[key] as number) < 0)
      fail(`state.${key} must be a whole number ≥ 0`);
  }
  for (const key of ['epochLossSum', 'lr']) {
    if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) fail(`state.${key} must be a finite number`);
  }
  if (s.batchSize !== 'full' && !(Number.isSafeInteger(s.batchSize) && (s.batchSize as number) >= 1)) {
    fail('state.batchSize must be a whole number ≥ 1 or "full"');
  }
  const model = checkedModel(s.model, `${where}: state.model`);
  const optimizer = s.optimizer;
  if (!isRecord(optimizer) || typeof optimizer.kind !== 'string' || !Number.isSafeInteger(optimizer.t)) {
    fail('state.optimizer must be {kind, t, slots}');
  }
  const slots = (optimizer as Json).slots;
  const finiteLists = (v: unknown): boolean =>
    Array.isArray(v) &&
    v.every((x) => (Array.isArray(x) ? finiteLists(x) : typeof x === 'number' && Number.isFinite(x)));
  if (!finiteLists(slots)) fail('state.optimizer.slots must be lists of finite numbers');
  let best: TrainerState['best'] = null;
  if (s.best !== null) {
    if (!isRecord(s.best) || !Number.isSafeInteger(s.best.epoch) || !Number.isFinite(s.best.loss)) {
      fail('state.best must be null or {epoch, loss, model}');
    }
    const b = s.best as Json;
    best = {
      epoch: b.epoch as number,
      loss: b.loss as number,
      model: checkedModel(b.model, `${where}: state.best.model`),
    };
  }
  const classes = file.classes ?? null;
  if (classes !== null && !(Array.isArray(classes) && classes.every((c) => typeof c === 'string'))) {
    fail('classes must be null or a list of names');
  }
  const ended = file.ended ?? null;
  if (ended !== null && ended !== 'finished' && ended !== 'stopped early') {
    fail('ended must be null, "finished" or "stopped early"');
  }
  const transform = file.inputTransform ?? null;
  if (transform !== null)
    checkedModel({ ...(model as object), inputTransform: transform }, `${where}: inputTransform`);
  return {
    format: CHECKPOINT_FORMAT,
    run: file.run as RunFingerprint,
    classes: classes as string[] | null,
    inputTransform: transform as InputTransform | null,
    state: { ...(s as unknown as TrainerState), model, best },
    ended: ended as RunEnd,
  };
}

/** A model spec inside a checkpoint, checked as a model file would be (a bad one is the checkpoint's InputError). */
function checkedModel(value: unknown, where: string): ModelSpec {
  if (!isRecord(value)) throw new InputError(`${where} must be a model`);
  const { layers, inputSize, classes, inputTransform } = value as Json;
  try {
    return modelFromJSON(
      { format: 'deltaml/mlp@1', inputSize, layers: serializedLayers(layers), classes, inputTransform },
      where,
    );
  } catch (error) {
    if (error instanceof ModelFileError) throw new InputError(error.message);
    throw error;
  }
}

/** Trainer models hold `activation` as `{kind, alpha?}`; the model-file reader wants the file's form. */
function serializedLayers(layers: unknown): unknown {
  if (!Array.isArray(layers)) return layers;
  return layers.map((layer) => {
    if (!isRecord(layer) || !isRecord(layer.activation)) return layer;
    const { activation, ...rest } = layer;
    const { kind, alpha } = activation as Json;
    return alpha === undefined ? { ...rest, activation: kind } : { ...rest, activation: kind, alpha };
  });
}

/** A fingerprint entry as the message shows it: text (digests, specs already in JSON) as it is, the rest as JSON. */
const showEntry = (value: RunFingerprint[string] | undefined) =>
  typeof value === 'string' ? value : JSON.stringify(value ?? null);

/** The first entry where `now` differs from the checkpoint's `saved` fingerprint, as one line; null if none. */
export function firstDifference(saved: RunFingerprint, now: RunFingerprint): string | null {
  for (const key of new Set([...Object.keys(saved), ...Object.keys(now)])) {
    if (saved[key] !== now[key]) {
      return `${key} differs: the checkpoint's run had ${showEntry(saved[key])}, this one has ${showEntry(now[key])}`;
    }
  }
  return null;
}
