#!/usr/bin/env python3
"""Writes the real-data examples of packages/cli/examples from the data sets that scikit-learn
ships (nothing is downloaded): iris (with class names), digits (10 classes), wine (3 classes) and
breast cancer (2 classes), each split 75/25 into train and test, stratified, with a fixed seed.

    pip install scikit-learn && python3 scripts/make-real-data.py [output-directory]

Columns: x1…xd are the features as the data set gives them (no scaling: `--standardize` does
that), `label` the class (a name for iris, a 0-based index for the others)."""

import os
import sys

from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.model_selection import train_test_split

SPLIT_SEED = 0
TEST_SHARE = 0.25


def write_csv(path, X, labels):
    with open(path, "w", newline="\n") as out:
        out.write(",".join([f"x{i + 1}" for i in range(X.shape[1])] + ["label"]) + "\n")
        for row, label in zip(X, labels):
            out.write(",".join([repr(float(v)).removesuffix(".0") for v in row] + [str(label)]) + "\n")


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "packages", "cli", "examples")
    sets = {
        "iris": load_iris(),
        "digits": load_digits(),
        "wine": load_wine(),
        "breast-cancer": load_breast_cancer(),
    }
    for name, bunch in sets.items():
        X, y = bunch.data, bunch.target
        labels = [bunch.target_names[k] for k in y] if name == "iris" else list(y)
        if name == "iris":
            write_csv(os.path.join(directory, "iris.csv"), X, labels)
        X_train, X_test, l_train, l_test = train_test_split(
            X, labels, test_size=TEST_SHARE, random_state=SPLIT_SEED, stratify=y)
        write_csv(os.path.join(directory, f"{name}-train.csv"), X_train, l_train)
        write_csv(os.path.join(directory, f"{name}-test.csv"), X_test, l_test)


if __name__ == "__main__":
    main()
