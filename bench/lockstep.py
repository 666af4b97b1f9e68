#!/usr/bin/python3
"""Runs nnc and PyTorch in lockstep: both stay up, and short measurement slices alternate.

This machine's speed changes under us (a shared virtual machine: the same build measures 35 to
65 GFLOP/s from one minute to the next), so measuring nnc and then PyTorch in separate processes
seconds apart compares two machines. Here, for each configuration, one nnc process
(nnc.bench.NncMlp --serve) and one PyTorch process (bench/torch_mlp.py --serve) are set up and
warmed up; then each round measures a slice of one and right after it a slice of the other (the
order alternating between rounds), and the round's ratio is taken from that adjacent pair. The
rounds are shared among a few such pairs, started one after another (--processes), since a
process keeps its own luck for its whole life; on one thread both processes of a pair are pinned
to the same core (taskset), the pairs taking the cores in turn. The report gives the median of the rounds' ratios. The gemm's share of the FMA peak is measured the
same way: a slice of training with the gemm profiled, then a slice of the FMA peak loop in the
same JVM.

  bench/lockstep.py --java JAVA --jar JAR --python PYTHON [--rounds 7] [--seconds 1]
      [--processes 3] > raw.jsonl
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time


class Worker:
    """A --serve process: one JSON line per command."""

    def __init__(self, name, argv):
        self.name = name
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, bufsize=1)

    def ready(self):
        return self._reply()

    def ask(self, command):
        self.p.stdin.write(command + "\n")
        self.p.stdin.flush()
        return self._reply()

    def _reply(self):
        while True:
            line = self.p.stdout.readline()
            if not line:
                err = self.p.stderr.read()
                raise SystemExit(f"lockstep: {self.name} stopped: {err.strip()[-2000:]}")
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                if "error" in r:
                    raise SystemExit(f"lockstep: {self.name}: {r['error']}")
                return r

    def close(self):
        try:
            self.p.stdin.write("quit\n")
            self.p.stdin.flush()
        except BrokenPipeError:
            pass
        try:
            self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def emit(record):
    print(json.dumps(record), flush=True)
    log("  " + json.dumps(record))


def configuration(a, threads, batch, infer):
    """Measures one configuration: training at (threads, batch), or inference at threads.

    The rounds are shared among a.processes fresh pairs of processes, one after another: a
    process keeps what it drew at start (its JIT's compiled code, where its memory landed): two
    nnc processes of the very same build, interleaved like this, differed by 4 to 10 % in the
    median of their rounds here (four tries of 9 to 25 rounds), so one pair alone would carry
    such a bias into every round.
    """
    kind = "infer" if infer else "train"
    r = 0
    for pair in range(a.processes):
        rounds = (a.rounds * (pair + 1)) // a.processes - (a.rounds * pair) // a.processes
        if rounds > 0:
            r = pair_rounds(a, threads, batch, infer, kind, pair, r, rounds)


def pair_rounds(a, threads, batch, infer, kind, pair, r, rounds):
    """Starts one nnc and one PyTorch process and runs rounds r .. r+rounds-1 on them."""
    flag = ["--infer"] if infer else []
    # On one thread, both processes of a pair run on the same core, the pairs taking the cores
    # in turn: the two cores of this VM differ (the FMA peak measured 89 on one and 77-79 on
    # the other, minutes apart), and unpinned, nnc and PyTorch could sit on different ones.
    pin = []
    if threads == 1 and shutil.which("taskset") and os.cpu_count():
        pin = ["taskset", "-c", str(pair % os.cpu_count())]
    nnc = Worker("nnc", pin + [a.java, "--add-modules=jdk.incubator.vector", "-Xss8m",
                         "-Dnnc.kernels.profile=" + ("false" if infer else "true"),
                         "-cp", a.jar, "nnc.bench.NncMlp", "--serve", "--threads", str(threads),
                         "--batch", str(batch)] + flag)
    torch = Worker("torch", pin + [a.python, "bench/torch_mlp.py", "--serve", "--threads",
                             str(threads), "--batch", str(batch)] + flag)
    try:
        nnc.ready()
        torch.ready()
        # Pinned, the JIT compiles on the measured core: give it longer.
        nnc.ask(f"warm {max(4.0 if pin else 2.0, a.seconds)}")
        torch.ask(f"warm {max(1.0, a.seconds)}")
        for _ in range(rounds):
            order = (nnc, torch) if r % 2 == 0 else (torch, nnc)
            rec = {"kind": kind, "threads": threads, "batch": 1024 if infer else batch,
                   "round": r, "pair": pair}
            if pin:
                rec["cpu"] = int(pin[-1])
            for w in order:
                res = w.ask(f"run {a.seconds}")
                rec[w.name] = res["samples_per_s"]
                if w is nnc and "gemm_gflops" in res:
                    rec["gemm_gflops"] = res["gemm_gflops"]
                    rec["gemm_time_share"] = res["gemm_time_share"]
                    if threads == 1:
                        # Right after the profiled slice, on the same JVM and core.
                        rec["fma_peak_gflops"] = nnc.ask(
                            f"fma {a.seconds / 2}")["fma_peak_gflops"]
            rec["ratio"] = rec["nnc"] / rec["torch"]
            emit(rec)
            if infer:
                rec = {"kind": "latency", "threads": threads, "batch": 1, "round": r,
                       "pair": pair}
                if pin:
                    rec["cpu"] = int(pin[-1])
                for w in order:
                    rec[w.name] = w.ask(f"latency {a.seconds / 2}")["latency_us"]
                # Lower is better: how many times lower nnc's latency is.
                rec["ratio"] = rec["torch"] / rec["nnc"]
                emit(rec)
            r += 1
    finally:
        nnc.close()
        torch.close()
    return r


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--java", required=True)
    p.add_argument("--jar", required=True)
    p.add_argument("--python", default="/usr/bin/python3")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--processes", type=int, default=3,
                   help="fresh pairs of processes per configuration, the rounds shared among them")
    p.add_argument("--only", choices=["train", "infer"], help="one kind of measurement only")
    p.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    p.add_argument("--batches", default="32,128,1024", help="training batch sizes, comma-separated")
    a = p.parse_args()
    start = time.time()
    for threads in (int(t) for t in a.threads.split(",")):
        if a.only != "infer":
            for batch in (int(b) for b in a.batches.split(",")):
                log(f"lockstep: training, {threads} thread(s), batch {batch}")
                configuration(a, threads, batch, False)
        if a.only != "train":
            log(f"lockstep: inference, {threads} thread(s)")
            configuration(a, threads, 1024, True)
    log(f"lockstep: done in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
