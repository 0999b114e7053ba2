"""Writes the Parquet fixtures of the CLI's reader tests (issue #21), each with its CSV copy.

packages/cli/test/fixtures/parquet/:
  classes.csv / classes-snappy.parquet  x1..x4 float64, a `note` column, class names in `label`;
                                        snappy, row groups of 7 rows (so a file has several)
  values.csv  / values-zstd.parquet     x1, x2 float64 (one float32 column would not round-trip
                                        through CSV text), y1 float64, int64 `x3`; zstd
  bad-zstd.parquet                      a null in x2 (row 2) and a NaN in x1 (row 3); zstd

apps/demo/e2e/fixtures/ (`demo` as the argument), the playground's data file checks:
  blobs.csv  / blobs-zstd.parquet       x1, x2 float64, class names in `label`: three Gaussian
                                        blobs, rows in random order; zstd, row groups of 50 rows

Run from the repository root: python3 scripts/make-parquet-fixtures.py [demo] (pyarrow 15 or newer).
Deterministic: the same files every time.
"""

import csv
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

OUT = Path(__file__).resolve().parent.parent / "packages" / "cli" / "test" / "fixtures" / "parquet"
rng = random.Random(21)


DEMO = Path(__file__).resolve().parent.parent / "apps" / "demo" / "e2e" / "fixtures"


def write(name: str, table: pa.Table, compression: str, row_group_size: int, out: Path = OUT) -> None:
    pq.write_table(table, out / name, compression=compression, row_group_size=row_group_size)


def write_csv(name: str, table: pa.Table, out: Path = OUT) -> None:
    with open(out / name, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(table.column_names)
        for row in zip(*(table.column(c).to_pylist() for c in table.column_names)):
            out.writerow(repr(v) if isinstance(v, float) else v for v in row)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    n = 30
    names = ["setosa", "versicolor", "virginica"]
    classes = pa.table(
        {
            "x1": [round(rng.gauss(0, 1), 6) for _ in range(n)],
            "note": [f"row {i}" for i in range(n)],
            "x2": [rng.gauss(5, 2) for _ in range(n)],
            "x3": [rng.uniform(-1e3, 1e3) for _ in range(n)],
            "x4": [rng.choice([0.5, -0.0, 1e-7, 3.25e10]) for _ in range(n)],
            "label": [names[i % 3] if i < 3 else rng.choice(names) for i in range(n)],
        }
    )
    write("classes-snappy.parquet", classes, "snappy", 7)
    write_csv("classes.csv", classes)

    m = 25
    values = pa.table(
        {
            "x1": [rng.gauss(0, 1) for _ in range(m)],
            "x2": [rng.gauss(0, 10) for _ in range(m)],
            "x3": pa.array([rng.randrange(-1000, 1000) for _ in range(m)], pa.int64()),
            "y1": [rng.gauss(2, 0.5) for _ in range(m)],
        }
    )
    write("values-zstd.parquet", values, "zstd", 10)
    write_csv("values.csv", values)

    bad = pa.table({"x1": [1.0, 2.0, float("nan")], "x2": [1.0, None, 3.0], "y1": [0.0, 1.0, 2.0]})
    write("bad-zstd.parquet", bad, "zstd", 10)


def main_demo() -> None:
    DEMO.mkdir(parents=True, exist_ok=True)
    blobs = random.Random(7)
    centres = {"north": (0.0, 0.8), "west": (-0.8, -0.5), "east": (0.8, -0.5)}
    labels = [blobs.choice(list(centres)) for _ in range(150)]
    table = pa.table(
        {
            "x1": [round(centres[c][0] + blobs.gauss(0, 0.25), 5) for c in labels],
            "x2": [round(centres[c][1] + blobs.gauss(0, 0.25), 5) for c in labels],
            "label": labels,
        }
    )
    write("blobs-zstd.parquet", table, "zstd", 50, DEMO)
    write_csv("blobs.csv", table, DEMO)


if __name__ == "__main__":
    import sys

    main_demo() if sys.argv[1:] == ["demo"] else main()
