#!/usr/bin/env python3
"""Makes data/fashion-mnist-subset/ from the full Fashion-MNIST.

The full data set comes from Debian's package (apt-get install dataset-fashion-mnist), which
puts it in /usr/share/datasets/fashion-mnist. This script keeps the first TRAIN training and
the first TEST test samples, in the same gzip-compressed IDX format and under the same file
names. The output is byte-for-byte reproducible (the gzip header carries no time stamp).

Usage: python3 data/make_subset.py [SOURCE_DIR] [TARGET_DIR] [TRAIN] [TEST]
"""
import gzip
import os
import struct
import sys

SOURCE = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
TARGET = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "fashion-mnist-subset")
TRAIN = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
TEST = int(sys.argv[4]) if len(sys.argv) > 4 else 1000


def head(name, count):
    """Copies the first `count` items of one IDX file (unsigned bytes)."""
    with gzip.open(os.path.join(SOURCE, name), "rb") as f:
        data = f.read()
    zero, kind, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or kind != 0x08:
        sys.exit(f"{name}: not an IDX file of unsigned bytes")
    dims = list(struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank]))
    if count > dims[0]:
        sys.exit(f"{name}: has only {dims[0]} items, not {count}")
    item = 1
    for d in dims[1:]:
        item *= d
    body_start = 4 + 4 * rank
    body = data[body_start:body_start + count * item]
    dims[0] = count
    header = struct.pack(">HBB", 0, kind, rank) + struct.pack(">" + "I" * rank, *dims)
    out = os.path.join(TARGET, name)
    with open(out, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as z:
            z.write(header + body)
    print(f"{out}: {count} items of {dims[1:] or [1]}, {os.path.getsize(out)} bytes")


os.makedirs(TARGET, exist_ok=True)
head("train-images-idx3-ubyte.gz", TRAIN)
head("train-labels-idx1-ubyte.gz", TRAIN)
head("t10k-images-idx3-ubyte.gz", TEST)
head("t10k-labels-idx1-ubyte.gz", TEST)
