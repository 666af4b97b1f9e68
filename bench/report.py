#!/usr/bin/python3
"""Turns the JSON lines of bench/run into the markdown table of medians and the goals.

  bench/report.py RAW.jsonl HEADER.txt > latest.md
"""
import json
import statistics
import sys
from collections import defaultdict

TRAIN_GOALS = {32: 1.5, 128: 1.2, 1024: 1.0}
LATENCY_GOAL = 10.0
GEMM_SHARE_GOAL = 0.75


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def mark(ok):
    return "met" if ok else "**missed**"


def main():
    raw, header = sys.argv[1], sys.argv[2]
    train = defaultdict(list)      # (impl, threads, batch) -> samples/s
    gemm = defaultdict(list)       # batch -> GFLOP/s (nnc, 1 thread)
    gemm_time = defaultdict(list)  # batch -> share of the step's time
    infer = defaultdict(list)      # (impl, threads, key) -> value
    peak = defaultdict(list)       # threads -> GFLOP/s
    with open(raw) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            if "fma_peak_gflops" in r:
                peak[r["threads"]].append(r["fma_peak_gflops"])
            elif r.get("mode") == "train":
                train[(r["impl"], r["threads"], r["batch"])].append(r["samples_per_s"])
                if r["impl"] == "nnc" and r["threads"] == 1 and "gemm_gflops" in r:
                    gemm[r["batch"]].append(r["gemm_gflops"])
                    gemm_time[r["batch"]].append(r["gemm_time_share"])
            elif r.get("mode") == "infer":
                for key in ("batch1024_samples_per_s", "batch1_latency_us"):
                    infer[(r["impl"], r["threads"], key)].append(r[key])
    out = [open(header).read().rstrip(), ""]
    rounds = max((len(v) for v in train.values()), default=0)
    out.append(f"Medians of {rounds} interleaved rounds.")
    out.append("")
    out.append("### Training (samples/s)")
    out.append("")
    out.append("| threads | batch | nnc | PyTorch | nnc / PyTorch | goal | |")
    out.append("|---:|---:|---:|---:|---:|---:|---|")
    missed = []
    for threads in (1, 2):
        for batch in (32, 128, 1024):
            n = med(train[("nnc", threads, batch)])
            t = med(train[("torch", threads, batch)])
            ratio = n / t
            goal = TRAIN_GOALS[batch]
            ok = ratio >= goal
            if not ok:
                missed.append(f"training, {threads} thread(s), batch {batch}: "
                              f"{ratio:.2f}x, goal {goal}x")
            out.append(f"| {threads} | {batch} | {n:,.0f} | {t:,.0f} | {ratio:.2f}x | "
                       f"≥ {goal}x | {mark(ok)} |")
    out.append("")
    out.append("### Inference")
    out.append("")
    out.append("| threads | batch 1024: nnc samples/s | PyTorch | ratio | goal | "
               "| batch 1: nnc latency µs | PyTorch µs | PyTorch / nnc | goal | |")
    out.append("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|")
    for threads in (1, 2):
        nt = med(infer[("nnc", threads, "batch1024_samples_per_s")])
        tt = med(infer[("torch", threads, "batch1024_samples_per_s")])
        nl = med(infer[("nnc", threads, "batch1_latency_us")])
        tl = med(infer[("torch", threads, "batch1_latency_us")])
        ok_t = nt >= tt
        ok_l = tl / nl >= LATENCY_GOAL
        if not ok_t:
            missed.append(f"inference batch 1024, {threads} thread(s): {nt / tt:.2f}x, goal 1.0x")
        if not ok_l:
            missed.append(f"batch-1 latency, {threads} thread(s): {tl / nl:.1f}x lower, "
                          f"goal {LATENCY_GOAL:.0f}x")
        out.append(f"| {threads} | {nt:,.0f} | {tt:,.0f} | {nt / tt:.2f}x | ≥ 1.0x | {mark(ok_t)} "
                   f"| {nl:.1f} | {tl:.1f} | {tl / nl:.1f}x | ≥ {LATENCY_GOAL:.0f}x | {mark(ok_l)} |")
    out.append("")
    p1 = med(peak[1])
    p2 = med(peak[2])
    out.append(f"### GEMM inside training (nnc, 1 thread)")
    out.append("")
    out.append(f"Measured FMA peak (12 chains of 256-bit FMAs on the JVM, best of 5, median over "
               f"rounds): {p1:.1f} GFLOP/s on 1 thread, {p2:.1f} on 2.")
    out.append("")
    out.append("| batch | GEMM GFLOP/s | share of FMA peak | GEMM share of step time | goal | |")
    out.append("|---:|---:|---:|---:|---:|---|")
    for batch in (32, 128, 1024):
        g = med(gemm[batch])
        share = g / p1
        ok = share >= GEMM_SHARE_GOAL
        if not ok:
            missed.append(f"GEMM at batch {batch}: {share:.0%} of the FMA peak, goal 75%")
        out.append(f"| {batch} | {g:.1f} | {share:.0%} | {med(gemm_time[batch]):.0%} | ≥ 75% "
                   f"| {mark(ok)} |")
    out.append("")
    if missed:
        out.append("Goals missed: " + "; ".join(missed) + ".")
    else:
        out.append("All goals met.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
