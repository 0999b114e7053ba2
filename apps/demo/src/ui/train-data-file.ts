// The Train panel's "Load data…" control: a CSV or Parquet file from the file picker becomes the
// setup's points (logic/file-dataset.ts, read here in the page; the reader is loaded the first
// time a file is chosen, so the page does not carry it until then). A refusal is the reader's own
// one line, naming the file, the line and the column, and the setup stays as it was.

import type { FileDataset } from '../logic/file-dataset.js';
import { fileFailure, filePicker, h, messageLine, say } from './dom.js';

/** What the control asks of the panel. */
export interface DataFileEvents {
  /** trains on `file`'s points from now on (a new run) */
  load(file: FileDataset): void;
}

/** The button, the file picker and their message line. */
export class TrainDataFile {
  /** what the last load did, or why it could not */
  readonly message = messageLine('train-data-message');
  readonly #input = filePicker(
    { id: 'train-data-file', accept: '.csv,.parquet,text/csv', label: 'A CSV or Parquet data file' },
    (file) => void this.#chosen(file),
  );
  /** the button and its hidden picker, for the panel's controls row */
  readonly element = h(
    'span',
    {},
    h(
      'button',
      { id: 'train-load-data', type: 'button', class: 'secondary', onclick: () => this.#input.click() },
      'Load data…',
    ),
    this.#input,
  );

  constructor(readonly events: DataFileEvents) {}

  async #chosen(file: File): Promise<void> {
    this.#say(`Reading ${file.name}…`, false);
    try {
      const { readFileDataset } = await import('../logic/file-dataset.js');
      const points = await readFileDataset(file);
      this.events.load(points);
      const names = points.classNames ? ` (${points.classNames.join(', ')})` : '';
      this.#say(
        `Loaded ${file.name}: ${points.count} points, ${points.classes} classes${names}. Pick a dataset to go back to the toy data.`,
        false,
      );
    } catch (error) {
      this.#say(fileFailure(file.name, error), true);
    }
  }

  #say(text: string, error: boolean): void {
    say(this.message, text, error);
  }
}
