"""The `e2e` workload's Python peer (docs/benchmarks.md): numpy.loadtxt reads the CSV and
scikit-learn's MLPClassifier trains the network `deltaml train` trains in the same run (16-32-3,
ReLU, Adam lr 0.01, batch 256, one epoch, no L2), as a numpy user writes it. Prints one JSON object:
{"read_s": the loadtxt, "fit_s": the epoch}. Usage: python3 e2e_peer.py FILE.csv"""

import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

HIDDEN = 32
LEARNING_RATE = 0.01
BATCH_SIZE = 256


def main(path):
    started = time.perf_counter()
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    read = time.perf_counter() - started
    X, y = data[:, :-1], data[:, -1].astype(np.int64)
    model = MLPClassifier(
        hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", alpha=0.0,
        batch_size=BATCH_SIZE, learning_rate_init=LEARNING_RATE, max_iter=1, shuffle=True,
        random_state=1, beta_1=0.9, beta_2=0.999, epsilon=1e-8)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # one epoch is the point
        model.fit(X, y)
    fit = time.perf_counter() - started
    print(json.dumps({"read_s": read, "fit_s": fit}))


if __name__ == "__main__":
    main(sys.argv[1])
