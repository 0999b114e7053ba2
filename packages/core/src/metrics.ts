// The scores `deltaml eval` and Model.evaluate give beside the loss, accumulated one example at a
// time so that they need no more memory than the batch in hand: accuracy, macro-F1 and the
// confusion matrix for class labels; MAE, RMSE and R² for y targets (scikit-learn's definitions).

/** Scores of a classifier (CONTRACT.md's eval output). */
export interface ClassScores {
  readonly accuracy: number;
  /** the unweighted mean of the per-class F1 over the classes that occur as a label or a prediction */
  readonly macro_f1: number;
  /** confusion[true class][predicted class]: example counts */
  readonly confusion: number[][];
}

/** Counts of (true class, predicted class) pairs over K classes. */
export class ClassTally {
  readonly #confusion: number[][];
  #examples = 0;

  constructor(readonly classCount: number) {
    this.#confusion = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  }

  /** One example whose label is `truth` and whose prediction is `predicted`. */
  add(truth: number, predicted: number): void {
    this.#confusion[truth][predicted]++;
    this.#examples++;
  }

  /** Accuracy, macro-F1 (F1_k = 2·TP / (2·TP + FP + FN), as scikit-learn's f1_score(average='macro')) and the counts. */
  scores(): ClassScores {
    const K = this.classCount;
    const C = this.#confusion;
    let correct = 0;
    let f1Sum = 0;
    let occurring = 0;
    for (let k = 0; k < K; k++) {
      const tp = C[k][k];
      correct += tp;
      let labelled = 0; // TP + FN
      let predicted = 0; // TP + FP
      for (let j = 0; j < K; j++) {
        labelled += C[k][j];
        predicted += C[j][k];
      }
      if (labelled + predicted === 0) continue; // a class nobody has nor predicts is not scored
      occurring++;
      f1Sum += (2 * tp) / (labelled + predicted);
    }
    return {
      accuracy: correct / this.#examples,
      macro_f1: occurring === 0 ? 0 : f1Sum / occurring,
      confusion: C.map((row) => [...row]),
    };
  }
}

/** Scores of a regression (CONTRACT.md's eval output). */
export interface ValueScores {
  /** mean absolute error over every output of every example */
  readonly mae: number;
  /** root mean squared error over every output of every example */
  readonly rmse: number;
  /** 1 − SS_res / SS_tot per output, averaged over the outputs (scikit-learn's r2_score, uniform_average) */
  readonly r2: number;
}

/** Running sums for value targets of d outputs; target means by Welford's update, so SS_tot does not cancel. */
export class ValueTally {
  #examples = 0;
  #absolute = 0;
  #squares = 0;
  readonly #residual: Float64Array;
  readonly #mean: Float64Array;
  readonly #spread: Float64Array;

  constructor(readonly outputSize: number) {
    this.#residual = new Float64Array(outputSize);
    this.#mean = new Float64Array(outputSize);
    this.#spread = new Float64Array(outputSize);
  }

  /** Output j of one example: the network gave `z`, the target is `t`. Call for j = 0…d−1, then next(). */
  add(j: number, z: number, t: number): void {
    const error = z - t;
    this.#absolute += Math.abs(error);
    this.#squares += error * error;
    this.#residual[j] += error * error;
    const delta = t - this.#mean[j];
    this.#mean[j] += delta / (this.#examples + 1);
    this.#spread[j] += delta * (t - this.#mean[j]);
  }

  /** Ends the current example. */
  next(): void {
    this.#examples++;
  }

  /**
   * MAE, RMSE and R². An output whose targets are all equal scores R² 1 when predicted exactly
   * and 0 otherwise, as scikit-learn does; so does one whose targets' spread SS_tot is so small
   * (subnormal) that SS_res / SS_tot is not a finite number: R² is always finite.
   */
  scores(): ValueScores {
    const values = this.#examples * this.outputSize;
    let r2 = 0;
    for (let j = 0; j < this.outputSize; j++) {
      const total = this.#spread[j];
      const residual = this.#residual[j];
      const ratio = residual / total;
      r2 += total > 0 && Number.isFinite(ratio) ? 1 - ratio : residual === 0 ? 1 : 0;
    }
    return {
      mae: this.#absolute / values,
      rmse: Math.sqrt(this.#squares / values),
      r2: r2 / this.outputSize,
    };
  }
}
