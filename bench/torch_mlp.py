#!/usr/bin/python3
"""The PyTorch side of the comparison: the model of bench/mlp.nn in PyTorch.

784-256-128-10, ReLU, softmax cross-entropy on logits, Adam(lr=1e-3); weights initialised as
nnc does (He normal for the ReLU layers, Xavier uniform for the softmax layer, zero biases).
Measures like nnc.bench.NncMlp: warm up for a third of the time (at least 1.5 s), then the
median of five timed slices. Prints one JSON line per measurement.

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
      /usr/bin/python3 bench/torch_mlp.py --threads 1 --batch 128 --seconds 3
  ... bench/torch_mlp.py --threads 1 --infer
  ... bench/torch_mlp.py --serve --threads 1 --batch 128 [--infer]

With --serve it sets up once and then measures on request, for bench/lockstep.py (the same
protocol as nnc.bench.NncMlp --serve): each line of standard input is a command and seconds
("warm S", "run S", "latency S", "quit"), each answered by one JSON line.
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def data():
    """Fashion-MNIST training images scaled to [0, 1] and labels; random ones if absent."""
    images = os.path.join(DATA, "train-images-idx3-ubyte.gz")
    labels = os.path.join(DATA, "train-labels-idx1-ubyte.gz")
    if os.path.exists(images) and os.path.exists(labels):
        with gzip.open(images) as f:
            x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)
        with gzip.open(labels) as f:
            y = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
        return (torch.from_numpy(x.astype(np.float32) / 255.0),
                torch.from_numpy(y.astype(np.int64)))
    g = torch.Generator().manual_seed(1)
    return torch.rand(60000, 784, generator=g), torch.randint(0, 10, (60000,), generator=g)


def model():
    m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                      nn.Linear(128, 10))
    for layer, relu in ((m[0], True), (m[2], True), (m[4], False)):
        if relu:
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
        else:
            nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
    return m


def measure(op, batch, seconds):
    """Samples per second of op (each call handles batch samples), as NncMlp.measure."""
    warm = time.perf_counter() + max(1.5, seconds / 3)
    while time.perf_counter() < warm:
        op()
    rates = []
    for _ in range(5):
        calls = 0
        start = time.perf_counter()
        end = start + seconds / 5
        while True:
            op()
            calls += 1
            now = time.perf_counter()
            if now >= end:
                break
        rates.append(calls * batch / (now - start))
    rates.sort()
    return rates[len(rates) // 2]


def training_step(x, y, batch):
    """One Adam step per call, on consecutive batches of the data (wrapping around)."""
    m = model()
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    rows = x.shape[0]
    cursor = [0]

    def step():
        start = cursor[0]
        if start + batch > rows:
            start = 0
        xb = x[start:start + batch]
        yb = y[start:start + batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(m(xb), yb)
        loss.backward()
        opt.step()
        cursor[0] = start + batch

    return step


def training(x, y, threads, batch, seconds):
    rate = measure(training_step(x, y, batch), batch, seconds)
    print(json.dumps({"impl": "torch", "mode": "train", "threads": threads, "batch": batch,
                      "samples_per_s": round(rate, 1), "torch": torch.__version__}))


def inference(x, threads, seconds):
    m = model().eval()
    xb = x[:1024].contiguous()
    one = x[:1].contiguous()
    with torch.inference_mode():
        throughput = measure(lambda: m(xb), 1024, seconds)
        per_second = measure(lambda: m(one), 1, seconds)
    print(json.dumps({"impl": "torch", "mode": "infer", "threads": threads,
                      "batch1024_samples_per_s": round(throughput, 1),
                      "batch1_latency_us": round(1e6 / per_second, 3),
                      "torch": torch.__version__}))


def time_slice(op, seconds):
    """Runs op for seconds: (calls, elapsed seconds)."""
    calls = 0
    start = time.perf_counter()
    end = start + seconds
    while True:
        op()
        calls += 1
        now = time.perf_counter()
        if now >= end:
            return calls, now - start


def serve(x, y, batch, infer):
    if infer:
        m = model().eval()
        xb = x[:1024].contiguous()
        op_batch = 1024

        def op():
            with torch.inference_mode():
                m(xb)
    else:
        op_batch = batch
        op = training_step(x, y, batch)
    one_model = model().eval()
    one = x[:1].contiguous()

    def predict():
        with torch.inference_mode():
            one_model(one)

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        f = line.split()
        if not f:
            continue
        if f[0] == "quit":
            break
        seconds = float(f[1]) if len(f) > 1 else 1.0
        if f[0] == "warm":
            time_slice(op, seconds)
            time_slice(predict, min(seconds, 0.5))
            reply = {"warm": True}
        elif f[0] == "run":
            calls, elapsed = time_slice(op, seconds)
            reply = {"samples_per_s": round(calls * op_batch / elapsed, 1)}
        elif f[0] == "latency":
            calls, elapsed = time_slice(predict, seconds)
            reply = {"latency_us": round(elapsed / calls * 1e6, 3)}
        else:
            reply = {"error": "unknown command " + f[0]}
        print(json.dumps(reply), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--infer", action="store_true")
    p.add_argument("--serve", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x, y = data()
    if a.serve:
        serve(x, y, a.batch, a.infer)
    elif a.infer:
        inference(x, a.threads, a.seconds)
    else:
        training(x, y, a.threads, a.batch, a.seconds)


if __name__ == "__main__":
    main()
