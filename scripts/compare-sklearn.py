#!/usr/bin/env python3
"""Held-out accuracy of `deltaml train --optimizer adam --loss cross-entropy --standardize` with one
hidden layer of 64 ReLU units against scikit-learn's MLPClassifier with the same hidden layer,
optimizer, learning rate, batch size and epochs, on the train/test splits in packages/cli/examples
(written by scripts/make-real-data.py). Prints the Markdown table of docs/real-data.md.

    pip install scikit-learn
    pnpm install && pnpm build          # the deltaml bin, packages/cli/dist/bin.js
    python3 scripts/compare-sklearn.py [--seeds 5] [--epochs 100] [--batch-size 32]

Each side runs once per seed (deltaml: the seed of init's weights and of the shuffles; scikit-learn:
random_state); the table gives the mean and the standard deviation over the seeds. deltaml runs twice:
with the weights `deltaml init` draws (He-uniform before the ReLU layer, limit sqrt(6/d_0)), and with
that layer's draw scaled to scikit-learn's Glorot-uniform limit sqrt(6/(d_0 + d_1)), the only
difference between the two set-ups that this script can remove (scikit-learn also draws its biases
from the same range; deltaml starts them at 0)."""

import argparse
import json
import math
import os
import statistics
import subprocess
import tempfile
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
EXAMPLES = os.path.join(ROOT, "packages", "cli", "examples")
BIN = os.path.join(ROOT, "packages", "cli", "dist", "bin.js")
DATA_SETS = ["iris", "wine", "breast-cancer", "digits"]
HIDDEN = 64
LEARNING_RATE = 1e-3


def read_csv(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    label = header.index("label")
    X = np.array([[float(v) for i, v in enumerate(r) if i != label] for r in rows])
    return X, [r[label] for r in rows]


def sklearn_accuracy(name, seed, epochs, batch_size):
    X_train, y_train = read_csv(os.path.join(EXAMPLES, f"{name}-train.csv"))
    X_test, y_test = read_csv(os.path.join(EXAMPLES, f"{name}-test.csv"))
    model = make_pipeline(
        StandardScaler(),
        MLPClassifier(
            hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", alpha=0.0,
            batch_size=batch_size, learning_rate_init=LEARNING_RATE, max_iter=epochs,
            shuffle=True, random_state=seed, tol=0.0, n_iter_no_change=epochs + 1,
            beta_1=0.9, beta_2=0.999, epsilon=1e-8))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter is the epoch count we ask for
        model.fit(X_train, y_train)
    return model.score(X_test, y_test)


def deltaml(*args):
    run = subprocess.run(["node", BIN, *args], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"deltaml {' '.join(args)}: {run.stderr.strip()}")
    return run.stdout


def glorot_first_layer(path):
    """Scales the first layer's He-uniform draw to the Glorot-uniform range scikit-learn draws from."""
    with open(path) as f:
        model = json.load(f)
    W = model["layers"][0]["weights"]
    fan_in, fan_out = len(W[0]), len(W)
    ratio = math.sqrt(6 / (fan_in + fan_out)) / math.sqrt(6 / fan_in)
    model["layers"][0]["weights"] = [[w * ratio for w in row] for row in W]
    with open(path, "w") as f:
        json.dump(model, f)


def deltaml_accuracy(name, seed, epochs, batch_size, work, glorot):
    train = os.path.join(EXAMPLES, f"{name}-train.csv")
    X, labels = read_csv(train)
    d0, K = X.shape[1], len(set(labels))
    model, trained = os.path.join(work, "model.json"), os.path.join(work, "trained.json")
    deltaml("init", "--layers", f"{d0},{HIDDEN},{K}", "--activations", "relu,identity", "--bias",
            "--seed", str(seed), "--out", model)
    if glorot:
        glorot_first_layer(model)
    deltaml("train", "--model", model, "--data", train, "--out", trained, "--optimizer", "adam",
            "--loss", "cross-entropy", "--standardize", "--lr", str(LEARNING_RATE),
            "--epochs", str(epochs), "--batch-size", str(batch_size), "--seed", str(seed))
    report = json.loads(deltaml("eval", "--model", trained, "--data",
                                os.path.join(EXAMPLES, f"{name}-test.csv"), "--loss", "cross-entropy"))
    return report["accuracy"]


def summary(values):
    mean = 100 * statistics.mean(values)
    sd = 100 * statistics.stdev(values) if len(values) > 1 else 0.0
    return mean, f"{mean:.2f} ± {sd:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--data", nargs="*", default=DATA_SETS)
    args = parser.parse_args()
    print(f"{HIDDEN} hidden ReLU units, Adam lr {LEARNING_RATE}, batch {args.batch_size}, "
          f"{args.epochs} epochs, no weight decay, standardized inputs; "
          f"held-out accuracy in %, mean ± sd over seeds 0…{args.seeds - 1}\n")
    print("| data set | classes | train / test | scikit-learn MLPClassifier | deltaml, init's weights | difference (pp) "
          "| deltaml, Glorot-uniform first layer | difference (pp) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as work:
        for name in args.data:
            seeds = range(args.seeds)
            theirs = [sklearn_accuracy(name, s, args.epochs, args.batch_size) for s in seeds]
            ours = [deltaml_accuracy(name, s, args.epochs, args.batch_size, work, False) for s in seeds]
            glorot = [deltaml_accuracy(name, s, args.epochs, args.batch_size, work, True) for s in seeds]
            X_train, labels = read_csv(os.path.join(EXAMPLES, f"{name}-train.csv"))
            X_test, _ = read_csv(os.path.join(EXAMPLES, f"{name}-test.csv"))
            (m_theirs, s_theirs), (m_ours, s_ours), (m_glorot, s_glorot) = map(summary, (theirs, ours, glorot))
            print(f"| {name} | {len(set(labels))} | {len(X_train)} / {len(X_test)} | {s_theirs} | {s_ours} "
                  f"| {m_ours - m_theirs:+.2f} | {s_glorot} | {m_glorot - m_theirs:+.2f} |", flush=True)


if __name__ == "__main__":
    main()
