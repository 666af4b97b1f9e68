#!/usr/bin/env python3
"""Writes the breast-cancer and iris CSV files of data/ from the copies that Debian's
python3-sklearn package ships (sklearn/datasets/data), with a header row, and every fifth row
held out as the test file.

    apt-get install python3-sklearn     # or: apt-get download python3-sklearn && dpkg -x ...
    python3 data/make_sklearn_sets.py [SKLEARN_DATA_DIR]
"""
import csv
import os
import sys

DEFAULT = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
HERE = os.path.dirname(os.path.abspath(__file__))

MEASURES = ["radius", "texture", "perimeter", "area", "smoothness", "compactness",
            "concavity", "concave_points", "symmetry", "fractal_dimension"]
CANCER_COLUMNS = ([m + "_mean" for m in MEASURES] + [m + "_se" for m in MEASURES]
                  + [m + "_worst" for m in MEASURES] + ["benign"])
IRIS_COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]


def convert(source, columns, out_dir, name):
    with open(source, newline="") as f:
        rows = list(csv.reader(f))[1:]  # the first line holds counts and class names
    os.makedirs(out_dir, exist_ok=True)
    for part, keep in (("train", lambda i: i % 5 != 4), ("test", lambda i: i % 5 == 4)):
        path = os.path.join(out_dir, f"{name}_{part}.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(columns)
            w.writerows(r for i, r in enumerate(rows) if keep(i))
        print("wrote", path)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    convert(os.path.join(src, "breast_cancer.csv"), CANCER_COLUMNS,
            os.path.join(HERE, "breast_cancer"), "breast_cancer")
    convert(os.path.join(src, "iris.csv"), IRIS_COLUMNS, os.path.join(HERE, "iris"), "iris")


if __name__ == "__main__":
    main()
