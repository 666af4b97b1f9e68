#!/usr/bin/env python3
"""Makes data/diabetes/diabetes.csv from the copy of the diabetes data set in scikit-learn.

Debian's python3-sklearn ships it as two gzip files of whitespace-separated numbers:
sklearn/datasets/data/diabetes_data_raw.csv.gz (442 rows of 10 unscaled features) and
diabetes_target.csv.gz (the 442 targets). This script joins them into one CSV with a header.

Usage: python3 data/make_diabetes.py [SKLEARN_DATA_DIR]
  (default: /usr/lib/python3/dist-packages/sklearn/datasets/data, where
   `apt-get install python3-sklearn` puts them)
"""
import gzip
import os
import sys

SOURCE = sys.argv[1] if len(sys.argv) > 1 else \
    "/usr/lib/python3/dist-packages/sklearn/datasets/data"
TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "diabetes", "diabetes.csv")
COLUMNS = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"]


def rows(name):
    with gzip.open(os.path.join(SOURCE, name), "rt") as f:
        return [line.split() for line in f if line.strip()]


def number(text):
    """Writes whole numbers without a fraction, others as they were written."""
    value = float(text)
    return str(int(value)) if value == int(value) else text


features = rows("diabetes_data_raw.csv.gz")
targets = rows("diabetes_target.csv.gz")
if len(features) != len(targets) or any(len(r) != 10 for r in features):
    sys.exit("unexpected shape of the diabetes files")
with open(TARGET, "w") as out:
    out.write(",".join(COLUMNS) + "\n")
    for x, y in zip(features, targets):
        out.write(",".join(number(v) for v in x + y) + "\n")
print(f"{TARGET}: {len(features)} rows")
