#!/usr/bin/python3
"""Turns the JSON lines of bench/lockstep.py into the markdown tables and the goals.

Every ratio is the median over rounds of the ratio within a round (an nnc slice and the
PyTorch slice right next to it), with the lowest and highest round in brackets; the samples/s
columns are the medians of each side alone, for scale.

  bench/report.py RAW.jsonl HEADER.txt > latest.md
"""
import json
import statistics
import sys
from collections import defaultdict

TRAIN_GOALS = {32: 1.5, 128: 1.2, 1024: 1.0}
INFER_GOAL = 1.0
LATENCY_GOAL = 10.0
GEMM_SHARE_GOAL = 0.75


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def spread(xs):
    return f"({min(xs):.2f}–{max(xs):.2f})" if xs else ""


def near(x, goal, digits):
    """x with `digits` decimals, or one more where rounding would put it on the goal's other side
    (0.996 is 1.00 to two decimals, and misses a goal of 1.0)."""
    text = f"{x:.{digits}f}"
    if (float(text) >= goal) != (x >= goal):
        text = f"{x:.{digits + 1}f}"
    return text


def mark(ok):
    return "met" if ok else "**missed**"


def main():
    raw, header = sys.argv[1], sys.argv[2]
    rows = defaultdict(list)  # (kind, threads, batch) -> records
    with open(raw) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                rows[(r["kind"], r["threads"], r["batch"])].append(r)
    out = [open(header).read().rstrip(), ""]
    rounds = max((len(v) for v in rows.values()), default=0)
    out.append(f"{rounds} rounds; ratios are medians of the per-round ratios (lowest–highest "
               "round in brackets).")
    out.append("")
    out.append("### Training (samples/s)")
    out.append("")
    out.append("| threads | batch | nnc | PyTorch | nnc / PyTorch | goal | |")
    out.append("|---:|---:|---:|---:|---:|---:|---|")
    missed = []
    for threads in (1, 2):
        for batch in (32, 128, 1024):
            rs = rows[("train", threads, batch)]
            if not rs:
                continue
            ratios = [r["ratio"] for r in rs]
            ratio = med(ratios)
            goal = TRAIN_GOALS[batch]
            ok = ratio >= goal
            if not ok:
                missed.append(f"training, {threads} thread(s), batch {batch}: "
                              f"{near(ratio, goal, 2)}x, goal {goal}x")
            out.append(f"| {threads} | {batch} | {med([r['nnc'] for r in rs]):,.0f} | "
                       f"{med([r['torch'] for r in rs]):,.0f} | {near(ratio, goal, 2)}x {spread(ratios)} | "
                       f"≥ {goal}x | {mark(ok)} |")
    out.append("")
    out.append("### Inference")
    out.append("")
    out.append("| threads | batch 1024: nnc samples/s | PyTorch | nnc / PyTorch | goal | "
               "| batch 1: nnc latency µs | PyTorch µs | PyTorch / nnc | goal | |")
    out.append("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|")
    for threads in (1, 2):
        it = rows[("infer", threads, 1024)]
        lt = rows[("latency", threads, 1)]
        if not it or not lt:
            continue
        tr = [r["ratio"] for r in it]
        lr = [r["ratio"] for r in lt]
        ok_t = med(tr) >= INFER_GOAL
        ok_l = med(lr) >= LATENCY_GOAL
        if not ok_t:
            missed.append(f"inference batch 1024, {threads} thread(s): "
                          f"{near(med(tr), INFER_GOAL, 2)}x, goal 1.0x")
        if not ok_l:
            missed.append(f"batch-1 latency, {threads} thread(s): "
                          f"{near(med(lr), LATENCY_GOAL, 1)}x lower, "
                          f"goal {LATENCY_GOAL:.0f}x")
        out.append(f"| {threads} | {med([r['nnc'] for r in it]):,.0f} | "
                   f"{med([r['torch'] for r in it]):,.0f} | {near(med(tr), INFER_GOAL, 2)}x {spread(tr)} | ≥ 1.0x "
                   f"| {mark(ok_t)} | {med([r['nnc'] for r in lt]):.1f} | "
                   f"{med([r['torch'] for r in lt]):.1f} | {near(med(lr), LATENCY_GOAL, 1)}x {spread(lr)} | "
                   f"≥ {LATENCY_GOAL:.0f}x | {mark(ok_l)} |")
    out.append("")
    out.append("### GEMM inside training (nnc, 1 thread)")
    out.append("")
    out.append("Each round: a slice of training with every gemm call timed, then a slice of the "
               "FMA peak loop (10 independent chains of 256-bit FMAs) on the same JVM; the share "
               "is the median of the rounds' quotients.")
    out.append("")
    out.append("| batch | GEMM GFLOP/s | FMA peak GFLOP/s | GEMM / peak | GEMM share of step time "
               "| goal | |")
    out.append("|---:|---:|---:|---:|---:|---:|---|")
    for batch in (32, 128, 1024):
        rs = [r for r in rows[("train", 1, batch)] if "fma_peak_gflops" in r]
        if not rs:
            continue
        shares = [r["gemm_gflops"] / r["fma_peak_gflops"] for r in rs]
        share = med(shares)
        ok = share >= GEMM_SHARE_GOAL
        if not ok:
            missed.append(f"GEMM at batch {batch}: {share:.1%} of the FMA peak, goal 75%")
        out.append(f"| {batch} | {med([r['gemm_gflops'] for r in rs]):.1f} | "
                   f"{med([r['fma_peak_gflops'] for r in rs]):.1f} | {share:.1%} "
                   f"({min(shares):.0%}–{max(shares):.0%}) | "
                   f"{med([r['gemm_time_share'] for r in rs]):.0%} | ≥ 75% | {mark(ok)} |")
    out.append("")
    if missed:
        out.append("Goals missed: " + "; ".join(missed) + ".")
    else:
        out.append("All goals met.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
